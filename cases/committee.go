package cases

import (
	"context"
	"slices"
)

// Committees as tenants of one installation (SPEC §10). Every own unit is
// a committee; a committee is known by its key, the same for every own
// unit of one line of succession:
//
//   - an own unit without a parent is the installation's first committee,
//     key "": the seed's district, today's commune that replaces it, a
//     province's committee. Every history written before SPEC §10 has only
//     such units, so it is one committee, as it was;
//   - an own unit with a parent (an own unit: a commune under its
//     province) is a committee below it, keyed by its own ref;
//   - an own unit that replaces an own unit continues its line: its key is
//     the key of the first unit it replaces, so a successor keeps the books,
//     the accounts and the petitions of its predecessor.
//
// A department or a lower unit belongs to the committee of its parent ("",
// without one). A lower unit is a route target, never a tenant: a commune
// becomes a committee of the installation by being recorded as an own unit
// with a parent.

// UnitCommittee is the key of the committee u belongs to, given the units
// it replaces and a way to read the units recorded before it (nil when
// unknown).
func UnitCommittee(u *Unit, replaces []string, unit func(ref string) *Unit) string {
	if u.Kind == Own {
		for _, ref := range replaces {
			if r := unit(ref); r != nil && r.Kind == Own {
				return r.Committee
			}
		}
		if u.Parent != "" {
			return u.Ref
		}
		return ""
	}
	if u.Parent != "" {
		if p := unit(u.Parent); p != nil {
			return p.Committee
		}
	}
	return ""
}

// CommitteeKeys are the keys of the committees among units, each once, in
// the order found.
func CommitteeKeys(units []Unit) []string {
	var keys []string
	for i := range units {
		if units[i].Kind == Own && !slices.Contains(keys, units[i].Committee) {
			keys = append(keys, units[i].Committee)
		}
	}
	return keys
}

// CommitteeOf is the key of the committee a session, visit or petition
// command names (ref, its `committee`), given the own units recorded: the
// committee of that own unit; without ref, the installation's one
// committee ("" when none is recorded yet). A ref that is no own unit, and
// no ref in an installation with several committees, are refused.
func CommitteeOf(ref string, owns []Unit) (string, error) {
	if ref == "" {
		keys := CommitteeKeys(owns)
		switch len(keys) {
		case 0:
			return "", nil
		case 1:
			return keys[0], nil
		}
		return "", FieldErrorf("committee", "this installation has %d committees: name the committee (committee: the ref of its own unit)", len(keys)).
			VI("Hệ thống có %d cơ quan: cần ghi rõ đơn, lượt tiếp hoặc kỳ tiếp thuộc cơ quan nào.", len(keys))
	}
	for i := range owns {
		if owns[i].Ref == ref {
			if owns[i].Kind != Own {
				break
			}
			return owns[i].Committee, nil
		}
	}
	return "", FieldErrorf("committee", "%s is not a committee of this installation (an own unit)", ref).
		VI("%s không phải là cơ quan trong hệ thống (đơn vị loại own).", ref)
}

// CommitteeUnit is the own unit of committee key in force on day d, else
// the first of its line recorded: the unit a command names it by.
func CommitteeUnit(owns []Unit, key string, d Date) (Unit, bool) {
	var line []Unit
	for _, u := range owns {
		if u.Kind == Own && u.Committee == key {
			line = append(line, u)
		}
	}
	return CommitteeOn(line, d)
}

// Above is the key of the committee directly above committee key (the
// province of a commune), and false for a committee with none.
func Above(owns []Unit, key string) (string, bool) {
	for _, u := range owns {
		if u.Kind != Own || u.Committee != key || u.Parent == "" {
			continue
		}
		for _, p := range owns {
			if p.Ref == u.Parent && p.Kind == Own {
				return p.Committee, true
			}
		}
	}
	return "", false
}

// Area is committee key and every committee below it, directly or not.
func Area(owns []Unit, key string) []string {
	area := []string{key}
	for i := 0; i < len(area); i++ {
		for _, u := range owns {
			if u.Kind != Own || slices.Contains(area, u.Committee) {
				continue
			}
			if up, ok := Above(owns, u.Committee); ok && up == area[i] {
				area = append(area, u.Committee)
			}
		}
	}
	return area
}

// OwnUnits lists the own units among units.
func OwnUnits(units []Unit) []Unit {
	var out []Unit
	for _, u := range units {
		if u.Kind == Own {
			out = append(out, u)
		}
	}
	return out
}

// Handles reports whether committee key holds petition p: the committee
// that received it, or the committee it was routed to.
func (p *Petition) Handles(key string) bool {
	return p.Committee == key || (p.RoutedIn && p.RoutedTo == key)
}

// Scope is what an account of a committee reads: the committees whose
// petitions, sessions and visits it sees (its own, and for a province's
// leaders and reporters the area below). A nil *Scope reads everything (the
// command line, the importer, an installation's own tools).
type Scope struct {
	// Committee is the account's committee, where it acts.
	Committee string
	// Reads are the committees it reads: Committee first.
	Reads []string
}

// Sees reports whether the scope reads petition p.
func (s *Scope) Sees(p *Petition) bool {
	if s == nil {
		return true
	}
	return slices.ContainsFunc(s.Reads, p.Handles)
}

// SeesCommittee reports whether the scope reads what committee key
// records (a session, a visit).
func (s *Scope) SeesCommittee(key string) bool {
	return s == nil || slices.Contains(s.Reads, key)
}

// ActsOn reports whether the scope acts on petition p: only within its own
// committee.
func (s *Scope) ActsOn(p *Petition) bool { return s == nil || p.Handles(s.Committee) }

type scopeKey struct{}

// WithScope is ctx carrying the account's scope: every read the store
// answers with it is limited to it (the one place web scopes, web/auth.go).
func WithScope(ctx context.Context, s *Scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, s)
}

// ScopeOf is the scope ctx carries, nil when none.
func ScopeOf(ctx context.Context) *Scope {
	s, _ := ctx.Value(scopeKey{}).(*Scope)
	return s
}

// LinkedPetition is the petition a route of p to=other creates in another
// committee of the installation (SPEC §10): when the route's unit is an own
// unit, target, of a committee other than p's, that committee receives the
// matter as a petition of channel transfer_in naming p (transferred_from),
// received when the route happened, with p's petitioner, people and
// summary. Its ref is p's with the target's: "<p>.<target>". It returns nil
// for every other route. The store records it as a command of its own, by
// the system, in the route's transaction.
func LinkedPetition(route *Command, p *Petition, target *Unit) *Command {
	if route.Op != OpRoute || route.To != ToOther || target == nil || target.Kind != Own || target.Committee == p.Committee {
		return nil
	}
	who := p.Petitioner
	return &Command{Op: OpPetition, Ref: p.Ref + "." + target.Ref, ReceivedAt: route.At,
		Channel: TransferredIn, Petitioner: &who, People: p.People, Summary: p.Summary,
		SecretWaived: p.SecretWaived, Committee: target.Ref, TransferredFrom: p.Ref}
}

// SystemUser is who records what the system does on its own: the linked
// petition of a matter sent up (LinkedPetition).
const SystemUser = "system"

// RouteInto keeps, for route c of p to unit u, the committee of the
// installation it routes p to: a route to=lower naming an own unit (a
// commune of the province), whose inbox holds p from then on.
func (p *Petition) RouteInto(c *Command, u *Unit) {
	if c.To == ToLower && u != nil && u.Kind == Own {
		p.RoutedTo, p.RoutedIn = u.Committee, true
	}
}
