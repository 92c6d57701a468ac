package report_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

func date(t *testing.T, s string) cases.Date {
	t.Helper()
	d, err := cases.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The named periods follow the cut-offs of LAW.md (TT 01/2024/TT-TTCP).
func TestParsePeriod(t *testing.T) {
	tests := []struct {
		name, from, to, prevFrom, prevTo string
	}{
		{"2023-Q1", "2022-12-15", "2023-03-14", "2021-12-15", "2022-03-14"},
		{"2023-Q2", "2023-03-15", "2023-06-14", "2022-03-15", "2022-06-14"},
		{"2023-Q3", "2023-06-15", "2023-09-14", "2022-06-15", "2022-09-14"},
		{"2023-Q4", "2023-09-15", "2023-12-14", "2022-09-15", "2022-12-14"},
		{"2023-H1", "2022-12-15", "2023-06-14", "2021-12-15", "2022-06-14"},
		{"2026-H2", "2026-06-15", "2026-12-14", "2025-06-15", "2025-12-14"},
		{"2023-9M", "2022-12-15", "2023-09-14", "2021-12-15", "2022-09-14"},
		{"2023", "2022-12-15", "2023-12-14", "2021-12-15", "2022-12-14"},
		{"2027-h1", "2026-12-15", "2027-06-14", "2025-12-15", "2026-06-14"},
		{"2023-02-10..2023-02-20", "2023-02-10", "2023-02-20", "2022-02-10", "2022-02-20"},
		// 29 February becomes 28 February.
		{"2024-02-29..2024-03-01", "2024-02-29", "2024-03-01", "2023-02-28", "2023-03-01"},
		{"2024-02-01..2024-02-29", "2024-02-01", "2024-02-29", "2023-02-01", "2023-02-28"},
	}
	for _, tt := range tests {
		p, err := report.ParsePeriod(tt.name)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		prev := p.Previous()
		if got := []string{p.From.String(), p.To.String(), prev.From.String(), prev.To.String()}; strings.Join(got, " ") !=
			strings.Join([]string{tt.from, tt.to, tt.prevFrom, tt.prevTo}, " ") {
			t.Errorf("%s: %v, want %s..%s and %s..%s", tt.name, got, tt.from, tt.to, tt.prevFrom, tt.prevTo)
		}
	}
}

func TestPeriodErrors(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"2023-Q5", `unknown period "2023-Q5"`},
		{"H1", `unknown period "H1"`},
		{"", `unknown period ""`},
		{"2023-06-01..2023-05-01", "from 2023-06-01 is after to 2023-05-01"},
		{"2023-06-01..2023-13-01", `to: "2023-13-01" is not a date`},
	} {
		_, err := report.ParsePeriod(tt.name)
		if cases.ErrorCode(err) != cases.EInvalid || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want invalid, mentioning %q", tt.name, err, tt.want)
		}
	}
	if _, err := report.NewPeriod(date(t, "2023-02-02"), date(t, "2023-02-01")); err == nil ||
		!strings.Contains(err.Error(), "from 2023-02-02 is after to 2023-02-01") {
		t.Errorf("NewPeriod backwards: %v", err)
	}
	if p, err := report.NewPeriod(date(t, "2023-02-01"), date(t, "2023-02-01")); err != nil || p.Days() != 1 {
		t.Errorf("one-day period: %+v, %v", p, err)
	}
}

// The cut-off table is data: a rule for later years replaces the windows.
func TestLoadCutoffs(t *testing.T) {
	c, err := report.LoadCutoffs(strings.NewReader(`{"rules": [
		{"id": "old", "valid_to_year": 2025, "periods": {"Y": {"from": "12-15", "from_previous_year": true, "to": "12-14"}}},
		{"id": "new", "valid_from_year": 2026, "periods": {"Y": {"from": "01-01", "to": "12-31"}, "Q1": {"from": "01-01", "to": "03-31"}}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"2025": "2024-12-15..2025-12-14", "2026": "2026-01-01..2026-12-31", "2027-Q1": "2027-01-01..2027-03-31"} {
		p, err := c.Period(name)
		if err != nil || p.From.String()+".."+p.To.String() != want {
			t.Errorf("%s: %v %v, want %s", name, p, err, want)
		}
	}
	if _, err := c.Period("2025-Q1"); err == nil || !strings.Contains(err.Error(), "defines no Q1 period") {
		t.Errorf("2025-Q1: %v", err)
	}
	for _, bad := range []string{
		`{"rules": []}`,
		`{"rules": [{"id": "a", "periods": {"Q9": {"from": "01-01", "to": "02-01"}}}]}`,
		`{"rules": [{"id": "a", "periods": {"Q1": {"from": "02-30", "to": "03-01"}}}]}`,
		`{"rules": [{"id": "a", "periods": {}}, {"id": "b", "valid_from_year": 2026, "periods": {}}]}`,
	} {
		if _, err := report.LoadCutoffs(strings.NewReader(bad)); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}

func TestPeriodJSON(t *testing.T) {
	named := mustPeriod(t, "2023-H1")
	custom, _ := report.NewPeriod(date(t, "2023-02-10"), date(t, "2023-02-20"))
	for p, want := range map[report.Period]string{
		named:  `{"from":"2022-12-15","to":"2023-06-14","name":"2023-H1"}`,
		custom: `{"from":"2023-02-10","to":"2023-02-20","name":null}`,
	} {
		b, err := json.Marshal(p)
		if err != nil || string(b) != want {
			t.Errorf("%v: %s, %v, want %s", p, b, err, want)
		}
		var back report.Period
		if err := json.Unmarshal(b, &back); err != nil || back != p {
			t.Errorf("%s read back as %+v, %v", b, back, err)
		}
	}
}

// The quarter a day falls in follows the cut-offs: from 15/12 a day is in
// the next year's first quarter.
func TestQuarterOf(t *testing.T) {
	for _, tc := range []struct{ day, want string }{
		{"2026-11-25", "2026-Q4"},
		{"2026-12-14", "2026-Q4"},
		{"2026-12-15", "2027-Q1"},
		{"2027-01-02", "2027-Q1"},
		{"2027-03-15", "2027-Q2"},
		{"2023-09-14", "2023-Q3"},
	} {
		p, err := report.QuarterOf(date(t, tc.day))
		if err != nil || p.Name != tc.want || !p.Contains(date(t, tc.day)) {
			t.Errorf("QuarterOf(%s) = %+v, %v; want %s", tc.day, p, err, tc.want)
		}
	}
}
