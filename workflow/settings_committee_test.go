package workflow

import (
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// TestCalendarsPerCommittee: the installation's edits count for every
// committee, a committee's own only for it and over the installation's.
func TestCalendarsPerCommittee(t *testing.T) {
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, cases.Zone)
	dec3, dec4 := cases.NewDate(2026, 12, 3), cases.NewDate(2026, 12, 4)
	cs := CalendarsOf(DefaultCalendar(), []CalendarEdit{
		{Seq: 1, Date: dec4, Kind: EditDayOff, Name: "Nghỉ của tỉnh", Source: "x", RecordedAt: at, RecordedBy: "admin"},
		{Seq: 2, Date: dec3, Kind: EditDayOff, Name: "Nghỉ của xã A", Source: "x", RecordedAt: at, RecordedBy: "a", Committee: "xa-a"},
		{Seq: 3, Date: dec4, Kind: EditOrdinary, Source: "xã A làm việc", RecordedAt: at, RecordedBy: "a", Committee: "xa-a"},
	})
	for _, c := range []struct {
		key        string
		day        cases.Date
		workingDay bool
	}{
		{"", dec3, true}, {"", dec4, false},
		{"xa-a", dec3, false}, {"xa-a", dec4, true},
		{"xa-b", dec3, true}, {"xa-b", dec4, false},
	} {
		if got := cs.Of(c.key).IsWorkingDay(c.day); got != c.workingDay {
			t.Errorf("committee %q, %s: working day %v, want %v", c.key, c.day, got, c.workingDay)
		}
	}
}

// TestDeadlinesInCountOnTheCommitteeHoldingTheCase: a complaint the
// province received and routed down to commune A, which accepted it,
// counts its resolution deadline on commune A's calendar, its deadlines
// from receipt on the province's.
func TestDeadlinesInCountOnTheCommitteeHoldingTheCase(t *testing.T) {
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, cases.Zone)
	// Commune A's day off ends the resolution deadline of 30 days from
	// 03/11/2026 (Thursday 03/12) and the handling deadline of 10 working
	// days from 02/11 falls on 16/11: a day off of A's then moves only what
	// A holds.
	cs := CalendarsOf(DefaultCalendar(), []CalendarEdit{
		{Seq: 1, Date: cases.NewDate(2026, 12, 3), Kind: EditDayOff, Name: "Nghỉ", Source: "x", RecordedAt: at, RecordedBy: "a", Committee: "xa-a"},
		{Seq: 2, Date: cases.NewDate(2026, 11, 16), Kind: EditDayOff, Name: "Nghỉ", Source: "x", RecordedAt: at, RecordedBy: "a", Committee: "xa-a"},
	})
	accepted := time.Date(2026, 11, 3, 8, 0, 0, 0, cases.Zone)
	p := &cases.Petition{Ref: "T-2", Type: cases.Complaint, Instance: 1, Committee: "",
		ReceivedAt: time.Date(2026, 11, 2, 8, 0, 0, 0, cases.Zone), AcceptedAt: &accepted}
	due := func(p *cases.Petition) map[string]cases.Date {
		out := map[string]cases.Date{}
		for _, d := range DefaultRules().DeadlinesIn(p, false, cases.NewDate(2026, 11, 25), cs) {
			out[d.Kind] = d.Due
		}
		return out
	}
	before := due(p)
	if before[DeadlineResolution] != cases.NewDate(2026, 12, 3) {
		t.Fatalf("the province's own case: resolution due %s", before[DeadlineResolution])
	}
	p.RoutedTo, p.RoutedIn = "xa-a", true
	after := due(p)
	if after[DeadlineResolution] != cases.NewDate(2026, 12, 4) {
		t.Errorf("routed to commune A: resolution due %s, want 04/12/2026 on A's calendar", after[DeadlineResolution])
	}
	if after[DeadlineHandling] != before[DeadlineHandling] {
		t.Errorf("the handling deadline from receipt moved with the route: %s → %s", before[DeadlineHandling], after[DeadlineHandling])
	}
	p.Committee, p.RoutedIn, p.RoutedTo = "xa-a", false, ""
	if own := due(p); own[DeadlineHandling] == before[DeadlineHandling] {
		t.Errorf("commune A's own case: handling due %s, not moved by A's day off", own[DeadlineHandling])
	}
}
