package web

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// The head's inbox: the petitions routed to the head's unit that wait on
// someone there, sorted by the deadline they wait on, overdue first, each
// with the forms of the events the head may send now.

// inboxStates are the states in which a routed petition waits on its unit:
// to be accepted or refused, resolved, resumed, or its decision implemented.
var inboxStates = []cases.State{cases.RoutedOwn, cases.RoutedLower, cases.Accepted, cases.Suspended}

// inboxResolvedDays bounds the resolved petitions the inbox offers to mark
// implemented: those received in the last year. Older ones stay on the list
// of petitions (state resolved); reading every resolved petition of a unit's
// history would cost a 100,000-petition history a third of a second.
const inboxResolvedDays = 365

// inboxLimit bounds the rows of the inbox; the count says how many wait.
const inboxLimit = 200

type inboxRow struct {
	P      *cases.Petition
	Masked bool
	Due    *dueView
	Set    formSet
}

type inboxPage struct {
	layout
	Unit     string
	UnitName string
	Units    []option
	Rows     []inboxRow
	Total    int
	Overdue  int
	Near     int
}

func (s *Server) inboxPage(c *gin.Context) {
	ctx := c.Request.Context()
	u := userOf(c)
	if !u.Inbox() {
		s.abortPage(c, forbidden("a %s does not act on routed petitions", u.Role))
		return
	}
	unit := c.Query("unit")
	if u.Role == Head {
		unit = u.Unit
	}
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	pg := inboxPage{layout: s.layout(c, "Việc cần xử lý"), Unit: unit}
	pg.Units = append(pg.Units, option{Value: "", Label: "Mọi đơn vị", Selected: unit == ""})
	for _, un := range units {
		if un.Kind != cases.Own {
			pg.Units = append(pg.Units, option{Value: un.Ref, Label: un.Name, Selected: un.Ref == unit})
		}
		if un.Ref == unit {
			pg.UnitName = un.Name
		}
	}
	ps, _, err := s.cfg.Store.Petitions(ctx, Filter{Unit: unit, States: inboxStates})
	if err != nil {
		s.abortPage(c, err)
		return
	}
	resolved, _, err := s.cfg.Store.Petitions(ctx, Filter{Unit: unit, State: cases.Resolved,
		From: cases.DateOf(s.now()).AddDays(-inboxResolvedDays)})
	if err != nil {
		s.abortPage(c, err)
		return
	}
	ps = append(ps, resolved...)
	dl, err := s.deadlineContext(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	type waiting struct {
		p   *cases.Petition
		due *dueView
		ops []cases.Op
	}
	var list []waiting
	for _, p := range ps {
		if !u.inScope(p) || (p.RouteTo != cases.ToOwn && p.RouteTo != cases.ToLower) {
			continue
		}
		ops := u.allowed(p)
		if len(ops) == 0 || (p.State == cases.Resolved && !slices.Contains(ops, cases.OpImplement)) {
			continue
		}
		w := waiting{p: p, ops: ops}
		if d, ok := inboxDeadline(dl, p); ok {
			v := dueViews(p, []deadlineJSON{{Deadline: d, Label: d.Label(), Explanation: d.Explain()}}, dl.today)[0]
			w.due = &v
			switch v.Class {
			case "due-past":
				pg.Overdue++
			case "due-near":
				pg.Near++
			}
		}
		list = append(list, w)
	}
	// By the deadline waited on, the earliest (so the overdue) first; those
	// waiting on none (an answer to a recommendation, an implementation)
	// after, oldest first.
	slices.SortStableFunc(list, func(a, b waiting) int {
		switch {
		case a.due != nil && b.due != nil:
			return int(a.due.Due - b.due.Due)
		case a.due != nil:
			return -1
		case b.due != nil:
			return 1
		}
		return a.p.ReceivedAt.Compare(b.p.ReceivedAt)
	})
	pg.Total = len(list)
	rv := newReveals(u, "page /inbox")
	for _, w := range list[:min(len(list), inboxLimit)] {
		shown, masked := rv.petition(w.p)
		row := inboxRow{P: shown, Masked: masked, Due: w.due,
			Set: formSet{Ref: w.p.Ref, CSRF: pg.CSRF, Back: c.Request.URL.RequestURI()}}
		for _, op := range w.ops {
			row.Set.Forms = append(row.Set.Forms, formFor(op, units))
		}
		pg.Rows = append(pg.Rows, row)
	}
	if err := s.writeReveals(ctx, rv); err != nil {
		s.abortPage(c, err)
		return
	}
	s.render(c, http.StatusOK, "inbox", pg)
}

// inboxDeadline is the deadline a routed petition waits on: acceptance (a
// complaint) or initial handling (a denunciation) until accepted, then its
// resolution.
func inboxDeadline(dl *deadlines, p *cases.Petition) (workflow.Deadline, bool) {
	want := ""
	switch p.State {
	case cases.RoutedOwn, cases.RoutedLower:
		want = map[cases.Type]string{cases.Complaint: workflow.DeadlineAccept, cases.Denunciation: workflow.DeadlineInitial}[p.Type]
	case cases.Accepted, cases.Suspended:
		want = workflow.DeadlineResolution
	}
	if want == "" {
		return workflow.Deadline{}, false
	}
	for _, d := range dl.of(p) {
		if d.Kind == want {
			return d, true
		}
	}
	return workflow.Deadline{}, false
}
