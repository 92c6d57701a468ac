package demo

import (
	"container/heap"
	"strconv"

	"github.com/tiepdan/tiepdan/cases"
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
