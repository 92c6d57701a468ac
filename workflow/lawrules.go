package workflow

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
)

// The rules of the law beside the time limits that also change by date
// (rules.json): when a workflow event exists at all (a complaint's resolution
// is suspended only under Luật 136/2025), the head's minimum reception days by
// level, and whether a delegate's session counts towards them. Each is judged
// by the rule in force on the date of what it judges, so that a history of
// 2023 and one of 2027 are both judged by their own law.

// EventRule says that an event is allowed for petitions of some types only
// while the rule is in force: an op that has rules for a type is allowed on
// the days one of them is in force, judged by the event's date (at); an op
// without rules for the type is allowed on every day.
type EventRule struct {
	ID   string   `json:"id"`
	Name string   `json:"name"`
	Op   cases.Op `json:"op"`
	// Types are the petition types the rule governs; none means every type.
	Types []cases.Type `json:"types,omitempty"`
	Validity
	Source string `json:"source"`
	Note   string `json:"note,omitempty"`
}

func (e *EventRule) covers(op cases.Op, t cases.Type) bool {
	return e.Op == op && (len(e.Types) == 0 || slices.Contains(e.Types, t))
}

// The spans a minimum number of reception days is counted over.
const (
	PerWeek  = "week"  // Monday to Sunday
	PerMonth = "month" // a calendar month
)

// ReceptionMinimum is the fewest days a week or a month on which the head of
// a committee of a level must receive citizens in person (tiếp định kỳ).
type ReceptionMinimum struct {
	ID    string      `json:"id"`
	Name  string      `json:"name"`
	Level cases.Level `json:"level"`
	Days  int         `json:"days"`
	Per   string      `json:"per"`
	Validity
	Source string `json:"source"`
	Note   string `json:"note,omitempty"`
}

// Text says the rule in Vietnamese: "Chủ tịch UBND cấp xã tiếp công dân ít
// nhất 01 ngày trong 01 tuần (Luật Tiếp công dân 2013, Điều 15 khoản 2
// điểm d)".
func (m *ReceptionMinimum) Text() string {
	per := "tháng"
	if m.Per == PerWeek {
		per = "tuần"
	}
	return fmt.Sprintf("Chủ tịch UBND %s tiếp công dân ít nhất %02d ngày trong 01 %s (%s)",
		strings.ToLower(m.Level.Label()), m.Days, per, m.Source)
}

// DelegationRule says whether a session presided by a delegate (delegated:
// true, ủy quyền) counts towards the head's minimum reception days.
type DelegationRule struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Counts bool   `json:"counts"`
	Validity
	Source string `json:"source"`
	Note   string `json:"note,omitempty"`
}

// checkLawRules checks the rules of events, minimum days and delegation:
// named, sourced, dated in order, of known ops, types, levels and spans, and
// no two minimums (or delegation rules) in force for the same level on the
// same day.
func checkLawRules(f *rulesFile) error {
	ids := map[string]bool{}
	for _, r := range f.Rules {
		ids[r.ID] = true
	}
	dated := func(field, id, source string, from, to *cases.Date) error {
		switch {
		case id == "":
			return cases.FieldErrorf(field+".id", "missing")
		case ids[id]:
			return cases.FieldErrorf(field+".id", "rule %q is listed twice", id)
		case source == "":
			return cases.FieldErrorf(field+".source", "missing: every rule names its legal source")
		case from != nil && to != nil && *to < *from:
			return cases.FieldErrorf(field, "valid_to %s is before valid_from %s", *to, *from)
		}
		ids[id] = true
		return nil
	}
	for i, e := range f.Events {
		field := fmt.Sprintf("events[%d]", i)
		if err := dated(field, e.ID, e.Source, e.ValidFrom, e.ValidTo); err != nil {
			return err
		}
		if !slices.Contains(cases.WorkflowEvents, e.Op) {
			return cases.FieldErrorf(field+".op", "%q is not a workflow event", e.Op)
		}
		for _, t := range e.Types {
			if !t.Valid() {
				return cases.FieldErrorf(field+".types", "%q is not a petition type", t)
			}
		}
	}
	for i, m := range f.ReceptionMinimums {
		field := fmt.Sprintf("reception_minimums[%d]", i)
		if err := dated(field, m.ID, m.Source, m.ValidFrom, m.ValidTo); err != nil {
			return err
		}
		switch {
		case !m.Level.Valid():
			return cases.FieldErrorf(field+".level", "%q is not province, district or commune", m.Level)
		case m.Per != PerWeek && m.Per != PerMonth:
			return cases.FieldErrorf(field+".per", "%q is not week or month", m.Per)
		case m.Days <= 0 || (m.Per == PerWeek && m.Days > 5) || m.Days > 23:
			return cases.FieldErrorf(field+".days", "%d days a %s cannot be planned", m.Days, m.Per)
		}
		for _, o := range f.ReceptionMinimums[:i] {
			if o.Level == m.Level && o.Meets(m.Validity) {
				return cases.FieldErrorf(field, "rules %q and %q both set the minimum days of a %s on the same days", o.ID, m.ID, m.Level)
			}
		}
	}
	for i, g := range f.Delegation {
		field := fmt.Sprintf("delegation[%d]", i)
		if err := dated(field, g.ID, g.Source, g.ValidFrom, g.ValidTo); err != nil {
			return err
		}
		for _, o := range f.Delegation[:i] {
			if o.Meets(g.Validity) {
				return cases.FieldErrorf(field, "rules %q and %q both say whether a delegated session counts on the same days", o.ID, g.ID)
			}
		}
	}
	return nil
}

// CheckEvent refuses event op on a petition of type t dated on when the law
// in force that day does not have it: an op with rules for t, none of them in
// force on that day. The refusal is a conflict on at that names the rules and
// their dates, in English and in Vietnamese.
func (r *Rules) CheckEvent(op cases.Op, t cases.Type, on cases.Date) *cases.Error {
	var governing []EventRule
	for _, e := range r.events {
		if !e.covers(op, t) {
			continue
		}
		if e.InForce(on) {
			return nil
		}
		governing = append(governing, e)
	}
	if len(governing) == 0 {
		return nil
	}
	var en, vi, sources []string
	for _, e := range governing {
		en = append(en, periodEN(e.ValidFrom, e.ValidTo))
		vi = append(vi, periodVI(e.ValidFrom, e.ValidTo))
		if !slices.Contains(sources, e.Source) {
			sources = append(sources, e.Source)
		}
	}
	what := "petition"
	if t != "" {
		what = string(t)
	}
	return &cases.Error{
		Code:  cases.EConflict,
		Field: "at",
		Message: fmt.Sprintf("%s is allowed for a %s only %s (%s); this one is dated %s",
			op, what, strings.Join(en, " or "), strings.Join(sources, "; "), on),
		MessageVI: fmt.Sprintf("Không ghi được: %s chỉ được %s %s (%s); thao tác này ghi ngày %s.",
			strings.ToLower(t.Label()), strings.ToLower(op.Label()), strings.Join(vi, " hoặc "),
			strings.Join(sources, "; "), on.VN()),
	}
}

func periodEN(from, to *cases.Date) string {
	switch {
	case from != nil && to != nil:
		return fmt.Sprintf("from %s until %s", *from, *to)
	case from != nil:
		return "from " + from.String()
	case to != nil:
		return "until " + to.String()
	}
	return "at any date"
}

func periodVI(from, to *cases.Date) string {
	switch {
	case from != nil && to != nil:
		return fmt.Sprintf("từ %s đến hết %s", from.VN(), to.VN())
	case from != nil:
		return "từ " + from.VN()
	case to != nil:
		return "đến hết " + to.VN()
	}
	return "vào mọi ngày"
}

// ReceptionMinimum returns the minimum reception days of a committee of
// level in force on day on, if the law sets one.
func (r *Rules) ReceptionMinimum(level cases.Level, on cases.Date) (ReceptionMinimum, bool) {
	for _, m := range r.minimums {
		if m.Level == level && m.InForce(on) {
			return m, true
		}
	}
	return ReceptionMinimum{}, false
}

// Delegation returns the rule in force on day on that says whether a
// delegated session counts towards the head's minimum days.
func (r *Rules) Delegation(on cases.Date) (DelegationRule, bool) {
	for _, g := range r.delegation {
		if g.InForce(on) {
			return g, true
		}
	}
	return DelegationRule{}, false
}
