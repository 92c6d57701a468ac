package demo

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

const gialai = "ubnd-tinh-gia-lai"

// provinceSeen is what a province's history shows, by committee.
type provinceSeen struct {
	rp         *replay
	committees map[string]cases.Unit // the own units
	petitions  map[string]cases.Command
	sessions   map[string]string // session ref → committee
	// by committee: sessions, visits, petitions, and routes in its own
	// departments
	count map[string]map[cases.Op]int
	// moves: the province's matters sent down to a commune and handled
	// there; a commune's sent up, and the province's linked petitions
	down, downHandled, up, linked int
}

// province replays o, a province's history, and checks on every line
// what SPEC §10 says of committees: each session, visit and petition
// names an own unit; a visit attends a session of its own committee; a
// commune routes to its own offices or sends up to the province, never
// down; the province sends down to communes; a petition the province
// takes from a commune names it and follows its route.
func province(t *testing.T, o Options) *provinceSeen {
	t.Helper()
	data := generate(t, o)
	ps := &provinceSeen{committees: map[string]cases.Unit{}, petitions: map[string]cases.Command{},
		sessions: map[string]string{}, count: map[string]map[cases.Op]int{}}
	ps.rp = newReplay(t, o, data)
	unitRefs := map[string]bool{}
	routedDown := map[string]string{} // petition → the commune it was sent to
	routedUp := map[string]cases.Date{}
	for i, line := range lines(data) {
		c, err := cases.DecodeCommand(line)
		if err != nil {
			t.Fatal(err)
		}
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("line %d: %s\n%s", i+1, fmt.Sprintf(format, args...), line)
		}
		if c.Committee != "" && ps.count[c.Committee] == nil {
			ps.count[c.Committee] = map[cases.Op]int{}
		}
		switch c.Op {
		case cases.OpUnit:
			if unitRefs[c.Ref] {
				fail("unit ref recorded twice")
			}
			unitRefs[c.Ref] = true
			if cases.UnitKind(c.Kind) == cases.Own {
				ps.committees[c.Ref] = cases.UnitOf(&c)
			}
			continue
		case cases.OpSession, cases.OpVisit, cases.OpPetition:
			u, ok := ps.committees[c.Committee]
			if !ok {
				fail("committee %q is not an own unit", c.Committee)
			}
			day := cases.DateOf(c.AtTime())
			if c.Op == cases.OpSession {
				day, _ = cases.ParseDate(c.Date)
			}
			if !u.InForceOn(day) {
				fail("committee %s is not in force on %s", u.Ref, day)
			}
			ps.count[c.Committee][c.Op]++
		}
		switch c.Op {
		case cases.OpSession:
			ps.sessions[c.Ref] = c.Committee
			if u := ps.committees[c.Committee]; u.Level == cases.Commune && !strings.HasSuffix(c.PresidedBy, u.Name) {
				fail("presided by %q, not a leader of %s", c.PresidedBy, u.Name)
			}
		case cases.OpVisit:
			if c.Session != "" && ps.sessions[c.Session] != c.Committee {
				fail("a visit of %s at a session of %s", c.Committee, ps.sessions[c.Session])
			}
			if p := ps.petitions[c.Petition]; ps.committees[p.Committee].Level == cases.Commune && p.Committee != c.Committee {
				fail("a visit about %s's petition at %s", p.Committee, c.Committee)
			}
		case cases.OpPetition:
			ps.petitions[c.Ref] = c
			if c.TransferredFrom != "" {
				fail("a linked petition written: the store records it with the route (cases.LinkedPetition)")
			}
		case cases.OpRoute:
			p := ps.petitions[c.Petition]
			from := ps.committees[p.Committee]
			switch {
			case from.Level == cases.Commune:
				switch c.To {
				case cases.ToLower:
					fail("a commune routes down")
				case cases.ToOwn:
					if ps.rp.dated[c.Unit].Parent != p.Committee {
						fail("%s routes to %s, not one of its offices", p.Committee, c.Unit)
					}
					ps.count[p.Committee][cases.OpRoute]++
				case cases.ToOther:
					if c.Unit == gialai {
						routedUp[c.Petition] = cases.DateOf(c.AtTime())
						ps.up++
						// The province's linked petition, as the store
						// records it with the route.
						ps.petitions[c.Petition+"."+gialai] = cases.Command{Op: cases.OpPetition, Ref: c.Petition + "." + gialai,
							Committee: gialai, TransferredFrom: c.Petition}
					}
				}
			case c.To == cases.ToLower && ps.committees[c.Unit].Level == cases.Commune:
				if ps.committees[c.Unit].Parent != gialai || p.Committee != gialai && p.Committee != "ubnd-tinh-binh-dinh" {
					fail("%s sent down to %s, under %s", p.Committee, c.Unit, ps.committees[c.Unit].Parent)
				}
				routedDown[c.Petition] = c.Unit
				ps.down++
			}
		case cases.OpClassify:
			// The province takes up a matter sent up: it classifies the
			// linked petition, after the route.
			if from := ps.petitions[c.Petition].TransferredFrom; from != "" {
				if d, ok := routedUp[from]; !ok || cases.DateOf(c.AtTime()) < d {
					fail("linked to %s, which was not sent up before", from)
				}
				ps.linked++
			}
		case cases.OpAccept, cases.OpResolve, cases.OpImplement:
			// The commune that has it records its handling, by its chairman.
			if to := routedDown[c.Petition]; to != "" {
				if c.RecordedBy != "chutich."+strings.ReplaceAll(to, "-", "") {
					fail("recorded by %s, not by %s", c.RecordedBy, to)
				}
				ps.downHandled++
			}
		}
	}
	return ps
}

// TestProvince: a province's history has its sở and the inspectorate, its
// districts until the reform, and from 01/07/2025 twenty communes, each a
// committee with its offices, its weekly sessions, its visits, petitions
// and decisions; the province sends matters down to communes, which handle
// them, and communes send matters up, which the province takes in as
// linked petitions.
func TestProvince(t *testing.T) {
	o := Options{Petitions: 3000, Seed: 11, Level: cases.Province, Now: today}
	o.From, o.To = DefaultFrom, cases.DateOf(today)
	ps := province(t, o)
	var communes, districts, so int
	for _, u := range ps.rp.dated {
		switch {
		case u.Kind == cases.Department && (u.Parent == gialai || u.Parent == "ubnd-tinh-binh-dinh"):
			if !strings.HasPrefix(u.Name, "Sở ") && !strings.HasPrefix(u.Name, "Thanh tra tỉnh") {
				t.Errorf("department of the province %q", u.Name)
			}
			if strings.HasPrefix(u.Name, "Sở ") {
				so++
			}
		case u.Kind == cases.Department:
			if c := ps.committees[u.Parent]; c.Level != cases.Commune || !strings.HasSuffix(u.Name, strings.TrimPrefix(c.Name, "UBND ")) {
				t.Errorf("office %q under %+v", u.Name, c)
			}
		case u.Kind == cases.Lower:
			districts++
			if u.Level != cases.District || u.ValidUntil != reform-1 {
				t.Errorf("district %+v", u)
			}
		case u.Kind == cases.Own && u.Level == cases.Commune:
			communes++
			if u.ValidFrom != reform || u.Parent != gialai {
				t.Errorf("commune %+v", u)
			}
		}
	}
	if so == 0 || districts == 0 || communes != DefaultCommunes {
		t.Errorf("sở %d, districts %d, communes %d (want %d)", so, districts, communes, DefaultCommunes)
	}
	for ref, u := range ps.committees {
		n := ps.count[ref]
		if n[cases.OpSession] == 0 || n[cases.OpVisit] == 0 || n[cases.OpPetition] == 0 ||
			u.Level == cases.Commune && n[cases.OpRoute] == 0 {
			t.Errorf("%s: %d sessions, %d visits, %d petitions, %d routed to its offices",
				u.Name, n[cases.OpSession], n[cases.OpVisit], n[cases.OpPetition], n[cases.OpRoute])
		}
	}
	if ps.down == 0 || ps.downHandled == 0 || ps.up == 0 || ps.linked == 0 {
		t.Errorf("sent down %d (handled %d), sent up %d, linked %d", ps.down, ps.downHandled, ps.up, ps.linked)
	}
	t.Logf("sent down %d (events there %d), sent up %d, linked %d", ps.down, ps.downHandled, ps.up, ps.linked)
	if a, b := generate(t, o), generate(t, o); !bytes.Equal(a, b) {
		t.Error("the same options gave different output")
	}
	o.Seed++
	if c := generate(t, o); bytes.Equal(generate(t, Options{Petitions: 3000, Seed: 11, Level: cases.Province, Now: today}), c) {
		t.Error("another seed gave the same history")
	}
}

// TestProvinceOfAHundredCommunes: the benchmark's installation, over a
// half-year: a hundred communes, each with its sessions, visits and
// petitions, unit refs and names unique.
func TestProvinceOfAHundredCommunes(t *testing.T) {
	o := Options{Petitions: 20000, Seed: 3, Level: cases.Province, Communes: 100,
		From: reform, To: cases.NewDate(2025, 12, 31)}
	o.Now = o.To.End()
	if testing.Short() {
		o.Petitions = 12000
	}
	ps := province(t, o)
	names := map[string]bool{}
	communes := 0
	for ref, u := range ps.committees {
		if names[u.Name] {
			t.Errorf("two committees named %s", u.Name)
		}
		names[u.Name] = true
		if u.Level != cases.Commune {
			continue
		}
		communes++
		if n := ps.count[ref]; n[cases.OpSession] == 0 || n[cases.OpVisit] == 0 || n[cases.OpPetition] == 0 {
			t.Errorf("%s: %v", u.Name, n)
		}
	}
	if communes != 100 {
		t.Errorf("%d communes", communes)
	}
	if ps.up == 0 || ps.linked == 0 || ps.down == 0 {
		t.Errorf("sent down %d, up %d, linked %d", ps.down, ps.up, ps.linked)
	}
}

// TestCommunePlans: each commune's plan has its head receive one day a
// week, so the schedule finds no week short, and its periodic sessions are
// the days of its plan.
func TestCommunePlans(t *testing.T) {
	o := Options{Petitions: 500, Seed: 2, Level: cases.Province, From: reform, To: cases.NewDate(2026, 12, 31)}
	o.Now = o.To.End()
	plans, err := CommitteePlans(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) != DefaultCommunes {
		t.Fatalf("%d plans", len(plans))
	}
	held := map[string]map[cases.Date]bool{}
	for _, line := range lines(generate(t, o)) {
		c, _ := cases.DecodeCommand(line)
		if c.Op == cases.OpSession && c.Kind == string(cases.Periodic) {
			if held[c.Committee] == nil {
				held[c.Committee] = map[cases.Date]bool{}
			}
			d, _ := cases.ParseDate(c.Date)
			held[c.Committee][d] = true
		}
	}
	weekdays := map[time.Weekday]int{}
	for _, p := range plans {
		plan, err := workflow.LoadReception(bytes.NewReader(p.Plan))
		if err != nil {
			t.Fatalf("%s: %v", p.Committee, err)
		}
		if sf := plan.Shortfalls(nil, nil, []cases.Unit{{Ref: p.Committee, Kind: cases.Own, Level: cases.Commune}}, reform, o.To); len(sf) > 0 {
			t.Errorf("%s: %d shortfalls, the first: %s", p.Name, len(sf), sf[0].Text)
		}
		days := plan.Days(nil, reform, o.To)
		for _, sd := range days {
			if !sd.Skipped && !held[p.Committee][sd.Date] {
				t.Errorf("%s: no periodic session on %s, a day of its plan", p.Name, sd.Date)
			}
		}
		if len(held[p.Committee]) == 0 || len(days) == 0 {
			t.Errorf("%s: %d sessions held, %d days planned", p.Name, len(held[p.Committee]), len(days))
			continue
		}
		weekdays[days[0].Date.Weekday()]++
	}
	if len(weekdays) != 4 {
		t.Errorf("the communes receive on %v, not spread over the week", weekdays)
	}
}

// TestProvinceAccounts: the accounts of a province's demo are the people
// its history records at work, each in its committee: the province's desk,
// leader and the head of a sở, and the desk and chairman of the first
// three communes.
func TestProvinceAccounts(t *testing.T) {
	o := Options{Petitions: 1500, Seed: 5, Level: cases.Province, From: reform, To: cases.NewDate(2025, 12, 31)}
	o.Now = o.To.End()
	accounts, err := ProvinceAccounts(o)
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]cases.Unit{}
	recorded := map[string]map[string]bool{} // user → committees of what they recorded
	pets := map[string]string{}
	for _, line := range lines(generate(t, o)) {
		c, _ := cases.DecodeCommand(line)
		if c.Op == cases.OpUnit {
			units[c.Ref] = cases.UnitOf(&c)
			continue
		}
		committee := c.Committee
		if c.Op == cases.OpPetition {
			pets[c.Ref] = c.Committee
		}
		if c.Op == cases.OpRoute && c.To == cases.ToOther && units[c.Unit].Kind == cases.Own {
			pets[c.Petition+"."+c.Unit] = c.Unit // the linked petition the store records
		}
		if committee == "" {
			committee = pets[c.Petition]
		}
		if recorded[c.RecordedBy] == nil {
			recorded[c.RecordedBy] = map[string]bool{}
		}
		recorded[c.RecordedBy][committee] = true
	}
	byRole := map[cases.Role]int{}
	for _, a := range accounts {
		byRole[a.Role]++
		if a.Role == cases.RoleAdmin {
			continue
		}
		if u, ok := units[a.Committee]; !ok || u.Kind != cases.Own {
			t.Errorf("%s: committee %q", a.Name, a.Committee)
		}
		if a.Role == cases.RoleHead && units[a.Unit].Parent != a.Committee {
			t.Errorf("%s heads %s, not a unit of %s", a.Name, a.Unit, a.Committee)
		}
		if a.Role != cases.RoleReporter && len(recorded[a.Name]) == 0 {
			t.Errorf("%s (%s) records nothing in the history", a.Name, a.Role)
		}
		if a.Role == cases.RoleReception && len(recorded[a.Name]) != 1 || a.Role == cases.RoleReception && !recorded[a.Name][a.Committee] {
			t.Errorf("the desk %s records for %v, not %s alone", a.Name, recorded[a.Name], a.Committee)
		}
	}
	if byRole[cases.RoleReception] != 1+accountCommunes || byRole[cases.RoleLeader] != 1+accountCommunes ||
		byRole[cases.RoleReporter] != 1 || byRole[cases.RoleHead] != 1 || byRole[cases.RoleAdmin] != 1 {
		t.Errorf("accounts by role: %v", byRole)
	}
	if _, err := ProvinceAccounts(Options{Now: today}); err == nil {
		t.Error("accounts by committee for a commune's history")
	}
}
