package storage_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// reformHistory: a district's commune, then the commune formed on 1 July
// 2025 that replaces it, recorded on 20 June; a petition routed to the old
// commune before. A department is ended by unit_until.
const reformHistory = `{"op":"unit","ref":"huyen","name":"UBND huyện Tuy Phước","kind":"own","level":"district","valid_until":"2025-06-30"}
{"op":"unit","ref":"tp","name":"Phòng Tư pháp","kind":"department","parent":"huyen"}
{"op":"unit","ref":"xa-cu","name":"UBND xã Phước Hòa","kind":"lower","parent":"huyen"}
{"op":"petition","ref":"P-1","received_at":"2025-06-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Văn A"},"summary":"Khiếu nại thu hồi đất"}
{"op":"classify","petition":"P-1","at":"2025-06-03T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-1","at":"2025-06-04T08:00:00+07:00","to":"lower","unit":"xa-cu","method":"transfer"}
{"op":"unit","ref":"xa-moi","name":"UBND xã Tuy Phước","kind":"lower","level":"commune","valid_from":"2025-07-01","replaces":["xa-cu"]}
{"op":"unit_until","unit":"tp","until":"2025-06-30"}
`

// classified returns the lines that record petition ref, received and
// classified a complaint on day.
func classified(ref, day string) string {
	return `{"op":"petition","ref":"` + ref + `","received_at":"` + day + `T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Thị B"},"summary":"Khiếu nại"}
{"op":"classify","petition":"` + ref + `","at":"` + day + `T09:00:00+07:00","type":"complaint","field":"land","eligible":true}`
}

// TestRoutesFollowTheUnitsEnds: a successor's valid_from ends the unit it
// replaces the day before, unit_until ends a department: a route on the
// last day is recorded, one on the next day is refused in both languages
// and writes nothing, and the petition routed before stays with the old
// unit. Opened again (the cache gone), the store judges the same, and
// verify agrees with what was recorded.
func TestRoutesFollowTheUnitsEnds(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := storage.Open(ctx, path, workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, cases.Zone)
	try := func(db *storage.DB, line string) (cases.Result, error) {
		return db.Exec(ctx, command(t, line), cases.Meta{Now: now, User: "tester"})
	}
	must := func(db *storage.DB, history string) {
		t.Helper()
		for _, line := range strings.Split(strings.TrimSpace(history), "\n") {
			if _, err := try(db, line); err != nil {
				t.Fatalf("%s: %v", line, err)
			}
		}
	}
	must(db, reformHistory)
	must(db, classified("P-2", "2025-06-10")+"\n"+classified("P-3", "2025-06-10")+"\n"+
		classified("P-4", "2025-06-10")+"\n"+classified("P-5", "2025-06-10"))
	route := func(ref, unit, to, day string) string {
		return `{"op":"route","petition":"` + ref + `","at":"` + day + `T10:00:00+07:00","to":"` + to + `","unit":"` + unit + `","method":"transfer"}`
	}
	for _, step := range []struct {
		line, vi string
	}{
		{route("P-2", "xa-cu", "lower", "2025-06-30"), ""},
		{route("P-3", "xa-cu", "lower", "2025-07-01"), "UBND xã Phước Hòa không còn tồn tại từ 01/07/2025"},
		{route("P-3", "xa-moi", "lower", "2025-06-30"), "UBND xã Tuy Phước chỉ có từ ngày 01/07/2025"},
		{route("P-3", "xa-moi", "lower", "2025-07-01"), ""},
		{route("P-4", "tp", "own", "2025-06-30"), ""},
		{route("P-5", "tp", "own", "2025-07-01"), "Phòng Tư pháp không còn tồn tại từ 01/07/2025"},
	} {
		for _, reopened := range []bool{false, true} {
			if reopened {
				if step.vi == "" {
					continue
				}
				// Another process: the cache of units is not there.
				other, err := storage.Open(ctx, path, workflow.Decide)
				if err != nil {
					t.Fatal(err)
				}
				db.Close()
				db = other
			}
			before, _ := db.LastSeq(ctx)
			_, err := try(db, step.line)
			after, _ := db.LastSeq(ctx)
			if step.vi == "" {
				if err != nil {
					t.Fatalf("%s: %v", step.line, err)
				}
				continue
			}
			var ce *cases.Error
			if !asError(err, &ce) || ce.Code != cases.EInvalid || ce.Field != "unit" || !strings.Contains(ce.MessageVI, step.vi) {
				t.Errorf("%s (reopened %v): %v (%q), want refused: %s", step.line, reopened, err, messageVI(ce), step.vi)
			}
			if after != before {
				t.Errorf("%s: refused, but %d events written", step.line, after-before)
			}
		}
	}
	defer db.Close()
	for ref, unit := range map[string]string{"P-1": "xa-cu", "P-2": "xa-cu", "P-3": "xa-moi", "P-4": "tp"} {
		p, err := db.Petition(ctx, ref)
		if err != nil || p.Unit != unit || (p.State != cases.RoutedLower && p.State != cases.RoutedOwn) {
			t.Errorf("%s: %+v, %v, want routed to %s", ref, p, err, unit)
		}
	}
	if p, err := db.Petition(ctx, "P-5"); err != nil || p.State != cases.Classified {
		t.Errorf("P-5 after its route was refused: %+v, %v", p, err)
	}
	ver, err := db.Verify(ctx)
	if err != nil || !ver.OK() {
		t.Errorf("verify: %+v, %v", ver, err)
	}
}

// TestOldHistoryIsNotCheckedByDate: units recorded without level or dates
// take routes at any date, before and after the reform, as before.
func TestOldHistoryIsNotCheckedByDate(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "t.db"), workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, cases.Zone)
	history := `{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own"}
{"op":"unit","ref":"xa","name":"UBND xã Phước Hòa","kind":"lower","parent":"own"}
` + classified("P-1", "2023-03-01") + "\n" + classified("P-2", "2026-03-01") + `
{"op":"route","petition":"P-1","at":"2023-03-02T10:00:00+07:00","to":"lower","unit":"xa","method":"transfer"}
{"op":"route","petition":"P-2","at":"2026-03-02T10:00:00+07:00","to":"lower","unit":"xa","method":"transfer"}`
	for _, line := range strings.Split(history, "\n") {
		if _, err := db.Exec(ctx, command(t, line), cases.Meta{Now: now, User: "tester"}); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
}

func asError(err error, target **cases.Error) bool { return errors.As(err, target) }

func messageVI(e *cases.Error) string {
	if e == nil {
		return ""
	}
	return e.MessageVI
}
