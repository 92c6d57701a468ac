package workflow

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

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
	appointments := scheduleDay(t, s, date(2023, 2, 15))
	if appointments.Status != DayAppointments || appointments.Reception != nil || len(appointments.Expected) != 1 ||
		appointments.Expected[0].Petition != "P-1" || appointments.Expected[0].Matter != "P-1" {
		t.Errorf("15/02/2023: %+v", appointments)
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
