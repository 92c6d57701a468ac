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

// emitUnits writes the installation: the committee, its departments and the
// lower committees, recorded by the administrator the afternoon before the
// history starts.
func (g *generator) emitUnits() error {
	at := dayStart(g.first-1) + 16*3600
	n := 0
	write := func(c *cases.Command) error {
		c.RecordedAt = g.ts(min(at+int64(n)*60, g.now))
		c.RecordedBy = userAdmin
		n++
		return g.enc.Encode(c)
	}
	if err := write(&cases.Command{Op: cases.OpUnit, Ref: ownRef, Name: ownName,
		Kind: string(cases.Own), LowerLabel: "UBND các xã, thị trấn"}); err != nil {
		return err
	}
	for _, u := range departments {
		if err := write(&cases.Command{Op: cases.OpUnit, Ref: u.ref, Name: u.name,
			Kind: string(cases.Department), Parent: ownRef}); err != nil {
			return err
		}
	}
	for _, u := range lowers {
		if err := write(&cases.Command{Op: cases.OpUnit, Ref: u.ref, Name: u.name,
			Kind: string(cases.Lower), Parent: ownRef, Remote: u.remote}); err != nil {
			return err
		}
	}
	return nil
}

// emitSession writes the session of day d, recorded when it opens.
func (g *generator) emitSession(d cases.Date, kind uint8) error {
	r := mix(g.seed, 5, uint64(d))
	leader := r.weighted([]int{55, 30, 15})
	c := &g.cmd
	*c = cases.Command{Op: cases.OpSession, Ref: sessionRef(d, kind), Kind: string(visitKinds[kind]),
		Date: d.String(), PresidedBy: leaders[leader], Delegated: leader > 0, Location: receptionOffice}
	if kind == kindAdhoc && r.chance(0.4) {
		c.Location = "Hội trường " + lowers[r.intn(len(lowers))].name
	}
	c.RecordedAt = g.ts(min(dayStart(d)+7*3600+int64(r.intn(20*60)), g.now))
	c.RecordedBy = userBoard
	return g.enc.Encode(c)
}

type decisionKey struct {
	year int
	dest cases.Destination
	unit int16
	kind uint8
}

// decision numbers the document of a verdict: per year and per issuing
// committee (the district for its departments, each commune for itself).
func (g *generator) decision(p *petition, at int64, v cases.Verdict) string {
	y, _, _ := dateOf(at).YMD()
	k := decisionKey{year: y, dest: p.dest, unit: p.unit}
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

// head is who records the decisions of the unit the petition was routed to.
func (p *petition) head() string {
	if p.dest == cases.ToLower {
		return lowers[p.unit].head
	}
	return departments[p.unit].head
}

// emitStep writes step k of petition p.
func (g *generator) emitStep(p *petition, k int) error {
	s := &p.steps[k]
	r := mix(g.seed, 6, uint64(p.idx)<<8|uint64(k))
	c := &g.cmd
	*c = cases.Command{Petition: p.ref}
	user := deskUser(p.desk)
	var delay int
	desk := func() {
		delay = r.between(5*60, 3*3600)
		if r.chance(0.05) { // entered a few days later
			delay = r.between(1, 3) * daySeconds
		}
	}
	unitDelay := func() {
		user = p.head()
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
		per := personOf(g.seed, p.personKey)
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
			c.Petitioner = per.full(r.chance(id), r.chance(phone))
		}
		if p.people > 1 {
			c.People = int(p.people)
		}
		c.Summary = summary(g.seed, p.subjectKey, p.nature, p.field, per, dateOf(p.received))
		if p.channel == cases.TransferredIn {
			c.Summary += " (đơn do " + pick(&r, transferSources) + " chuyển đến)"
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
			c.Session = sessionRef(dateOf(s.at), s.a)
		}
		c.People = int(s.n)
		per := personOf(g.seed, p.personKey)
		if s.b == 1 { // a relative comes in the petitioner's stead
			rel := personOf(g.seed, p.personKey^0x2545f4914f6cdd1d)
			rel.commune, rel.hamlet = per.commune, per.hamlet
			per = rel
		}
		c.Citizen = per.full(true, r.chance(0.8))
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
		switch c.To {
		case cases.ToOwn:
			c.Unit = departments[s.n].ref
		case cases.ToLower:
			c.Unit = lowers[s.n].ref
		case cases.ToJudicial:
			c.Unit = judicialAgencies[s.n]
		default:
			c.Unit = otherAgencies[s.n]
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
			user = userChairman // the chairman signs the district's decisions
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
			c.Place = "Hội trường " + lowers[p.unit].name
		} else {
			c.Place = receptionOffice
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
