package workflow

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

var editTime = time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Zone)

func edit(seq int64, d cases.Date, kind, name string) CalendarEdit {
	return CalendarEdit{Seq: seq, Date: d, Kind: kind, Name: name, Source: "Thông báo (thử)", RecordedAt: editTime, RecordedBy: "quantri"}
}

// TestCalendarWithEdits lays an administrator's edits over the shipped
// table: a day off added moves a deadline, a working Saturday counts, a day
// taken out of the table is worked again, the last edit of a day wins, and
// the table itself does not change.
func TestCalendarWithEdits(t *testing.T) {
	base := DefaultCalendar()
	// Wednesday 04/11/2026 is an ordinary working day; 30 days from
	// 05/10/2026 end on it.
	if got, _ := base.AddCalendarDays(date(2026, 10, 5), 30); got != date(2026, 11, 4) {
		t.Fatalf("base: 30 days from 05/10/2026 end on %s", got)
	}
	cal := base.WithEdits([]CalendarEdit{
		edit(1, date(2026, 11, 4), EditDayOff, "Nghỉ lễ (thử)"),
		edit(2, date(2026, 11, 7), EditWorkingDay, "Làm bù (thử)"),
		edit(3, date(2026, 4, 27), EditOrdinary, ""), // the shipped compensatory day, taken out
		edit(4, date(2026, 11, 20), EditDayOff, "Ngày Nhà giáo (thử)"),
		edit(5, date(2026, 11, 20), EditOrdinary, ""), // and taken back: the last edit wins
	})
	got, skipped := cal.AddCalendarDays(date(2026, 10, 5), 30)
	if got != date(2026, 11, 5) || len(skipped) != 1 || skipped[0].Why != "Nghỉ lễ (thử)" {
		t.Errorf("with the day off: 30 days from 05/10/2026 end on %s (skipped %v), want 05/11/2026", got, skipped)
	}
	for _, c := range []struct {
		day cases.Date
		off bool
		why string
	}{
		{date(2026, 11, 4), true, "Nghỉ lễ (thử)"},
		{date(2026, 11, 7), false, ""}, // a Saturday worked
		{date(2026, 4, 27), false, ""}, // back to an ordinary Monday
		{date(2026, 11, 20), false, ""},
		{date(2026, 2, 16), true, "Nghỉ Tết Nguyên đán"}, // untouched days keep the table's
	} {
		if off, why := cal.DayOff(c.day); off != c.off || why != c.why {
			t.Errorf("DayOff(%s) = %v %q, want %v %q", c.day, off, why, c.off, c.why)
		}
	}
	if off, _ := base.DayOff(date(2026, 11, 4)); off {
		t.Errorf("WithEdits changed the calendar it was laid over")
	}
	if off, _ := base.DayOff(date(2026, 4, 27)); !off {
		t.Errorf("WithEdits changed the calendar it was laid over")
	}
	if got := len(cal.Edits(2026)); got != 5 {
		t.Errorf("Edits(2026) has %d edits, want 5", got)
	}
	if base.WithEdits(nil) != base {
		t.Errorf("WithEdits(nil) is not the calendar itself")
	}
}

// TestCalendarEditsOfAYearTheTableLacks enters an announced Tết over the
// suggestion for 2030: the edits count, the suggested days nobody touched
// stay, and the calendar's view says who entered which day.
func TestCalendarEditsOfAYearTheTableLacks(t *testing.T) {
	var edits []CalendarEdit
	for d := date(2030, 2, 8); d <= date(2030, 2, 10); d++ {
		edits = append(edits, edit(int64(len(edits)+1), d, EditDayOff, "Nghỉ Tết Nguyên đán"))
	}
	cal := DefaultCalendar().WithEdits(edits)
	if off, why := cal.DayOff(date(2030, 2, 8)); !off || why != "Nghỉ Tết Nguyên đán" {
		t.Errorf("the announced 08/02/2030 is not off: %v %q", off, why)
	}
	if off, _ := cal.DayOff(date(2030, 1, 1)); !off {
		t.Errorf("the suggested New Year's day was lost")
	}
	var b bytes.Buffer
	if err := WriteYear(&b, cal, 2030, "json"); err != nil {
		t.Fatal(err)
	}
	var v struct {
		InTable bool `json:"in_table"`
		DaysOff []struct {
			Date       cases.Date `json:"date"`
			Source     string     `json:"source"`
			RecordedBy string     `json:"recorded_by"`
		} `json:"days_off"`
		Edits []struct {
			Date       cases.Date `json:"date"`
			Label      string     `json:"label"`
			RecordedBy string     `json:"recorded_by"`
		} `json:"edits"`
	}
	if err := json.Unmarshal(b.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	sources := map[cases.Date]string{}
	for _, d := range v.DaysOff {
		sources[d.Date] = d.Source + "/" + d.RecordedBy
	}
	if sources[date(2030, 2, 8)] != "admin/quantri" || sources[date(2030, 1, 1)] != "computed/" {
		t.Errorf("the days' sources: %v", sources)
	}
	if v.InTable || len(v.Edits) != 3 || v.Edits[0].Label != "Ngày nghỉ" || v.Edits[0].RecordedBy != "quantri" {
		t.Errorf("the year's edits: in table %v, %+v", v.InTable, v.Edits)
	}
	b.Reset()
	if err := WriteYear(&b, cal, 2030, "text"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"quản trị viên quantri nhập ngày 25/11/2026", "Các lần quản trị viên sửa bảng năm 2030:",
		"Ngày nghỉ: Nghỉ Tết Nguyên đán"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the calendar's text lacks %q:\n%s", want, b.String())
		}
	}
}

func TestCalendarEditCheck(t *testing.T) {
	for _, c := range []struct {
		name  string
		e     CalendarEdit
		field string
	}{
		{"ok", edit(1, date(2027, 2, 5), EditDayOff, "Nghỉ Tết Nguyên đán"), ""},
		{"ordinary without a name", CalendarEdit{Date: date(2027, 2, 5), Kind: EditOrdinary}, ""},
		{"no name", edit(1, date(2027, 2, 5), EditDayOff, " "), "name"},
		{"no source", CalendarEdit{Date: date(2027, 2, 5), Kind: EditDayOff, Name: "Nghỉ"}, "source"},
		{"a working Friday", edit(1, date(2027, 2, 5), EditWorkingDay, "Làm bù"), "date"},
		{"a working Saturday", edit(1, date(2027, 2, 6), EditWorkingDay, "Làm bù"), ""},
		{"unknown kind", edit(1, date(2027, 2, 5), "holiday", "Nghỉ"), "kind"},
		{"far year", edit(1, date(2300, 1, 1), EditDayOff, "Nghỉ"), "date"},
	} {
		err := c.e.Check()
		var ce *cases.Error
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.field != "" && (err == nil || !asError(err, &ce) || ce.Field != c.field):
			t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
		}
	}
}

func asError(err error, ce **cases.Error) bool {
	e, ok := err.(*cases.Error)
	*ce = e
	return ok
}

func TestCalendarListed(t *testing.T) {
	cal := DefaultCalendar()
	for _, c := range []struct {
		day  cases.Date
		kind string
	}{
		{date(2026, 2, 16), EditDayOff},
		{date(2026, 1, 10), EditWorkingDay},
		{date(2026, 3, 9), ""},
		{date(2026, 3, 7), ""}, // an ordinary Saturday is not listed
	} {
		if kind, _ := cal.Listed(c.day); kind != c.kind {
			t.Errorf("Listed(%s) = %q, want %q", c.day, kind, c.kind)
		}
	}
}

// TestReceptionWithPeriod changes the plan from a date: the days before keep
// the old plan, the days after follow the new one, a period not yet begun is
// replaced, and a bad period is refused naming its field.
func TestReceptionWithPeriod(t *testing.T) {
	base := DefaultReception()
	p := ReceptionPeriod{From: date(2026, 12, 1), DaysOfMonth: []int{10, 25}, Move: MovePrevious,
		Leaders: []string{"Chủ tịch UBND xã", "Phó Chủ tịch UBND xã"}, Source: "Quyết định (thử)"}
	r, err := base.WithPeriod(p)
	if err != nil {
		t.Fatal(err)
	}
	days := func(r *Reception, from, to cases.Date) []cases.Date {
		var out []cases.Date
		for _, d := range r.Days(nil, from, to) {
			out = append(out, d.Scheduled)
		}
		return out
	}
	if got := days(r, date(2026, 11, 1), date(2026, 11, 30)); len(got) != 2 || got[0] != date(2026, 11, 9) || got[1] != date(2026, 11, 24) {
		t.Errorf("November keeps the 9th and 24th: %v", got)
	}
	if got := days(r, date(2026, 12, 1), date(2026, 12, 31)); len(got) != 2 || got[0] != date(2026, 12, 10) || got[1] != date(2026, 12, 25) {
		t.Errorf("December follows the 10th and 25th: %v", got)
	}
	if got := r.PeriodOn(date(2027, 1, 1)); got.Move != MovePrevious || len(got.Leaders) != 2 {
		t.Errorf("PeriodOn(2027-01-01) = %+v", got)
	}
	if got := r.PeriodOn(date(2026, 1, 1)); got.From != date(2014, 7, 1) {
		t.Errorf("PeriodOn(2026-01-01) = %+v", got)
	}
	// A correction of the period before it begins replaces it.
	p2 := p
	p2.DaysOfMonth = []int{15}
	r2, err := r.WithPeriod(p2)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(r2.Periods()); n != 2 {
		t.Errorf("a period corrected before it begins: %d periods, want 2", n)
	}
	want := "Từ ngày 01/12/2026: ngày 10 và 25 hằng tháng; trùng ngày nghỉ thì chuyển lên ngày làm việc liền trước; chủ trì: Chủ tịch UBND xã, Phó Chủ tịch UBND xã"
	if got := p.Describe(); got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
	bad := p
	bad.Leaders = nil
	if _, err := base.WithPeriod(bad); err == nil || !strings.Contains(err.Error(), "leaders") {
		t.Errorf("a period without leaders: %v", err)
	}
	// The plan goes through its file format and back.
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReceptionOf(base, []ReceptionEdit{{Seq: 1, Plan: string(b), RecordedBy: "quantri"}})
	if err != nil || len(back.Periods()) != 2 {
		t.Errorf("ReceptionOf the recorded plan: %v, %v", back, err)
	}
	if got, _ := ReceptionOf(base, nil); got != base {
		t.Errorf("ReceptionOf without edits is not the base plan")
	}
}
