package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tiepdan/tiepdan/cases"
)

// Period is a reporting period: the dates From to To, both included, in
// Asia/Ho_Chi_Minh. Name is the named period it was parsed from ("2023-H1"),
// or "" for a custom range.
type Period struct {
	Name     string
	From, To cases.Date
}

// NewPeriod returns the custom period from..to, both included.
func NewPeriod(from, to cases.Date) (Period, error) {
	if from > to {
		return Period{}, cases.Errorf(cases.EInvalid, "period: from %s is after to %s", from, to)
	}
	return Period{From: from, To: to}, nil
}

// InWindow refuses, naming field, a period that reaches outside the dates
// the installation accepts (cases.Window) as of now: a report of 0001 or of
// 2999 is a typing mistake, and its dates would not even print. Every
// surface that reads a period from a person (pages, API, XLSX, the command
// line) checks it here.
func (p Period) InWindow(field string, w cases.Window, now time.Time) error {
	for _, d := range []cases.Date{p.From, p.To} {
		if e := w.Check(field, d, now); e != nil {
			last := w.Last(now)
			return cases.FieldErrorf(field, "period %s lies outside the dates accepted, %s to %s", p, w.First, last).
				VI("Kỳ báo cáo nằm ngoài khoảng ngày được nhận (từ %s đến %s): xin kiểm tra lại năm.", w.First.VN(), last.VN())
		}
	}
	return nil
}

// Previous is the same period one year earlier (SPEC §4: "cùng kỳ"): the same
// dates, 29 February becoming 28 February. It has no name.
func (p Period) Previous() Period {
	return Period{From: yearEarlier(p.From), To: yearEarlier(p.To)}
}

func yearEarlier(d cases.Date) cases.Date {
	y, m, day := d.YMD()
	if m == time.February && day == 29 {
		day = 28
	}
	return cases.NewDate(y-1, m, day)
}

// Contains reports whether d lies in the period.
func (p Period) Contains(d cases.Date) bool { return d >= p.From && d <= p.To }

// Days is the number of days in the period.
func (p Period) Days() int { return int(p.To-p.From) + 1 }

// String is the period's name, or its dates for a custom period.
func (p Period) String() string {
	if p.Name != "" {
		return p.Name
	}
	return p.From.String() + ".." + p.To.String()
}

// MarshalJSON writes {"from", "to", "name"}; name is null for a custom period.
func (p Period) MarshalJSON() ([]byte, error) {
	var name *string
	if p.Name != "" {
		name = &p.Name
	}
	return json.Marshal(struct {
		From cases.Date `json:"from"`
		To   cases.Date `json:"to"`
		Name *string    `json:"name"`
	}{p.From, p.To, name})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (p *Period) UnmarshalJSON(b []byte) error {
	var v struct {
		From cases.Date `json:"from"`
		To   cases.Date `json:"to"`
		Name *string    `json:"name"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = Period{From: v.From, To: v.To}
	if v.Name != nil {
		p.Name = *v.Name
	}
	return nil
}

// Cutoffs is the table of reporting cut-offs (chốt số liệu, LAW.md): for each
// range of report years, the first and last day of each named period. It is
// data, shipped as periods.json and replaceable with LoadCutoffs, because the
// inspectorate's circulars change it.
type Cutoffs struct {
	rules []cutoffRule
}

type cutoffRule struct {
	ID            string                  `json:"id"`
	Source        string                  `json:"source"`
	ValidFromYear int                     `json:"valid_from_year,omitempty"`
	ValidToYear   int                     `json:"valid_to_year,omitempty"`
	Periods       map[string]cutoffWindow `json:"periods"`
}

type cutoffWindow struct {
	From             string `json:"from"` // MM-DD
	FromPreviousYear bool   `json:"from_previous_year,omitempty"`
	To               string `json:"to"` // MM-DD
	Label            string `json:"label,omitempty"`
}

// periodKinds are the named periods, in the order an error message lists them.
var periodKinds = []string{"Q1", "Q2", "Q3", "Q4", "H1", "H2", "9M", "Y"}

//go:embed periods.json
var defaultCutoffsJSON []byte

var defaultCutoffs = sync.OnceValues(func() (*Cutoffs, error) {
	return LoadCutoffs(bytes.NewReader(defaultCutoffsJSON))
})

// DefaultCutoffs returns the shipped table of reporting cut-offs.
func DefaultCutoffs() *Cutoffs {
	c, err := defaultCutoffs()
	if err != nil {
		panic("report: the shipped periods.json is invalid: " + err.Error())
	}
	return c
}

// LoadCutoffs reads a table of reporting cut-offs in the format of the shipped
// periods.json and checks it: every window has valid MM-DD dates, and the
// year ranges of the rules do not overlap.
func LoadCutoffs(r io.Reader) (*Cutoffs, error) {
	var f struct {
		Rules []cutoffRule `json:"rules"`
	}
	dec := json.NewDecoder(r)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("reporting periods: %w", err)
	}
	if len(f.Rules) == 0 {
		return nil, fmt.Errorf("reporting periods: no rules")
	}
	for i, ru := range f.Rules {
		if ru.ValidToYear != 0 && ru.ValidToYear < ru.ValidFromYear {
			return nil, fmt.Errorf("reporting periods: rule %s: valid_to_year %d is before valid_from_year %d", ru.ID, ru.ValidToYear, ru.ValidFromYear)
		}
		for k, w := range ru.Periods {
			if !slices.Contains(periodKinds, k) {
				return nil, fmt.Errorf("reporting periods: rule %s: unknown period %q (known: %s)", ru.ID, k, strings.Join(periodKinds, ", "))
			}
			if _, _, err := monthDay(w.From); err != nil {
				return nil, fmt.Errorf("reporting periods: rule %s, %s: from: %w", ru.ID, k, err)
			}
			if _, _, err := monthDay(w.To); err != nil {
				return nil, fmt.Errorf("reporting periods: rule %s, %s: to: %w", ru.ID, k, err)
			}
		}
		for _, o := range f.Rules[:i] {
			if overlap(o, ru) {
				return nil, fmt.Errorf("reporting periods: rules %s and %s apply to the same years", o.ID, ru.ID)
			}
		}
	}
	return &Cutoffs{rules: f.Rules}, nil
}

func overlap(a, b cutoffRule) bool {
	aTo, bTo := a.ValidToYear, b.ValidToYear
	if aTo == 0 {
		aTo = 1 << 30
	}
	if bTo == 0 {
		bTo = 1 << 30
	}
	return a.ValidFromYear <= bTo && b.ValidFromYear <= aTo
}

func monthDay(s string) (time.Month, int, error) {
	t, err := time.Parse("01-02", s)
	if err != nil {
		return 0, 0, fmt.Errorf("%q is not a day of the year MM-DD", s)
	}
	return t.Month(), t.Day(), nil
}

var periodName = regexp.MustCompile(`^(\d{4})(?:-(Q[1-4]|H[12]|9M))?$`)

// Period returns the named period: "2023" (the year), "2023-Q1" … "2023-Q4",
// "2023-H1" (the first six months), "2023-H2" (the last six months) or
// "2023-9M" (nine months), with the cut-off dates
// in force for that year. A custom range "2023-02-10..2023-02-20" is accepted
// too.
func (c *Cutoffs) Period(name string) (Period, error) {
	s := strings.ToUpper(strings.TrimSpace(name))
	if from, to, ok := strings.Cut(s, ".."); ok {
		f, err := cases.ParseDate(from)
		if err != nil {
			return Period{}, cases.Errorf(cases.EInvalid, "period %q: from: %v", name, err)
		}
		t, err := cases.ParseDate(to)
		if err != nil {
			return Period{}, cases.Errorf(cases.EInvalid, "period %q: to: %v", name, err)
		}
		return NewPeriod(f, t)
	}
	m := periodName.FindStringSubmatch(s)
	if m == nil {
		return Period{}, cases.Errorf(cases.EInvalid,
			"unknown period %q: a period is a year (2023), a quarter (2023-Q1 … 2023-Q4), six months (2023-H1, 2023-H2), nine months (2023-9M) or dates FROM..TO (2023-02-10..2023-02-20)", name)
	}
	year, _ := strconv.Atoi(m[1])
	kind := m[2]
	if kind == "" {
		kind = "Y"
	}
	ru := c.rule(year)
	if ru == nil {
		return Period{}, cases.Errorf(cases.EInvalid, "period %q: the table of reporting periods has no rule for %d", name, year)
	}
	w, ok := ru.Periods[kind]
	if !ok {
		return Period{}, cases.Errorf(cases.EInvalid, "period %q: the reporting rule %s for %d defines no %s period", name, ru.ID, year, kind)
	}
	fm, fd, _ := monthDay(w.From)
	tm, td, _ := monthDay(w.To)
	fy := year
	if w.FromPreviousYear {
		fy--
	}
	p := Period{Name: m[0], From: cases.NewDate(fy, fm, fd), To: cases.NewDate(year, tm, td)}
	if p.From > p.To {
		return Period{}, cases.Errorf(cases.EInvalid, "period %q: the reporting rule %s gives from %s after to %s", name, ru.ID, p.From, p.To)
	}
	return p, nil
}

func (c *Cutoffs) rule(year int) *cutoffRule {
	for i := range c.rules {
		ru := &c.rules[i]
		if (ru.ValidFromYear == 0 || year >= ru.ValidFromYear) && (ru.ValidToYear == 0 || year <= ru.ValidToYear) {
			return ru
		}
	}
	return nil
}

// ParsePeriod returns the named period of the shipped cut-off table (see
// Cutoffs.Period).
func ParsePeriod(name string) (Period, error) {
	return DefaultCutoffs().Period(name)
}

// Label names the period as a heading does: "6 tháng cuối năm 2026", "Quý I
// năm 2023", "Năm 2023", with the label the table of reporting periods gives
// its kind; "" for a custom period, or a name the shipped table does not
// know.
func (p Period) Label() string {
	m := periodName.FindStringSubmatch(p.Name)
	if m == nil {
		return ""
	}
	year, _ := strconv.Atoi(m[1])
	kind := m[2]
	if kind == "" {
		kind = "Y"
	}
	ru := DefaultCutoffs().rule(year)
	if ru == nil || ru.Periods[kind].Label == "" {
		return ""
	}
	label := ru.Periods[kind].Label
	if !strings.HasSuffix(label, "năm") {
		label += " năm"
	}
	r, size := utf8.DecodeRuneInString(label)
	return string(unicode.ToUpper(r)) + label[size:] + " " + m[1]
}

// Cut is p as reported at the end of day (SPEC §9, "Unfinished periods"):
// p itself when it ended by then, else p from its first day to day, keeping
// its name. A period that begins after day has nothing to report yet: it is
// refused.
func (p Period) Cut(day cases.Date) (Period, error) {
	if day >= p.To {
		return p, nil
	}
	if day < p.From {
		return Period{}, cases.Errorf(cases.EInvalid, "period %s begins on %s, after %s: it has no figures yet", p, p.From, day)
	}
	p.To = day
	return p, nil
}

// QuarterOf is the quarter of the table of reporting periods that day falls
// in: "2026-Q4" for 25/11/2026, "2027-Q1" for 20/12/2026 (a year's first
// quarter starts on the previous year's cut-off day).
func (c *Cutoffs) QuarterOf(day cases.Date) (Period, error) {
	y, _, _ := day.YMD()
	for _, year := range []int{y, y + 1} {
		for _, q := range []string{"Q1", "Q2", "Q3", "Q4"} {
			p, err := c.Period(strconv.Itoa(year) + "-" + q)
			if err == nil && p.Contains(day) {
				return p, nil
			}
		}
	}
	return Period{}, cases.Errorf(cases.EInvalid, "the table of reporting periods has no quarter holding %s", day)
}

// QuarterOf is the quarter of the shipped table that day falls in
// (Cutoffs.QuarterOf).
func QuarterOf(day cases.Date) (Period, error) { return DefaultCutoffs().QuarterOf(day) }
