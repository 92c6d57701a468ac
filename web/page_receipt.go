package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/workflow"
)

// receiptPage is the receipt (giấy biên nhận) of one visit, to print for the
// citizen who came: who came, as recorded at that visit, the officer who
// recorded it, when, and where the petition stands now. A petition received
// without a visit (by post, transferred in) has the receipt of its receiving
// instead, with the petitioner as recorded then.
type receiptPage struct {
	layout
	// Office and Desk head the receipt: the committee in force on the day
	// of the visit and its reception office ("BAN TIẾP CÔNG DÂN", a
	// commune's "BỘ PHẬN TIẾP CÔNG DÂN").
	Office string
	Desk   string
	P      *cases.Petition // as it stands now, masked as the user may read it
	// Visit is the visit the receipt is of; nil for a petition's receiving.
	Visit *cases.Visit
	// Citizen is the visitor as recorded at the visit (the petitioner as
	// recorded at the receiving), Masked when hidden from the user.
	Citizen cases.Person
	Masked  bool
	Officer string    // who recorded the visit (the receiving)
	At      time.Time // when
	// New says the visit brought the petition: it was received then.
	New    bool
	Group  bool
	Online bool // the visit is online: it says so, or its session was
	// Next is the deadline the petition waits on now (receiptDeadline),
	// nil when it waits on none.
	Next    *workflow.Deadline
	Overdue bool // Next has passed
	Printed time.Time
}

// visitOnline is cases.VisitOnline of v, with its session read when it has
// one.
func (s *Server) visitOnline(ctx context.Context, v *cases.Visit) (bool, error) {
	if v.Session == "" {
		return v.Online, nil
	}
	day := cases.DateOf(v.At)
	sessions, _, err := s.cfg.Store.SessionsBetween(ctx, day, day)
	if err != nil {
		return false, err
	}
	i := slices.IndexFunc(sessions, func(se cases.Session) bool { return se.Ref == v.Session })
	if i < 0 {
		return v.Online, nil
	}
	return cases.VisitOnline(v.Online, &sessions[i]), nil
}

// receiptPath is the address of the receipt of a petition's visit.
func receiptPath(petition, visit string) string {
	return "/petitions/" + url.PathEscape(petition) + "/visits/" + url.PathEscape(visit) + "/receipt"
}

// petitionReceipt answers the address of a petition's receipt: a visit's
// receipt (?visit=, the address the desk gave until issue 16) or, without
// it, the receipt of the petition's last visit; the receipt of its
// receiving when it has no visit.
func (s *Server) petitionReceipt(c *gin.Context) {
	ref := c.Param("ref")
	if v := c.Query("visit"); v != "" {
		c.Redirect(http.StatusSeeOther, receiptPath(ref, v))
		return
	}
	s.receipt(c, ref, "")
}

// visitReceipt is the receipt of one visit.
func (s *Server) visitReceipt(c *gin.Context) {
	s.receipt(c, c.Param("ref"), c.Param("visit"))
}

// receipt renders the receipt of petition ref's visit (its last visit when
// visit is "", its receiving when it has none).
func (s *Server) receipt(c *gin.Context, ref, visit string) {
	ctx := c.Request.Context()
	u := userOf(c)
	c.Set(logRef, ref)
	if !u.seesPetitions() {
		s.abortPage(c, forbidden("a %s reads figures only, not petitions", u.Role))
		return
	}
	p, err := s.cfg.Store.Petition(ctx, ref)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	if !u.inScope(p) {
		s.abortPage(c, notRouted("", ref, u.Unit))
		return
	}
	history, err := s.cfg.Store.History(ctx, ref)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	i := slices.IndexFunc(history, func(e cases.Event) bool { return e.Command.Op == cases.OpPetition })
	for j, e := range history {
		if e.Command.Op == cases.OpVisit && (visit == "" || e.Command.Ref == visit) {
			i = j
		}
	}
	if visit != "" && (i < 0 || history[i].Command.Op != cases.OpVisit) {
		s.abortPage(c, cases.Errorf(cases.ENotFound, "petition %s has no visit %s", ref, visit))
		return
	}
	if visit == "" && i >= 0 && history[i].Command.Op == cases.OpVisit {
		c.Redirect(http.StatusSeeOther, receiptPath(ref, history[i].Command.Ref))
		return
	}
	if i < 0 {
		s.abortPage(c, cases.Errorf(cases.ENotFound, "petition %s has no receiving event", ref))
		return
	}
	e := history[i]
	rv := newReveals(u, "page "+c.FullPath())
	shown, _ := rv.petition(p)
	pg := receiptPage{layout: s.layout(c, "Giấy biên nhận "+ref), P: shown, Officer: e.RecordedBy, Printed: s.now()}
	pg.Citizen, pg.Masked = rv.citizen(p, e)
	if e.Command.Op == cases.OpVisit {
		v := cases.Visit{Ref: e.Command.Ref, Number: e.Command.NumberOf(), At: e.Command.AtTime(), Kind: cases.VisitKind(e.Command.Kind),
			Session: e.Command.Session, Petition: ref, People: e.Command.People, Online: e.Command.Online}
		if d, err := cases.ParseDate(e.Command.FollowUpOn); err == nil {
			v.FollowUpOn = &d
		}
		pg.Visit, pg.At = &v, v.At
		pg.Group = v.People >= GroupThreshold
		// The visit that brought the petition is the first event after
		// its creation, recorded with it.
		pg.New = i > 0 && history[i-1].Command.Op == cases.OpPetition && v.At.Equal(p.ReceivedAt)
		if pg.Online, err = s.visitOnline(ctx, &v); err != nil {
			s.abortPage(c, err)
			return
		}
	} else {
		pg.At, pg.New = p.ReceivedAt, true
	}
	if err := s.writeReveals(ctx, rv); err != nil {
		s.abortPage(c, err)
		return
	}
	dl, err := s.deadlineContext(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	if d, ok := receiptDeadline(dl, p); ok {
		pg.Next, pg.Overdue = &d, d.Due < dl.today
	}
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	day := cases.DateOf(pg.At)
	n := report.NamesFrom(units, day)
	pg.Office, pg.Desk = "Ủy ban nhân dân", n.DeskHeading()
	if _, ok := cases.CommitteeOn(units, day); ok {
		pg.Office = n.Own
	}
	s.render(c, http.StatusOK, "receipt", pg)
}

// receiptDeadline is the deadline p waits on now, as the citizen is told
// it: the handling deadline while at the desk and the resolution deadline
// of an accepted case (workflow.WaitingOn), the acceptance or initial
// handling deadline of a routed one (inboxDeadline).
func receiptDeadline(dl *deadlines, p *cases.Petition) (workflow.Deadline, bool) {
	if d, ok := workflow.WaitingOn(p, dl.of(p)); ok {
		return d, true
	}
	return inboxDeadline(dl, p)
}
