package report_test

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// TestReportsAcrossTheReformsAgreeWithNaiveCount reports on the demo of
// today's office — a district until 30/06/2025, the commune formed by the
// merger after, the amended laws from 01/07/2026 — over periods before,
// across and after each date, and checks every figure against the naive
// count.
func TestReportsAcrossTheReformsAgreeWithNaiveCount(t *testing.T) {
	petitions := 2000
	if testing.Short() {
		petitions = 600
	}
	now := time.Date(2026, 12, 7, 17, 0, 0, 0, cases.Zone)
	gr, gw := io.Pipe()
	go func() {
		gw.CloseWithError(demo.Generate(gw, demo.Options{Petitions: petitions, Seed: 1, Now: now}))
	}()
	path := filepath.Join(t.TempDir(), "today.db")
	db, err := storage.Open(context.Background(), path, workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	importNDJSON(t, db, gr, now.Add(time.Hour))
	if _, err := db.SummarizeDays(context.Background()); err != nil {
		t.Fatal(err)
	}
	events := readAllEvents(t, path)
	dl := testDeadlines()
	periods := []string{
		"2024-Q4", "2025-Q2", // a district's
		"2025-06-16..2025-07-13", "2025", // across the two-tier reform
		"2025-Q3", "2026-Q1", // the commune's
		"2026-H1", "2026-06-15..2026-07-12", // up to and across the amended laws
		"2026-Q3", "2026-07-01..2026-11-30", // under the amended laws
	}
	received := 0
	for _, name := range periods {
		p := mustPeriod(t, name)
		want := jsonOf(t, naiveCompute(t, events, p, time.Time{}, report.DefaultGroupThreshold, dl))
		f := compute(t, db, p, report.Options{Deadlines: dl})
		if got := jsonOf(t, f); got != want {
			t.Errorf("%s: Compute and the naive count differ:\n%s", name, diffLines(want, got))
		}
		received += f.Received.Total.Petitions
		if f.Received.Total.Petitions == 0 && f.Reception.Visits.Total == 0 {
			t.Errorf("%s: nothing received nor visited: the history does not reach it", name)
		}
	}
	t.Logf("%d complaints and denunciations received over the periods", received)
}
