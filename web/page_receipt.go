package web

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/workflow"
)

// receiptPage is the receipt (giấy biên nhận) of a visit's petition, to
// print for the citizen.
type receiptPage struct {
	layout
	// Office and Desk head the receipt: the committee in force on the day
	// of receipt and its reception office ("BAN TIẾP CÔNG DÂN", a
	// commune's "BỘ PHẬN TIẾP CÔNG DÂN").
	Office   string
	Desk     string
	P        *cases.Petition
	Masked   bool
	Visit    *cases.Visit
	Group    bool
	Online   bool // the visit is online: it says so, or its session was
	Handling *workflow.Deadline
	Printed  time.Time
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

func (s *Server) receiptPage(c *gin.Context) {
	ctx := c.Request.Context()
	u := userOf(c)
	ref := c.Param("ref")
	c.Set(logRef, ref)
	rv := newReveals(u, "page /petitions/:ref/receipt")
	d, err := s.detail(ctx, u, ref, rv)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	if err := s.writeReveals(ctx, rv); err != nil {
		s.abortPage(c, err)
		return
	}
	pg := receiptPage{layout: s.layout(c, "Giấy biên nhận "+ref), P: d.Petition, Masked: d.Masked, Printed: s.now()}
	want := c.Query("visit")
	for _, e := range d.History {
		if e.Command.Op == cases.OpVisit && (want == "" || e.Command.Ref == want) {
			v := cases.Visit{Ref: e.Command.Ref, Number: e.Command.NumberOf(), At: e.Command.AtTime(), Kind: cases.VisitKind(e.Command.Kind),
				Session: e.Command.Session, Petition: ref, People: e.Command.People, Citizen: e.Command.Citizen,
				Online: e.Command.Online}
			if d, err := cases.ParseDate(e.Command.FollowUpOn); err == nil {
				v.FollowUpOn = &d
			}
			pg.Visit = &v
		}
	}
	if pg.Visit != nil {
		pg.Group = pg.Visit.People >= GroupThreshold
		if pg.Online, err = s.visitOnline(ctx, pg.Visit); err != nil {
			s.abortPage(c, err)
			return
		}
	}
	for i := range d.Deadlines {
		if d.Deadlines[i].Kind == workflow.DeadlineHandling {
			pg.Handling = &d.Deadlines[i].Deadline
		}
	}
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	day := cases.DateOf(d.Petition.ReceivedAt)
	if pg.Visit != nil {
		day = cases.DateOf(pg.Visit.At)
	}
	n := report.NamesFrom(units, day)
	pg.Office, pg.Desk = "Ủy ban nhân dân", n.DeskHeading()
	if _, ok := cases.CommitteeOn(units, day); ok {
		pg.Office = n.Own
	}
	s.render(c, http.StatusOK, "receipt", pg)
}
