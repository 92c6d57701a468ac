package report

import (
	"context"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
)

// areaReader serves the reports of an area's committees (Compute's table
// of committees) from one reading of what they all read: the units, the
// sessions of a period and the days' summaries, each summary split by the
// committees whose rows count its petitions. Without it each committee's
// report would read and decode every petition of the area's period to keep
// its own (101 readings of the history for a province of 100 communes).
// Every committee's report is still Compute's, from its own Committee:
// the reader only hands each one the part of the summaries it would have
// kept (Committee.keeps).
type areaReader struct {
	store Store
	cms   []*Committee
	units []Unit
	// sessions and days are what the store returned, by the period asked.
	sessions map[[2]cases.Date][]Session
	days     map[daysAsked][][]committeeDay // by committee, as cms
}

type daysAsked struct {
	from, to cases.Date
	every    bool
}

// committeeDay is the part of a day's summary one committee keeps; stale,
// a day whose summary is stale (Store.Days's nil).
type committeeDay struct {
	day   cases.Date
	stale bool
	s     DaySummary
}

func newAreaReader(store Store, cms []*Committee) *areaReader {
	return &areaReader{store: store, cms: cms,
		sessions: map[[2]cases.Date][]Session{}, days: map[daysAsked][][]committeeDay{}}
}

// committee is the Store the report of committee i of the area reads.
func (a *areaReader) committee(i int) Store { return &committeeReader{a: a, i: i} }

// readDays reads the summaries of the days a report of from..to reads
// once, and splits them by committee.
func (a *areaReader) readDays(ctx context.Context, k daysAsked) ([][]committeeDay, error) {
	if d, ok := a.days[k]; ok {
		return d, nil
	}
	// The entries a report of the period keeps, copied (the store's bytes
	// are valid during its callback only), with their day.
	type dayRead struct {
		day            cases.Date
		stale          bool
		first, horizon cases.Date
	}
	type entryRead struct {
		day        int // in days
		open       bool
		ref        string
		start, end int // in arena
	}
	var (
		days    []dayRead
		entries []entryRead
		arena   []byte
	)
	// Which committees keep each petition: the committee that received it
	// and one it was routed into.
	owners := map[string][]int{}
	err := a.store.Days(ctx, k.from, k.to, k.every, func(day cases.Date, s *DaySummary) error {
		if s == nil {
			days = append(days, dayRead{day: day, stale: true})
			return nil
		}
		days = append(days, dayRead{day: day, first: s.FirstDay, horizon: s.Horizon})
		for p, part := range [][]byte{s.Closed, s.Open} {
			err := eachEntry(part, k.from, k.to, k.every, func(ref, _, entry []byte) {
				e := entryRead{day: len(days) - 1, open: p == 1, ref: string(ref), start: len(arena)}
				arena = append(arena, entry...)
				e.end = len(arena)
				entries = append(entries, e)
				owners[e.ref] = nil
			})
			if err != nil {
				return fmt.Errorf("day %s: %w", day, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, cm := range a.cms {
		for _, set := range []map[string]bool{cm.Petitions, cm.Into} {
			for ref := range set {
				if o, ok := owners[ref]; ok {
					owners[ref] = append(o, i)
				}
			}
		}
	}
	// Each committee's part of a day is the concatenation of its entries:
	// a part of a summary on its own.
	out := make([][]committeeDay, len(a.cms))
	last := make([]int, len(a.cms)) // the day of each committee's last
	for i := range last {
		last[i] = -1
	}
	for d, day := range days {
		if day.stale {
			for i := range out {
				out[i] = append(out[i], committeeDay{day: day.day, stale: true})
				last[i] = d
			}
		}
	}
	for _, e := range entries {
		for _, i := range owners[e.ref] {
			if last[i] != e.day {
				day := days[e.day]
				out[i] = append(out[i], committeeDay{day: day.day, s: DaySummary{FirstDay: day.first, Horizon: day.horizon}})
				last[i] = e.day
			}
			s := &out[i][len(out[i])-1].s
			if e.open {
				s.Open = append(s.Open, arena[e.start:e.end]...)
			} else {
				s.Closed = append(s.Closed, arena[e.start:e.end]...)
			}
		}
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

func (r *committeeReader) Days(ctx context.Context, from, to cases.Date, every bool, fn func(cases.Date, *DaySummary) error) error {
	all, err := r.a.readDays(ctx, daysAsked{from, to, every})
	if err != nil {
		return err
	}
	for i := range all[r.i] {
		d := &all[r.i][i]
		if d.stale {
			err = fn(d.day, nil)
		} else {
			err = fn(d.day, &d.s)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *committeeReader) Received(ctx context.Context, from, to cases.Date, fn func(string, Timeline) error) error {
	return r.a.store.Received(ctx, from, to, fn)
}

func (r *committeeReader) Timelines(ctx context.Context, refs []string, fn func(string, Timeline) error) error {
	return r.a.store.Timelines(ctx, refs, fn)
}

func (r *committeeReader) CommitteePetitions(ctx context.Context, committee string, fn func(string, bool, string) error) error {
	return r.a.store.CommitteePetitions(ctx, committee, fn)
}

// Fork is none: the committees' reports read what the areaReader holds,
// one after the other.
func (r *committeeReader) Fork(context.Context) (Store, func()) { return nil, nil }
