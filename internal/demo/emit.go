package demo

import (
	"strconv"

	"github.com/tiepdan/tiepdan/cases"
)

var (
	yes = true
	no  = false
)

// Offices that transfer petitions in.
var transferSources = []string{
	"Ban Tiếp công dân tỉnh Bình Định",
	"Văn phòng Đoàn ĐBQH và HĐND tỉnh Bình Định",
	"Ủy ban MTTQ Việt Nam huyện Tuy Phước",
	"Thanh tra tỉnh Bình Định",
	"Văn phòng Huyện ủy Tuy Phước",
}

// emitUnits writes the units of office i: the first office's the afternoon
// before the history starts, a later one's early on the day it takes over,
// as the administrator records a reform. A later office replaces the
// committee and the departments of the one before; the lower committees
// that the reform ended are ended with unit_until when they did not say
// their end.
func (g *generator) emitUnits(i int) error {
	o := g.offices[i]
	at := dayStart(g.first-1) + 16*3600
	if i > 0 {
		at = dayStart(o.from) + 6*3600 + 30*60
	}
	n := 0
	write := func(c *cases.Command) error {
		c.RecordedAt = g.ts(min(at+int64(n)*60, g.now))
		c.RecordedBy = userAdmin
		n++
		return g.enc.Encode(c)
	}
	date := func(d cases.Date) string {
		if d == 0 {
			return ""
		}
		return d.String()
	}
	own := &cases.Command{Op: cases.OpUnit, Ref: o.ref, Name: o.name, Kind: string(cases.Own),
		LowerLabel: o.lowerLabel, Level: o.level, ValidFrom: date(o.from), ValidUntil: date(o.validUntil)}
	if i > 0 {
		own.Replaces = o.replaces
	}
	if err := write(own); err != nil {
		return err
	}
	for k, u := range o.departments {
		c := &cases.Command{Op: cases.OpUnit, Ref: u.ref, Name: u.name,
			Kind: string(cases.Department), Parent: o.ref, ValidFrom: date(o.from)}
		if i > 0 && k < len(o.deptReplaces) {
			c.Replaces = o.deptReplaces[k]
		}
		if err := write(c); err != nil {
			return err
		}
	}
	for _, c := range o.communes {
		if err := write(&cases.Command{Op: cases.OpUnit, Ref: c.ref, Name: c.name, Kind: string(cases.Own),
			Parent: c.parent, Remote: c.remote, Level: c.level, ValidFrom: date(c.from)}); err != nil {
			return err
		}
		for _, u := range c.departments {
			if err := write(&cases.Command{Op: cases.OpUnit, Ref: u.ref, Name: u.name,
				Kind: string(cases.Department), Parent: c.ref, ValidFrom: date(c.from)}); err != nil {
				return err
			}
		}
	}
	for _, u := range o.lowers {
		if len(o.communes) > 0 {
			break // its lower committees are the communes above
		}
		if err := write(&cases.Command{Op: cases.OpUnit, Ref: u.ref, Name: u.name,
			Kind: string(cases.Lower), Parent: o.ref, Remote: u.remote, Level: o.lowerDates.level,
			ValidFrom: date(o.lowerDates.validFrom), ValidUntil: date(o.lowerDates.validUntil)}); err != nil {
			return err
		}
	}
	if i == 0 {
		return nil
	}
	prev := g.offices[i-1]
	if prev.lowerDates.validUntil != 0 {
		return nil
	}
	for _, u := range prev.lowers {
		if err := write(&cases.Command{Op: cases.OpUnitUntil, Unit: u.ref, Until: date(o.from - 1),
			Reason: "Sắp xếp đơn vị hành chính, tổ chức chính quyền địa phương hai cấp từ " + o.from.VN()}); err != nil {
			return err
		}
	}
	return nil
}

// emitSession writes the session of desk dk on day d, recorded when it
// opens.
func (g *generator) emitSession(dk int16, d cases.Date, kind uint8) error {
	r := mix(g.seed, 5, uint64(d))
	o := g.offices[g.officeOn(d)]
	if dk > 0 {
		r = mix(g.seed, 24, uint64(dk)<<32|uint64(d))
		o = g.communes[dk-1]
	}
	leader := r.weighted([]int{55, 30, 15})
	if d >= noDelegation {
		leader = 0
	}
	c := &g.cmd
	*c = cases.Command{Op: cases.OpSession, Ref: g.sessionRef(dk, d, kind), Kind: string(visitKinds[kind]),
		Date: d.String(), PresidedBy: o.leaders[leader], Delegated: leader > 0, Location: o.reception}
	if kind == kindAdhoc && r.chance(0.4) {
		k := r.intn(len(lowers))
		switch {
		case o.village != nil && len(o.lowers) == 0:
			c.Location = "Nhà văn hóa " + o.village(person{hamlet: k % 4})
		case len(o.lowers) > 0:
			c.Location = "Hội trường " + o.lowers[k%len(o.lowers)].name
		default:
			c.Location = "Nhà văn hóa " + hamlet(k, 0)
		}
	}
	c.RecordedAt = g.ts(min(dayStart(d)+7*3600+int64(r.intn(20*60)), g.now))
	c.RecordedBy = userBoard
	if dk > 0 {
		c.RecordedBy = o.desk
	}
	if g.province {
		c.Committee = o.ref
	}
	return g.enc.Encode(c)
}

// officeAt is the committee whose desk holds petition p at instant at: its
// commune, or the installation's committee in force then.
func (g *generator) officeAt(p *petition, at int64) *office {
	if p.committee > 0 {
		return g.communes[p.committee-1]
	}
	return g.offices[g.officeOn(dateOf(at))]
}

// routedOffice is the committee that routed p.
func (g *generator) routedOffice(p *petition) *office {
	if p.committee > 0 {
		return g.communes[p.committee-1]
	}
	return g.offices[p.office]
}

// committeeRef is the committee a province's petition or visit names at
// instant at (SPEC §10); "" in a history of one committee, whose commands
// name none, as the store of one committee reads them.
func (g *generator) committeeRef(p *petition, at int64) string {
	if !g.province {
		return ""
	}
	return g.officeAt(p, at).ref
}

// noDelegation is the day from which the head receives citizens in person,
// without delegating to a deputy (Luật 136/2025/QH15; workflow/rules.json,
// delegation).
var noDelegation = cases.NewDate(2026, 7, 1)

type decisionKey struct {
	office    uint8
	committee int16
	year      int
	dest      cases.Destination
	unit      int16
	kind      uint8
}

// decision numbers the document of a verdict: per year and per issuing
// committee (the district for its departments, each commune for itself).
func (g *generator) decision(p *petition, at int64, v cases.Verdict) string {
	y, _, _ := dateOf(at).YMD()
	k := decisionKey{office: p.office, committee: p.committee, year: y, dest: p.dest, unit: p.unit}
	if p.dest == cases.ToOwn {
		k.unit = -1
	}
	var suffix string
	switch {
	case v == cases.Answered:
		k.kind, suffix = 2, "/TB-UBND"
	case p.typ == cases.Denunciation:
		k.kind, suffix = 1, "/KL-UBND"
	default:
		k.kind, suffix = 0, "/QĐ-UBND"
	}
	g.decisions[k]++
	return strconv.Itoa(g.decisions[k]) + suffix
}

// head is who records the decisions, at instant at, of the unit the
// petition was routed to: after a reform, the head of the department that
// took over from it.
func (g *generator) head(p *petition, at int64) string {
	o := g.routedOffice(p)
	if p.dest == cases.ToLower {
		return o.lowers[p.unit].head
	}
	if p.committee == 0 {
		o = g.offices[max(int(p.office), g.officeOn(dateOf(at)))]
	}
	return o.departments[o.deptMap[p.unit]].head
}

// emitStep writes step k of petition p.
func (g *generator) emitStep(p *petition, k int) error {
	s := &p.steps[k]
	r := mix(g.seed, 6, uint64(p.idx)<<8|uint64(k))
	c := &g.cmd
	*c = cases.Command{Petition: p.ref}
	user := deskUser(p.desk)
	if p.committee > 0 {
		user = g.communes[p.committee-1].desk
	}
	var delay int
	desk := func() {
		delay = r.between(5*60, 3*3600)
		if r.chance(0.05) { // entered a few days later
			delay = r.between(1, 3) * daySeconds
		}
	}
	unitDelay := func() {
		user = g.head(p, s.at)
		if p.dest == cases.ToLower { // communes report up later
			delay = r.between(3600, 4*daySeconds)
		} else {
			delay = r.between(20*60, daySeconds)
		}
	}
	switch s.op {
	case stPetition:
		c.Op, c.Ref, c.Petition = cases.OpPetition, p.ref, ""
		c.ReceivedAt = g.ts(s.at)
		c.Channel = p.channel
		c.Committee = g.committeeRef(p, s.at)
		o := g.officeAt(p, s.at)
		per := g.personOf(p)
		if p.anonymous {
			c.Petitioner = &cases.Person{Name: "Đơn nặc danh"}
		} else {
			var id, phone float64
			switch p.channel {
			case cases.ByReception:
				id, phone = 1, 0.85
			case cases.ByMail:
				id, phone = 0.55, 0.6
			case cases.Online:
				id, phone = 0.8, 0.97
			default:
				id, phone = 0.4, 0.5
			}
			c.Petitioner = per.full(o, r.chance(id), r.chance(phone))
		}
		if p.people > 1 {
			c.People = int(p.people)
		}
		c.Summary = summary(g.seed, o, p.subjectKey, p.nature, p.field, per, dateOf(p.received))
		switch {
		case p.from != "":
			// Sent up by a commune (SPEC §10): the province's linked
			// petition names the commune's.
			c.TransferredFrom = p.from
			c.Summary += " (đơn do " + g.communes[p.home-1].name + " chuyển đến)"
		case p.channel == cases.TransferredIn:
			c.Summary += " (đơn do " + pick(&r, o.transferFrom) + " chuyển đến)"
		}
		c.SecretWaived = p.waived
		switch p.channel {
		case cases.Online:
			delay = r.between(1, 120)
		case cases.ByReception:
			delay = r.between(2*60, 40*60)
		default:
			delay = r.between(10*60, 5*3600)
		}
	case stVisit:
		c.Op = cases.OpVisit
		c.Ref = g.visitRef(s.at)
		c.At = g.ts(s.at)
		c.Kind = string(visitKinds[s.a])
		if s.a != kindNone {
			c.Session = g.sessionRef(p.committee, dateOf(s.at), s.a)
		}
		c.Committee = g.committeeRef(p, s.at)
		c.People = int(s.n)
		per := g.personOf(p)
		if s.b == 1 { // a relative comes in the petitioner's stead
			rel := personOf(g.seed, p.personKey^0x2545f4914f6cdd1d)
			rel.commune, rel.hamlet, rel.wide = per.commune, per.hamlet, per.wide
			per = rel
		}
		c.Citizen = per.full(g.officeAt(p, s.at), true, r.chance(0.8))
		if s.m != 0 {
			c.FollowUpOn = cases.Date(s.m).String()
		}
		delay = r.between(60, 30*60)
	case stClassify:
		c.Op = cases.OpClassify
		c.At = g.ts(s.at)
		c.Type = types[s.a]
		c.Field = fields[s.b]
		c.Complex = complexities[s.c&3]
		c.Eligible = &no
		if s.c&4 != 0 {
			c.Eligible = &yes
		}
		c.Instance = int(s.c >> 3)
		desk()
	case stRoute:
		c.Op = cases.OpRoute
		c.At = g.ts(s.at)
		c.To = destinations[s.a]
		c.Method = methods[s.b]
		o := g.routedOffice(p)
		switch c.To {
		case cases.ToOwn:
			c.Unit = o.departments[o.deptMap[s.n]].ref
		case cases.ToLower:
			c.Unit = o.lowers[s.n].ref
		case cases.ToJudicial:
			c.Unit = o.judicial[s.n]
		default:
			if s.n == upToProvince {
				c.Unit = g.offices[g.officeOn(dateOf(s.at))].ref
				break
			}
			c.Unit = o.other[s.n]
		}
		desk()
	case stArchive:
		c.Op = cases.OpArchive
		c.At = g.ts(s.at)
		c.Reason = string(archives[s.a])
		if archives[s.a] == cases.Duplicate {
			c.DuplicateOf = p.dupOf
		}
		desk()
	case stAccept:
		c.Op = cases.OpAccept
		c.At = g.ts(s.at)
		unitDelay()
	case stReject:
		c.Op = cases.OpReject
		c.At = g.ts(s.at)
		c.Reason = rejectReasons[types[s.b]][s.a]
		unitDelay()
	case stExtend:
		c.Op = cases.OpExtend
		c.At = g.ts(s.at)
		c.Days = int(s.n)
		unitDelay()
	case stSuspend:
		c.Op = cases.OpSuspend
		c.At = g.ts(s.at)
		c.Reason = suspendReasons[s.a]
		unitDelay()
	case stResume:
		c.Op = cases.OpResume
		c.At = g.ts(s.at)
		unitDelay()
	case stResolve:
		c.Op = cases.OpResolve
		c.At = g.ts(s.at)
		c.Verdict = verdicts[s.a]
		unitDelay()
		if c.Verdict != cases.Answered && p.dest == cases.ToOwn {
			user = g.officeAt(p, s.at).chairman // the chairman signs the committee's decisions
		}
		if c.Verdict != cases.Answered || r.chance(0.8) {
			c.Decision = g.decision(p, s.at, c.Verdict)
		}
	case stImplement:
		c.Op = cases.OpImplement
		c.At = g.ts(s.at)
		unitDelay()
	case stTerminate:
		c.Op = cases.OpTerminate
		c.At = g.ts(s.at)
		c.Reason = string(terminations[s.a])
		if p.dest == cases.ToOwn || p.dest == cases.ToLower {
			unitDelay()
		} else {
			desk()
		}
	case stDialogue:
		c.Op = cases.OpDialogue
		c.At = g.ts(s.at)
		c.On = cases.Date(s.n).String()
		if p.dest == cases.ToLower {
			c.Place = "Hội trường " + g.routedOffice(p).lowers[p.unit].name
		} else {
			c.Place = g.officeAt(p, dayStart(cases.Date(s.n))).reception
		}
		unitDelay()
	}
	rec := s.at + int64(delay)
	if s.op != stPetition || p.channel != cases.Online { // people record in office hours
		rec = officeOrNext(rec, &r)
	}
	rec = max(rec, p.lastRec)
	rec = min(rec, g.now)
	p.lastRec = rec
	c.RecordedAt = g.ts(rec)
	c.RecordedBy = user
	return g.enc.Encode(c)
}

// personOf is the petitioner of p; a petition a commune sent up lives in
// that commune.
func (g *generator) personOf(p *petition) person {
	per := personOf(g.seed, p.personKey)
	if p.home > 0 {
		per.wide = int(p.home - 1)
	}
	return per
}

// visitRef numbers visits per year, in the order they happen.
func (g *generator) visitRef(at int64) string {
	y, _, _ := dateOf(at).YMD()
	if y != g.visitYear {
		g.visitYear, g.visitSeq = y, 0
	}
	g.visitSeq++
	return "LT-" + strconv.Itoa(y) + "-" + pad(g.visitSeq, 6)
}

// ts formats instant s as RFC 3339 in +07:00, the form cases.Command.Validate
// writes, so that a line reads the same after validation.
func (g *generator) ts(s int64) string {
	d := dateOf(s)
	if d != g.tsDay {
		g.tsDay, g.tsDate = d, d.String()
	}
	sec := int(s - dayStart(d))
	b := append(g.tsBuf[:0], g.tsDate...)
	b = append(b, 'T', byte('0'+sec/36000), byte('0'+sec/3600%10), ':',
		byte('0'+sec%3600/600), byte('0'+sec%3600/60%10), ':',
		byte('0'+sec%60/10), byte('0'+sec%10))
	b = append(b, "+07:00"...)
	g.tsBuf = b
	return string(b)
}

// officeOrNext is t when it falls in office hours, else an instant early in
// the next office period: work done after hours is entered the next morning.
func officeOrNext(t int64, r *rng) int64 {
	d, sec := dateOf(t), secOfDay(t)
	switch {
	case !working(d) || sec >= afternoonEnd:
		return dayStart(nextWorking(d+1)) + morningStart + int64(r.intn(3600))
	case sec < morningStart:
		return dayStart(nextWorking(d)) + morningStart + int64(r.intn(3600))
	case sec >= morningEnd && sec < afternoonStart:
		return dayStart(d) + afternoonStart + int64(r.intn(1800))
	}
	return t
}
