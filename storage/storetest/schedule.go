package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// scheduleDecide is Decide with the states the schedule reads: accepted
// after accept, archived after archive.
func scheduleDecide(ctx context.Context, c *cases.Command, p *cases.Petition, look cases.Lookup) (cases.State, error) {
	st, err := Decide(ctx, c, p, look)
	switch {
	case err != nil:
		return st, err
	case c.Op == cases.OpAccept:
		return cases.Accepted, nil
	case c.Op == cases.OpArchive:
		return cases.Archived, nil
	}
	return st, nil
}

func visitRefs(vs []cases.Visit) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Ref)
	}
	slices.Sort(out)
	return out
}

// The schedule of a range reads its sessions and their visits and, when
// the range reaches today, the appointments and open cases, with every
// petition they concern and those their duplicate chains lead to; never
// who came.
func testScheduleRecords(t *testing.T, open Opener) {
	e := newEnv(t, open, scheduleDecide)
	e.record(scheduleHistory)
	d := cases.NewDate
	rec, err := e.s.ScheduleRecords(e.ctx, d(2023, 1, 1), d(2023, 3, 31), d(2023, 1, 20))
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Units) != 2 || rec.Units[0].Ref != "own" || !rec.Units[1].Remote {
		t.Errorf("units %+v", rec.Units)
	}
	var sessions []string
	for _, s := range rec.Sessions {
		sessions = append(sessions, s.Ref)
	}
	if !slices.Equal(sessions, []string{"K-0109", "K-0315"}) || !rec.Sessions[1].Delegated ||
		rec.Sessions[0].Location != "Trụ sở tiếp công dân" || rec.Sessions[0].Date != d(2023, 1, 9) {
		t.Errorf("sessions %+v", rec.Sessions)
	}
	// The visits of the range's sessions, and V-4, given in 2022, whose
	// follow-up falls in the range; not the regular V-3, nor V-5 whose
	// follow-up is long past.
	if got := visitRefs(rec.Visits); !slices.Equal(got, []string{"V-1", "V-2", "V-4", "V-6"}) {
		t.Errorf("visits %v", got)
	}
	for _, v := range rec.Visits {
		if v.Citizen != nil {
			t.Errorf("visit %s carries its citizen", v.Ref)
		}
		if v.Ref == "V-2" && (v.FollowUpOn == nil || *v.FollowUpOn != d(2023, 1, 24)) {
			t.Errorf("V-2 follow-up %v", v.FollowUpOn)
		}
	}
	if len(rec.Dialogues) != 1 || rec.Dialogues[0].On != d(2023, 2, 20) || rec.Dialogues[0].Place != "Phòng họp số 2" ||
		rec.Dialogues[0].At.Format("2006-01-02 15:04") != "2023-01-10 08:00" {
		t.Errorf("dialogues %+v", rec.Dialogues)
	}
	if len(rec.Accepted) != 1 || rec.Accepted[0].Ref != "P-4" || rec.Accepted[0].AcceptedAt == nil {
		t.Errorf("accepted %+v", rec.Accepted)
	}
	// P-3 leads to P-2, then P-1: the whole chain is read.
	var refs []string
	for r, p := range rec.Petitions {
		if p == nil || p.Ref != r {
			t.Errorf("petition %s: %+v", r, p)
		}
		refs = append(refs, r)
	}
	slices.Sort(refs)
	if !slices.Equal(refs, []string{"P-1", "P-2", "P-3", "P-4", "P-5"}) {
		t.Errorf("petitions %v", refs)
	}
	if p := rec.Petitions["P-3"]; p == nil || p.Archive != cases.Duplicate || p.DuplicateOf != "P-2" {
		t.Errorf("P-3 %+v", p)
	}

	// A past range reads no appointments nor open cases.
	rec, err = e.s.ScheduleRecords(e.ctx, d(2023, 1, 1), d(2023, 3, 31), d(2023, 6, 1))
	if err != nil {
		t.Fatal(err)
	}
	if got := visitRefs(rec.Visits); !slices.Equal(got, []string{"V-1", "V-2", "V-6"}) || len(rec.Dialogues) != 0 || len(rec.Accepted) != 0 {
		t.Errorf("past range: visits %v, %d dialogues, %d accepted", got, len(rec.Dialogues), len(rec.Accepted))
	}
	// The reception desk's read of the same: the sessions and their visits.
	ss, vs, err := e.s.SessionsBetween(e.ctx, d(2023, 1, 9), d(2023, 1, 9))
	if err != nil || len(ss) != 1 || ss[0].Ref != "K-0109" || !slices.Equal(visitRefs(vs), []string{"V-1", "V-2"}) {
		t.Errorf("SessionsBetween: %+v, %v, %v", ss, visitRefs(vs), err)
	}
}
