package storage

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// Each query of the report store reads through an index, never the whole
// event table.
func TestReportQueriesUseIndexes(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	queries := map[string][]any{
		actedQuery:     {1, 2},
		openQuery:      {1, 2},
		timelinesQuery: {`["a"]`},
		receivedQuery:  {1, 2},
		visitsQuery:    {1, 2},
	}
	for q, args := range queries {
		rows, err := db.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		for _, step := range plan {
			// The subqueries a query reads as it makes them are no tables.
			if strings.HasPrefix(step, "SCAN ") && !strings.Contains(step, "json_each") &&
				!strings.Contains(step, "INDEX") && step != "SCAN p" && !strings.HasPrefix(step, "SCAN (subquery-") {
				t.Errorf("%s\nreads a whole table: %s", q, strings.Join(plan, "; "))
			}
		}
	}
}

// report_accepted follows the accept, resolve and terminate events.
func TestReportAcceptedFollowsTheHistory(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	exec(t, db, `{"op":"unit","ref":"own","name":"UBND","kind":"own"}`)
	for _, ref := range []string{"P-1", "P-2", "P-3"} {
		exec(t, db, strings.Replace(petitionLine, "P-1", ref, 1))
		exec(t, db, `{"op":"classify","petition":"`+ref+`","at":"2023-03-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`)
	}
	exec(t, db, `{"op":"accept","petition":"P-1","at":"2023-03-05T08:00:00+07:00"}`)
	exec(t, db, `{"op":"resolve","petition":"P-1","at":"2023-04-05T08:00:00+07:00","verdict":"correct"}`)
	exec(t, db, `{"op":"terminate","petition":"P-1","at":"2023-04-06T08:00:00+07:00","reason":"other"}`)
	exec(t, db, `{"op":"accept","petition":"P-2","at":"2023-03-06T08:00:00+07:00"}`)
	exec(t, db, `{"op":"terminate","petition":"P-3","at":"2023-03-07T08:00:00+07:00","reason":"withdrawn"}`)

	rows := func() string {
		var b strings.Builder
		err := each(ctx, db.read, `SELECT petition, accept_day, coalesce(close_day, -1) FROM report_accepted ORDER BY petition`,
			func(scan func(...any) error) error {
				var p string
				var a, c int64
				if err := scan(&p, &a, &c); err != nil {
					return err
				}
				b.WriteString(p + " " + cases.Date(a).String() + " " + cases.Date(c).String() + "\n")
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := "P-1 2023-03-05 2023-04-05\nP-2 2023-03-06 1969-12-31\n"
	if got := rows(); got != want {
		t.Fatalf("report_accepted:\n%s\nwant\n%s", got, want)
	}

	// The store answers through it.
	err := db.ReportStore(ctx, func(s report.Store) error {
		var got []string
		collect := func(r string) error { got = append(got, r); return nil }
		d := func(s string) cases.Date { v, _ := cases.ParseDate(s); return v }
		if err := s.Open(ctx, d("2023-04-01"), 1<<62, collect); err != nil {
			return err
		}
		if err := s.Acted(ctx, d("2023-03-06"), d("2023-03-06"), collect); err != nil {
			return err
		}
		sort.Strings(got)
		if strings.Join(got, " ") != "P-1 P-2 P-2" {
			t.Errorf("open on 2023-04-01, then acted on 2023-03-06: %v", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A fork of the report store reads the very snapshot of the store it was
// forked from, and there is none once a command has been recorded since.
func TestReportStoreFork(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	exec(t, db, petitionLine)
	received := func(s report.Store) []string {
		var got []string
		d, _ := cases.ParseDate("2023-03-01")
		err := s.Received(ctx, d, d, func(ref string, _ report.Timeline) error {
			got = append(got, ref)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(got)
		return got
	}
	err := db.ReportStore(ctx, func(s report.Store) error {
		f, release := s.Fork(ctx)
		if f == nil {
			t.Fatal("no fork of an idle store")
		}
		defer release()
		if got, want := received(f), received(s); !reflect.DeepEqual(got, want) || len(got) != 1 {
			t.Errorf("the fork reads %v, the store %v", got, want)
		}
		// A command recorded now is seen by neither the store nor a fork.
		exec(t, db, strings.Replace(petitionLine, "P-1", "P-2", 1))
		if got := received(s); len(got) != 1 {
			t.Errorf("the store's snapshot moved: %v", got)
		}
		if f2, release2 := s.Fork(ctx); f2 != nil {
			release2()
			t.Error("a fork opened after a new command was recorded")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
