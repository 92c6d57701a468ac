package cases

import (
	"fmt"
	"time"
)

// Window is the span of dates a command may name: no date or instant before
// First, none after 31 December of the year of receipt plus YearsAhead. A
// date outside it is a typing mistake (0001-01-01, 9999-12-31), never a
// record of this office: People's Committees date from 1945, and nothing is
// planned further ahead than the next year. The operator may widen or
// narrow it (docs/operations.md); replay judges history without it, by what
// was accepted when it was recorded.
type Window struct {
	First      Date
	YearsAhead int
}

// DefaultWindow accepts 1945-01-01 to 31 December of next year.
var DefaultWindow = Window{First: NewDate(1945, time.January, 1), YearsAhead: 1}

// Last is the last date the window accepts for what is received at now.
func (w Window) Last(now time.Time) Date {
	return NewDate(now.In(Zone).Year()+w.YearsAhead, time.December, 31)
}

// Check refuses, naming field, a date d outside the window for what is
// received at now; it returns nil for a date inside it.
func (w Window) Check(field string, d Date, now time.Time) *Error {
	last := w.Last(now)
	if d >= w.First && d <= last {
		return nil
	}
	return FieldErrorf(field, "%s lies outside the dates accepted, %s to %s", d, w.First, last).
		VI("Ngày %s nằm ngoài khoảng ngày được nhận (từ %s đến %s): xin kiểm tra lại năm.", d.VN(), w.First.VN(), last.VN())
}

// ParseWindow reads a window from its settings: the first date
// (YYYY-MM-DD) and the years ahead of the year of receipt (0 to 100).
func ParseWindow(first string, yearsAhead int) (Window, error) {
	d, err := ParseDate(first)
	if err != nil {
		return Window{}, fmt.Errorf("first date accepted: %w", err)
	}
	if yearsAhead < 0 || yearsAhead > 100 {
		return Window{}, fmt.Errorf("years ahead accepted: %d is not between 0 and 100", yearsAhead)
	}
	return Window{First: d, YearsAhead: yearsAhead}, nil
}
