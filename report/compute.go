package report

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// Compute returns the figures of SPEC §4 for period p and, where SPEC §4 asks,
// for the same period a year earlier, from the history store holds.
//
// Each period is seen as it stood at the end of its last day (24:00, +07:00):
// only events dated on or before it count, and with o.AsOf only events
// recorded at or before o.AsOf. A petition's type, route, archive, duplicate
// chain and first visit are those of that moment.
func Compute(ctx context.Context, store Store, p Period, o Options) (*Figures, error) {
	if p.From > p.To {
		return nil, cases.Errorf(cases.EInvalid, "period: from %s is after to %s", p.From, p.To)
	}
	if o.Deadlines == nil {
		return nil, errors.New("report: no deadlines")
	}
	c := &computer{ctx: ctx, store: store, o: o, asOf: o.asOfMicro(),
		petitions: map[string]Timeline{}, due: memoFor(o.Deadlines)}
	if err := c.readUnits(); err != nil {
		return nil, err
	}
	prev := p.Previous()
	f := &Figures{Version: Version, Period: p, PreviousPeriod: prev}
	if !o.AsOf.IsZero() {
		t := o.AsOf.In(cases.Zone)
		f.AsOf = &t
	}

	// When the store can open a second reader of the same history, P' is
	// counted on it, beside P. The two readers share nothing but the units.
	var (
		prevFigs prevFigures
		prevDone chan prevResult
	)
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if s2, release := store.Fork(pctx); s2 != nil {
		c2 := c.fork(pctx, s2)
		prevDone = make(chan prevResult, 1)
		go func() {
			defer release()
			defer func() {
				if r := recover(); r != nil {
					prevDone <- prevResult{panicked: true, panic: r}
				}
			}()
			prevDone <- prevResult{err: c2.view(prev).previous(&prevFigs)}
		}()
	}

	t := newTally()
	err := c.view(p).current(f, t)
	if prevDone != nil {
		if err != nil {
			cancel() // P' is of no more use
		}
		r := <-prevDone
		if r.panicked {
			panic(r.panic)
		}
		if err == nil {
			err = r.err
		}
	} else if err == nil {
		err = c.view(prev).previous(&prevFigs)
	}
	if err != nil {
		return nil, err
	}
	c.finish(t, &f.Resolution, &f.Other)
	f.Reception.Previous = prevFigs.reception
	f.Received.Complaint.PreviousPetitions = prevFigs.complaint
	f.Received.Denunciation.PreviousPetitions = prevFigs.denunciation
	f.Received.Total.PreviousPetitions = prevFigs.complaint + prevFigs.denunciation
	return f, nil
}

// current fills the figures of the view's period, P, and adds to t the
// results and routes of the petitions received in P or earlier.
func (v *view) current(f *Figures, t *tally) error {
	if err := v.load(); err != nil {
		return err
	}
	if err := v.received(f); err != nil {
		return err
	}
	v.scanned = true // received folded every petition loaded
	var err error
	if f.Reception.ReceptionFigures, err = v.reception(); err != nil {
		return err
	}
	return v.count(t, v.loaded)
}

// load reads the petitions the view's period may count: those received in
// it, and those received earlier that were open at its start or have
// anything dated in it (see DaySummary), with every timeline the store has
// summarized by day; the timelines of a day whose summary is stale are read
// one by one. With an as_of, every petition received by the end of the
// period is read: what was open then may be closed now.
func (v *view) load() error {
	if v.loaded != nil {
		return nil
	}
	c := v.c
	v.loaded = []string{}
	keep := func(ref string, t Timeline) {
		v.loaded = append(v.loaded, ref)
		if c.petitions[ref] == nil {
			c.petitions[ref] = t
		}
	}
	var stale []cases.Date
	every := c.asOf != noAsOf
	err := c.store.Days(c.ctx, v.p.From, v.p.To, every, func(day cases.Date, s *DaySummary) error {
		if s == nil {
			stale = append(stale, day)
			return nil
		}
		for _, part := range [][]byte{s.Closed, s.Open} {
			if err := eachSummarized(c.keep(part), v.p.From, v.p.To, every, keep); err != nil {
				return fmt.Errorf("day %s: %w", day, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("report: read the days' summaries: %w", err)
	}
	for _, d := range stale {
		err := c.store.Received(c.ctx, d, d, func(ref string, t Timeline) error {
			keep(ref, c.keep(t))
			return nil
		})
		if err != nil {
			return fmt.Errorf("report: read the petitions of %s: %w", d, err)
		}
	}
	// Each petition is in the summary or the timelines of one day: the
	// list holds it once.
	return nil
}

// prevFigures are the figures of the previous period, P'.
type prevFigures struct {
	reception               ReceptionFigures
	complaint, denunciation int
}

// previous counts the figures of P' from the view of P'.
func (v *view) previous(out *prevFigures) error {
	// Only the type of the petitions received matters here: it is read
	// from their timelines without folding them.
	c := v.c
	add := func(typ cases.Type, n int) error {
		switch typ {
		case cases.Complaint:
			out.complaint += n
		case cases.Denunciation:
			out.denunciation += n
		}
		return nil
	}
	if err := v.load(); err != nil {
		return err
	}
	for _, ref := range v.loaded {
		v.visitRef = ref
		received, typ, err := timelineType(&v.reader, ref, c.petitions[ref], v.p.To, c.asOf, v.onVisit)
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		if v.p.Contains(received) {
			add(typ, 1)
		}
	}
	v.scanned = true
	var err error
	out.reception, err = v.reception()
	return err
}

// prevResult is how the reading of P' ended.
type prevResult struct {
	err      error
	panicked bool
	panic    any
}

// fork returns a computer reading store, with the units c has read, for
// its own views.
func (c *computer) fork(ctx context.Context, store Store) *computer {
	return &computer{ctx: ctx, store: store, o: c.o, asOf: c.asOf,
		units: c.units, unitOrder: c.unitOrder, remote: c.remote,
		petitions: map[string]Timeline{}, due: c.due}
}

// computer holds what one reader of a Compute call has read: the units, and
// the timeline of each petition it needed, which every view folds to the end
// of its own period.
type computer struct {
	ctx   context.Context
	store Store
	o     Options
	asOf  int64

	units     map[string]*Unit
	unitOrder map[string]int
	remote    map[string]bool

	// petitions are the timelines read, by ref; nil for a petition the
	// store has none of (not received).
	petitions map[string]Timeline
	arena     []byte // the timelines read

	// due remembers the due days asked by day and kind (memo.go).
	due *dueMemo
}

func (c *computer) readUnits() error {
	units, err := c.store.Units(c.ctx)
	if err != nil {
		return fmt.Errorf("report: read units: %w", err)
	}
	c.units, c.unitOrder = map[string]*Unit{}, map[string]int{}
	var known []cases.Unit
	for i := range units {
		u := &units[i]
		if u.RecordedAt > c.asOf {
			continue
		}
		c.units[u.Ref] = u
		c.unitOrder[u.Ref] = i
		known = append(known, u.Unit)
	}
	c.remote = cases.RemoteUnits(known)
	return nil
}

// isRemote says whether unit ref lies in a remote area: Options.Remote's
// answer, or cases.RemoteUnits' (it or a unit above it is recorded remote).
func (c *computer) isRemote(ref string) bool {
	if c.o.Remote != nil {
		return c.o.Remote(ref)
	}
	return c.remote[ref]
}

// remoteUnits lists the units read that lie in a remote area (isRemote).
func (c *computer) remoteUnits() []string {
	var out []string
	for ref := range c.units {
		if c.isRemote(ref) {
			out = append(out, ref)
		}
	}
	return out
}

func (c *computer) unitName(ref string) string {
	if u := c.units[ref]; u != nil {
		return u.Name
	}
	return ref
}

// readTimelines reads the timelines of the petitions among refs not read
// yet.
func (c *computer) readTimelines(refs []string) error {
	var missing []string
	for _, r := range refs {
		if _, ok := c.petitions[r]; !ok {
			c.petitions[r] = nil
			missing = append(missing, r)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	err := c.store.Timelines(c.ctx, missing, func(ref string, t Timeline) error {
		if old, ok := c.petitions[ref]; ok && old == nil {
			c.petitions[ref] = c.keep(t)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("report: read petitions: %w", err)
	}
	return nil
}

// keep copies t, which a Store may reuse after its callback returns, into
// the computer's arena.
func (c *computer) keep(t Timeline) Timeline {
	if len(t) > cap(c.arena)-len(c.arena) {
		c.arena = make([]byte, 0, max(64<<10, len(t)))
	}
	n := len(c.arena)
	c.arena = append(c.arena, t...)
	return c.arena[n:len(c.arena):len(c.arena)]
}

// view is the history as it stood at the end of one period's last day.
type view struct {
	c      *computer
	p      Period
	folds  map[string]*fold
	links  map[string]link
	matter map[string]string
	reader timelineReader
	slab   []foldedPetition // allocated ahead, many at a time
	err    error            // the first timeline that could not be read

	loaded []string // the petitions the period may count (load)
	// visits are the visits of the period, collected by onVisit as the
	// timelines are read (folded, or their types read); scanned says that
	// every loaded petition's timeline has been.
	visits   []*Visit
	scanned  bool
	visitRef string // the petition whose timeline is being read
	onVisit  func(*timelineEntry)
}

func (c *computer) view(p Period) *view {
	v := &view{c: c, p: p, folds: map[string]*fold{}, links: map[string]link{}, matter: map[string]string{},
		reader: timelineReader{strings: new(interner)}}
	v.onVisit = v.addVisit
	return v
}

// addVisit keeps a visit kept by the view (dated by the end of its period,
// recorded by as_of) if it is dated in the period.
func (v *view) addVisit(e *timelineEntry) {
	if d := dayOfMicro(e.at); d >= v.p.From {
		v.visits = append(v.visits, &Visit{Seq: e.seq, Petition: v.visitRef, Kind: cases.VisitKind(e.c.Kind),
			People: e.c.People, At: e.at, Date: d, RecordedAt: e.recordedAt})
	}
}

// fold is a petition as it stood at the end of the view's period, with the
// dates the figures look at.
type fold struct {
	p            *cases.Petition
	received     cases.Date
	routed       bool
	routedOn     cases.Date
	archived     bool
	duplicateOf  string // set when archived as a duplicate
	accepted     bool
	acceptedOn   cases.Date
	resolved     bool
	resolvedOn   cases.Date
	terminated   bool
	terminatedOn cases.Date
	implemented  bool
	implementOn  cases.Date
	handled      bool
	handledOn    cases.Date
	visited      bool     // it has a visit
	firstVisit   visitKey // its first visit
	duplicatedBy []string // the petitions archived as its duplicates
}

// set makes f the fold of p, reading the dates of p. The workflow lets each of route, archive,
// accept, resolve, implement and terminate happen once at most, so p's
// times are those of the events.
func (f *fold) set(p *cases.Petition) {
	*f = fold{p: p, received: dateOf(p.ReceivedAt)}
	on := func(t *time.Time) (bool, cases.Date) {
		if t == nil {
			return false, 0
		}
		return true, dateOf(*t)
	}
	f.routed, f.routedOn = on(p.RoutedAt)
	f.archived = p.Archive != ""
	if p.Archive == cases.Duplicate {
		f.duplicateOf = p.DuplicateOf
	}
	f.accepted, f.acceptedOn = on(p.AcceptedAt)
	f.resolved, f.resolvedOn = on(p.ResolvedAt)
	if p.State == cases.Terminated {
		f.terminated, f.terminatedOn = on(p.ClosedAt)
	}
	f.implemented, f.implementOn = on(p.ImplementedAt)
	f.handled, f.handledOn = on(p.HandledAt)
}

// foldedPetition is a fold and its petition, allocated together.
type foldedPetition struct {
	fold fold
	p    cases.Petition
}

// dateOf is cases.DateOf, the date of t in +07:00, without the calendar
// arithmetic: +07:00 has no daylight saving, so the date is the day number of
// t shifted by seven hours.
func dateOf(t time.Time) cases.Date {
	s := t.Unix() + 7*3600
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return cases.Date(d)
}

// fold returns petition ref as it stood, or nil if it was not yet received
// (or not recorded by as_of). loadFolds must have read it.
func (v *view) fold(ref string) *fold {
	if f, ok := v.folds[ref]; ok {
		return f
	}
	var f *fold
	if tl := v.c.petitions[ref]; tl != nil {
		if len(v.slab) == 0 {
			v.slab = make([]foldedPetition, 256)
		}
		fp := &v.slab[0]
		v.visitRef = ref
		tf, err := foldTimeline(&v.reader, ref, tl, v.p.To, v.c.asOf, &fp.p, v.onVisit)
		switch {
		case err != nil:
			if v.err == nil {
				v.err = fmt.Errorf("report: %w", err)
			}
		case tf.created:
			v.slab = v.slab[1:]
			f = &fp.fold
			f.set(&fp.p)
			f.visited, f.firstVisit, f.duplicatedBy = tf.visited, tf.firstVisit, tf.duplicatedBy
		}
	}
	v.folds[ref] = f
	return f
}

// loadFolds reads refs and returns their folds (nil for those not received).
func (v *view) loadFolds(refs []string) ([]*fold, error) {
	if err := v.c.readTimelines(refs); err != nil {
		return nil, err
	}
	out := make([]*fold, len(refs))
	for i, r := range refs {
		out[i] = v.fold(r)
	}
	return out, v.err
}

// resolveMatters finds the matter of each of refs: the end of its chain of
// duplicates, reading the petitions on the chains as needed.
func (v *view) resolveMatters(refs []string) error {
	frontier := refs
	seen := map[string]bool{}
	for len(frontier) > 0 {
		links, err := v.loadLinks(frontier)
		if err != nil {
			return err
		}
		var next []string
		for i, l := range links {
			seen[frontier[i]] = true
			if l.duplicateOf != "" && !seen[l.duplicateOf] {
				if _, ok := v.links[l.duplicateOf]; !ok {
					next = append(next, l.duplicateOf)
				}
			}
		}
		frontier = dedupe(next)
	}
	return nil
}

// link is what the matters read of a petition as the view sees it: the
// petition it was archived as a duplicate of, and its first visit. A petition
// not received yet duplicates none, but its visits dated by then count
// (docs/decisions.md, statistics 2 and 4).
type link struct {
	duplicateOf string
	visited     bool
	firstVisit  visitKey
	// duplicatedBy are the petitions archived as its duplicates.
	duplicatedBy []string
}

// link returns the link of petition ref: from its fold when it was folded,
// else read from its timeline alone. loadLinks or loadFolds must have read
// it.
func (v *view) link(ref string) link {
	if l, ok := v.links[ref]; ok {
		return l
	}
	var l link
	if f := v.folds[ref]; f != nil {
		l = link{duplicateOf: f.duplicateOf, visited: f.visited, firstVisit: f.firstVisit, duplicatedBy: f.duplicatedBy}
	} else if tl := v.c.petitions[ref]; tl != nil {
		var err error
		if l, err = timelineLink(&v.reader, ref, tl, v.p.To, v.c.asOf); err != nil && v.err == nil {
			v.err = fmt.Errorf("report: %w", err)
		}
	}
	v.links[ref] = l
	return l
}

// loadLinks reads refs and returns their links.
func (v *view) loadLinks(refs []string) ([]link, error) {
	if err := v.c.readTimelines(refs); err != nil {
		return nil, err
	}
	out := make([]link, len(refs))
	for i, r := range refs {
		out[i] = v.link(r)
	}
	return out, v.err
}

// matterOf is the matter of petition ref: the end of its chain of duplicates
// (resolveMatters must have read the chain).
func (v *view) matterOf(ref string) string {
	if m, ok := v.matter[ref]; ok {
		return m
	}
	start := ref
	seen := map[string]bool{}
	for {
		seen[ref] = true
		l := v.link(ref)
		if l.duplicateOf == "" || seen[l.duplicateOf] {
			break
		}
		ref = l.duplicateOf
	}
	v.matter[start] = ref
	return ref
}

func dedupe(refs []string) []string {
	slices.Sort(refs)
	return slices.Compact(refs)
}

// collect gathers the refs a Store method calls back with, once each.
func collect(call func(fn func(string) error) error) ([]string, error) {
	var refs []string
	err := call(func(r string) error { refs = append(refs, r); return nil })
	return dedupe(refs), err
}

type matterSet map[string]struct{}

func (s matterSet) add(m string) { s[m] = struct{}{} }

// reception counts the sessions and visits of the view's period.
func (v *view) reception() (ReceptionFigures, error) {
	var r ReceptionFigures
	c := v.c
	err := c.store.Sessions(c.ctx, v.p.From, v.p.To, func(s *Session) error {
		if !v.p.Contains(s.Date) || s.RecordedAt > c.asOf {
			return nil
		}
		switch s.Kind {
		case cases.Periodic:
			r.Sessions.Periodic++
		case cases.AdHoc:
			r.Sessions.AdHoc++
		}
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("report: read sessions: %w", err)
	}
	r.Sessions.Total = r.Sessions.Periodic + r.Sessions.AdHoc

	threshold := c.o.groupThreshold()
	if err := v.load(); err != nil {
		return r, err
	}
	if !v.scanned {
		if _, err := v.loadFolds(v.loaded); err != nil {
			return r, err
		}
		v.scanned = true
	}
	visits := v.visits
	if len(visits) == 0 {
		return r, nil
	}
	refs := make([]string, 0, len(visits))
	for _, vi := range visits {
		refs = append(refs, vi.Petition)
	}
	refs = dedupe(refs)
	if err := v.resolveMatters(refs); err != nil {
		return r, err
	}
	first, err := v.firstVisits(refs, visits)
	if err != nil {
		return r, err
	}

	kindCases := map[cases.VisitKind]matterSet{cases.Regular: {}, cases.Periodic: {}, cases.AdHoc: {}}
	all, firstCases, repeatCases, groupCases := matterSet{}, matterSet{}, matterSet{}, matterSet{}
	for _, vi := range visits {
		m := v.matterOf(vi.Petition)
		switch vi.Kind {
		case cases.Regular:
			r.Visits.Regular++
			r.People.Regular += vi.People
		case cases.Periodic:
			r.Visits.Periodic++
			r.People.Periodic += vi.People
		case cases.AdHoc:
			r.Visits.AdHoc++
			r.People.AdHoc += vi.People
		default:
			continue
		}
		r.Visits.Total++
		r.People.Total += vi.People
		kindCases[vi.Kind].add(m)
		all.add(m)
		if first[m] == (visitKey{vi.At, vi.Seq}) {
			r.FirstTime.Visits++
			firstCases.add(m)
		} else {
			r.Repeat.Visits++
			repeatCases.add(m)
		}
		if vi.People >= threshold {
			r.Groups.Visits++
			r.Groups.People += vi.People
			groupCases.add(m)
		}
	}
	r.Cases.Regular = len(kindCases[cases.Regular])
	r.Cases.Periodic = len(kindCases[cases.Periodic])
	r.Cases.AdHoc = len(kindCases[cases.AdHoc])
	r.Cases.Total = len(all)
	r.FirstTime.Cases = len(firstCases)
	r.Repeat.Cases = len(repeatCases)
	r.Groups.Cases = len(groupCases)
	return r, nil
}

// visitKey orders visits: the earlier at first, then the earlier recorded.
type visitKey struct{ at, seq int64 }

func (a visitKey) before(b visitKey) bool { return a.at < b.at || (a.at == b.at && a.seq < b.seq) }

// firstVisits returns, for the matter of each of refs, its first visit ever
// as the view sees it: every petition whose chain of duplicates ends at the
// matter is read (each petition's timeline names the petitions archived as
// its duplicates), then their visits.
func (v *view) firstVisits(refs []string, inPeriod []*Visit) (map[string]visitKey, error) {
	seen := map[string]bool{}
	var level []string
	for _, r := range refs {
		if m := v.matterOf(r); !seen[m] {
			seen[m] = true
			level = append(level, m)
		}
	}
	all := slices.Clone(level)
	for len(level) > 0 {
		links, err := v.loadLinks(level)
		if err != nil {
			return nil, err
		}
		var next []string
		for _, l := range links {
			for _, d := range l.duplicatedBy {
				if !seen[d] {
					seen[d] = true
					next = append(next, d)
				}
			}
		}
		level = next
		all = append(all, next...)
	}
	first := map[string]visitKey{}
	for _, vi := range inPeriod {
		m := v.matterOf(vi.Petition)
		k := visitKey{vi.At, vi.Seq}
		if f, ok := first[m]; !ok || k.before(f) {
			first[m] = k
		}
	}
	// The visits before the period are in the timelines of the matters'
	// petitions.
	for _, r := range all {
		if l := v.link(r); l.visited {
			m := v.matterOf(r)
			if fv, ok := first[m]; !ok || l.firstVisit.before(fv) {
				first[m] = l.firstVisit
			}
		}
	}
	if v.err != nil {
		return nil, v.err
	}
	return first, nil
}

// receivedFolds returns the petitions received in the view's period and
// their folds.
func (v *view) receivedFolds() ([]string, []*fold, error) {
	refs := slices.Clone(v.loaded)
	folds, err := v.loadFolds(refs)
	if err != nil {
		return nil, nil, err
	}
	n := 0
	for i, f := range folds {
		if f != nil && v.p.Contains(f.received) {
			refs[n], folds[n] = refs[i], f
			n++
		}
	}
	return refs[:n], folds[:n], nil
}

// received fills reception_petitions, received (but previous_petitions) and
// handling.
func (v *view) received(out *Figures) error {
	refs, folds, err := v.receivedFolds()
	if err != nil {
		return err
	}
	// Only the chains of the petitions archived as duplicates need reading:
	// any other is its own matter.
	var dups []string
	for i, f := range folds {
		if f.duplicateOf != "" {
			dups = append(dups, refs[i])
		}
	}
	if err := v.resolveMatters(dups); err != nil {
		return err
	}
	rp := &out.ReceptionPetitions
	recMatters := make(matterSet, len(refs))
	typeMatters := map[cases.Type]matterSet{cases.Complaint: make(matterSet, len(refs)/2), cases.Denunciation: {}}
	totalMatters := make(matterSet, len(refs))
	for i, f := range folds {
		p := f.p
		m := refs[i] // a petition that duplicates none is its own matter
		if f.duplicateOf != "" {
			m = v.matterOf(m)
		}
		dest := f.destination()
		if p.Channel == cases.ByReception {
			rp.Petitions++
			recMatters.add(m)
			rp.ByDestination.add(dest, 1)
		}
		if rf := out.Received.ForType(p.Type); rf != nil {
			rf.Petitions++
			typeMatters[p.Type].add(m)
			totalMatters.add(m)
			rf.ByDestination.add(dest, 1)
		}
		if err := v.handling(&out.Handling, f); err != nil {
			return err
		}
	}
	rp.Cases = len(recMatters)
	r := &out.Received
	r.Complaint.Cases = len(typeMatters[cases.Complaint])
	r.Denunciation.Cases = len(typeMatters[cases.Denunciation])
	r.Total.Petitions = r.Complaint.Petitions + r.Denunciation.Petitions
	r.Total.Cases = len(totalMatters)
	r.Total.ByDestination = ReceivedDestinations{
		Own:     r.Complaint.ByDestination.Own + r.Denunciation.ByDestination.Own,
		Lower:   r.Complaint.ByDestination.Lower + r.Denunciation.ByDestination.Lower,
		Other:   r.Complaint.ByDestination.Other + r.Denunciation.ByDestination.Other,
		Pending: r.Complaint.ByDestination.Pending + r.Denunciation.ByDestination.Pending,
	}
	return nil
}

// Where a petition went from the desk, besides its route's destination (a
// cases.Destination).
const (
	destinationArchived   = "archived"
	destinationTerminated = "terminated"
)

// destination is where the fold's petition went from the desk.
func (f *fold) destination() string {
	switch {
	case f.p.RouteTo != "":
		return string(f.p.RouteTo)
	case f.archived:
		return destinationArchived
	case f.terminated:
		return destinationTerminated
	}
	return ""
}

// add counts n petitions gone to dest.
func (d *ReceptionDestinations) add(dest string, n int) {
	switch dest {
	case string(cases.ToOwn):
		d.Own += n
	case string(cases.ToLower):
		d.Lower += n
	case string(cases.ToJudicial):
		d.Judicial += n
	case string(cases.ToOther):
		d.Other += n
	case destinationArchived:
		d.Archived += n
	case destinationTerminated:
		d.Terminated += n
	default:
		d.Pending += n
	}
}

// add counts n petitions gone to dest.
func (d *ReceivedDestinations) add(dest string, n int) {
	switch dest {
	case string(cases.ToOwn):
		d.Own += n
	case string(cases.ToLower):
		d.Lower += n
	case "":
		d.Pending += n
	default:
		d.Other += n
	}
}

// add adds the counts of o to r.
func (r *ReceptionFigures) add(o *ReceptionFigures) {
	r.Sessions.Periodic += o.Sessions.Periodic
	r.Sessions.AdHoc += o.Sessions.AdHoc
	r.Sessions.Total += o.Sessions.Total
	for _, k := range []struct{ to, from *KindCounts }{{&r.Visits, &o.Visits}, {&r.People, &o.People}, {&r.Cases, &o.Cases}} {
		k.to.Regular += k.from.Regular
		k.to.Periodic += k.from.Periodic
		k.to.AdHoc += k.from.AdHoc
		k.to.Total += k.from.Total
	}
	r.FirstTime.Visits += o.FirstTime.Visits
	r.FirstTime.Cases += o.FirstTime.Cases
	r.Repeat.Visits += o.Repeat.Visits
	r.Repeat.Cases += o.Repeat.Cases
	r.Groups.Visits += o.Groups.Visits
	r.Groups.People += o.Groups.People
	r.Groups.Cases += o.Groups.Cases
}

// add adds the counts of i to h.
func (h *Handling) add(i *Handling) {
	h.OnTime += i.OnTime
	h.Late += i.Late
	h.PendingOverdue += i.PendingOverdue
	h.PendingInTime += i.PendingInTime
}

// ForType returns the figures of complaints or denunciations, nil for other
// types.
func (r *Received) ForType(t cases.Type) *ReceivedFigures {
	switch t {
	case cases.Complaint:
		return &r.Complaint
	case cases.Denunciation:
		return &r.Denunciation
	}
	return nil
}

// handling judges one petition received in P against its handling deadline.
func (v *view) handling(h *Handling, f *fold) error {
	due, err := v.c.handlingDueOf(f.received, f.p.Type, f.p.Instance)
	if err != nil {
		return fmt.Errorf("report: handling deadline of petition %s: %w", f.p.Ref, err)
	}
	switch {
	case f.handled && f.handledOn <= due:
		h.OnTime++
	case f.handled:
		h.Late++
	case due < v.p.To:
		h.PendingOverdue++
	default:
		h.PendingInTime++
	}
	return nil
}

// handlingDueOf is the handling deadline of the petitions received on day
// with type typ and instance (Deadlines.Handling depends on these only).
func (c *computer) handlingDueOf(day cases.Date, typ cases.Type, instance int) (cases.Date, error) {
	return c.due.get(dueKey{day: day, typ: typ, instance: instance}, func() (cases.Date, error) {
		p := cases.Petition{ReceivedAt: day.Time(), Type: typ, Instance: instance}
		return c.o.Deadlines.Handling(&p)
	})
}

// resolutionDueOf is the resolution deadline of the cases accepted on day
// with type typ, instance and complexity, routed to a remote unit or not,
// with extra days of extensions and suspensions (Deadlines.Resolution
// depends on these only: the days of extensions and suspensions add up).
func (c *computer) resolutionDueOf(day cases.Date, typ cases.Type, instance int, complex, remote bool, extra int) (cases.Date, error) {
	k := dueKey{day: day, typ: typ, instance: instance, resolution: true, complex: complex, remote: remote, extra: extra}
	return c.due.get(k, func() (cases.Date, error) {
		at := day.Time()
		p := cases.Petition{Type: typ, Instance: instance, AcceptedAt: &at, ExtensionDays: extra}
		if complex {
			p.Complex = cases.Complex
		}
		return c.o.Deadlines.Resolution(&p, remote, day)
	})
}

// tally adds up the results of resolving complaints and denunciations and
// the recommendations and reflections routed, over the petitions it is
// given.
type tally struct {
	res     Resolution
	units   map[unitKey]*UnitResolution
	others  int
	matters matterSet // of the recommendations and reflections routed
}

type unitKey struct {
	t    cases.Type
	unit string
}

func newTally() *tally {
	return &tally{units: map[unitKey]*UnitResolution{}, matters: matterSet{}}
}

// count adds the petitions refs to t.
func (v *view) count(t *tally, refs []string) error {
	c := v.c
	folds, err := v.loadFolds(refs)
	if err != nil {
		return err
	}
	var routed []string
	for i, f := range folds {
		if f == nil {
			continue
		}
		p := f.p
		if (p.Type == cases.Recommendation || p.Type == cases.Reflection) && f.routed && v.p.Contains(f.routedOn) {
			routed = append(routed, refs[i])
		}
		if !f.accepted {
			continue
		}
		byComp := t.res.ForType(p.Type)
		if byComp == nil {
			continue
		}
		var figs []*ResolutionFigures
		switch {
		case p.RouteTo == cases.ToOwn:
			figs = []*ResolutionFigures{&byComp.Own}
		case p.RouteTo == cases.ToLower:
			figs = []*ResolutionFigures{&byComp.Lower.ResolutionFigures, &c.unitOf(t, p.Type, p.Unit).ResolutionFigures}
		default:
			continue
		}
		if err := v.resolveOne(f, figs); err != nil {
			return err
		}
	}
	if err := v.resolveMatters(routed); err != nil {
		return err
	}
	for _, r := range routed {
		t.matters.add(v.matterOf(r))
	}
	t.others += len(routed)
	return nil
}

// unitOf is the tally of the cases of type typ routed to lower committee
// unit.
func (c *computer) unitOf(t *tally, typ cases.Type, unit string) *UnitResolution {
	k := unitKey{typ, unit}
	u := t.units[k]
	if u == nil {
		u = &UnitResolution{Unit: unit, UnitName: c.unitName(unit)}
		t.units[k] = u
	}
	return u
}

// add adds the counts of h (not the derived figures) to g.
func (g *ResolutionFigures) add(h *ResolutionFigures) {
	g.CarriedOver += h.CarriedOver
	g.Accepted += h.Accepted
	g.Resolved += h.Resolved
	g.Terminated += h.Terminated
	g.Verdicts.Correct += h.Verdicts.Correct
	g.Verdicts.Incorrect += h.Verdicts.Incorrect
	g.Verdicts.PartlyCorrect += h.Verdicts.PartlyCorrect
	g.Implemented += h.Implemented
	g.OnTime += h.OnTime
	g.Late += h.Late
	g.Overdue += h.Overdue
}

// finish writes the tally's figures: the derived ones computed, the lower
// committees with any figure in the order they were recorded.
func (c *computer) finish(t *tally, res *Resolution, other *Other) {
	*res = t.res
	for _, byComp := range []*ResolutionByCompetence{&res.Complaint, &res.Denunciation} {
		byComp.Own.finish()
		byComp.Lower.finish()
		byComp.Lower.Units = []UnitResolution{}
	}
	for key, u := range t.units {
		u.finish()
		if u.ResolutionFigures.empty() {
			continue
		}
		if key.t == cases.Complaint {
			res.Complaint.Lower.Units = append(res.Complaint.Lower.Units, *u)
		} else {
			res.Denunciation.Lower.Units = append(res.Denunciation.Lower.Units, *u)
		}
	}
	for _, byComp := range []*ResolutionByCompetence{&res.Complaint, &res.Denunciation} {
		slices.SortFunc(byComp.Lower.Units, c.compareUnits)
	}
	other.Petitions, other.Cases = t.others, len(t.matters)
}

// ForType returns the results of complaints or denunciations, nil for other
// types.
func (r *Resolution) ForType(t cases.Type) *ResolutionByCompetence {
	switch t {
	case cases.Complaint:
		return &r.Complaint
	case cases.Denunciation:
		return &r.Denunciation
	}
	return nil
}

// compareUnits orders lower committees as they were recorded, unknown refs
// last by ref.
func (c *computer) compareUnits(a, b UnitResolution) int {
	ia, oka := c.unitOrder[a.Unit]
	ib, okb := c.unitOrder[b.Unit]
	switch {
	case oka && okb:
		return ia - ib
	case oka:
		return -1
	case okb:
		return 1
	}
	return cmp.Compare(a.Unit, b.Unit)
}

// resolveOne adds one accepted complaint or denunciation to figs.
func (v *view) resolveOne(f *fold, figs []*ResolutionFigures) error {
	from, to := v.p.From, v.p.To
	closedBefore := (f.resolved && f.resolvedOn < from) || (f.terminated && f.terminatedOn < from)
	carried := f.acceptedOn < from && !closedBefore
	accepted := v.p.Contains(f.acceptedOn)
	if f.implemented && v.p.Contains(f.implementOn) {
		for _, g := range figs {
			g.Implemented++
		}
	}
	if !carried && !accepted {
		return nil
	}
	inP := func(ok bool, d cases.Date) bool { return ok && d >= from && d <= to }
	var due cases.Date
	resolved, terminated := inP(f.resolved, f.resolvedOn), inP(f.terminated, f.terminatedOn)
	if !terminated {
		var err error
		due, err = v.c.o.Deadlines.Resolution(f.p, v.c.isRemote(f.p.Unit), to)
		if err != nil {
			return fmt.Errorf("report: resolution deadline of petition %s: %w", f.p.Ref, err)
		}
	}
	for _, g := range figs {
		if carried {
			g.CarriedOver++
		} else {
			g.Accepted++
		}
		switch {
		case resolved:
			g.Resolved++
			switch f.p.Verdict {
			case cases.Correct:
				g.Verdicts.Correct++
			case cases.Incorrect:
				g.Verdicts.Incorrect++
			case cases.PartlyCorrect:
				g.Verdicts.PartlyCorrect++
			}
			if f.resolvedOn <= due {
				g.OnTime++
			} else {
				g.Late++
			}
		case terminated:
			g.Terminated++
		default:
			if due < to {
				g.Overdue++
			}
		}
	}
	return nil
}

// finish computes the derived figures.
func (g *ResolutionFigures) finish() {
	g.MustResolve = g.CarriedOver + g.Accepted
	g.InProgress = g.MustResolve - g.Resolved - g.Terminated
	g.Rate = Ratio(g.Resolved, g.MustResolve)
}

func (g *ResolutionFigures) empty() bool {
	return g.CarriedOver == 0 && g.Accepted == 0 && g.Resolved == 0 && g.Terminated == 0 &&
		g.Implemented == 0 && g.OnTime == 0 && g.Late == 0 && g.Overdue == 0
}
