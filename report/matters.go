package report

import (
	"fmt"
	"slices"
)

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

type matterSet map[string]struct{}

func (s matterSet) add(m string) { s[m] = struct{}{} }

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
