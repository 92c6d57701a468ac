package report

import (
	"context"
	"fmt"
	"slices"

	"github.com/tiepdan/tiepdan/cases"
)

// One committee's report in an installation of several (SPEC §10), and an
// area's: a committee with every committee under it.
//
// A committee's report has a row for each petition it received, and for
// each petition another committee routed to it (route to=lower naming it:
// a province's matter sent to a commune), counted under own, as the
// committee handles it itself. A row of a petition routed to it exists only
// once the route to it is dated by the end of the period (and recorded by
// as_of): every figure is of the state at the end of the period, the route
// included (SPEC §4). The committee that routed the matter down counts it
// in its own row under lower, as before. Sessions are the committee's own;
// the visits of a petition stay with the committee that received it.
//
// An area's report is the union of the rows of its committees: every path
// that counts petitions, visits, people or sessions is the sum of the
// committees' reports (AdditivePaths), and every count of matters (vụ)
// counts a matter once over the area — a matter routed down within the area
// is one petition, a matter sent up (cases.LinkedPetition) two petitions of
// one matter.

// Committee is what a committee's (or an area's) report keeps: its
// committees' keys and the petitions that cross into them. The petitions
// its committees received are those of their days (Store.Days): the report
// reads no list of them.
type Committee struct {
	// Key is the committee reported (the area's top); Keys are the
	// committees whose rows the report counts: Key, and for an area every
	// committee under it (cases.Area).
	Key  string
	Keys []string
	// Area says the report is Key's area.
	Area bool
	// Into are the petitions routed to one of its committees from another
	// committee (for an area, from within the area too); outside, those of
	// them no committee of it received, which the report reads by ref
	// (Store.Timelines) besides its committees' days.
	Into    map[string]bool
	outside map[string]bool
	// From maps, in an area, a petition sent up (cases.LinkedPetition) to
	// the petition of the committee that sent it, when the area holds both:
	// they are one matter. Sent is the reverse.
	From map[string]string
	Sent map[string][]string
	// intoBy are, in an area, the petitions routed into each of its
	// committees from another, by key: each committee's own report
	// (forKey) reads them from here.
	intoBy map[string][]Crossing
}

// ForCommittee reads from store what the report of committee key keeps.
func ForCommittee(ctx context.Context, store Store, key string) (*Committee, error) {
	c := &Committee{Key: key, Keys: []string{key}, Into: map[string]bool{}, outside: map[string]bool{}}
	return c, c.read(ctx, store)
}

// ForArea reads from store what the report of the area of committee key
// keeps: key and every committee under it (cases.Area), each matter once.
func ForArea(ctx context.Context, store Store, key string) (*Committee, error) {
	units, err := store.Units(ctx)
	if err != nil {
		return nil, fmt.Errorf("report: read units: %w", err)
	}
	owns := make([]cases.Unit, 0, len(units))
	for _, u := range units {
		if u.Kind == cases.Own {
			owns = append(owns, u.Unit)
		}
	}
	c := &Committee{Key: key, Keys: cases.Area(owns, key), Area: true,
		Into: map[string]bool{}, outside: map[string]bool{}, From: map[string]string{}, Sent: map[string][]string{},
		intoBy: map[string][]Crossing{}}
	if err := c.read(ctx, store); err != nil {
		return nil, err
	}
	for linked, from := range c.From {
		c.Sent[from] = append(c.Sent[from], linked)
	}
	for _, l := range c.Sent {
		slices.Sort(l)
	}
	return c, nil
}

// read reads the petitions that cross into c's committees.
func (c *Committee) read(ctx context.Context, store Store) error {
	for _, key := range c.Keys {
		err := store.CommitteePetitions(ctx, key, c.From != nil, func(x Crossing) error {
			switch {
			case x.Into:
				c.into(x)
				if c.intoBy != nil {
					c.intoBy[key] = append(c.intoBy[key], x)
				}
			case x.From != "" && c.From != nil && c.has(x.Other):
				c.From[x.Ref] = x.From
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("report: read the petitions of the committee: %w", err)
		}
	}
	return nil
}

// into keeps petition x routed into a committee of c's.
func (c *Committee) into(x Crossing) {
	c.Into[x.Ref] = true
	if !c.has(x.Other) {
		c.outside[x.Ref] = true
	}
}

// forKey is what the report of committee key, of area c, keeps: what
// ForCommittee would read, from what ForArea read.
func (c *Committee) forKey(key string) *Committee {
	one := &Committee{Key: key, Keys: []string{key}, Into: map[string]bool{}, outside: map[string]bool{}}
	for _, x := range c.intoBy[key] {
		one.into(x)
	}
	return one
}

// outsideRefs are the petitions of c's report no committee of it received
// (Into), in order.
func (c *Committee) outsideRefs() []string {
	if c == nil {
		return nil
	}
	refs := make([]string, 0, len(c.outside))
	for ref := range c.outside {
		refs = append(refs, ref)
	}
	slices.Sort(refs)
	return refs
}

// keys are the committees whose days c's report reads: nil, every
// committee, when it reports no one committee.
func (c *Committee) keys() []string {
	if c == nil {
		return nil
	}
	return c.Keys
}

// received reports whether petition ref, of those the report loaded, was
// received by a committee reported (every petition when it reports no one
// committee): its row as received, and its visits. The report loads its
// committees' days and the petitions routed into them from outside.
func (c *Committee) received(ref string) bool { return c == nil || !c.outside[ref] }

// has reports whether key is one of the committees reported.
func (c *Committee) has(key string) bool { return c == nil || slices.Contains(c.Keys, key) }

// rows says in which rows of the report petition id, folded as f at the end
// of the view's period, counts: as received by a committee reported, and as
// routed into one by then (its route to=lower names a unit of it).
func (v *view) rows(id pid, f *fold) (recv, into bool) {
	cm := v.c.o.Committee
	ref := v.c.refs[id]
	recv = cm.received(ref)
	if cm != nil && cm.Into[ref] && f.p.RouteTo == cases.ToLower {
		if u := v.c.units[f.p.Unit]; u != nil && u.Kind == cases.Own && cm.has(u.Committee) {
			into = true
		}
	}
	return recv, into
}

// linked reports whether petition ref was sent up from a petition of the
// area (From): the same matter.
func (c *Committee) linked(ref string) bool { return c != nil && c.From[ref] != "" }
