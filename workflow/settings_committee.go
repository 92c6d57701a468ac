package workflow

import (
	"slices"

	"github.com/tiepdan/tiepdan/cases"
)

// The working-day calendar and the reception plan of each committee of an
// installation (SPEC §10, cases/committee.go). The installation's calendar
// is the holiday table (the shipped one, or --holidays) with the edits
// recorded for the installation (committee "") laid over it; a committee's
// is the installation's with its own edits laid over that. A committee's
// reception plan is the last version recorded for it, else the
// installation's plan.

// Calendars are the working-day calendars of an installation's committees.
// The zero value and nil are DefaultCalendar for every committee.
type Calendars struct {
	installation *Calendar
	own          map[string]*Calendar
}

// SingleCalendar is cal for every committee (nil: DefaultCalendar).
func SingleCalendar(cal *Calendar) *Calendars { return &Calendars{installation: cal} }

// CalendarsOf lays edits over table: those of the installation (committee
// "") for every committee, then each committee's own for it alone, each in
// the order recorded. A committee's own edit of a day wins over the
// installation's, whenever either was recorded.
func CalendarsOf(table *Calendar, edits []CalendarEdit) *Calendars {
	if table == nil {
		table = DefaultCalendar()
	}
	cs := &Calendars{installation: table.WithEdits(CommitteeCalendarEdits(edits, "")), own: map[string]*Calendar{}}
	for _, e := range edits {
		if _, ok := cs.own[e.Committee]; e.Committee != "" && !ok {
			cs.own[e.Committee] = table.WithEdits(CommitteeCalendarEdits(edits, e.Committee))
		}
	}
	return cs
}

// CommitteeCalendarEdits are the edits that make committee key's calendar:
// the installation's, then key's own, each in the order recorded.
func CommitteeCalendarEdits(edits []CalendarEdit, key string) []CalendarEdit {
	out := slices.DeleteFunc(slices.Clone(edits), func(e CalendarEdit) bool { return e.Committee != "" })
	if key == "" {
		return out
	}
	for _, e := range edits {
		if e.Committee == key {
			out = append(out, e)
		}
	}
	return out
}

// Of is the calendar of committee key.
func (cs *Calendars) Of(key string) *Calendar {
	if cs == nil {
		return DefaultCalendar()
	}
	if c, ok := cs.own[key]; ok {
		return c
	}
	if cs.installation == nil {
		return DefaultCalendar()
	}
	return cs.installation
}

// Received is the calendar of the committee that received p: its
// deadlines from the day of receipt count on it.
func (cs *Calendars) Received(p *cases.Petition) *Calendar { return cs.Of(p.Committee) }

// Handling is the calendar of the committee handling p: the committee it
// was routed to (a commune the province sent it down to) from the route
// on, else the one that received it. Its resolution deadline, which
// starts when the committee handling it accepts it, counts on it.
func (cs *Calendars) Handling(p *cases.Petition) *Calendar {
	if p.RoutedIn {
		return cs.Of(p.RoutedTo)
	}
	return cs.Of(p.Committee)
}

// CommitteeReceptionEdits are committee key's own versions of the plan, in
// the order recorded.
func CommitteeReceptionEdits(edits []ReceptionEdit, key string) []ReceptionEdit {
	var out []ReceptionEdit
	for _, e := range edits {
		if e.Committee == key {
			out = append(out, e)
		}
	}
	return out
}

// CommitteeReception is committee key's plan after edits: its own last
// version, else the installation's (committee ""), else installation.
func CommitteeReception(installation *Reception, edits []ReceptionEdit, key string) (*Reception, error) {
	if own := CommitteeReceptionEdits(edits, key); len(own) > 0 {
		return ReceptionOf(installation, own)
	}
	return ReceptionOf(installation, CommitteeReceptionEdits(edits, ""))
}
