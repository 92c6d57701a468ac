package report

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/tiepdan/tiepdan/cases"
)

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
	matters idSet // of the recommendations and reflections routed
	methods Methods
}

type unitKey struct {
	t    cases.Type
	unit string
}

func newTally() *tally {
	t := &tally{units: map[unitKey]*UnitResolution{}}
	t.res.Complaint.Own.SecondInstance = new(SecondInstance)
	t.res.Complaint.Lower.SecondInstance = new(SecondInstance)
	return t
}

// count adds the petitions refs to t.
func (v *view) count(t *tally, refs []pid) error {
	c := v.c
	folds, err := v.loadFolds(refs)
	if err != nil {
		return err
	}
	var routed []pid
	for i, f := range folds {
		if f == nil {
			continue
		}
		// One row as received, by where its route went; one as routed into
		// a committee reported, under own (SPEC §10).
		recv, into := v.rows(refs[i], f)
		if !recv && !into {
			continue
		}
		p := &f.p
		if (p.Type == cases.Recommendation || p.Type == cases.Reflection) && f.routed && v.p.Contains(f.routedOn) {
			for _, in := range [2]bool{recv, into} {
				if in {
					routed = append(routed, refs[i])
					t.methods.add(p.Method)
				}
			}
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
		case !recv:
		case p.RouteTo == cases.ToOwn:
			figs = []*ResolutionFigures{&byComp.Own}
		case p.RouteTo == cases.ToLower:
			figs = []*ResolutionFigures{&byComp.Lower.ResolutionFigures, &c.unitOf(t, p.Type, p.Unit).ResolutionFigures}
		}
		if into {
			figs = append(figs, &byComp.Own)
		}
		if len(figs) == 0 {
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
	other.Petitions, other.Cases, other.ByMethod = t.others, t.matters.n, t.methods
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
		p := &f.p
		extra := p.ExtensionDays + p.SuspendedDays
		if p.suspended {
			extra += max(0, int(to-p.suspendedOn))
		}
		var err error
		due, err = v.c.resolutionDueOf(f.acceptedOn, p.Type, p.Instance,
			p.Complex == cases.Complex || p.Complex == cases.VeryComplex, v.c.isRemote(p.Unit), extra)
		if err != nil {
			return fmt.Errorf("report: resolution deadline of petition %s: %w", p.Ref, err)
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
			if s := g.SecondInstance; s != nil && f.p.Instance == 2 {
				s.Resolved++
				switch f.p.Outcome {
				case cases.Upheld:
					s.Upheld++
				case cases.Annulled:
					s.Annulled++
				case cases.Amended:
					s.Amended++
				}
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
