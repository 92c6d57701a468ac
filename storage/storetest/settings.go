package storetest

import (
	"slices"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// Calendar edits read back in order with who and when; a refused edit
// writes none of its batch; rows can be neither changed nor removed; the
// version moves with every edit.
func testCalendarEdits(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	ctx, s := e.ctx, e.s
	if cv, pv, err := s.SettingsVersion(ctx); err != nil || cv != 0 || pv != 0 {
		t.Fatalf("an empty store's version: %d %d %v", cv, pv, err)
	}
	edits, err := s.AddCalendarEdits(ctx, []cases.CalendarEdit{
		{Date: cases.NewDate(2027, 2, 5), Kind: "off", Name: " Nghỉ Tết Nguyên đán ", Source: "Thông báo (thử)", RecordedAt: Now, RecordedBy: "quantri"},
		{Date: cases.NewDate(2027, 2, 6), Kind: "off", Name: "Nghỉ Tết Nguyên đán", Source: "Thông báo (thử)", RecordedAt: Now, RecordedBy: "quantri"},
	})
	if err != nil || len(edits) != 2 || edits[0].Seq == 0 || edits[1].Seq <= edits[0].Seq {
		t.Fatalf("AddCalendarEdits = %+v, %v", edits, err)
	}
	got, err := s.CalendarEdits(ctx)
	if err != nil || len(got) != 2 || got[0].Name != "Nghỉ Tết Nguyên đán" || got[0].RecordedBy != "quantri" ||
		!got[0].RecordedAt.Equal(Now) || got[1].Date != cases.NewDate(2027, 2, 6) {
		t.Fatalf("CalendarEdits = %+v, %v", got, err)
	}
	if cv, _, _ := s.SettingsVersion(ctx); cv != edits[1].Seq {
		t.Errorf("the calendar's version is %d, want %d", cv, edits[1].Seq)
	}
	for _, q := range []string{`UPDATE calendar_edits SET kind = 'working'`, `DELETE FROM calendar_edits`} {
		if _, err := e.raw.ExecContext(ctx, q); err == nil {
			t.Errorf("%s: not refused", q)
		}
	}
	// A bad kind or a missing author writes nothing.
	if _, err := s.AddCalendarEdits(ctx, []cases.CalendarEdit{
		{Date: cases.NewDate(2027, 2, 7), Kind: "off", Name: "Nghỉ", Source: "x", RecordedAt: Now, RecordedBy: "quantri"},
		{Date: cases.NewDate(2027, 2, 8), Kind: "holiday", Name: "Nghỉ", Source: "x", RecordedAt: Now, RecordedBy: "quantri"},
	}); err == nil {
		t.Errorf("an edit of kind holiday was accepted")
	}
	if _, err := s.AddCalendarEdits(ctx, []cases.CalendarEdit{{Date: cases.NewDate(2027, 2, 7), Kind: "off", Name: "Nghỉ", Source: "x", RecordedAt: Now}}); err == nil {
		t.Errorf("an edit without its author was accepted")
	}
	if got, _ := s.CalendarEdits(ctx); len(got) != 2 || got[0].Kind != "off" {
		t.Errorf("calendar edits after refused changes: %+v", got)
	}
	if cv, _, _ := s.SettingsVersion(ctx); cv != edits[1].Seq {
		t.Errorf("the calendar's version moved to %d on refused edits", cv)
	}
}

// A plan saved on the version it was edited from is recorded; one saved on
// an older version is a conflict, so that two administrators do not lose
// each other's change. Plans can be neither changed nor removed.
func testReceptionPlans(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	ctx, s := e.ctx, e.s
	first, err := s.AddReceptionPlan(ctx, cases.ReceptionEdit{Plan: `{"version":1}`, Note: "Từ ngày 01/12/2026: ngày 10 hằng tháng", RecordedAt: Now, RecordedBy: "quantri"}, 0)
	if err != nil || first.Seq == 0 {
		t.Fatalf("the first plan: %+v %v", first, err)
	}
	if _, err := s.AddReceptionPlan(ctx, cases.ReceptionEdit{Plan: `{"version":1}`, Note: "khác", RecordedAt: Now, RecordedBy: "quantri2"}, 0); cases.ErrorCode(err) != cases.EConflict {
		t.Errorf("a plan saved on a stale version: %v, want a conflict", err)
	}
	second, err := s.AddReceptionPlan(ctx, cases.ReceptionEdit{Plan: `{"version":1}`, Note: "tiếp", RecordedAt: Now, RecordedBy: "quantri2"}, first.Seq)
	if err != nil {
		t.Fatal(err)
	}
	plans, err := s.ReceptionEdits(ctx)
	if err != nil || len(plans) != 2 || plans[1].Seq != second.Seq || plans[1].RecordedBy != "quantri2" || !plans[0].RecordedAt.Equal(Now) {
		t.Fatalf("ReceptionEdits = %+v, %v", plans, err)
	}
	if _, pv, _ := s.SettingsVersion(ctx); pv != second.Seq {
		t.Errorf("the plan's version is %d, want %d", pv, second.Seq)
	}
	// A committee's plan has versions of its own (SPEC §10): its first is
	// saved on 0 whatever the installation's, and read back with its key.
	commune, err := s.AddReceptionPlan(ctx, cases.ReceptionEdit{Plan: `{"version":1}`, Note: "xã", RecordedAt: Now, RecordedBy: "quantri.xa", Committee: "xa-a"}, 0)
	if err != nil {
		t.Fatalf("a commune's first plan: %v", err)
	}
	if _, err := s.AddReceptionPlan(ctx, cases.ReceptionEdit{Plan: `{"version":1}`, Note: "xã", RecordedAt: Now, RecordedBy: "quantri.xa", Committee: "xa-a"}, second.Seq); cases.ErrorCode(err) != cases.EConflict {
		t.Errorf("a commune's plan saved on the installation's version: %v, want a conflict", err)
	}
	plans, err = s.ReceptionEdits(ctx)
	if err != nil || len(plans) != 3 || plans[2].Committee != "xa-a" || plans[1].Committee != "" || plans[2].Seq != commune.Seq {
		t.Fatalf("ReceptionEdits with a commune's = %+v, %v", plans, err)
	}
	for _, q := range []string{`UPDATE reception_plans SET note = 'x'`, `DELETE FROM reception_plans`} {
		if _, err := e.raw.ExecContext(ctx, q); err == nil {
			t.Errorf("%s: not refused", q)
		}
	}
	if plans, _ := s.ReceptionEdits(ctx); len(plans) != 3 || plans[0].Note != first.Note {
		t.Errorf("plans after refused changes: %+v", plans)
	}
}

// A unit recorded again under a new ref replaces the old one: the records
// say who and when, and the committee's current unit comes first, so that
// the report's text names it. A unit is never changed under its ref.
func testUnits(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	ctx, s := e.ctx, e.s
	e.exec(`{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own"}`)
	e.exec(`{"op":"unit","ref":"xa1","name":"UBND xã Phước Hòa","kind":"lower","parent":"own"}`)
	e.exec(`{"op":"unit","ref":"own-2026","name":"UBND xã Tuy Phước","kind":"own","replaces":["own"]}`)
	e.exec(`{"op":"unit","ref":"xa1-2026","name":"UBND xã An Hòa","kind":"lower","parent":"own-2026","replaces":["xa1"]}`)
	e.exec(`{"op":"unit","ref":"tnmt","name":"Phòng Tài nguyên và Môi trường","kind":"department","parent":"own-2026","remote":true}`)
	units, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, u := range units {
		refs = append(refs, u.Ref)
	}
	// By name alone "UBND huyện" comes before "UBND xã": the one in force wins.
	if want := []string{"own-2026", "own", "tnmt", "xa1-2026", "xa1"}; !slices.Equal(refs, want) {
		t.Errorf("Units = %v, want %v", refs, want)
	}
	if u := units[2]; u.Name != "Phòng Tài nguyên và Môi trường" || u.Kind != cases.Department || u.Parent != "own-2026" || !u.Remote {
		t.Errorf("the unit tnmt: %+v", u)
	}
	recs, err := s.UnitRecords(ctx)
	if err != nil || len(recs) != 5 {
		t.Fatalf("UnitRecords = %+v, %v", recs, err)
	}
	r := recs[3]
	if r.Ref != "xa1-2026" || !slices.Equal(r.Replaces, []string{"xa1"}) || r.RecordedBy != "tester" || !r.RecordedAt.Equal(Now) || r.Seq != 4 {
		t.Errorf("the record of xa1-2026: %+v", r)
	}
	if len(recs[0].Replaces) != 0 {
		t.Errorf("own replaces %v", recs[0].Replaces)
	}
	if _, err := e.try(`{"op":"unit","ref":"xa1","name":"UBND xã Phước Hòa (mới)","kind":"lower","parent":"own"}`); cases.ErrorCode(err) != cases.EConflict {
		t.Errorf("a unit changed under its ref: %v", err)
	}
	e.verify()
}

// testUnitEnds: a unit keeps its level and dates; a successor with
// valid_from ends the units it replaces the day before, unless they end
// earlier; unit_until ends a unit; a unit without dates has none. The
// store's units and their records say so, before and after verify replays
// them.
func testUnitEnds(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	ctx, s := e.ctx, e.s
	e.exec(`{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own","level":"district","valid_from":"1976-01-01","valid_until":"2025-06-30"}`)
	e.exec(`{"op":"unit","ref":"xa1","name":"UBND xã Phước Hòa","kind":"lower","parent":"own","level":"commune"}`)
	e.exec(`{"op":"unit","ref":"xa2","name":"UBND xã Phước Thắng","kind":"lower","parent":"own","valid_until":"2025-03-31"}`)
	e.exec(`{"op":"unit","ref":"tp","name":"Phòng Tư pháp","kind":"department","parent":"own"}`)
	e.exec(`{"op":"unit","ref":"xa-moi","name":"UBND xã Tuy Phước","kind":"lower","level":"commune","valid_from":"2025-07-01","replaces":["xa1","xa2"]}`)
	e.exec(`{"op":"unit_until","unit":"tp","until":"2025-06-30","reason":"sắp xếp đơn vị hành chính"}`)
	check := func(when string) {
		t.Helper()
		units, err := s.Units(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]cases.Unit{}
		for _, u := range units {
			got[u.Ref] = u
		}
		d := cases.NewDate
		for ref, want := range map[string]cases.Unit{
			"own":    {Level: cases.District, ValidFrom: d(1976, 1, 1), ValidUntil: d(2025, 6, 30)},
			"xa1":    {Level: cases.Commune, ValidUntil: d(2025, 6, 30)},
			"xa2":    {ValidUntil: d(2025, 3, 31)}, // it ended before its successor began
			"tp":     {ValidUntil: d(2025, 6, 30)},
			"xa-moi": {Level: cases.Commune, ValidFrom: d(2025, 7, 1)},
		} {
			u := got[ref]
			if u.Level != want.Level || u.ValidFrom != want.ValidFrom || u.ValidUntil != want.ValidUntil {
				t.Errorf("%s: unit %s is %s from %s until %s, want %s from %s until %s", when, ref,
					u.Level, u.ValidFrom, u.ValidUntil, want.Level, want.ValidFrom, want.ValidUntil)
			}
		}
		recs, err := s.UnitRecords(ctx)
		if err != nil || len(recs) != 5 || recs[1].Ref != "xa1" || recs[1].ValidUntil != d(2025, 6, 30) {
			t.Errorf("%s: UnitRecords = %+v, %v", when, recs, err)
		}
	}
	check("as recorded")
	// The same end again changes nothing and answers as the first time.
	if res, err := e.try(`{"op":"unit_until","unit":"tp","until":"2025-06-30","reason":"sắp xếp đơn vị hành chính"}`); err != nil || res.Changed {
		t.Errorf("unit_until again: %+v, %v", res, err)
	}
	e.verify()
	check("after verify")
}
