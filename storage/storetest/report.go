package storetest

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// received lists the petitions s says were received on day d.
func received(t *testing.T, s report.Store, d cases.Date) []string {
	t.Helper()
	var got []string
	err := s.Received(context.Background(), nil, d, d, func(ref string, _ report.Timeline) error {
		got = append(got, ref)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	return got
}

// A report store reads one snapshot: a command recorded meanwhile is not
// seen. A fork of it reads the very same snapshot, and there is none once
// a command has been recorded since.
func testReportStoreFork(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.exec(petitionLine)
	d := cases.NewDate(2023, 3, 1)
	err := e.s.ReportStore(e.ctx, func(s report.Store) error {
		f, release := s.Fork(e.ctx)
		if f == nil {
			t.Fatal("no fork of an idle store")
		}
		defer release()
		if got, want := received(t, f, d), received(t, s, d); !reflect.DeepEqual(got, want) || len(got) != 1 {
			t.Errorf("the fork reads %v, the store %v", got, want)
		}
		e.exec(strings.Replace(petitionLine, "P-1", "P-2", 1))
		if got := received(t, s, d); len(got) != 1 {
			t.Errorf("the store's snapshot moved: %v", got)
		}
		if got := received(t, f, d); len(got) != 1 {
			t.Errorf("the fork's snapshot moved: %v", got)
		}
		if f2, release2 := s.Fork(e.ctx); f2 != nil {
			release2()
			t.Error("a fork opened after a new command was recorded")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = e.s.ReportStore(e.ctx, func(s report.Store) error {
		if got := received(t, s, d); len(got) != 2 {
			t.Errorf("a new report store reads %v", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// timelines reads the timelines of refs through a report store.
func (e *env) timelines(refs ...string) map[string]report.Timeline {
	e.t.Helper()
	out := map[string]report.Timeline{}
	err := e.s.ReportStore(e.ctx, func(s report.Store) error {
		return s.Timelines(e.ctx, refs, func(ref string, t report.Timeline) error {
			out[ref] = bytes.Clone(t)
			return nil
		})
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// The timeline of a petition another is archived as a duplicate of names
// that other, so that a report finds every petition of a matter from its
// timelines.
func testDuplicatedTimeline(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.record(History)
	got := e.timelines("P-1", "P-3", "P-9")
	if len(got) != 2 {
		t.Fatalf("the timelines of P-1, P-3 and P-9 (none): %d of them", len(got))
	}
	if t1 := string(got["P-1"]); !strings.Contains(t1, "duplicated") || !strings.Contains(t1, "P-2") {
		t.Errorf("the timeline of P-1 does not name P-2, archived as its duplicate: %q", t1)
	}
	if t3 := string(got["P-3"]); strings.Contains(t3, "duplicated") {
		t.Errorf("the timeline of P-3, which nothing duplicates, names a duplicate: %q", t3)
	}
}

// days reads which days of receipt a report finds summarized (true) or
// stale (false).
func (e *env) days() map[cases.Date]bool {
	e.t.Helper()
	out := map[cases.Date]bool{}
	err := e.s.ReportStore(e.ctx, func(s report.Store) error {
		return s.Days(e.ctx, nil, cases.NewDate(2000, 1, 1), cases.NewDate(2100, 1, 1), true,
			func(_ string, d cases.Date, sum *report.DaySummary) error {
				out[d] = sum != nil
				return nil
			})
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// summarize runs SummarizeDays and fails unless it summarizes want days.
func (e *env) summarize(want int) {
	e.t.Helper()
	if n, err := e.s.SummarizeDays(e.ctx); err != nil || n != want {
		e.t.Fatalf("SummarizeDays: %d, %v; want %d days", n, err, want)
	}
}

// A write to a petition's timeline makes the summary of the day it was
// received stale, and only that day's, until the days are summarized
// again; a write that is in no timeline (a dialogue) leaves them fresh.
func testStaleDays(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.record(History)
	march1, march2, march5 := cases.NewDate(2023, 3, 1), cases.NewDate(2023, 3, 2), cases.NewDate(2023, 3, 5)
	check := func(when string, want map[cases.Date]bool) {
		t.Helper()
		if got := e.days(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: days %v, want %v (true: summarized)", when, got, want)
		}
	}
	check("never summarized", map[cases.Date]bool{march1: false, march2: false})
	e.summarize(2)
	check("summarized", map[cases.Date]bool{march1: true, march2: true})
	e.summarize(0)

	e.exec(`{"op":"dialogue","petition":"P-3","at":"2023-03-07T09:00:00+07:00","on":"2023-03-21"}`)
	check("after a dialogue", map[cases.Date]bool{march1: true, march2: true})
	e.summarize(0)

	e.exec(`{"op":"visit","ref":"V-3","at":"2023-03-07T09:00:00+07:00","kind":"regular","petition":"P-3","people":1}`)
	check("after a visit about P-3", map[cases.Date]bool{march1: true, march2: false})
	e.summarize(1)

	// A petition archived as a duplicate changes its own timeline and the
	// one of the petition it duplicates.
	e.exec(strings.NewReplacer("P-1", "P-4", "2023-03-01", "2023-03-05").Replace(petitionLine))
	e.exec(`{"op":"archive","petition":"P-4","at":"2023-03-06T08:00:00+07:00","reason":"duplicate","duplicate_of":"P-1"}`)
	check("after P-4 archived as a duplicate of P-1", map[cases.Date]bool{march1: false, march2: true, march5: false})
	e.summarize(2)
	e.verify()
}

// A report computes the same figures from the timelines of stale days as
// from the days' summaries, on a demo history under the workflow: before
// the days are summarized, after, and after a write makes one stale again.
func testSummariesKeepFigures(t *testing.T, open Opener) {
	e := newEnv(t, open, workflow.Decide)
	var history bytes.Buffer
	err := demo.Generate(&history, demo.Options{Petitions: 40, Seed: 3,
		From: cases.NewDate(2023, 1, 1), To: cases.NewDate(2023, 12, 31)})
	if err != nil {
		t.Fatal(err)
	}
	err = e.s.Batch(e.ctx, func(tx *storage.Tx) error {
		for _, line := range lines(history.String()) {
			if _, err := tx.Exec(command(t, line), cases.Meta{Now: Now, User: "import"}); err != nil {
				t.Fatalf("%s: %v", line, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	figures := func() string {
		t.Helper()
		var all bytes.Buffer
		o := report.Options{Deadlines: workflow.DeadlineDates{Rules: workflow.DefaultRules(), Calendar: workflow.DefaultCalendar()}}
		asOf := o
		asOf.AsOf = time.Date(2023, 10, 1, 0, 0, 0, 0, cases.Zone)
		for _, c := range []struct {
			from, to cases.Date
			o        report.Options
		}{
			{cases.NewDate(2023, 1, 1), cases.NewDate(2023, 6, 30), o},
			{cases.NewDate(2023, 7, 1), cases.NewDate(2023, 12, 31), o},
			{cases.NewDate(2023, 1, 1), cases.NewDate(2023, 12, 31), o},
			{cases.NewDate(2023, 3, 1), cases.NewDate(2023, 9, 30), asOf},
		} {
			p, err := report.NewPeriod(c.from, c.to)
			if err != nil {
				t.Fatal(err)
			}
			err = e.s.ReportStore(e.ctx, func(s report.Store) error {
				f, err := report.Compute(e.ctx, s, p, c.o)
				if err != nil {
					return err
				}
				return f.WriteJSON(&all)
			})
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
		}
		return all.String()
	}
	stale := figures()
	if !strings.Contains(stale, `"petitions"`) {
		t.Fatalf("figures without petitions: %.300s", stale)
	}
	if n, err := e.s.SummarizeDays(e.ctx); err != nil || n == 0 {
		t.Fatalf("SummarizeDays: %d, %v", n, err)
	}
	if fresh := figures(); fresh != stale {
		t.Errorf("the figures from the days' summaries differ from those of their timelines:\n%s\n%s", fresh, stale)
	}
	e.exec(`{"op":"visit","ref":"LT-TEST-1","petition":"DON-2023-000006","kind":"regular","people":1,"at":"2023-03-15T09:00:00+07:00"}`)
	stale = figures()
	e.summarize(1)
	if fresh := figures(); fresh != stale {
		t.Errorf("after a visit, the figures from the days' summaries differ from those of their timelines:\n%s\n%s", fresh, stale)
	}
	e.verify()
}

// provinceHistory: a province and two communes under it, as committees
// (own units with a parent; keys "", "xa-a", "xa-b"): a complaint of the
// province routed down to commune A, one of commune A's own, and one of
// commune B's sent up to the province (its linked petition B-1.tinh).
const provinceHistory = `{"op":"unit","ref":"tinh","name":"UBND tỉnh","kind":"own","level":"province"}
{"op":"unit","ref":"xa-a","name":"UBND xã A","kind":"own","level":"commune","parent":"tinh"}
{"op":"unit","ref":"xa-b","name":"UBND xã B","kind":"own","level":"commune","parent":"tinh"}
{"op":"petition","ref":"T-1","committee":"tinh","received_at":"2026-10-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Thị B"},"summary":"Khiếu nại"}
{"op":"route","petition":"T-1","at":"2026-10-02T08:00:00+07:00","to":"lower","unit":"xa-a","method":"transfer"}
{"op":"petition","ref":"A-1","committee":"xa-a","received_at":"2026-10-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Văn C"},"summary":"Khiếu nại"}
{"op":"petition","ref":"B-1","committee":"xa-b","received_at":"2026-10-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Phạm Văn D"},"summary":"Khiếu nại"}
{"op":"route","petition":"B-1","at":"2026-10-02T08:00:00+07:00","to":"other","unit":"tinh","method":"transfer"}`

// manyCommittees are keys of committees with no days: more than an
// area's report asks for (the store may read a long list otherwise).
var manyCommittees = []string{"xa-c", "xa-d", "xa-e", "xa-f", "xa-g", "xa-h", "xa-i", "xa-j", "xa-k",
	"xa-l", "xa-m", "xa-n", "xa-o", "xa-p", "xa-q", "xa-r", "xa-s", "xa-t", "xa-u", "xa-v"}

// A report store reads the days and timelines of the committees asked
// (every committee's when none is named), each day named by the committee
// that received its petitions, before and after they are summarized; and
// the petitions that cross into a committee: routed to it from another,
// and, when asked, sent up to it, with the committee each came from.
func testCommitteeDays(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.record(provinceHistory)
	from, to := cases.NewDate(2026, 1, 1), cases.NewDate(2026, 12, 31)
	for _, summarized := range []bool{false, true} {
		if summarized {
			e.summarize(4) // the province's 1 and 2 October, A's 2nd, B's 1st
		}
		err := e.s.ReportStore(e.ctx, func(s report.Store) error {
			for _, c := range []struct {
				committees []string
				want       string
			}{
				{nil, "B-1.tinh T-1 | A-1 | B-1"},
				{[]string{"xa-a"}, "A-1"},
				{[]string{"", "xa-b"}, "B-1.tinh T-1 | B-1"},
				// An area's many committees (read by a scan on SQLite),
				// most of them without a day.
				{append([]string{"xa-a", "xa-b"}, manyCommittees...), "A-1 | B-1"},
			} {
				type committeeDay struct {
					committee string
					day       cases.Date
				}
				var days []committeeDay
				err := s.Days(e.ctx, c.committees, from, to, true, func(committee string, day cases.Date, sum *report.DaySummary) error {
					if sum != nil != summarized {
						t.Errorf("day %s of %q: summarized %v, want %v", day, committee, sum != nil, summarized)
					}
					days = append(days, committeeDay{committee, day})
					return nil
				})
				if err != nil {
					return err
				}
				byCommittee := map[string][]string{}
				for _, d := range days {
					err := s.Received(e.ctx, []string{d.committee}, d.day, d.day, func(ref string, _ report.Timeline) error {
						byCommittee[d.committee] = append(byCommittee[d.committee], ref)
						return nil
					})
					if err != nil {
						return err
					}
				}
				var got []string
				for _, k := range []string{"", "xa-a", "xa-b"} {
					if refs := byCommittee[k]; refs != nil {
						slices.Sort(refs)
						got = append(got, strings.Join(refs, " "))
					}
				}
				if g := strings.Join(got, " | "); g != c.want {
					t.Errorf("summarized %v: the days of %q hold %q, want %q", summarized, c.committees, g, c.want)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err := e.s.ReportStore(e.ctx, func(s report.Store) error {
		for _, c := range []struct {
			committee string
			sentUp    bool
			want      []report.Crossing
		}{
			{"xa-a", false, []report.Crossing{{Ref: "T-1", Into: true, Other: ""}}},
			{"xa-a", true, []report.Crossing{{Ref: "T-1", Into: true, Other: ""}}},
			{"", false, nil},
			{"", true, []report.Crossing{{Ref: "B-1.tinh", Other: "xa-b", From: "B-1"}}},
			{"xa-b", true, nil},
		} {
			var got []report.Crossing
			err := s.CommitteePetitions(e.ctx, c.committee, c.sentUp, func(x report.Crossing) error {
				got = append(got, x)
				return nil
			})
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("the petitions crossing into %q (sent up: %v): %+v, want %+v", c.committee, c.sentUp, got, c.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
