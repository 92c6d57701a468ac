package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/workflow"
)

// The leader's overview ("Tổng quan"): what needs the attention of the
// committee's chairman and vice-chairmen, at a glance — the petitions waiting
// at each unit and at the desk by the deadline they wait on, the oldest
// overdue ones, this week's reception and the running quarter's headline
// figures. It holds no rule of its own: the units' petitions are the inbox's
// (waitingAtUnits), the desk's wait on their handling deadline
// (workflow.WaitingOn), the figures are the report's, the week the
// schedule's. It shows no petitioner, so a leader's glance at it writes
// nothing to the access log.

func init() {
	// Parsed with the other pages (parsePages); registered here so that the
	// overview's files are its own.
	pageNames = append(pageNames, "overview")
}

// overviewOverdue is how many overdue petitions the overview lists: the
// oldest; the inbox lists them all.
const overviewOverdue = 10

// deskName names the line of the petitions still at the reception desk.
const deskName = "Bộ phận tiếp công dân (đơn chưa chuyển xử lý)"

// Overview reports whether the user reads the leader's overview: leaders,
// and admins, who read everything. A head's view is its unit (the inbox), a
// reporter's the figures (the report), reception's the desk.
func (u *User) Overview() bool { return u.Role == cases.RoleLeader || u.Role == cases.RoleAdmin }

type overviewPage struct {
	layout
	Committee string // the committee in force today
	Today     cases.Date
	NearDays  int // how near a deadline is "sắp đến hạn" (nearDays)
	// Units are the units with a petition waiting, the most overdue first;
	// Desk the petitions still at the desk; Total adds them up.
	Units []overviewRow
	Desk  overviewRow
	Total overviewRow
	// Overdue are the oldest overdue petitions, OverdueAll how many are.
	Overdue    []overdueRow
	OverdueAll int
	// Week is this week's reception, Monday to Sunday.
	Week         []overviewDay
	WeekFrom     cases.Date
	WeekTo       cases.Date
	ScheduleLink string
	// Quarter is the running quarter's headline, nil when the table of
	// reporting periods has none.
	Quarter *overviewQuarter
}

// overviewRow is a line of the table of petitions waiting: where, and how
// many by the deadline they wait on.
type overviewRow struct {
	Name string
	Link string // the unit's inbox; none for the desk and the total
	dueCounts
}

// overdueRow is an overdue petition as the overview lists it: no petitioner.
type overdueRow struct {
	Link    string
	Ref     string
	Number  string
	Summary string
	Type    string
	Unit    string
	Due     cases.Date
	Label   string // the deadline's name
	Status  string // "quá hạn 5 ngày"
}

// overviewDay is a day of this week's reception.
type overviewDay struct {
	dayView
	Today bool
	Link  string // the day on the schedule's page
}

// overviewQuarter is the running quarter's headline figures, as of today.
type overviewQuarter struct {
	Label      string
	From, To   cases.Date
	AsOfDay    *cases.Date
	Received   int // petitions received, every type
	Resolved   int // complaints and denunciations resolved
	Overdue    int // accepted complaints and denunciations in progress past their deadline
	NotHandled int // petitions received and not handled by their handling deadline
	Link       string
}

func (s *Server) overviewPage(c *gin.Context) {
	ctx := c.Request.Context()
	u := userOf(c)
	if !u.Overview() {
		s.abortPage(c, forbidden("a %s does not read the leader's overview", u.Role).
			VI("Trang tổng quan dành cho lãnh đạo UBND: vai trò của bạn không được mở trang này."))
		return
	}
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	names := cases.NamesOf(units)
	dl, err := s.deadlineContext(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	pg := overviewPage{layout: s.layout(c, "Tổng quan"), Today: dl.today, NearDays: nearDays}
	if own, ok := cases.CommitteeOn(units, dl.today); ok {
		pg.Committee = own.Name
	}
	atUnits, err := s.waitingAtUnits(ctx, u, cases.Filter{}, dl)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	atDesk, err := s.waitingAtDesk(ctx, dl)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	byUnit := map[string]*overviewRow{}
	for _, w := range atUnits {
		r := byUnit[w.p.Unit]
		if r == nil {
			r = &overviewRow{Name: names.Name(w.p.Unit), Link: "/inbox?" + url.Values{"unit": {w.p.Unit}}.Encode()}
			byUnit[w.p.Unit] = r
		}
		r.add(w.due)
	}
	for _, r := range byUnit {
		pg.Units = append(pg.Units, *r)
	}
	// The most overdue first, then the nearest deadlines, the most waiting.
	slices.SortFunc(pg.Units, func(a, b overviewRow) int {
		for _, d := range [][2]int{{a.Overdue, b.Overdue}, {a.Near, b.Near}, {a.Waiting(), b.Waiting()}} {
			if d[0] != d[1] {
				return d[1] - d[0]
			}
		}
		return strings.Compare(cases.Fold(a.Name), cases.Fold(b.Name))
	})
	pg.Desk = overviewRow{Name: deskName}
	for _, w := range atDesk {
		pg.Desk.add(w.due)
	}
	pg.Total = overviewRow{Name: "Tổng cộng", dueCounts: pg.Desk.dueCounts}
	for _, r := range pg.Units {
		pg.Total.dueCounts = pg.Total.plus(r.dueCounts)
	}

	// The overdue, the longest overdue first, wherever they wait.
	all := append(slices.Clip(atUnits), atDesk...)
	sortWaiting(all)
	for _, w := range all {
		if w.due == nil || w.due.Class != "due-past" {
			continue
		}
		pg.OverdueAll++
		if len(pg.Overdue) == overviewOverdue {
			continue
		}
		unit := deskName
		if w.p.HandledAt != nil { // routed: waiting at its unit
			unit = names.Name(w.p.Unit)
		}
		pg.Overdue = append(pg.Overdue, overdueRow{Link: "/petitions/" + url.PathEscape(w.p.Ref), Ref: w.p.Ref,
			Number: w.p.Number.String(), Summary: w.p.Summary, Type: typeLabel(w.p.Type), Unit: unit,
			Due: w.due.Due, Label: w.d.Label(), Status: w.due.Status})
	}

	if err := s.overviewWeek(ctx, u, &pg); err != nil {
		s.abortPage(c, err)
		return
	}
	if pg.Quarter, err = s.overviewQuarter(c, u, dl.today); err != nil {
		s.abortPage(c, err)
		return
	}
	s.render(c, http.StatusOK, "overview", pg)
}

// typeLabel is a petition's type as the overview names it: "Chưa phân loại"
// before classification.
func typeLabel(t cases.Type) string {
	if t == "" {
		return "Chưa phân loại"
	}
	return t.Label()
}

// waitingAtDesk are the petitions still at the reception desk (received,
// classified, not handled), each waiting on its handling deadline
// (workflow.WaitingOn).
func (s *Server) waitingAtDesk(ctx context.Context, dl *deadlines) ([]waiting, error) {
	ps, err := s.cfg.Store.Petitions(ctx, cases.Filter{States: deskStates})
	if err != nil {
		return nil, err
	}
	var list []waiting
	for _, p := range ps {
		w := waiting{p: p}
		d, ok := workflow.WaitingOn(p, dl.of(p))
		if !ok {
			continue
		}
		w.waitingOn(d, dl.today)
		list = append(list, w)
	}
	return list, nil
}

// overviewWeek fills in this week's reception, Monday to Sunday, from the
// schedule.
func (s *Server) overviewWeek(ctx context.Context, u *User, pg *overviewPage) error {
	today := pg.Today
	pg.WeekFrom = today.AddDays(-int((today.Weekday() + 6) % 7))
	pg.WeekTo = pg.WeekFrom.AddDays(6)
	sch, h, err := s.schedule(ctx, u, workflow.ScheduleRequest{From: pg.WeekFrom, To: pg.WeekTo, Today: today})
	if err != nil {
		return err
	}
	y, m, _ := today.YMD()
	pg.ScheduleLink = "/lich-tiep?month=" + monthParam(cases.NewDate(y, m, 1))
	link := petitionLinks(u, h)
	for i := range sch.Days {
		d := &sch.Days[i]
		v := newDayView(d, link)
		y, m, _ := d.Date.YMD()
		pg.Week = append(pg.Week, overviewDay{dayView: v, Today: d.Date == today,
			Link: "/lich-tiep?month=" + monthParam(cases.NewDate(y, m, 1)) + "#" + v.Anchor})
	}
	return nil
}

// overviewQuarter is the headline of the quarter today falls in, from the
// report's figures (through its cache), cut at today as the report cuts an
// unfinished period.
func (s *Server) overviewQuarter(c *gin.Context, u *User, today cases.Date) (*overviewQuarter, error) {
	p, err := report.QuarterOf(today)
	if err != nil {
		return nil, nil // no quarter in the table: no headline
	}
	f, err := s.figures(c, u, reportQuery{Period: p.Name})
	if err != nil {
		return nil, err
	}
	q := &overviewQuarter{Label: f.Period.Label(), From: f.Period.From, To: f.Period.To, AsOfDay: f.AsOfDay,
		Received: f.ReceivedByType.Total, NotHandled: f.Handling.PendingOverdue,
		Link: "/reports?" + url.Values{"period": {p.Name}}.Encode()}
	for _, rc := range []report.ResolutionByCompetence{f.Resolution.Complaint, f.Resolution.Denunciation} {
		for _, r := range []report.ResolutionFigures{rc.Own, rc.Lower.ResolutionFigures} {
			q.Resolved += r.Resolved
			q.Overdue += r.Overdue
		}
	}
	return q, nil
}
