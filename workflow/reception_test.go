package workflow

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// plan reads a reception plan in the file format, failing the test on error.
func plan(t *testing.T, s string) *Reception {
	t.Helper()
	r, err := LoadReception(strings.NewReader(s))
	if err != nil {
		t.Fatalf("LoadReception: %v", err)
	}
	return r
}

// planWith is a plan of the 9th and 24th from 2023 with the given move rule
// and leaders, and the assignments given as JSON.
func planWith(t *testing.T, move string, leaders []string, assignments string) *Reception {
	t.Helper()
	ls, _ := json.Marshal(leaders)
	if assignments == "" {
		assignments = "[]"
	}
	return plan(t, `{"version":1,"periods":[{"from":"2023-01-01","days_of_month":[9,24],"move":"`+move+
		`","leaders":`+string(ls)+`}],"assignments":`+assignments+`}`)
}

func dayOn(t *testing.T, days []ScheduledDay, d cases.Date) ScheduledDay {
	t.Helper()
	for _, sd := range days {
		if sd.key() == d {
			return sd
		}
	}
	t.Fatalf("no reception day listed on %s in %+v", d, days)
	return ScheduledDay{}
}

func dates(days []ScheduledDay) []cases.Date {
	var out []cases.Date
	for _, d := range days {
		out = append(out, d.key())
	}
	return out
}

// The first case: the 24/01/2023 reception falls in the Tết break
// (20–26/01) and is held on Friday 27/01/2023.
func TestReceptionTet2023MovesToFriday(t *testing.T) {
	days := DefaultReception().Days(nil, date(2023, 1, 1), date(2023, 1, 31))
	if got, want := dates(days), []cases.Date{date(2023, 1, 9), date(2023, 1, 27)}; !slices.Equal(got, want) {
		t.Fatalf("January 2023 reception days = %v, want %v", got, want)
	}
	sd := days[1]
	if sd.Scheduled != date(2023, 1, 24) || sd.Date != date(2023, 1, 27) || !sd.Moved || sd.Skipped ||
		sd.DayOff != "Nghỉ Tết Nguyên đán" || sd.Move != MoveNext {
		t.Fatalf("24/01/2023: %+v", sd)
	}
	want := "Ngày tiếp định kỳ rơi vào thứ Ba 24/01/2023 (Nghỉ Tết Nguyên đán) nên chuyển sang thứ Sáu 27/01/2023"
	if sd.Reason != want {
		t.Errorf("reason %q\nwant   %q", sd.Reason, want)
	}
	if days[0].Moved || days[0].Reason != "" || days[0].Leader != "Chủ tịch UBND" || days[0].LeaderBy != LeaderByRotation {
		t.Errorf("09/01/2023 (a Monday) should stay, presided by the chairman: %+v", days[0])
	}
}

// The second case: 09/02/2026 is a Monday after the 2026 break
// (14–22/02) and stays; so does Tuesday 24/02.
func TestReception2026StaysOnWorkingDays(t *testing.T) {
	days := DefaultReception().Days(nil, date(2026, 2, 1), date(2026, 2, 28))
	if got, want := dates(days), []cases.Date{date(2026, 2, 9), date(2026, 2, 24)}; !slices.Equal(got, want) {
		t.Fatalf("February 2026 reception days = %v, want %v", got, want)
	}
	for _, sd := range days {
		if sd.Moved || sd.Skipped || sd.Scheduled != sd.Date || sd.DayOff != "" {
			t.Errorf("%s should not move: %+v", sd.Scheduled, sd)
		}
	}
}

func TestReceptionMoveRules(t *testing.T) {
	tests := []struct {
		move      string
		scheduled cases.Date
		date      cases.Date // listed on
		skipped   bool
		reason    string
	}{
		{"previous", date(2023, 1, 24), date(2023, 1, 19), false,
			"Ngày tiếp định kỳ rơi vào thứ Ba 24/01/2023 (Nghỉ Tết Nguyên đán) nên chuyển lên thứ Năm 19/01/2023"},
		{"previous", date(2023, 4, 9), date(2023, 4, 7), false,
			"Ngày tiếp định kỳ rơi vào Chủ nhật 09/04/2023 nên chuyển lên thứ Sáu 07/04/2023"},
		{"skip", date(2023, 1, 24), date(2023, 1, 24), true,
			"Ngày tiếp định kỳ rơi vào thứ Ba 24/01/2023 (Nghỉ Tết Nguyên đán) nên không tổ chức tiếp kỳ này"},
		{"skip", date(2023, 4, 9), date(2023, 4, 9), true,
			"Ngày tiếp định kỳ rơi vào Chủ nhật 09/04/2023 nên không tổ chức tiếp kỳ này"},
		{"next", date(2023, 4, 9), date(2023, 4, 10), false,
			"Ngày tiếp định kỳ rơi vào Chủ nhật 09/04/2023 nên chuyển sang thứ Hai 10/04/2023"},
		// 24/09/2023 is a Sunday; the previous working day is Friday 22/09.
		{"previous", date(2023, 9, 24), date(2023, 9, 22), false,
			"Ngày tiếp định kỳ rơi vào Chủ nhật 24/09/2023 nên chuyển lên thứ Sáu 22/09/2023"},
	}
	for _, tt := range tests {
		r := planWith(t, tt.move, []string{"Chủ tịch"}, "")
		days := r.Days(nil, tt.scheduled-10, tt.scheduled+10)
		sd := dayOn(t, days, tt.date)
		if sd.Scheduled != tt.scheduled || sd.Skipped != tt.skipped || sd.Moved == tt.skipped ||
			sd.Reason != tt.reason || MoveRule(tt.move) != sd.Move {
			t.Errorf("%s %s: %+v\nwant reason %q", tt.move, tt.scheduled, sd, tt.reason)
		}
		if tt.skipped && (sd.Leader != "" || sd.Date != tt.scheduled) {
			t.Errorf("a skipped day has no leader and keeps its date: %+v", sd)
		}
	}
}

func TestReceptionRotation(t *testing.T) {
	leaders := []string{"Chủ tịch Trần Văn A", "Phó Chủ tịch Lê Thị B", "Phó Chủ tịch Phạm Văn C"}
	r := planWith(t, "next", leaders, "")
	days := r.Days(nil, date(2023, 1, 1), date(2023, 3, 31))
	want := []string{leaders[0], leaders[1], leaders[2], leaders[0], leaders[1], leaders[2]}
	var got []string
	for _, d := range days {
		got = append(got, d.Leader)
		if d.LeaderBy != LeaderByRotation {
			t.Errorf("%s: leader by %q, want rotation", d.Date, d.LeaderBy)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("rotation %q, want %q", got, want)
	}
	// Turns are counted from the period's start, not from the range asked.
	march := r.Days(nil, date(2023, 3, 1), date(2023, 3, 31))
	if march[0].Leader != leaders[1] || march[1].Leader != leaders[2] {
		t.Errorf("March alone: %q, %q; want %q, %q", march[0].Leader, march[1].Leader, leaders[1], leaders[2])
	}
	// A skipped day is no one's turn.
	skip := planWith(t, "skip", leaders, "")
	got = got[:0]
	for _, d := range skip.Days(nil, date(2023, 1, 1), date(2023, 2, 28)) {
		got = append(got, d.Leader)
	}
	if want := []string{leaders[0], "", leaders[1], leaders[2]}; !slices.Equal(got, want) {
		t.Errorf("rotation with 24/01 skipped: %q, want %q", got, want)
	}
}

func TestReceptionAssignmentOverridesRotation(t *testing.T) {
	leaders := []string{"Chủ tịch A", "Phó Chủ tịch B"}
	r := planWith(t, "next", leaders, `[
		{"date":"2023-02-09","leader":"Phó Chủ tịch D","note":"Chủ tịch đi công tác"},
		{"date":"2023-01-24","leader":"Phó Chủ tịch E"},
		{"date":"2023-02-15","leader":"Phó Chủ tịch F"}]`)
	days := r.Days(nil, date(2023, 1, 1), date(2023, 2, 28))
	type lead struct{ leader, by string }
	var got []lead
	for _, d := range days {
		got = append(got, lead{d.Leader, d.LeaderBy})
	}
	want := []lead{
		{"Chủ tịch A", LeaderByRotation},
		// Assigned by the scheduled date; the reception is held on 27/01.
		{"Phó Chủ tịch E", LeaderByAssignment},
		{"Phó Chủ tịch D", LeaderByAssignment},
		// The rotation goes on as if 09/02 had been taken in turn.
		{"Phó Chủ tịch B", LeaderByRotation},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("leaders %v, want %v", got, want)
	}
	if days[2].Note != "Chủ tịch đi công tác" {
		t.Errorf("the assignment's note is lost: %+v", days[2])
	}
	// 15/02 is no reception day: the schedule says the assignment was not applied.
	s, err := r.Schedule(ScheduleRequest{From: date(2023, 2, 1), To: date(2023, 2, 28), Today: date(2023, 2, 1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Notes) != 1 || !strings.Contains(s.Notes[0], "Phó Chủ tịch F") || !strings.Contains(s.Notes[0], "15/02/2023") {
		t.Errorf("notes %q: want the unmatched assignment of 15/02/2023", s.Notes)
	}
}

func TestReceptionWeekdaysPeriodsAndMerging(t *testing.T) {
	r := plan(t, `{"version":1,"periods":[
		{"from":"2025-01-01","days_of_month":[31],"leaders":["Chủ tịch UBND huyện"]},
		{"from":"2026-02-01","weekdays":["monday","tuesday"],"leaders":["Chủ tịch UBND xã"]}]}`)
	// The 31st falls on the last day of a shorter month; the first period
	// ends where the second starts.
	jan := r.Days(nil, date(2025, 11, 1), date(2026, 1, 31))
	want := []cases.Date{date(2025, 12, 1), date(2025, 12, 31)}
	if got := dates(jan); !slices.Equal(got, want) {
		t.Fatalf("31st of each month: %v, want %v", got, want)
	}
	if jan[0].Scheduled != date(2025, 11, 30) {
		t.Errorf("November has no 31st: scheduled %s, want Sunday 30/11/2025", jan[0].Scheduled)
	}
	// Saturday 31/01/2026 moves to Monday 02/02, the first Monday of the
	// weekly period: one reception, presided as the first period says.
	first := r.Days(nil, date(2026, 2, 1), date(2026, 2, 3))
	if len(first) != 2 || first[0].Scheduled != date(2026, 1, 31) || first[0].Date != date(2026, 2, 2) ||
		!slices.Equal(first[0].Merged, []cases.Date{date(2026, 2, 2)}) || first[0].Leader != "Chủ tịch UBND huyện" ||
		first[1].Date != date(2026, 2, 3) || first[1].Leader != "Chủ tịch UBND xã" {
		t.Errorf("the change of period: %+v", first)
	}
	// Monday 16 and Tuesday 17/02/2026 are in the Tết break and move to
	// Monday 23/02, itself a reception day: one reception for the three.
	feb := r.Days(nil, date(2026, 2, 9), date(2026, 2, 24))
	if got, want := dates(feb), []cases.Date{date(2026, 2, 9), date(2026, 2, 10), date(2026, 2, 23), date(2026, 2, 24)}; !slices.Equal(got, want) {
		t.Fatalf("Mondays and Tuesdays of February 2026: %v, want %v", got, want)
	}
	merged := feb[2]
	if merged.Scheduled != date(2026, 2, 16) || !slices.Equal(merged.Merged, []cases.Date{date(2026, 2, 17), date(2026, 2, 23)}) ||
		merged.Reason != "Ngày tiếp định kỳ rơi vào thứ Hai 16/02/2026 (Nghỉ Tết Nguyên đán) nên chuyển sang thứ Hai 23/02/2026; "+
			"ngày tiếp định kỳ 17/02/2026 (Nghỉ Tết Nguyên đán) cũng chuyển vào ngày này, tiếp chung một kỳ; "+
			"trùng ngày tiếp định kỳ 23/02/2026, tiếp chung một kỳ" {
		t.Errorf("merged day: %+v", merged)
	}
}

// TestReceptionDaysOn gives the days of the period in force on a date, in
// order, as the text of section II.6 says them; before the first period, the
// first period's.
func TestReceptionDaysOn(t *testing.T) {
	r := plan(t, `{"version":1,"periods":[
		{"from":"2025-01-01","days_of_month":[24,9],"leaders":["Chủ tịch UBND huyện"]},
		{"from":"2025-07-01","weekdays":["thursday","monday"],"leaders":["Chủ tịch UBND xã"]},
		{"from":"2026-12-01","days_of_month":[25,10],"weekdays":["friday"],"leaders":["Chủ tịch UBND xã"]}]}`)
	for _, c := range []struct {
		d     cases.Date
		days  []int
		weeks []time.Weekday
	}{
		{date(2024, 6, 30), []int{9, 24}, nil},
		{date(2025, 6, 30), []int{9, 24}, nil},
		{date(2025, 7, 1), nil, []time.Weekday{time.Monday, time.Thursday}},
		{date(2026, 11, 30), nil, []time.Weekday{time.Monday, time.Thursday}},
		{date(2026, 12, 1), []int{10, 25}, []time.Weekday{time.Friday}},
		{date(2030, 1, 1), []int{10, 25}, []time.Weekday{time.Friday}},
	} {
		days, weeks := r.DaysOn(c.d)
		if !slices.Equal(days, c.days) || !slices.Equal(weeks, c.weeks) {
			t.Errorf("DaysOn(%s) = %v, %v; want %v, %v", c.d, days, weeks, c.days, c.weeks)
		}
	}
	if days, weeks := DefaultReception().DaysOn(date(2026, 12, 31)); !slices.Equal(days, []int{9, 24}) || weeks != nil {
		t.Errorf("the shipped plan: %v, %v", days, weeks)
	}
}

// Under the previous rule, Tuesday 01/09/2026 (the day next to National Day)
// moves onto Monday 31/08, itself a reception day.
func TestReceptionPreviousMergesIntoTheDayBefore(t *testing.T) {
	r := plan(t, `{"version":1,"periods":[{"from":"2026-01-01","weekdays":["monday","tuesday"],"move":"previous",
		"leaders":["A","B"]}]}`)
	days := r.Days(nil, date(2026, 8, 31), date(2026, 9, 1))
	if len(days) != 1 {
		t.Fatalf("days %+v", days)
	}
	d := days[0]
	want := "Ngày tiếp định kỳ 01/09/2026 (Nghỉ lễ Quốc khánh (ngày liền kề)) cũng chuyển vào ngày này, tiếp chung một kỳ"
	if d.Date != date(2026, 8, 31) || d.Moved || !slices.Equal(d.Merged, []cases.Date{date(2026, 9, 1)}) || d.Reason != want {
		t.Errorf("31/08/2026: %+v\nwant reason %q", d, want)
	}
	// The merged day is no one's turn: the next Monday is the other leader's.
	next := r.Days(nil, date(2026, 9, 7), date(2026, 9, 7))
	if len(next) != 1 || next[0].Leader == d.Leader {
		t.Errorf("07/09/2026 presided by %q after %q on 31/08", next[0].Leader, d.Leader)
	}
}

func TestLoadReceptionRefusesBadPlans(t *testing.T) {
	good := `"from":"2023-01-01","days_of_month":[9,24],"leaders":["Chủ tịch"]`
	tests := []struct{ name, plan, want string }{
		{"version", `{"version":2,"periods":[{` + good + `}]}`, "version 2"},
		{"unknown field", `{"version":1,"periods":[{` + good + `,"colour":"red"}]}`, "colour"},
		{"no periods", `{"version":1,"periods":[]}`, "periods: missing"},
		{"no days", `{"version":1,"periods":[{"from":"2023-01-01","leaders":["A"]}]}`, "days_of_month, weekdays"},
		{"day 32", `{"version":1,"periods":[{"from":"2023-01-01","days_of_month":[32],"leaders":["A"]}]}`, "32 is not a day"},
		{"day twice", `{"version":1,"periods":[{"from":"2023-01-01","days_of_month":[9,9],"leaders":["A"]}]}`, "9 is listed twice"},
		{"weekend", `{"version":1,"periods":[{"from":"2023-01-01","weekdays":["sunday"],"leaders":["A"]}]}`, "weekly rest day"},
		{"weekday name", `{"version":1,"periods":[{"from":"2023-01-01","weekdays":["thứ hai"],"leaders":["A"]}]}`, "is not monday"},
		{"move", `{"version":1,"periods":[{` + good + `,"move":"later"}]}`, `"later" is not next, previous or skip`},
		{"no leaders", `{"version":1,"periods":[{"from":"2023-01-01","days_of_month":[9],"leaders":[]}]}`, "leaders: missing"},
		{"blank leader", `{"version":1,"periods":[{"from":"2023-01-01","days_of_month":[9],"leaders":[" "]}]}`, "leaders[0]"},
		{"no from", `{"version":1,"periods":[{"days_of_month":[9],"leaders":["A"]}]}`, "from: missing"},
		{"order", `{"version":1,"periods":[{` + good + `},{"from":"2022-01-01","days_of_month":[9],"leaders":["A"]}]}`, "not after"},
		{"bad date", `{"version":1,"periods":[{"from":"2023-13-01","days_of_month":[9],"leaders":["A"]}]}`, "not a date"},
		{"assignment twice", `{"version":1,"periods":[{` + good + `}],"assignments":[{"date":"2023-01-09","leader":"A"},{"date":"2023-01-09","leader":"B"}]}`, "already assigned to A"},
		{"assignment leader", `{"version":1,"periods":[{` + good + `}],"assignments":[{"date":"2023-01-09","leader":""}]}`, "assignments[0].leader"},
	}
	for _, tt := range tests {
		_, err := LoadReception(strings.NewReader(tt.plan))
		if err == nil || cases.ErrorCode(err) != cases.EInvalid || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want invalid with %q", tt.name, err, tt.want)
		}
	}
}

func TestDefaultReceptionRoundTrips(t *testing.T) {
	b, err := json.Marshal(DefaultReception())
	if err != nil {
		t.Fatal(err)
	}
	again, err := LoadReception(strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("the printed plan does not load: %v\n%s", err, b)
	}
	a1 := DefaultReception().Days(nil, date(2023, 1, 1), date(2023, 12, 31))
	a2 := again.Days(nil, date(2023, 1, 1), date(2023, 12, 31))
	if len(a1) != 24 || !slices.EqualFunc(a1, a2, func(x, y ScheduledDay) bool { return x.Date == y.Date && x.Leader == y.Leader }) {
		t.Errorf("the printed plan differs: %d days", len(a1))
	}
}
