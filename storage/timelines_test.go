package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// timelineHistory records petitions that go through most kinds of event,
// with visits, a duplicate and history moved from another system.
func timelineHistory(t *testing.T, db *DB) {
	t.Helper()
	exec(t, db, `{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own"}`)
	exec(t, db, `{"op":"unit","ref":"xa-pn","name":"UBND xã Phước Nghĩa","kind":"lower","parent":"own","remote":true}`)
	exec(t, db, `{"op":"session","ref":"S-1","kind":"periodic","date":"2023-03-09","presided_by":"Chủ tịch UBND huyện"}`)
	for i, day := range []string{"01", "01", "02"} {
		ref := fmt.Sprintf("P-%d", i+1)
		exec(t, db, strings.NewReplacer("P-1", ref, "2023-03-01", "2023-03-"+day).Replace(petitionLine))
	}
	for _, line := range []string{
		`{"op":"visit","ref":"V-1","at":"2023-03-01T08:00:00+07:00","kind":"regular","petition":"P-1","people":6}`,
		`{"op":"classify","petition":"P-1","at":"2023-03-02T08:00:00+07:00","type":"denunciation","field":"land","eligible":true,"complex":"complex","instance":1}`,
		`{"op":"classify","petition":"P-1","at":"2023-03-03T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`,
		`{"op":"route","petition":"P-1","at":"2023-03-04T08:00:00+07:00","to":"lower","unit":"xa-pn","method":"assign"}`,
		`{"op":"visit","ref":"V-2","at":"2023-03-09T09:00:00+07:00","kind":"periodic","session":"S-1","petition":"P-1","people":1}`,
		`{"op":"accept","petition":"P-1","at":"2023-03-10T08:00:00+07:00"}`,
		`{"op":"extend","petition":"P-1","at":"2023-04-10T08:00:00+07:00","days":30}`,
		`{"op":"suspend","petition":"P-1","at":"2023-04-11T08:00:00+07:00","reason":"chờ giám định"}`,
		`{"op":"resume","petition":"P-1","at":"2023-04-20T08:00:00+07:00"}`,
		`{"op":"resolve","petition":"P-1","at":"2023-05-02T08:00:00+07:00","verdict":"partly_correct","decision":"12/QĐ-UBND"}`,
		`{"op":"implement","petition":"P-1","at":"2023-05-20T08:00:00+07:00","recorded_at":"2023-05-21T10:00:00+07:00","recorded_by":"old-system"}`,
		`{"op":"archive","petition":"P-2","at":"2023-03-05T08:00:00+07:00","reason":"duplicate","duplicate_of":"P-1"}`,
		`{"op":"terminate","petition":"P-3","at":"2023-03-06T08:00:00+07:00","reason":"withdrawn"}`,
		`{"op":"dialogue","petition":"P-3","at":"2023-03-06T09:00:00+07:00","on":"2023-03-20"}`,
	} {
		exec(t, db, line)
	}
}

func dump(t *testing.T, q *sql.DB, query string) string {
	t.Helper()
	rows, err := q.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%q\n", vals)
	}
	return b.String()
}

const (
	duplicatesDump   = `SELECT * FROM report_duplicates ORDER BY petition`
	timelinesDump    = `SELECT * FROM report_timelines ORDER BY received_day, petition`
	reportVisitsDump = `SELECT * FROM report_visits ORDER BY day, seq`
	casesDump        = `SELECT * FROM report_cases ORDER BY accept_day, petition`
)

// A database recorded before migrations 0006 to 0010 gets, when it is
// opened, the very report_timelines, report_visits and report_cases rows
// (timelines, types, days of classification, facts, the cases' extensions
// and suspensions) the transactions that record the events write, and the
// report's blocks; and verify accepts them. So does one recorded between
// 0009 and 0010, whose timelines were marked plain, not alone.
func TestTimelinesBackfillAsRecorded(t *testing.T) {
	for _, c := range []struct {
		name   string
		before []string
	}{
		// The later migrations that touch those tables are undone too.
		{"before 0006", []string{`DROP TABLE report_timelines`, `DROP TABLE report_visits`, `DROP INDEX petitions_ref_day`,
			`DROP TABLE report_duplicates`, `DROP TABLE report_cases`, `DROP TABLE report_blocks`, `DROP TABLE report_stale`,
			`DELETE FROM schema_migrations WHERE version IN ('0006_timelines', '0007_petition_day', '0008_visit_flags',
				'0009_report_facts', '0010_alone', '0011_chained_visits', '0012_chained_received',
				'0017_report_blocks', '0018_case_knots')`}},
		// P-3 is alone; as if it had been extended, it is not plain.
		{"before 0010", []string{`DROP INDEX report_visits_chained`, `DROP INDEX report_timelines_chained`,
			`ALTER TABLE report_timelines RENAME COLUMN alone TO plain`,
			`UPDATE report_timelines SET plain = 0 WHERE petition = 'P-3'`,
			`DROP TABLE report_blocks`, `DROP TABLE report_stale`, `ALTER TABLE report_cases DROP COLUMN extra_days`,
			`ALTER TABLE report_cases DROP COLUMN suspended_since`, `ALTER TABLE report_cases DROP COLUMN knot_day`,
			`DELETE FROM schema_migrations WHERE version IN ('0010_alone', '0011_chained_visits', '0012_chained_received',
				'0017_report_blocks', '0018_case_knots')`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, path := openTest(t)
			timelineHistory(t, db)
			recorded := dump(t, db.read, timelinesDump) + dump(t, db.read, reportVisitsDump) + dump(t, db.read, duplicatesDump) +
				dump(t, db.read, casesDump)
			if n := strings.Count(recorded, "\n"); n != 7 {
				t.Fatalf("%d rows in report_timelines, report_visits, report_duplicates and report_cases, want 3, 2, 1 and 1:\n%s", n, recorded)
			}
			db.Close()

			// The database as it stood before those migrations.
			raw, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range c.before {
				if _, err := raw.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			raw.Close()

			db, err = Open(context.Background(), path, stubDecide)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if got := dump(t, db.read, timelinesDump) + dump(t, db.read, reportVisitsDump) + dump(t, db.read, duplicatesDump) +
				dump(t, db.read, casesDump); got != recorded {
				t.Errorf("backfilled:\n%s\nrecorded:\n%s", got, recorded)
			}
			if rep, err := db.Verify(context.Background()); err != nil || !rep.OK() {
				t.Errorf("verify after the backfill: %+v, %v", rep, err)
			}
		})
	}
}

// verify finds a row of report_timelines, report_visits, report_duplicates
// or report_cases that differs from the history, or is missing; and, the
// blocks encoded (blocks), a block that differs from its rows, or a day of
// rows with neither a block nor a stale mark.
func TestVerifyChecksTimelines(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name, change, problem string
		blocks                bool
	}{
		{"altered timeline", `UPDATE report_timelines SET timeline = substr(timeline, 1, length(timeline) - 1) WHERE petition = 'P-1'`,
			"petition P-1: its stored timeline differs from the history", false},
		{"timeline under another day", `UPDATE report_timelines SET received_day = received_day + 1 WHERE petition = 'P-3'`,
			"petition P-3: its stored timeline differs from the history\n" +
				"report facts of report_timelines, 2023-03-03: neither a block nor marked stale", false},
		{"another type", `UPDATE report_timelines SET type = 'denunciation' WHERE petition = 'P-1'`,
			"petition P-1: its stored timeline differs from the history", false},
		{"another day of classification", `UPDATE report_timelines SET type_day = type_day - 1 WHERE petition = 'P-1'`,
			"petition P-1: its stored timeline differs from the history", false},
		{"missing timeline", `DELETE FROM report_timelines WHERE petition = 'P-2'`, "petition P-2: its timeline is missing", false},
		{"altered visit", `UPDATE report_visits SET people = 5 WHERE ref = 'V-1'`, "visit V-1: its row in report_visits differs from the history", false},
		{"missing visit", `DELETE FROM report_visits WHERE ref = 'V-2'`, "visit V-2: missing from report_visits", false},
		{"a second first visit", `UPDATE report_visits SET first = 1 WHERE ref = 'V-2'`,
			"visit V-2: its row in report_visits differs from the history", false},
		{"a chain forgotten", `UPDATE report_visits SET chained = 0 WHERE ref = 'V-1'`,
			"visit V-1: its row in report_visits differs from the history", false},
		{"altered duplicate", `UPDATE report_duplicates SET of = 'P-3' WHERE petition = 'P-2'`,
			"petition P-2: its row in report_duplicates differs from the history", false},
		{"missing duplicate", `DELETE FROM report_duplicates WHERE petition = 'P-2'`, "petition P-2: missing from report_duplicates", false},
		{"a fact altered", `UPDATE report_timelines SET handled_day = handled_day + 1 WHERE petition = 'P-3'`,
			"petition P-3: its stored timeline differs from the history", false},
		{"marked alone", `UPDATE report_timelines SET alone = 1 WHERE petition = 'P-1'`,
			"petition P-1: its stored timeline differs from the history", false},
		{"altered case", `UPDATE report_cases SET resolve_day = resolve_day - 1 WHERE petition = 'P-1'`,
			"petition P-1: its row in report_cases differs from the history", false},
		{"missing case", `DELETE FROM report_cases WHERE petition = 'P-1'`, "petition P-1: missing from report_cases", false},
		{"altered block", `UPDATE report_blocks SET facts = facts || x'00' WHERE kind = 1 AND day = ` + march1,
			"report facts of report_timelines, 2023-03-01: the block differs from the rows", true},
		{"missing block", `DELETE FROM report_blocks WHERE kind = 3 AND day = ` + march1,
			"report facts of report_visits, 2023-03-01: neither a block nor marked stale", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, _ := openTest(t)
			timelineHistory(t, db)
			if c.blocks {
				if _, err := db.RefreshReportBlocks(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if rep, err := db.Verify(ctx); err != nil || !rep.OK() {
				t.Fatalf("clean history: %+v, %v", rep, err)
			}
			if _, err := db.write.Exec(c.change); err != nil {
				t.Fatal(err)
			}
			rep, err := db.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(rep.Problems, "\n"); got != c.problem {
				t.Errorf("problems:\n%s\nwant:\n%s", got, c.problem)
			}
		})
	}
}

// A visit recorded after another of its petition but dated before it becomes
// the petition's first; a visit of a petition that later becomes the target
// of a duplicate is marked chained.
func TestReportVisitsFirstAndChained(t *testing.T) {
	db, _ := openTest(t)
	exec(t, db, petitionLine)
	exec(t, db, strings.Replace(petitionLine, "P-1", "P-2", 1))
	exec(t, db, `{"op":"visit","ref":"V-1","at":"2023-03-10T08:00:00+07:00","kind":"regular","petition":"P-1","people":1}`)
	exec(t, db, `{"op":"visit","ref":"V-2","at":"2023-03-12T08:00:00+07:00","kind":"regular","petition":"P-1","people":1}`)
	flags := func() string { return dump(t, db.read, `SELECT ref, first, chained FROM report_visits ORDER BY ref`) }
	if got, want := flags(), "[\"V-1\" '\\x01' '\\x00']\n[\"V-2\" '\\x00' '\\x00']\n"; got != want {
		t.Fatalf("flags:\n%s\nwant:\n%s", got, want)
	}
	// Recorded now, it happened first.
	exec(t, db, `{"op":"visit","ref":"V-0","at":"2023-03-05T08:00:00+07:00","kind":"regular","petition":"P-1","people":1}`)
	// Recorded last, V-0 comes first: the marks of the two others change.
	marks := dump(t, db.read, `SELECT ref, first, prev_first, date(prev_day * 86400, 'unixepoch'),
		date(prev_kind_day * 86400, 'unixepoch') FROM report_visits ORDER BY ref`)
	if want := `["V-0" '\x01' '\x00' <nil> <nil>]
["V-1" '\x00' '\x01' "2023-03-05" "2023-03-05"]
["V-2" '\x00' '\x00' "2023-03-10" "2023-03-10"]
`; marks != want {
		t.Errorf("marks:\n%s\nwant:\n%s", marks, want)
	}
	// P-2 duplicates P-1: every visit of P-1 is on a chain.
	exec(t, db, `{"op":"archive","petition":"P-2","at":"2023-03-13T08:00:00+07:00","reason":"duplicate","duplicate_of":"P-1"}`)
	want := "[\"V-0\" '\\x01' '\\x01']\n[\"V-1\" '\\x00' '\\x01']\n[\"V-2\" '\\x00' '\\x01']\n"
	if got := flags(); got != want {
		t.Errorf("flags:\n%s\nwant:\n%s", got, want)
	}
	if rep, err := db.Verify(context.Background()); err != nil || !rep.OK() {
		t.Errorf("verify: %+v, %v", rep, err)
	}
}

// A petition is plain until it is extended, suspended, archived as a
// duplicate or duplicated by another, whichever transaction records it and
// whether or not the other petition was written already.
func TestPlainMarks(t *testing.T) {
	db, _ := openTest(t)
	for _, ref := range []string{"P-1", "P-2", "P-3", "P-4", "P-5"} {
		exec(t, db, strings.Replace(petitionLine, "P-1", ref, 1))
	}
	for _, ref := range []string{"P-1", "P-2", "P-3"} {
		for _, line := range []string{
			`{"op":"classify","petition":"P-1","at":"2023-03-02T08:00:00+07:00","type":"denunciation","field":"land","eligible":true,"complex":"none","instance":1}`,
			`{"op":"route","petition":"P-1","at":"2023-03-04T08:00:00+07:00","to":"own","unit":"own","method":"assign"}`,
			`{"op":"accept","petition":"P-1","at":"2023-03-10T08:00:00+07:00"}`,
		} {
			exec(t, db, strings.Replace(line, "P-1", ref, 1))
		}
	}
	exec(t, db, `{"op":"extend","petition":"P-2","at":"2023-03-11T08:00:00+07:00","days":10}`)
	exec(t, db, `{"op":"archive","petition":"P-4","at":"2023-03-12T08:00:00+07:00","reason":"duplicate","duplicate_of":"P-3"}`)
	// P-6, received and duplicated in one transaction.
	err := db.Batch(context.Background(), func(tx *Tx) error {
		for _, line := range []string{strings.Replace(petitionLine, "P-1", "P-6", 1),
			`{"op":"archive","petition":"P-5","at":"2023-03-12T08:00:00+07:00","reason":"duplicate","duplicate_of":"P-6"}`} {
			if _, err := tx.Exec(cmd(t, line), cases.Meta{Now: now, User: "tester"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got := dump(t, db.read, `SELECT petition, alone FROM report_timelines ORDER BY petition`) +
		dump(t, db.read, `SELECT petition, plain FROM report_cases ORDER BY petition`)
	want := `["P-1" '\x01']
["P-2" '\x01']
["P-3" '\x00']
["P-4" '\x00']
["P-5" '\x00']
["P-6" '\x00']
["P-1" '\x01']
["P-2" '\x00']
["P-3" '\x00']
`
	if got != want {
		t.Errorf("plain marks:\n%s\nwant:\n%s", got, want)
	}
	if rep, err := db.Verify(context.Background()); err != nil || !rep.OK() {
		t.Errorf("verify: %+v, %v", rep, err)
	}
}
