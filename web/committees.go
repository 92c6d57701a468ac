package web

import (
	"context"
	"fmt"
	"slices"

	"github.com/tiepdan/tiepdan/cases"
)

// Committees as tenants (SPEC §10, cases/committee.go). An account belongs
// to a committee: in an installation of several, it reads only its
// committee's petitions, sessions and visits — a province's leaders,
// reporters and admins the area below it too — and acts only within its
// committee. The scope is set on every request's context once, where the
// account is read (Server.setUser); the store limits every read to it.

// committeeScope sets u's committees from the units recorded: nil in an
// installation of one committee.
func (s *Server) committeeScope(u *User, units []cases.Unit) {
	owns := cases.OwnUnits(units)
	if len(cases.CommitteeKeys(owns)) < 2 {
		return
	}
	sc := &cases.Scope{Committee: u.Committee, Reads: []string{u.Committee}}
	switch u.Role {
	case cases.RoleLeader, cases.RoleReporter, cases.RoleAdmin:
		sc.Reads = cases.Area(owns, u.Committee)
	}
	u.committees = sc
	if cu, ok := cases.CommitteeUnit(owns, u.Committee, cases.DateOf(s.now())); ok {
		u.committeeRef = cu.Ref
	}
}

// otherCommittee refuses an act on another committee's petition.
func otherCommittee(field, ref string) *cases.Error {
	return forbiddenField(field, "petition %s is another committee's: an account acts within its own committee", ref).
		VI("Đơn %s thuộc cơ quan khác: chỉ xử lý đơn của cơ quan mình.", ref)
}

// inCommittee keeps a command of u within its committee: a session, visit
// or petition is its committee's (named for it when the command names
// none), and a command on a petition needs a petition u acts on. A command
// of an installation of one committee passes as it is.
func (s *Server) inCommittee(ctx context.Context, u *User, cmd *cases.Command) error {
	if u.committees == nil {
		return nil
	}
	switch cmd.Op {
	case cases.OpUnit, cases.OpUnitUntil:
		units, err := s.cfg.Store.Units(ctx)
		if err != nil {
			return err
		}
		if field, ref, ok := governsUnit(u.committees.Committee, cmd, units); !ok {
			return forbiddenField(field, "unit %s is another committee's: an admin records the units of its own committee and the committees below it", ref).
				VI("Đơn vị %s thuộc cơ quan khác: chỉ quản lý đơn vị của cơ quan mình và cơ quan cấp dưới trực tiếp.", ref)
		}
		return nil
	case cases.OpSession, cases.OpVisit, cases.OpPetition:
		if cmd.Committee == "" {
			cmd.Committee = u.committeeRef
		} else {
			units, err := s.cfg.Store.Units(ctx)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(units, func(x cases.Unit) bool { return x.Ref == cmd.Committee })
			if i >= 0 && units[i].Kind == cases.Own && units[i].Committee != u.committees.Committee {
				return forbiddenField("committee", "%s is another committee: an account records for its own", cmd.Committee).
					VI("Chỉ ghi đơn, lượt tiếp, kỳ tiếp cho cơ quan của mình.")
			}
		}
	}
	if cmd.Petition == "" || cmd.Op.Creates() && cmd.Op != cases.OpVisit {
		return nil
	}
	p, err := s.cfg.Store.Petition(ctx, cmd.Petition) // scoped: another's is not found
	if err != nil {
		return err
	}
	if cmd.Op != cases.OpVisit && !u.committees.ActsOn(p) {
		return otherCommittee("petition", p.Ref)
	}
	return nil
}

// governsUnit reports whether an admin of committee key may record cmd, a
// unit or a unit_until: one that belongs to its committee (its own unit,
// its departments, its lower units), or the own unit of a committee right
// below it (a province's admin records and ends its communes, not their
// departments). A unit recorded, the units it replaces and the unit a
// unit_until ends must all be the admin's. When not, field and ref name the
// unit refused.
func governsUnit(key string, cmd *cases.Command, units []cases.Unit) (field, ref string, ok bool) {
	byRef := func(ref string) *cases.Unit {
		if i := slices.IndexFunc(units, func(u cases.Unit) bool { return u.Ref == ref }); i >= 0 {
			return &units[i]
		}
		return nil
	}
	governs := func(u *cases.Unit) bool {
		if u.Committee == key {
			return true
		}
		p := byRef(u.Parent)
		return u.Kind == cases.Own && p != nil && p.Kind == cases.Own && p.Committee == key
	}
	field, ref = "ref", cmd.Ref
	if cmd.Op == cases.OpUnitUntil {
		field, ref = "unit", cmd.Unit
	}
	if rec := byRef(ref); rec != nil && !governs(rec) {
		return field, ref, false
	}
	if cmd.Op == cases.OpUnit {
		// As the store records it (storage/projection.go).
		nu := cases.UnitOf(cmd)
		nu.Committee = cases.UnitCommittee(&nu, cmd.Replaces, byRef)
		if !governs(&nu) {
			return field, ref, false
		}
		// The units it replaces end with it.
		for _, r := range cmd.Replaces {
			if rec := byRef(r); rec != nil && !governs(rec) {
				return "replaces", r, false
			}
		}
	}
	return "", "", true
}

// AccountCommittee is the key of the committee a new account belongs to:
// the committee of own unit committee, or without one the installation's
// one committee; a head's unit must be in it. `tiepdan user add` and the
// admin page ask it.
func AccountCommittee(committee, unit string, units []cases.Unit) (string, error) {
	key, field, en, vi := accountCommitteeOf(committee, unit, units)
	if field != "" {
		return "", cases.FieldErrorf(field, "%s", en).VI("%s", vi)
	}
	return key, nil
}

// accountCommittee is AccountCommittee in the admin page's terms: the
// field refused and its Vietnamese.
func accountCommittee(committee, unit string, units []cases.Unit) (key, field, vi string) {
	key, field, _, vi = accountCommitteeOf(committee, unit, units)
	return key, field, vi
}

func accountCommitteeOf(committee, unit string, units []cases.Unit) (key, field, en, vi string) {
	key, err := cases.CommitteeOf(committee, cases.OwnUnits(units))
	if err != nil {
		if committee == "" {
			return "", "committee", "this installation has several committees: name the account's (--committee REF)",
				"Hệ thống có nhiều cơ quan: chọn cơ quan của tài khoản."
		}
		_, msg := viError(err)
		return "", "committee", err.Error(), msg
	}
	if unit == "" {
		return key, "", "", ""
	}
	i := slices.IndexFunc(units, func(u cases.Unit) bool { return u.Ref == unit })
	if i >= 0 && units[i].Committee != key {
		return "", "unit", fmt.Sprintf("unit %s belongs to another committee than the account's", unit),
			"Đơn vị " + unit + " không thuộc cơ quan của tài khoản."
	}
	return key, "", "", ""
}
