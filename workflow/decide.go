package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
)

// Decide is what the store asks of every command before it is written: the
// checks against what is recorded. A workflow event goes through the state
// machine (machine.go); units, visits and dialogues are checked here against
// the units, sessions and petitions they name.

// Decide must keep the signature of cases.Decider, which the store calls.
var _ cases.Decider = Decide

// Decide checks command c, already validated, against the recorded petition p
// and what look reads, and returns the state c moves p to: the state reached
// for a workflow event, cases.Received for a new petition, "" for units,
// sessions, visits and dialogues, which move no petition. A refusal is a
// *cases.Error; other errors come from look.
//
// Workflow events run through a state machine built from p's stored state.
// Everything the guards need is read before the event fires, so the
// machine's callbacks do no I/O.
func Decide(ctx context.Context, c *cases.Command, p *cases.Petition, look cases.Lookup) (cases.State, error) {
	switch c.Op {
	case cases.OpUnit:
		return "", decideUnit(ctx, c, look)
	case cases.OpSession:
		return "", nil
	case cases.OpPetition:
		// The store has refused a ref already recorded with other content.
		return cases.Received, nil
	case cases.OpVisit:
		return "", decideVisit(ctx, c, p, look)
	case cases.OpDialogue:
		_, err := petitionOf(ctx, c, p, look)
		return "", err
	}
	if !slices.Contains(cases.WorkflowEvents, c.Op) {
		return "", cases.FieldErrorf("op", "unknown op %q", c.Op)
	}
	return decideEvent(ctx, c, p, look)
}

func notFoundError(field, what, ref string) *cases.Error {
	return &cases.Error{Code: cases.ENotFound, Field: field, Message: fmt.Sprintf("%s %s not found", what, ref)}
}

// petitionOf returns the petition that a visit or dialogue is about.
func petitionOf(ctx context.Context, c *cases.Command, p *cases.Petition, look cases.Lookup) (*cases.Petition, error) {
	if p != nil && p.Ref == c.Petition {
		return p, nil
	}
	q, err := look.Petition(ctx, c.Petition)
	if cases.ErrorCode(err) == cases.ENotFound {
		return nil, notFoundError("petition", "petition", c.Petition)
	}
	if err != nil {
		return nil, fmt.Errorf("read petition %s: %w", c.Petition, err)
	}
	return q, nil
}

// decideVisit checks that the visit's petition is recorded and that a
// periodic or ad hoc visit happened at a session of its kind, on its day.
func decideVisit(ctx context.Context, c *cases.Command, p *cases.Petition, look cases.Lookup) error {
	if _, err := petitionOf(ctx, c, p, look); err != nil {
		return err
	}
	kind := cases.VisitKind(c.Kind)
	if kind == cases.Regular {
		return nil
	}
	s, err := look.Session(ctx, c.Session)
	if cases.ErrorCode(err) == cases.ENotFound {
		return notFoundError("session", "session", c.Session)
	}
	if err != nil {
		return fmt.Errorf("read session %s: %w", c.Session, err)
	}
	if s.Kind != kind {
		return cases.FieldErrorf("session", "session %s is %s, not %s: a visit belongs to a session of its own kind", s.Ref, s.Kind, kind)
	}
	if day := cases.DateOf(c.AtTime()); day != s.Date {
		return cases.FieldErrorf("at", "the visit is dated %s, but session %s was held on %s", day, s.Ref, s.Date)
	}
	return nil
}

// unitParents lists, for each kind of unit, the kinds its parent may be: the
// committee has no parent in its installation, its departments hang from it,
// and a lower committee from it or from another lower committee (a commune
// under a district in a province's installation before 2025).
var unitParents = map[cases.UnitKind][]cases.UnitKind{
	cases.Department: {cases.Own},
	cases.Lower:      {cases.Own, cases.Lower},
}

// decideUnit checks a unit's parent and the units it replaces: recorded,
// and of its own kind (a commune replaces communes, a department
// departments, the committee the committee).
func decideUnit(ctx context.Context, c *cases.Command, look cases.Lookup) error {
	kind := cases.UnitKind(c.Kind)
	for _, ref := range c.Replaces {
		u, err := look.Unit(ctx, ref)
		if cases.ErrorCode(err) == cases.ENotFound {
			return notFoundError("replaces", "unit", ref)
		}
		if err != nil {
			return fmt.Errorf("read unit %s: %w", ref, err)
		}
		if u.Kind != kind {
			return cases.FieldErrorf("replaces", "%s (%s) is a unit of kind %s; a %s unit replaces units of its own kind",
				u.Ref, u.Name, u.Kind, kind)
		}
	}
	if c.Parent == "" {
		return nil
	}
	if c.Parent == c.Ref {
		return cases.FieldErrorf("parent", "a unit cannot be its own parent")
	}
	kinds := unitParents[kind]
	if len(kinds) == 0 {
		return cases.FieldErrorf("parent", "the committee of the installation (kind %s) has no parent", kind)
	}
	u, err := look.Unit(ctx, c.Parent)
	if cases.ErrorCode(err) == cases.ENotFound {
		return notFoundError("parent", "unit", c.Parent)
	}
	if err != nil {
		return fmt.Errorf("read unit %s: %w", c.Parent, err)
	}
	if !slices.Contains(kinds, u.Kind) {
		return cases.FieldErrorf("parent", "%s (%s) is a unit of kind %s; the parent of a %s unit is of kind %s",
			u.Ref, u.Name, u.Kind, kind, joinKinds(kinds))
	}
	return nil
}

func joinKinds(kinds []cases.UnitKind) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, " or ")
}
