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
	case cases.OpUnitUntil:
		return "", decideUnitUntil(ctx, c, look)
	case cases.OpSession:
		_, err := committeeOf(ctx, c, look)
		return "", err
	case cases.OpPetition:
		// The store has refused a ref already recorded with other content.
		return cases.Received, decidePetition(ctx, c, look)
	case cases.OpVisit:
		return "", decideVisit(ctx, c, p, look)
	case cases.OpDialogue:
		_, err := petitionOf(ctx, c, p, look)
		return "", err
	case cases.OpSecret:
		return decideSecret(c, p)
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
	committee, err := committeeOf(ctx, c, look)
	if err != nil {
		return err
	}
	q, err := petitionOf(ctx, c, p, look)
	if err != nil {
		return err
	}
	if !q.Handles(committee) {
		return cases.FieldErrorf("petition", "petition %s is another committee's", q.Ref).
			VI("Đơn %s thuộc cơ quan khác: chỉ ghi lượt tiếp về đơn của cơ quan mình.", q.Ref)
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
	if s.Committee != committee {
		return cases.FieldErrorf("session", "session %s is another committee's", s.Ref).
			VI("Kỳ tiếp %s thuộc cơ quan khác.", s.Ref)
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
	// A committee under another of the installation: a commune under its
	// province (SPEC §10, cases/committee.go).
	cases.Own:        {cases.Own},
	cases.Department: {cases.Own},
	cases.Lower:      {cases.Own, cases.Lower},
}

// decideUnit checks a unit's parent and the units it replaces: recorded,
// and of its own kind (a commune replaces communes, a department
// departments, the committee the committee). A unit with valid_from must
// begin after the units it replaces began (it ends them the day before),
// and under a parent in force that day.
func decideUnit(ctx context.Context, c *cases.Command, look cases.Lookup) error {
	kind := cases.UnitKind(c.Kind)
	from, _ := cases.ParseDate(c.ValidFrom) // validated; 0 when not given
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
		if from != 0 && u.ValidFrom != 0 && from <= u.ValidFrom {
			return cases.FieldErrorf("replaces", "%s (%s) is in force from %s; a unit that replaces it from %s would end it before it begins",
				u.Ref, u.Name, u.ValidFrom, from).
				VI("%s có hiệu lực từ ngày %s: đơn vị thay thế phải có hiệu lực sau ngày đó (đang nhập %s).",
					u.Name, u.ValidFrom.VN(), from.VN())
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
	if from != 0 {
		if err := u.NotInForce("parent", from, "a unit in force from "+from.String()+" cannot be under it",
			"ghi đơn vị trực thuộc có hiệu lực từ ngày "+from.VN()); err != nil {
			return err
		}
	}
	return nil
}

// decideUnitUntil checks the end of a unit: the unit is recorded, the end
// is not before it begins, and it ends the unit earlier than it already
// ends, if it does. Routes recorded before stay as they are.
func decideUnitUntil(ctx context.Context, c *cases.Command, look cases.Lookup) error {
	u, err := look.Unit(ctx, c.Unit)
	if cases.ErrorCode(err) == cases.ENotFound {
		return notFoundError("unit", "unit", c.Unit).VI("Không có đơn vị mang mã %s.", c.Unit)
	}
	if err != nil {
		return fmt.Errorf("read unit %s: %w", c.Unit, err)
	}
	until, _ := cases.ParseDate(c.Until) // validated
	if u.ValidFrom != 0 && until < u.ValidFrom {
		return cases.FieldErrorf("until", "unit %s (%s) is in force from %s; it cannot end on %s, before it begins",
			u.Ref, u.Name, u.ValidFrom, until).
			VI("%s có hiệu lực từ ngày %s: ngày kết thúc không được trước ngày đó.", u.Name, u.ValidFrom.VN())
	}
	if u.ValidUntil != 0 && u.ValidUntil <= until {
		return (&cases.Error{Code: cases.EConflict, Field: "until",
			Message: fmt.Sprintf("unit %s (%s) already ends on %s", u.Ref, u.Name, u.ValidUntil)}).
			VI("%s đã kết thúc từ trước: còn hiệu lực đến hết ngày %s.", u.Name, u.ValidUntil.VN())
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
