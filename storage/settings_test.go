package storage

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// TestCalendarEditsAreAppendOnly records edits and reads them back in order
// with who and when; rows can be neither changed nor removed, and the
// version moves with every edit.
func TestCalendarEditsAreAppendOnly(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	if cv, pv, err := db.SettingsVersion(ctx); err != nil || cv != 0 || pv != 0 {
		t.Fatalf("an empty store's version: %d %d %v", cv, pv, err)
	}
	edits, err := db.AddCalendarEdits(ctx, []cases.CalendarEdit{
		{Date: cases.NewDate(2027, 2, 5), Kind: "off", Name: " Nghỉ Tết Nguyên đán ", Source: "Thông báo (thử)", RecordedAt: now, RecordedBy: "quantri"},
		{Date: cases.NewDate(2027, 2, 6), Kind: "off", Name: "Nghỉ Tết Nguyên đán", Source: "Thông báo (thử)", RecordedAt: now, RecordedBy: "quantri"},
	})
	if err != nil || len(edits) != 2 || edits[0].Seq == 0 || edits[1].Seq <= edits[0].Seq {
		t.Fatalf("AddCalendarEdits = %+v, %v", edits, err)
	}
	got, err := db.CalendarEdits(ctx)
	if err != nil || len(got) != 2 || got[0].Name != "Nghỉ Tết Nguyên đán" || got[0].RecordedBy != "quantri" ||
		!got[0].RecordedAt.Equal(now) || got[1].Date != cases.NewDate(2027, 2, 6) {
		t.Fatalf("CalendarEdits = %+v, %v", got, err)
	}
	if cv, _, _ := db.SettingsVersion(ctx); cv != edits[1].Seq {
		t.Errorf("the calendar's version is %d, want %d", cv, edits[1].Seq)
	}
	for _, q := range []string{`UPDATE calendar_edits SET kind = 'working'`, `DELETE FROM calendar_edits`} {
		if _, err := db.write.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want refused as append-only", q, err)
		}
	}
	if n := count(t, db, "calendar_edits"); n != 2 {
		t.Errorf("%d calendar edits after an attempted delete, want 2", n)
	}
	// A bad kind or a missing author writes nothing.
	if _, err := db.AddCalendarEdits(ctx, []cases.CalendarEdit{
		{Date: cases.NewDate(2027, 2, 7), Kind: "off", Name: "Nghỉ", Source: "x", RecordedAt: now, RecordedBy: "quantri"},
		{Date: cases.NewDate(2027, 2, 8), Kind: "holiday", Name: "Nghỉ", Source: "x", RecordedAt: now, RecordedBy: "quantri"},
	}); err == nil {
		t.Errorf("an edit of kind holiday was accepted")
	}
	if _, err := db.AddCalendarEdits(ctx, []cases.CalendarEdit{{Date: cases.NewDate(2027, 2, 7), Kind: "off", Name: "Nghỉ", Source: "x", RecordedAt: now}}); err == nil {
		t.Errorf("an edit without its author was accepted")
	}
	if n := count(t, db, "calendar_edits"); n != 2 {
		t.Errorf("%d calendar edits after refused ones, want 2", n)
	}
}

// TestReceptionPlansRefuseAStaleVersion: a plan saved on the version it was
// edited from is recorded; one saved on an older version is a conflict, so
// that two administrators do not lose each other's change. Plans can be
// neither changed nor removed.
func TestReceptionPlansRefuseAStaleVersion(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	first, err := db.AddReceptionPlan(ctx, cases.ReceptionEdit{Plan: `{"version":1}`, Note: "Từ ngày 01/12/2026: ngày 10 hằng tháng", RecordedAt: now, RecordedBy: "quantri"}, 0)
	if err != nil || first.Seq == 0 {
		t.Fatalf("the first plan: %+v %v", first, err)
	}
	if _, err := db.AddReceptionPlan(ctx, cases.ReceptionEdit{Plan: `{"version":1}`, Note: "khác", RecordedAt: now, RecordedBy: "quantri2"}, 0); cases.ErrorCode(err) != cases.EConflict {
		t.Errorf("a plan saved on a stale version: %v, want a conflict", err)
	}
	second, err := db.AddReceptionPlan(ctx, cases.ReceptionEdit{Plan: `{"version":1}`, Note: "tiếp", RecordedAt: now, RecordedBy: "quantri2"}, first.Seq)
	if err != nil {
		t.Fatal(err)
	}
	plans, err := db.ReceptionEdits(ctx)
	if err != nil || len(plans) != 2 || plans[1].Seq != second.Seq || plans[1].RecordedBy != "quantri2" || !plans[0].RecordedAt.Equal(now) {
		t.Fatalf("ReceptionEdits = %+v, %v", plans, err)
	}
	if _, pv, _ := db.SettingsVersion(ctx); pv != second.Seq {
		t.Errorf("the plan's version is %d, want %d", pv, second.Seq)
	}
	for _, q := range []string{`UPDATE reception_plans SET note = 'x'`, `DELETE FROM reception_plans`} {
		if _, err := db.write.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want refused as append-only", q, err)
		}
	}
}

// TestUnitsInForceComeFirst: a unit recorded again under a new ref that
// replaces the old one; the records say who and when, and the committee's
// current unit comes first, so that the report's text names it.
func TestUnitsInForceComeFirst(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	exec(t, db, `{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own"}`)
	exec(t, db, `{"op":"unit","ref":"xa1","name":"UBND xã Phước Hòa","kind":"lower","parent":"own"}`)
	exec(t, db, `{"op":"unit","ref":"own-2026","name":"UBND xã Tuy Phước","kind":"own","replaces":["own"]}`)
	exec(t, db, `{"op":"unit","ref":"xa1-2026","name":"UBND xã An Hòa","kind":"lower","parent":"own-2026","replaces":["xa1"]}`)
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, u := range units {
		refs = append(refs, u.Ref)
	}
	// By name alone "UBND huyện" comes before "UBND xã": the one in force wins.
	if want := []string{"own-2026", "own", "xa1-2026", "xa1"}; !slices.Equal(refs, want) {
		t.Errorf("Units = %v, want %v", refs, want)
	}
	recs, err := db.UnitRecords(ctx)
	if err != nil || len(recs) != 4 {
		t.Fatalf("UnitRecords = %+v, %v", recs, err)
	}
	r := recs[3]
	if r.Ref != "xa1-2026" || !slices.Equal(r.Replaces, []string{"xa1"}) || r.RecordedBy != "tester" || !r.RecordedAt.Equal(now) || r.Seq != 4 {
		t.Errorf("the record of xa1-2026: %+v", r)
	}
	if len(recs[0].Replaces) != 0 {
		t.Errorf("own replaces %v", recs[0].Replaces)
	}
	// A unit is never changed: the same ref with other content is refused.
	_, err = db.Exec(ctx, cmd(t, `{"op":"unit","ref":"xa1","name":"UBND xã Phước Hòa (mới)","kind":"lower","parent":"own"}`), cases.Meta{Now: now, User: "tester"})
	if cases.ErrorCode(err) != cases.EConflict {
		t.Errorf("a unit changed under its ref: %v", err)
	}
	if ver, err := db.Verify(ctx); err != nil || !ver.OK() {
		t.Errorf("verify: %+v %v", ver, err)
	}
}
