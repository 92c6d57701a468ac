package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/workflow"
)

// The report page: section II.6 for a named period or a range, as the text
// ready to copy, the figures as tables, and bar charts (SVG drawn here)
// against the same period a year earlier. The figures come through the API's
// cache (api_reports.go): a report asked again on an unchanged history is not
// computed again.

type reportPage struct {
	layout
	Period, From, To string
	Periods          []option
	Download         string // the link to the figures' JSON
	DownloadXLSX     string // the link to the workbook (report_xlsx.go)
	Figures          *report.Figures
	Text             string
	Tables           []figureTable
	Charts           []barChart
	Errors           fieldErrors
	// AreaChoice, for an account that reads every committee under its
	// own, labels the choice of the area's report ("Toàn tỉnh"); Area says
	// it is chosen.
	AreaChoice string
	Area       bool
}

// figureTable is a table of figures: a title, the columns and the rows,
// whose first cell is the row's label, and a note under it. Every total it
// shows adds up from the lines shown with it (figureCol, figureRow), which
// the page's markup says, so that a test can add them up as a reader does.
type figureTable struct {
	ID    string
	Title string
	Cols  []figureCol
	Rows  []figureRow
	Note  string
}

// figureCol is a column of a figureTable. Total names the sums the column
// is the total of ("a", or "a b" for two), Part those it is a part of: in
// each row, a total column equals the sum of its parts. NoAdd marks a
// column whose cells do not add up down the rows: distinct matters, rates,
// changes.
type figureCol struct {
	Head        string
	Total, Part string
	NoAdd       bool
}

// figureRow is a row of a figureTable. A Total row equals, in every column
// that adds up, the sum of the Part rows right under it (or, when none is
// under it, right above it). NoAdd marks a row whose cells do not add up
// across the columns: distinct matters.
type figureRow struct {
	Cells       []string
	Total, Part bool
	NoAdd       bool
}

func cols(heads ...string) []figureCol {
	out := make([]figureCol, len(heads))
	for i, h := range heads {
		out[i] = figureCol{Head: h}
	}
	return out
}

// noteMatters is said under a table that counts distinct matters (vụ việc):
// SPEC §4 counts a matter once however often and in however many ways it
// was received, so they do not add up.
const noteMatters = "Số vụ việc: một vụ việc được tiếp nhiều lần, theo nhiều hình thức hoặc có nhiều đơn chỉ tính một lần, nên số vụ việc không cộng dồn theo các dòng, các cột."

func (s *Server) reportPage(c *gin.Context) {
	u := userOf(c)
	if !u.readsReports() {
		s.abortPage(c, forbidden("a %s does not read the committee's statistics", u.Role))
		return
	}
	q := pageReportQuery(c)
	pg := reportPage{layout: s.layout(c, "Báo cáo mục II.6"), Period: q.Period, From: q.From, To: q.To, Errors: fieldErrors{}, Area: q.Area}
	if label, err := s.areaChoice(c.Request.Context(), u); err != nil {
		s.abortPage(c, err)
		return
	} else {
		pg.AreaChoice = label
	}
	year, _, _ := s.now().In(cases.Zone).Date()
	for _, y := range []int{year, year - 1} {
		for _, k := range []string{"-Q1", "-Q2", "-H1", "-Q3", "-9M", "-Q4", "-H2", ""} {
			name := strconv.Itoa(y) + k
			p, err := report.ParsePeriod(name)
			if err != nil {
				continue // the table of periods has no such period that year
			}
			pg.Periods = append(pg.Periods, option{Value: name, Label: p.Label(), Selected: name == q.Period})
		}
	}
	status := http.StatusOK
	if q.Period != "" || q.From != "" || q.To != "" {
		v := url.Values{}
		area := ""
		if q.Area {
			area = "true"
		}
		for k, x := range map[string]string{"period": q.Period, "from": q.From, "to": q.To, "area": area} {
			if x != "" {
				v.Set(k, x)
			}
		}
		pg.Download = "/reports/section6.json?" + v.Encode()
		pg.DownloadXLSX = "/reports/section6.xlsx?" + v.Encode()
		f, err := s.figures(c, u, q)
		if err != nil {
			status = statusOf(err)
			c.Set(logCode, cases.ErrorCode(err))
			if status >= 500 {
				c.Set(logErr, err)
			}
			field, msg := viError(err)
			if field != "from" && field != "to" {
				field = "period"
			}
			if strings.Contains(cases.ErrorMessage(err), "unknown period") {
				msg = "Kỳ báo cáo không hợp lệ: năm (2023), quý (2023-Q1 … 2023-Q4), 6 tháng (2023-H1, 2023-H2), 9 tháng (2023-9M), hoặc chọn từ ngày đến ngày."
			} else if strings.Contains(cases.ErrorMessage(err), "has no figures yet") {
				msg = "Kỳ báo cáo chưa bắt đầu nên chưa có số liệu."
			} else if strings.Contains(cases.ErrorMessage(err), "is after to") {
				field, msg = "to", "Ngày kết thúc phải sau ngày bắt đầu."
			} else if strings.Contains(cases.ErrorMessage(err), "not both") {
				msg = "Chọn một kỳ báo cáo hoặc khoảng ngày, không cả hai."
			}
			pg.Errors.add(field, msg)
		} else {
			pg.Figures = f
			names, err := s.reportNames(c.Request.Context(), f)
			if err != nil {
				s.abortPage(c, err)
				return
			}
			var b bytes.Buffer
			if err := f.WriteText(&b, names); err != nil {
				s.abortPage(c, err)
				return
			}
			pg.Text = b.String()
			pg.Tables = figureTables(f)
			if len(f.Committees) > 0 {
				pg.Tables = append([]figureTable{committeesTable(f, names)}, pg.Tables...)
			}
			pg.Charts = figureCharts(f)
		}
	}
	s.render(c, status, "report", pg)
}

// reportNames are the names the text of section II.6 gives the committee
// reported (f.Committee, else the installation's first), or its area, and
// its units as they stand at the end of the period's last day
// (report.NamesOf), and the days of periodic reception of the plan in force
// then: the plan an administrator changed from a date, or the --reception
// file (settings); as of an instant, the plan recorded by then.
func (s *Server) reportNames(ctx context.Context, f *report.Figures) (report.Names, error) {
	day, asOf := f.Period.To, f.AsOf
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		return report.Names{}, err
	}
	key := ""
	if f.Committee != "" {
		if key, err = cases.CommitteeOf(f.Committee, cases.OwnUnits(units)); err != nil {
			return report.Names{}, err
		}
	}
	st, err := s.settings(ctx)
	if err != nil {
		return report.Names{}, err
	}
	n := report.NamesOf(units, day, key, f.Area)
	// The plan of the report's committee (SPEC §10).
	plan := st.plan(key)
	if asOf != nil {
		// Printed again as of an instant: the plan recorded by then.
		plans, err := plansOf(s.cfg.Reception, workflow.ReceptionEditsAsOf(st.planEdits, *asOf))
		if err != nil {
			return report.Names{}, err
		}
		if plan = plans[key]; plan == nil {
			plan = plans[""]
		}
	}
	n.ReceptionDays, n.ReceptionWeekdays = plan.DaysOn(day)
	return n, nil
}

// figures reads the figures q asks for through the API's cache.
func (s *Server) figures(c *gin.Context, u *User, q reportQuery) (*report.Figures, error) {
	body, err := s.section6(c.Request.Context(), u, q)
	if err != nil {
		return nil, err
	}
	var f report.Figures
	if err := json.Unmarshal(body, &f); err != nil {
		return nil, fmt.Errorf("read the figures: %w", err)
	}
	return &f, nil
}

// reportDownload sends the figures as the API's JSON, as a file.
func (s *Server) reportDownload(c *gin.Context) {
	u := userOf(c)
	q := pageReportQuery(c)
	body, err := s.section6(c.Request.Context(), u, q)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	name := q.Period
	if name == "" {
		name = q.From + "_" + q.To
	}
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, name)
	c.Header("Content-Disposition", `attachment; filename="bao-cao-II6-`+name+`.json"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}

func n(v int) string { return report.FormatCount(v) }

func rate(p *report.Percent) string {
	if p == nil {
		return "—"
	}
	return report.FormatPercent(*p)
}

// figureTables lays the figures out as the tables of forms 01/TCD, 02/TCD
// and KQGQ would, in short. Every total adds up from the lines shown with
// it; the lines no category holds ("chưa phân loại", "lưu đơn") are shown.
func figureTables(f *report.Figures) []figureTable {
	r, pr := f.Reception.ReceptionFigures, f.Reception.Previous
	reception := figureTable{
		ID: "reception", Title: "Tiếp công dân",
		Cols: cols("", "Thường xuyên", "Định kỳ", "Đột xuất", "Tổng", "Cùng kỳ", "So sánh"),
		Rows: []figureRow{
			{Cells: []string{"Kỳ tiếp (cuộc)", "—", n(r.Sessions.Periodic), n(r.Sessions.AdHoc), n(r.Sessions.Total), n(pr.Sessions.Total), report.FormatChange(r.Sessions.Total, pr.Sessions.Total, "cuộc")}},
			{Cells: []string{"Lượt tiếp", n(r.Visits.Regular), n(r.Visits.Periodic), n(r.Visits.AdHoc), n(r.Visits.Total), n(pr.Visits.Total), report.FormatChange(r.Visits.Total, pr.Visits.Total, "lượt")}},
			{Cells: []string{"Người", n(r.People.Regular), n(r.People.Periodic), n(r.People.AdHoc), n(r.People.Total), n(pr.People.Total), report.FormatChange(r.People.Total, pr.People.Total, "người")}},
			{Cells: []string{"Vụ việc", n(r.Cases.Regular), n(r.Cases.Periodic), n(r.Cases.AdHoc), n(r.Cases.Total), n(pr.Cases.Total), report.FormatChange(r.Cases.Total, pr.Cases.Total, "vụ")}, NoAdd: true},
		},
		Note: noteMatters,
	}
	for i := 1; i <= 3; i++ {
		reception.Cols[i].Part = "a"
	}
	reception.Cols[4].Total = "a"
	reception.Cols[6].NoAdd = true

	kinds := figureTable{
		ID: "reception-kinds", Title: "Tiếp lần đầu, nhiều lần, đoàn đông người",
		Cols: cols("", "Lượt", "Vụ việc", "Người", "Cùng kỳ (lượt)"),
		Rows: []figureRow{
			{Cells: []string{"Tiếp lần đầu", n(r.FirstTime.Visits), n(r.FirstTime.Cases), "", n(pr.FirstTime.Visits)}},
			{Cells: []string{"Tiếp nhiều lần", n(r.Repeat.Visits), n(r.Repeat.Cases), "", n(pr.Repeat.Visits)}},
			{Cells: []string{"Đoàn đông người", n(r.Groups.Visits), n(r.Groups.Cases), n(r.Groups.People), n(pr.Groups.Visits)}},
		},
		Note: "Đoàn đông người là một phần của các lượt tiếp lần đầu và nhiều lần. Một vụ việc tiếp lần đầu và tiếp lại trong kỳ được tính ở cả hai dòng.",
	}
	kinds.Cols[2].NoAdd = true

	rp, rd := f.ReceptionPetitions, f.ReceptionPetitions.ByDestination
	recPetitions := figureTable{
		ID: "reception-petitions", Title: "Đơn nhận qua tiếp công dân",
		Cols: cols("", "Đơn", "Vụ việc", "Thuộc thẩm quyền", "Cấp dưới", "Cơ quan tư pháp", "Cơ quan khác", "Lưu đơn", "Dừng xử lý", "Chưa xử lý"),
		Rows: []figureRow{{Cells: []string{"Kỳ này", n(rp.Petitions), n(rp.Cases), n(rd.Own), n(rd.Lower), n(rd.Judicial),
			n(rd.Other), n(rd.Archived), n(rd.Terminated), n(rd.Pending)}}},
		Note: noteMatters,
	}
	recPetitions.Cols[1].Total = "a"
	recPetitions.Cols[2].NoAdd = true
	for i := 3; i < len(recPetitions.Cols); i++ {
		recPetitions.Cols[i].Part = "a"
	}

	rec := figureTable{ID: "received", Title: "Đơn khiếu nại, tố cáo đã nhận",
		Cols: cols("", "Đơn", "Vụ việc", "Cùng kỳ", "So sánh", "Thuộc thẩm quyền", "Cấp dưới", "Khác", "Chưa xử lý"),
		Note: "Khác: chuyển cơ quan tư pháp, cơ quan khác, lưu đơn hoặc dừng xử lý. " + noteMatters}
	rec.Cols[1].Total = "a"
	rec.Cols[2].NoAdd, rec.Cols[4].NoAdd = true, true
	for i := 5; i < len(rec.Cols); i++ {
		rec.Cols[i].Part = "a"
	}
	for i, t := range []struct {
		label string
		r     report.ReceivedFigures
	}{{"Tổng", f.Received.Total}, {"Khiếu nại", f.Received.Complaint}, {"Tố cáo", f.Received.Denunciation}} {
		rec.Rows = append(rec.Rows, figureRow{Total: i == 0, Part: i > 0, Cells: []string{t.label, n(t.r.Petitions), n(t.r.Cases), n(t.r.PreviousPetitions),
			report.FormatChange(t.r.Petitions, t.r.PreviousPetitions, "đơn"), n(t.r.ByDestination.Own), n(t.r.ByDestination.Lower),
			n(t.r.ByDestination.Other), n(t.r.ByDestination.Pending)}})
	}

	bt := f.ReceivedByType
	byType := figureTable{ID: "received-by-type", Title: "Đơn nhận trong kỳ theo loại đơn",
		Cols: cols("", "Đơn"),
		Rows: []figureRow{
			{Cells: []string{"Tổng số đơn nhận trong kỳ", n(bt.Total)}, Total: true},
			{Cells: []string{"Khiếu nại", n(bt.Complaint)}, Part: true},
			{Cells: []string{"Tố cáo", n(bt.Denunciation)}, Part: true},
			{Cells: []string{"Kiến nghị", n(bt.Recommendation)}, Part: true},
			{Cells: []string{"Phản ánh", n(bt.Reflection)}, Part: true},
			{Cells: []string{"Chưa phân loại", n(bt.Unclassified)}, Part: true},
			{Cells: []string{"Lưu đơn (chưa phân loại)", n(bt.Archived)}, Part: true},
		},
		Note: "Mọi đơn nhận trong kỳ, qua mọi kênh, theo loại đơn được phân loại sau cùng; đơn đã phân loại rồi lưu đơn được tính theo loại của nó."}

	res := figureTable{ID: "resolution", Title: "Kết quả giải quyết",
		Cols: cols("", "Kỳ trước chuyển sang", "Thụ lý mới", "Phải giải quyết", "Đã giải quyết", "Đình chỉ", "Đang giải quyết",
			"Tỷ lệ", "Đúng", "Sai, sai sự thật", "Đúng một phần", "Đã thực hiện", "Đúng hạn", "Trễ hạn", "Quá hạn"),
		Note: "Đã thực hiện: số lần thực hiện quyết định, kết luận trong kỳ, kể cả vụ việc giải quyết từ kỳ trước. Quá hạn: trong số đang giải quyết."}
	res.Cols[1].Part, res.Cols[2].Part = "a", "a"
	res.Cols[3].Total = "a b"
	res.Cols[4].Part, res.Cols[5].Part, res.Cols[6].Part = "b", "b", "b"
	res.Cols[7].NoAdd = true
	res.Cols[4].Total = "c d"
	res.Cols[8].Part, res.Cols[9].Part, res.Cols[10].Part = "c", "c", "c"
	res.Cols[12].Part, res.Cols[13].Part = "d", "d"
	row := func(label string, g report.ResolutionFigures) []string {
		return []string{label, n(g.CarriedOver), n(g.Accepted), n(g.MustResolve), n(g.Resolved), n(g.Terminated), n(g.InProgress),
			rate(g.Rate), n(g.Verdicts.Correct), n(g.Verdicts.Incorrect), n(g.Verdicts.PartlyCorrect), n(g.Implemented),
			n(g.OnTime), n(g.Late), n(g.Overdue)}
	}
	for _, t := range []struct {
		label string
		r     report.ResolutionByCompetence
	}{{"Khiếu nại", f.Resolution.Complaint}, {"Tố cáo", f.Resolution.Denunciation}} {
		res.Rows = append(res.Rows, figureRow{Cells: row(t.label+" — thuộc thẩm quyền", t.r.Own)},
			figureRow{Cells: row(t.label+" — cấp dưới", t.r.Lower.ResolutionFigures), Total: len(t.r.Lower.Units) > 0})
		for _, un := range t.r.Lower.Units {
			res.Rows = append(res.Rows, figureRow{Cells: row("    "+un.UnitName, un.ResolutionFigures), Part: true})
		}
	}

	o, m := f.Other, f.Other.ByMethod
	other := figureTable{ID: "other", Title: "Kiến nghị, phản ánh đã chuyển đơn, hướng dẫn trong kỳ",
		Cols: cols("", "Đơn", "Vụ việc", "Giao", "Chuyển đơn", "Hướng dẫn", "Đôn đốc"),
		Rows: []figureRow{{Cells: []string{"Kỳ này", n(o.Petitions), n(o.Cases), n(m.Assign), n(m.Transfer), n(m.Guide), n(m.Urge)}}},
		Note: "Đơn kiến nghị, phản ánh được chuyển đi trong kỳ, dù nhận trong kỳ hay trước đó. " + noteMatters}
	other.Cols[1].Total = "a"
	other.Cols[2].NoAdd = true
	for i := 3; i < len(other.Cols); i++ {
		other.Cols[i].Part = "a"
	}

	h := f.Handling
	handling := figureTable{ID: "handling", Title: "Xử lý đơn nhận trong kỳ (thời hạn 10 ngày làm việc kể từ ngày nhận đơn)",
		Cols: cols("", "Đơn"),
		Rows: []figureRow{
			{Cells: []string{"Tổng số đơn nhận trong kỳ", n(bt.Total)}, Total: true},
			{Cells: []string{"Xử lý đúng hạn", n(h.OnTime)}, Part: true},
			{Cells: []string{"Xử lý trễ hạn", n(h.Late)}, Part: true},
			{Cells: []string{"Chưa xử lý, trong hạn", n(h.PendingInTime)}, Part: true},
			{Cells: []string{"Chưa xử lý, quá hạn", n(h.PendingOverdue)}, Part: true},
		}}
	return []figureTable{reception, kinds, recPetitions, rec, byType, res, other, handling}
}

// barChart is a grouped bar chart of figures of P against P', laid out
// here so that the template only places rectangles and text.
type barChart struct {
	ID, Title     string
	Width, Height int
	Base          int // the y of the axis
	Groups        []barGroup
	Ticks         []tick
}

type barGroup struct {
	Label  string
	X      int // the centre of the group's label
	Bars   []bar
	Legend string
}

type bar struct {
	X, Y, W, H int
	Value      string
	Class      string // now or before
	TextX      int
	TextY      int
}

type tick struct {
	Y     int
	Label string
}

// chartSeries is one group of a chart: a label and the figure of P and P'.
type chartSeries struct {
	label       string
	now, before int
}

func newBarChart(id, title string, series []chartSeries) barChart {
	const (
		width, height = 460, 240
		left, top     = 44, 16
		bottom        = 40
		barW, gap     = 34, 6
	)
	ch := barChart{ID: id, Title: title, Width: width, Height: height, Base: height - bottom}
	top0 := 1
	for _, s := range series {
		top0 = max(top0, s.now, s.before)
	}
	step := niceStep(top0)
	top1 := (top0 + step - 1) / step * step
	plot := ch.Base - top
	for v := 0; v <= top1; v += step {
		ch.Ticks = append(ch.Ticks, tick{Y: ch.Base - v*plot/top1, Label: report.FormatCount(v)})
	}
	groupW := (width - left - 10) / max(1, len(series))
	for i, s := range series {
		cx := left + groupW*i + groupW/2
		g := barGroup{Label: s.label, X: cx}
		for j, v := range []int{s.now, s.before} {
			h := v * plot / top1
			x := cx - barW - gap/2 + j*(barW+gap)
			class := "now"
			if j == 1 {
				class = "before"
			}
			g.Bars = append(g.Bars, bar{X: x, Y: ch.Base - h, W: barW, H: h, Value: report.FormatCount(v), Class: class,
				TextX: x + barW/2, TextY: ch.Base - h - 3})
		}
		ch.Groups = append(ch.Groups, g)
	}
	return ch
}

// niceStep is a step of 1, 2 or 5 times a power of ten that divides 0..top
// in at most five intervals.
func niceStep(top int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if top <= 5*m*p {
				return m * p
			}
		}
	}
}

func figureCharts(f *report.Figures) []barChart {
	r, pr := f.Reception.ReceptionFigures, f.Reception.Previous
	return []barChart{
		newBarChart("chart-visits", "Lượt tiếp công dân", []chartSeries{
			{"Thường xuyên", r.Visits.Regular, pr.Visits.Regular}, {"Định kỳ", r.Visits.Periodic, pr.Visits.Periodic},
			{"Đột xuất", r.Visits.AdHoc, pr.Visits.AdHoc}, {"Tổng", r.Visits.Total, pr.Visits.Total}}),
		newBarChart("chart-reception", "Người, vụ việc, đoàn đông người", []chartSeries{
			{"Người", r.People.Total, pr.People.Total}, {"Vụ việc", r.Cases.Total, pr.Cases.Total},
			{"Đoàn đông người", r.Groups.Visits, pr.Groups.Visits}}),
		newBarChart("chart-received", "Đơn khiếu nại, tố cáo", []chartSeries{
			{"Khiếu nại", f.Received.Complaint.Petitions, f.Received.Complaint.PreviousPetitions},
			{"Tố cáo", f.Received.Denunciation.Petitions, f.Received.Denunciation.PreviousPetitions},
			{"Tổng", f.Received.Total.Petitions, f.Received.Total.PreviousPetitions}}),
	}
}

// pageReportQuery is what the report page and its downloads are asked:
// the period, and area=true for the area's report.
func pageReportQuery(c *gin.Context) reportQuery {
	return reportQuery{Period: strings.TrimSpace(c.Query("period")), From: c.Query("from"), To: c.Query("to"),
		Area: c.Query("area") == "true"}
}

// areaChoice labels the choice of the area's report for account u ("Toàn
// tỉnh"), or is "" when its committee has none under it, or it does not
// read them all.
func (s *Server) areaChoice(ctx context.Context, u *User) (string, error) {
	scope := cases.ScopeOf(ctx)
	if scope == nil {
		return "", nil
	}
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		return "", err
	}
	if len(cases.Area(cases.OwnUnits(units), scope.Committee)) < 2 {
		return "", nil
	}
	if _, _, err := s.reportScope(ctx, u, reportQuery{Area: true}); err != nil {
		return "", nil
	}
	return report.NamesOf(units, cases.DateOf(s.now()), scope.Committee, true).AreaTotalLabel(), nil
}

// committeesTable is an area's table of its committees side by side
// (report.AreaColumns): a row per committee, from its own report, and the
// area's last, which adds up from them but in the columns of matters and
// the rate.
func committeesTable(f *report.Figures, names report.Names) figureTable {
	t := figureTable{ID: "committees", Title: "Số liệu theo đơn vị", Cols: cols("Đơn vị"),
		Note: "Mỗi dòng là số liệu báo cáo của đơn vị; dòng cuối là số liệu " + names.AreaWords() + ". " + noteMatters}
	for _, c := range report.AreaColumns {
		t.Cols = append(t.Cols, figureCol{Head: c.Head, NoAdd: c.Kind != report.AreaSum})
	}
	row := func(label string, g *report.Figures) []string {
		cells := []string{label}
		for _, c := range report.AreaColumns {
			if c.Rate != nil {
				cells = append(cells, rate(c.Rate(g)))
			} else {
				cells = append(cells, n(c.Count(g)))
			}
		}
		return cells
	}
	for i := range f.Committees {
		t.Rows = append(t.Rows, figureRow{Cells: row(f.Committees[i].CommitteeName, &f.Committees[i]), Part: true})
	}
	t.Rows = append(t.Rows, figureRow{Cells: row(names.AreaTotalLabel(), f), Total: true})
	return t
}
