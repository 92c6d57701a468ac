package report

import (
	"context"

	"github.com/tiepdan/tiepdan/cases"
)

// areaReader serves the reports of an area's committees (Compute's table
// of committees) from one reading of what they all read: the units, the
// sessions of a period and the days' summaries of every committee of the
// area, each summary handed to the report of the committee that received
// its petitions (Store.Days says which). Every committee's report is
// still Compute's, from its own Committee: the reader only hands each one
// the days it would have read.
type areaReader struct {
	store Store
	cms   []*Committee
	index map[string]int // of cms, by key
	units []Unit
	// sessions and days are what the store returned, by the period asked.
	sessions map[[2]cases.Date][]Session
	days     map[daysAsked][][]committeeDay // by committee, as cms
}

type daysAsked struct {
	from, to cases.Date
	every    bool
}

// committeeDay is a day of one committee's; stale, a day whose summary is
// stale (Store.Days's nil).
type committeeDay struct {
	day   cases.Date
	stale bool
	s     DaySummary
}

func newAreaReader(store Store, cms []*Committee) *areaReader {
	a := &areaReader{store: store, cms: cms, index: map[string]int{},
		sessions: map[[2]cases.Date][]Session{}, days: map[daysAsked][][]committeeDay{}}
	for i, cm := range cms {
		a.index[cm.Key] = i
	}
	return a
}

// committee is the Store the report of committee i of the area reads.
func (a *areaReader) committee(i int) Store { return &committeeReader{a: a, i: i} }

// readDays reads the days of every committee of the area a report of
// from..to reads once, and splits them by committee.
func (a *areaReader) readDays(ctx context.Context, k daysAsked) ([][]committeeDay, error) {
	if d, ok := a.days[k]; ok {
		return d, nil
	}
	keys := make([]string, len(a.cms))
	for i, cm := range a.cms {
		keys[i] = cm.Key
	}
	out := make([][]committeeDay, len(a.cms))
	// The store's bytes are valid during its callback only: the summaries
	// are copied, into one arena.
	var arena []byte
	keep := func(b []byte) []byte {
		if len(b) > cap(arena)-len(arena) {
			arena = make([]byte, 0, max(1<<20, len(b)))
		}
		n := len(arena)
		arena = append(arena, b...)
		return arena[n:len(arena):len(arena)]
	}
	err := a.store.Days(ctx, keys, k.from, k.to, k.every, func(committee string, day cases.Date, s *DaySummary) error {
		i, ok := a.index[committee]
		if !ok {
			return nil
		}
		if s == nil {
			out[i] = append(out[i], committeeDay{day: day, stale: true})
			return nil
		}
		out[i] = append(out[i], committeeDay{day: day, s: DaySummary{FirstDay: s.FirstDay, Horizon: s.Horizon,
			Closed: keep(s.Closed), Open: keep(s.Open)}})
		return nil
	})
	if err != nil {
		return nil, err
	}
	a.days[k] = out
	return out, nil
}

// committeeReader is the Store of one committee's report in an area: what
// every report reads from the areaReader, the rest from the store.
type committeeReader struct {
	a *areaReader
	i int
}

var _ Store = (*committeeReader)(nil)

func (r *committeeReader) Units(ctx context.Context) ([]Unit, error) {
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
	k := [2]cases.Date{from, to}
	list, ok := r.a.sessions[k]
	if !ok {
		list = []Session{}
		err := r.a.store.Sessions(ctx, from, to, func(s *Session) error {
			list = append(list, *s)
			return nil
		})
		if err != nil {
			return err
		}
		r.a.sessions[k] = list
	}
	for i := range list {
		if err := fn(&list[i]); err != nil {
			return err
		}
	}
	return nil
}

// Days hands committee i's days, whichever committees are asked: its
// report asks for its own.
func (r *committeeReader) Days(ctx context.Context, _ []string, from, to cases.Date, every bool, fn func(string, cases.Date, *DaySummary) error) error {
	all, err := r.a.readDays(ctx, daysAsked{from, to, every})
	if err != nil {
		return err
	}
	for i := range all[r.i] {
		d := &all[r.i][i]
		key := r.a.cms[r.i].Key
		if d.stale {
			err = fn(key, d.day, nil)
		} else {
			err = fn(key, d.day, &d.s)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *committeeReader) Received(ctx context.Context, committees []string, from, to cases.Date, fn func(string, Timeline) error) error {
	return r.a.store.Received(ctx, committees, from, to, fn)
}

func (r *committeeReader) Timelines(ctx context.Context, refs []string, fn func(string, Timeline) error) error {
	return r.a.store.Timelines(ctx, refs, fn)
}

func (r *committeeReader) CommitteePetitions(ctx context.Context, committee string, fn func(Crossing) error) error {
	return r.a.store.CommitteePetitions(ctx, committee, fn)
}

// Fork is none: the committees' reports read what the areaReader holds,
// one after the other.
func (r *committeeReader) Fork(context.Context) (Store, func()) { return nil, nil }
