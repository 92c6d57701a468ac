package workflow

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tiepdan/tiepdan/cases"
)

// The administrator's edits of the holiday table, made on the admin page when
// the Government announces next year's Tết or a swapped day, and kept by the
// store as it keeps the history: an edit is a new row with who made it and
// when, never a changed one. The calendar in force is the table (the shipped
// one, a --holidays file over it) with the edits laid over it day by day in
// the order they were recorded: the last edit of a day decides it.

// The kinds of a calendar edit.
const (
	// EditDayOff makes the day a day off: a holiday, a day of the Tết
	// break, a compensatory or swapped day.
	EditDayOff = "off"
	// EditWorkingDay makes a Saturday or Sunday a working day (làm bù).
	EditWorkingDay = "working"
	// EditOrdinary takes the day out of the table: a weekday is worked
	// again and a weekend day rests, as if it had never been listed.
	EditOrdinary = "ordinary"
)

// CalendarEdit is one edit of the holiday table: what a day becomes, its
// name and the announcement it comes from, who recorded it and when.
type CalendarEdit struct {
	// Seq orders the edits: the store's row number.
	Seq  int64      `json:"seq"`
	Date cases.Date `json:"date"`
	Kind string     `json:"kind"` // EditDayOff, EditWorkingDay or EditOrdinary
	// Name is the day's name as the office calls it ("Nghỉ Tết Nguyên
	// đán", "Làm bù cho ngày 02/01/2026"); Source the text that announces
	// it. Both are required but for EditOrdinary, whose Source says why.
	Name       string    `json:"name,omitempty"`
	Source     string    `json:"source,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by"`
	// Committee is the committee the edit is for: "" for the whole
	// installation, a committee's key for it alone (Calendars).
	Committee string `json:"committee,omitempty"`
}

// Limits of an edit's text.
const (
	maxEditName   = 200
	maxEditSource = 500
)

// Check checks an edit before it is laid over a calendar: its kind, a date
// in 1900–2199, a name and a source where they are required, and a working
// day only on a Saturday or Sunday (any other day works already). Errors are
// invalid-input errors naming the field.
func (e *CalendarEdit) Check() error {
	if y := yearOf(e.Date); y < 1900 || y > 2199 {
		return cases.FieldErrorf("date", "%s is outside 1900–2199", e.Date)
	}
	switch e.Kind {
	case EditDayOff, EditWorkingDay:
		if strings.TrimSpace(e.Name) == "" {
			return cases.FieldErrorf("name", "is required: every day needs its Vietnamese name")
		}
		if strings.TrimSpace(e.Source) == "" {
			return cases.FieldErrorf("source", "is required: every day needs its source")
		}
	case EditOrdinary:
	default:
		return cases.FieldErrorf("kind", "must be off, working or ordinary, not %q", e.Kind)
	}
	switch {
	case !utf8.ValidString(e.Name) || utf8.RuneCountInString(e.Name) > maxEditName:
		return cases.FieldErrorf("name", "is longer than %d characters", maxEditName)
	case !utf8.ValidString(e.Source) || utf8.RuneCountInString(e.Source) > maxEditSource:
		return cases.FieldErrorf("source", "is longer than %d characters", maxEditSource)
	case e.Kind == EditWorkingDay && !weekend(e.Date):
		return cases.FieldErrorf("date", "working day %s is a %s, already a working day: only a Saturday or Sunday can be made one",
			e.Date, weekdayLabel(e.Date))
	}
	return nil
}

// Listed reports how the calendar lists day d: EditDayOff for a day off of
// the table (or of the suggestion for a year it lacks, or of an edit),
// EditWorkingDay for a weekend day made a working day, "" for an ordinary
// day. Only a listed day can be taken out.
func (c *Calendar) Listed(d cases.Date) (kind, name string) {
	y := c.year(yearOf(d))
	if e, ok := y.work[d]; ok {
		return EditWorkingDay, e.Name
	}
	if e, ok := y.off[d]; ok {
		return EditDayOff, e.Name
	}
	return "", ""
}

// WithEdits returns the calendar with edits laid over it, in the order
// given (the order they were recorded): each edit sets one day, the last
// edit of a day wins. A year the table lacks keeps the suggested days no
// edit touches. c does not change; with no edits, WithEdits returns c.
func (c *Calendar) WithEdits(edits []CalendarEdit) *Calendar {
	if len(edits) == 0 {
		return c
	}
	m := &Calendar{years: maps.Clone(c.years)}
	touched := map[int]*calendarYear{}
	for _, e := range edits {
		n := yearOf(e.Date)
		y, ok := touched[n]
		if !ok {
			y = c.year(n).clone()
			touched[n] = y
		}
		y.apply(e)
	}
	for n, y := range touched {
		y.daysOff = slices.Collect(maps.Values(y.off))
		y.workingDays = slices.Collect(maps.Values(y.work))
		y.index()
		m.years[n] = y
	}
	return m
}

// Edits returns the edits of the year laid over the calendar, in the order
// they were recorded.
func (c *Calendar) Edits(year int) []CalendarEdit {
	if y, ok := c.years[year]; ok {
		return slices.Clone(y.edits)
	}
	return nil
}

// clone returns a copy of y that apply may change.
func (y *calendarYear) clone() *calendarYear {
	cp := *y
	cp.off, cp.work = maps.Clone(y.off), maps.Clone(y.work)
	cp.daysOff, cp.workingDays = nil, nil
	cp.edits = slices.Clone(y.edits)
	return &cp
}

// apply lays one edit over the year's maps.
func (y *calendarYear) apply(e CalendarEdit) {
	e.Name, e.Source = strings.TrimSpace(e.Name), strings.TrimSpace(e.Source)
	y.edits = append(y.edits, e)
	delete(y.off, e.Date)
	delete(y.work, e.Date)
	entry := calendarEntry{Date: e.Date, Name: e.Name, Note: e.Source, Edit: &e}
	switch e.Kind {
	case EditDayOff:
		y.off[e.Date] = entry
	case EditWorkingDay:
		y.work[e.Date] = entry
	}
}

// EditLabel is the kind of an edit as the admin page and the calendar's
// text name it.
func EditLabel(kind string) string {
	switch kind {
	case EditDayOff:
		return "Ngày nghỉ"
	case EditWorkingDay:
		return "Ngày làm bù"
	case EditOrdinary:
		return "Bỏ khỏi bảng (ngày bình thường)"
	}
	return fmt.Sprintf("%q", kind)
}

// EditsAsOf returns the edits recorded at or before t, in their order.
func EditsAsOf(edits []CalendarEdit, t time.Time) []CalendarEdit {
	return recordedBy(edits, t, func(e *CalendarEdit) time.Time { return e.RecordedAt })
}

// recordedBy returns the edits recorded (recordedAt) at or before t, in their
// order.
func recordedBy[E any](edits []E, t time.Time, recordedAt func(*E) time.Time) []E {
	var out []E
	for i := range edits {
		if !recordedAt(&edits[i]).After(t) {
			out = append(out, edits[i])
		}
	}
	return out
}
