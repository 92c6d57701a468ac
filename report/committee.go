package report

import (
	"context"
	"fmt"
)

// One committee's report in an installation of several (SPEC §10). It
// counts the petitions the committee received and those another committee
// routed to it (route to=lower naming it: a province's matter sent to a
// commune), these under own, as the committee handles them itself; the
// sessions it held; and the visits of the petitions it received. The
// committee that routed a matter down counts it under lower, as before. A
// petition routed to it is counted only once its route is dated by the end
// of the period; the visits of such a petition stay with the committee
// that received it.

// Committee is what a committee's report keeps: its key and its petitions.
type Committee struct {
	Key string
	// Petitions are the refs of the petitions it received; Into those
	// routed to it from another committee.
	Petitions, Into map[string]bool
}

// ForCommittee reads from store what the report of committee key keeps.
func ForCommittee(ctx context.Context, store Store, key string) (*Committee, error) {
	c := &Committee{Key: key, Petitions: map[string]bool{}, Into: map[string]bool{}}
	err := store.CommitteePetitions(ctx, key, func(ref string, into bool) error {
		if into {
			c.Into[ref] = true
		} else {
			c.Petitions[ref] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("report: read the petitions of the committee: %w", err)
	}
	return c, nil
}

// keeps reports whether the report counts petition ref (every petition
// when it reports no one committee).
func (c *Committee) keeps(ref string) bool {
	return c == nil || c.Petitions[ref] || c.Into[ref]
}

// into reports whether petition ref was routed to the committee reported.
func (c *Committee) into(ref string) bool { return c != nil && c.Into[ref] }
