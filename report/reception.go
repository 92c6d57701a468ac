package report

import (
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
)

// reception counts the sessions and visits of the view's period.
func (v *view) reception() (ReceptionFigures, error) {
	var r ReceptionFigures
	c := v.c
	err := c.store.Sessions(c.ctx, v.p.From, v.p.To, func(s *Session) error {
		if !v.p.Contains(s.Date) || s.RecordedAt > c.asOf || !c.o.Committee.has(s.Committee) {
			return nil
		}
		switch s.Kind {
		case cases.Periodic:
			r.Sessions.Periodic++
		case cases.AdHoc:
			r.Sessions.AdHoc++
		default:
			return nil
		}
		if s.Online {
			r.Online.Sessions++
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
		if _, err := v.foldLoaded(); err != nil {
			return r, err
		}
	}
	visits := v.visits
	if len(visits) == 0 {
		return r, nil
	}
	var visited idSet
	ids := make([]pid, 0, len(visits))
	for i := range visits {
		if id := visits[i].petition; !visited.inSet(id) {
			visited.add(id)
			ids = append(ids, id)
		}
	}
	if err := v.resolveMatters(ids); err != nil {
		return r, err
	}
	first, err := v.firstVisits(ids, visits)
	if err != nil {
		return r, err
	}

	var regular, periodic, adhoc, all, firstCases, repeatCases, groupCases, onlineCases idSet
	kindCases := map[cases.VisitKind]*idSet{cases.Regular: &regular, cases.Periodic: &periodic, cases.AdHoc: &adhoc}
	for i := range visits {
		vi := &visits[i]
		m := v.matterOf(vi.petition)
		switch vi.kind {
		case cases.Regular:
			r.Visits.Regular++
			r.People.Regular += vi.people
		case cases.Periodic:
			r.Visits.Periodic++
			r.People.Periodic += vi.people
		case cases.AdHoc:
			r.Visits.AdHoc++
			r.People.AdHoc += vi.people
		default:
			continue
		}
		r.Visits.Total++
		r.People.Total += vi.people
		kindCases[vi.kind].add(m)
		all.add(m)
		if k, ok := first(m); ok && k == (visitKey{vi.at, vi.seq}) {
			r.FirstTime.Visits++
			firstCases.add(m)
		} else {
			r.Repeat.Visits++
			repeatCases.add(m)
		}
		if vi.people >= threshold {
			r.Groups.Visits++
			r.Groups.People += vi.people
			groupCases.add(m)
		}
		if vi.online {
			r.Online.Visits++
			r.Online.People += vi.people
			onlineCases.add(m)
		}
	}
	r.Cases.Regular = regular.n
	r.Cases.Periodic = periodic.n
	r.Cases.AdHoc = adhoc.n
	r.Cases.Total = all.n
	r.FirstTime.Cases = firstCases.n
	r.Repeat.Cases = repeatCases.n
	r.Groups.Cases = groupCases.n
	r.Online.Cases = onlineCases.n
	return r, nil
}
