package demo

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// testNow is a fixed "now" after the district's range.
var testNow = time.Date(2025, 3, 1, 10, 0, 0, 0, cases.Zone)

// today is a fixed "now" for the default range, after both reforms.
var today = time.Date(2026, 12, 7, 10, 0, 0, 0, cases.Zone)

// district is a district's history of the seed's years, the shape of the
// benchmarks.
func district(petitions int, seed int64) Options {
	return Options{Petitions: petitions, Seed: seed, Level: cases.District,
		From: DistrictFrom, To: DistrictTo, Now: testNow}
}

func generate(t testing.TB, o Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Generate(&b, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func lines(b []byte) [][]byte {
	return bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
}

func TestDeterministic(t *testing.T) {
	o := Options{Petitions: 1500, Seed: 7, Now: today}
	a, b := generate(t, o), generate(t, o)
	if !bytes.Equal(a, b) {
		t.Fatal("the same options gave different output")
	}
	o.Seed = 8
	if c := generate(t, o); bytes.Equal(a, c) {
		t.Fatal("a different seed gave the same output")
	}
	// The explicit default range and level are the same as the zero ones.
	o.Seed, o.From, o.To, o.Level = 7, DefaultFrom, cases.DateOf(today), cases.Commune
	if d := generate(t, o); !bytes.Equal(a, d) {
		t.Fatal("zero From/To/Level do not mean the default range and level")
	}
}

func TestOptionsRefused(t *testing.T) {
	for _, o := range []Options{
		{Petitions: -1},
		{From: cases.NewDate(2024, 1, 2), To: cases.NewDate(2024, 1, 1)},
		{From: DistrictFrom, To: DistrictTo, Now: DistrictFrom.Time().Add(time.Hour)},
		{Petitions: 10},                     // the default range ends today: Now is needed
		{Level: cases.District, Now: today}, // no district after 30/06/2025
		{Level: "ward", Now: today},
	} {
		if err := Generate(io.Discard, o); err == nil {
			t.Errorf("Generate(%+v) = nil, want an error", o)
		}
	}
}

// The petition states and transitions of SPEC §2, written independently of
// the generator.
const (
	received    = "received"
	classified  = "classified"
	routedOwn   = "routed_own"
	routedLower = "routed_lower"
	transferred = "transferred"
	archived    = "archived"
	accepted    = "accepted"
	suspended   = "suspended"
	rejected    = "rejected"
	resolved    = "resolved"
	implemented = "implemented"
	terminated  = "terminated"
)

var from = map[cases.Op][]string{
	cases.OpClassify:  {received, classified},
	cases.OpRoute:     {classified},
	cases.OpArchive:   {received, classified},
	cases.OpAccept:    {routedOwn, routedLower},
	cases.OpReject:    {routedOwn, routedLower},
	cases.OpExtend:    {accepted},
	cases.OpSuspend:   {accepted},
	cases.OpResume:    {suspended},
	cases.OpResolve:   {accepted, routedOwn, routedLower},
	cases.OpImplement: {resolved},
	cases.OpTerminate: {received, classified, routedOwn, routedLower, accepted, suspended},
}

type simPetition struct {
	state      string
	typ        cases.Type
	eligible   bool
	complex    cases.Complexity
	extensions int
	received   time.Time
	last       time.Time
	lastRec    time.Time
	visits     int
	dupOf      string
	typeChange bool
}

// replay checks a generated file line by line and returns what it saw.
type replay struct {
	t         *testing.T
	o         Options
	petitions map[string]*simPetition
	sessions  map[string]cases.Command
	units     map[string]cases.UnitKind
	dated     map[string]cases.Unit // units with their dates, ended as the store ends them
	refs      map[string]bool
	seen      map[string]int // "what=value" → count
	lines     int
}

func (rp *replay) see(what string, v any) { rp.seen[fmt.Sprintf("%s=%v", what, v)]++ }

func newReplay(t *testing.T, o Options, data []byte) *replay {
	rp := &replay{t: t, o: o, petitions: map[string]*simPetition{}, sessions: map[string]cases.Command{},
		units: map[string]cases.UnitKind{}, dated: map[string]cases.Unit{}, refs: map[string]bool{}, seen: map[string]int{}}
	end := o.To.End()
	if o.Now.Before(end) {
		end = o.Now
	}
	var lastAt time.Time
	for i, line := range lines(data) {
		rp.lines++
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("line %d: %s\n%s", i+1, fmt.Sprintf(format, args...), line)
		}
		c, err := cases.DecodeCommand(line)
		if err != nil {
			fail("decode: %v", err)
		}
		raw := c
		if err := c.Validate(o.Now); err != nil {
			fail("validate: %v", err)
		}
		// Times are already in the canonical form Validate writes.
		if c.At != raw.At || c.ReceivedAt != raw.ReceivedAt || c.RecordedAt != raw.RecordedAt {
			fail("times are not canonical")
		}
		if c.RecordedAt == "" || c.RecordedBy == "" {
			fail("no recorded_at or recorded_by")
		}
		rec, _ := cases.ParseInstant(c.RecordedAt)
		if rec.After(o.Now) {
			fail("recorded after now")
		}
		rp.see("op", c.Op)
		if c.Op == cases.OpUnit || c.Op == cases.OpUnitUntil {
			// Units come first, and again on the day a reform begins.
			if c.Op == cases.OpUnit {
				if lastAt != (time.Time{}) && (c.ValidFrom == "" || cases.DateOf(lastAt).String() >= c.ValidFrom) {
					fail("unit after the history began, not before the day it takes over")
				}
				rp.units[c.Ref] = cases.UnitKind(c.Kind)
				rp.dated[c.Ref] = cases.UnitOf(&c)
				rp.see("unit", c.Kind)
				if c.Remote {
					rp.see("remote", true)
				}
			}
			cases.EndsOf(&c, func(ref string, last cases.Date) error {
				u, ok := rp.dated[ref]
				if !ok {
					fail("ends unknown unit %s", ref)
				}
				u.EndOn(last)
				rp.dated[ref] = u
				return nil
			})
			continue
		}
		at := c.AtTime()
		if at.Before(lastAt) {
			fail("out of order: %s before %s", at, lastAt)
		}
		lastAt = at
		if !at.Before(end) {
			fail("at %s is not before the end %s", at, end)
		}
		if d := cases.DateOf(at); d < o.From {
			fail("before the range")
		}
		if c.Op != cases.OpSession && rec.Before(at) {
			fail("recorded before it happened")
		}
		if c.Op.Creates() {
			key := string(c.Op) + ":" + c.Ref
			if rp.refs[key] {
				fail("duplicate ref")
			}
			rp.refs[key] = true
		}
		switch c.Op {
		case cases.OpSession:
			rp.sessions[c.Ref] = c
			rp.see("session", c.Kind)
			if c.Delegated {
				rp.see("delegated", true)
			}
			continue
		case cases.OpPetition:
			rp.petitions[c.Ref] = &simPetition{state: received, received: at, last: at, lastRec: rec}
			rp.see("channel", c.Channel)
			if c.TransferredFrom != "" {
				fail("a linked petition written: the store records it with the route (cases.LinkedPetition)")
			}
			if c.Petitioner.Name != "Đơn nặc danh" {
				if n := c.Petitioner.IDNumber; n != "" && len(n) != 12 {
					fail("id_number %q", n)
				}
				if n := c.Petitioner.Phone; n != "" && len(n) != 10 {
					fail("phone %q", n)
				}
			}
			continue
		}
		p := rp.petitions[c.Petition]
		if p == nil {
			fail("unknown petition")
		}
		if at.Before(p.last) {
			fail("at is before the petition's previous event")
		}
		if rec.Before(p.lastRec) {
			fail("recorded_at is before the petition's previous recorded_at")
		}
		p.last, p.lastRec = at, rec
		switch c.Op {
		case cases.OpVisit:
			rp.see("visit", c.Kind)
			p.visits++
			if p.visits > 1 {
				rp.see("repeat visit", true)
				if p.state == resolved || p.state == implemented {
					rp.see("visit after resolve", true)
				}
			}
			if c.People >= 5 {
				rp.see("group", true)
			}
			if c.People >= 10 {
				rp.see("group of 10+", true)
			}
			if c.Session != "" {
				s, ok := rp.sessions[c.Session]
				if !ok {
					fail("unknown session")
				}
				if s.Kind != c.Kind || s.Date != cases.DateOf(at).String() {
					fail("visit does not match its session %+v", s)
				}
			}
			if c.FollowUpOn != "" {
				rp.see("follow_up_on", true)
				if d, _ := cases.ParseDate(c.FollowUpOn); d <= cases.DateOf(at) {
					fail("follow-up not in the future")
				}
			}
			continue
		case cases.OpDialogue:
			if d, _ := cases.ParseDate(c.On); d <= cases.DateOf(at) {
				fail("dialogue not in the future")
			}
			continue
		}
		// A workflow event.
		if !slices.Contains(from[c.Op], p.state) {
			fail("%s is not allowed from %s", c.Op, p.state)
		}
		switch c.Op {
		case cases.OpClassify:
			if p.typ != "" && p.typ != c.Type {
				p.typeChange = true
				rp.see("type changed", true)
			}
			p.typ, p.eligible, p.complex = c.Type, *c.Eligible, c.Complex
			rp.see("type", c.Type)
			rp.see("field", c.Field)
			rp.see("complex", c.Complex)
			rp.see("eligible", *c.Eligible)
			if c.Type.Adjudicated() {
				rp.see("instance", c.Instance)
			}
			p.state = classified
		case cases.OpRoute:
			rp.see("to", c.To)
			rp.see("method", c.Method)
			switch c.To {
			case cases.ToOwn, cases.ToLower:
				if !p.eligible {
					fail("an ineligible petition routed to %s", c.To)
				}
				want := cases.Department
				if c.To == cases.ToLower {
					want = cases.Lower
					if rp.dated[c.Unit].Parent != "" && rp.units[c.Unit] == cases.Own {
						want = cases.Own // a commune committee under the province (SPEC §10)
					}
				}
				if rp.units[c.Unit] != want {
					fail("unit %q is not a %s unit", c.Unit, want)
				}
				if u := rp.dated[c.Unit]; !u.InForceOn(cases.DateOf(at)) {
					fail("routed to %s, in force %s", u.Name, u.Validity())
				}
				rp.see("routed "+string(c.To)+" to level", rp.dated[u0(rp, c.Unit)].Level)
				p.state = map[cases.Destination]string{cases.ToOwn: routedOwn, cases.ToLower: routedLower}[c.To]
			default:
				p.state = transferred
				if rp.units[c.Unit] == cases.Own {
					// A commune's matter sent up to the province (SPEC
					// §10): the store records the province's linked
					// petition with the route, as cases.LinkedPetition
					// names it; the province's events name that one.
					linked := c.Petition + "." + c.Unit
					if rp.petitions[linked] != nil {
						fail("sent up twice")
					}
					rp.petitions[linked] = &simPetition{state: received, received: at, last: at, lastRec: rec}
					rp.see("linked", true)
				}
			}
		case cases.OpArchive:
			rp.see("archive", c.Reason)
			if c.Reason == string(cases.Duplicate) {
				q := rp.petitions[c.DuplicateOf]
				if q == nil {
					fail("duplicate_of names no earlier petition")
				}
				p.dupOf = c.DuplicateOf
				if q.dupOf != "" {
					rp.see("duplicate chain", true)
				}
			}
			if c.Reason == string(cases.NotEligible) && p.eligible {
				fail("archived not_eligible while eligible")
			}
			p.state = archived
		case cases.OpAccept:
			if !p.typ.Adjudicated() {
				fail("accept of a %s", p.typ)
			}
			p.state = accepted
		case cases.OpReject:
			p.state = rejected
		case cases.OpExtend:
			p.extensions++
			budget := map[cases.Complexity]int{cases.Complex: 1, cases.VeryComplex: 2}[p.complex]
			if p.typ != cases.Denunciation || p.extensions > budget {
				fail("extension %d of a %s %s", p.extensions, p.complex, p.typ)
			}
			rp.see("extensions", p.extensions)
		case cases.OpSuspend:
			// Luật 136/2025: a complaint's resolution is suspended only
			// from 01/07/2026; workflow.Decide refuses it before.
			if p.typ == cases.Complaint && cases.DateOf(at) < cases.NewDate(2026, 7, 1) {
				fail("a complaint suspended on %s, before 01/07/2026", cases.DateOf(at))
			}
			p.state = suspended
		case cases.OpResume:
			p.state = accepted
		case cases.OpResolve:
			rp.see("verdict", c.Verdict)
			if p.typ.Adjudicated() != (p.state == accepted) || p.typ.Adjudicated() == (c.Verdict == cases.Answered) {
				fail("resolve %s of a %s from %s", c.Verdict, p.typ, p.state)
			}
			p.state = resolved
		case cases.OpImplement:
			if !p.typ.Adjudicated() {
				fail("implement of a %s", p.typ)
			}
			p.state = implemented
		case cases.OpTerminate:
			rp.see("terminate", c.Reason)
			rp.see("terminate from", p.state)
			p.state = terminated
		}
	}
	for _, p := range rp.petitions {
		rp.see("final", p.state)
	}
	return rp
}

// u0 is the committee unit ref belongs to: itself or its parent.
func u0(rp *replay, ref string) string {
	if p := rp.dated[ref].Parent; p != "" && rp.units[ref] == cases.Department {
		return p
	}
	return ref
}

func TestReplay(t *testing.T) {
	// 6,000 petitions: only denunciations are suspended before 2026, so a
	// suspended case that is then terminated needs a longer history.
	o := district(6000, 42)
	rp := newReplay(t, o, generate(t, o))
	if len(rp.petitions) != o.Petitions {
		t.Errorf("%d petitions, want %d", len(rp.petitions), o.Petitions)
	}
	want := []string{}
	for _, op := range cases.Ops {
		// A district's history ends before the reform: it ends no
		// unit.
		if op == cases.OpUnitUntil {
			continue
		}
		// Nor does it record a leader's secret decision yet (the demo is
		// another part of issue 15).
		if op == cases.OpSecret {
			continue
		}
		want = append(want, "op="+string(op))
	}
	add := func(what string, vs ...any) {
		for _, v := range vs {
			want = append(want, fmt.Sprintf("%s=%v", what, v))
		}
	}
	add("visit", cases.Regular, cases.Periodic, cases.AdHoc)
	add("session", cases.Periodic, cases.AdHoc)
	add("channel", cases.ByReception, cases.ByMail, cases.Online, cases.TransferredIn)
	add("type", cases.Complaint, cases.Denunciation, cases.Recommendation, cases.Reflection)
	add("field", cases.FieldLand, cases.FieldHousing, cases.FieldPolicy, cases.FieldCivilService,
		cases.FieldCorruption, cases.FieldJudicial, cases.FieldParty, cases.FieldOther)
	add("complex", cases.Simple, cases.Complex, cases.VeryComplex)
	add("instance", 1, 2)
	add("eligible", true, false)
	add("verdict", cases.Correct, cases.Incorrect, cases.PartlyCorrect, cases.Answered)
	add("archive", cases.Duplicate, cases.Anonymous, cases.Unclear, cases.NotEligible, cases.OtherReason)
	add("to", cases.ToOwn, cases.ToLower, cases.ToJudicial, cases.ToOther)
	add("method", cases.Assign, cases.Guide, cases.Transfer, cases.Urge)
	add("terminate", cases.Withdrawn, cases.OtherTerminate)
	add("terminate from", received, classified, routedOwn, routedLower, accepted, suspended)
	add("extensions", 1, 2)
	add("unit", cases.Own, cases.Department, cases.Lower)
	add("final", received, classified, routedOwn, routedLower, transferred, archived, accepted,
		rejected, resolved, implemented, terminated)
	add("remote", true)
	add("delegated", true)
	add("group", true)
	add("group of 10+", true)
	add("repeat visit", true)
	add("visit after resolve", true)
	add("follow_up_on", true)
	add("duplicate chain", true)
	add("type changed", true)
	var missing []string
	for _, w := range want {
		if rp.seen[w] == 0 {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		t.Errorf("never generated: %s", strings.Join(missing, ", "))
	}
	t.Logf("%d lines, %.1f a petition", rp.lines, float64(rp.lines)/float64(o.Petitions))
	keys := make([]string, 0, len(rp.seen))
	for k := range rp.seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var sb strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&sb, "%s: %d\n", k, rp.seen[k])
	}
	t.Log("\n" + sb.String())
}

// TestShortRanges replays histories cut by Now inside the range, over one
// month, and with no petitions at all.
func TestShortRanges(t *testing.T) {
	for _, o := range []Options{
		{Petitions: 800, Seed: 3, Now: time.Date(2023, 6, 14, 9, 15, 0, 0, cases.Zone)},
		{Petitions: 300, Seed: 4, From: cases.NewDate(2023, 2, 1), To: cases.NewDate(2023, 2, 28),
			Now: time.Date(2023, 2, 28, 17, 0, 0, 0, cases.Zone)},
		{Petitions: 0, Seed: 5, Now: testNow},
		{Petitions: 200, Seed: 6, From: cases.NewDate(2027, 1, 1), To: cases.NewDate(2027, 12, 31)},
		{Petitions: 200, Seed: 7, Level: cases.Province, From: cases.NewDate(2025, 9, 1), To: cases.NewDate(2025, 12, 31)},
	} {
		if o.From == 0 {
			o.From, o.To = DistrictFrom, DistrictTo
		}
		if o.Now.IsZero() {
			o.Now = o.To.End()
		}
		rp := newReplay(t, o, generate(t, o))
		if n := len(rp.petitions) - rp.seen["linked=true"]; n != o.Petitions {
			t.Errorf("%+v: %d petitions besides those sent up", o, n)
		}
	}
}

// TestMemory generates 200,000 petitions into io.Discard and checks that the
// heap stays small: memory follows the petitions in flight, not the total.
func TestMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	peak := func(n int) uint64 {
		runtime.GC()
		w := &heapWatch{}
		start := time.Now()
		if err := Generate(w, district(n, 1)); err != nil {
			t.Fatal(err)
		}
		t.Logf("%d petitions: %d lines in %v, peak heap %.1f MiB", n, w.lines, time.Since(start).Round(time.Millisecond), float64(w.peak)/(1<<20))
		return w.peak
	}
	p := peak(200_000)
	if p > 96<<20 {
		t.Errorf("peak heap %d MiB", p>>20)
	}
}

// heapWatch discards what it is given and samples the heap now and then.
type heapWatch struct {
	lines, n int
	peak     uint64
}

func (w *heapWatch) Write(b []byte) (int, error) {
	w.lines += bytes.Count(b, []byte("\n"))
	if w.n++; w.n%64 == 0 {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		w.peak = max(w.peak, m.HeapAlloc)
	}
	return len(b), nil
}

func BenchmarkGenerate(b *testing.B) {
	const n = 10_000
	var lines int
	for b.Loop() {
		w := &countWriter{}
		bw := bufio.NewWriter(w)
		if err := Generate(bw, district(n, 1)); err != nil {
			b.Fatal(err)
		}
		bw.Flush()
		lines += w.lines
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(lines)/float64(b.N)/n, "lines/petition")
}

type countWriter struct{ lines int }

func (w *countWriter) Write(b []byte) (int, error) {
	w.lines += bytes.Count(b, []byte("\n"))
	return len(b), nil
}
