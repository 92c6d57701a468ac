package report

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// view is the history as it stood at the end of one period's last day.
type view struct {
	c       *computer
	p       Period
	reader  timelineReader
	slab    []fold         // allocated ahead, many at a time
	slabs   int            // how many slabs were allocated
	scratch cases.Petition // each petition is folded here, then its fold kept
	err     error          // the first timeline that could not be read

	// What the view knows of each petition, by pid (grow).
	folds   []*fold // nil: not received by the end of the period
	folded  []bool
	links   []link
	linked  []bool
	matters []pid // noPid: not resolved yet

	loaded []pid // the petitions the period may count (load)
	// visits are the visits of the period, collected by onVisit as the
	// timelines are read (folded, or their types read); scanned says that
	// every loaded petition's timeline has been.
	visits  []visit
	scanned bool
	visitOf pid // the petition whose timeline is being read
	onVisit func(*timelineEntry)
	// recording says the visits met are recorded too (foldMemo).
	recording bool
	recorded  []visit
	// puts, in a worker of foldParallel, are the folds it made for the
	// foldMemo, kept there once the workers are done; worker says so.
	worker bool
	puts   []memoPut
}

// memoPut is a fold a worker made for the foldMemo.
type memoPut struct {
	ref string
	m   memoFold
}

// visit is a visit of the view's period.
type visit struct {
	seq        int64
	petition   pid
	kind       cases.VisitKind
	online     bool
	people     int
	at         int64 // unix µs
	recordedAt int64 // unix µs
}

func (c *computer) view(p Period) *view {
	v := &view{c: c, p: p, reader: timelineReader{strings: new(interner)}}
	v.onVisit = v.addVisit
	return v
}

// grow makes the view's slices hold every petition its computer has read.
func (v *view) grow() {
	n := len(v.c.refs)
	if len(v.folds) >= n {
		return
	}
	add := n - len(v.folds)
	v.folds = append(v.folds, make([]*fold, add)...)
	v.folded = append(v.folded, make([]bool, add)...)
	v.links = append(v.links, make([]link, add)...)
	v.linked = append(v.linked, make([]bool, add)...)
	m := len(v.matters)
	v.matters = append(v.matters, make([]pid, add)...)
	for i := m; i < len(v.matters); i++ {
		v.matters[i] = noPid
	}
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
	// The petitions are collected first and given their pids after, so
	// that the map of refs is made once at its size; in chunks, none
	// copied as the list grows.
	type kept struct {
		ref string
		t   Timeline
	}
	const chunk = 4096
	var all [][]kept
	n := 0
	add := func(ref string, t Timeline) {
		if len(all) == 0 || len(all[len(all)-1]) == cap(all[len(all)-1]) {
			all = append(all, make([]kept, 0, min(chunk, max(64, n))))
		}
		all[len(all)-1] = append(all[len(all)-1], kept{ref, t})
		n++
	}
	keep := func(ref string, t Timeline) error {
		add(ref, c.keep(t))
		return nil
	}
	// What a store keeps valid after its callback (an area's reader) is
	// taken as it is, not copied.
	take := keep
	if c.stable() {
		take = func(ref string, t Timeline) error {
			add(ref, t)
			return nil
		}
	}
	// The days of the committees reported: each holds the petitions one
	// of them received.
	type committeeDay struct {
		committee string
		day       cases.Date
	}
	var stale []committeeDay
	every := c.asOf != noAsOf
	cm := c.o.Committee
	err := c.store.Days(c.ctx, cm.keys(), v.p.From, v.p.To, every, func(committee string, day cases.Date, s *DaySummary) error {
		if s == nil {
			stale = append(stale, committeeDay{committee, day})
			return nil
		}
		for _, part := range [][]byte{s.Closed, s.Open} {
			if err := eachSummarized(part, v.p.From, v.p.To, every, func(ref string, t Timeline) { take(ref, t) }); err != nil {
				return fmt.Errorf("day %s: %w", day, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("report: read the days' summaries: %w", err)
	}
	for _, d := range stale {
		if err := c.store.Received(c.ctx, []string{d.committee}, d.day, d.day, keep); err != nil {
			return fmt.Errorf("report: read the petitions of %s: %w", d.day, err)
		}
	}
	// The petitions routed into them from outside: few, each read whole;
	// in an area, from its days where they are there.
	if refs := cm.outsideRefs(); len(refs) > 0 {
		read := c.store.Timelines
		if r, ok := c.store.(*committeeReader); ok && r.i >= 0 {
			read = func(ctx context.Context, refs []string, fn func(string, Timeline) error) error {
				return r.routedIn(ctx, refs, v.p.From, v.p.To, every, fn)
			}
		}
		if err := read(c.ctx, refs, take); err != nil {
			return fmt.Errorf("report: read the petitions routed in: %w", err)
		}
	}
	if len(c.ids) == 0 {
		c.ids = make(map[string]pid, n)
	}
	c.refs = slices.Grow(c.refs, n)
	c.tls = slices.Grow(c.tls, n)
	c.asked = slices.Grow(c.asked, n)
	// Each petition is in the summary or the timelines of one day: the
	// list holds it once.
	v.loaded = make([]pid, 0, n)
	for _, part := range all {
		for _, k := range part {
			id := c.pid(k.ref)
			if c.tls[id] == nil {
				c.tls[id] = k.t
			}
			c.asked[id] = true
			v.loaded = append(v.loaded, id)
		}
	}
	return nil
}

// addVisit keeps a visit kept by the view (dated by the end of its period,
// recorded by as_of) if it is dated in the period, of the petition being
// read; and records it when the view records its folds (foldMemo).
func (v *view) addVisit(e *timelineEntry) {
	vis := visit{seq: e.seq, kind: cases.VisitKind(e.c.Kind), online: e.c.Online, people: e.c.People,
		at: e.at, recordedAt: e.recordedAt}
	if v.recording {
		v.recorded = append(v.recorded, vis)
	}
	v.keepVisit(v.visitOf, vis)
}

// keepVisit keeps visit vis of petition id if it is dated in the view's
// period and the petition was received by a committee reported.
func (v *view) keepVisit(id pid, vis visit) {
	if dayOfMicro(vis.at) >= v.p.From && v.c.o.Committee.received(v.c.refs[id]) {
		vis.petition = id
		v.visits = append(v.visits, vis)
	}
}

// fold is a petition as it stood at the end of the view's period, with the
// dates the figures look at.
type fold struct {
	p            petitionFacts
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

// petitionFacts are the fields of a folded cases.Petition the figures
// read: a fold keeps these, not the petition (300 bytes a fold instead of
// 744, 13 % of what a report allocates, and less for the collector to
// scan).
type petitionFacts struct {
	Ref      string
	Channel  cases.Channel
	Type     cases.Type
	Instance int
	Complex  cases.Complexity
	RouteTo  cases.Destination
	Unit     string
	Method   cases.Method
	Verdict  cases.Verdict
	Outcome  cases.Outcome
	// ExtensionDays and SuspendedDays as the petition's; suspended and
	// suspendedOn its SuspendedSince.
	ExtensionDays, SuspendedDays int
	suspended                    bool
	suspendedOn                  cases.Date
}

// set makes f the fold of p, reading the dates of p. The workflow lets each of route, archive,
// accept, resolve, implement and terminate happen once at most, so p's
// times are those of the events.
func (f *fold) set(p *cases.Petition) {
	*f = fold{received: dateOf(p.ReceivedAt), p: petitionFacts{Ref: p.Ref, Channel: p.Channel, Type: p.Type,
		Instance: p.Instance, Complex: p.Complex, RouteTo: p.RouteTo, Unit: p.Unit, Method: p.Method,
		Verdict: p.Verdict, Outcome: p.Outcome, ExtensionDays: p.ExtensionDays, SuspendedDays: p.SuspendedDays}}
	if p.SuspendedSince != nil {
		f.p.suspended, f.p.suspendedOn = true, dateOf(*p.SuspendedSince)
	}
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

// fold returns petition id as it stood, or nil if it was not yet received
// (or not recorded by as_of). loadFolds must have read it.
func (v *view) fold(id pid) *fold {
	v.grow()
	if v.folded[id] {
		return v.folds[id]
	}
	v.folded[id] = true
	var f *fold
	if tl := v.c.tls[id]; tl != nil {
		ref := v.c.refs[id]
		memo := v.c.o.memo.at(v.p.To)
		if m, ok := memo.get(ref); ok {
			for _, vis := range m.visits {
				v.keepVisit(id, vis)
			}
			v.folds[id] = m.f
			return m.f
		}
		if len(v.slab) == 0 {
			// A few at first: a committee of an area folds few itself.
			v.slab = make([]fold, min(256, 8<<min(v.slabs, 5)))
			v.slabs++
		}
		v.visitOf = id
		writing := memo != nil && !memo.done
		v.recording, v.recorded = writing, nil
		tf, err := foldTimeline(&v.reader, ref, tl, v.p.To, v.c.asOf, &v.scratch, v.onVisit)
		v.recording = false
		switch {
		case err != nil:
			if v.err == nil {
				v.err = fmt.Errorf("report: %w", err)
			}
		case tf.created:
			f = &v.slab[0]
			v.slab = v.slab[1:]
			f.set(&v.scratch)
			f.visited, f.firstVisit, f.duplicatedBy = tf.visited, tf.firstVisit, tf.duplicatedBy
		}
		if writing && err == nil {
			if v.worker {
				v.puts = append(v.puts, memoPut{ref, memoFold{f: f, visits: v.recorded}})
			} else {
				memo.put(ref, memoFold{f: f, visits: v.recorded}, len(v.loaded))
			}
		}
	}
	v.folds[id] = f
	return f
}

// foldMemo keeps the folds an area's report made at the end of its period,
// with the visits each fold met, for its committees' reports to use again:
// a petition's fold at the end of a day, as of an instant, does not depend
// on the report (each keeps of its visits its own, keepVisit). Only the
// area's reader makes one (Compute); a nil foldMemo keeps nothing. The
// area's report writes it, then (done) its committees' reports, side by
// side, read it.
type foldMemo = dayMemo[memoFold]

// memoFold is a fold kept (nil: not received by then) and its visits.
type memoFold struct {
	f      *fold
	visits []visit
}

// linkMemo keeps, like foldMemo, the links (timelineLink) P′'s view of an
// area's report read of its petitions at the end of P′, with the visits
// each met, for its committees' P′ (view.previous): a link, too, depends
// on the timeline, the day and as_of alone.
type linkMemo = dayMemo[memoLink]

// memoLink is a link kept and its visits.
type memoLink struct {
	l      chainLink
	visits []visit
}

// dayMemo keeps, by petition, what an area's own view computed at the end
// of day to, for its committees' views of the same day; done once the
// area's view has written it all.
type dayMemo[T any] struct {
	to   cases.Date
	done bool
	kept map[string]T
}

// at is m when it was kept at the end of day to, else nil.
func (m *dayMemo[T]) at(to cases.Date) *dayMemo[T] {
	if m == nil || m.to != to {
		return nil
	}
	return m
}

// get is what m keeps of ref; nil m keeps nothing.
func (m *dayMemo[T]) get(ref string) (T, bool) {
	if m == nil {
		var zero T
		return zero, false
	}
	t, ok := m.kept[ref]
	return t, ok
}

// put keeps t of ref, in a memo made for about n petitions.
func (m *dayMemo[T]) put(ref string, t T, n int) {
	if m.kept == nil {
		m.kept = make(map[string]T, n)
	}
	m.kept[ref] = t
}

// foldLoaded folds every petition the view loaded, collecting the visits of
// its period on the way (scanned), and returns their folds in v.loaded's
// order.
func (v *view) foldLoaded() ([]*fold, error) {
	var folds []*fold
	var err error
	memo := v.c.o.memo.at(v.p.To)
	if n := runtime.GOMAXPROCS(0); n > 1 && len(v.loaded) >= parallelFolds && memo != nil && !memo.done {
		if err = v.c.readTimelines(v.loaded); err == nil {
			folds = v.foldParallel(v.loaded, n)
			err = v.err
		}
	} else {
		folds, err = v.loadFolds(v.loaded)
	}
	if err == nil {
		v.scanned = true
	}
	return folds, err
}

// An area's own view of P, which writes the foldMemo its committees'
// reports wait for, folds on every processor when it loaded at least
// parallelFolds petitions, foldChunk at a time: P′ leaves a processor idle
// once it is done. (A district's P is not: P′ runs beside it all along,
// and splitting its folds cost 5 % more CPU for no time saved.)
var (
	parallelFolds = 16384
	foldChunk     = 2048
)

// foldParallel folds ids, each petition once, on n goroutines, and
// returns their folds in ids' order: each goroutine folds chunks with a
// view of its own (a worker), which shares the view's folds (each
// petition's written by one worker) and keeps apart what the view
// appends to — the visits met, the folds for the foldMemo, the first
// error — which are added to the view's in the order of the chunks, as if
// it had folded them in order itself.
func (v *view) foldParallel(ids []pid, n int) []*fold {
	v.grow()
	out := make([]*fold, len(ids))
	type result struct {
		visits []visit
		puts   []memoPut
		err    error
	}
	chunks := (len(ids) + foldChunk - 1) / foldChunk
	results := make([]result, chunks)
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		panicked atomic.Pointer[prevResult]
	)
	for range min(n, chunks) {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					panicked.CompareAndSwap(nil, &prevResult{panicked: true, panic: r})
				}
			}()
			w := &view{c: v.c, p: v.p, reader: timelineReader{strings: new(interner)}, worker: true,
				folds: v.folds, folded: v.folded, links: v.links, linked: v.linked, matters: v.matters, loaded: v.loaded}
			w.onVisit = w.addVisit
			for k := int(next.Add(1)) - 1; k < chunks && panicked.Load() == nil; k = int(next.Add(1)) - 1 {
				w.visits, w.puts, w.err = nil, nil, nil
				for i := k * foldChunk; i < min(len(ids), (k+1)*foldChunk); i++ {
					out[i] = w.fold(ids[i])
				}
				results[k] = result{w.visits, w.puts, w.err}
			}
		})
	}
	wg.Wait()
	if r := panicked.Load(); r != nil {
		panic(r.panic)
	}
	memo := v.c.o.memo.at(v.p.To)
	for _, r := range results {
		v.visits = append(v.visits, r.visits...)
		if v.err == nil {
			v.err = r.err
		}
		for _, p := range r.puts {
			memo.put(p.ref, p.m, len(v.loaded))
		}
	}
	return out
}

// loadFolds reads ids and returns their folds (nil for those not received).
func (v *view) loadFolds(ids []pid) ([]*fold, error) {
	if err := v.c.readTimelines(ids); err != nil {
		return nil, err
	}
	out := make([]*fold, len(ids))
	for i, id := range ids {
		out[i] = v.fold(id)
	}
	return out, v.err
}
