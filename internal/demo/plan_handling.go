package demo

import (
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// How a planned petition is handled after it is received: classified,
// archived or ended, routed (and to which unit), answered, or accepted,
// resolved and carried out, with its suspensions and extensions.

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
