package web

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// opRoles says which roles may send each op at all. Reception's terminate
// and every op of a head are further limited by the petition (mayActOn).
var opRoles = map[cases.Op][]cases.Role{
	cases.OpUnit:      {cases.RoleAdmin},
	cases.OpUnitUntil: {cases.RoleAdmin},
	cases.OpSession:   {cases.RoleReception, cases.RoleLeader, cases.RoleAdmin},
	cases.OpPetition:  {cases.RoleReception, cases.RoleLeader, cases.RoleAdmin},
	cases.OpVisit:     {cases.RoleReception, cases.RoleLeader, cases.RoleAdmin},
	cases.OpDialogue:  {cases.RoleReception, cases.RoleHead, cases.RoleLeader, cases.RoleAdmin},
	cases.OpClassify:  {cases.RoleReception, cases.RoleLeader, cases.RoleAdmin},
	cases.OpRoute:     {cases.RoleReception, cases.RoleLeader, cases.RoleAdmin},
	cases.OpArchive:   {cases.RoleReception, cases.RoleLeader, cases.RoleAdmin},
	cases.OpAccept:    {cases.RoleHead, cases.RoleLeader, cases.RoleAdmin},
	cases.OpReject:    {cases.RoleHead, cases.RoleLeader, cases.RoleAdmin},
	cases.OpExtend:    {cases.RoleHead, cases.RoleLeader, cases.RoleAdmin},
	cases.OpSuspend:   {cases.RoleHead, cases.RoleLeader, cases.RoleAdmin},
	cases.OpResume:    {cases.RoleHead, cases.RoleLeader, cases.RoleAdmin},
	cases.OpResolve:   {cases.RoleHead, cases.RoleLeader, cases.RoleAdmin},
	cases.OpImplement: {cases.RoleHead, cases.RoleLeader, cases.RoleAdmin},
	cases.OpTerminate: {cases.RoleReception, cases.RoleHead, cases.RoleLeader, cases.RoleAdmin},
	// Lifting a petitioner's protection, or setting it again, is a decision
	// of the committee's leaders (SPEC §9), not of the system's administrator.
	cases.OpSecret: {cases.RoleLeader},
}

// deskStates are the states of a petition still at the reception desk: the
// only ones in which reception may terminate it (a withdrawal at the desk).
var deskStates = []cases.State{cases.Received, cases.Classified}

// headStates are the states a petition routed to a unit can be in. A
// transferred petition also has a unit (the agency's name) but never leaves
// its state: excluding it keeps an agency named like a unit's ref out of a
// head's view.
var headStates = []cases.State{cases.RoutedOwn, cases.RoutedLower, cases.Accepted, cases.Suspended,
	cases.Rejected, cases.Resolved, cases.Implemented, cases.Terminated}

func forbidden(format string, args ...any) *cases.Error {
	return cases.Errorf(cases.EForbidden, format, args...)
}

// notRouted refuses a head a petition that is not its unit's. The
// Vietnamese names no unit code: the head knows its unit.
func notRouted(field, ref, unit string) *cases.Error {
	return forbiddenField(field, "petition %s is not routed to unit %s", ref, unit).
		VI("Đơn %s không được chuyển đến đơn vị của bạn: chỉ đơn vị được giao mới xem và xử lý đơn này.", ref)
}

func forbiddenField(field, format string, args ...any) *cases.Error {
	return &cases.Error{Code: cases.EForbidden, Field: field, Message: fmt.Sprintf(format, args...)}
}

// may reports whether the user's role may send op at all.
func (u *User) may(op cases.Op) bool { return slices.Contains(opRoles[op], u.Role) }

// mayPost checks what can be judged from the command alone: the role may send
// its op, and only an admin moves history from another system (recorded_at,
// or recorded_by naming someone else).
func (u *User) mayPost(c *cases.Command) error {
	if !u.may(c.Op) {
		if _, known := opRoles[c.Op]; !known {
			return nil // Validate names the unknown op
		}
		return forbiddenField("op", "a %s may not send %s", u.Role, c.Op)
	}
	if u.Role != cases.RoleAdmin {
		if c.RecordedBy != "" && c.RecordedBy != u.Name {
			return forbiddenField("recorded_by", "only an admin records a command in someone else's name")
		}
		if c.RecordedAt != "" {
			return forbiddenField("recorded_at", "only an admin moves history with its own recording time")
		}
	}
	return nil
}

// needsPetition reports whether mayActOn must see the command's petition.
func (u *User) needsPetition(c *cases.Command) bool {
	return c.Petition != "" && !c.Op.Creates() &&
		(u.Role == cases.RoleHead || (u.Role == cases.RoleReception && c.Op == cases.OpTerminate))
}

// mayActOn checks what depends on the petition: a head acts only on what is
// routed to its unit; reception terminates only what is still at the desk.
func (u *User) mayActOn(c *cases.Command, p *cases.Petition) error {
	switch {
	case !u.committees.ActsOn(p):
		return otherCommittee("petition", p.Ref)
	case u.Role == cases.RoleHead && !u.inScope(p):
		return notRouted("petition", p.Ref, u.Unit)
	case u.Role == cases.RoleReception && c.Op == cases.OpTerminate && !slices.Contains(deskStates, p.State):
		return forbiddenField("op", "petition %s has left the reception desk: its handler terminates it", p.Ref)
	}
	return nil
}

// seesPetitions reports whether the role reads petitions at all.
func (u *User) seesPetitions() bool { return u.Role != cases.RoleReporter && u.Role.Valid() }

// inScope reports whether the user may read petition p: a head only the
// petitions routed to its unit or to a unit it replaced (own or lower),
// everyone else who sees petitions every one.
func (u *User) inScope(p *cases.Petition) bool {
	if !u.committees.Sees(p) {
		return false
	}
	if u.Role == cases.RoleHead {
		return u.Unit != "" && slices.Contains(u.units(), p.Unit) &&
			(p.RouteTo == cases.ToOwn || p.RouteTo == cases.ToLower) && slices.Contains(headStates, p.State)
	}
	return u.seesPetitions()
}

// units are the units whose petitions a head reads and acts on: its own and
// those it replaced.
func (u *User) units() []string {
	if len(u.scope) > 0 {
		return u.scope
	}
	return []string{u.Unit}
}

// unitScope is unit and every unit it replaced, directly or through another
// it replaced: when communes merge, or a department is renamed, the new
// unit's head takes over what was routed to the old ones and still waits.
func unitScope(recs []cases.UnitRecord, unit string) []string {
	replaces := replacesOf(recs)
	scope := []string{unit}
	for i := 0; i < len(scope); i++ {
		for _, old := range replaces[scope[i]] {
			if !slices.Contains(scope, old) {
				scope = append(scope, old)
			}
		}
	}
	return scope
}

// seesIdentity reports whether the user reads p's petitioner in clear: always
// unless p's petitioner is a protected denouncer; then only the officer who
// recorded it, leaders and admins (Luật Tố cáo Arts. 8, 47).
func (u *User) seesIdentity(p *cases.Petition) bool {
	if !p.Denouncer() {
		return u.seesPetitions()
	}
	return u.Role == cases.RoleLeader || u.Role == cases.RoleAdmin || (u.seesPetitions() && p.RecordedBy == u.Name)
}

// seesEveryIdentity reports whether no protected identity is hidden from the
// user.
func (u *User) seesEveryIdentity() bool {
	return u.Role == cases.RoleLeader || u.Role == cases.RoleAdmin
}

// readsReports reports whether the role reads the statistics. A head's view
// is its unit; the report covers the committee.
func (u *User) readsReports() bool {
	return u.Role == cases.RoleReception || u.Role == cases.RoleLeader || u.Role == cases.RoleReporter || u.Role == cases.RoleAdmin
}

// exportsReceptionBook reports whether the role exports the reception book:
// the desk's book, of every visit, for reception, leaders and admins; not a
// head, whose view is its unit, nor a reporter, who reads figures only.
func (u *User) exportsReceptionBook() bool {
	return u.Role == cases.RoleReception || u.Role == cases.RoleLeader || u.Role == cases.RoleAdmin
}

// readsAccessLog reports whether the role reads the access log.
func (u *User) readsAccessLog() bool { return u.Role == cases.RoleAdmin }

// allowed lists the workflow events the user may send on p now: those the
// workflow allows, less those the role or its scope forbids.
func (u *User) allowed(p *cases.Petition) []cases.Op {
	out := []cases.Op{}
	for _, op := range workflow.Allowed(p) {
		c := cases.Command{Op: op, Petition: p.Ref}
		if u.may(op) && u.mayActOn(&c, p) == nil {
			out = append(out, op)
		}
	}
	return out
}

// mayPlanDialogue reports whether the petition page offers u the form that
// plans a dialogue on p: to whoever resolves the complaint — the head of the
// unit it is routed to, a leader, an admin — while it is being resolved
// (workflow.DialogueOpen). The reception desk records dialogues through the
// API and the import, as before.
func (u *User) mayPlanDialogue(p *cases.Petition) bool {
	switch u.Role {
	case cases.RoleHead, cases.RoleLeader, cases.RoleAdmin:
		return u.inScope(p) && workflow.DialogueOpen(p)
	}
	return false
}

// userNamePattern is what a user name may be: it is recorded as recorded_by
// in the history and shown in logs, so it is a plain login, not a person's
// name.
var userNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// CheckNewUser checks a new account as `tiepdan user add` and the admin
// page take it: the name's form, the role, and a unit for a head only, one
// of the recorded units other than the committee itself (units are looked
// at only when unit is not empty). It returns a *cases.Error naming the
// field, in English; the admin page says the same in Vietnamese
// (checkNewUser). The password is checked by CheckPasswordPolicy.
func CheckNewUser(name string, role cases.Role, unit string, units []cases.Unit) error {
	if field, en, _ := checkNewUser(name, role, unit, units); field != "" {
		return cases.FieldErrorf(field, "%s", en)
	}
	return nil
}

// checkNewUser is CheckNewUser's rule: the field refused and why, in
// English and in Vietnamese; no field when the account may be added.
func checkNewUser(name string, role cases.Role, unit string, units []cases.Unit) (field, en, vi string) {
	switch {
	case !userNamePattern.MatchString(name):
		return "name", fmt.Sprintf("%q must be 1–64 lower-case letters, digits, '.', '_' or '-'", name),
			"Tên đăng nhập gồm 1–64 ký tự: chữ thường không dấu, chữ số, dấu '.', '_' hoặc '-', bắt đầu bằng chữ hoặc số."
	case name == "import":
		return "name", "import is the name the importer records under",
			"Tên import dành cho việc nhập dữ liệu: chọn tên khác."
	case name == cases.SystemUser:
		return "name", cases.SystemUser + " is the name the system records under (the petition a matter sent up creates)",
			"Tên " + cases.SystemUser + " dành cho hệ thống (ghi đơn chuyển lên từ cơ quan khác): chọn tên khác."
	case !role.Valid():
		return "role", fmt.Sprintf("must be one of reception, head, leader, reporter, admin, not %q", role),
			"Chọn một vai trò trong danh sách."
	case role == cases.RoleHead && unit == "":
		return "unit", "a head needs the unit it leads (--unit REF)",
			"Trưởng phòng, ban cần có đơn vị mình phụ trách."
	case role != cases.RoleHead && unit != "":
		return "unit", "only a head has a unit",
			"Chỉ trưởng phòng, ban mới gắn với một đơn vị."
	}
	if unit != "" {
		i := slices.IndexFunc(units, func(u cases.Unit) bool { return u.Ref == unit })
		if i < 0 {
			return "unit", fmt.Sprintf("unit %s is not recorded (import the units first)", unit),
				"Đơn vị " + unit + " chưa có trong danh sách đơn vị."
		}
		if units[i].Kind == cases.Own {
			return "unit", fmt.Sprintf("%s is the committee itself: its leaders have the role leader", unit),
				"Đây là chính cơ quan: lãnh đạo cơ quan có vai trò lãnh đạo, không phải trưởng phòng, ban."
		}
	}
	return "", "", ""
}
