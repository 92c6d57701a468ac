package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/xuri/excelize/v2"
)

// XLSXContentType is the media type of the workbook WriteXLSX writes.
const XLSXContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// The sheets of the workbook WriteXLSX writes.
const (
	// FiguresSheet holds the figures as tables.
	FiguresSheet = "Số liệu II.6"
	// TextSheet holds the text of section II.6, one paragraph a row.
	TextSheet = "Nội dung II.6"
	// AreaSheet, in an area's workbook, holds the table of its committees
	// side by side (AreaColumns), the area's row last.
	AreaSheet = "Theo đơn vị"
)

// FileName is the name a report of p is saved under, with the extension
// ext: "bao-cao-II6-2023-H1.xlsx", "bao-cao-II6-2023-01-01_2023-03-31.json".
// It is plain ASCII, safe in a Content-Disposition header.
func FileName(p Period, ext string) string {
	return "bao-cao-II6-" + p.FileTag() + "." + ext
}

// FileTag is the period in a file's name: its name ("2023-H1"), or its
// dates ("2023-01-01_2023-03-31"); plain ASCII.
func (p Period) FileTag() string {
	name := p.Name
	if name == "" || strings.Trim(name, "0123456789-QHM") != "" {
		name = p.From.String() + "_" + p.To.String()
	}
	return name
}

// WriteXLSX writes the figures as a workbook an office opens in Excel or
// LibreOffice: the sheet FiguresSheet has a heading with the period, the
// same period a year earlier and what the figures include, then the tables
// of section II.6 — reception, the petitions received at reception and where
// they went, the complaints and denunciations received with the same period
// a year earlier, the results of resolving them (own, lower, each lower
// committee), the recommendations and reflections routed, the handling of
// petitions; the sheet TextSheet has the text WriteText writes, one paragraph
// a row.
//
// Counts are numbers, not text, so that the office can sum and chart them;
// rates are numbers with two decimals (33.33 for 33,33%), and a rate of
// nothing to resolve (null in the JSON) is an empty cell. The workbook holds
// the figures and the committee's names only: Figures has no personal data.
func (f *Figures) WriteXLSX(w io.Writer, n Names) error {
	n = n.withDefaults()
	var text bytes.Buffer
	if err := f.WriteText(&text, n); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	b, err := newBook(x)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	b.chain = f.Chain
	b.figures(f, n)
	b.committees(f, n)
	b.text(strings.Split(strings.TrimRight(text.String(), "\n"), "\n\n"))
	b.props(f)
	if b.err != nil {
		return fmt.Errorf("xlsx: %w", b.err)
	}
	_, err = x.WriteTo(w)
	return err
}

// book writes the workbook. Its first error sticks: every later call does
// nothing, and WriteXLSX reports it.
type book struct {
	x     *excelize.File
	sheet string
	row   int // the last row written
	st    bookStyles
	err   error
	chain *Chain // the head of the history, in each sheet's footer
}

// bookStyles are the cell styles of the workbook, by use.
type bookStyles struct {
	title, heading, table        int // the sheet's title, its heading lines, a table's title
	head                         int // a table's column heads
	label, sub, group, unit      int // a row's label, a part's label, a group's label, the unit of a row
	count, change, rate, percent int // numbers: counts, differences, rates, changes in percent
	paragraph                    int
}

// The number formats. Excel shows them with the separators of the reader's
// locale: "3.088" and "33,33" on a Vietnamese Windows.
const (
	fmtCount         = 3 // #,##0
	fmtRate          = 2 // 0.00
	fmtChange        = "+#,##0;-#,##0;0"
	fmtPercentChange = "+0.00;-0.00;0.00"
)

// font is the font of every cell: the one of the office's documents.
const font = "Times New Roman"

// XLSXFont is the font of every cell of the workbooks tiepdan writes: the
// report's and the exports' (package export).
const XLSXFont = font

func newBook(x *excelize.File) (*book, error) {
	b := &book{x: x}
	if err := x.SetDefaultFont(font); err != nil {
		return nil, err
	}
	thin := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	changeFmt, percentFmt := fmtChange, fmtPercentChange
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&b.st.title, excelize.Style{Font: &excelize.Font{Family: font, Bold: true, Size: 14}}},
		{&b.st.heading, excelize.Style{Font: &excelize.Font{Family: font, Size: 12}}},
		{&b.st.table, excelize.Style{Font: &excelize.Font{Family: font, Bold: true, Size: 12}}},
		{&b.st.head, excelize.Style{Font: &excelize.Font{Family: font, Bold: true}, Border: thin,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&b.st.label, excelize.Style{Font: &excelize.Font{Family: font}, Border: thin,
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&b.st.sub, excelize.Style{Font: &excelize.Font{Family: font}, Border: thin,
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true, Indent: 2}}},
		{&b.st.group, excelize.Style{Font: &excelize.Font{Family: font, Bold: true}, Border: thin,
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
		{&b.st.unit, excelize.Style{Font: &excelize.Font{Family: font}, Border: thin,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&b.st.count, excelize.Style{Font: &excelize.Font{Family: font}, Border: thin, NumFmt: fmtCount,
			Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&b.st.change, excelize.Style{Font: &excelize.Font{Family: font}, Border: thin, CustomNumFmt: &changeFmt,
			Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&b.st.rate, excelize.Style{Font: &excelize.Font{Family: font}, Border: thin, NumFmt: fmtRate,
			Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&b.st.percent, excelize.Style{Font: &excelize.Font{Family: font}, Border: thin, CustomNumFmt: &percentFmt,
			Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&b.st.paragraph, excelize.Style{Font: &excelize.Font{Family: font, Size: 13},
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	} {
		id, err := x.NewStyle(&s.style)
		if err != nil {
			return nil, err
		}
		*s.id = id
	}
	return b, nil
}

// xcell is one cell of a table row: a string, an int, a float64 (written
// with two decimals) or nil (an empty cell, with the row's borders).
type xcell struct {
	value any
	style int
}

func (b *book) count(v int) xcell  { return xcell{v, b.st.count} }
func (b *book) change(v int) xcell { return xcell{v, b.st.change} }
func (b *book) str(s string) xcell { return xcell{s, b.st.unit} }

// rate is a rate in percent, empty when there is none (nothing to resolve).
func (b *book) rate(p *Percent) xcell {
	if p == nil {
		return xcell{nil, b.st.rate}
	}
	return xcell{p.Float(), b.st.rate}
}

// vsPrevious are the cells comparing a figure with the same period a year
// earlier: its value then, the difference and the difference in percent of
// the value then (empty when that was zero, as the text gives no percentage
// then).
func (b *book) vsPrevious(now, before int) []xcell {
	pct := xcell{nil, b.st.percent}
	diff := now - before
	if p := Ratio(abs(diff), before); p != nil {
		v := p.Float()
		if diff < 0 {
			v = -v
		}
		pct.value = v
	}
	return []xcell{b.count(before), b.change(diff), pct}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func (b *book) set(col, row int, c xcell) {
	if b.err != nil {
		return
	}
	var ref string
	ref, b.err = excelize.CoordinatesToCellName(col, row)
	if b.err != nil {
		return
	}
	switch v := c.value.(type) {
	case int:
		b.err = b.x.SetCellInt(b.sheet, ref, int64(v))
	case float64:
		b.err = b.x.SetCellFloat(b.sheet, ref, v, 2, 64)
	case string:
		b.err = b.x.SetCellStr(b.sheet, ref, v)
	}
	if b.err == nil && c.style != 0 {
		b.err = b.x.SetCellStyle(b.sheet, ref, ref, c.style)
	}
}

// line writes a line of the heading, or a table's title, on the next row.
func (b *book) line(s string, style int) {
	b.row++
	b.set(1, b.row, xcell{s, style})
}

// head writes the column heads of a table.
func (b *book) head(heads ...string) {
	b.row++
	for i, h := range heads {
		b.set(i+1, b.row, xcell{h, b.st.head})
	}
	if b.err == nil {
		b.err = b.x.SetRowHeight(b.sheet, b.row, 66)
	}
}

// tableRow writes a row: its label in the label style given, then the cells.
func (b *book) tableRow(label string, labelStyle int, cells ...xcell) {
	b.row++
	b.set(1, b.row, xcell{label, labelStyle})
	for i, c := range cells {
		b.set(i+2, b.row, c)
	}
}

// gap leaves an empty row after a table.
func (b *book) gap() { b.row++ }

// figures writes FiguresSheet.
func (b *book) figures(f *Figures, n Names) {
	if b.err != nil {
		return
	}
	b.sheet = FiguresSheet
	if b.err = b.x.SetSheetName("Sheet1", FiguresSheet); b.err != nil {
		return
	}
	b.row = 0
	b.line(n.Own, b.st.heading)
	b.line("BÁO CÁO MỤC II.6 — KẾT QUẢ CÔNG TÁC TIẾP CÔNG DÂN, XỬ LÝ ĐƠN THƯ, GIẢI QUYẾT KHIẾU NẠI, TỐ CÁO", b.st.title)
	b.line("Kỳ báo cáo: "+periodLabel(f.Period), b.st.heading)
	b.line("Cùng kỳ năm trước: "+periodDates(f.PreviousPeriod), b.st.heading)
	b.line(asOfLine(f), b.st.heading)
	b.gap()

	b.reception(f)
	b.receptionPetitions(f, n)
	b.received(f, n)
	b.resolution(f, n)
	b.other(f)
	b.byType(f)
	b.handling(f)
	if f.Chain != nil {
		b.gap()
		b.line(f.Chain.Line(), b.st.heading)
	}

	if b.err != nil {
		return
	}
	for _, c := range []struct {
		from, to string
		width    float64
	}{{"A", "A", 60}, {"B", "O", 14}} {
		if b.err = b.x.SetColWidth(FiguresSheet, c.from, c.to, c.width); b.err != nil {
			return
		}
	}
	b.printOn(FiguresSheet, "landscape")
}

// The column heads of the tables that compare with the same period.
var compareHeads = []string{"Đơn vị tính", "Kỳ báo cáo", "Cùng kỳ năm trước", "Tăng (+), giảm (-)", "Tỷ lệ tăng, giảm (%)"}

func (b *book) reception(f *Figures) {
	r, pr := f.Reception.ReceptionFigures, f.Reception.Previous
	b.line("a) Tiếp công dân", b.st.table)
	b.head(append([]string{"Chỉ tiêu"}, compareHeads...)...)
	row := func(label string, style int, unit string, now, before int) {
		b.tableRow(label, style, append([]xcell{b.str(unit), b.count(now)}, b.vsPrevious(now, before)...)...)
	}
	row("Số kỳ tiếp", b.st.group, "cuộc", r.Sessions.Total, pr.Sessions.Total)
	row("Tiếp định kỳ", b.st.sub, "cuộc", r.Sessions.Periodic, pr.Sessions.Periodic)
	row("Tiếp đột xuất", b.st.sub, "cuộc", r.Sessions.AdHoc, pr.Sessions.AdHoc)
	for _, k := range []struct {
		label, unit string
		now, before KindCounts
	}{
		{"Số lượt tiếp", "lượt", r.Visits, pr.Visits},
		{"Số người được tiếp", "người", r.People, pr.People},
		{"Số vụ việc", "vụ", r.Cases, pr.Cases},
	} {
		row(k.label, b.st.group, k.unit, k.now.Total, k.before.Total)
		row("Tiếp thường xuyên", b.st.sub, k.unit, k.now.Regular, k.before.Regular)
		row("Tiếp định kỳ", b.st.sub, k.unit, k.now.Periodic, k.before.Periodic)
		row("Tiếp đột xuất", b.st.sub, k.unit, k.now.AdHoc, k.before.AdHoc)
	}
	row("Tiếp lần đầu", b.st.label, "lượt", r.FirstTime.Visits, pr.FirstTime.Visits)
	row("Tiếp lần đầu", b.st.label, "vụ", r.FirstTime.Cases, pr.FirstTime.Cases)
	row("Tiếp nhiều lần", b.st.label, "lượt", r.Repeat.Visits, pr.Repeat.Visits)
	row("Tiếp nhiều lần", b.st.label, "vụ", r.Repeat.Cases, pr.Repeat.Cases)
	row("Đoàn đông người", b.st.label, "đoàn", r.Groups.Visits, pr.Groups.Visits)
	row("Đoàn đông người", b.st.label, "người", r.Groups.People, pr.Groups.People)
	row("Đoàn đông người", b.st.label, "vụ", r.Groups.Cases, pr.Groups.Cases)
	// SPEC §9: across the kinds, the sessions and visits held online.
	row("Tiếp trực tuyến", b.st.label, "cuộc", r.Online.Sessions, pr.Online.Sessions)
	row("Tiếp trực tuyến", b.st.label, "lượt", r.Online.Visits, pr.Online.Visits)
	row("Tiếp trực tuyến", b.st.label, "người", r.Online.People, pr.Online.People)
	row("Tiếp trực tuyến", b.st.label, "vụ", r.Online.Cases, pr.Online.Cases)
	b.gap()
}

func (b *book) receptionPetitions(f *Figures, n Names) {
	rp, d := f.ReceptionPetitions, f.ReceptionPetitions.ByDestination
	b.line("b) Phân loại đơn, vụ việc qua tiếp công dân", b.st.table)
	b.head("Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo")
	row := func(label string, style int, unit string, v int) {
		b.tableRow(label, style, b.str(unit), b.count(v))
	}
	row("Số đơn tiếp nhận qua tiếp công dân", b.st.group, "đơn", rp.Petitions)
	row("Số vụ việc", b.st.label, "vụ", rp.Cases)
	row("Thuộc thẩm quyền "+n.OwnShort+", giao "+n.Departments, b.st.sub, "đơn", d.Own)
	row("Hướng dẫn đến "+n.Lower, b.st.sub, "đơn", d.Lower)
	row("Hướng dẫn đến cơ quan hoạt động tư pháp", b.st.sub, "đơn", d.Judicial)
	row("Hướng dẫn đến cơ quan khác", b.st.sub, "đơn", d.Other)
	row("Lưu đơn", b.st.sub, "đơn", d.Archived)
	row("Dừng xử lý", b.st.sub, "đơn", d.Terminated)
	row("Đang xử lý", b.st.sub, "đơn", d.Pending)
	b.gap()
}

func (b *book) received(f *Figures, n Names) {
	b.line("c) Tiếp nhận, phân loại và xử lý đơn khiếu nại, tố cáo", b.st.table)
	b.head("Loại đơn", "Số đơn", "Số vụ việc", "Cùng kỳ năm trước (đơn)", "Tăng (+), giảm (-)", "Tỷ lệ tăng, giảm (%)",
		"Thuộc thẩm quyền "+n.OwnShort, "Thuộc thẩm quyền Chủ tịch "+n.Lower,
		"Chuyển cơ quan khác, lưu đơn, dừng xử lý", "Đang xử lý")
	for _, t := range []struct {
		label string
		style int
		r     ReceivedFigures
	}{
		{"Khiếu nại", b.st.label, f.Received.Complaint},
		{"Tố cáo", b.st.label, f.Received.Denunciation},
		{"Tổng cộng", b.st.group, f.Received.Total},
	} {
		cells := []xcell{b.count(t.r.Petitions), b.count(t.r.Cases)}
		cells = append(cells, b.vsPrevious(t.r.Petitions, t.r.PreviousPetitions)...)
		d := t.r.ByDestination
		cells = append(cells, b.count(d.Own), b.count(d.Lower), b.count(d.Other), b.count(d.Pending))
		b.tableRow(t.label, t.style, cells...)
	}
	b.gap()
}

func (b *book) resolution(f *Figures, n Names) {
	b.line("d) Kết quả giải quyết khiếu nại, tố cáo", b.st.table)
	b.head("Loại đơn, thẩm quyền giải quyết", "Kỳ trước chuyển sang (vụ)", "Thụ lý mới (vụ)", "Phải giải quyết (vụ)",
		"Đã giải quyết (vụ)", "Đình chỉ (vụ)", "Đang giải quyết (vụ)", "Tỷ lệ giải quyết (%)",
		"Đúng (vụ)", "Sai, tố cáo sai sự thật (vụ)", "Đúng một phần (vụ)", "Đã thực hiện quyết định, kết luận", "Giải quyết đúng hạn (vụ)",
		"Giải quyết quá hạn (vụ)", "Đang giải quyết, đã quá hạn (vụ)")
	row := func(label string, style int, g ResolutionFigures) {
		b.tableRow(label, style, b.count(g.CarriedOver), b.count(g.Accepted), b.count(g.MustResolve),
			b.count(g.Resolved), b.count(g.Terminated), b.count(g.InProgress), b.rate(g.Rate),
			b.count(g.Verdicts.Correct), b.count(g.Verdicts.Incorrect), b.count(g.Verdicts.PartlyCorrect),
			b.count(g.Implemented), b.count(g.OnTime), b.count(g.Late), b.count(g.Overdue))
	}
	for _, t := range []struct {
		label string
		r     ResolutionByCompetence
	}{{"Khiếu nại", f.Resolution.Complaint}, {"Tố cáo", f.Resolution.Denunciation}} {
		empty := make([]xcell, 14)
		for i := range empty {
			empty[i] = xcell{nil, b.st.count}
		}
		b.tableRow(t.label, b.st.group, empty...)
		row("Thuộc thẩm quyền "+n.OwnShort, b.st.label, t.r.Own)
		row("Thuộc thẩm quyền Chủ tịch "+n.Lower, b.st.label, t.r.Lower.ResolutionFigures)
		for _, u := range t.r.Lower.Units {
			row(unitName(n, u), b.st.sub, u.ResolutionFigures)
		}
	}
	b.gap()
	b.secondInstance(f, n)
}

// secondInstance is the table of the second-instance complaints among those
// resolved, and what their decisions did to the first-instance ones (SPEC
// §9).
func (b *book) secondInstance(f *Figures, n Names) {
	b.line("Giải quyết khiếu nại lần hai", b.st.table)
	b.head("Thẩm quyền giải quyết", "Đã giải quyết (vụ)", "Công nhận quyết định giải quyết lần đầu (vụ)",
		"Hủy bỏ quyết định giải quyết lần đầu (vụ)", "Sửa đổi quyết định giải quyết lần đầu (vụ)")
	for _, t := range []struct {
		label string
		s     *SecondInstance
	}{
		{"Thuộc thẩm quyền " + n.OwnShort, f.Resolution.Complaint.Own.SecondInstance},
		{"Thuộc thẩm quyền Chủ tịch " + n.Lower, f.Resolution.Complaint.Lower.SecondInstance},
	} {
		var s SecondInstance
		if t.s != nil {
			s = *t.s
		}
		b.tableRow(t.label, b.st.label, b.count(s.Resolved), b.count(s.Upheld), b.count(s.Annulled), b.count(s.Amended))
	}
	b.gap()
}

// unitName is a lower committee's name as the text gives it.
func unitName(n Names, u UnitResolution) string {
	t := textWriter{n: n}
	return t.unitName(u)
}

func (b *book) other(f *Figures) {
	b.line("đ) Đơn kiến nghị, phản ánh đã chuyển đơn, hướng dẫn", b.st.table)
	b.head("Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo")
	b.tableRow("Số đơn kiến nghị, phản ánh", b.st.label, b.str("đơn"), b.count(f.Other.Petitions))
	b.tableRow("Số vụ việc", b.st.label, b.str("vụ"), b.count(f.Other.Cases))
	b.gap()
}

// byType is the table of every petition received in P by type, with the
// lines no type holds, so that its total — the one the handling table
// starts from — adds up from the lines under it, as on the report page.
func (b *book) byType(f *Figures) {
	t := f.ReceivedByType
	b.line("Đơn nhận trong kỳ theo loại đơn", b.st.table)
	b.head("Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo")
	row := func(label string, style int, v int) {
		b.tableRow(label, style, b.str("đơn"), b.count(v))
	}
	row("Tổng số đơn nhận trong kỳ", b.st.group, t.Total)
	row("Khiếu nại", b.st.sub, t.Complaint)
	row("Tố cáo", b.st.sub, t.Denunciation)
	row("Kiến nghị", b.st.sub, t.Recommendation)
	row("Phản ánh", b.st.sub, t.Reflection)
	row("Chưa phân loại", b.st.sub, t.Unclassified)
	row("Lưu đơn (chưa phân loại)", b.st.sub, t.Archived)
	b.gap()
}

// handling is the timeliness table, with the rate the text gives: the
// petitions handled on time of those handled.
func (b *book) handling(f *Figures) {
	h := f.Handling
	handled := h.OnTime + h.Late
	b.line("e) Kết quả xử lý đơn thư (thời hạn xử lý 10 ngày làm việc kể từ ngày nhận đơn)", b.st.table)
	b.head("Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo")
	row := func(label string, style int, unit string, v int) {
		b.tableRow(label, style, b.str(unit), b.count(v))
	}
	row("Tổng số đơn nhận trong kỳ", b.st.group, "đơn", handled+h.PendingInTime+h.PendingOverdue)
	row("Đã xử lý", b.st.label, "đơn", handled)
	row("Xử lý đúng hạn", b.st.sub, "đơn", h.OnTime)
	row("Xử lý trễ hạn", b.st.sub, "đơn", h.Late)
	b.tableRow("Tỷ lệ xử lý đúng hạn", b.st.sub, b.str("%"), b.rate(Ratio(h.OnTime, handled)))
	row("Đang xử lý trong hạn", b.st.label, "đơn", h.PendingInTime)
	row("Quá hạn chưa xử lý", b.st.label, "đơn", h.PendingOverdue)
	b.gap()
}

// textWidth is the width of TextSheet's column, in characters: the width of
// an A4 page upright.
const textWidth = 90

// committees writes AreaSheet for an area's figures: a row per committee,
// from its own report, then the area's.
func (b *book) committees(f *Figures, n Names) {
	if b.err != nil || len(f.Committees) == 0 {
		return
	}
	b.sheet = AreaSheet
	if _, b.err = b.x.NewSheet(AreaSheet); b.err != nil {
		return
	}
	b.row = 0
	b.line(n.Own, b.st.heading)
	b.line("SỐ LIỆU THEO ĐƠN VỊ "+strings.ToUpper(n.AreaWords()), b.st.title)
	b.line("Kỳ báo cáo: "+periodLabel(f.Period), b.st.heading)
	b.gap()
	heads := []string{"Đơn vị"}
	for _, c := range AreaColumns {
		heads = append(heads, c.Head)
	}
	b.head(heads...)
	row := func(label string, style int, g *Figures) {
		var cells []xcell
		for _, c := range AreaColumns {
			if c.Rate != nil {
				cells = append(cells, b.rate(c.Rate(g)))
			} else {
				cells = append(cells, b.count(c.Count(g)))
			}
		}
		b.tableRow(label, style, cells...)
	}
	for i := range f.Committees {
		row(f.Committees[i].CommitteeName, b.st.label, &f.Committees[i])
	}
	row(n.AreaTotalLabel(), b.st.group, f)
	b.gap()
	b.line("Vụ việc: mỗi vụ việc chỉ tính một lần trên toàn địa bàn, nên dòng cuối có thể nhỏ hơn tổng các dòng trên; các cột khác (trừ tỷ lệ) là tổng các dòng trên.", b.st.heading)
	if b.err == nil {
		b.err = b.x.SetColWidth(AreaSheet, "A", "A", 40)
	}
	if b.err == nil {
		b.err = b.x.SetColWidth(AreaSheet, "B", "L", 14)
	}
	b.printOn(AreaSheet, "landscape")
}

// text writes TextSheet: one paragraph a row.
func (b *book) text(paragraphs []string) {
	if b.err != nil {
		return
	}
	b.sheet = TextSheet
	if _, b.err = b.x.NewSheet(TextSheet); b.err != nil {
		return
	}
	if b.err = b.x.SetColWidth(TextSheet, "A", "A", textWidth); b.err != nil {
		return
	}
	b.row = 0
	for _, p := range paragraphs {
		b.line(p, b.st.paragraph)
		if b.err == nil {
			// Excel does not fit a row to wrapped text it did not type:
			// the height is the lines the paragraph takes, with room.
			lines := utf8.RuneCountInString(p)/(textWidth-10) + 1
			b.err = b.x.SetRowHeight(TextSheet, b.row, min(409, float64(lines)*17+4))
		}
	}
	b.printOn(TextSheet, "portrait")
}

// printOn sets the sheet to print on A4, as wide as the page.
func (b *book) printOn(sheet, orientation string) {
	if b.err != nil {
		return
	}
	a4, wide, tall, fit := 9, 1, 0, true
	if b.err = b.x.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); b.err != nil {
		return
	}
	b.err = b.x.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orientation,
		FitToWidth: &wide, FitToHeight: &tall})
	if b.err == nil && b.chain != nil {
		// Every printed page carries the head it was made from.
		b.err = b.x.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&L&7" + b.chain.Line()})
	}
}

// props names the workbook in its document properties.
func (b *book) props(f *Figures) {
	if b.err != nil {
		return
	}
	b.x.SetActiveSheet(0)
	b.err = b.x.SetDocProps(&excelize.DocProperties{
		Title:    "Báo cáo mục II.6 — " + periodLabel(f.Period),
		Subject:  "Kết quả công tác tiếp công dân, xử lý đơn thư, giải quyết khiếu nại, tố cáo",
		Creator:  "tiepdan",
		Language: "vi-VN",
	})
}

// Heading names the period with its dates, as the report's workbook does:
// "6 tháng đầu năm 2023, từ ngày 15/12/2022 đến ngày 14/06/2023".
func (p Period) Heading() string { return periodLabel(p) }

// periodLabel names a period for a heading: "6 tháng đầu năm 2023, từ ngày
// 15/12/2022 đến ngày 14/06/2023", or its dates alone when it has no name.
func periodLabel(p Period) string {
	if l := p.Label(); l != "" {
		return l + ", " + periodDates(p)
	}
	return periodDates(p)
}

// periodDates is "từ ngày 15/12/2022 đến ngày 14/06/2023".
func periodDates(p Period) string {
	if p.From == p.To {
		return "ngày " + p.From.VN()
	}
	return "từ ngày " + p.From.VN() + " đến ngày " + p.To.VN()
}

// asOfLine says what the figures include: the events dated by the end of
// the period, or of the day the figures stop at when it had not ended (and
// P' the same day a year earlier), and with as_of, recorded by then.
func asOfLine(f *Figures) string {
	s := "Số liệu tính đến hết ngày " + f.Period.To.VN()
	if d := f.AsOfDay; d != nil {
		s = "Kỳ báo cáo chưa kết thúc: số liệu tính đến ngày " + d.VN()
		if pd := f.PreviousAsOfDay; pd != nil {
			s += " (cùng kỳ năm trước tính đến ngày " + pd.VN() + ")"
		}
	}
	if f.AsOf == nil || f.AsOf.IsZero() {
		return s + ", theo dữ liệu ghi nhận đến thời điểm lập báo cáo"
	}
	return s + ", theo dữ liệu ghi nhận đến " + f.AsOf.In(cases.Zone).Format("15:04:05 ngày 02/01/2006") + " (giờ Việt Nam)"
}
