package storage

import (
	"context"
	"fmt"
	"strconv"
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

// verify finds a row of report_timelines or report_days that differs from
// the history, or is missing.
var (
	march1 = strconv.Itoa(int(mustDate("2023-03-01")))
	march2 = strconv.Itoa(int(mustDate("2023-03-02")))
)

func mustDate(s string) cases.Date {
	d, err := cases.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestVerifyChecksTheReportProjections(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ name, change, problem string }{
		{"altered timeline", `UPDATE report_timelines SET timeline = substr(timeline, 1, length(timeline) - 1) WHERE petition = 'P-1'`,
			"petition P-1: its stored timeline differs from the history"},
		{"timeline under another day", `UPDATE report_timelines SET received_day = received_day + 1 WHERE petition = 'P-3'`,
			"petition P-3: its stored timeline differs from the history"},
		{"the duplicate forgotten", `UPDATE report_timelines SET timeline = (SELECT timeline FROM report_timelines WHERE petition = 'P-3')
			WHERE petition = 'P-1'`, "petition P-1: its stored timeline differs from the history"},
		{"missing timeline", `DELETE FROM report_timelines WHERE petition = 'P-2'`, "petition P-2: its timeline is missing"},
		{"altered summary", `UPDATE report_days SET closed = closed || x'00' WHERE day = ` + march1,
			"report summary of 2023-03-01: differs from the day's timelines"},
		{"another horizon", `UPDATE report_days SET horizon = horizon - 1 WHERE day = ` + march2,
			"report summary of 2023-03-02: differs from the day's timelines"},
		{"missing summary", `DELETE FROM report_days WHERE day = ` + march2, "report summary of 2023-03-02: missing"},
		{"a day of no petition", `INSERT INTO report_days (day, version) VALUES (0, 1)`,
			"report summary of 1970-01-01: no petition was received that day"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, _ := openTest(t)
			timelineHistory(t, db)
			if _, err := db.SummarizeDays(ctx); err != nil {
				t.Fatal(err)
			}
			if ver, err := db.Verify(ctx); err != nil || !ver.OK() {
				t.Fatalf("clean history: %+v, %v", ver, err)
			}
			if _, err := db.write.Exec(c.change); err != nil {
				t.Fatal(err)
			}
			ver, err := db.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(ver.Problems, "\n"); got != c.problem {
				t.Errorf("problems:\n%s\nwant:\n%s", got, c.problem)
			}
		})
	}
}

// The timeline of a petition another is archived as a duplicate of names
// that other, so that a report finds every petition of a matter from its
// timelines.
func TestTheDuplicatedTimelineNamesItsDuplicate(t *testing.T) {
	db, _ := openTest(t)
	timelineHistory(t, db)
	var t1, t3 []byte
	if err := db.read.QueryRow(`SELECT timeline FROM report_timelines WHERE petition = 'P-1'`).Scan(&t1); err != nil {
		t.Fatal(err)
	}
	if err := db.read.QueryRow(`SELECT timeline FROM report_timelines WHERE petition = 'P-3'`).Scan(&t3); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(t1), "duplicated") || !strings.Contains(string(t1), "P-2") {
		t.Errorf("the timeline of P-1 does not name P-2, archived as its duplicate: %q", t1)
	}
	if strings.Contains(string(t3), "duplicated") {
		t.Errorf("the timeline of P-3, which nothing duplicates, names a duplicate: %q", t3)
	}
}
