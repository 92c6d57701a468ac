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

// history2023 is a small history around the 2023 Tết break: a periodic
// session on 09/01 whose visits concern two matters (P-2 was archived as a
// duplicate of P-1) and where P-3's petitioner, a denouncer, was told to come
// back on the 24th; nothing recorded on 27/01; an ad hoc session on 15/03.
func history2023() *ScheduleHistory {
	at := func(s string) time.Time { return vn(s) }
	follow := date(2023, 1, 24)
	later := date(2023, 2, 15)
	sunday := date(2023, 2, 19)
	return &ScheduleHistory{
		Units: []cases.Unit{{Ref: "own", Name: "UBND huyện Tuy Phước", Kind: cases.Own},
			{Ref: "tnmt", Name: "Phòng Tài nguyên và Môi trường", Kind: cases.Department, Parent: "own"}},
		Sessions: []cases.Session{
			{Ref: "K-0109", Kind: cases.Periodic, Date: date(2023, 1, 9), PresidedBy: "Chủ tịch Trần Văn A", Location: "Trụ sở tiếp công dân"},
			{Ref: "K-0315", Kind: cases.AdHoc, Date: date(2023, 3, 15), PresidedBy: "Chủ tịch Trần Văn A"},
		},
		Visits: []cases.Visit{
			{Ref: "V-1", At: at("2023-01-09 08:00"), Kind: cases.Periodic, Session: "K-0109", Petition: "P-1", People: 1},
			{Ref: "V-2", At: at("2023-01-09 09:00"), Kind: cases.Periodic, Session: "K-0109", Petition: "P-2", People: 6},
			{Ref: "V-3", At: at("2023-01-09 10:00"), Kind: cases.Periodic, Session: "K-0109", Petition: "P-3", People: 2,
				Citizen: &cases.Person{Name: "Võ Thị Tố"}, FollowUpOn: &follow},
			{Ref: "V-4", At: at("2023-01-09 10:30"), Kind: cases.Periodic, Session: "K-0109", Petition: "P-1", People: 1, FollowUpOn: &later},
			{Ref: "V-5", At: at("2023-01-09 11:00"), Kind: cases.Periodic, Session: "K-0109", Petition: "P-4", People: 1, FollowUpOn: &sunday},
			{Ref: "V-6", At: at("2023-03-15 14:00"), Kind: cases.AdHoc, Session: "K-0315", Petition: "P-4", People: 12},
			// A regular visit is no session's.
			{Ref: "V-7", At: at("2023-01-09 15:00"), Kind: cases.Regular, Petition: "P-1", People: 1},
		},
		Petitions: map[string]*cases.Petition{
			"P-1": {Ref: "P-1", Type: cases.Complaint, State: cases.RoutedOwn, Petitioner: cases.Person{Name: "Nguyễn Văn An"}},
			"P-2": {Ref: "P-2", State: cases.Archived, Archive: cases.Duplicate, DuplicateOf: "P-1"},
			"P-3": {Ref: "P-3", Type: cases.Denunciation, State: cases.Classified, Protected: true,
				Petitioner: cases.Person{Name: "Võ Thị Tố", Address: "Phước Lộc"}},
			"P-4": {Ref: "P-4", Type: cases.Recommendation, State: cases.Classified},
		},
	}
}

func build(t *testing.T, r *Reception, from, to, today cases.Date, h *ScheduleHistory) *Schedule {
	t.Helper()
	s, err := r.Schedule(ScheduleRequest{From: from, To: to, Today: today}, h)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func scheduleDay(t *testing.T, s *Schedule, d cases.Date) Day {
	t.Helper()
	for _, x := range s.Days {
		if x.Date == d {
			return x
		}
	}
	t.Fatalf("no day %s in the schedule: %v", d, s.Days)
	return Day{}
}

// The third case: a past reception day without a session is flagged;
// the one held shows its visits, people and matters.
func TestScheduleFlagsMissedDay(t *testing.T) {
	s := build(t, DefaultReception(), date(2023, 1, 1), date(2023, 1, 31), date(2023, 2, 15), history2023())
	if s.Committee != "UBND huyện Tuy Phước" {
		t.Errorf("committee %q", s.Committee)
	}
	held := scheduleDay(t, s, date(2023, 1, 9))
	if held.Status != DayHeld || len(held.Sessions) != 1 {
		t.Fatalf("09/01/2023: %+v", held)
	}
	k := held.Sessions[0]
	if len(k.Visits) != 5 || k.People != 11 || !slices.Equal(k.Matters, []string{"P-1", "P-3", "P-4"}) {
		t.Errorf("session K-0109: %d visits, %d people, matters %v; want 5, 11, [P-1 P-3 P-4]", len(k.Visits), k.People, k.Matters)
	}
	if v := k.Visits[1]; v.Ref != "V-2" || v.Petition != "P-2" || v.Matter != "P-1" {
		t.Errorf("V-2 concerns P-2, a duplicate of P-1: %+v", v)
	}
	missed := scheduleDay(t, s, date(2023, 1, 27))
	if missed.Status != DayMissed || missed.Reception == nil || missed.Reception.Scheduled != date(2023, 1, 24) || len(missed.Expected) != 0 {
		t.Errorf("27/01/2023: %+v", missed)
	}
	if got := s.Summary; got.Scheduled != 2 || got.Held != 1 || got.Missed != 1 || got.Visits != 5 || got.People != 11 || got.Matters != 3 {
		t.Errorf("summary %+v", got)
	}
	if len(s.Days) != 2 {
		t.Errorf("days %v: want the two reception days only", s.Days)
	}
	// A reception day that is today is not missed yet.
	s = build(t, DefaultReception(), date(2023, 1, 1), date(2023, 1, 31), date(2023, 1, 27), history2023())
	if d := scheduleDay(t, s, date(2023, 1, 27)); d.Status != DayPlanned {
		t.Errorf("27/01/2023 seen on the day: %s, want planned", d.Status)
	}
}

// The fourth case: a follow-up promised for the 24th at the 09/01/2023
// session is expected on Friday 27/01, where the reception moved; one for an
// ordinary working day is listed on that day, one for a Sunday on the Monday.
func TestScheduleFollowUpOnTheRightDay(t *testing.T) {
	s := build(t, DefaultReception(), date(2023, 1, 10), date(2023, 2, 28), date(2023, 1, 10), history2023())
	if d := scheduleDay(t, s, date(2023, 1, 27)); d.Status != DayPlanned || len(d.Expected) != 1 {
		t.Fatalf("27/01/2023: %+v", d)
	} else {
		e := d.Expected[0]
		want := "Hẹn tiếp lại đơn P-3 (tố cáo): hẹn ngày 24/01/2023 tại lượt tiếp V-3 ngày 09/01/2023 (thứ Ba, Nghỉ Tết Nguyên đán, chuyển sang thứ Sáu 27/01/2023)"
		if e.Kind != ExpectFollowUp || e.Petition != "P-3" || e.Visit != "V-3" || e.On != date(2023, 1, 24) || e.Text != want {
			t.Errorf("follow-up %+v\nwant text %q", e, want)
		}
	}
	for _, d := range s.Days {
		if d.Date == date(2023, 1, 24) {
			t.Errorf("24/01/2023 is in the Tết break and should not be listed: %+v", d)
		}
	}
	plain := scheduleDay(t, s, date(2023, 2, 15))
	if plain.Status != DayAppointments || plain.Reception != nil || len(plain.Expected) != 1 ||
		plain.Expected[0].Petition != "P-1" || plain.Expected[0].Matter != "P-1" {
		t.Errorf("15/02/2023: %+v", plain)
	}
	monday := scheduleDay(t, s, date(2023, 2, 20))
	if len(monday.Expected) != 1 || monday.Expected[0].On != date(2023, 2, 19) ||
		!strings.HasSuffix(monday.Expected[0].Text, "(Chủ nhật, chuyển sang thứ Hai 20/02/2023)") {
		t.Errorf("20/02/2023: %+v", monday)
	}
	// Under the skip rule the 24th is not held: the follow-up goes to the
	// next reception day, 09/02.
	s = build(t, planWith(t, "skip", []string{"Chủ tịch"}, ""), date(2023, 1, 10), date(2023, 2, 28), date(2023, 1, 10), history2023())
	if d := scheduleDay(t, s, date(2023, 1, 24)); d.Status != DaySkipped || len(d.Expected) != 0 {
		t.Errorf("24/01/2023 skipped: %+v", d)
	}
	if d := scheduleDay(t, s, date(2023, 2, 9)); len(d.Expected) != 1 || d.Expected[0].Visit != "V-3" ||
		!strings.HasSuffix(d.Expected[0].Text, "(thứ Ba, Nghỉ Tết Nguyên đán, không tổ chức tiếp; chuyển sang kỳ tiếp thứ Năm 09/02/2023)") {
		t.Errorf("09/02/2023 under skip: %+v", d)
	}
	if s.Summary.Skipped != 1 {
		t.Errorf("summary %+v: want one skipped day", s.Summary)
	}
}

func TestScheduleShowsAdHocSession(t *testing.T) {
	s := build(t, DefaultReception(), date(2023, 3, 1), date(2023, 3, 31), date(2023, 4, 1), history2023())
	d := scheduleDay(t, s, date(2023, 3, 15))
	if d.Status != DayAdHoc || d.Reception != nil || len(d.Sessions) != 1 {
		t.Fatalf("15/03/2023: %+v", d)
	}
	k := d.Sessions[0]
	if k.Ref != "K-0315" || k.Kind != cases.AdHoc || len(k.Visits) != 1 || k.People != 12 || !slices.Equal(k.Matters, []string{"P-4"}) {
		t.Errorf("ad hoc session: %+v", k)
	}
	// 09/03 and 24/03 had no periodic session.
	if s.Summary.AdHoc != 1 || s.Summary.Missed != 2 || s.Summary.People != 12 {
		t.Errorf("summary %+v", s.Summary)
	}
}

// A dialogue and accepted cases whose deadline falls before the next
// reception day are expected on the coming days.
func TestScheduleDialoguesAndDeadlines(t *testing.T) {
	h := history2023()
	h.Dialogues = []cases.Dialogue{
		{Petition: "P-1", At: vn("2023-02-20 09:00"), On: date(2023, 3, 9), Place: "Phòng họp số 2, UBND huyện"},
		{Petition: "P-4", At: vn("2023-02-20 09:00"), On: date(2023, 3, 20), Place: "Hội trường xã Phước Lộc; tầng 1"},
	}
	due := func(ref, accepted string) *cases.Petition {
		p := accept(&cases.Petition{Ref: ref, Type: cases.Complaint, Instance: 1, Complex: cases.Simple,
			RouteTo: cases.ToOwn, Unit: "tnmt", Petitioner: cases.Person{Name: "Đặng Văn Khiếu"}}, accepted)
		h.Petitions[ref] = p
		return p
	}
	h.Accepted = []*cases.Petition{
		// 27/02 + 30 days = Wednesday 29/03, before the reception of 10/04
		// (09/04 is a Sunday): expected on 24/03.
		due("P-10", "2023-02-27 09:00"),
		// 05/01 + 30 days = Saturday 04/02, moved to Monday 06/02: already
		// passed on 01/03, expected on the first coming reception day.
		due("P-11", "2023-01-05 09:00"),
		// 15/03 + 30 days = Friday 14/04: after 10/04, not in March.
		due("P-12", "2023-03-15 09:00"),
	}
	resolved := due("P-13", "2023-03-01 09:00")
	resolved.State = cases.Resolved
	h.Accepted = append(h.Accepted, resolved)

	s := build(t, DefaultReception(), date(2023, 3, 1), date(2023, 3, 31), date(2023, 3, 1), h)
	d9 := scheduleDay(t, s, date(2023, 3, 9))
	if d9.Status != DayPlanned || len(d9.Expected) != 2 {
		t.Fatalf("09/03/2023: %+v", d9)
	}
	if e := d9.Expected[0]; e.Kind != ExpectDialogue || e.Petition != "P-1" || e.Place != "Phòng họp số 2, UBND huyện" {
		t.Errorf("dialogue of 09/03: %+v", e)
	}
	if e := d9.Expected[1]; e.Kind != ExpectDeadline || e.Petition != "P-11" || !e.Overdue || e.On != date(2023, 2, 6) ||
		!strings.Contains(e.Text, "đã quá hạn") || !strings.Contains(e.Text, "Phòng Tài nguyên và Môi trường") {
		t.Errorf("overdue case on 09/03: %+v", e)
	}
	d20 := scheduleDay(t, s, date(2023, 3, 20))
	if d20.Status != DayAppointments || len(d20.Expected) != 1 || d20.Expected[0].Kind != ExpectDialogue {
		t.Errorf("20/03/2023: %+v", d20)
	}
	d24 := scheduleDay(t, s, date(2023, 3, 24))
	if len(d24.Expected) != 1 {
		t.Fatalf("24/03/2023: %+v", d24)
	}
	e := d24.Expected[0]
	if e.Kind != ExpectDeadline || e.Petition != "P-10" || e.On != date(2023, 3, 29) || e.Overdue ||
		e.Text != "Hạn giải quyết đơn P-10 (khiếu nại): 29/03/2023, Phòng Tài nguyên và Môi trường giải quyết" ||
		!strings.HasPrefix(e.Explanation, "30 ngày kể từ ngày thụ lý 27/02/2023") {
		t.Errorf("case due 29/03 on 24/03: %+v", e)
	}
	if s.Summary.Expected != 4 {
		t.Errorf("summary %+v: want 4 expected", s.Summary)
	}
	// The next month's schedule lists P-12 on 10/04, due 14/04.
	s = build(t, DefaultReception(), date(2023, 4, 1), date(2023, 4, 30), date(2023, 3, 1), h)
	if d := scheduleDay(t, s, date(2023, 4, 10)); len(d.Expected) != 1 || d.Expected[0].Petition != "P-12" {
		t.Errorf("10/04/2023: %+v", d)
	}
	// Nothing is expected on past days.
	s = build(t, DefaultReception(), date(2023, 3, 1), date(2023, 3, 31), date(2023, 4, 1), h)
	if s.Summary.Expected != 0 {
		t.Errorf("a past month expects %d things", s.Summary.Expected)
	}
}

// The schedule names petitions by ref and never carries a petitioner's or
// citizen's name, a denouncer's least of all.
func TestScheduleCarriesNoPetitionerIdentity(t *testing.T) {
	h := history2023()
	h.Dialogues = []cases.Dialogue{{Petition: "P-3", On: date(2023, 1, 30)}}
	for _, today := range []cases.Date{date(2023, 1, 1), date(2023, 12, 31)} {
		s := build(t, DefaultReception(), date(2023, 1, 1), date(2023, 3, 31), today, h)
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"Võ Thị Tố", "Phước Lộc", "Nguyễn Văn An"} {
			if strings.Contains(string(b), name) {
				t.Errorf("the schedule (today %s) shows %q:\n%s", today, name, b)
			}
		}
	}
}

func TestScheduleRefusesBadRanges(t *testing.T) {
	r := DefaultReception()
	for _, req := range []ScheduleRequest{
		{From: date(2023, 2, 1), To: date(2023, 1, 1), Today: date(2023, 1, 1)},
		{From: date(2023, 1, 1), To: date(2030, 1, 1), Today: date(2023, 1, 1)},
		{From: date(2023, 1, 1), To: date(2023, 2, 1)},
	} {
		if _, err := r.Schedule(req, nil); cases.ErrorCode(err) != cases.EInvalid {
			t.Errorf("%+v: err = %v, want invalid", req, err)
		}
	}
}
