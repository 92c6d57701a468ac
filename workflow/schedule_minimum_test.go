package workflow

import (
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// levelSchedule is the schedule of from..to of a committee whose own unit
// records level (none for ""), undated.
func levelSchedule(t *testing.T, r *Reception, level cases.Level, from, to cases.Date, h *ScheduleHistory) *Schedule {
	t.Helper()
	if h == nil {
		h = &ScheduleHistory{}
	}
	h.Units = append(h.Units, cases.Unit{Ref: "own", Name: "UBND", Kind: cases.Own, Level: level})
	s, err := r.Schedule(ScheduleRequest{From: from, To: to, Today: to + 1}, h)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A commune's head receives at least one day a week (Luật Tiếp công dân
// 2013, Art. 15.2.d): the default plan, the 9th and the 24th, leaves three
// weeks of December 2026 without a day, and the schedule says which.
func TestScheduleWarnsOfACommunePlanWithTooFewDays(t *testing.T) {
	s := levelSchedule(t, DefaultReception(), cases.Commune, date(2026, 12, 1), date(2026, 12, 31), nil)
	var got []string
	for _, sf := range s.Shortfalls {
		got = append(got, sf.From.VN())
		if sf.Per != PerWeek || sf.Planned != 0 || sf.Minimum != 1 || sf.RuleID != "minimum-commune-tcd-2013" {
			t.Errorf("shortfall %+v", sf)
		}
	}
	// Mon 30/11–Sun 06/12, 14/12–20/12, and 28/12–03/01 (01/01 is a
	// holiday; four working days remain): neither the 9th nor the 24th.
	if want := []string{"30/11/2026", "14/12/2026", "28/12/2026"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("weeks short: %v, want %v", got, want)
	}
	if len(s.Shortfalls) > 0 {
		want := "Tuần 30/11/2026–06/12/2026: kế hoạch có 00 ngày tiếp định kỳ, chưa đủ 01 ngày theo quy định: " +
			"Chủ tịch UBND cấp xã tiếp công dân ít nhất 01 ngày trong 01 tuần (Luật Tiếp công dân 2013, Điều 15 khoản 2 điểm d)"
		if s.Shortfalls[0].Text != want {
			t.Errorf("text:\n got %s\nwant %s", s.Shortfalls[0].Text, want)
		}
	}
	// The same plan is enough for a district (two days a month) and a
	// province (one); without a level nothing is checked.
	for _, level := range []cases.Level{cases.District, cases.Province, ""} {
		if s := levelSchedule(t, DefaultReception(), level, date(2026, 1, 1), date(2026, 6, 30), nil); len(s.Shortfalls) != 0 {
			t.Errorf("level %q: %+v", level, s.Shortfalls)
		}
	}
}

// A week without a working day needs no reception: the Tết break of 2026
// (Sat 14/02 – Sun 22/02) takes the whole week of Mon 16/02, whose Monday
// moves to Mon 23/02, held once with that week's own Monday.
func TestScheduleNoMinimumInAWeekWithoutWorkingDay(t *testing.T) {
	mondays := plan(t, `{"version":1,"periods":[{"from":"2025-07-01","weekdays":["monday"],"leaders":["Chủ tịch UBND xã"]}]}`)
	s := levelSchedule(t, mondays, cases.Commune, date(2026, 2, 1), date(2026, 3, 8), nil)
	if len(s.Shortfalls) != 0 {
		t.Errorf("a Monday plan across Tết 2026: %+v", s.Shortfalls)
	}
	// Fridays only: Fri 13/02 is a working day, so the week of 09/02 is
	// covered; the week of 16/02 has no working day; Fri 20/02 moves to Mon
	// 23/02, and that week has its own Friday 27/02.
	fridays := plan(t, `{"version":1,"periods":[{"from":"2025-07-01","weekdays":["friday"],"leaders":["Chủ tịch UBND xã"]}]}`)
	if s := levelSchedule(t, fridays, cases.Commune, date(2026, 2, 1), date(2026, 3, 8), nil); len(s.Shortfalls) != 0 {
		t.Errorf("a Friday plan across Tết 2026: %+v", s.Shortfalls)
	}
}

// The district's two days a month end with the district level on
// 30/06/2026: a plan of the 9th alone falls short in June, not in July.
func TestScheduleDistrictMinimumEnds(t *testing.T) {
	ninth := plan(t, `{"version":1,"periods":[{"from":"2014-07-01","days_of_month":[9],"leaders":["Chủ tịch UBND huyện"]}]}`)
	s := levelSchedule(t, ninth, cases.District, date(2026, 6, 1), date(2026, 7, 31), nil)
	if len(s.Shortfalls) != 1 || s.Shortfalls[0].From != date(2026, 6, 1) || s.Shortfalls[0].Per != PerMonth ||
		s.Shortfalls[0].Planned != 1 || s.Shortfalls[0].Minimum != 2 ||
		!strings.HasPrefix(s.Shortfalls[0].Text, "Tháng 06/2026: kế hoạch có 01 ngày tiếp định kỳ, chưa đủ 02 ngày") {
		t.Errorf("a district's plan of the 9th, June and July 2026: %+v", s.Shortfalls)
	}
}

// The level is the committee's on each week or month checked: an office that
// was a district until 30/06/2025 and a commune from 01/07/2025 is held to
// the district's two days in June 2025 and to the commune's day a week from
// the week that ends in July (the week of Mon 30/06). The JSON's level is
// the one in force on the range's last day.
func TestScheduleLevelFromTheCommitteeInForce(t *testing.T) {
	ninth := plan(t, `{"version":1,"periods":[{"from":"2014-07-01","days_of_month":[9],"leaders":["Chủ tịch UBND"]}]}`)
	h := &ScheduleHistory{Units: []cases.Unit{
		{Ref: "xa", Name: "UBND xã Tuy Phước", Kind: cases.Own, Level: cases.Commune, ValidFrom: date(2025, 7, 1)},
		{Ref: "huyen", Name: "UBND huyện Tuy Phước", Kind: cases.Own, Level: cases.District, ValidUntil: date(2025, 6, 30)},
		{Ref: "xa-pl", Name: "UBND xã Phước Lộc", Kind: cases.Lower, Parent: "huyen", Level: cases.Commune, ValidUntil: date(2025, 6, 30)},
	}}
	s, err := ninth.Schedule(ScheduleRequest{From: date(2025, 6, 1), To: date(2025, 7, 31), Today: date(2025, 8, 1)}, h)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sf := range s.Shortfalls {
		got = append(got, sf.Per+" "+sf.From.VN()+" "+sf.RuleID)
	}
	want := []string{
		"week 30/06/2025 minimum-commune-tcd-2013",
		"week 14/07/2025 minimum-commune-tcd-2013",
		"week 21/07/2025 minimum-commune-tcd-2013",
		"week 28/07/2025 minimum-commune-tcd-2013",
		"month 01/06/2025 minimum-district-tcd-2013",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("shortfalls:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s.Level != cases.Commune || s.Committee != "UBND xã Tuy Phước" {
		t.Errorf("level %q, committee %q on 31/07/2025", s.Level, s.Committee)
	}
	// Before the reform, the district's name and level.
	s, err = ninth.Schedule(ScheduleRequest{From: date(2025, 5, 1), To: date(2025, 5, 31), Today: date(2025, 6, 1)}, h)
	if err != nil {
		t.Fatal(err)
	}
	if s.Level != cases.District || s.Committee != "UBND huyện Tuy Phước" || len(s.Shortfalls) != 1 || s.Shortfalls[0].Per != PerMonth {
		t.Errorf("May 2025: level %q, committee %q, %+v", s.Level, s.Committee, s.Shortfalls)
	}
	// A lower committee's level is not the office's: without an own unit
	// that records one, nothing is checked.
	h.Units = h.Units[2:]
	if s, _ := ninth.Schedule(ScheduleRequest{From: date(2025, 5, 1), To: date(2025, 5, 31), Today: date(2025, 6, 1)}, h); s.Level != "" || len(s.Shortfalls) != 0 {
		t.Errorf("without an own unit's level: %q %+v", s.Level, s.Shortfalls)
	}
}

// A periodic session presided by a delegate counts towards the head's days
// until 30/06/2026; from 01/07/2026 (Luật 136/2025) the day says it does not.
func TestScheduleDelegatedSessionCountsByDate(t *testing.T) {
	days := plan(t, `{"version":1,"periods":[{"from":"2014-07-01","days_of_month":[30, 1],"leaders":["Chủ tịch UBND"]}]}`)
	h := &ScheduleHistory{Sessions: []cases.Session{
		{Ref: "K-0630", Kind: cases.Periodic, Date: date(2026, 6, 30), PresidedBy: "Phó Chủ tịch", Delegated: true},
		{Ref: "K-0701", Kind: cases.Periodic, Date: date(2026, 7, 1), PresidedBy: "Phó Chủ tịch", Delegated: true},
	}}
	s := levelSchedule(t, days, cases.Commune, date(2026, 6, 29), date(2026, 7, 2), h)
	if d := scheduleDay(t, s, date(2026, 6, 30)); d.Status != DayHeld || d.Delegation != "" {
		t.Errorf("30/06/2026: %+v", d)
	}
	d := scheduleDay(t, s, date(2026, 7, 1))
	if d.Status != DayHeld || !strings.Contains(d.Delegation, "không tính vào số ngày tiếp công dân tối thiểu của người đứng đầu từ 01/07/2026") {
		t.Errorf("01/07/2026: %+v", d)
	}
	if lines := strings.Join(d.Lines(), "\n"); !strings.Contains(lines, d.Delegation) {
		t.Errorf("01/07/2026's lines do not say it:\n%s", lines)
	}
}
