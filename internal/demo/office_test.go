package demo

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// todayOptions is the default history up to today, shorter in -short mode.
func todayOptions(level cases.Level) Options {
	o := Options{Petitions: 3000, Seed: 11, Level: level, Now: today}
	if testing.Short() {
		o.Petitions = 800
	}
	return o
}

// TestTodaysOffice replays the default history: the district until
// 30/06/2025, then the commune formed from the merger, its departments and
// no lower committee, addresses in Gia Lai, no complaint suspended before
// 01/07/2026 (the replay checks it), the head receiving in person from then.
func TestTodaysOffice(t *testing.T) {
	o := todayOptions("")
	data := generate(t, o)
	o.From, o.To = DefaultFrom, cases.DateOf(today)
	rp := newReplay(t, o, data)
	if len(rp.petitions) != o.Petitions {
		t.Errorf("%d petitions, want %d", len(rp.petitions), o.Petitions)
	}
	// The replay refuses a route to a unit out of force; both committees
	// took routes.
	for _, w := range []string{"routed own to level=district", "routed own to level=commune", "op=unit_until"} {
		if rp.seen[w] == 0 {
			t.Errorf("never: %s", w)
		}
	}
	xa := rp.dated["ubnd-xa-tuy-phuoc"]
	if xa.Level != cases.Commune || xa.ValidFrom != reform || xa.ValidUntil != 0 {
		t.Errorf("the commune: %+v", xa)
	}
	if h := rp.dated[ownRef]; h.Level != cases.District || h.ValidUntil != reform-1 {
		t.Errorf("the district: %+v", h)
	}
	for ref, u := range rp.dated {
		if u.InForceOn(reform) && u.Kind == cases.Lower {
			t.Errorf("lower committee %s (%s) in force after the reform", ref, u.Name)
		}
		if u.Kind == cases.Department && u.InForceOn(reform) != (u.Parent == "ubnd-xa-tuy-phuoc") {
			t.Errorf("department %s (%s) under %s in force on %s: %v", ref, u.Name, u.Parent, reform, u.InForceOn(reform))
		}
	}

	var afterReform, after2026 int
	for _, line := range lines(data) {
		c, err := cases.DecodeCommand(line)
		if err != nil {
			t.Fatal(err)
		}
		var day cases.Date
		var person *cases.Person
		switch c.Op {
		case cases.OpPetition:
			day, person = cases.DateOf(mustInstant(t, c.ReceivedAt)), c.Petitioner
		case cases.OpVisit:
			day, person = cases.DateOf(c.AtTime()), c.Citizen
		case cases.OpSession:
			day, _ = cases.ParseDate(c.Date)
			if day >= noDelegation && c.Delegated {
				t.Errorf("session %s delegated after 01/07/2026", c.Ref)
			}
			if day >= reform && !strings.Contains(c.PresidedBy, "UBND xã Tuy Phước") {
				t.Errorf("session %s presided by %q", c.Ref, c.PresidedBy)
			}
			continue
		default:
			continue
		}
		if person == nil || person.Address == "" {
			continue
		}
		a := person.Address
		if day >= reform {
			afterReform++
			if !strings.HasSuffix(a, ", xã Tuy Phước, tỉnh Gia Lai") || strings.Contains(a, "huyện") {
				t.Fatalf("%s on %s: address %q", c.Op, day, a)
			}
		} else if !strings.HasSuffix(a, ", huyện Tuy Phước, tỉnh Bình Định") {
			t.Fatalf("%s on %s: address %q", c.Op, day, a)
		}
		if day >= noDelegation {
			after2026++
		}
	}
	if afterReform == 0 || after2026 == 0 {
		t.Errorf("addresses after the reform %d, after 01/07/2026 %d", afterReform, after2026)
	}
}

// TestTodaysPlanMeetsTheMinimum: the commune's plan schedules a day every
// week, so the schedule warns of no week from the reform to today, and the
// sessions held are the plan's days.
func TestTodaysPlanMeetsTheMinimum(t *testing.T) {
	o := Options{Seed: 1, Now: today}
	js, err := ReceptionPlan(o)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := workflow.LoadReception(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	to := cases.DateOf(today).AddDays(60)
	if sf := plan.Shortfalls(nil, nil, []cases.Unit{{Ref: "xa", Kind: cases.Own, Level: cases.Commune}}, reform, to); len(sf) > 0 {
		t.Errorf("%d shortfalls, the first: %s", len(sf), sf[0].Text)
	}
	// The district's days are those of its 2 a month.
	if sf := plan.Shortfalls(nil, nil, []cases.Unit{{Ref: "huyen", Kind: cases.Own, Level: cases.District}}, DefaultFrom, reform-1); len(sf) > 0 {
		t.Errorf("the district's plan: %s", sf[0].Text)
	}
	held := map[cases.Date]bool{}
	for _, line := range lines(generate(t, o)) {
		c, _ := cases.DecodeCommand(line)
		if c.Op == cases.OpSession && c.Kind == string(cases.Periodic) {
			d, _ := cases.ParseDate(c.Date)
			held[d] = true
		}
	}
	for _, sd := range plan.Days(nil, DefaultFrom, cases.DateOf(today)-1) {
		if !sd.Skipped && !held[sd.Date] {
			t.Errorf("no periodic session on %s, a day of the plan", sd.Date)
		}
	}
	var f struct{ Periods []workflow.ReceptionPeriod }
	if err := json.Unmarshal(js, &f); err != nil || len(f.Periods) != 2 || len(f.Periods[1].Weekdays) == 0 {
		t.Errorf("the plan's periods: %s", js)
	}
}

func mustInstant(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := cases.ParseInstant(s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}
