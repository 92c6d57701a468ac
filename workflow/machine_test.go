package workflow

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The expected workflow, written from SPEC §2 independently of machineTable:
// for each state, the steps it allows and where they lead. A step is an op,
// and for route the op and its destination. Steps not listed are refused.
var specWorkflow = map[cases.State]map[string]cases.State{
	cases.Received: {
		"classify":  cases.Classified,
		"archive":   cases.Archived,
		"terminate": cases.Terminated,
	},
	cases.Classified: {
		"classify":       cases.Classified,
		"route:own":      cases.RoutedOwn,
		"route:lower":    cases.RoutedLower,
		"route:judicial": cases.Transferred,
		"route:other":    cases.Transferred,
		"archive":        cases.Archived,
		"terminate":      cases.Terminated,
	},
	cases.RoutedOwn: {
		"accept":    cases.Accepted,
		"reject":    cases.Rejected,
		"resolve":   cases.Resolved,
		"terminate": cases.Terminated,
	},
	cases.RoutedLower: {
		"accept":    cases.Accepted,
		"reject":    cases.Rejected,
		"resolve":   cases.Resolved,
		"terminate": cases.Terminated,
	},
	cases.Transferred: {},
	cases.Archived:    {},
	cases.Accepted: {
		"extend":    cases.Accepted,
		"suspend":   cases.Suspended,
		"resolve":   cases.Resolved,
		"terminate": cases.Terminated,
	},
	cases.Suspended: {
		"resume":    cases.Accepted,
		"terminate": cases.Terminated,
	},
	cases.Rejected:    {},
	cases.Resolved:    {"implement": cases.Implemented},
	cases.Implemented: {},
	cases.Terminated:  {},
}

// walkSteps are the steps of the walk: every workflow event, route once per
// destination.
var walkSteps = []struct {
	name string
	op   cases.Op
	to   cases.Destination
}{
	{"classify", cases.OpClassify, ""},
	{"route:own", cases.OpRoute, cases.ToOwn},
	{"route:lower", cases.OpRoute, cases.ToLower},
	{"route:judicial", cases.OpRoute, cases.ToJudicial},
	{"route:other", cases.OpRoute, cases.ToOther},
	{"archive", cases.OpArchive, ""},
	{"accept", cases.OpAccept, ""},
	{"reject", cases.OpReject, ""},
	{"extend", cases.OpExtend, ""},
	{"suspend", cases.OpSuspend, ""},
	{"resume", cases.OpResume, ""},
	{"resolve", cases.OpResolve, ""},
	{"implement", cases.OpImplement, ""},
	{"terminate", cases.OpTerminate, ""},
}

var (
	// firstAt is when the test petitions were received and last moved.
	firstAt = time.Date(2023, 3, 1, 8, 0, 0, 0, cases.Zone)
	// nowAt is when the test commands are received.
	nowAt = time.Date(2024, 1, 1, 8, 0, 0, 0, cases.Zone)
)

// memLookup is an in-memory cases.Lookup. When fail is set, every read
// returns it, as a broken database would.
type memLookup struct {
	petitions map[string]*cases.Petition
	units     map[string]*cases.Unit
	sessions  map[string]*cases.Session
	fail      error
}

func (l *memLookup) Petition(_ context.Context, ref string) (*cases.Petition, error) {
	if l.fail != nil {
		return nil, l.fail
	}
	if p, ok := l.petitions[ref]; ok {
		return p, nil
	}
	return nil, cases.Errorf(cases.ENotFound, "petition %s not found", ref)
}

func (l *memLookup) Unit(_ context.Context, ref string) (*cases.Unit, error) {
	if l.fail != nil {
		return nil, l.fail
	}
	if u, ok := l.units[ref]; ok {
		return u, nil
	}
	return nil, cases.Errorf(cases.ENotFound, "unit %s not found", ref)
}

func (l *memLookup) Session(_ context.Context, ref string) (*cases.Session, error) {
	if l.fail != nil {
		return nil, l.fail
	}
	if s, ok := l.sessions[ref]; ok {
		return s, nil
	}
	return nil, cases.Errorf(cases.ENotFound, "session %s not found", ref)
}

func (l *memLookup) OwnUnits(_ context.Context) ([]cases.Unit, error) {
	if l.fail != nil {
		return nil, l.fail
	}
	var out []cases.Unit
	for _, u := range l.units {
		if u.Kind == cases.Own {
			out = append(out, *u)
		}
	}
	return out, nil
}

// newMemLookup returns a lookup with the committee, a department, a lower
// committee and a periodic session on 9 March 2023.
func newMemLookup() *memLookup {
	return &memLookup{
		petitions: map[string]*cases.Petition{},
		units: map[string]*cases.Unit{
			"UBND": {Ref: "UBND", Name: "UBND huyện", Kind: cases.Own},
			"TNMT": {Ref: "TNMT", Name: "Phòng Tài nguyên và Môi trường", Kind: cases.Department, Parent: "UBND"},
			"XA-A": {Ref: "XA-A", Name: "UBND xã A", Kind: cases.Lower, Parent: "UBND"},
		},
		sessions: map[string]*cases.Session{
			"S-09": {Ref: "S-09", Kind: cases.Periodic, Date: cases.NewDate(2023, 3, 9), PresidedBy: "Chủ tịch"},
			"S-AD": {Ref: "S-AD", Kind: cases.AdHoc, Date: cases.NewDate(2023, 3, 15), PresidedBy: "Phó Chủ tịch"},
		},
	}
}

// petitionIn returns petition P-1 of type t in state s, eligible and very
// complex, last moved at firstAt.
func petitionIn(s cases.State, t cases.Type) *cases.Petition {
	p := &cases.Petition{
		Ref: "P-1", ReceivedAt: firstAt, Channel: cases.ByReception, People: 1,
		Petitioner: cases.Person{Name: "Nguyễn Văn A"}, Summary: "tranh chấp đất",
		State: s, Version: 2, LastAt: firstAt,
	}
	if s != cases.Received {
		p.Type, p.Field, p.Eligible, p.Complex = t, cases.FieldLand, true, cases.VeryComplex
		if t.Adjudicated() {
			p.Instance = 1
		}
	}
	return p
}

// machineCommand returns a valid command for op on P-1 at firstAt plus an hour, with
// fields filled so that guards pass; edit changes it before validation.
func machineCommand(t *testing.T, op cases.Op, edit func(*cases.Command)) *cases.Command {
	t.Helper()
	c := &cases.Command{Op: op, Petition: "P-1", At: firstAt.Add(time.Hour).Format(time.RFC3339)}
	switch op {
	case cases.OpClassify:
		yes := true
		c.Type, c.Field, c.Eligible, c.Complex = cases.Denunciation, cases.FieldLand, &yes, cases.VeryComplex
	case cases.OpRoute:
		c.To, c.Unit, c.Method = cases.ToOwn, "TNMT", cases.Assign
	case cases.OpArchive:
		c.Reason = string(cases.Anonymous)
	case cases.OpReject:
		c.Reason = "không đủ điều kiện thụ lý"
	case cases.OpSuspend:
		c.Reason = "chờ kết quả giám định"
	case cases.OpTerminate:
		c.Reason = string(cases.Withdrawn)
	case cases.OpExtend:
		c.Days = 30
	case cases.OpResolve:
		c.Verdict, c.Decision = cases.Correct, "123/QĐ-UBND"
	}
	if edit != nil {
		edit(c)
	}
	if err := c.Validate(nowAt); err != nil {
		t.Fatalf("test command %s is invalid: %v", op, err)
	}
	return c
}

// routeTo edits a route to go to destination to, naming a unit of the
// right kind (or an agency).
func routeTo(to cases.Destination) func(*cases.Command) {
	units := map[cases.Destination]string{
		cases.ToOwn: "TNMT", cases.ToLower: "XA-A",
		cases.ToJudicial: "Tòa án nhân dân huyện", cases.ToOther: "Thanh tra tỉnh",
	}
	return func(c *cases.Command) { c.To, c.Unit = to, units[to] }
}

// wantRefusal fails unless err is a *cases.Error with the code and, when
// given, the field and a message containing each of the parts.
func wantRefusal(t *testing.T, err error, code, field string, parts ...string) *cases.Error {
	t.Helper()
	var e *cases.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want a *cases.Error with code %s", err, code)
	}
	if e.Code != code {
		t.Errorf("code = %s, want %s (%v)", e.Code, code, err)
	}
	if field != "" && e.Field != field {
		t.Errorf("field = %q, want %q (%v)", e.Field, field, err)
	}
	for _, part := range parts {
		if !strings.Contains(e.Message, part) {
			t.Errorf("message %q does not contain %q", e.Message, part)
		}
	}
	return e
}

func TestMachineWalksEveryStateAndEvent(t *testing.T) {
	if len(cases.States) != 12 || len(specWorkflow) != len(cases.States) {
		t.Fatalf("the walk covers %d states, cases has %d", len(specWorkflow), len(cases.States))
	}
	var ops []cases.Op
	for _, s := range walkSteps {
		if !slices.Contains(ops, s.op) {
			ops = append(ops, s.op)
		}
	}
	if !slices.Equal(ops, cases.WorkflowEvents) {
		t.Fatalf("the walk covers events %v, cases has %v", ops, cases.WorkflowEvents)
	}

	look := newMemLookup()
	for _, state := range cases.States {
		allowed, ok := specWorkflow[state]
		if !ok {
			t.Fatalf("state %s is missing from the expected workflow", state)
		}
		for _, step := range walkSteps {
			t.Run(string(state)+"/"+step.name, func(t *testing.T) {
				// A denunciation passes every guard but one: resolving where it
				// was routed, which only recommendations and reflections do.
				typ := cases.Denunciation
				routed := state == cases.RoutedOwn || state == cases.RoutedLower
				if step.op == cases.OpResolve && routed {
					typ = cases.Recommendation
				}
				p := petitionIn(state, typ)
				before := *p
				c := machineCommand(t, step.op, func(c *cases.Command) {
					if step.op == cases.OpRoute {
						routeTo(step.to)(c)
					}
					if typ == cases.Recommendation {
						c.Verdict = cases.Answered
					}
				})

				got, err := Decide(context.Background(), c, p, look)
				target, inTable := Target(state, c)
				want, allow := allowed[step.name]
				if !reflect.DeepEqual(*p, before) {
					t.Errorf("Decide changed the petition: %+v", *p)
				}
				if allow {
					if err != nil {
						t.Fatalf("Decide: %v, want %s", err, want)
					}
					if got != want {
						t.Errorf("Decide = %s, want %s", got, want)
					}
					if !inTable || target != want {
						t.Errorf("Target = %s, %v, want %s, true", target, inTable, want)
					}
					if !slices.Contains(Allowed(p), step.op) {
						t.Errorf("Allowed = %v, lacks %s", Allowed(p), step.op)
					}
					return
				}
				e := wantRefusal(t, err, cases.EConflict, "",
					"petition P-1 is "+string(state)+": "+string(step.op)+" is not allowed")
				if got != "" {
					t.Errorf("Decide = %q with a refusal, want \"\"", got)
				}
				if inTable {
					t.Errorf("Target = %s, true, want false", target)
				}
				if slices.Contains(Allowed(p), step.op) {
					t.Errorf("Allowed = %v, has %s", Allowed(p), step.op)
				}
				if !slices.Equal(e.Allowed, opStrings(Allowed(p))) {
					t.Errorf("error lists allowed %v, Allowed says %v", e.Allowed, Allowed(p))
				}
			})
		}
	}
}

func opStrings(ops []cases.Op) []string {
	s := []string{}
	for _, op := range ops {
		s = append(s, string(op))
	}
	return s
}

func TestMachineCallbacksNameKnownEvents(t *testing.T) {
	// looplab/fsm ignores a callback whose key names no event: check them all.
	events := map[string]bool{}
	for _, e := range machineTable {
		events[e.Name] = true
	}
	for key := range guards(func() *decision { return nil }) {
		name, ok := strings.CutPrefix(key, "before_")
		if !ok || !events[name] {
			t.Errorf("callback %q names no event of the table", key)
		}
	}
}

func TestMachineEventNamesMapBackToOps(t *testing.T) {
	for _, e := range machineTable {
		if op := machineOp(e.Name); !slices.Contains(cases.WorkflowEvents, op) {
			t.Errorf("event %q maps to op %q, which is no workflow event", e.Name, op)
		}
	}
}

func TestDecideConflictMessage(t *testing.T) {
	p := petitionIn(cases.Accepted, cases.Denunciation)
	_, err := Decide(context.Background(), machineCommand(t, cases.OpRoute, nil), p, newMemLookup())
	e := wantRefusal(t, err, cases.EConflict, "")
	const want = "petition P-1 is accepted: route is not allowed (allowed: extend, suspend, resolve, terminate)"
	if e.Message != want {
		t.Errorf("message = %q, want %q", e.Message, want)
	}
	if !slices.Equal(e.Allowed, []string{"extend", "suspend", "resolve", "terminate"}) {
		t.Errorf("Allowed = %v", e.Allowed)
	}

	p = petitionIn(cases.Implemented, cases.Complaint)
	_, err = Decide(context.Background(), machineCommand(t, cases.OpTerminate, nil), p, newMemLookup())
	wantRefusal(t, err, cases.EConflict, "", "petition P-1 is implemented: terminate is not allowed (no event is allowed)")
}

func TestDecideUnknownPetition(t *testing.T) {
	c := machineCommand(t, cases.OpAccept, func(c *cases.Command) { c.Petition = "P-404" })
	_, err := Decide(context.Background(), c, nil, newMemLookup())
	wantRefusal(t, err, cases.ENotFound, "", "petition P-404 not found")
}

func TestDecideAtBeforePreviousEvent(t *testing.T) {
	p := petitionIn(cases.Accepted, cases.Denunciation)
	p.LastAt = firstAt.Add(2 * time.Hour)
	earlier := machineCommand(t, cases.OpSuspend, func(c *cases.Command) { c.At = firstAt.Add(time.Hour).Format(time.RFC3339) })
	_, err := Decide(context.Background(), earlier, p, newMemLookup())
	wantRefusal(t, err, cases.EConflict, "", "at 2023-03-01T09:00:00+07:00 is earlier than the petition's previous event at 2023-03-01T10:00:00+07:00")

	same := machineCommand(t, cases.OpSuspend, func(c *cases.Command) { c.At = p.LastAt.Format(time.RFC3339) })
	if got, err := Decide(context.Background(), same, p, newMemLookup()); err != nil || got != cases.Suspended {
		t.Errorf("at equal to the previous event: Decide = %s, %v, want suspended", got, err)
	}
}

func TestDecideRouteIneligible(t *testing.T) {
	for _, tt := range []struct {
		to   cases.Destination
		want cases.State
	}{
		{cases.ToOwn, ""},
		{cases.ToLower, ""},
		{cases.ToJudicial, cases.Transferred},
		{cases.ToOther, cases.Transferred},
	} {
		t.Run(string(tt.to), func(t *testing.T) {
			p := petitionIn(cases.Classified, cases.Complaint)
			p.Eligible = false
			got, err := Decide(context.Background(), machineCommand(t, cases.OpRoute, routeTo(tt.to)), p, newMemLookup())
			if tt.want != "" {
				if err != nil || got != tt.want {
					t.Fatalf("Decide = %s, %v, want %s", got, err, tt.want)
				}
				return
			}
			wantRefusal(t, err, cases.EConflict, "", "petition P-1 is classified: route is not allowed", "not eligible")
		})
	}
}

func TestDecideRouteUnit(t *testing.T) {
	for _, tt := range []struct {
		name  string
		to    cases.Destination
		unit  string
		code  string
		field string
		want  cases.State
	}{
		{"own to a department", cases.ToOwn, "TNMT", "", "", cases.RoutedOwn},
		{"lower to a lower committee", cases.ToLower, "XA-A", "", "", cases.RoutedLower},
		{"own to a lower committee", cases.ToOwn, "XA-A", cases.EInvalid, "unit", ""},
		{"own to the committee itself", cases.ToOwn, "UBND", cases.EInvalid, "unit", ""},
		{"lower to a department", cases.ToLower, "TNMT", cases.EInvalid, "unit", ""},
		{"own to an unknown unit", cases.ToOwn, "PB-X", cases.ENotFound, "unit", ""},
		{"lower to an unknown unit", cases.ToLower, "XA-Z", cases.ENotFound, "unit", ""},
		{"judicial names an agency", cases.ToJudicial, "Tòa án nhân dân huyện", "", "", cases.Transferred},
		{"other names an agency", cases.ToOther, "Sở Tài nguyên và Môi trường", "", "", cases.Transferred},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := machineCommand(t, cases.OpRoute, func(c *cases.Command) { c.To, c.Unit = tt.to, tt.unit })
			got, err := Decide(context.Background(), c, petitionIn(cases.Classified, cases.Complaint), newMemLookup())
			if tt.code != "" {
				wantRefusal(t, err, tt.code, tt.field, tt.unit)
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Decide = %s, %v, want %s", got, err, tt.want)
			}
		})
	}
}

func TestDecideRouteToAgencyReadsNoUnit(t *testing.T) {
	look := newMemLookup()
	look.fail = errors.New("database is locked")
	c := machineCommand(t, cases.OpRoute, routeTo(cases.ToJudicial))
	if got, err := Decide(context.Background(), c, petitionIn(cases.Classified, cases.Complaint), look); err != nil || got != cases.Transferred {
		t.Errorf("Decide = %s, %v, want transferred without reading", got, err)
	}
}

func TestDecideAcceptType(t *testing.T) {
	for _, tt := range []struct {
		typ cases.Type
		ok  bool
	}{
		{cases.Complaint, true},
		{cases.Denunciation, true},
		{cases.Recommendation, false},
		{cases.Reflection, false},
	} {
		for _, from := range []cases.State{cases.RoutedOwn, cases.RoutedLower} {
			t.Run(string(tt.typ)+"/"+string(from), func(t *testing.T) {
				p := petitionIn(from, tt.typ)
				got, err := Decide(context.Background(), machineCommand(t, cases.OpAccept, nil), p, newMemLookup())
				if tt.ok {
					if err != nil || got != cases.Accepted {
						t.Errorf("Decide = %s, %v, want accepted", got, err)
					}
					return
				}
				e := wantRefusal(t, err, cases.EConflict, "", "accept is not allowed", "only complaints and denunciations", string(tt.typ))
				if slices.Contains(e.Allowed, "accept") {
					t.Errorf("the refusal lists accept as allowed: %v", e.Allowed)
				}
			})
		}
	}
}

func TestDecideExtendLimits(t *testing.T) {
	for _, tt := range []struct {
		typ     cases.Type
		complex cases.Complexity
		done    int // extensions already recorded
		ok      bool
		why     string
	}{
		{cases.Denunciation, cases.Simple, 0, false, "not complex"},
		{cases.Denunciation, cases.Complex, 0, true, ""},
		{cases.Denunciation, cases.Complex, 1, false, "already extended once"},
		{cases.Denunciation, cases.VeryComplex, 0, true, ""},
		{cases.Denunciation, cases.VeryComplex, 1, true, ""},
		{cases.Denunciation, cases.VeryComplex, 2, false, "already extended twice"},
		{cases.Complaint, cases.VeryComplex, 0, false, "only denunciations"},
		{cases.Complaint, cases.Simple, 0, false, "only denunciations"},
	} {
		t.Run(string(tt.typ)+"/"+string(tt.complex), func(t *testing.T) {
			p := petitionIn(cases.Accepted, tt.typ)
			p.Complex, p.Extensions, p.ExtensionDays = tt.complex, tt.done, 30*tt.done
			got, err := Decide(context.Background(), machineCommand(t, cases.OpExtend, nil), p, newMemLookup())
			if slices.Contains(Allowed(p), cases.OpExtend) != tt.ok {
				t.Errorf("Allowed = %v, extend allowed should be %v", Allowed(p), tt.ok)
			}
			if tt.ok {
				if err != nil || got != cases.Accepted {
					t.Errorf("Decide = %s, %v, want accepted", got, err)
				}
				return
			}
			wantRefusal(t, err, cases.EConflict, "", "petition P-1 is accepted: extend is not allowed", tt.why)
		})
	}
}

func TestDecideExtendSequence(t *testing.T) {
	// A very complex denunciation is extended twice, through the fold.
	p := petitionIn(cases.Accepted, cases.Denunciation)
	look := newMemLookup()
	for i := 1; i <= 3; i++ {
		c := machineCommand(t, cases.OpExtend, func(c *cases.Command) {
			c.At = firstAt.Add(time.Duration(i) * time.Hour).Format(time.RFC3339)
		})
		got, err := Decide(context.Background(), c, p, look)
		if i == 3 {
			wantRefusal(t, err, cases.EConflict, "", "already extended twice")
			return
		}
		if err != nil {
			t.Fatalf("extension %d: %v", i, err)
		}
		p.Apply(c, got)
	}
}

func TestDecideResolve(t *testing.T) {
	for _, tt := range []struct {
		name    string
		from    cases.State
		typ     cases.Type
		verdict cases.Verdict
		code    string
		field   string
		why     string
	}{
		{"accepted complaint, correct", cases.Accepted, cases.Complaint, cases.Correct, "", "", ""},
		{"accepted denunciation, partly correct", cases.Accepted, cases.Denunciation, cases.PartlyCorrect, "", "", ""},
		{"accepted complaint, incorrect", cases.Accepted, cases.Complaint, cases.Incorrect, "", "", ""},
		{"accepted complaint, answered", cases.Accepted, cases.Complaint, cases.Answered, cases.EInvalid, "verdict", "not answered"},
		{"routed recommendation, answered", cases.RoutedOwn, cases.Recommendation, cases.Answered, "", "", ""},
		{"routed reflection, answered", cases.RoutedLower, cases.Reflection, cases.Answered, "", "", ""},
		{"routed recommendation, correct", cases.RoutedOwn, cases.Recommendation, cases.Correct, cases.EInvalid, "verdict", "with answered"},
		{"routed complaint, before accept", cases.RoutedOwn, cases.Complaint, cases.Correct, cases.EConflict, "", "only after it is accepted"},
		{"routed denunciation, before accept", cases.RoutedLower, cases.Denunciation, cases.Incorrect, cases.EConflict, "", "only after it is accepted"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := petitionIn(tt.from, tt.typ)
			c := machineCommand(t, cases.OpResolve, func(c *cases.Command) { c.Verdict = tt.verdict })
			got, err := Decide(context.Background(), c, p, newMemLookup())
			if tt.code != "" {
				wantRefusal(t, err, tt.code, tt.field, tt.why)
				return
			}
			if err != nil || got != cases.Resolved {
				t.Errorf("Decide = %s, %v, want resolved", got, err)
			}
		})
	}
}

func TestDecideImplementType(t *testing.T) {
	for _, typ := range []cases.Type{cases.Complaint, cases.Denunciation, cases.Recommendation, cases.Reflection} {
		p := petitionIn(cases.Resolved, typ)
		got, err := Decide(context.Background(), machineCommand(t, cases.OpImplement, nil), p, newMemLookup())
		if typ.Adjudicated() {
			if err != nil || got != cases.Implemented {
				t.Errorf("%s: Decide = %s, %v, want implemented", typ, got, err)
			}
			continue
		}
		wantRefusal(t, err, cases.EConflict, "", "implement is not allowed", string(typ))
	}
}

func TestDecideArchiveDuplicate(t *testing.T) {
	look := newMemLookup()
	dup := func(ref, of string) *cases.Petition {
		p := petitionIn(cases.Archived, cases.Complaint)
		p.Ref, p.Archive, p.DuplicateOf = ref, cases.Duplicate, of
		return p
	}
	look.petitions["P-2"] = petitionIn(cases.Accepted, cases.Complaint) // the original
	look.petitions["P-2"].Ref = "P-2"
	look.petitions["P-3"] = dup("P-3", "P-2") // a duplicate of the original
	look.petitions["P-4"] = dup("P-4", "P-1") // a duplicate of the petition being archived
	look.petitions["P-5"] = dup("P-5", "P-4") // a duplicate of that duplicate
	other := petitionIn(cases.Archived, cases.Complaint)
	other.Ref, other.Archive = "P-6", cases.Anonymous // archived, not as a duplicate
	look.petitions["P-6"] = other

	for _, tt := range []struct {
		of   string
		code string
		want string
	}{
		{"P-2", "", ""},
		{"P-3", "", ""},
		{"P-6", "", ""},
		{"P-4", cases.EConflict, "P-1 → P-4 → P-1"},
		{"P-5", cases.EConflict, "P-1 → P-5 → P-4 → P-1"},
		{"P-404", cases.ENotFound, "petition P-404 not found"},
	} {
		t.Run(tt.of, func(t *testing.T) {
			c := machineCommand(t, cases.OpArchive, func(c *cases.Command) {
				c.Reason, c.DuplicateOf = string(cases.Duplicate), tt.of
			})
			got, err := Decide(context.Background(), c, petitionIn(cases.Received, ""), look)
			if tt.code == "" {
				if err != nil || got != cases.Archived {
					t.Errorf("Decide = %s, %v, want archived", got, err)
				}
				return
			}
			field := ""
			if tt.code == cases.ENotFound {
				field = "duplicate_of"
			}
			wantRefusal(t, err, tt.code, field, tt.want)
		})
	}
}

func TestDecideLookupFailure(t *testing.T) {
	look := newMemLookup()
	look.fail = errors.New("disk I/O error")
	for _, c := range []*cases.Command{
		machineCommand(t, cases.OpRoute, nil),
		machineCommand(t, cases.OpArchive, func(c *cases.Command) { c.Reason, c.DuplicateOf = string(cases.Duplicate), "P-2" }),
	} {
		from := cases.Classified
		_, err := Decide(context.Background(), c, petitionIn(from, cases.Complaint), look)
		if !errors.Is(err, look.fail) || cases.ErrorCode(err) != cases.EInternal {
			t.Errorf("%s: error = %v, want the lookup's error, internal", c.Op, err)
		}
	}
}

// TestDecideConcurrent decides every workflow event from every state, for
// each type, first in turn and then from many goroutines at once, and wants
// the same answers both ways. The machines are pooled and their guards read
// the decision at hand, so a machine shared by two commands at once would
// judge one with the other's petition; the types make the guards' answers
// differ, so such a mix-up shows. Run with -race, it also finds writes to the
// shared tables.
func TestDecideConcurrent(t *testing.T) {
	look := newMemLookup()
	// The commands are built here: machineCommand may stop the test, which
	// only the test's goroutine may do.
	commands := make([]*cases.Command, len(walkSteps))
	for i, step := range walkSteps {
		commands[i] = machineCommand(t, step.op, func(c *cases.Command) {
			if step.op == cases.OpRoute {
				routeTo(step.to)(c)
			}
		})
	}
	type input struct {
		state cases.State
		typ   cases.Type
		step  int
	}
	var inputs []input
	for _, s := range cases.States {
		for _, typ := range []cases.Type{cases.Complaint, cases.Denunciation, cases.Recommendation} {
			for step := range walkSteps {
				inputs = append(inputs, input{s, typ, step})
			}
		}
	}
	answer := func(in input) string {
		p := petitionIn(in.state, in.typ)
		to, err := Decide(context.Background(), commands[in.step], p, look)
		return fmt.Sprintf("to %q, err %v, allowed %v", to, err, Allowed(p))
	}
	want := make([]string, len(inputs))
	distinct := map[string]bool{}
	for i, in := range inputs {
		want[i] = answer(in)
		distinct[want[i]] = true
	}
	if len(distinct) < 10 {
		t.Fatalf("only %d distinct answers: a mix-up between decisions would not show", len(distinct))
	}

	const workers, rounds = 8, 2
	got := make([][]string, workers)
	var wg sync.WaitGroup
	for w := range workers {
		got[w] = make([]string, len(inputs))
		wg.Go(func() {
			for r := range rounds {
				// Each worker starts at another input, so that different
				// decisions run side by side.
				for k := range inputs {
					i := (k + w*len(inputs)/workers) % len(inputs)
					a := answer(inputs[i])
					if r == 0 || a != want[i] {
						got[w][i] = a
					}
				}
			}
		})
	}
	wg.Wait()
	failures := 0
	for w := range workers {
		for i, in := range inputs {
			if got[w][i] != want[i] && failures < 5 {
				failures++
				t.Errorf("worker %d, %s from %s (%s): %s; in turn: %s",
					w, walkSteps[in.step].name, in.state, in.typ, got[w][i], want[i])
			}
		}
	}
}

func TestAllowed(t *testing.T) {
	ops := func(s ...cases.Op) []cases.Op { return s }
	extended := func(p *cases.Petition) *cases.Petition { p.Complex, p.Extensions = cases.Complex, 1; return p }
	simple := func(p *cases.Petition) *cases.Petition { p.Complex = cases.Simple; return p }
	for _, tt := range []struct {
		name string
		p    *cases.Petition
		want []cases.Op
	}{
		{"nil", nil, nil},
		{"received", petitionIn(cases.Received, ""), ops(cases.OpClassify, cases.OpArchive, cases.OpTerminate)},
		{"classified", petitionIn(cases.Classified, cases.Reflection),
			ops(cases.OpClassify, cases.OpRoute, cases.OpArchive, cases.OpTerminate)},
		{"classified, not eligible", func() *cases.Petition {
			p := petitionIn(cases.Classified, cases.Complaint)
			p.Eligible = false
			return p
		}(), ops(cases.OpClassify, cases.OpRoute, cases.OpArchive, cases.OpTerminate)},
		{"routed complaint", petitionIn(cases.RoutedOwn, cases.Complaint),
			ops(cases.OpAccept, cases.OpReject, cases.OpTerminate)},
		{"routed recommendation", petitionIn(cases.RoutedLower, cases.Recommendation),
			ops(cases.OpReject, cases.OpResolve, cases.OpTerminate)},
		{"accepted very complex denunciation", petitionIn(cases.Accepted, cases.Denunciation),
			ops(cases.OpExtend, cases.OpSuspend, cases.OpResolve, cases.OpTerminate)},
		{"accepted denunciation, not complex", simple(petitionIn(cases.Accepted, cases.Denunciation)),
			ops(cases.OpSuspend, cases.OpResolve, cases.OpTerminate)},
		{"accepted complex denunciation, extended", extended(petitionIn(cases.Accepted, cases.Denunciation)),
			ops(cases.OpSuspend, cases.OpResolve, cases.OpTerminate)},
		{"accepted complaint", petitionIn(cases.Accepted, cases.Complaint),
			ops(cases.OpSuspend, cases.OpResolve, cases.OpTerminate)},
		{"suspended", petitionIn(cases.Suspended, cases.Complaint), ops(cases.OpResume, cases.OpTerminate)},
		{"resolved complaint", petitionIn(cases.Resolved, cases.Complaint), ops(cases.OpImplement)},
		{"resolved reflection", petitionIn(cases.Resolved, cases.Reflection), nil},
		{"transferred", petitionIn(cases.Transferred, cases.Complaint), nil},
		{"archived", petitionIn(cases.Archived, cases.Complaint), nil},
		{"rejected", petitionIn(cases.Rejected, cases.Complaint), nil},
		{"implemented", petitionIn(cases.Implemented, cases.Complaint), nil},
		{"terminated", petitionIn(cases.Terminated, cases.Complaint), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Allowed(tt.p); !slices.Equal(got, tt.want) {
				t.Errorf("Allowed = %v, want %v", got, tt.want)
			}
		})
	}
}

// A complaint's resolution is suspended only under Luật 136/2025, from
// 01/07/2026 (the date of at in Vietnam); a denunciation's at any date. The
// refusal names the rule and its date in English and in Vietnamese.
func TestDecideSuspendByTheLawOfItsDate(t *testing.T) {
	now := time.Date(2027, 1, 1, 8, 0, 0, 0, cases.Zone)
	suspend := func(at string) *cases.Command {
		c := &cases.Command{Op: cases.OpSuspend, Petition: "P-1", At: at, Reason: "chờ kết quả giám định"}
		if err := c.Validate(now); err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, tt := range []struct {
		name string
		typ  cases.Type
		at   string
		ok   bool
	}{
		{"complaint on the day before", cases.Complaint, "2026-06-30T23:59:00+07:00", false},
		{"complaint in 2023", cases.Complaint, "2023-04-03T08:00:00+07:00", false},
		// 17:00 UTC on 30/06 is 00:00 on 01/07 in Vietnam.
		{"complaint on the day", cases.Complaint, "2026-06-30T17:00:00Z", true},
		{"complaint after", cases.Complaint, "2026-11-20T09:00:00+07:00", true},
		{"denunciation in 2023", cases.Denunciation, "2023-04-03T08:00:00+07:00", true},
		{"denunciation on the day before", cases.Denunciation, "2026-06-30T23:59:00+07:00", true},
	} {
		p := petitionIn(cases.Accepted, tt.typ)
		got, err := Decide(context.Background(), suspend(tt.at), p, newMemLookup())
		if tt.ok {
			if err != nil || got != cases.Suspended {
				t.Errorf("%s: Decide = %q, %v, want suspended", tt.name, got, err)
			}
			continue
		}
		e := wantRefusal(t, err, cases.EConflict, "at",
			"suspend is allowed for a complaint only from 2026-07-01",
			"Luật Khiếu nại 2011, Điều 11a, bổ sung bởi Luật 136/2025/QH15")
		if !strings.Contains(e.MessageVI, "khiếu nại chỉ được tạm đình chỉ từ 01/07/2026") ||
			!strings.Contains(e.MessageVI, "Điều 11a") {
			t.Errorf("%s: message_vi %q", tt.name, e.MessageVI)
		}
		if got != "" {
			t.Errorf("%s: state %q on refusal", tt.name, got)
		}
	}
}
