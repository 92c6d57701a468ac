package report

import (
	"fmt"
	"slices"
)

// link is what the matters read of a petition as the view sees it: the
// petition it was archived as a duplicate of, those archived as its
// duplicates, and its first visit. A petition not received yet duplicates
// none, but its visits dated by then count (docs/decisions.md, statistics 2
// and 4).
type link struct {
	duplicateOf  pid // noPid when none
	duplicatedBy []pid
	visited      bool
	firstVisit   visitKey
}

// link returns the link of petition id: from its fold when it was folded
// and received, else read from its timeline alone. loadLinks or loadFolds
// must have read it.
func (v *view) link(id pid) link {
	v.grow()
	if v.linked[id] {
		return v.links[id]
	}
	var cl chainLink
	if f := v.folds[id]; v.folded[id] && f != nil {
		cl = chainLink{duplicateOf: f.duplicateOf, duplicatedBy: f.duplicatedBy, visited: f.visited, firstVisit: f.firstVisit}
	} else if tl := v.c.tls[id]; tl != nil {
		var err error
		if cl, err = timelineLink(&v.reader, v.c.refs[id], tl, v.p.To, v.c.asOf, nil); err != nil && v.err == nil {
			v.err = fmt.Errorf("report: %w", err)
		}
	}
	return v.keepLink(id, cl)
}

// keepLink keeps cl as the link of petition id.
func (v *view) keepLink(id pid, cl chainLink) link {
	l := link{duplicateOf: noPid, visited: cl.visited, firstVisit: cl.firstVisit}
	if cl.duplicateOf != "" {
		l.duplicateOf = v.c.pid(cl.duplicateOf)
	}
	for _, r := range cl.duplicatedBy {
		l.duplicatedBy = append(l.duplicatedBy, v.c.pid(r))
	}
	// In an area, a petition sent up from another of its committees is the
	// matter of the petition it was sent from, as a duplicate would be.
	if cm := v.c.o.Committee; cm != nil && cm.Area {
		ref := v.c.refs[id]
		if from := cm.From[ref]; from != "" && l.duplicateOf == noPid {
			l.duplicateOf = v.c.pid(from)
		}
		for _, r := range cm.Sent[ref] {
			l.duplicatedBy = append(l.duplicatedBy, v.c.pid(r))
		}
	}
	v.grow()
	v.links[id], v.linked[id] = l, true
	return l
}

// loadLinks reads ids and returns their links.
func (v *view) loadLinks(ids []pid) ([]link, error) {
	if err := v.c.readTimelines(ids); err != nil {
		return nil, err
	}
	out := make([]link, len(ids))
	for i, id := range ids {
		out[i] = v.link(id)
	}
	return out, v.err
}

// resolveMatters finds the matter of each of ids: the end of its chain of
// duplicates, reading the petitions on the chains as needed.
func (v *view) resolveMatters(ids []pid) error {
	var seen idSet
	for _, id := range ids {
		seen.add(id)
	}
	frontier := ids
	for len(frontier) > 0 {
		links, err := v.loadLinks(frontier)
		if err != nil {
			return err
		}
		var next []pid
		for _, l := range links {
			if d := l.duplicateOf; d != noPid && !seen.inSet(d) {
				seen.add(d)
				next = append(next, d)
			}
		}
		frontier = next
	}
	return nil
}

// matterOf is the matter of petition id: the end of its chain of duplicates
// (resolveMatters must have read the chain).
func (v *view) matterOf(id pid) pid {
	v.grow()
	if m := v.matters[id]; m != noPid {
		return m
	}
	m := id
	var seen []pid // chains are short
	for {
		seen = append(seen, m)
		d := v.link(m).duplicateOf
		if d == noPid || slices.Contains(seen, d) {
			break
		}
		m = d
	}
	v.matters[id] = m
	return m
}

// idSet counts distinct petitions (or matters) by pid.
type idSet struct {
	in []bool
	n  int
}

func (s *idSet) add(id pid) {
	if int(id) >= len(s.in) {
		s.in = append(s.in, make([]bool, int(id)+1-len(s.in)+len(s.in)/2)...)
	}
	if !s.in[id] {
		s.in[id] = true
		s.n++
	}
}

// visitKey orders visits: the earlier at first, then the earlier recorded.
type visitKey struct{ at, seq int64 }

func (a visitKey) before(b visitKey) bool { return a.at < b.at || (a.at == b.at && a.seq < b.seq) }

// firstVisits returns, by matter, the first visit ever of the matter of each
// of ids as the view sees it: every petition whose chain of duplicates ends
// at the matter is read (each petition's timeline names the petitions
// archived as its duplicates), then their visits. A petition on no chain is
// its own matter, and its first visit is its own.
func (v *view) firstVisits(ids []pid, inPeriod []visit) (func(m pid) (visitKey, bool), error) {
	var seen idSet
	var level []pid
	for _, id := range ids {
		if m := v.matterOf(id); !seen.inSet(m) {
			seen.add(m)
			level = append(level, m)
		}
	}
	all := slices.Clone(level)
	for len(level) > 0 {
		links, err := v.loadLinks(level)
		if err != nil {
			return nil, err
		}
		var next []pid
		for _, l := range links {
			for _, d := range l.duplicatedBy {
				if !seen.inSet(d) {
					seen.add(d)
					next = append(next, d)
				}
			}
		}
		level = next
		all = append(all, next...)
	}
	v.grow()
	n := len(v.c.refs)
	first, has := make([]visitKey, n), make([]bool, n)
	earliest := func(m pid, k visitKey) {
		if !has[m] || k.before(first[m]) {
			first[m], has[m] = k, true
		}
	}
	for i := range inPeriod {
		vi := &inPeriod[i]
		earliest(v.matterOf(vi.petition), visitKey{vi.at, vi.seq})
	}
	// The visits before the period are in the timelines of the matters'
	// petitions.
	for _, id := range all {
		if l := v.link(id); l.visited {
			earliest(v.matterOf(id), l.firstVisit)
		}
	}
	if v.err != nil {
		return nil, v.err
	}
	return func(m pid) (visitKey, bool) { return first[m], has[m] }, nil
}

func (s *idSet) inSet(id pid) bool { return int(id) < len(s.in) && s.in[id] }
