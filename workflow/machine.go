package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/looplab/fsm"

	"github.com/tiepdan/tiepdan/cases"
)

// The petition workflow of SPEC §2 is the table below, declared once, and the
// guards that refine it by what was recorded. For each command a machine is
// taken from a pool (pooledMachine) and set to the petition's stored state;
// it is used by one decision at a time, so nothing else here is shared but
// read-only tables.
//
// looplab/fsm names events and states with strings; every name here is built
// from the cases constants, so a misspelled callback key (which the library
// silently ignores) cannot be written.

// routeEvent is the fsm event of a route to the destination. A route has one
// event per destination so that the table alone says where it goes; the op
// and the destination are joined by "_", which no op contains.
func routeEvent(to cases.Destination) string { return string(cases.OpRoute) + "_" + string(to) }

// machineEvent is the fsm event that command c fires.
func machineEvent(c *cases.Command) string {
	if c.Op == cases.OpRoute {
		return routeEvent(c.To)
	}
	return string(c.Op)
}

// machineOp is the op of an fsm event: the inverse of machineEvent.
func machineOp(event string) cases.Op {
	op, _, _ := strings.Cut(event, "_")
	return cases.Op(op)
}

func srcStates(s ...cases.State) []string {
	out := make([]string, len(s))
	for i, st := range s {
		out[i] = string(st)
	}
	return out
}

// machineTable is the transition table of SPEC §2.
var machineTable = fsm.Events{
	{Name: string(cases.OpClassify), Src: srcStates(cases.Received, cases.Classified), Dst: string(cases.Classified)},
	{Name: routeEvent(cases.ToOwn), Src: srcStates(cases.Classified), Dst: string(cases.RoutedOwn)},
	{Name: routeEvent(cases.ToLower), Src: srcStates(cases.Classified), Dst: string(cases.RoutedLower)},
	{Name: routeEvent(cases.ToJudicial), Src: srcStates(cases.Classified), Dst: string(cases.Transferred)},
	{Name: routeEvent(cases.ToOther), Src: srcStates(cases.Classified), Dst: string(cases.Transferred)},
	{Name: string(cases.OpArchive), Src: srcStates(cases.Received, cases.Classified), Dst: string(cases.Archived)},
	{Name: string(cases.OpAccept), Src: srcStates(cases.RoutedOwn, cases.RoutedLower), Dst: string(cases.Accepted)},
	{Name: string(cases.OpReject), Src: srcStates(cases.RoutedOwn, cases.RoutedLower), Dst: string(cases.Rejected)},
	{Name: string(cases.OpExtend), Src: srcStates(cases.Accepted), Dst: string(cases.Accepted)},
	{Name: string(cases.OpSuspend), Src: srcStates(cases.Accepted), Dst: string(cases.Suspended)},
	{Name: string(cases.OpResume), Src: srcStates(cases.Suspended), Dst: string(cases.Accepted)},
	{Name: string(cases.OpResolve), Src: srcStates(cases.Accepted, cases.RoutedOwn, cases.RoutedLower), Dst: string(cases.Resolved)},
	{Name: string(cases.OpImplement), Src: srcStates(cases.Resolved), Dst: string(cases.Implemented)},
	{Name: string(cases.OpTerminate), Src: srcStates(cases.Received, cases.Classified, cases.RoutedOwn,
		cases.RoutedLower, cases.Accepted, cases.Suspended), Dst: string(cases.Terminated)},
}

// machineTargets indexes machineTable by event and source state, for Target.
var machineTargets = func() map[[2]string]cases.State {
	m := map[[2]string]cases.State{}
	for _, e := range machineTable {
		for _, src := range e.Src {
			m[[2]string{e.Name, src}] = cases.State(e.Dst)
		}
	}
	return m
}()

func newMachine(from cases.State, callbacks fsm.Callbacks) *fsm.FSM {
	return fsm.NewFSM(string(from), machineTable, callbacks)
}

// Allowed lists the workflow events that p's state and recorded facts allow
// now, in cases.WorkflowEvents order: the events the table allows from p's
// state, less those its type or history forbids (accept and implement for
// recommendations and reflections, resolve before accept for complaints and
// denunciations, extend beyond the denunciation's allowance). Whether the
// event's own data pass (a route's unit, a verdict) is judged by Decide.
func Allowed(p *cases.Petition) []cases.Op {
	if p == nil {
		return nil
	}
	can := map[cases.Op]bool{}
	for _, event := range newMachine(p.State, nil).AvailableTransitions() {
		can[machineOp(event)] = true
	}
	var ops []cases.Op
	for _, op := range cases.WorkflowEvents {
		if can[op] && standing(p, op) == "" {
			ops = append(ops, op)
		}
	}
	return ops
}

// Target returns the state that c's workflow event leads to from state from by
// the transition table alone, without the guards, and whether the table
// allows it at all.
func Target(from cases.State, c *cases.Command) (cases.State, bool) {
	if !slices.Contains(cases.WorkflowEvents, c.Op) {
		return "", false
	}
	to, ok := machineTargets[[2]string{machineEvent(c), string(from)}]
	return to, ok
}

// decision holds what the guards of one workflow event judge: the command,
// the petition and what was read for them before the event fired.
type decision struct {
	c *cases.Command
	p *cases.Petition

	unit    *cases.Unit  // the route's unit, for own and lower
	owns    []cases.Unit // the own units, when the route names one
	unitErr *cases.Error // why it could not be read
	dupErr  *cases.Error // why the duplicate_of chain is refused
}

func decideEvent(ctx context.Context, c *cases.Command, p *cases.Petition, look cases.Lookup) (cases.State, error) {
	if p == nil {
		return "", cases.Errorf(cases.ENotFound, "petition %s not found", c.Petition)
	}
	d := &decision{c: c, p: p}
	pm := machines.Get().(*pooledMachine)
	pm.d = d
	defer func() { pm.d = nil; machines.Put(pm) }()
	m := pm.m
	m.SetState(string(p.State))
	event := machineEvent(c)
	// Can must not be called from a callback (it deadlocks); here it is not.
	if m.Cannot(event) {
		return "", d.conflict("")
	}
	if at := c.AtTime(); at.Before(p.LastAt) {
		return "", cases.Errorf(cases.EConflict, "at %s is earlier than the petition's previous event at %s",
			instantText(at), instantText(p.LastAt))
	}
	if err := d.read(ctx, look); err != nil {
		return "", err
	}

	err := m.Event(ctx, event)
	var same fsm.NoTransitionError
	if err == nil || (errors.As(err, &same) && same.Err == nil) {
		// A self-transition (classify again, extend) reports NoTransitionError.
		return cases.State(m.Current()), nil
	}
	var refused *cases.Error
	if errors.As(err, &refused) {
		return "", refused
	}
	var invalid fsm.InvalidEventError
	var unknown fsm.UnknownEventError
	if errors.As(err, &invalid) || errors.As(err, &unknown) {
		return "", d.conflict("")
	}
	return "", fmt.Errorf("%s petition %s: %w", c.Op, p.Ref, err)
}

// read does the lookups the guards of d's event need. A ref that names
// nothing is kept for the guard to judge; other errors are returned.
func (d *decision) read(ctx context.Context, look cases.Lookup) error {
	c := d.c
	switch {
	case c.Op == cases.OpRoute && (c.To == cases.ToOwn || c.To == cases.ToLower):
		u, err := look.Unit(ctx, c.Unit)
		if cases.ErrorCode(err) == cases.ENotFound {
			d.unitErr = notFoundError("unit", "unit", c.Unit)
			return nil
		}
		if err != nil {
			return fmt.Errorf("read unit %s: %w", c.Unit, err)
		}
		d.unit = u
		if u.Kind == cases.Own {
			if d.owns, err = look.OwnUnits(ctx); err != nil {
				return fmt.Errorf("read the committees: %w", err)
			}
		}
	case c.Op == cases.OpArchive && cases.ArchiveReason(c.Reason) == cases.Duplicate:
		var err error
		d.dupErr, err = duplicateChain(ctx, look, c.Petition, c.DuplicateOf)
		return err
	}
	return nil
}

// duplicateChain follows duplicate_of from petition dup, as long as the
// petitions on the way are archived as duplicates, and refuses a chain that
// leads back to petition self or a dup that names nothing.
func duplicateChain(ctx context.Context, look cases.Lookup, self, dup string) (*cases.Error, error) {
	path := []string{self}
	seen := map[string]bool{}
	for ref := dup; ; {
		path = append(path, ref)
		if ref == self {
			return cases.Errorf(cases.EConflict, "petition %s cannot duplicate %s: the duplicates lead back to it (%s)",
				self, dup, strings.Join(path, " → ")), nil
		}
		if seen[ref] {
			// A cycle that does not pass through self; never recorded,
			// since this check refuses it, but do not loop on it.
			return nil, nil
		}
		seen[ref] = true
		q, err := look.Petition(ctx, ref)
		if cases.ErrorCode(err) == cases.ENotFound && ref == dup {
			return notFoundError("duplicate_of", "petition", dup), nil
		}
		if err != nil {
			return nil, fmt.Errorf("read petition %s: %w", ref, err)
		}
		if q.State != cases.Archived || q.Archive != cases.Duplicate || q.DuplicateOf == "" {
			return nil, nil
		}
		ref = q.DuplicateOf
	}
}

// guards are the guards of the workflow: each before_<event> callback cancels
// the event with the first refusal of its checks. They read the decision at
// hand through get, so that one machine, built once, serves decision after
// decision. Every event of the table has one: after its own checks, each
// answers to the law in force on its date (checkInForce).
func guards(get func() *decision) fsm.Callbacks {
	before := func(event string) string { return "before_" + event }
	guard := func(checks ...func(d *decision) error) fsm.Callback {
		return func(_ context.Context, e *fsm.Event) {
			d := get()
			for _, check := range checks {
				if err := check(d); err != nil {
					e.Cancel(err)
					return
				}
			}
		}
	}
	own := map[string][]func(d *decision) error{
		before(routeEvent(cases.ToOwn)):   {(*decision).checkRoute},
		before(routeEvent(cases.ToLower)): {(*decision).checkRoute},
		before(string(cases.OpArchive)):   {(*decision).checkArchive},
		before(string(cases.OpAccept)):    {(*decision).checkStanding},
		before(string(cases.OpExtend)):    {(*decision).checkStanding},
		before(string(cases.OpResolve)):   {(*decision).checkResolve},
		before(string(cases.OpImplement)): {(*decision).checkStanding},
	}
	cbs := fsm.Callbacks{}
	for _, e := range machineTable {
		key := before(e.Name)
		cbs[key] = guard(append(own[key], (*decision).checkInForce)...)
	}
	return cbs
}

// pooledMachine is a state machine with its guards, set to a petition's
// stored state for each command. Building a looplab/fsm machine costs more
// than the rest of a decision, and an import makes hundreds of thousands.
type pooledMachine struct {
	m *fsm.FSM
	d *decision
}

var machines = sync.Pool{New: func() any {
	pm := &pooledMachine{}
	pm.m = newMachine(cases.Received, guards(func() *decision { return pm.d }))
	return pm
}}

// checkStanding refuses the event when the petition's type or history does
// not allow it.
func (d *decision) checkStanding() error {
	if why := standing(d.p, d.c.Op); why != "" {
		return d.conflict(why)
	}
	return nil
}

// checkInForce refuses an event that the law in force on its date does not
// have (rules.json's events): a complaint's suspension before Luật 136/2025.
// Import and verify judge each event by its own date, as the desk does.
func (d *decision) checkInForce() error {
	if err := DefaultRules().CheckEvent(d.c.Op, d.p.Type, cases.DateOf(d.c.AtTime())); err != nil {
		return err
	}
	return nil
}

// checkRoute guards a route to the committee's own department or to a lower
// committee: the petition must be eligible and the unit of the right kind.
func (d *decision) checkRoute() error {
	if !d.p.Eligible {
		return d.conflict("it was classified not eligible, so it may go only to judicial or other agencies")
	}
	if d.unitErr != nil {
		return d.unitErr
	}
	want := cases.Department
	if d.c.To == cases.ToLower {
		want = cases.Lower
		if d.unit.Kind == cases.Own {
			// A committee of the installation below the petition's: the
			// matter goes to its inbox (SPEC §10).
			if up, ok := cases.Above(d.owns, d.unit.Committee); !ok || up != d.p.Committee {
				return cases.FieldErrorf("unit", "%s (%s) is not a committee below the petition's committee", d.unit.Ref, d.unit.Name).
					VI("%s không phải là UBND cấp dưới của cơ quan tiếp nhận đơn này.", d.unit.Name)
			}
			want = cases.Own
		}
	}
	if d.unit.Kind == want && want != cases.Own && d.unit.Committee != d.p.Committee {
		return cases.FieldErrorf("unit", "%s (%s) belongs to another committee of the installation", d.unit.Ref, d.unit.Name).
			VI("%s thuộc cơ quan khác trong hệ thống: chỉ chuyển đơn đến đơn vị của cơ quan tiếp nhận đơn.", d.unit.Name)
	}
	if d.unit.Kind != want {
		return cases.FieldErrorf("unit", "%s (%s) is a unit of kind %s, but a route to %s names a unit of kind %s",
			d.unit.Ref, d.unit.Name, d.unit.Kind, d.c.To, want)
	}
	// A unit with dates takes routes only while it is in force; those
	// routed to it before stay with it (SPEC §9).
	day := cases.DateOf(d.c.AtTime())
	if err := d.unit.NotInForce("unit", day, "a route dated "+day.String(), "chuyển đơn đến đơn vị này ngày "+day.VN()); err != nil {
		return err
	}
	return nil
}

// checkArchive guards an archive as a duplicate: the chain of duplicates must
// end without coming back to this petition.
func (d *decision) checkArchive() error {
	if d.dupErr != nil {
		return d.dupErr
	}
	return nil
}

// checkResolve guards a resolve: its source state must fit the petition's
// type, and its verdict too.
func (d *decision) checkResolve() error {
	if err := d.checkStanding(); err != nil {
		return err
	}
	t, v := d.p.Type, d.c.Verdict
	if want := cases.VerdictsFor(t); !slices.Contains(want, v) {
		names := make([]string, len(want))
		for i, w := range want {
			names[i] = string(w)
		}
		return cases.FieldErrorf("verdict", "a %s is resolved with %s, not %s", t, strings.Join(names, ", "), v)
	}
	return d.checkOutcome()
}

// checkOutcome guards a resolve's outcome: only the decision on a
// second-instance complaint upholds, annuls or amends the first-instance
// one (Luật Khiếu nại Art. 40; SPEC §9).
func (d *decision) checkOutcome() error {
	p := d.p
	if d.c.Outcome == "" || (p.Type == cases.Complaint && p.Instance == 2) {
		return nil
	}
	what, whatVI := typeWord(p.Type), "đơn "+strings.ToLower(p.Type.Label())
	if p.Type == cases.Complaint {
		what, whatVI = "first-instance complaint", "đơn khiếu nại lần đầu"
	}
	return cases.FieldErrorf("outcome", "petition %s is a %s: only the resolution of a second-instance complaint (instance 2) records an outcome (upheld, annulled, amended)",
		p.Ref, what).
		VI("Đơn %s là %s: chỉ khi giải quyết khiếu nại lần hai mới ghi kết quả công nhận, hủy bỏ hoặc sửa đổi quyết định giải quyết lần đầu.",
			p.Ref, whatVI)
}

// standing says why p's type or history forbids op in p's state, or "" when
// they allow it. It judges only what is recorded, so Allowed can ask it too;
// the table has already allowed op from p's state.
func standing(p *cases.Petition, op cases.Op) string {
	switch op {
	case cases.OpAccept:
		if !p.Type.Adjudicated() {
			return fmt.Sprintf("only complaints and denunciations are accepted, and this is a %s", typeWord(p.Type))
		}
	case cases.OpExtend:
		if p.Type != cases.Denunciation {
			return fmt.Sprintf("only denunciations are extended, and this is a %s (a complaint's longer limit comes from its complexity)", typeWord(p.Type))
		}
		switch limit := extensionAllowance(p.Complex); {
		case limit == 0:
			return "the denunciation is not complex: only a complex denunciation may be extended (once) or a very complex one (twice)"
		case p.Extensions >= limit:
			return fmt.Sprintf("the denunciation is %s and was already extended %s, the most the law allows",
				strings.ReplaceAll(string(p.Complex), "_", " "), countWord(p.Extensions))
		}
	case cases.OpResolve:
		if p.State != cases.Accepted && p.Type.Adjudicated() {
			return fmt.Sprintf("a %s is resolved only after it is accepted", p.Type)
		}
		if p.State == cases.Accepted && !p.Type.Adjudicated() {
			return fmt.Sprintf("a %s is resolved from where it was routed", typeWord(p.Type))
		}
	case cases.OpImplement:
		if !p.Type.Adjudicated() {
			return fmt.Sprintf("only the decision on a complaint or denunciation is implemented, and this is a %s", typeWord(p.Type))
		}
	}
	return ""
}

// extensionAllowance is how many times a denunciation of complexity c may be
// extended (Luật Tố cáo Art. 30): once if complex, twice if very complex.
func extensionAllowance(c cases.Complexity) int {
	switch c {
	case cases.Complex:
		return 1
	case cases.VeryComplex:
		return 2
	}
	return 0
}

func countWord(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}

func typeWord(t cases.Type) string {
	if t == "" {
		return "petition not yet classified"
	}
	return string(t)
}

// conflict refuses d's event, naming the petition, its state and the event,
// with why when the table allows the event but the petition does not, and
// the events allowed instead.
func (d *decision) conflict(why string) *cases.Error {
	msg := fmt.Sprintf("petition %s is %s: %s is not allowed", d.p.Ref, d.p.State, d.c.Op)
	if why != "" {
		msg += ": " + why
	}
	// Computed only on refusal: Allowed fires the machine once per event.
	ops := Allowed(d.p)
	allowed := make([]string, len(ops))
	for i, op := range ops {
		allowed[i] = string(op)
	}
	if len(allowed) == 0 {
		msg += " (no event is allowed)"
	} else {
		msg += " (allowed: " + strings.Join(allowed, ", ") + ")"
	}
	return &cases.Error{Code: cases.EConflict, Message: msg, Allowed: allowed}
}

func instantText(t time.Time) string { return t.In(cases.Zone).Format(time.RFC3339) }
