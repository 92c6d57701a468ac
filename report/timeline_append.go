package report

import (
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
)

// AppendTimelines records c — dated at and recorded at recordedAt (unix µs),
// event seq, leaving its petition in state — in every timeline it belongs
// to: its petition's (AppendTimeline) and, for an archive as a duplicate,
// the duplicated petition's (AppendDuplicated). timeline returns a
// petition's timeline so far (nil for none); set keeps a changed one;
// session reads a recorded session, which tells whether a visit at it is
// online (cases.VisitOnline). The store that records a command and verify's
// replay both call it, so that which timelines a command changes, and what
// they say, is said once.
func AppendTimelines(c *cases.Command, state cases.State, at, recordedAt, seq int64,
	timeline func(ref string) (Timeline, error), set func(ref string, t Timeline),
	session func(ref string) (*cases.Session, error)) error {
	if !InTimeline(c.Op) {
		return nil
	}
	if c.Op == cases.OpVisit && !c.Online && c.Session != "" {
		s, err := session(c.Session)
		if err != nil && cases.ErrorCode(err) != cases.ENotFound {
			return fmt.Errorf("session %s of visit %s: %w", c.Session, c.Ref, err)
		}
		if cases.VisitOnline(c.Online, s) {
			online := *c
			online.Online = true
			c = &online
		}
	}
	ref := c.Petition
	if c.Op == cases.OpPetition {
		ref = c.Ref
	}
	t, err := timeline(ref)
	if err != nil {
		return err
	}
	set(ref, AppendTimeline(t, c, state, at, recordedAt, seq))
	if c.Op != cases.OpArchive || c.DuplicateOf == "" {
		return nil
	}
	d, err := timeline(c.DuplicateOf)
	if err != nil {
		return err
	}
	if nd := AppendDuplicated(d, c, at, recordedAt); len(nd) != len(d) {
		set(c.DuplicateOf, nd)
	}
	return nil
}
