package report

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/tiepdan/tiepdan/cases"
)

// Compute returns the figures of SPEC §4 for period p and, where SPEC §4 asks,
// for the same period a year earlier, from the history store holds.
//
// Each period is seen as it stood at the end of its last day (24:00, +07:00),
// or of the day o.Day gives when it had not ended by then: only events dated
// on or before it count, and with o.AsOf only events recorded at or before
// o.AsOf. A petition's type, route, archive, duplicate
// chain and first visit are those of that moment.
func Compute(ctx context.Context, store Store, p Period, o Options) (*Figures, error) {
	if p.From > p.To {
		return nil, cases.Errorf(cases.EInvalid, "period: from %s is after to %s", p.From, p.To)
	}
	if o.Deadlines == nil {
		return nil, errors.New("report: no deadlines")
	}
	c := &computer{ctx: ctx, store: store, o: o, asOf: o.asOfMicro(),
		ids: map[string]pid{}, due: memoFor(o.Deadlines)}
	if a := o.area; a != nil {
		c.units, c.unitOrder, c.remote, c.owns = a.units, a.unitOrder, a.remote, a.owns
	} else if err := c.readUnits(); err != nil {
		return nil, err
	}
	// A period not ended by the report's day is counted up to that day,
	// and P' up to the same day a year earlier: like for like.
	cut, err := p.Cut(o.Day(p))
	if err != nil {
		return nil, err
	}
	prev := cut.Previous()
	f := &Figures{Version: Version, Period: p, PreviousPeriod: p.Previous()}
	if cut.To < p.To {
		day, prevDay := cut.To, prev.To
		f.AsOfDay, f.PreviousAsOfDay = &day, &prevDay
	}
	if !o.AsOf.IsZero() {
		t := o.AsOf.In(cases.Zone)
		f.AsOf = &t
	}
	// An area's report and its committees' read the period's days once
	// (areaReader); P' of the area is read on a fork of its own.
	var area *areaReader
	if cm := o.Committee; cm != nil && cm.Area {
		area = c.areaReader(store, f.EndDay(), cm)
		c.store = area.committee(-1)
		// The folds of P are kept for the committees' reports: the area
		// folds every petition they fold.
		c.o.memo = &foldMemo{to: cut.To}
		c.o.links = &linkMemo{to: prev.To}
	}

	// When the store can open a second reader of the same history, P' is
	// counted on it, beside P. The two readers share nothing but the units.
	var (
		prevFigs prevFigures
		prevDone chan prevResult
	)
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var prevArea *areaReader
	if s2, release := store.Fork(pctx); s2 != nil {
		if area != nil {
			// P' of the area reads its days through a reader of its own,
			// which its committees' P' read again once it is done.
			prevArea = newAreaReader(s2, area.area, area.cms)
			prevArea.prefetched = true // the committees' P' read through area
			s2 = prevArea.committee(-1)
		}
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
	err = c.view(cut).current(f, t)
	if prevDone != nil {
		if err != nil {
			cancel() // P' is of no more use
		}
		r := <-prevDone
		if r.panicked {
			panic(r.panic)
		}
		if prevArea != nil {
			area.adopt(prevArea)
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
	if cm := o.Committee; cm != nil {
		if u, ok := cases.CommitteeUnit(c.owns, cm.Key, f.EndDay()); ok {
			f.Committee, f.CommitteeName = u.Ref, u.Name
		}
		if f.Area = cm.Area; cm.Area {
			// Written by the area's views, read by its committees'.
			c.o.memo.done, c.o.links.done = true, true
			if err := c.committees(f, p, area); err != nil {
				return nil, err
			}
		}
	}
	return f, nil
}

// areaReader returns the reader of area cm: with the report of each of
// its committees recorded by day end (Committee.forKey).
func (c *computer) areaReader(store Store, end cases.Date, cm *Committee) *areaReader {
	var cms []*Committee
	for _, key := range cm.Keys {
		if _, ok := cases.CommitteeUnit(c.owns, key, end); ok { // else not recorded by as_of
			cms = append(cms, cm.forKey(key))
		}
	}
	return newAreaReader(store, cm, cms)
}

// committees adds to f, an area's figures, the report of each of its
// committees recorded by as_of: each its own (ForCommittee), so that the
// table of committees shows what each committee's report says. They read
// the history once, through the area's reader r, and run side by side, one
// on each processor.
func (c *computer) committees(f *Figures, p Period, r *areaReader) error {
	ctx, cancel := context.WithCancel(c.ctx)
	defer cancel()
	n := len(r.cms)
	figs, errs := make([]Figures, n), make([]error, n)
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		panicked atomic.Pointer[prevResult]
	)
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			defer func() {
				if v := recover(); v != nil {
					panicked.CompareAndSwap(nil, &prevResult{panicked: true, panic: v})
					cancel()
				}
			}()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				o := c.o
				o.Committee, o.area = r.cms[i], c
				g, err := Compute(ctx, r.committee(i), p, o)
				if err != nil {
					errs[i] = err
					cancel() // the others are of no more use
					return
				}
				figs[i] = *g
			}
		})
	}
	wg.Wait()
	if r := panicked.Load(); r != nil {
		panic(r.panic)
	}
	// The first error in the committees' order that is not the
	// cancellation another error caused.
	var first error
	for _, err := range errs {
		if err != nil && (first == nil || errors.Is(first, context.Canceled) && !errors.Is(err, context.Canceled)) {
			first = err
		}
	}
	if first != nil {
		return first
	}
	f.Committees = figs
	return nil
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
	var err error
	if f.Reception.ReceptionFigures, err = v.reception(); err != nil {
		return err
	}
	return v.count(t, v.loaded)
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
	if err := v.load(); err != nil {
		return err
	}
	memo := c.o.links.at(v.p.To)
	for _, id := range v.loaded {
		v.visitOf = id
		ref := c.refs[id]
		if cm := c.o.Committee; cm != nil && cm.Into[ref] {
			// Routed into a committee reported: whether it was by the end
			// of P' is in its fold.
			f := v.fold(id)
			if v.err != nil {
				return v.err
			}
			if f == nil || !v.p.Contains(f.received) {
				continue
			}
			recv, into := v.rows(id, f)
			for _, in := range [2]bool{recv, into} {
				if !in {
					continue
				}
				switch f.p.Type {
				case cases.Complaint:
					out.complaint++
				case cases.Denunciation:
					out.denunciation++
				}
			}
			continue
		}
		// One reading of the timeline for its type, its visits and its
		// link, which the reception of P' reads; or the area's reading.
		var l chainLink
		if m, ok := memo.get(ref); ok {
			l = m.l
			for _, vis := range m.visits {
				v.keepVisit(id, vis)
			}
		} else {
			writing := memo != nil && !memo.done
			v.recording, v.recorded = writing, nil
			var err error
			l, err = timelineLink(&v.reader, ref, c.tls[id], v.p.To, c.asOf, v.onVisit)
			v.recording = false
			if err != nil {
				return fmt.Errorf("report: %w", err)
			}
			if writing {
				memo.put(ref, memoLink{l: l, visits: v.recorded}, len(v.loaded))
			}
		}
		v.keepLink(id, l)
		if v.p.Contains(l.received) {
			switch l.typ {
			case cases.Complaint:
				out.complaint++
			case cases.Denunciation:
				out.denunciation++
			}
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
	o := c.o
	o.memo, o.area = nil, nil // P′'s views run beside P's
	return &computer{ctx: ctx, store: store, o: o, asOf: c.asOf,
		units: c.units, unitOrder: c.unitOrder, remote: c.remote, owns: c.owns,
		ids: map[string]pid{}, due: c.due}
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
	owns      []cases.Unit // the own units, as recorded

	// The petitions read, each by its pid: its ref, its timeline (nil for
	// one the store has none of: not received) and whether the store was
	// asked for it.
	ids   map[string]pid
	refs  []string
	tls   []Timeline
	asked []bool
	arena []byte // the timelines read

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
		if u.Kind == cases.Own {
			c.owns = append(c.owns, u.Unit)
		}
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

func (c *computer) unitName(ref string) string {
	if u := c.units[ref]; u != nil {
		return u.Name
	}
	return ref
}

// pid identifies a petition among those a computer has read: the index of
// its ref and timeline, so that the views keep what they know of it in
// slices rather than maps keyed by ref.
type pid int32

// noPid is no petition.
const noPid pid = -1

// pid returns the pid of petition ref, giving it one if it has none.
func (c *computer) pid(ref string) pid {
	if id, ok := c.ids[ref]; ok {
		return id
	}
	id := pid(len(c.refs))
	c.ids[ref] = id
	c.refs = append(c.refs, ref)
	c.tls = append(c.tls, nil)
	c.asked = append(c.asked, false)
	return id
}

// readTimelines reads the timelines of the petitions among ids the store
// was not asked for yet.
func (c *computer) readTimelines(ids []pid) error {
	var missing []string
	for _, id := range ids {
		if !c.asked[id] {
			c.asked[id] = true
			missing = append(missing, c.refs[id])
		}
	}
	if len(missing) == 0 {
		return nil
	}
	stable := c.stable()
	err := c.store.Timelines(c.ctx, missing, func(ref string, t Timeline) error {
		if id, ok := c.ids[ref]; ok && c.tls[id] == nil {
			if !stable {
				t = c.keep(t)
			}
			c.tls[id] = t
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("report: read petitions: %w", err)
	}
	return nil
}

// stable reports whether what c's store hands over (days' summaries,
// timelines by ref) stays valid after its callback: an area's reader keeps
// what it read (areaReader.keep) for as long as the report runs.
func (c *computer) stable() bool {
	_, ok := c.store.(*committeeReader)
	return ok
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
