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
