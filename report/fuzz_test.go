package report_test

import (
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// FuzzPeriod: the period parser never panics; a period it reads runs from
// its first day to its last, and one that the window accepts lies in it
// whole, with a previous year that prints.
func FuzzPeriod(f *testing.F) {
	for _, s := range []string{"2023", "2023-H1", "2023-h2", "2026-Q4", "2023-9M", "2023-02-10..2023-02-20", "0001", "9999-Q1",
		"2023-03-01..2023-02-01", " 2023-q1 ", "2023-H3", "..", "0000-01-01..9999-12-31"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Zone)
	f.Fuzz(func(t *testing.T, s string) {
		p, err := report.ParsePeriod(s)
		if err != nil {
			if cases.ErrorCode(err) != cases.EInvalid {
				t.Fatalf("%q: a refusal that is not invalid input: %v", s, err)
			}
			return
		}
		if p.From > p.To {
			t.Fatalf("%q: from %s after to %s", s, p.From, p.To)
		}
		if err := p.InWindow("period", cases.DefaultWindow, now); err != nil {
			if cases.ErrorCode(err) != cases.EInvalid {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		last := cases.DefaultWindow.Last(now)
		if p.From < cases.DefaultWindow.First || p.To > last {
			t.Fatalf("%q: %s..%s accepted outside the window", s, p.From, p.To)
		}
		if prev := p.Previous(); prev.From > prev.To || len(prev.String()) != len("2023-01-01..2023-12-31") {
			t.Fatalf("%q: previous %s", s, prev)
		}
	})
}
