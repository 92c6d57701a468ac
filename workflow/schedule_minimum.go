package workflow

import (
	"fmt"
	"slices"

	"github.com/tiepdan/tiepdan/cases"
)

// The law's minimum reception days (rules.json's reception_minimums) against
// the plan: the days the plan schedules, not the sessions held, so that an
// office sees a plan that falls short before a week or a month goes by. And
// whether a session held by a delegate counts towards the head's days
// (rules.json's delegation).

// Shortfall is a week or a month in which the plan schedules fewer reception
// days than the law's minimum for the committee's level.
type Shortfall struct {
	// From and To are the span's first and last days (Monday to Sunday, or
	// a calendar month).
	From cases.Date `json:"from"`
	To   cases.Date `json:"to"`
	Per  string     `json:"per"` // week or month
	// Planned are the reception days the plan holds in the span; Minimum
	// those the law requires of it: the rule's days, or the span's working
	// days when it has fewer (a week of Tết needs none).
	Planned int    `json:"planned"`
	Minimum int    `json:"minimum"`
	RuleID  string `json:"rule_id"`
	Source  string `json:"source"`
	// Text says it in Vietnamese.
	Text string `json:"text"`
}

// Shortfalls lists the weeks and months that meet from..to in which the plan
// schedules fewer reception days than the minimum the law sets, on the span's
// last day, for the head of the committee of that day: the level of the own
// unit of units in force then (cases.LevelOn), so that an office that was a
// district until 30/06/2025 and a commune from 01/07/2025 is held to the
// district's rule for June 2025 and to the commune's from the week that ends
// in July. A span without a committee that records its level has no
// minimum. A nil cal means DefaultCalendar, nil rules DefaultRules.
func (r *Reception) Shortfalls(rules *Rules, cal *Calendar, units []cases.Unit, from, to cases.Date) []Shortfall {
	if to < from || !slices.ContainsFunc(units, func(u cases.Unit) bool { return u.Kind == cases.Own && u.Level != "" }) {
		return nil
	}
	if cal == nil {
		cal = DefaultCalendar()
	}
	if rules == nil {
		rules = DefaultRules()
	}
	type span struct {
		from, to cases.Date
		per      string
	}
	var spans []span
	// The weeks, Monday to Sunday, then the months, that meet the range.
	for d := from - cases.Date((int(from.Weekday())+6)%7); d <= to; d += 7 {
		spans = append(spans, span{d, d + 6, PerWeek})
	}
	for y, m, _ := from.YMD(); ; m++ {
		first := cases.NewDate(y, m, 1)
		if first > to {
			break
		}
		spans = append(spans, span{first, cases.NewDate(y, m+1, 0), PerMonth})
	}
	lo, hi := spans[0].from, spans[0].to
	for _, s := range spans {
		lo, hi = min(lo, s.from), max(hi, s.to)
	}
	held := map[cases.Date]bool{}
	for _, sd := range r.plan(cal, lo, hi+moveMargin) {
		if !sd.Skipped {
			held[sd.Date] = true
		}
	}
	var out []Shortfall
	for _, s := range spans {
		level := cases.LevelOn(units, s.to)
		if level == "" {
			continue
		}
		rule, ok := rules.ReceptionMinimum(level, s.to)
		if !ok || rule.Per != s.per {
			continue
		}
		planned, working := 0, 0
		for d := s.from; d <= s.to; d++ {
			if held[d] {
				planned++
			}
			if cal.IsWorkingDay(d) {
				working++
			}
		}
		need := min(rule.Days, working)
		if planned >= need {
			continue
		}
		sf := Shortfall{From: s.from, To: s.to, Per: s.per, Planned: planned, Minimum: need,
			RuleID: rule.ID, Source: rule.Source}
		name := fmt.Sprintf("Tuần %s–%s", s.from.VN(), s.to.VN())
		if s.per == PerMonth {
			y, m, _ := s.from.YMD()
			name = fmt.Sprintf("Tháng %02d/%d", int(m), y)
		}
		sf.Text = fmt.Sprintf("%s: kế hoạch có %02d ngày tiếp định kỳ, chưa đủ %02d ngày theo quy định: %s",
			name, planned, need, rule.Text())
		out = append(out, sf)
	}
	return out
}

// delegationNote says, for a reception day whose periodic sessions were all
// presided by a delegate, that they do not count towards the head's minimum
// days when the delegation rule in force that day says so; "" otherwise.
func delegationNote(rules *Rules, d *Day) string {
	periodic, delegated := 0, 0
	for _, s := range d.Sessions {
		if s.Kind == cases.Periodic {
			periodic++
			if s.Delegated {
				delegated++
			}
		}
	}
	if periodic == 0 || delegated < periodic {
		return ""
	}
	g, ok := rules.Delegation(d.Date)
	if !ok || g.Counts {
		return ""
	}
	return fmt.Sprintf("Kỳ tiếp do người được ủy quyền chủ trì: không tính vào số ngày tiếp công dân tối thiểu của người đứng đầu %s (%s)",
		periodVI(g.ValidFrom, g.ValidTo), g.Source)
}
