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
		timelinesQuery: {`["a"]`},
		receivedQuery:  {1, 2},
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
