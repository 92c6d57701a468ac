package workflow

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The year's calendar as `tiepdan calendar --year Y` prints it, so that an
// administrator can check the table against the announcement, and see what
// the lunar computation suggests for a year the table lacks.

// Where a day of the rendered calendar comes from.
const (
	sourceTable    = "table"
	sourceComputed = "computed"
	sourceAdmin    = "admin" // an administrator's edit (calendar_edit.go)
)

// YearView is one year of the calendar as `tiepdan calendar` and the admin
// page show it; its JSON keys never change meaning.
type YearView struct {
	Year        int         `json:"year"`
	InTable     bool        `json:"in_table"`
	Note        string      `json:"note,omitempty"`
	Tet         LunarView   `json:"tet"`
	HungKings   LunarView   `json:"hung_kings"`
	DaysOff     []EntryView `json:"days_off"`
	WorkingDays []EntryView `json:"working_days"`
	// Edits are the administrator's edits of the year, in the order they
	// were recorded, removals included: who changed what, and when.
	Edits []EditView `json:"edits,omitempty"`
}

// EditView is an administrator's edit of the year.
type EditView struct {
	Date       cases.Date `json:"date"`
	Weekday    string     `json:"weekday"`
	Kind       string     `json:"kind"`
	Label      string     `json:"label"`
	Name       string     `json:"name,omitempty"`
	Source     string     `json:"source,omitempty"`
	RecordedAt time.Time  `json:"recorded_at"`
	RecordedBy string     `json:"recorded_by"`
}

// LunarView is a lunar holiday: the date used, where it comes from, and what
// the lunar computation gives, so that a mistyped table date shows.
type LunarView struct {
	Date     cases.Date `json:"date"`
	Weekday  string     `json:"weekday"`
	Source   string     `json:"source"`
	Computed cases.Date `json:"computed"`
}

// EntryView is a day off or a working day of the year.
type EntryView struct {
	Date        cases.Date `json:"date"`
	Weekday     string     `json:"weekday"`
	Name        string     `json:"name"`
	Source      string     `json:"source"`
	Provisional bool       `json:"provisional,omitempty"`
	Note        string     `json:"note,omitempty"`
	// RecordedBy and RecordedAt say who entered a day of source admin, and
	// when.
	RecordedBy string     `json:"recorded_by,omitempty"`
	RecordedAt *time.Time `json:"recorded_at,omitempty"`
}

// ViewYear is the year's days off and working-day exceptions, with the dates
// of Tết and the Hùng Kings' day; a nil cal is DefaultCalendar.
func ViewYear(cal *Calendar, year int) (YearView, error) {
	if cal == nil {
		cal = DefaultCalendar()
	}
	if year < 1900 || year > 2199 {
		return YearView{}, cases.FieldErrorf("year", "%d is outside 1900–2199", year)
	}
	y := cal.year(year)
	src := sourceComputed
	if y.inTable {
		src = sourceTable
	}
	v := YearView{
		Year: year, InTable: y.inTable, Note: y.note,
		Tet:         LunarView{Date: y.tet, Weekday: weekdayLabel(y.tet), Source: src, Computed: LunarNewYear(year)},
		HungKings:   LunarView{Date: y.hung, Weekday: weekdayLabel(y.hung), Source: src, Computed: HungKingsDay(year)},
		DaysOff:     []EntryView{},
		WorkingDays: []EntryView{},
	}
	view := func(e calendarEntry) EntryView {
		v := EntryView{Date: e.Date, Weekday: weekdayLabel(e.Date), Name: e.Name, Source: sourceTable,
			Provisional: e.Provisional, Note: e.Note}
		switch {
		case e.Edit != nil:
			at := e.Edit.RecordedAt.In(cases.Zone)
			v.Source, v.RecordedBy, v.RecordedAt = sourceAdmin, e.Edit.RecordedBy, &at
		case e.Computed:
			v.Source = sourceComputed
		}
		return v
	}
	for _, e := range y.edits {
		v.Edits = append(v.Edits, EditView{Date: e.Date, Weekday: weekdayLabel(e.Date), Kind: e.Kind,
			Label: EditLabel(e.Kind), Name: e.Name, Source: e.Source, RecordedAt: e.RecordedAt.In(cases.Zone),
			RecordedBy: e.RecordedBy})
	}
	for _, e := range y.daysOff {
		v.DaysOff = append(v.DaysOff, view(e))
	}
	for _, e := range y.workingDays {
		v.WorkingDays = append(v.WorkingDays, view(e))
	}
	return v, nil
}

// WriteYear writes the year's days off and working-day exceptions, with the
// dates of Tết and the Hùng Kings' day, in format "text" (Vietnamese) or
// "json". Each day says whether it comes from the holiday table or from the
// computation; a year the table lacks is shown as computed suggestions.
func WriteYear(w io.Writer, cal *Calendar, year int, format string) error {
	v, err := ViewYear(cal, year)
	if err != nil {
		return err
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false) // "Bộ LĐ-TB&XH" stays readable
		return enc.Encode(v)
	case "text", "":
		return writeYearText(w, v)
	default:
		return cases.FieldErrorf("format", "%q is not text or json", format)
	}
}

func writeYearText(w io.Writer, v YearView) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if v.InTable {
		fmt.Fprintf(tw, "Lịch nghỉ năm %d (theo bảng ngày nghỉ)\n", v.Year)
		if v.Note != "" {
			fmt.Fprintf(tw, "Nguồn: %s\n", v.Note)
		}
	} else {
		fmt.Fprintf(tw, "Lịch nghỉ năm %d: bảng ngày nghỉ chưa có năm này.\n", v.Year)
		if len(v.Edits) > 0 {
			fmt.Fprintf(tw, "Các ngày ghi «tính toán» là DỰ KIẾN, tính theo âm lịch và Bộ luật Lao động 2019; các ngày ghi «quản trị viên» do quản trị viên nhập theo thông báo.\n")
		} else {
			fmt.Fprintf(tw, "Các ngày dưới đây là DỰ KIẾN, tính theo âm lịch và Bộ luật Lao động 2019; Thủ tướng quyết định lịch nghỉ chính thức.\n")
		}
	}
	fmt.Fprintln(tw)
	lunar := func(title string, l LunarView) {
		how := "tính theo âm lịch"
		if l.Source == sourceTable {
			how = "theo bảng"
			if l.Computed != l.Date {
				how += "; âm lịch tính được " + l.Computed.VN() + ", KHÁC bảng"
			} else {
				how += ", khớp âm lịch"
			}
		}
		fmt.Fprintf(tw, "%s:\t%s %s\t(%s)\n", title, l.Weekday, l.Date.VN(), how)
	}
	lunar("Tết Nguyên đán (mùng 1 tháng Giêng)", v.Tet)
	lunar("Giỗ Tổ Hùng Vương (10/3 âm lịch)", v.HungKings)
	fmt.Fprintln(tw)
	list := func(title string, es []EntryView) {
		fmt.Fprintf(tw, "%s:\n", title)
		if len(es) == 0 {
			fmt.Fprintf(tw, "  không có\n")
		}
		for _, e := range es {
			src := "bảng"
			switch {
			case e.Source == sourceAdmin:
				src = "quản trị viên " + e.RecordedBy + " nhập ngày " + e.RecordedAt.Format("02/01/2006")
			case e.Source == sourceComputed:
				src = "tính toán"
			case e.Provisional:
				src = "bảng, dự kiến"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", e.Weekday, e.Date.VN(), e.Name, src)
		}
	}
	list("Ngày nghỉ lễ, Tết, nghỉ bù, nghỉ hoán đổi", v.DaysOff)
	fmt.Fprintln(tw)
	list("Ngày làm bù (thứ Bảy, Chủ nhật đi làm)", v.WorkingDays)
	if len(v.Edits) > 0 {
		fmt.Fprintln(tw)
		fmt.Fprintf(tw, "Các lần quản trị viên sửa bảng năm %d:\n", v.Year)
		for _, e := range v.Edits {
			what := e.Label
			if e.Name != "" {
				what += ": " + e.Name
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s bởi %s\n", e.Weekday, e.Date.VN(), what,
				e.RecordedAt.Format("15:04 02/01/2006"), e.RecordedBy)
		}
	}
	return tw.Flush()
}
