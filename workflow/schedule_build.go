package workflow

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
)

// Building a schedule: the plan's days of the range, the sessions held on
// them, and on the coming ones the follow-ups, dialogues and deadlines the
// history promises. Everything is computed from values handed in; nothing is
// read or written.

// Schedule builds the schedule of req.From..req.To from the plan, the calendar
// and the history h. Scheduled days on or after req.Today list what is
// expected; those before it the session held, or are flagged missed.
func (r *Reception) Schedule(req ScheduleRequest, h *ScheduleHistory) (*Schedule, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if h == nil {
		h = &ScheduleHistory{}
	}
	h = h.of(req.Committee)
	cal, rules := req.Calendar, req.Rules
	if cal == nil {
		cal = DefaultCalendar()
	}
	if rules == nil {
		rules = DefaultRules()
	}
	b := &scheduleBuilder{req: req, cal: cal, h: h, days: map[cases.Date]*Day{},
		units: make(map[string]cases.Unit, len(h.Units)), remote: cases.RemoteUnits(h.Units)}
	for _, u := range h.Units {
		b.units[u.Ref] = u
	}
	// The plan runs past the range so that days moving into it are found, and
	// to the reception day after it, which bounds the deadlines of the last;
	// from today, when that is earlier, so that the first coming day is known.
	lo, hi := req.From, req.To+2*moveMargin
	if req.To >= req.Today {
		lo = min(lo, req.Today)
	}
	b.plan = r.plan(cal, lo, hi)
	b.hi = hi

	s := &Schedule{From: req.From, To: req.To, Today: req.Today, Days: []Day{}}
	if own, ok := cases.CommitteeOn(h.Units, req.To); ok {
		s.Committee = own.Name
	}
	for i := range b.plan {
		sd := &b.plan[i]
		if b.inRange(sd.key()) {
			b.day(sd.key()).Reception = sd
		}
	}
	b.sessions()
	if req.To >= req.Today {
		b.followUps()
		b.dialogues()
		b.deadlines(rules)
	}
	s.Notes = r.unmatchedAssignments(b.plan, req.From, req.To)
	s.Level = cases.LevelOn(h.Units, req.To)
	s.Shortfalls = r.Shortfalls(rules, cal, h.Units, req.From, req.To)

	matters := map[string]bool{}
	for _, d := range b.days {
		d.Status = dayStatus(d, req.Today)
		d.Delegation = delegationNote(rules, d)
		switch d.Status {
		case DayHeld:
			s.Summary.Held++
		case DayMissed:
			s.Summary.Missed++
		case DayPlanned:
			s.Summary.Planned++
		case DaySkipped:
			s.Summary.Skipped++
		}
		for _, hs := range d.Sessions {
			switch {
			case hs.Kind == cases.AdHoc:
				s.Summary.AdHoc++
			case d.Reception == nil || d.Reception.Skipped:
				s.Summary.OffSchedule++
			}
			s.Summary.Visits += len(hs.Visits)
			s.Summary.People += hs.People
			for _, m := range hs.Matters {
				matters[m] = true
			}
		}
		s.Summary.Expected += len(d.Expected)
		slices.SortFunc(d.Expected, compareExpected)
		s.Days = append(s.Days, *d)
	}
	s.Summary.Scheduled = s.Summary.Held + s.Summary.Missed + s.Summary.Planned
	s.Summary.Matters = len(matters)
	slices.SortFunc(s.Days, func(a, b Day) int { return int(a.Date - b.Date) })
	return s, nil
}

var expectedOrder = map[ExpectedKind]int{ExpectFollowUp: 0, ExpectDialogue: 1, ExpectDeadline: 2}

// compareExpected orders a day's expectations: follow-ups, dialogues, then
// deadlines, each by date and petition.
func compareExpected(a, b Expected) int {
	if c := expectedOrder[a.Kind] - expectedOrder[b.Kind]; c != 0 {
		return c
	}
	if a.On != b.On {
		return int(a.On - b.On)
	}
	if c := strings.Compare(a.Petition, b.Petition); c != 0 {
		return c
	}
	if c := strings.Compare(a.Visit, b.Visit); c != 0 {
		return c
	}
	return strings.Compare(a.Place, b.Place)
}

// dayStatus says what day d of the schedule is, seen from today.
func dayStatus(d *Day, today cases.Date) DayStatus {
	periodic, adhoc := false, false
	for _, s := range d.Sessions {
		periodic = periodic || s.Kind == cases.Periodic
		adhoc = adhoc || s.Kind == cases.AdHoc
	}
	switch {
	case d.Reception != nil && d.Reception.Skipped:
		return DaySkipped
	case d.Reception != nil && periodic:
		return DayHeld
	case d.Reception != nil && d.Date < today:
		return DayMissed
	case d.Reception != nil:
		return DayPlanned
	case periodic:
		return DayOffSchedule
	case adhoc:
		return DayAdHoc
	}
	return DayAppointments
}

// unmatchedAssignments warns of assignments dated in the range that name no
// reception day.
func (r *Reception) unmatchedAssignments(plan []ScheduledDay, from, to cases.Date) []string {
	used := map[cases.Date]bool{}
	for _, sd := range plan {
		if sd.LeaderBy != LeaderByAssignment {
			continue
		}
		used[sd.Date], used[sd.Scheduled] = true, true
		for _, m := range sd.Merged {
			used[m] = true
		}
	}
	var notes []string
	for _, a := range r.file.Assignments {
		if a.Date < from || a.Date > to || used[a.Date] {
			continue
		}
		notes = append(notes, fmt.Sprintf("Phân công %s chủ trì ngày %s không trùng ngày tiếp định kỳ nào nên không áp dụng", a.Leader, a.Date.VN()))
	}
	return notes
}

type scheduleBuilder struct {
	req    ScheduleRequest
	cal    *Calendar
	h      *ScheduleHistory
	plan   []ScheduledDay
	hi     cases.Date
	days   map[cases.Date]*Day
	units  map[string]cases.Unit
	remote map[string]bool
}

func (b *scheduleBuilder) inRange(d cases.Date) bool { return b.req.From <= d && d <= b.req.To }

func (b *scheduleBuilder) day(d cases.Date) *Day {
	if x, ok := b.days[d]; ok {
		return x
	}
	x := &Day{Date: d}
	b.days[d] = x
	return x
}

// matter is the matter of petition ref: the end of its chain of petitions
// archived as duplicates. A petition missing from the history ends the chain;
// so does a cycle, which the workflow refuses to record.
func (b *scheduleBuilder) matter(ref string) string {
	seen := map[string]bool{}
	for {
		p := b.h.Petitions[ref]
		if p == nil || p.Archive != cases.Duplicate || p.DuplicateOf == "" || seen[p.DuplicateOf] {
			return ref
		}
		seen[ref] = true
		ref = p.DuplicateOf
	}
}

func (b *scheduleBuilder) typeOf(ref string) cases.Type {
	if p := b.h.Petitions[ref]; p != nil {
		return p.Type
	}
	return ""
}

// sessions lists the sessions of the range with their visits.
func (b *scheduleBuilder) sessions() {
	visits := map[string][]cases.Visit{}
	for _, v := range b.h.Visits {
		if v.Session != "" && v.Kind != cases.Regular {
			visits[v.Session] = append(visits[v.Session], v)
		}
	}
	for _, s := range b.h.Sessions {
		if !b.inRange(s.Date) {
			continue
		}
		hs := HeldSession{Session: s, Visits: []SessionVisit{}, Matters: []string{}}
		vs := visits[s.Ref]
		slices.SortFunc(vs, func(a, b cases.Visit) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return strings.Compare(a.Ref, b.Ref)
		})
		seen := map[string]bool{}
		for i, v := range vs {
			if i > 0 && v.Ref == vs[i-1].Ref {
				continue
			}
			m := b.matter(v.Petition)
			hs.Visits = append(hs.Visits, SessionVisit{Ref: v.Ref, Petition: v.Petition, Matter: m,
				Type: b.typeOf(v.Petition), People: v.People})
			hs.People += v.People
			if !seen[m] {
				seen[m] = true
				hs.Matters = append(hs.Matters, m)
			}
		}
		d := b.day(s.Date)
		d.Sessions = append(d.Sessions, hs)
	}
	for _, d := range b.days {
		slices.SortFunc(d.Sessions, func(x, y HeldSession) int {
			if (x.Kind == cases.Periodic) != (y.Kind == cases.Periodic) {
				if x.Kind == cases.Periodic {
					return -1
				}
				return 1
			}
			return strings.Compare(x.Ref, y.Ref)
		})
	}
}

// place returns the day an appointment dated on is kept: the day a reception
// scheduled on it is held, the next reception held when that one is skipped
// (skipped is then true), the next working day when it is a day off, else on
// itself.
func (b *scheduleBuilder) place(on cases.Date) (kept cases.Date, skipped bool) {
	for i, sd := range b.plan {
		if sd.Scheduled != on && !slices.Contains(sd.Merged, on) {
			continue
		}
		if !sd.Skipped {
			return sd.Date, false
		}
		for _, next := range b.plan[i+1:] {
			if !next.Skipped && next.Date > on {
				return next.Date, true
			}
		}
		break
	}
	return b.cal.NextWorkingDay(on), false
}

// coming reports whether an appointment kept on day d belongs to the
// schedule: a coming day of the range.
func (b *scheduleBuilder) coming(d cases.Date) bool { return d >= b.req.Today && b.inRange(d) }

func (b *scheduleBuilder) followUps() {
	seen := map[string]bool{}
	for _, v := range b.h.Visits {
		if v.FollowUpOn == nil || seen[v.Ref] {
			continue
		}
		seen[v.Ref] = true
		d, skipped := b.place(*v.FollowUpOn)
		if !b.coming(d) {
			continue
		}
		e := Expected{Kind: ExpectFollowUp, Petition: v.Petition, Matter: b.matter(v.Petition),
			Type: b.typeOf(v.Petition), On: *v.FollowUpOn, Visit: v.Ref}
		e.Text = fmt.Sprintf("Hẹn tiếp lại %s: hẹn ngày %s tại lượt tiếp %s ngày %s",
			petitionText(&e), e.On.VN(), v.Ref, cases.DateOf(v.At).VN())
		if d != e.On {
			e.Text += movedText(b.cal, e.On, d, skipped)
		}
		b.day(d).Expected = append(b.day(d).Expected, e)
	}
}

func (b *scheduleBuilder) dialogues() {
	for _, dl := range b.h.Dialogues {
		d, skipped := b.place(dl.On)
		if !b.coming(d) {
			continue
		}
		e := Expected{Kind: ExpectDialogue, Petition: dl.Petition, Matter: b.matter(dl.Petition),
			Type: b.typeOf(dl.Petition), On: dl.On, Place: dl.Place}
		e.Text = fmt.Sprintf("Đối thoại %s ngày %s", petitionText(&e), e.On.VN())
		if dl.Place != "" {
			e.Text += " tại " + dl.Place
		}
		if d != e.On {
			e.Text += movedText(b.cal, e.On, d, skipped)
		}
		x := b.day(d)
		if !slices.ContainsFunc(x.Expected, func(o Expected) bool {
			return o.Kind == e.Kind && o.Petition == e.Petition && o.On == e.On && o.Place == e.Place
		}) {
			x.Expected = append(x.Expected, e)
		}
	}
}

// deadlines lists each open accepted case on the coming reception day before
// its resolution deadline: the last one on or before it, or the first coming
// one for a deadline before that (already passed, or due before the first
// reception).
func (b *scheduleBuilder) deadlines(rules *Rules) {
	var coming []cases.Date
	for _, sd := range b.plan {
		if !sd.Skipped && sd.Date >= b.req.Today {
			coming = append(coming, sd.Date)
		}
	}
	if len(coming) == 0 {
		return
	}
	seen := map[string]bool{}
	for _, p := range b.h.Accepted {
		if p.State != cases.Accepted || seen[p.Ref] {
			continue
		}
		seen[p.Ref] = true
		dl, ok := rules.Resolution(p, p.ResolvedRemotely(b.remote), b.req.Today, b.cal)
		if !ok {
			continue
		}
		i := max(0, lastOnOrBefore(coming, dl.Due))
		if i == len(coming)-1 && dl.Due > b.hi {
			continue // past the last reception day the plan knows of
		}
		d := coming[i]
		if !b.coming(d) {
			continue
		}
		e := Expected{Kind: ExpectDeadline, Petition: p.Ref, Matter: b.matter(p.Ref), Type: p.Type,
			On: dl.Due, Unit: p.Unit, Overdue: dl.Due < b.req.Today, Explanation: dl.Explain()}
		e.Text = fmt.Sprintf("%s %s: %s", dl.Label(), petitionText(&e), dl.Due.VN())
		if p.Unit != "" {
			name := p.Unit
			if u, ok := b.units[p.Unit]; ok {
				name = u.Name
			}
			e.Text += ", " + name + " giải quyết"
		}
		if e.Overdue {
			e.Text += " (đã quá hạn)"
		}
		b.day(d).Expected = append(b.day(d).Expected, e)
	}
}

// lastOnOrBefore returns the index of the last date in ds on or before d, -1
// if none.
func lastOnOrBefore(ds []cases.Date, d cases.Date) int {
	i, found := slices.BinarySearch(ds, d)
	if found {
		return i
	}
	return i - 1
}

// of is what of h belongs to committee key's schedule: its units, its
// sessions and their visits, and the cases it handles (received, or routed
// to it). In an installation of one committee that is all of h.
func (h *ScheduleHistory) of(key string) *ScheduleHistory {
	out := *h
	out.Units = slices.DeleteFunc(slices.Clone(h.Units), func(u cases.Unit) bool { return u.Committee != key })
	out.Sessions = slices.DeleteFunc(slices.Clone(h.Sessions), func(s cases.Session) bool { return s.Committee != key })
	out.Visits = slices.DeleteFunc(slices.Clone(h.Visits), func(v cases.Visit) bool { return v.Committee != key })
	handles := func(ref string) bool { p := h.Petitions[ref]; return p == nil || p.Handles(key) }
	out.Dialogues = slices.DeleteFunc(slices.Clone(h.Dialogues), func(d cases.Dialogue) bool { return !handles(d.Petition) })
	out.Accepted = slices.DeleteFunc(slices.Clone(h.Accepted), func(p *cases.Petition) bool { return !p.Handles(key) })
	return &out
}
