package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

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
	Unit   string // the name of the unit it is routed to
	Masked bool
	Due    *dueView
	Ops    []string      // the names of the events allowed, in p's words
	Forms  template.HTML // the event forms of Ops, rendered by inboxForms
}

type inboxPage struct {
	layout
	Unit     string
	UnitName string
	Units    []option
	Rows     []inboxRow
	// Total is the petitions waiting; its parts (dueCounts) add up to it.
	Total int
	dueCounts
	Notice string // the event just recorded from the inbox
}

// dueCounts split petitions waiting by the deadline they wait on: Overdue,
// Near (within nearDays), InTime (a deadline not near) and NoDeadline
// (waiting on none: an answer to a recommendation, an implementation).
type dueCounts struct {
	Overdue    int
	Near       int
	InTime     int
	NoDeadline int
}

// add counts a petition waiting on due (nil: on no deadline).
func (n *dueCounts) add(due *dueView) {
	switch {
	case due == nil:
		n.NoDeadline++
	case due.Class == "due-past":
		n.Overdue++
	case due.Class == "due-near":
		n.Near++
	default:
		n.InTime++
	}
}

// plus is n and m counted together.
func (n dueCounts) plus(m dueCounts) dueCounts {
	return dueCounts{n.Overdue + m.Overdue, n.Near + m.Near, n.InTime + m.InTime, n.NoDeadline + m.NoDeadline}
}

// Waiting is how many petitions n counts.
func (n dueCounts) Waiting() int { return n.Overdue + n.Near + n.InTime + n.NoDeadline }

// waiting is a petition that waits on someone, with the deadline it waits
// on and its colour today (due nil: it waits on none), and the events the
// user may send on it.
type waiting struct {
	p   *cases.Petition
	d   workflow.Deadline
	due *dueView
	ops []cases.Op
}

// waitingOn sets w's deadline to d, coloured as of today: the class and
// status only, the label and explanation are written for the rows shown.
func (w *waiting) waitingOn(d workflow.Deadline, today cases.Date) {
	v := dueViews(w.p, []deadlineJSON{{Deadline: d}}, today)[0]
	w.d, w.due = d, &v
}

// sortWaiting sorts by the deadline waited on, the earliest (so the
// overdue) first; those waiting on none (an answer to a recommendation, an
// implementation) after, oldest first.
func sortWaiting(list []waiting) {
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
}

func (s *Server) inboxPage(c *gin.Context) {
	ctx := c.Request.Context()
	u := userOf(c)
	if !u.Inbox() {
		s.abortPage(c, forbidden("a %s does not act on routed petitions", u.Role))
		return
	}
	unit := c.Query("unit")
	byUnit := cases.Filter{Unit: unit}
	if u.Role == cases.RoleHead {
		// Its unit's and those of the units it replaced.
		unit, byUnit = u.Unit, cases.Filter{Units: u.units()}
	}
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	names := cases.NamesOf(units)
	pg := inboxPage{layout: s.layout(c, "Việc cần xử lý"), Unit: unit, UnitName: names.Name(unit)}
	pg.Units = append(pg.Units, option{Value: "", Label: "Mọi đơn vị", Selected: unit == ""})
	for _, un := range units {
		if un.Kind != cases.Own {
			pg.Units = append(pg.Units, option{Value: un.Ref, Label: un.Name, Selected: un.Ref == unit})
		}
	}
	dl, err := s.deadlineContext(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	list, err := s.waitingAtUnits(ctx, u, byUnit, dl)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	for _, w := range list {
		pg.add(w.due)
	}
	pg.Total = len(list)
	rv := newReveals(u, "page /inbox")
	forms := inboxForms{s: s, csrf: pg.CSRF, back: c.Request.URL.RequestURI(), units: units, done: map[string]string{}}
	for _, w := range list[:min(len(list), inboxLimit)] {
		shown, masked := rv.petition(w.p)
		if w.due != nil {
			w.due.Label, w.due.Explanation = w.d.Label(), w.d.Explain()
		}
		html, err := forms.render(w.p, w.ops)
		if err != nil {
			s.abortPage(c, err)
			return
		}
		ops := make([]string, len(w.ops))
		for i, op := range w.ops {
			ops[i] = w.p.OpLabel(op)
		}
		pg.Rows = append(pg.Rows, inboxRow{P: shown, Unit: names.Name(w.p.Unit), Masked: masked, Due: w.due, Ops: ops, Forms: html})
	}
	if err := s.writeReveals(ctx, rv); err != nil {
		s.abortPage(c, err)
		return
	}
	if pg.Notice, err = s.inboxNotice(c, u); err != nil {
		s.abortPage(c, err)
		return
	}
	s.render(c, http.StatusOK, "inbox", pg)
}

// waitingAtUnits are the petitions routed to a unit of byUnit (own or
// lower) that wait on someone there and on which u may send an event: open
// ones, and those resolved in the last inboxResolvedDays whose decision is
// still to be implemented; each with the deadline it waits on
// (inboxDeadline), sorted by it (sortWaiting). The inbox lists them; the
// leader's overview counts them by unit.
func (s *Server) waitingAtUnits(ctx context.Context, u *User, byUnit cases.Filter, dl *deadlines) ([]waiting, error) {
	// The open petitions and the resolved ones, read at the same time: each
	// is a search of the store's index of units and states.
	var (
		resolved    []*cases.Petition
		resolvedErr error
		wg          sync.WaitGroup
	)
	wg.Go(func() {
		f := byUnit
		f.State, f.From = cases.Resolved, cases.DateOf(s.now()).AddDays(-inboxResolvedDays)
		resolved, resolvedErr = s.cfg.Store.Petitions(ctx, f)
	})
	open := byUnit
	open.States = inboxStates
	ps, err := s.cfg.Store.Petitions(ctx, open)
	wg.Wait()
	if err == nil {
		err = resolvedErr
	}
	if err != nil {
		return nil, err
	}
	ps = append(ps, resolved...)
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
			w.waitingOn(d, dl.today)
		}
		list = append(list, w)
	}
	sortWaiting(list)
	return list, nil
}

// inboxNotice is the notice of an event just recorded from the inbox
// (withRecorded), said when it is the last event of a petition the user
// reads: the petition may have left the inbox with it (implemented,
// resolved long ago), and the officer still sees that it was recorded.
func (s *Server) inboxNotice(c *gin.Context, u *User) (string, error) {
	ref, op := c.Query("recorded_ref"), c.Query("recorded")
	if ref == "" || op == "" {
		return "", nil
	}
	ctx := c.Request.Context()
	p, err := s.cfg.Store.Petition(ctx, ref)
	if cases.ErrorCode(err) == cases.ENotFound || err == nil && u.Role == cases.RoleHead && !u.inScope(p) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	history, err := s.cfg.Store.History(ctx, ref)
	if err != nil || len(history) == 0 || string(history[len(history)-1].Command.Op) != op {
		return "", err
	}
	items := timeline(history, nil)
	return recordedNotice(c, ref, items[len(items)-1].Label), nil
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

// PetitionLister is what the inbox reads of the petitions, beside Store: a
// list without a count (PetitionPage counts all matches, which costs as much
// as the list itself).
type PetitionLister interface {
	// Petitions returns the petitions that match f in the order of
	// PetitionPage (received day, then number in the book, then ref).
	Petitions(ctx context.Context, f cases.Filter) ([]*cases.Petition, error)
}

// inboxForms renders the event forms of the inbox's rows. The forms of a
// row differ from those of another row with the same ops by the ref only,
// so each set of ops is rendered once, with a marker for the ref, and the
// marker replaced in each row: rendering 200 rows' forms through the
// template took a third of the page's time. A ref the escapers of the
// template would change (none the store makes) is rendered in full.
type inboxForms struct {
	s     *Server
	csrf  string
	back  string
	units []cases.Unit
	done  map[string]string // by the ops, joined by spaces
}

const inboxRefMarker = "INBOXREFMARKER"

var plainRef = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

func (f *inboxForms) render(p *cases.Petition, ops []cases.Op) (template.HTML, error) {
	ref := p.Ref
	if !plainRef.MatchString(ref) || strings.Contains(f.csrf+f.back+ref, inboxRefMarker) {
		return f.exec(ref, ops, p)
	}
	// The forms' words depend on the type and on whether p was accepted
	// (formFor), so those are part of the key.
	key := string(p.Type) + " " + strconv.FormatBool(p.AcceptedAt != nil) + " "
	for _, op := range ops {
		key += string(op) + " "
	}
	// A second-instance complaint's resolve form asks its outcome.
	if secondInstance(p) {
		key += "second"
	}
	html, ok := f.done[key]
	if !ok {
		h, err := f.exec(inboxRefMarker, ops, p)
		if err != nil {
			return "", err
		}
		html = string(h)
		f.done[key] = html
	}
	return template.HTML(strings.ReplaceAll(html, inboxRefMarker, ref)), nil
}

func (f *inboxForms) exec(ref string, ops []cases.Op, p *cases.Petition) (template.HTML, error) {
	set := formSet{Ref: ref, CSRF: f.csrf, Back: f.back}
	for _, op := range ops {
		set.Forms = append(set.Forms, formFor(op, f.units, p))
	}
	var b bytes.Buffer
	if err := f.s.pages.sets["inbox"].ExecuteTemplate(&b, "eventforms", set); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}
