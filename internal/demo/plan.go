package demo

import (
	"container/heap"
	"strconv"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// A petition's whole life is planned when it arrives, as a list of steps
// sorted by time; the queue hands out each step when the stream reaches it.
// A step is small: the text of its command is written only when it is
// emitted, from the step's numbers and the petition's keys.

type stepOp uint8

const (
	stPetition stepOp = iota
	stVisit
	stClassify
	stRoute
	stArchive
	stAccept
	stReject
	stExtend
	stSuspend
	stResume
	stResolve
	stImplement
	stTerminate
	stDialogue
)

// step is one planned command. Its numbers mean, by op:
//
//	visit     a kind, b 1 when a relative comes, n people, m follow_up_on (0: none)
//	classify  a type, b field, c complexity | eligible<<2 | instance<<3
//	route     a destination, b method, n unit or agency index (upToProvince:
//	          the province, from a commune)
//	archive   a reason
//	reject    a reason index, b type
//	suspend   a reason index
//	terminate a reason (0 withdrawn, 1 other)
//	extend    n days
//	resolve   a verdict
//	dialogue  n the planned date
//
// upToProvince is the agency index of a route from a commune to the
// province (SPEC §10: route to=other naming the province).
const upToProvince = -1

type step struct {
	at      int64
	n, m    int32
	op      stepOp
	a, b, c uint8
}

type petition struct {
	idx      int64
	ref      string
	received int64
	channel  cases.Channel
	people   int32
	commune  int16

	personKey, subjectKey uint64
	nature                cases.Type
	field                 cases.Field
	anonymous, waived     bool
	desk                  uint8
	dupOf                 string
	// committee is the desk it was received at: 0 the installation's
	// committee, k+1 the commune communes[k].
	committee int16
	// from and home are a petition a commune sent up to the province: the
	// commune's petition, and the commune (k+1).
	from string
	home int16

	// Decided by the plan.
	typ  cases.Type
	cx   cases.Complexity
	inst int
	dest cases.Destination
	// unit is the destination's index: for a department, the district's
	// department (deptTNMT …) that the office maps to its own; for a lower
	// committee, in the lowers of the office it was routed in.
	unit   int16
	office uint8 // the office in force when it was routed

	steps   []step
	next    int
	nextAt  int64
	lastRec int64 // recorded_at of the last emitted step
}

var (
	fields       = []cases.Field{cases.FieldLand, cases.FieldHousing, cases.FieldPolicy, cases.FieldCivilService, cases.FieldCorruption, cases.FieldJudicial, cases.FieldParty, cases.FieldOther}
	complexities = []cases.Complexity{cases.Simple, cases.Complex, cases.VeryComplex}
	destinations = []cases.Destination{cases.ToOwn, cases.ToLower, cases.ToJudicial, cases.ToOther}
	methods      = []cases.Method{cases.Assign, cases.Guide, cases.Transfer, cases.Urge}
	archives     = []cases.ArchiveReason{cases.Duplicate, cases.Anonymous, cases.Unclear, cases.NotEligible, cases.OtherReason}
	verdicts     = []cases.Verdict{cases.Correct, cases.Incorrect, cases.PartlyCorrect, cases.Answered}
	terminations = []cases.TerminateReason{cases.Withdrawn, cases.OtherTerminate}
)

func index[T comparable](s []T, v T) uint8 {
	for i, x := range s {
		if x == v {
			return uint8(i)
		}
	}
	panic("demo: unknown value")
}

// newPetition creates the petition that arrives with a, plans its life and
// queues it.
func (g *generator) newPetition(a arrival) {
	idx := g.count
	g.count++
	y, _, _ := dateOf(a.at).YMD()
	if y != g.petYear {
		g.petYear, g.petSeq = y, 0
	}
	g.petSeq++

	p := g.alloc()
	p.idx = idx
	p.ref = "DON-" + strconv.Itoa(y) + "-" + pad(g.petSeq, 6)
	p.received = a.at
	p.channel = a.ch
	p.people = 1
	r := mix(g.seed, 2, uint64(idx))
	p.desk = uint8(r.intn(receptionDesk))

	// A province's petitions are shared among its desks; a duplicate goes
	// to the committee that received the first.
	if g.communes != nil && !a.group && dateOf(a.at) >= g.communesFrom {
		rc := mix(g.seed, 23, uint64(idx))
		p.committee = int16(rc.weighted(g.weights))
	}
	depth := uint8(0)
	if r.chance(0.055) {
		if e, ok := g.pickDuplicate(&r); ok && (!a.group || e.committee == 0) {
			p.dupOf = e.ref
			p.committee = e.committee
			p.personKey, p.subjectKey = e.personKey, e.subjectKey
			p.nature, p.field = e.nature, e.field
			p.anonymous = e.anonymous
			depth = e.depth + 1
			if p.anonymous && p.channel == cases.ByReception {
				p.channel = cases.ByMail
			}
		}
	}
	if p.dupOf == "" {
		p.personKey, p.subjectKey = r.next(), r.next()
		p.nature = types[r.weighted(typeWeights)]
		if (p.channel == cases.ByMail || p.channel == cases.Online) && r.chance(0.025) {
			p.anonymous = true
			if r.chance(0.7) {
				p.nature = cases.Denunciation
			}
		}
		p.field = fieldsOfType[p.nature][r.weighted(fieldWeights[p.nature])]
	}
	if per := personOf(g.seed, p.personKey); g.province {
		p.commune = int16(per.wide)
	} else {
		p.commune = int16(per.commune)
	}
	if p.nature == cases.Denunciation && !p.anonymous && r.chance(0.04) {
		p.waived = true
	}
	switch {
	case a.group || p.channel == cases.ByReception && r.chance(0.05):
		if r.chance(0.3) {
			p.people = int32(r.between(10, 30))
		} else {
			p.people = int32(r.between(5, 9))
		}
	case p.channel == cases.ByMail && !p.anonymous && r.chance(0.03):
		p.people = int32(r.between(2, 25))
	}

	pl := planner{g: g, p: p, r: &r, t: p.received, adhoc: a.group}
	pl.plan()

	g.remember(p, depth, &r)
	p.nextAt = p.steps[0].at
	heap.Push(&g.queue, p)
}

// pickDuplicate chooses an earlier petition for a duplicate. Chains stop at
// two: a duplicate of a duplicate of an original.
func (g *generator) pickDuplicate(r *rng) (ringEntry, bool) {
	if g.ringN == 0 {
		return ringEntry{}, false
	}
	if r.chance(0.2) { // prefer a duplicate, to make a chain
		start := r.intn(g.ringN)
		for i := range g.ringN {
			e := g.ring[(start+i)%g.ringN]
			if e.depth == 1 {
				return e, true
			}
		}
	}
	e := g.ring[r.intn(g.ringN)]
	return e, e.depth < 2
}

func (g *generator) remember(p *petition, depth uint8, r *rng) {
	if !r.chance(g.ringP) {
		return
	}
	e := ringEntry{ref: p.ref, personKey: p.personKey, subjectKey: p.subjectKey,
		nature: p.nature, field: p.field, depth: depth, anonymous: p.anonymous, committee: p.committee}
	if g.ringN < ringSize {
		g.ring[g.ringN] = e
		g.ringN++
		return
	}
	g.ring[r.intn(ringSize)] = e
}

type planner struct {
	g *generator
	p *petition
	r *rng
	t int64 // time of the latest workflow step
	// adhoc makes the first visit one of the day's ad hoc session.
	adhoc bool
}

func (pl *planner) add(s step) {
	pl.p.steps = append(pl.p.steps, s)
	if s.op != stVisit && s.at > pl.t {
		pl.t = s.at
	}
}

// plan writes the petition's life: its creation, its first visit when it came
// through reception, its workflow, then repeat visits; sorted by time and cut
// at the end of the history.
func (pl *planner) plan() {
	p := pl.p
	pl.add(step{at: p.received, op: stPetition})
	if p.channel == cases.ByReception {
		pl.visit(p.received, true, true)
		pl.adhoc = false
	}
	pl.workflow()
	pl.repeatVisits()
	pl.sortAndCut()
}

// sortAndCut sorts the steps by time and cuts them at the end of the
// history.
func (pl *planner) sortAndCut() {
	p, g := pl.p, pl.g
	// Insertion sort: the workflow is already in order, visits are few.
	s := p.steps
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].at < s[j-1].at; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	for i := range s {
		if s[i].at >= g.end {
			p.steps = s[:i]
			break
		}
	}
}

// visit plans a visit at t: at the session of that day if there is one (most
// groups and many single visitors come to the leader's sessions).
func (pl *planner) visit(t int64, first, followUp bool) {
	p, r := pl.p, pl.r
	d := dateOf(t)
	kind := kindNone
	switch pl.g.sessionOn(p.committee, d) {
	case kindPeriodic:
		if r.chance(0.7) {
			kind = kindPeriodic
		}
	case kindAdhoc:
		if pl.adhoc || r.chance(0.35) || p.people >= 5 && r.chance(0.9) {
			kind = kindAdhoc
		}
	}
	s := step{at: t, op: stVisit, a: kind, n: p.people}
	if kind != kindNone && !first {
		s.at = dayStart(d) + int64(morningSec(r))
	}
	if p.people >= 5 && !first {
		s.n = int32(max(5, int(p.people)+r.between(-3, 3)))
	} else if p.people < 5 && r.chance(0.08) {
		s.n = 2 // with a family member
	}
	if !first && r.chance(0.1) {
		s.b = 1
	}
	if followUp && r.chance(0.15) {
		fu := pl.g.nextPeriodic(p.committee, d)
		s.m = int32(fu)
		if fu <= pl.g.last && r.chance(0.6) {
			pl.add(s)
			pl.visit(dayStart(fu)+int64(morningSec(r)), false, false)
			return
		}
	}
	pl.add(s)
}

// repeatVisits plans the citizen's returns about the same petition, during
// its handling or after it was closed.
func (pl *planner) repeatVisits() {
	p, r := pl.p, pl.r
	if p.anonymous {
		return
	}
	prob, most := 0.06, 2
	if p.channel == cases.ByReception {
		prob, most = 0.3, 3
	}
	if p.people >= 5 {
		prob = 0.5
	}
	if !r.chance(prob) {
		return
	}
	from := dateOf(p.received)
	span := int(dateOf(pl.t)-from) + 90
	for range r.between(1, most) {
		d := nextWorking(from + cases.Date(r.between(1, span)))
		pl.visit(officeAt(r, d), false, true)
	}
}

// workflow plans the workflow events, following SPEC §2.
func (pl *planner) workflow() {
	p, r := pl.p, pl.r
	switch {
	case p.dupOf != "":
		if r.chance(0.35) {
			pl.classify(p.nature, true, 0, 3)
		}
		pl.archive(cases.Duplicate, 1, 5)
		return
	case p.anonymous:
		if r.chance(0.25) {
			pl.classify(p.nature, false, 0, 3)
		}
		pl.archive(cases.Anonymous, 1, 6)
		return
	}
	switch u := r.float(); {
	case u < 0.02:
		if r.chance(0.3) {
			pl.classify(p.nature, true, 0, 3)
		}
		pl.archive(cases.Unclear, 1, 6)
		return
	case u < 0.03:
		if r.chance(0.5) {
			pl.classify(p.nature, true, 0, 3)
		}
		pl.archive(cases.OtherReason, 1, 6)
		return
	case u < 0.037:
		pl.terminate(1, 8)
		return
	}

	// Classify, sometimes first as another type and corrected a few days later.
	if r.chance(0.06) {
		wrong := p.nature
		for wrong == p.nature {
			wrong = types[r.intn(len(types))]
		}
		pl.classify(wrong, true, 0, 2)
		pl.classify(p.nature, true, 1, 4)
	} else {
		pl.classify(p.nature, true, 0, 3)
	}
	if r.chance(0.07) { // not eligible after all
		pl.classify(p.nature, false, 0, 2)
		if r.chance(0.75) {
			pl.archive(cases.NotEligible, 1, 6)
		} else {
			pl.routeAway()
		}
		return
	}
	switch u := r.float(); {
	case u < 0.005:
		pl.terminate(1, 6)
		return
	case u < 0.01:
		return // forgotten on the desk
	}
	pl.route()
	switch p.dest {
	case cases.ToOwn, cases.ToLower:
		if p.typ.Adjudicated() {
			pl.adjudicate()
		} else {
			pl.answer()
		}
	}
}

func (pl *planner) classify(t cases.Type, eligible bool, lo, hi int) {
	p, r := pl.p, pl.r
	cx, inst := cases.Simple, 0
	switch t {
	case cases.Complaint:
		cx = complexities[r.weighted([]int{70, 25, 5})]
		inst = 1
		if r.chance(0.2) {
			inst = 2
		}
	case cases.Denunciation:
		cx = complexities[r.weighted([]int{55, 33, 12})]
		inst = 1
		if r.chance(0.1) {
			inst = 2
		}
	default:
		if r.chance(0.05) {
			cx = cases.Complex
		}
	}
	p.typ, p.cx, p.inst = t, cx, inst
	c := index(complexities, cx) | uint8(inst)<<3
	if eligible {
		c |= 1 << 2
	}
	pl.add(step{at: afterWD(r, pl.t, lo, hi), op: stClassify,
		a: index(types, t), b: index(fields, p.field), c: c})
}

func (pl *planner) archive(reason cases.ArchiveReason, lo, hi int) {
	pl.add(step{at: afterWD(pl.r, pl.t, lo, hi), op: stArchive, a: index(archives, reason)})
}

func (pl *planner) terminate(lo, hi int) {
	pl.terminateAt(afterWD(pl.r, pl.t, lo, hi))
}

func (pl *planner) terminateAt(at int64) {
	a := uint8(0)
	if pl.r.chance(0.2) {
		a = 1
	}
	pl.add(step{at: at, op: stTerminate, a: a})
}

// routeTime is when the desk routes a classified petition: mostly within the
// 10 working days of the law, some late.
func (pl *planner) routeTime() int64 {
	if pl.r.chance(0.1) {
		return afterWD(pl.r, pl.t, 10, 22)
	}
	return afterWD(pl.r, pl.t, 0, 6)
}

// routeAway guides or transfers an ineligible petition to another agency.
func (pl *planner) routeAway() {
	p, r := pl.p, pl.r
	if p.field == cases.FieldJudicial || r.chance(0.3) {
		p.dest, p.unit = cases.ToJudicial, int16(r.intn(len(judicialAgencies)))
	} else {
		p.dest, p.unit = cases.ToOther, int16(pick(r, otherAgenciesFor[p.field]))
	}
	m := cases.Guide
	if r.chance(0.3) {
		m = cases.Transfer
	}
	pl.addRoute(m)
}

// addRoute plans the route of p to p.dest and p.unit by method m, in the
// office in force on its day. A commune has no lower committee: what a
// district sent down, it handles in its own departments.
func (pl *planner) addRoute(m cases.Method) {
	p, r, g := pl.p, pl.r, pl.g
	at := pl.routeTime()
	i := g.officeOn(dateOf(at))
	p.office = uint8(i)
	o := g.offices[i]
	if p.committee > 0 {
		o = g.communes[p.committee-1]
	}
	if p.dest == cases.ToLower {
		if n := len(o.lowers); n == 0 {
			p.dest, p.unit = cases.ToOwn, int16(pl.department())
			m = methods[r.weighted([]int{80, 6, 6, 8})]
		} else {
			p.unit %= int16(n)
		}
	}
	pl.add(step{at: at, op: stRoute, a: index(destinations, p.dest), b: index(methods, m), n: int32(p.unit)})
}

// route sends an eligible petition to a department, a lower committee, or
// another agency.
func (pl *planner) route() {
	p, r := pl.p, pl.r
	// A commune sends up what is its superior's: a complaint of the second
	// instance (against its chairman's first decision) and some
	// denunciations of its own officials (SPEC §10).
	if p.committee > 0 && (p.typ == cases.Complaint && p.inst == 2 || p.typ == cases.Denunciation && r.chance(0.12)) {
		pl.sendUp()
		return
	}
	var dest cases.Destination
	switch {
	case p.field == cases.FieldJudicial:
		dest = cases.ToJudicial
		if r.chance(0.25) {
			dest = cases.ToOwn
		}
	case p.field == cases.FieldParty:
		dest = cases.ToOther
		if r.chance(0.3) {
			dest = cases.ToOwn
		}
	case p.typ == cases.Complaint && p.inst == 2:
		dest = cases.ToOwn
	case p.typ == cases.Complaint:
		dest = destinations[r.weighted([]int{40, 48, 0, 12})]
	case p.typ == cases.Denunciation:
		dest = destinations[r.weighted([]int{50, 35, 5, 10})]
	default:
		dest = destinations[r.weighted([]int{30, 55, 0, 15})]
	}
	var unit int
	var m cases.Method
	switch dest {
	case cases.ToOwn:
		unit = pl.department()
		m = methods[r.weighted([]int{80, 6, 6, 8})]
	case cases.ToLower:
		unit = int(p.commune)
		m = methods[r.weighted([]int{8, 25, 55, 12})]
	case cases.ToJudicial:
		switch {
		case p.typ == cases.Denunciation:
			unit = 2 // the police
		case p.typ == cases.Recommendation:
			unit = []int{0, 3}[r.intn(2)]
		default:
			unit = r.intn(len(judicialAgencies))
		}
		m = methods[r.weighted([]int{0, 60, 40, 0})]
	case cases.ToOther:
		unit = pick(r, otherAgenciesFor[p.field])
		m = methods[r.weighted([]int{0, 35, 60, 5})]
	}
	p.dest, p.unit = dest, int16(unit)
	pl.addRoute(m)
}

// department is the department that handles the petition's subject.
func (pl *planner) department() int {
	p, r := pl.p, pl.r
	if p.typ == cases.Denunciation && r.chance(0.6) {
		return deptThanhTra
	}
	switch p.field {
	case cases.FieldLand:
		return deptTNMT
	case cases.FieldHousing:
		return deptKTHT
	case cases.FieldPolicy:
		return deptLDTBXH
	case cases.FieldCivilService:
		return deptNoiVu
	case cases.FieldCorruption, cases.FieldParty:
		return deptThanhTra
	case cases.FieldJudicial:
		return deptTuPhap
	}
	return []int{deptKTHT, deptNNPTNT, deptTNMT}[r.intn(3)]
}

func (pl *planner) reject(lo, hi int) {
	p := pl.p
	n := len(rejectReasons[p.typ])
	pl.add(step{at: afterWD(pl.r, pl.t, lo, hi), op: stReject, a: uint8(pl.r.intn(n)), b: index(types, p.typ)})
}

// answer plans a recommendation's or reflection's answer.
func (pl *planner) answer() {
	r := pl.r
	switch u := r.float(); {
	case u < 0.03:
		pl.reject(2, 10)
		return
	case u < 0.05:
		pl.terminate(3, 15)
		return
	case u < 0.08:
		return // still waiting for an answer
	}
	days := r.between(5, 28)
	if r.chance(0.2) {
		days = r.between(31, 60)
	}
	pl.add(step{at: afterDays(r, pl.t, days, pl.t), op: stResolve, a: index(verdicts, cases.Answered)})
}

// adjudicate plans the handling of a complaint or denunciation routed to a
// department or a lower committee: accept or reject, then dialogue,
// extensions, suspension, the verdict and its implementation.
func (pl *planner) adjudicate() {
	p, r := pl.p, pl.r
	switch u := r.float(); {
	case u < 0.07:
		pl.reject(2, 8)
		return
	case u < 0.10:
		pl.terminate(3, 15)
		return
	case u < 0.12:
		return // not yet taken up
	}
	pl.add(step{at: afterWD(r, pl.t, 1, 6), op: stAccept})
	accepted := pl.t

	// The resolution limit, LAW.md: complaints by instance, complexity and
	// remoteness; denunciations 30 days plus extensions.
	limit := 30
	remote := p.dest == cases.ToLower && pl.g.routedOffice(p).lowers[p.unit].remote
	if p.typ == cases.Complaint {
		limit = 30
		if p.inst == 2 {
			limit = 45
		}
		if p.cx != cases.Simple {
			limit += 15
		}
		if remote {
			limit += 15
		}
	}
	var dialogueOn cases.Date
	if p.typ == cases.Complaint && r.chance(0.6) {
		at := afterWD(r, pl.t, 2, 8)
		dialogueOn = nextWorking(dateOf(at) + cases.Date(r.between(3, 14)))
		pl.add(step{at: at, op: stDialogue, n: int32(dialogueOn)})
	}
	if p.typ == cases.Denunciation {
		budget := 0 // Luật Tố cáo Art. 30: once if complex, twice if very complex
		switch p.cx {
		case cases.Complex:
			budget = 1
		case cases.VeryComplex:
			budget = 2
		}
		for range budget {
			if !r.chance(0.8) {
				break
			}
			days := 30
			if r.chance(0.25) {
				days = r.between(1, 29)
			}
			at := afterDays(r, accepted, limit-r.between(1, 5), pl.t)
			limit += days
			pl.add(step{at: at, op: stExtend, n: int32(days)})
		}
	}
	suspended := 0
	// A suspension only where the law of its date has one: a complaint's
	// only from Luật 136/2025 (workflow/rules.json); else the case goes on.
	if at, ok := pl.suspendAt(r); ok {
		pl.add(step{at: at, op: stSuspend, a: uint8(r.intn(len(suspendReasons)))})
		if r.chance(0.15) {
			pl.terminateAt(afterDays(r, at, r.between(10, 60), pl.t))
			return
		}
		back := afterDays(r, at, r.between(10, 45), pl.t)
		suspended = int(dateOf(back) - dateOf(at))
		pl.add(step{at: back, op: stResume})
	}
	if r.chance(0.03) {
		pl.terminate(3, 20)
		return
	}
	days := r.between(limit/2, limit)
	if r.chance(0.2) {
		days = r.between(limit+3, limit+40) // resolved late
	}
	at := afterDays(r, accepted, days+suspended, pl.t)
	if dialogueOn != 0 && dateOf(at) <= dialogueOn {
		at = officeAt(r, addWorking(dialogueOn, r.between(1, 5)))
	}
	var v cases.Verdict
	if p.typ == cases.Complaint {
		v = verdicts[r.weighted([]int{20, 55, 25})]
	} else {
		v = verdicts[r.weighted([]int{25, 50, 25})]
	}
	pl.add(step{at: at, op: stResolve, a: index(verdicts, v)})
	if r.chance(0.75) {
		pl.add(step{at: afterDays(r, at, r.between(5, 60), at), op: stImplement})
	}
}

// suspendAt draws whether and when an accepted case is suspended, and keeps
// the suspension only when the law of its date allows it for the petition's
// type.
func (pl *planner) suspendAt(r *rng) (int64, bool) {
	if !r.chance(0.06) {
		return 0, false
	}
	at := afterWD(r, pl.t, 3, 15)
	return at, workflow.DefaultRules().CheckEvent(cases.OpSuspend, pl.p.typ, dateOf(at)) == nil
}
