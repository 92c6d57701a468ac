package report_test

import (
	"database/sql"
	"math"
	"sort"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// This file counts SPEC §4 a second, deliberately plain way, to check
// report.Compute: it reads every event of the history in order, keeps those
// dated by the end of the period and recorded by as_of, folds every petition,
// and counts with loops over everything. It shares nothing with the report
// package but the Figures type it fills and the deadlines it is handed.

type naiveEvent struct {
	seq, at, rec int64
	day          cases.Date
	state        cases.State
	cmd          cases.Command
}

// readAllEvents reads the whole history straight from the events table.
func readAllEvents(tb testing.TB, path string) []naiveEvent {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT seq, at, day, state, recorded_at, data FROM events ORDER BY seq`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []naiveEvent
	for rows.Next() {
		var e naiveEvent
		var day int64
		var data string
		if err := rows.Scan(&e.seq, &e.at, &day, &e.state, &e.rec, &data); err != nil {
			tb.Fatal(err)
		}
		e.day = cases.Date(day)
		if e.cmd, err = cases.DecodeCommand([]byte(data)); err != nil {
			tb.Fatal(err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

type naivePetition struct {
	ref         string
	received    cases.Date
	channel     cases.Channel
	typ         cases.Type
	routeTo     cases.Destination
	unit        string
	routeDays   []cases.Date
	archived    bool
	dupOf       string
	accepted    *cases.Date
	resolved    *cases.Date
	verdict     cases.Verdict
	terminated  *cases.Date
	implemented []cases.Date
	handled     *cases.Date
	domain      *cases.Petition // for the deadlines
}

type naiveVisit struct {
	seq, at  int64
	day      cases.Date
	kind     cases.VisitKind
	petition string
	people   int
}

type naiveWorld struct {
	units     map[string]cases.Unit
	unitSeq   map[string]int64
	sessions  map[cases.Date][]cases.VisitKind
	petitions map[string]*naivePetition
	visits    []naiveVisit
}

func day(d cases.Date) *cases.Date { return &d }

// naiveFold replays every event kept at the end of day to, as of asOf.
func naiveFold(events []naiveEvent, to cases.Date, asOf int64) *naiveWorld {
	w := &naiveWorld{units: map[string]cases.Unit{}, unitSeq: map[string]int64{},
		sessions: map[cases.Date][]cases.VisitKind{}, petitions: map[string]*naivePetition{}}
	for i := range events {
		e := &events[i]
		c := &e.cmd
		if e.rec > asOf {
			continue
		}
		if c.Op == cases.OpUnit {
			w.units[c.Ref] = cases.Unit{Ref: c.Ref, Name: c.Name, Kind: cases.UnitKind(c.Kind), Parent: c.Parent, Remote: c.Remote}
			w.unitSeq[c.Ref] = e.seq
			continue
		}
		if e.day > to {
			continue
		}
		switch c.Op {
		case cases.OpSession:
			w.sessions[e.day] = append(w.sessions[e.day], cases.VisitKind(c.Kind))
			continue
		case cases.OpVisit:
			w.visits = append(w.visits, naiveVisit{seq: e.seq, at: e.at, day: e.day, kind: cases.VisitKind(c.Kind),
				petition: c.Petition, people: c.People})
			continue
		case cases.OpDialogue:
			continue
		case cases.OpPetition:
			if w.petitions[c.Ref] == nil {
				w.petitions[c.Ref] = &naivePetition{ref: c.Ref, received: e.day, channel: c.Channel,
					domain: cases.NewPetition(c, "")}
			}
			continue
		}
		p := w.petitions[c.Petition]
		if p == nil {
			continue
		}
		p.domain.Apply(c, e.state)
		switch c.Op {
		case cases.OpClassify:
			p.typ = c.Type
		case cases.OpRoute:
			p.routeTo, p.unit = c.To, c.Unit
			p.routeDays = append(p.routeDays, e.day)
			if p.handled == nil {
				p.handled = day(e.day)
			}
		case cases.OpArchive:
			p.archived = true
			p.dupOf = ""
			if c.Reason == string(cases.Duplicate) {
				p.dupOf = c.DuplicateOf
			}
			if p.handled == nil {
				p.handled = day(e.day)
			}
		case cases.OpAccept:
			p.accepted = day(e.day)
		case cases.OpResolve:
			p.resolved, p.verdict = day(e.day), c.Verdict
		case cases.OpTerminate:
			p.terminated = day(e.day)
			if p.handled == nil {
				p.handled = day(e.day)
			}
		case cases.OpImplement:
			p.implemented = append(p.implemented, e.day)
		}
	}
	return w
}

func (w *naiveWorld) matter(ref string) string {
	seen := map[string]bool{}
	for {
		seen[ref] = true
		p := w.petitions[ref]
		if p == nil || p.dupOf == "" || seen[p.dupOf] {
			return ref
		}
		ref = p.dupOf
	}
}

func (w *naiveWorld) remote(unit string) bool {
	for i := 0; i < 100; i++ {
		u, ok := w.units[unit]
		if !ok {
			return false
		}
		if u.Remote {
			return true
		}
		unit = u.Parent
	}
	return false
}

func in(d, from, to cases.Date) bool { return d >= from && d <= to }

func inPtr(d *cases.Date, from, to cases.Date) bool { return d != nil && in(*d, from, to) }

func naiveReception(w *naiveWorld, from, to cases.Date, threshold int) report.ReceptionFigures {
	var r report.ReceptionFigures
	for d, kinds := range w.sessions {
		if !in(d, from, to) {
			continue
		}
		for _, k := range kinds {
			if k == cases.Periodic {
				r.Sessions.Periodic++
			} else {
				r.Sessions.AdHoc++
			}
			r.Sessions.Total++
		}
	}
	first := map[string]naiveVisit{}
	for _, v := range w.visits {
		m := w.matter(v.petition)
		f, ok := first[m]
		if !ok || v.at < f.at || (v.at == f.at && v.seq < f.seq) {
			first[m] = v
		}
	}
	byKind := map[cases.VisitKind]map[string]bool{}
	all, fc, rc, gc := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, v := range w.visits {
		if !in(v.day, from, to) {
			continue
		}
		m := w.matter(v.petition)
		if byKind[v.kind] == nil {
			byKind[v.kind] = map[string]bool{}
		}
		byKind[v.kind][m] = true
		all[m] = true
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
		if first[m].seq == v.seq {
			r.FirstTime.Visits++
			fc[m] = true
		} else {
			r.Repeat.Visits++
			rc[m] = true
		}
		if v.people >= threshold {
			r.Groups.Visits++
			r.Groups.People += v.people
			gc[m] = true
		}
	}
	r.Cases.Regular, r.Cases.Periodic, r.Cases.AdHoc = len(byKind[cases.Regular]), len(byKind[cases.Periodic]), len(byKind[cases.AdHoc])
	r.Cases.Total = len(all)
	r.FirstTime.Cases, r.Repeat.Cases, r.Groups.Cases = len(fc), len(rc), len(gc)
	return r
}

func naiveRate(resolved, must int) *report.Percent {
	if must == 0 {
		return nil
	}
	p := report.Percent(math.Round(float64(resolved) * 10000 / float64(must)))
	return &p
}

// naiveCompute counts everything for period p as of asOf (unix µs).
func naiveCompute(tb testing.TB, events []naiveEvent, p report.Period, asOf time.Time, threshold int, dl report.Deadlines) *report.Figures {
	tb.Helper()
	asOfMicro := int64(math.MaxInt64)
	f := &report.Figures{Version: 1, Period: p, PreviousPeriod: p.Previous()}
	if !asOf.IsZero() {
		asOfMicro = asOf.UnixMicro()
		t := asOf.In(cases.Zone)
		f.AsOf = &t
	}
	from, to := p.From, p.To
	w := naiveFold(events, to, asOfMicro)
	f.Reception.ReceptionFigures = naiveReception(w, from, to, threshold)

	prev := p.Previous()
	wp := naiveFold(events, prev.To, asOfMicro)
	f.Reception.Previous = naiveReception(wp, prev.From, prev.To, threshold)
	for _, q := range wp.petitions {
		if in(q.received, prev.From, prev.To) {
			switch q.typ {
			case cases.Complaint:
				f.Received.Complaint.PreviousPetitions++
				f.Received.Total.PreviousPetitions++
			case cases.Denunciation:
				f.Received.Denunciation.PreviousPetitions++
				f.Received.Total.PreviousPetitions++
			}
		}
	}

	recCases := map[string]bool{}
	typeCases := map[cases.Type]map[string]bool{cases.Complaint: {}, cases.Denunciation: {}}
	totalCases := map[string]bool{}
	otherCases := map[string]bool{}
	type unitKey struct {
		t    cases.Type
		unit string
	}
	units := map[unitKey]*report.ResolutionFigures{}
	for _, q := range w.petitions {
		m := w.matter(q.ref)
		if in(q.received, from, to) {
			if q.channel == cases.ByReception {
				rp := &f.ReceptionPetitions
				rp.Petitions++
				recCases[m] = true
				switch {
				case q.routeTo == cases.ToOwn:
					rp.ByDestination.Own++
				case q.routeTo == cases.ToLower:
					rp.ByDestination.Lower++
				case q.routeTo == cases.ToJudicial:
					rp.ByDestination.Judicial++
				case q.routeTo == cases.ToOther:
					rp.ByDestination.Other++
				case q.archived:
					rp.ByDestination.Archived++
				case q.terminated != nil:
					rp.ByDestination.Terminated++
				default:
					rp.ByDestination.Pending++
				}
			}
			if q.typ == cases.Complaint || q.typ == cases.Denunciation {
				for _, rf := range []*report.ReceivedFigures{f.Received.ForType(q.typ), &f.Received.Total} {
					rf.Petitions++
					switch {
					case q.routeTo == cases.ToOwn:
						rf.ByDestination.Own++
					case q.routeTo == cases.ToLower:
						rf.ByDestination.Lower++
					case q.routeTo != "" || q.archived || q.terminated != nil:
						rf.ByDestination.Other++
					default:
						rf.ByDestination.Pending++
					}
				}
				typeCases[q.typ][m] = true
				totalCases[m] = true
			}
			due, err := dl.Handling(q.domain)
			if err != nil {
				tb.Fatal(err)
			}
			h := &f.Handling
			switch {
			case q.handled != nil && *q.handled <= due:
				h.OnTime++
			case q.handled != nil:
				h.Late++
			case due < to:
				h.PendingOverdue++
			default:
				h.PendingInTime++
			}
		}
		if q.typ == cases.Recommendation || q.typ == cases.Reflection {
			for _, d := range q.routeDays {
				if in(d, from, to) {
					f.Other.Petitions++
					otherCases[m] = true
					break
				}
			}
		}
		if (q.typ == cases.Complaint || q.typ == cases.Denunciation) && q.accepted != nil &&
			(q.routeTo == cases.ToOwn || q.routeTo == cases.ToLower) {
			rc := f.Resolution.ForType(q.typ)
			targets := []*report.ResolutionFigures{&rc.Own}
			if q.routeTo == cases.ToLower {
				k := unitKey{q.typ, q.unit}
				if units[k] == nil {
					units[k] = &report.ResolutionFigures{}
				}
				targets = []*report.ResolutionFigures{&rc.Lower.ResolutionFigures, units[k]}
			}
			closedBefore := (q.resolved != nil && *q.resolved < from) || (q.terminated != nil && *q.terminated < from)
			carried := *q.accepted < from && !closedBefore
			acceptedIn := in(*q.accepted, from, to)
			for _, g := range targets {
				for _, d := range q.implemented {
					if in(d, from, to) {
						g.Implemented++
					}
				}
				if !carried && !acceptedIn {
					continue
				}
				if carried {
					g.CarriedOver++
				} else {
					g.Accepted++
				}
				g.MustResolve++
				switch {
				case inPtr(q.resolved, from, to):
					g.Resolved++
					switch q.verdict {
					case cases.Correct:
						g.Verdicts.Correct++
					case cases.Incorrect:
						g.Verdicts.Incorrect++
					case cases.PartlyCorrect:
						g.Verdicts.PartlyCorrect++
					}
					due, err := dl.Resolution(q.domain, w.remote(q.unit), to)
					if err != nil {
						tb.Fatal(err)
					}
					if *q.resolved <= due {
						g.OnTime++
					} else {
						g.Late++
					}
				case inPtr(q.terminated, from, to):
					g.Terminated++
				default:
					g.InProgress++
					due, err := dl.Resolution(q.domain, w.remote(q.unit), to)
					if err != nil {
						tb.Fatal(err)
					}
					if due < to {
						g.Overdue++
					}
				}
			}
		}
	}
	f.ReceptionPetitions.Cases = len(recCases)
	f.Received.Complaint.Cases = len(typeCases[cases.Complaint])
	f.Received.Denunciation.Cases = len(typeCases[cases.Denunciation])
	f.Received.Total.Cases = len(totalCases)
	f.Other.Cases = len(otherCases)

	for _, t := range []cases.Type{cases.Complaint, cases.Denunciation} {
		rc := f.Resolution.ForType(t)
		rc.Own.Rate = naiveRate(rc.Own.Resolved, rc.Own.MustResolve)
		rc.Lower.Rate = naiveRate(rc.Lower.Resolved, rc.Lower.MustResolve)
		rc.Lower.Units = []report.UnitResolution{}
		var keys []unitKey
		for k, g := range units {
			if k.t == t && *g != (report.ResolutionFigures{}) {
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool {
			si, oki := w.unitSeq[keys[i].unit]
			sj, okj := w.unitSeq[keys[j].unit]
			if oki != okj {
				return oki
			}
			if si != sj {
				return si < sj
			}
			return keys[i].unit < keys[j].unit
		})
		for _, k := range keys {
			g := *units[k]
			g.Rate = naiveRate(g.Resolved, g.MustResolve)
			name := k.unit
			if u, ok := w.units[k.unit]; ok {
				name = u.Name
			}
			rc.Lower.Units = append(rc.Lower.Units, report.UnitResolution{Unit: k.unit, UnitName: name, ResolutionFigures: g})
		}
	}
	return f
}
