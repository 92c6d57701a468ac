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
