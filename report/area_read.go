package report

import (
	"context"
	"fmt"
	"sync"

	"github.com/tiepdan/tiepdan/cases"
)

// areaReader serves an area's report and the reports of its committees
// (Compute's table of committees) from one reading of what they all read:
// the units, the sessions of a period, the days' summaries of every
// committee of the area, each handed to the report of the committee that
// received its petitions (Store.Days says which), and the timelines read
// by ref, the petitions routed into a committee from another above all.
// Every committee's report is still Compute's, from its own Committee: the
// reader only hands each one the days it would have read. The committees'
// reports run side by side (computer.committees): mu guards what the
// reader holds and the store, which reads one at a time.
type areaReader struct {
	mu    sync.Mutex
	store Store
	keys  []string // the area's committees
	area  *Committee
	cms   []*Committee
	index map[string]int // of cms, by key
	units []Unit
	// sessions and days are what the store returned, by the period asked.
	sessions map[[2]cases.Date][]Session
	days     map[daysAsked]*areaDays
	// routedIn are, by the period asked, the timelines of the petitions
	// routed into a committee of the area from another of it that a
	// report of the period reads (routedIn).
	routedIn map[daysAsked]map[string]Timeline
	// timelines are those read by ref (nil: the store has none), copied
	// into arena; prefetched says the committees' petitions routed in
	// from beyond the area are among them.
	timelines  map[string]Timeline
	prefetched bool
	arena      []byte
}

type daysAsked struct {
	from, to cases.Date
	every    bool
}

// areaDays are the days of the area's committees a report of a period
// reads, and which of them are each committee's (by index in cms).
type areaDays struct {
	list []committeeDay
	byCm [][]int
}

// committeeDay is a day of one committee's; stale, a day whose summary is
// stale (Store.Days's nil).
type committeeDay struct {
	committee string
	day       cases.Date
	stale     bool
	s         DaySummary
}

func newAreaReader(store Store, area *Committee, cms []*Committee) *areaReader {
	a := &areaReader{store: store, keys: area.Keys, area: area, cms: cms, index: map[string]int{},
		routedIn: map[daysAsked]map[string]Timeline{},
		sessions: map[[2]cases.Date][]Session{}, days: map[daysAsked]*areaDays{}, timelines: map[string]Timeline{}}
	for i, cm := range cms {
		a.index[cm.Key] = i
	}
	return a
}

// committee is the Store the report of committee i of the area reads, or
// for i -1 the area's own report.
func (a *areaReader) committee(i int) Store { return &committeeReader{a: a, i: i} }

// keep copies b, which the store may reuse after its callback returns.
func (a *areaReader) keep(b []byte) []byte {
	if len(b) > cap(a.arena)-len(a.arena) {
		a.arena = make([]byte, 0, max(1<<20, len(b)))
	}
	n := len(a.arena)
	a.arena = append(a.arena, b...)
	return a.arena[n:len(a.arena):len(a.arena)]
}

// adopt makes what b read (another reader of the same area and history,
// done reading) a's too.
func (a *areaReader) adopt(b *areaReader) {
	for k, d := range b.days {
		if _, ok := a.days[k]; !ok {
			a.days[k] = d
		}
	}
	for k, l := range b.sessions {
		if _, ok := a.sessions[k]; !ok {
			a.sessions[k] = l
		}
	}
	for ref, t := range b.timelines {
		if _, ok := a.timelines[ref]; !ok {
			a.timelines[ref] = t
		}
	}
}

// keepEntries copies of part b of a day's summary the petitions a report
// of k reads (eachEntry), the rest being of no use to any report of k: a
// day's closed part may hold years of petitions for one of them with an
// entry in the period.
func (a *areaReader) keepEntries(b []byte, k daysAsked) ([]byte, error) {
	n := len(a.arena)
	err := eachEntry(b, k.from, k.to, k.every, func(_, _, entry []byte) {
		if len(entry) > cap(a.arena)-len(a.arena) {
			// The entries kept so far move to the new arena with it.
			kept := a.arena[n:]
			a.arena = make([]byte, 0, max(1<<20, 2*(len(kept)+len(entry))))
			a.arena = append(a.arena, kept...)
			n = 0
		}
		a.arena = append(a.arena, entry...)
	})
	if err != nil {
		return nil, err
	}
	return a.arena[n:len(a.arena):len(a.arena)], nil
}

// readDays reads the days of every committee of the area a report of
// from..to reads once, and splits them by committee.
func (a *areaReader) readDays(ctx context.Context, k daysAsked) (*areaDays, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if d, ok := a.days[k]; ok {
		return d, nil
	}
	d := &areaDays{byCm: make([][]int, len(a.cms))}
	err := a.store.Days(ctx, a.keys, k.from, k.to, k.every, func(committee string, day cases.Date, s *DaySummary) error {
		cd := committeeDay{committee: committee, day: day, stale: s == nil}
		if s != nil {
			closed, err := a.keepEntries(s.Closed, k)
			if err != nil {
				return fmt.Errorf("day %s: %w", day, err)
			}
			open, err := a.keepEntries(s.Open, k)
			if err != nil {
				return fmt.Errorf("day %s: %w", day, err)
			}
			cd.s = DaySummary{FirstDay: s.FirstDay, Horizon: s.Horizon, Closed: closed, Open: open}
		}
		if i, ok := a.index[committee]; ok {
			d.byCm[i] = append(d.byCm[i], len(d.list))
		}
		d.list = append(d.list, cd)
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.days[k] = d
	return d, nil
}

// readTimelines calls fn with the timelines of refs, reading from the
// store those it has not read yet; the first time, with every committee's
// petitions routed in from outside (Committee.outside).
func (a *areaReader) readTimelines(ctx context.Context, refs []string, fn func(string, Timeline) error) error {
	found, err := a.timelinesOf(ctx, refs)
	if err != nil {
		return err
	}
	for i, ref := range refs {
		if t := found[i]; t != nil {
			if err := fn(ref, t); err != nil {
				return err
			}
		}
	}
	return nil
}

// timelinesOf returns the timelines of refs (nil: none), reading those
// not read yet.
func (a *areaReader) timelinesOf(ctx context.Context, refs []string) ([]Timeline, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var missing []string
	if !a.prefetched {
		a.prefetched = true
		seen := map[string]bool{}
		for _, cm := range a.cms {
			for _, ref := range cm.outsideRefs() {
				if !seen[ref] && a.area.outside[ref] {
					seen[ref] = true
					missing = append(missing, ref)
				}
			}
		}
	}
	for _, ref := range refs {
		if _, ok := a.timelines[ref]; !ok {
			missing = append(missing, ref)
		}
	}
	if len(missing) > 0 {
		err := a.store.Timelines(ctx, missing, func(ref string, t Timeline) error {
			a.timelines[ref] = a.keep(t)
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, ref := range missing {
			if _, ok := a.timelines[ref]; !ok {
				a.timelines[ref] = nil
			}
		}
	}
	found := make([]Timeline, len(refs))
	for i, ref := range refs {
		found[i] = a.timelines[ref]
	}
	return found, nil
}

// routedInOf returns, of the petitions routed into a committee of the area
// from another of it, the timelines of those a report of k reads: their
// entries in the days of k (eachEntry), which hold every petition of the
// area with anything to count in k. A petition not there has nothing to
// count, as the days say of any petition of theirs. Nil when a day of k is
// stale: its petitions are not in the days.
func (a *areaReader) routedInOf(ctx context.Context, k daysAsked) (map[string]Timeline, error) {
	d, err := a.readDays(ctx, k)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if in, ok := a.routedIn[k]; ok {
		return in, nil
	}
	var in map[string]Timeline
	defer func() { a.routedIn[k] = in }()
	for i := range d.list {
		if d.list[i].stale {
			return nil, nil
		}
	}
	wanted := map[string]bool{}
	for _, cm := range a.cms {
		for ref := range cm.outside {
			if !a.area.outside[ref] {
				wanted[ref] = true
			}
		}
	}
	in = make(map[string]Timeline, len(wanted))
	if len(wanted) == 0 {
		return in, nil
	}
	for i := range d.list {
		s := &d.list[i].s
		for _, part := range [][]byte{s.Closed, s.Open} {
			err := eachEntry(part, k.from, k.to, k.every, func(ref, t, _ []byte) {
				if wanted[string(ref)] {
					in[string(ref)] = Timeline(t)
				}
			})
			if err != nil {
				return nil, fmt.Errorf("day %s: %w", d.list[i].day, err)
			}
		}
	}
	return in, nil
}

// committeeReader is the Store of one committee's report in an area (or,
// i -1, of the area's own): what every report reads from the areaReader,
// the rest from the store.
type committeeReader struct {
	a *areaReader
	i int
}

var _ Store = (*committeeReader)(nil)

func (r *committeeReader) Units(ctx context.Context) ([]Unit, error) {
	r.a.mu.Lock()
	defer r.a.mu.Unlock()
	if r.a.units == nil {
		units, err := r.a.store.Units(ctx)
		if err != nil {
			return nil, err
		}
		r.a.units = units
	}
	return r.a.units, nil
}

func (r *committeeReader) Sessions(ctx context.Context, from, to cases.Date, fn func(*Session) error) error {
	list, err := r.a.sessionsOf(ctx, from, to)
	if err != nil {
		return err
	}
	for i := range list {
		if err := fn(&list[i]); err != nil {
			return err
		}
	}
	return nil
}

func (a *areaReader) sessionsOf(ctx context.Context, from, to cases.Date) ([]Session, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	k := [2]cases.Date{from, to}
	list, ok := a.sessions[k]
	if !ok {
		list = []Session{}
		err := a.store.Sessions(ctx, from, to, func(s *Session) error {
			list = append(list, *s)
			return nil
		})
		if err != nil {
			return nil, err
		}
		a.sessions[k] = list
	}
	return list, nil
}

// Days hands committee i's days, or the area's, whichever committees are
// asked: each report asks for its own.
func (r *committeeReader) Days(ctx context.Context, _ []string, from, to cases.Date, every bool, fn func(string, cases.Date, *DaySummary) error) error {
	d, err := r.a.readDays(ctx, daysAsked{from, to, every})
	if err != nil {
		return err
	}
	one := func(cd *committeeDay) error {
		if cd.stale {
			return fn(cd.committee, cd.day, nil)
		}
		return fn(cd.committee, cd.day, &cd.s)
	}
	if r.i < 0 {
		for i := range d.list {
			if err := one(&d.list[i]); err != nil {
				return err
			}
		}
		return nil
	}
	for _, i := range d.byCm[r.i] {
		if err := one(&d.list[i]); err != nil {
			return err
		}
	}
	return nil
}

func (r *committeeReader) Received(ctx context.Context, committees []string, from, to cases.Date, fn func(string, Timeline) error) error {
	r.a.mu.Lock()
	defer r.a.mu.Unlock()
	return r.a.store.Received(ctx, committees, from, to, fn)
}

// routedIn calls fn with the timelines of refs, the petitions routed into
// the committee from another, that a report of from..to reads (every as
// Days): those routed from another committee of the area that the area's
// days hold (routedInOf), and those routed from beyond the area.
func (r *committeeReader) routedIn(ctx context.Context, refs []string, from, to cases.Date, every bool, fn func(string, Timeline) error) error {
	in, err := r.a.routedInOf(ctx, daysAsked{from, to, every})
	if err != nil {
		return err
	}
	if in == nil {
		return r.a.readTimelines(ctx, refs, fn)
	}
	var beyond []string
	for _, ref := range refs {
		switch t, ok := in[ref]; {
		case ok:
			if err := fn(ref, t); err != nil {
				return err
			}
		case r.a.area.outside[ref]:
			beyond = append(beyond, ref)
		}
	}
	return r.a.readTimelines(ctx, beyond, fn)
}

func (r *committeeReader) Timelines(ctx context.Context, refs []string, fn func(string, Timeline) error) error {
	return r.a.readTimelines(ctx, refs, fn)
}

func (r *committeeReader) CommitteePetitions(ctx context.Context, committee string, sentUp bool, fn func(Crossing) error) error {
	r.a.mu.Lock()
	defer r.a.mu.Unlock()
	return r.a.store.CommitteePetitions(ctx, committee, sentUp, fn)
}

// Fork is none: the reports read what the areaReader holds, through its
// one store (Compute forks the area's own store before it reads through
// one).
func (r *committeeReader) Fork(context.Context) (Store, func()) { return nil, nil }
