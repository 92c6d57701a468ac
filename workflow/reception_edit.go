package workflow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tiepdan/tiepdan/cases"
)

// An administrator changes the reception plan from the admin page by giving a
// new period: the days and the rule from a date on. The days before it keep
// the plan they had, so that a past reception day still reads as it was
// scheduled (a change of rules is a new period, as in reception.json).

// Periods returns the plan's periods in order, defaults filled in.
func (r *Reception) Periods() []ReceptionPeriod {
	out := make([]ReceptionPeriod, len(r.file.Periods))
	for i, p := range r.file.Periods {
		out[i] = p
		out[i].DaysOfMonth = slices.Clone(p.DaysOfMonth)
		out[i].Weekdays = slices.Clone(p.Weekdays)
		out[i].Leaders = slices.Clone(p.Leaders)
	}
	return out
}

// PeriodOn returns the period in force on day d, or the first period when d
// is before them all.
func (r *Reception) PeriodOn(d cases.Date) ReceptionPeriod {
	ps := r.Periods()
	i := 0
	for j, p := range ps {
		if p.From <= d {
			i = j
		}
	}
	return ps[i]
}

// DaysOn returns the days the period in force on day d plans: its days of
// the month in order, and its weekdays from Monday on (either may be empty,
// not both). Day d before the first period gets the first period's, as
// PeriodOn. The text of section II.6 says them for the plan in force at the
// end of the report's period ("vào các ngày 09 và 24 hàng tháng").
func (r *Reception) DaysOn(d cases.Date) (daysOfMonth []int, weekdays []time.Weekday) {
	p := r.periods[0]
	for _, q := range r.periods {
		if q.From <= d {
			p = q
		}
	}
	for x := 1; x <= 31; x++ {
		if p.monthDay[x] {
			daysOfMonth = append(daysOfMonth, x)
		}
	}
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		if p.weekday[wd] {
			weekdays = append(weekdays, wd)
		}
	}
	return daysOfMonth, weekdays
}

// WithPeriod returns the plan with p in force from p.From: the periods that
// start before it are kept, those that start on or after it are replaced
// (they had not begun, or are corrected), the assignments are kept. The new
// plan is checked as LoadReception checks a file; an error names the field
// of the new period ("periods[1].days_of_month").
func (r *Reception) WithPeriod(p ReceptionPeriod) (*Reception, error) {
	f := r.file
	f.Periods = nil
	for _, old := range r.file.Periods {
		if old.From < p.From {
			f.Periods = append(f.Periods, old)
		}
	}
	f.Periods = append(f.Periods, p)
	b, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	return LoadReception(bytes.NewReader(b))
}

// Weekdays are the names a period's weekdays take, Monday to Friday, with
// their Vietnamese labels.
var Weekdays = []struct{ Name, Label string }{
	{"monday", "Thứ Hai"}, {"tuesday", "Thứ Ba"}, {"wednesday", "Thứ Tư"},
	{"thursday", "Thứ Năm"}, {"friday", "Thứ Sáu"},
}

// Describe says in Vietnamese what the period plans: "Từ ngày 01/08/2026:
// ngày 10 và 25 hằng tháng; trùng ngày nghỉ thì chuyển sang ngày làm việc
// kế tiếp; chủ trì: Chủ tịch UBND xã".
func (p *ReceptionPeriod) Describe() string {
	var days []string
	if len(p.DaysOfMonth) > 0 {
		ds := make([]string, len(p.DaysOfMonth))
		for i, d := range p.DaysOfMonth {
			ds[i] = fmt.Sprintf("%02d", d)
		}
		days = append(days, "ngày "+joinVI(ds)+" hằng tháng")
	}
	if len(p.Weekdays) > 0 {
		ws := make([]string, 0, len(p.Weekdays))
		for _, w := range p.Weekdays {
			if wd, ok := weekdayNames[w]; ok {
				ws = append(ws, weekdayInText[wd])
			}
		}
		days = append(days, joinVI(ws)+" hằng tuần")
	}
	move := p.Move
	if move == "" {
		move = MoveNext
	}
	return fmt.Sprintf("Từ ngày %s: %s; trùng ngày nghỉ thì %s; chủ trì: %s", p.From.VN(),
		strings.Join(days, " và "), lowerFirst(move.Label()), strings.Join(p.Leaders, ", "))
}

// lowerFirst starts s with a small letter: a label inside a sentence.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// joinVI joins words as a sentence lists them: "09, 16 và 24".
func joinVI(ws []string) string {
	if len(ws) <= 1 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " và " + ws[len(ws)-1]
}

// ReceptionEdit is one version of the reception plan an administrator
// recorded: the whole plan in the format of reception.json, what changed in
// words, who recorded it and when. The store keeps every version; the last
// is in force.
type ReceptionEdit struct {
	Seq        int64     `json:"seq"`
	Plan       string    `json:"plan"`
	Note       string    `json:"note"`
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by"`
	// Committee is the committee whose plan it is: "" the installation's.
	Committee string `json:"committee,omitempty"`
}

// ReceptionOf returns the plan in force after edits: the last one's, or
// base when there is none.
func ReceptionOf(base *Reception, edits []ReceptionEdit) (*Reception, error) {
	if len(edits) == 0 {
		return base, nil
	}
	last := edits[len(edits)-1]
	r, err := LoadReception(strings.NewReader(last.Plan))
	if err != nil {
		return nil, fmt.Errorf("reception plan recorded by %s (version %d): %w", last.RecordedBy, last.Seq, err)
	}
	return r, nil
}

// ReceptionEditsAsOf returns the versions of the plan recorded at or before
// t, in their order.
func ReceptionEditsAsOf(edits []ReceptionEdit, t time.Time) []ReceptionEdit {
	return recordedBy(edits, t, func(e *ReceptionEdit) time.Time { return e.RecordedAt })
}
