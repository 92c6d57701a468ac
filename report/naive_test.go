package report_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// This file counts SPEC §4 a second, deliberately plain way, to check
// report.Compute: an oracle that shares no code with the report package nor
// with the domain's fold. It reads every event of the history straight from
// the events table, keeps those dated (the +07:00 date of their at) on or
// before the last day of the period and recorded at or before as_of, keeps a
// small record of its own for each petition, and counts each figure with a
// loop over everything, written from the words of SPEC §4 and of the
// "Statistics" decisions in docs/decisions.md, not from compute.go.
//
// It takes from report only the shape it fills (Figures and its field types,
// Period) and the deadlines it is handed (the workflow's rules: the law is
// not the report's); from cases only the enums, Date and DecodeCommand. It
// never calls cases.Petition.Apply, nor any helper that folds or follows
// chains: a cases.Petition is built by hand only to ask the deadlines.

// naiveEvent is one row of the events table.
type naiveEvent struct {
	seq      int64
	at       int64      // unix µs
	day      cases.Date // the date of at in +07:00
	recorded int64      // unix µs
	cmd      cases.Command
}

// readAllEvents reads the whole history straight from the events table.
func readAllEvents(tb testing.TB, path string) []naiveEvent {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT seq, at, day, recorded_at, data FROM events ORDER BY seq`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []naiveEvent
	for rows.Next() {
		var e naiveEvent
		var stored int64
		var data string
		if err := rows.Scan(&e.seq, &e.at, &stored, &e.recorded, &data); err != nil {
			tb.Fatal(err)
		}
		// SPEC §4: the date of an instant is its date in +07:00. The day
		// column says the same, or the history is not what it claims.
		e.day = cases.DateOf(time.UnixMicro(e.at))
		if int64(e.day) != stored {
			tb.Fatalf("event %d: at %s is on %s, but its day column says %s",
				e.seq, time.UnixMicro(e.at).In(cases.Zone).Format(time.RFC3339), e.day, cases.Date(stored))
		}
		if e.cmd, err = cases.DecodeCommand([]byte(data)); err != nil {
			tb.Fatalf("event %d: %v", e.seq, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// naiveUnit is a unit as recorded.
type naiveUnit struct {
	seq    int64 // its event: units[] lists lower committees in this order
	name   string
	parent string
	remote bool
}

type naiveSession struct {
	day    cases.Date
	kind   cases.VisitKind
	online bool
}

type naiveVisit struct {
	seq, at  int64
	day      cases.Date
	kind     cases.VisitKind
	petition string
	people   int
	// online: the visit says so, or the session it names was held online
	// (SPEC §9).
	online bool
}

// naivePetition is what the count needs of one petition, as its kept events
// leave it.
type naivePetition struct {
	ref        string
	receivedAt int64 // unix µs
	received   cases.Date
	channel    cases.Channel

	// As last classified.
	typ        cases.Type
	complexity cases.Complexity
	instance   int

	// The last route's destination and unit, and the day of every route.
	routeTo cases.Destination
	method  cases.Method
	unit    string
	routes  []cases.Date

	archived    *cases.Date
	duplicateOf string // set when archived as a duplicate

	accepted      *cases.Date
	acceptedAt    int64 // unix µs
	extensionDays int
	suspendedDays int         // calendar days of the suspensions that ended
	suspendedOn   *cases.Date // the start of a suspension still running

	resolved    *cases.Date
	verdict     cases.Verdict
	outcome     cases.Outcome
	implemented []cases.Date
	terminated  *cases.Date

	// left is the day it left the desk: its first route, archive or
	// terminate.
	left *cases.Date
}

// naiveWorld is everything kept at the end of one day, as of one instant.
type naiveWorld struct {
	units     map[string]naiveUnit
	sessions  []naiveSession
	visits    []naiveVisit
	petitions map[string]*naivePetition
}

func dayOf(d cases.Date) *cases.Date { return &d }

// naiveKeep keeps the events dated on or before to and recorded at or before
// asOf (unix µs), each judged alone, and notes what each says.
func naiveKeep(events []naiveEvent, to cases.Date, asOf int64) *naiveWorld {
	w := &naiveWorld{units: map[string]naiveUnit{}, petitions: map[string]*naivePetition{}}
	onlineSessions := map[string]bool{}
	for i := range events {
		e := &events[i]
		if e.day > to || e.recorded > asOf {
			continue
		}
		c := &e.cmd
		switch c.Op {
		case cases.OpUnit:
			w.units[c.Ref] = naiveUnit{seq: e.seq, name: c.Name, parent: c.Parent, remote: c.Remote}
		case cases.OpSession:
			w.sessions = append(w.sessions, naiveSession{day: e.day, kind: cases.VisitKind(c.Kind), online: c.Online})
			onlineSessions[c.Ref] = c.Online
		case cases.OpVisit:
			w.visits = append(w.visits, naiveVisit{seq: e.seq, at: e.at, day: e.day,
				kind: cases.VisitKind(c.Kind), petition: c.Petition, people: c.People,
				online: c.Online || (c.Session != "" && onlineSessions[c.Session])})
		case cases.OpPetition:
			w.petitions[c.Ref] = &naivePetition{ref: c.Ref, receivedAt: e.at, received: e.day, channel: c.Channel}
		case cases.OpDialogue:
			// Not a workflow event; no figure counts it.
		default:
			// A petition exists only if its creation is kept.
			if p := w.petitions[c.Petition]; p != nil {
				p.note(e)
			}
		}
	}
	return w
}

// note records what one workflow event says about the petition.
func (p *naivePetition) note(e *naiveEvent) {
	c := &e.cmd
	switch c.Op {
	case cases.OpClassify:
		p.typ, p.complexity, p.instance = c.Type, c.Complex, c.Instance
	case cases.OpRoute:
		p.routeTo, p.unit, p.method = c.To, c.Unit, c.Method
		p.routes = append(p.routes, e.day)
		p.leave(e.day)
	case cases.OpArchive:
		p.archived = dayOf(e.day)
		if cases.ArchiveReason(c.Reason) == cases.Duplicate {
			p.duplicateOf = c.DuplicateOf
		}
		p.leave(e.day)
	case cases.OpAccept:
		p.accepted, p.acceptedAt = dayOf(e.day), e.at
	case cases.OpExtend:
		p.extensionDays += c.Days
	case cases.OpSuspend:
		p.suspendedOn = dayOf(e.day)
	case cases.OpResume:
		if p.suspendedOn != nil {
			p.suspendedDays += int(e.day - *p.suspendedOn)
			p.suspendedOn = nil
		}
	case cases.OpResolve:
		p.resolved, p.verdict, p.outcome = dayOf(e.day), c.Verdict, c.Outcome
	case cases.OpImplement:
		p.implemented = append(p.implemented, e.day)
	case cases.OpTerminate:
		p.terminated = dayOf(e.day)
		p.leave(e.day)
	}
}

func (p *naivePetition) leave(d cases.Date) {
	if p.left == nil {
		p.left = dayOf(d)
	}
}

// matter follows duplicate_of from a petition archived as a duplicate to the
// petition it duplicates, to the end of the chain; the ref there names the
// matter. A visit about a petition not yet recorded is its own matter.
func (w *naiveWorld) matter(ref string) string {
	for steps := 0; steps <= len(w.petitions); steps++ {
		p := w.petitions[ref]
		if p == nil || p.duplicateOf == "" {
			return ref
		}
		ref = p.duplicateOf
	}
	return ref // a cycle, which the workflow refuses
}

// remote says whether the unit, or a unit above it, is recorded remote.
func (w *naiveWorld) remote(unit string) bool {
	for steps := 0; steps <= len(w.units); steps++ {
		u, ok := w.units[unit]
		if !ok {
			return false
		}
		if u.remote {
			return true
		}
		unit = u.parent
	}
	return false
}

func in(d, from, to cases.Date) bool { return from <= d && d <= to }

func inP(d *cases.Date, from, to cases.Date) bool { return d != nil && in(*d, from, to) }

func before(d *cases.Date, day cases.Date) bool { return d != nil && *d < day }

// yearEarlier is the same date one year earlier, 29 February becoming 28.
func yearEarlier(d cases.Date) cases.Date {
	y, m, dd := d.YMD()
	if m == time.February && dd == 29 {
		dd = 28
	}
	return cases.NewDate(y-1, m, dd)
}

// naiveReception counts the reception of [from, to] in w, kept at the end of
// to.
func naiveReception(w *naiveWorld, from, to cases.Date, threshold int) report.ReceptionFigures {
	var r report.ReceptionFigures
	for _, s := range w.sessions {
		if !in(s.day, from, to) {
			continue
		}
		switch s.kind {
		case cases.Periodic:
			r.Sessions.Periodic++
		case cases.AdHoc:
			r.Sessions.AdHoc++
		}
		r.Sessions.Total++
		if s.online {
			r.Online.Sessions++
		}
	}

	// The first visit ever of each matter: the earliest kept visit, by at
	// and then by the order of recording, of any of its petitions.
	first := map[string]int64{} // matter → seq of its first visit
	firstAt := map[string]int64{}
	for _, v := range w.visits {
		m := w.matter(v.petition)
		at, seen := firstAt[m]
		if !seen || v.at < at || (v.at == at && v.seq < first[m]) {
			first[m], firstAt[m] = v.seq, v.at
		}
	}

	byKind := map[cases.VisitKind]map[string]bool{cases.Regular: {}, cases.Periodic: {}, cases.AdHoc: {}}
	all, firstCases, repeatCases, groupCases := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	onlineCases := map[string]bool{}
	for _, v := range w.visits {
		if !in(v.day, from, to) {
			continue
		}
		m := w.matter(v.petition)
		switch v.kind {
		case cases.Regular:
			r.Visits.Regular++
			r.People.Regular += v.people
		case cases.Periodic:
			r.Visits.Periodic++
			r.People.Periodic += v.people
		case cases.AdHoc:
			r.Visits.AdHoc++
			r.People.AdHoc += v.people
		}
		r.Visits.Total++
		r.People.Total += v.people
		if byKind[v.kind] != nil {
			byKind[v.kind][m] = true
		}
		all[m] = true
		if first[m] == v.seq {
			r.FirstTime.Visits++
			firstCases[m] = true
		} else {
			r.Repeat.Visits++
			repeatCases[m] = true
		}
		if v.people >= threshold {
			r.Groups.Visits++
			r.Groups.People += v.people
			groupCases[m] = true
		}
		if v.online {
			r.Online.Visits++
			r.Online.People += v.people
			onlineCases[m] = true
		}
	}
	r.Cases.Regular = len(byKind[cases.Regular])
	r.Cases.Periodic = len(byKind[cases.Periodic])
	r.Cases.AdHoc = len(byKind[cases.AdHoc])
	r.Cases.Total = len(all)
	r.FirstTime.Cases = len(firstCases)
	r.Repeat.Cases = len(repeatCases)
	r.Groups.Cases = len(groupCases)
	r.Online.Cases = len(onlineCases)
	return r
}

// handlingAsk is the petition as the handling deadline reads it: its receipt,
// type and instance.
func (p *naivePetition) handlingAsk() *cases.Petition {
	return &cases.Petition{Ref: p.ref, ReceivedAt: time.UnixMicro(p.receivedAt).In(cases.Zone),
		Type: p.typ, Instance: p.instance}
}

// resolutionAsk is the accepted petition as the resolution deadline reads it
// at the end of to: its acceptance, type, instance, complexity, extension
// days and the calendar days it spent suspended, a suspension still running
// counting up to to.
func (p *naivePetition) resolutionAsk(to cases.Date) *cases.Petition {
	accepted := time.UnixMicro(p.acceptedAt).In(cases.Zone)
	suspended := p.suspendedDays
	if p.suspendedOn != nil && to > *p.suspendedOn {
		suspended += int(to - *p.suspendedOn)
	}
	return &cases.Petition{Ref: p.ref, ReceivedAt: time.UnixMicro(p.receivedAt).In(cases.Zone),
		Type: p.typ, Instance: p.instance, Complex: p.complexity, AcceptedAt: &accepted,
		ExtensionDays: p.extensionDays, SuspendedDays: suspended}
}

// naivePercent is part / whole × 100 in hundredths, rounded half up; nil when
// whole is 0.
func naivePercent(part, whole int) *report.Percent {
	if whole == 0 {
		return nil
	}
	p := report.Percent((part*20000 + whole) / (2 * whole))
	return &p
}

// naiveResolution counts the results over the accepted petitions of type typ
// whose last route went to dest (and, when unit is not "", to that unit), for
// the period [from, to] in w.
func naiveResolution(tb testing.TB, w *naiveWorld, from, to cases.Date, dl report.Deadlines,
	typ cases.Type, dest cases.Destination, unit string) report.ResolutionFigures {
	tb.Helper()
	var g report.ResolutionFigures
	// SPEC §9: complaints, own and lower, say how many of those resolved
	// were of the second instance, and their outcomes.
	if typ == cases.Complaint && unit == "" {
		g.SecondInstance = &report.SecondInstance{}
	}
	for _, p := range w.petitions {
		if p.typ != typ || p.routeTo != dest || (unit != "" && p.unit != unit) {
			continue
		}
		// Every implement event in P, whenever the petition was resolved.
		for _, d := range p.implemented {
			if in(d, from, to) {
				g.Implemented++
			}
		}
		if p.accepted == nil {
			continue
		}
		switch {
		case *p.accepted < from:
			if before(p.resolved, from) || before(p.terminated, from) {
				continue
			}
			g.CarriedOver++
		case in(*p.accepted, from, to):
			g.Accepted++
		default:
			continue
		}
		g.MustResolve++
		due := func() cases.Date {
			d, err := dl.Resolution(p.resolutionAsk(to), w.remote(p.unit), to)
			if err != nil {
				tb.Fatal(err)
			}
			return d
		}
		switch {
		case inP(p.resolved, from, to):
			g.Resolved++
			switch p.verdict {
			case cases.Correct:
				g.Verdicts.Correct++
			case cases.Incorrect:
				g.Verdicts.Incorrect++
			case cases.PartlyCorrect:
				g.Verdicts.PartlyCorrect++
			}
			if g.SecondInstance != nil && p.instance == 2 {
				g.SecondInstance.Resolved++
				switch p.outcome {
				case cases.Upheld:
					g.SecondInstance.Upheld++
				case cases.Annulled:
					g.SecondInstance.Annulled++
				case cases.Amended:
					g.SecondInstance.Amended++
				}
			}
			if *p.resolved <= due() {
				g.OnTime++
			} else {
				g.Late++
			}
		case inP(p.terminated, from, to):
			g.Terminated++
		default:
			g.InProgress++
			if due() < to {
				g.Overdue++
			}
		}
	}
	g.Rate = naivePercent(g.Resolved, g.MustResolve)
	return g
}

// naiveMethod counts one petition that left by m.
func naiveMethod(ms *report.Methods, m cases.Method) {
	switch m {
	case cases.Assign:
		ms.Assign++
	case cases.Guide:
		ms.Guide++
	case cases.Transfer:
		ms.Transfer++
	case cases.Urge:
		ms.Urge++
	}
}

// naiveCompute counts every figure of SPEC §4 for period p, as of asOf (zero:
// everything recorded), with visits of threshold people or more as groups.
func naiveCompute(tb testing.TB, events []naiveEvent, p report.Period, asOf time.Time, threshold int, dl report.Deadlines) *report.Figures {
	tb.Helper()
	return naiveComputeOn(tb, events, p, asOf, 0, threshold, dl)
}

// naiveComputeOn is naiveCompute for a report made on day today (0: no
// day): a period not ended by today, or by the day of asOf, is counted up
// to the earlier of those days, and P' up to the same day a year earlier
// (SPEC §9, "Unfinished periods").
func naiveComputeOn(tb testing.TB, events []naiveEvent, p report.Period, asOf time.Time, today cases.Date, threshold int, dl report.Deadlines) *report.Figures {
	tb.Helper()
	from, to := p.From, p.To
	f := &report.Figures{Version: 1, Period: p,
		PreviousPeriod: report.Period{From: yearEarlier(from), To: yearEarlier(to)}}
	if today != 0 && today < to {
		to = today
	}
	if !asOf.IsZero() && cases.DateOf(asOf) < to {
		to = cases.DateOf(asOf)
	}
	if to < from {
		tb.Fatalf("naive count: %s begins after %s", p, to)
	}
	prev := report.Period{From: yearEarlier(from), To: yearEarlier(to)}
	if to < p.To {
		day, prevDay := to, prev.To
		f.AsOfDay, f.PreviousAsOfDay = &day, &prevDay
	}
	kept := int64(1<<63 - 1)
	if !asOf.IsZero() {
		kept = asOf.UnixMicro()
		t := asOf.In(cases.Zone)
		f.AsOf = &t
	}
	// Figures describe the state at the end of to; P' at the end of P'.to.
	w := naiveKeep(events, to, kept)
	wp := naiveKeep(events, prev.To, kept)

	// reception, reception.previous
	f.Reception.ReceptionFigures = naiveReception(w, from, to, threshold)
	f.Reception.Previous = naiveReception(wp, prev.From, prev.To, threshold)

	// reception_petitions: petitions with channel reception received in P,
	// their matters, and where each went.
	rpCases := map[string]bool{}
	for _, q := range w.petitions {
		if q.channel != cases.ByReception || !in(q.received, from, to) {
			continue
		}
		rp := &f.ReceptionPetitions
		rp.Petitions++
		rpCases[w.matter(q.ref)] = true
		switch {
		case q.routeTo == cases.ToOwn:
			rp.ByDestination.Own++
		case q.routeTo == cases.ToLower:
			rp.ByDestination.Lower++
		case q.routeTo == cases.ToJudicial:
			rp.ByDestination.Judicial++
		case q.routeTo == cases.ToOther:
			rp.ByDestination.Other++
		case q.archived != nil:
			rp.ByDestination.Archived++
		case q.terminated != nil:
			rp.ByDestination.Terminated++
		default:
			rp.ByDestination.Pending++
		}
	}
	f.ReceptionPetitions.Cases = len(rpCases)
	// reception_petitions.sent_on: those sent to lower, judicial or other,
	// by the method of their last route.
	for _, q := range w.petitions {
		if q.channel != cases.ByReception || !in(q.received, from, to) ||
			(q.routeTo != cases.ToLower && q.routeTo != cases.ToJudicial && q.routeTo != cases.ToOther) {
			continue
		}
		naiveMethod(&f.ReceptionPetitions.SentOn, q.method)
	}

	// received: complaints and denunciations (type as last classified by
	// to) received in P through any channel, their matters, where they
	// went; and the petitions of P' (type as last classified by P'.to).
	receivedOf := func(t cases.Type) *report.ReceivedFigures {
		switch t {
		case cases.Complaint:
			return &f.Received.Complaint
		case cases.Denunciation:
			return &f.Received.Denunciation
		}
		return nil
	}
	typeCases := map[cases.Type]map[string]bool{cases.Complaint: {}, cases.Denunciation: {}}
	totalCases := map[string]bool{}
	for _, q := range w.petitions {
		rf := receivedOf(q.typ)
		if rf == nil || !in(q.received, from, to) {
			continue
		}
		m := w.matter(q.ref)
		typeCases[q.typ][m] = true
		totalCases[m] = true
		for _, g := range []*report.ReceivedFigures{rf, &f.Received.Total} {
			g.Petitions++
			switch {
			case q.routeTo == cases.ToOwn:
				g.ByDestination.Own++
			case q.routeTo == cases.ToLower:
				g.ByDestination.Lower++
			case q.routeTo == cases.ToJudicial || q.routeTo == cases.ToOther || q.archived != nil || q.terminated != nil:
				g.ByDestination.Other++
			default:
				g.ByDestination.Pending++
			}
		}
	}
	f.Received.Complaint.Cases = len(typeCases[cases.Complaint])
	f.Received.Denunciation.Cases = len(typeCases[cases.Denunciation])
	f.Received.Total.Cases = len(totalCases)
	for _, q := range wp.petitions {
		if rf := receivedOf(q.typ); rf != nil && in(q.received, prev.From, prev.To) {
			rf.PreviousPetitions++
			f.Received.Total.PreviousPetitions++
		}
	}

	// resolution: by type and by where the last route went; for lower, each
	// lower committee with any figure, in the order the units were recorded.
	for _, typ := range []cases.Type{cases.Complaint, cases.Denunciation} {
		rc := &f.Resolution.Complaint
		if typ == cases.Denunciation {
			rc = &f.Resolution.Denunciation
		}
		rc.Own = naiveResolution(tb, w, from, to, dl, typ, cases.ToOwn, "")
		rc.Lower.ResolutionFigures = naiveResolution(tb, w, from, to, dl, typ, cases.ToLower, "")
		seen := map[string]bool{}
		var units []string
		for _, q := range w.petitions {
			if q.typ == typ && q.routeTo == cases.ToLower && !seen[q.unit] {
				seen[q.unit] = true
				units = append(units, q.unit)
			}
		}
		sort.Slice(units, func(i, j int) bool {
			ui, oki := w.units[units[i]]
			uj, okj := w.units[units[j]]
			switch {
			case oki && okj:
				return ui.seq < uj.seq
			case oki != okj:
				return oki
			}
			return units[i] < units[j]
		})
		rc.Lower.Units = []report.UnitResolution{}
		for _, unit := range units {
			g := naiveResolution(tb, w, from, to, dl, typ, cases.ToLower, unit)
			if g == (report.ResolutionFigures{}) {
				continue
			}
			name := unit
			if u, ok := w.units[unit]; ok {
				name = u.name
			}
			rc.Lower.Units = append(rc.Lower.Units, report.UnitResolution{Unit: unit, UnitName: name, ResolutionFigures: g})
		}
	}

	// other: recommendations and reflections (type as of to) routed in P,
	// whenever received, and their matters.
	otherCases := map[string]bool{}
	for _, q := range w.petitions {
		if q.typ != cases.Recommendation && q.typ != cases.Reflection {
			continue
		}
		for _, d := range q.routes {
			if in(d, from, to) {
				f.Other.Petitions++
				naiveMethod(&f.Other.ByMethod, q.method)
				otherCases[w.matter(q.ref)] = true
				break
			}
		}
	}
	f.Other.Cases = len(otherCases)

	// handling: petitions received in P, by whether they left the desk
	// (route, archive, terminate) by their handling deadline; the others by
	// whether that deadline is before to.
	for _, q := range w.petitions {
		if !in(q.received, from, to) {
			continue
		}
		due, err := dl.Handling(q.handlingAsk())
		if err != nil {
			tb.Fatal(err)
		}
		// received_by_type: every petition received in P, by type as
		// last classified; without a type, archived or not.
		rt := &f.ReceivedByType
		rt.Total++
		switch q.typ {
		case cases.Complaint:
			rt.Complaint++
		case cases.Denunciation:
			rt.Denunciation++
		case cases.Recommendation:
			rt.Recommendation++
		case cases.Reflection:
			rt.Reflection++
		default:
			if q.archived != nil {
				rt.Archived++
			} else {
				rt.Unclassified++
			}
		}
		switch {
		case q.left != nil && *q.left <= due:
			f.Handling.OnTime++
		case q.left != nil:
			f.Handling.Late++
		case due < to:
			f.Handling.PendingOverdue++
		default:
			f.Handling.PendingInTime++
		}
	}
	return f
}

// naiveCorners reach what the demo histories and the scenario do not, where
// the naive count reads dates on its own: a suspension still running whose
// days decide whether a case is overdue at the end of the period, an ended
// suspension whose days decide whether a resolve was on time, and instants
// on either side of a period's first and last days given in another offset.
var naiveCorners = []string{
	`2022-01-01T08:00:00|{"op":"unit","ref":"huyen","name":"UBND huyện Thử","kind":"own","lower_label":"UBND các xã"}`,
	`2022-01-01T08:00:00|{"op":"unit","ref":"phong-a","name":"Phòng A","kind":"department","parent":"huyen"}`,

	// D1: accepted on 02/01/2023 (due 01/02), suspended on 02/02 and still
	// suspended on 14/06: due 13/06, one day before the end of 2023-H1.
	`2023-01-01T08:00:00|{"op":"petition","ref":"D1","received_at":"2023-01-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Võ P"},"summary":"Tố cáo"}`,
	`2023-01-01T09:00:00|{"op":"classify","petition":"D1","at":"2023-01-01T09:00:00+07:00","type":"denunciation","field":"land","eligible":true}`,
	`2023-01-01T10:00:00|{"op":"route","petition":"D1","at":"2023-01-01T10:00:00+07:00","to":"own","unit":"phong-a","method":"assign"}`,
	`2023-01-02T08:00:00|{"op":"accept","petition":"D1","at":"2023-01-02T08:00:00+07:00"}`,
	`2023-02-02T08:00:00|{"op":"suspend","petition":"D1","at":"2023-02-02T08:00:00+07:00","reason":"chờ giám định"}`,

	// D2: the same, suspended on 20/01, before its deadline: due 26/06.
	`2023-01-01T08:00:00|{"op":"petition","ref":"D2","received_at":"2023-01-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Võ Q"},"summary":"Tố cáo"}`,
	`2023-01-01T09:00:00|{"op":"classify","petition":"D2","at":"2023-01-01T09:00:00+07:00","type":"denunciation","field":"land","eligible":true}`,
	`2023-01-01T10:00:00|{"op":"route","petition":"D2","at":"2023-01-01T10:00:00+07:00","to":"own","unit":"phong-a","method":"assign"}`,
	`2023-01-02T08:00:00|{"op":"accept","petition":"D2","at":"2023-01-02T08:00:00+07:00"}`,
	`2023-01-20T08:00:00|{"op":"suspend","petition":"D2","at":"2023-01-20T08:00:00+07:00","reason":"chờ giám định"}`,

	// D3: accepted on 01/03, suspended from 10/03 to 20/03 (10 days): due
	// 10/04; resolved on 11/04, one day late.
	`2023-02-27T08:00:00|{"op":"petition","ref":"D3","received_at":"2023-02-27T08:00:00+07:00","channel":"mail","petitioner":{"name":"Võ R"},"summary":"Tố cáo"}`,
	`2023-02-27T09:00:00|{"op":"classify","petition":"D3","at":"2023-02-27T09:00:00+07:00","type":"denunciation","field":"land","eligible":true}`,
	`2023-02-27T10:00:00|{"op":"route","petition":"D3","at":"2023-02-27T10:00:00+07:00","to":"own","unit":"phong-a","method":"assign"}`,
	`2023-03-01T08:00:00|{"op":"accept","petition":"D3","at":"2023-03-01T08:00:00+07:00"}`,
	`2023-03-10T08:00:00|{"op":"suspend","petition":"D3","at":"2023-03-10T08:00:00+07:00","reason":"chờ giám định"}`,
	`2023-03-20T08:00:00|{"op":"resume","petition":"D3","at":"2023-03-20T08:00:00+07:00"}`,
	`2023-04-11T08:00:00|{"op":"resolve","petition":"D3","at":"2023-04-11T08:00:00+07:00","verdict":"correct"}`,

	// P1 is received on 14/12/2022 at 23:59, before 2023-H1; P2 at 17:30Z
	// the same day, which is 00:30 on 15/12 in +07:00, in it. D1 is visited
	// at 23:59 on 14/06/2023, in 2023-H1, and at 17:30Z that day, after it.
	`2022-12-15T08:00:00|{"op":"petition","ref":"P1","received_at":"2022-12-14T23:59:00+07:00","channel":"reception","petitioner":{"name":"Lê S"},"summary":"Kiến nghị"}`,
	`2022-12-15T08:00:00|{"op":"petition","ref":"P2","received_at":"2022-12-14T17:30:00Z","channel":"reception","petitioner":{"name":"Lê T"},"summary":"Kiến nghị"}`,
	`2023-06-15T08:00:00|{"op":"visit","ref":"VD1a","at":"2023-06-14T23:59:00+07:00","kind":"regular","petition":"D1","people":1}`,
	`2023-06-15T08:00:00|{"op":"visit","ref":"VD1b","at":"2023-06-14T17:30:00Z","kind":"regular","petition":"D1","people":1}`,
}

// TestNaiveCountCorners compares Compute and the naive count where the
// corners above decide the figures, and checks that they were reached.
func TestNaiveCountCorners(t *testing.T) {
	path := filepath.Join(t.TempDir(), "corners.db")
	db := openStore(t, path)
	for _, l := range naiveCorners {
		rec, line, _ := strings.Cut(l, "|")
		recAt, err := time.ParseInLocation("2006-01-02T15:04:05", rec, cases.Zone)
		if err != nil {
			t.Fatal(err)
		}
		c, err := cases.DecodeCommand([]byte(line))
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if _, err := db.Exec(context.Background(), c, cases.Meta{Now: recAt, User: "tester"}); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	events := readAllEvents(t, path)
	p := mustPeriod(t, "2023-H1")
	dl := testDeadlines()
	for _, tc := range []struct {
		asOf time.Time
		want map[string]string
	}{
		{want: map[string]string{
			"resolution.denunciation.own.accepted": "3", "resolution.denunciation.own.resolved": "1",
			"resolution.denunciation.own.late": "1", "resolution.denunciation.own.on_time": "0",
			"resolution.denunciation.own.in_progress": "2", "resolution.denunciation.own.overdue": "1",
			"reception_petitions.petitions": "1", "reception.visits.total": "1",
		}},
		// As sent on 31/01, before the period ended: the figures stop at
		// the end of 31/01 (SPEC §9), where D1, due 01/02, is not yet
		// overdue; D3 is not received.
		{asOf: time.Date(2023, 1, 31, 12, 0, 0, 0, cases.Zone), want: map[string]string{
			"resolution.denunciation.own.accepted": "2", "resolution.denunciation.own.in_progress": "2",
			"resolution.denunciation.own.overdue": "0", "as_of_day": `"2023-01-31"`,
		}},
		// Sent on 03/02: D1, due 01/02 and suspended only after it, is
		// overdue; D2, suspended since 20/01, before its deadline, is not.
		{asOf: time.Date(2023, 2, 3, 7, 0, 0, 0, cases.Zone), want: map[string]string{
			"resolution.denunciation.own.accepted": "2", "resolution.denunciation.own.in_progress": "2",
			"resolution.denunciation.own.overdue": "1", "as_of_day": `"2023-02-03"`,
		}},
	} {
		naive := jsonOf(t, naiveCompute(t, events, p, tc.asOf, report.DefaultGroupThreshold, dl))
		got := jsonOf(t, compute(t, db, p, report.Options{Deadlines: dl, AsOf: tc.asOf}))
		if got != naive {
			t.Errorf("as of %v: Compute and the naive count differ:\n%s", tc.asOf, diffLines(naive, got))
		}
		flat := flatten(naive)
		for _, path := range sortedKeys(tc.want) {
			if flat[path] != tc.want[path] {
				t.Errorf("as of %v: the naive count has %s = %s, want %s", tc.asOf, path, flat[path], tc.want[path])
			}
		}
	}
}
