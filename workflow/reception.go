package workflow

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The reception plan of SPEC §3: the days the head of the committee receives
// citizens (tiếp định kỳ), where a day off moves them and who presides.
//
// The plan is data (reception.json, or an installation's own file): periods
// with the days of the month or of the week, the rule for a day off and the
// leaders who take turns, plus explicit assignments by date. Everything here
// is computed from the plan and the working-day calendar; nothing is read or
// written. The schedule (schedule.go) joins the plan's days with the recorded
// history.

//go:embed reception.json
var embeddedReception []byte

// MoveRule says what happens to a periodic reception day that is not a
// working day.
type MoveRule string

// The move rules. LAW.md: no national rule; every circular and commune
// schedule found moves the day to the next working day, the default.
const (
	MoveNext     MoveRule = "next"
	MovePrevious MoveRule = "previous"
	MoveSkip     MoveRule = "skip"
)

var moveLabels = map[MoveRule]string{
	MoveNext:     "Chuyển sang ngày làm việc kế tiếp",
	MovePrevious: "Chuyển lên ngày làm việc liền trước",
	MoveSkip:     "Không tiếp kỳ đó",
}

// Label is the rule's Vietnamese name.
func (m MoveRule) Label() string {
	if l, ok := moveLabels[m]; ok {
		return l
	}
	return string(m)
}

// Valid reports whether m is a known rule.
func (m MoveRule) Valid() bool { _, ok := moveLabels[m]; return ok }

// How the presiding leader of a reception day was chosen.
const (
	LeaderByRotation   = "rotation"
	LeaderByAssignment = "assignment"
)

// ReceptionPeriod is one stretch of a committee's reception plan. It runs from
// From until the day before the next period's From (the last one stays in
// force), so that a new quy chế, or the 2025 reform that made a district's
// plan a commune's, is a new period and the old days still read as they were.
type ReceptionPeriod struct {
	From cases.Date `json:"from"`
	// DaysOfMonth are the days of each month (1–31); a day the month lacks
	// falls on its last day ("ngày 30 hằng tháng" is 28/02).
	DaysOfMonth []int `json:"days_of_month,omitempty"`
	// Weekdays are days of each week, monday to friday (a commune head
	// receives at least one day a week).
	Weekdays []string `json:"weekdays,omitempty"`
	// Move is the rule for a day off; empty means next.
	Move MoveRule `json:"move,omitempty"`
	// Leaders preside in turn, one reception day each, counted from the
	// period's first reception day.
	Leaders []string `json:"leaders"`
	// Source is the decision that sets the plan.
	Source string `json:"source,omitempty"`
}

// Assignment names the leader who presides on one reception day instead of
// the one whose turn it is. Date is the day the reception is held or the
// scheduled day it was moved from. The rotation goes on as if the day had been
// taken in turn: an assignment changes one day, not the order of the others.
type Assignment struct {
	Date   cases.Date `json:"date"`
	Leader string     `json:"leader"`
	Note   string     `json:"note,omitempty"`
}

// receptionFile is the plan's file format, version 1.
type receptionFile struct {
	Version     int               `json:"version"`
	Note        string            `json:"note,omitempty"`
	Periods     []ReceptionPeriod `json:"periods"`
	Assignments []Assignment      `json:"assignments,omitempty"`
}

// Reception is a committee's periodic reception plan. It is immutable once
// loaded and safe for concurrent use.
type Reception struct {
	file    receptionFile
	periods []receptionPeriod
	assign  map[cases.Date]Assignment
}

type receptionPeriod struct {
	ReceptionPeriod
	until    cases.Date // its last day; 0 for the last period
	monthDay [32]bool
	weekday  [7]bool
}

var weekdayNames = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

var defaultReception = sync.OnceValue(func() *Reception {
	r, err := LoadReception(bytes.NewReader(embeddedReception))
	if err != nil {
		panic("workflow: embedded reception.json: " + err.Error())
	}
	return r
})

// DefaultReception returns the plan shipped with tiepdan (reception.json): the
// 9th and 24th of each month, moved to the next working day, presided by the
// chairman.
func DefaultReception() *Reception { return defaultReception() }

// LoadReception reads a reception plan (the format of reception.json) and
// checks it: known fields only, periods in order of their start, each with
// days and leaders, known move rules, weekdays that are working days, one
// assignment per date. Errors are invalid-input errors naming the entry.
func LoadReception(r io.Reader) (*Reception, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f receptionFile
	if err := dec.Decode(&f); err != nil {
		return nil, cases.Errorf(cases.EInvalid, "reception plan: %v", err)
	}
	if f.Version != 1 {
		return nil, cases.FieldErrorf("version", "reception plan version %d is not supported (want 1)", f.Version)
	}
	if len(f.Periods) == 0 {
		return nil, cases.FieldErrorf("periods", "missing: the plan needs at least one period")
	}
	rc := &Reception{file: f, assign: make(map[cases.Date]Assignment, len(f.Assignments))}
	for i := range f.Periods {
		p := &rc.file.Periods[i]
		field := fmt.Sprintf("periods[%d]", i)
		if p.From == 0 {
			return nil, cases.FieldErrorf(field+".from", "missing: the day the period starts")
		}
		if i > 0 && p.From <= f.Periods[i-1].From {
			return nil, cases.FieldErrorf(field+".from", "%s is not after the previous period's start %s", p.From, f.Periods[i-1].From)
		}
		if p.Move == "" {
			p.Move = MoveNext
		}
		if !p.Move.Valid() {
			return nil, cases.FieldErrorf(field+".move", "%q is not next, previous or skip", p.Move)
		}
		if len(p.DaysOfMonth) == 0 && len(p.Weekdays) == 0 {
			return nil, cases.FieldErrorf(field, "give days_of_month, weekdays or both")
		}
		rp := receptionPeriod{ReceptionPeriod: *p}
		for _, d := range p.DaysOfMonth {
			if d < 1 || d > 31 {
				return nil, cases.FieldErrorf(field+".days_of_month", "%d is not a day of the month (1–31)", d)
			}
			if rp.monthDay[d] {
				return nil, cases.FieldErrorf(field+".days_of_month", "%d is listed twice", d)
			}
			rp.monthDay[d] = true
		}
		for _, name := range p.Weekdays {
			wd, ok := weekdayNames[name]
			switch {
			case !ok:
				return nil, cases.FieldErrorf(field+".weekdays", "%q is not monday, tuesday, wednesday, thursday or friday", name)
			case wd == time.Saturday || wd == time.Sunday:
				return nil, cases.FieldErrorf(field+".weekdays", "%s is a weekly rest day, not a working day", name)
			case rp.weekday[wd]:
				return nil, cases.FieldErrorf(field+".weekdays", "%s is listed twice", name)
			}
			rp.weekday[wd] = true
		}
		if len(p.Leaders) == 0 {
			return nil, cases.FieldErrorf(field+".leaders", "missing: at least one leader presides")
		}
		for j, l := range p.Leaders {
			if strings.TrimSpace(l) == "" || len(l) > 200 {
				return nil, cases.FieldErrorf(fmt.Sprintf("%s.leaders[%d]", field, j), "must be a name or title of at most 200 bytes")
			}
		}
		if i > 0 {
			rc.periods[i-1].until = p.From - 1
		}
		rc.periods = append(rc.periods, rp)
	}
	for i, a := range f.Assignments {
		field := fmt.Sprintf("assignments[%d]", i)
		switch {
		case a.Date == 0:
			return nil, cases.FieldErrorf(field+".date", "missing")
		case strings.TrimSpace(a.Leader) == "" || len(a.Leader) > 200:
			return nil, cases.FieldErrorf(field+".leader", "must be a name or title of at most 200 bytes")
		}
		if prev, dup := rc.assign[a.Date]; dup {
			return nil, cases.FieldErrorf(field+".date", "%s is already assigned to %s", a.Date, prev.Leader)
		}
		rc.assign[a.Date] = a
	}
	return rc, nil
}

// MarshalJSON writes the plan in its file format, defaults filled in, so that
// `tiepdan schedule --show-config` gives an administrator a file to start from.
func (r *Reception) MarshalJSON() ([]byte, error) { return json.Marshal(r.file) }

// ScheduledDay is one periodic reception day of the plan.
type ScheduledDay struct {
	// Scheduled is the day the plan names (the 9th, the 24th, a Thursday).
	Scheduled cases.Date `json:"scheduled"`
	// Date is the day the reception is held: Scheduled, or the working day it
	// moved to. A skipped day keeps its Scheduled date.
	Date    cases.Date `json:"date"`
	Moved   bool       `json:"moved,omitempty"`
	Skipped bool       `json:"skipped,omitempty"`
	// DayOff says why Scheduled is not a working day: "Nghỉ Tết Nguyên đán",
	// "Chủ nhật".
	DayOff string `json:"day_off,omitempty"`
	// Move is the rule the period applies to a day off.
	Move MoveRule `json:"move"`
	// Merged lists later scheduled days that moved onto this one: one
	// reception is held for both.
	Merged []cases.Date `json:"merged,omitempty"`
	// Reason says in Vietnamese why the day moved or was skipped.
	Reason string `json:"reason,omitempty"`
	// Leader presides (none on a skipped day); LeaderBy says whether by
	// rotation or by assignment, Note carries the assignment's note.
	Leader   string `json:"leader,omitempty"`
	LeaderBy string `json:"leader_by,omitempty"`
	Note     string `json:"note,omitempty"`
}

// key is the date the day is listed on.
func (s *ScheduledDay) key() cases.Date {
	if s.Skipped {
		return s.Scheduled
	}
	return s.Date
}

// moveMargin bounds how far a day off moves a reception day (the longest
// break so far is nine days, weekends around it included): the plan is
// computed this far beyond a range so that days moving into it are found.
const moveMargin = 31

// Days returns the reception days listed between from and to inclusive, by
// date: held on a day in the range, or skipped from a day in it. A nil cal
// means DefaultCalendar.
func (r *Reception) Days(cal *Calendar, from, to cases.Date) []ScheduledDay {
	if cal == nil {
		cal = DefaultCalendar()
	}
	var out []ScheduledDay
	for _, d := range r.plan(cal, from, to+moveMargin) {
		if k := d.key(); from <= k && k <= to {
			out = append(out, d)
		}
	}
	return out
}

// plan computes the reception days scheduled up to hi, sorted by the day they
// are listed on. The turns of a rotation are counted from the start of the
// period; with a single leader there is nothing to count and the days before
// lo are not computed.
func (r *Reception) plan(cal *Calendar, lo, hi cases.Date) []ScheduledDay {
	var out []ScheduledDay
	held := map[cases.Date]int{} // date → index in out
	for _, p := range r.periods {
		if p.From > hi {
			break
		}
		end := hi
		if p.until != 0 {
			end = min(end, p.until)
		}
		start := p.From
		if len(p.Leaders) == 1 {
			start = max(start, lo-moveMargin)
		}
		turn := 0
		for n := start; n <= end; n++ {
			if !p.scheduled(n) {
				continue
			}
			sd := ScheduledDay{Scheduled: n, Date: n, Move: p.Move}
			if off, why := cal.DayOff(n); off {
				sd.DayOff = why
				switch p.Move {
				case MoveNext:
					sd.Date = cal.NextWorkingDay(n)
				case MovePrevious:
					sd.Date = cal.PrevWorkingDay(n)
				case MoveSkip:
					sd.Skipped = true
				}
				sd.Moved = !sd.Skipped
				sd.Reason = moveReason(&sd)
			}
			if !sd.Skipped {
				if i, ok := held[sd.Date]; ok {
					// Two scheduled days fall on one: a single reception.
					first := &out[i]
					first.Merged = append(first.Merged, n)
					if first.Reason == "" {
						first.Reason = capitalize(mergedReason(&sd))
					} else {
						first.Reason += "; " + mergedReason(&sd)
					}
					continue
				}
				sd.Leader, sd.LeaderBy = p.Leaders[turn%len(p.Leaders)], LeaderByRotation
				turn++
				held[sd.Date] = len(out)
			}
			out = append(out, sd)
		}
	}
	for i := range out {
		sd := &out[i]
		if sd.Skipped {
			continue
		}
		if a, ok := r.assignmentFor(sd, held); ok {
			sd.Leader, sd.LeaderBy, sd.Note = a.Leader, LeaderByAssignment, a.Note
		}
	}
	slices.SortStableFunc(out, func(a, b ScheduledDay) int { return int(a.key() - b.key()) })
	return out
}

// assignmentFor finds the assignment of a held day: by the day it is held,
// else by the day it was scheduled on, unless that is itself another held
// day's date.
func (r *Reception) assignmentFor(sd *ScheduledDay, held map[cases.Date]int) (Assignment, bool) {
	if a, ok := r.assign[sd.Date]; ok {
		return a, true
	}
	for _, d := range append([]cases.Date{sd.Scheduled}, sd.Merged...) {
		if _, other := held[d]; other && d != sd.Date {
			continue
		}
		if a, ok := r.assign[d]; ok {
			return a, true
		}
	}
	return Assignment{}, false
}

// scheduled reports whether the period names day n.
func (p *receptionPeriod) scheduled(n cases.Date) bool {
	if p.weekday[n.Weekday()] {
		return true
	}
	_, _, d := n.YMD()
	if p.monthDay[d] {
		return true
	}
	// A day the month lacks falls on its last day.
	if _, _, next := (n + 1).YMD(); next == 1 {
		for x := d + 1; x <= 31; x++ {
			if p.monthDay[x] {
				return true
			}
		}
	}
	return false
}
