package storage

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// scheduleDecide is stubDecide with the states the schedule reads: accepted
// after accept, archived after archive.
func scheduleDecide(ctx context.Context, c *cases.Command, p *cases.Petition, look cases.Lookup) (cases.State, error) {
	st, err := stubDecide(ctx, c, p, look)
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

const scheduleHistory = `{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own"}
{"op":"unit","ref":"xa","name":"UBND xã Phước Lộc","kind":"lower","parent":"own","remote":true}
{"op":"session","ref":"K-2212","kind":"periodic","date":"2022-12-09","presided_by":"Chủ tịch"}
{"op":"session","ref":"K-0109","kind":"periodic","date":"2023-01-09","presided_by":"Chủ tịch","location":"Trụ sở tiếp công dân"}
{"op":"session","ref":"K-0315","kind":"adhoc","date":"2023-03-15","presided_by":"Phó Chủ tịch","delegated":true}
{"op":"petition","ref":"P-1","received_at":"2022-12-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn An"},"summary":"Khiếu nại thu hồi đất"}
{"op":"petition","ref":"P-2","received_at":"2022-12-05T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn An"},"summary":"Khiếu nại thu hồi đất (lần 2)"}
{"op":"petition","ref":"P-3","received_at":"2023-01-05T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn An"},"summary":"Khiếu nại thu hồi đất (lần 3)"}
{"op":"petition","ref":"P-4","received_at":"2023-01-05T08:00:00+07:00","channel":"reception","petitioner":{"name":"Võ Thị Tố"},"summary":"Tố cáo cán bộ địa chính"}
{"op":"petition","ref":"P-5","received_at":"2022-11-05T08:00:00+07:00","channel":"reception","petitioner":{"name":"Lê Văn Cũ"},"summary":"Kiến nghị đường giao thông"}
{"op":"archive","petition":"P-2","at":"2022-12-06T08:00:00+07:00","reason":"duplicate","duplicate_of":"P-1"}
{"op":"archive","petition":"P-3","at":"2023-01-06T08:00:00+07:00","reason":"duplicate","duplicate_of":"P-2"}
{"op":"accept","petition":"P-4","at":"2023-01-10T08:00:00+07:00"}
{"op":"visit","ref":"V-0","at":"2022-12-09T08:00:00+07:00","kind":"periodic","session":"K-2212","petition":"P-1","people":1}
{"op":"visit","ref":"V-1","at":"2023-01-09T08:00:00+07:00","kind":"periodic","session":"K-0109","petition":"P-3","people":3,"citizen":{"name":"Nguyễn Văn An"}}
{"op":"visit","ref":"V-2","at":"2023-01-09T09:00:00+07:00","kind":"periodic","session":"K-0109","petition":"P-4","people":1,"citizen":{"name":"Võ Thị Tố"},"follow_up_on":"2023-01-24"}
{"op":"visit","ref":"V-3","at":"2023-01-09T10:00:00+07:00","kind":"regular","petition":"P-1","people":1}
{"op":"visit","ref":"V-4","at":"2022-11-09T10:00:00+07:00","kind":"regular","petition":"P-5","people":1,"follow_up_on":"2023-02-15"}
{"op":"visit","ref":"V-5","at":"2022-10-01T11:00:00+07:00","kind":"regular","petition":"P-5","people":1,"follow_up_on":"2022-10-15"}
{"op":"visit","ref":"V-6","at":"2023-03-15T14:00:00+07:00","kind":"adhoc","session":"K-0315","petition":"P-5","people":7}
{"op":"dialogue","petition":"P-1","at":"2023-01-10T08:00:00+07:00","on":"2023-02-20","place":"Phòng họp số 2"}
{"op":"dialogue","petition":"P-1","at":"2022-10-10T08:00:00+07:00","on":"2022-10-20"}
`

func openSchedule(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), scheduleDecide)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, line := range strings.Split(strings.TrimSpace(scheduleHistory), "\n") {
		exec(t, db, line)
	}
	return db
}

func visitRefs(vs []cases.Visit) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Ref)
	}
	slices.Sort(out)
	return out
}

func TestScheduleRecords(t *testing.T) {
	db := openSchedule(t)
	ctx := context.Background()
	d := cases.NewDate
	rec, err := db.ScheduleRecords(ctx, d(2023, 1, 1), d(2023, 3, 31), d(2023, 1, 20))
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
	if p := rec.Petitions["P-3"]; p.Archive != cases.Duplicate || p.DuplicateOf != "P-2" {
		t.Errorf("P-3 %+v", p)
	}

	// A past range reads no appointments nor open cases.
	rec, err = db.ScheduleRecords(ctx, d(2023, 1, 1), d(2023, 3, 31), d(2023, 6, 1))
	if err != nil {
		t.Fatal(err)
	}
	if got := visitRefs(rec.Visits); !slices.Equal(got, []string{"V-1", "V-2", "V-6"}) || len(rec.Dialogues) != 0 || len(rec.Accepted) != 0 {
		t.Errorf("past range: visits %v, %d dialogues, %d accepted", got, len(rec.Dialogues), len(rec.Accepted))
	}
}

// TestScheduleQueriesUseIndexes checks that every query the schedule runs is
// served by an index, so that a month's schedule reads a month of history;
// the follow-up query by the partial index of 0001_baseline.sql.
func TestScheduleQueriesUseIndexes(t *testing.T) {
	db := openSchedule(t)
	for _, tc := range []struct {
		name, query string
		args        []any
		table       string
		index       string // the index it must use, when it matters
	}{
		{"sessions", scheduleSessionsSQL, []any{1, 2}, "sessions", ""},
		{"session visits", scheduleSessionVisitsSQL, []any{1, 2}, "visits", ""},
		{"follow-ups", scheduleFollowUpsSQL, []any{1, 2}, "visits", "visits_follow_up"},
		{"dialogues", scheduleDialoguesSQL, []any{1, 2}, "dialogues", ""},
		{"accepted", scheduleAcceptedSQL, nil, "petitions", ""},
		{"petitions", schedulePetitionsSQL, []any{`["P-1"]`}, "petitions", ""},
	} {
		rows, err := db.read.Query("EXPLAIN QUERY PLAN "+tc.query, tc.args...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		text := strings.Join(plan, "; ")
		if !strings.Contains(text, "SEARCH "+tc.table+" USING") {
			t.Errorf("%s: plan %q does not search %s by an index", tc.name, text, tc.table)
		}
		if tc.index != "" && !strings.Contains(text, "USING INDEX "+tc.index+" ") {
			t.Errorf("%s: plan %q does not use %s", tc.name, text, tc.index)
		}
	}
}
