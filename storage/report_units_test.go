package storage_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/storage/storetest"
	"github.com/tiepdan/tiepdan/workflow"
)

// The report reads each unit's level and the dates it is in force, its end
// included when a unit_until set it, so that the text names the
// units in force at the end of the period.
func TestReportStoreUnitsCarryLevelAndDates(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "t.db"), workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, line := range []string{
		`{"op":"unit","ref":"huyen","name":"UBND huyện Tuy Phước","kind":"own","level":"district","valid_from":"1976-01-01","valid_until":"2025-06-30"}`,
		`{"op":"unit","ref":"xa-pl","name":"UBND xã Phước Lộc","kind":"lower","parent":"huyen","level":"commune"}`,
		`{"op":"unit","ref":"xa","name":"UBND xã Tuy Phước","kind":"own","level":"commune","valid_from":"2025-07-01","replaces":["huyen"]}`,
		`{"op":"unit_until","unit":"xa-pl","until":"2025-06-30","reason":"sắp xếp đơn vị hành chính"}`,
	} {
		c, err := cases.DecodeCommand([]byte(line))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, c, cases.Meta{Now: storetest.Now, User: "admin"}); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	var got []report.Unit
	err = db.ReportStore(ctx, func(s report.Store) error {
		var err error
		got, err = s.Units(ctx)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	d := cases.NewDate
	want := map[string]cases.Unit{
		"huyen": {Level: cases.District, ValidFrom: d(1976, 1, 1), ValidUntil: d(2025, 6, 30)},
		"xa-pl": {Level: cases.Commune, ValidUntil: d(2025, 6, 30)},
		"xa":    {Level: cases.Commune, ValidFrom: d(2025, 7, 1)},
	}
	if len(got) != len(want) {
		t.Fatalf("units %+v", got)
	}
	for _, u := range got {
		w := want[u.Ref]
		if u.Level != w.Level || u.ValidFrom != w.ValidFrom || u.ValidUntil != w.ValidUntil || u.RecordedAt == 0 {
			t.Errorf("%s: %s %s–%s at %d, want %s %s–%s", u.Ref, u.Level, u.ValidFrom, u.ValidUntil, u.RecordedAt,
				w.Level, w.ValidFrom, w.ValidUntil)
		}
	}
}
