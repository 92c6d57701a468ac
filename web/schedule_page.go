package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// The page "Lịch tiếp công dân": the reception schedule a month at a time,
// as a grid of weeks from Monday to Sunday and, below it, what each day holds.
// Server-rendered; a plain link moves from month to month.

func init() {
	// The page's set is parsed with the others (parsePages); registering it
	// here keeps the schedule's files its own.
	pageNames = append(pageNames, "schedule")
}

// weekdayHeads are the grid's columns, Monday first.
var weekdayHeads = []string{"Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"}

// statusOrder is the order of the legend.
var statusOrder = []workflow.DayStatus{workflow.DayHeld, workflow.DayPlanned, workflow.DayMissed, workflow.DaySkipped,
	workflow.DayAdHoc, workflow.DayOffSchedule, workflow.DayAppointments}

type schedulePage struct {
	layout
	// Month is "01/2023"; Prev and Next link to the months around it, ICS to
	// its iCalendar.
	Month      string
	Prev, Next string
	ICS        string
	Committee  string
	Weekdays   []string
	Weeks      [][]calendarCell
	Days       []dayView
	Legend     []statusView
	Summary    workflow.ScheduleSummary
	Notes      []string
	// Shortfalls warn of the weeks or months the plan leaves short of the
	// law's minimum days.
	Shortfalls []string
}

// calendarCell is one day of the grid.
type calendarCell struct {
	Number  int
	InMonth bool
	Today   bool
	Weekend bool
	// Class colours the cell: by the day's status, else as a day off.
	Class string
	// Off names a day off that is not a plain weekend ("Nghỉ Tết Nguyên
	// đán"); Worked marks a weekend day worked in lieu.
	Off    string
	Worked bool
	// MovedTo is where a reception scheduled on this day is held instead.
	MovedTo string
	Day     *dayView
}

// statusView is a day's status as the page shows it: a label and the class
// that colours it.
type statusView struct {
	Class, Label string
}

// dayView is one date of the schedule.
type dayView struct {
	Anchor string // the id of its entry below the grid
	Title  string // "Thứ Sáu 27/01/2023"
	Status statusView
	// Reason says why the reception moved or was skipped; Leader and
	// LeaderHow who presides and how chosen.
	Reason    string
	Leader    string
	LeaderHow string
	Sessions  []sessionView
	Expected  []expectedView
	// Visits and People count the day's sessions, for the grid.
	Visits, People int
}

// sessionView is a session held, with its visits.
type sessionView struct {
	Title                   string
	Visits, People, Matters int
	Rows                    []visitView
}

// visitView is one visit of a session: refs and a count, no citizen.
type visitView struct {
	Ref, Petition, Extra string
	People               int
	Link                 string // the petition's page, when the user may read it
}

// expectedView is one thing a coming day expects; its text starts with
// what it is ("Hẹn tiếp lại đơn P-2 …").
type expectedView struct {
	Text        string
	Explanation string
	Overdue     bool
	Link        string
}

// schedulePage shows the month ?month=YYYY-MM, today's by default.
func (s *Server) schedulePage(c *gin.Context) {
	u := userOf(c)
	today := s.today()
	first, err := parseMonth(c.Query("month"), today)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	y, m, _ := first.YMD()
	last := cases.NewDate(y, m+1, 0)
	st, err := s.settings(c.Request.Context())
	if err != nil {
		s.abortPage(c, err)
		return
	}
	sch, h, err := s.schedule(c.Request.Context(), u, workflow.ScheduleRequest{From: first, To: last, Today: today,
		Calendar: st.cal(committeeKey(c.Request.Context()))})
	if err != nil {
		s.abortPage(c, err)
		return
	}
	month := fmt.Sprintf("%02d/%d", m, y)
	pg := schedulePage{layout: s.layout(c, "Lịch tiếp công dân tháng "+month), Month: month,
		Prev:      "/lich-tiep?month=" + monthParam(cases.NewDate(y, m-1, 1)),
		Next:      "/lich-tiep?month=" + monthParam(cases.NewDate(y, m+1, 1)),
		ICS:       "/lich-tiep.ics?" + url.Values{"from": {first.String()}, "to": {last.String()}}.Encode(),
		Committee: sch.Committee, Weekdays: weekdayHeads, Summary: sch.Summary, Notes: sch.Notes}
	for _, sf := range sch.Shortfalls {
		pg.Shortfalls = append(pg.Shortfalls, sf.Text)
	}
	for _, st := range statusOrder {
		pg.Legend = append(pg.Legend, dayStatusView(st))
	}
	link := petitionLinks(u, h)
	byDate := map[cases.Date]*dayView{}
	pg.Days = make([]dayView, len(sch.Days))
	for i := range sch.Days {
		pg.Days[i] = newDayView(&sch.Days[i], link)
		byDate[sch.Days[i].Date] = &pg.Days[i]
	}
	// A reception moved off a day off is listed on the day it is held; the
	// day it was scheduled on says where it went.
	movedTo := map[cases.Date]cases.Date{}
	for _, d := range sch.Days {
		if r := d.Reception; r != nil && !r.Skipped {
			for _, from := range append([]cases.Date{r.Scheduled}, r.Merged...) {
				if from != r.Date {
					movedTo[from] = r.Date
				}
			}
		}
	}
	pg.Weeks = monthGrid(st.cal(committeeKey(c.Request.Context())), first, last, today, byDate, movedTo)
	s.render(c, http.StatusOK, "schedule", pg)
}

// scheduleICS downloads the schedule of ?from=&to= (this month and the next
// by default) as iCalendar, for the page's users: the API's answer to
// format=ics, with a session instead of a token.
func (s *Server) scheduleICS(c *gin.Context) {
	q := scheduleQuery{From: c.Query("from"), To: c.Query("to"), Format: "ics"}
	req, err := q.request(s.today())
	if err != nil {
		s.abortPage(c, err)
		return
	}
	sch, _, err := s.schedule(c.Request.Context(), userOf(c), req)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("X-Content-Type-Options", "nosniff")
	s.writeICS(c, sch, s.abortPage)
}

// parseMonth reads ?month=YYYY-MM as its first day; empty is today's month.
func parseMonth(v string, today cases.Date) (cases.Date, error) {
	if v == "" {
		y, m, _ := today.YMD()
		return cases.NewDate(y, m, 1), nil
	}
	t, err := time.Parse("2006-01", v)
	if err != nil {
		return 0, cases.FieldErrorf("month", "%q is not a month YYYY-MM", v)
	}
	return cases.NewDate(t.Year(), t.Month(), 1), nil
}

func monthParam(d cases.Date) string {
	y, m, _ := d.YMD()
	return fmt.Sprintf("%04d-%02d", y, m)
}

// monthGrid lays first..last out in weeks from Monday to Sunday, the days of
// the months around it filling the first and last weeks.
func monthGrid(cal *workflow.Calendar, first, last, today cases.Date, days map[cases.Date]*dayView, movedTo map[cases.Date]cases.Date) [][]calendarCell {
	start := first - cases.Date((first.Weekday()+6)%7)
	end := last + cases.Date((7-last.Weekday())%7)
	var weeks [][]calendarCell
	for d := start; d <= end; d += 7 {
		week := make([]calendarCell, 7)
		for i := range week {
			n := d + cases.Date(i)
			_, _, day := n.YMD()
			cell := calendarCell{Number: day, InMonth: first <= n && n <= last}
			if cell.InMonth {
				cell.Today = n == today
				cell.Weekend = n.Weekday() == time.Saturday || n.Weekday() == time.Sunday
				off, why := cal.DayOff(n)
				switch {
				case off && !cell.Weekend:
					cell.Off = why
				case off && why != weekdayHeads[(n.Weekday()+6)%7]:
					cell.Off = why // a holiday on a weekend
				case !off && cell.Weekend:
					cell.Worked = true
				}
				cell.Day = days[n]
				if to, ok := movedTo[n]; ok {
					cell.MovedTo = to.VN()
				}
				switch {
				case cell.Day != nil:
					cell.Class = cell.Day.Status.Class
				case cell.Off != "":
					cell.Class = "off"
				case cell.Weekend && !cell.Worked:
					cell.Class = "weekend"
				}
				if cell.Today {
					cell.Class = strings.TrimSpace(cell.Class + " today")
				}
			}
			week[i] = cell
		}
		weeks = append(weeks, week)
	}
	return weeks
}

// dayStatusView is a status's label and class.
func dayStatusView(st workflow.DayStatus) statusView {
	return statusView{Class: "st-" + strings.ReplaceAll(string(st), "_", "-"), Label: st.Label()}
}

// petitionLinks returns the link to a petition's page for the refs the user
// may read, "" for the others: a reporter reads none, a head those routed to
// its unit. It judges by the petitions the history holds.
func petitionLinks(u *User, h *workflow.ScheduleHistory) func(ref string) string {
	return func(ref string) string {
		p := h.Petitions[ref]
		if p == nil {
			for _, a := range h.Accepted {
				if a.Ref == ref {
					p = a
				}
			}
		}
		if p == nil || !u.inScope(p) {
			return ""
		}
		return "/petitions/" + url.PathEscape(ref)
	}
}

func newDayView(d *workflow.Day, link func(string) string) dayView {
	v := dayView{Anchor: "ngay-" + d.Date.String(), Title: workflow.DayTitle(d.Date), Status: dayStatusView(d.Status)}
	if r := d.Reception; r != nil {
		v.Reason = r.Reason
		if r.Leader != "" {
			v.Leader, v.LeaderHow = r.Leader, r.LeaderHow()
		}
	}
	for i := range d.Sessions {
		k := &d.Sessions[i]
		sv := sessionView{Title: k.Title(), Visits: len(k.Visits), People: k.People, Matters: len(k.Matters)}
		for j := range k.Visits {
			x := &k.Visits[j]
			sv.Rows = append(sv.Rows, visitView{Ref: x.Ref, Petition: x.Petition, Extra: x.Extra(), People: x.People,
				Link: link(x.Petition)})
		}
		v.Sessions = append(v.Sessions, sv)
		v.Visits += sv.Visits
		v.People += sv.People
	}
	for _, e := range d.Expected {
		v.Expected = append(v.Expected, expectedView{Text: e.Text, Explanation: e.Explanation,
			Overdue: e.Overdue, Link: link(e.Petition)})
	}
	return v
}
