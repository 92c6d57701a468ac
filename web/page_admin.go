package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// The admin page: the accounts, the units, the holiday table of a year and
// the periodic reception plan, each with its forms. Accounts are added,
// disabled and enabled by the rules of `tiepdan user add`; a unit is a `unit`
// command sent through the API's command path, so that it is an event of the
// history with who and when; the holiday table and the reception plan are
// append-only rows with who and when (Settings, admin_edit.go). Refused forms come back with every
// value typed and the reason in Vietnamese next to the field.

// receptionDaysAhead is how far the admin page lists reception days.
const receptionDaysAhead = 92

type adminPage struct {
	layout
	Users     []cases.User
	Notice    string
	Error     string // a refused disable or enable
	New       userForm
	NewErrors fieldErrors
	Roles     []option
	// Committees are those an account may be added to, in an installation
	// of several committees: the admin's and those below it. Empty: one.
	Committees []option
	// CommitteeNames names each listed account's committee (by key).
	CommitteeNames map[string]string

	Units       []unitRow // in force
	OldUnits    []unitRow // replaced by another unit, or out of its dates
	Unit        unitForm
	UnitErrors  fieldErrors
	UnitOpen    bool // the unit form is shown open: a refusal, or "thay thế"
	UnitKinds   []option
	Levels      []option
	Parents     []option
	Replaceable []replaceChoice

	UnitEnd       unitEndForm
	UnitEndErrors fieldErrors
	UnitEndOpen   bool     // the end form is shown open: a refusal
	Endable       []option // the units in force, which an end can end

	Year          int
	Years         []int
	Holidays      workflow.YearView
	Holiday       holidayForm
	HolidayErrors fieldErrors
	EditKinds     []option

	ReceptionDays  []workflow.ScheduledDay
	Periods        []periodRow
	PlanFile       bool // a --reception file decides the plan: no form
	Plan           planForm
	PlanErrors     fieldErrors
	MoveRules      []option
	WeekdayChoices []option
	PlanHistory    []workflow.ReceptionEdit // newest first

	Backups backupView
	// SecretsInClear: the identities are stored without encryption
	// (Config.SecretsInClear).
	SecretsInClear bool
}

// userForm is the form of a new account as typed, without its passwords.
type userForm struct {
	Name string
	Role string
	Unit string
	// Committee is the ref of the own unit of the account's committee: the
	// admin's, or one below it (SPEC §10).
	Committee string
}

// unitRow is a unit as the page lists it.
type unitRow struct {
	cases.Unit
	// Validity is the unit's level and dates in words: "Cấp huyện; đến
	// 30/06/2025".
	Validity   string
	ParentName string
	Replaces   []string // names (refs) of the units it replaced
	ReplacedBy []string // names (refs) of the units that replace it
	RecordedBy string
	RecordedAt *time.Time
}

// replaceChoice is a unit a new unit may replace, checked or not.
type replaceChoice struct {
	Ref, Label string
	Kind       cases.UnitKind
	Checked    bool
}

// periodRow is one period of the reception plan.
type periodRow struct {
	Text, Source string
	InForce      bool
}

// adminForms are the page's forms as typed in a refused request; nil ones
// are shown as they start.
type adminForms struct {
	user          userForm
	userErrors    fieldErrors
	failed        string // a refused disable or enable
	unit          *unitForm
	unitErrors    fieldErrors
	unitEnd       *unitEndForm
	unitEndErrors fieldErrors
	holiday       *holidayForm
	holidayErrors fieldErrors
	year          int // the holiday table's year shown, 0: from the query or today
	plan          *planForm
	planErrors    fieldErrors
}

func (s *Server) adminPage(c *gin.Context) {
	if userOf(c).Role != cases.RoleAdmin {
		s.abortPage(c, forbidden("only an admin reads the administration page"))
		return
	}
	s.showAdmin(c, http.StatusOK, adminForms{})
}

// showAdmin renders the admin page with the forms as typed and their errors.
func (s *Server) showAdmin(c *gin.Context, status int, f adminForms) {
	ctx := c.Request.Context()
	today := cases.DateOf(s.now())
	st, err := s.settings(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	y, _, _ := today.YMD()
	pg := adminPage{layout: s.layout(c, "Quản trị"), Year: y, Notice: c.Query("ok"), Error: f.failed,
		New: f.user, NewErrors: nonNil(f.userErrors), UnitErrors: nonNil(f.unitErrors), UnitEndErrors: nonNil(f.unitEndErrors),
		HolidayErrors: nonNil(f.holidayErrors), PlanErrors: nonNil(f.planErrors)}
	for _, r := range cases.Roles {
		pg.Roles = append(pg.Roles, option{Value: string(r), Label: r.Label(), Selected: string(r) == f.user.Role})
	}
	switch {
	case f.year >= 1900 && f.year <= 2199:
		pg.Year = f.year
	case c.Query("year") != "":
		v := c.Query("year")
		n, err := strconv.Atoi(v)
		if err != nil || n < 1900 || n > 2199 {
			s.abortPage(c, cases.FieldErrorf("year", "năm %q không hợp lệ", v))
			return
		}
		pg.Year = n
	}
	users, err := s.cfg.Accounts.Users(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	// In an installation of several committees, the accounts of the
	// admin's committee and of those below it (SPEC §10).
	admin := userOf(c)
	users = slices.DeleteFunc(users, func(x cases.User) bool { return !admin.committees.SeesCommittee(x.Committee) })
	for i := range users {
		users[i].PasswordHash = "" // the page has no use for it
	}
	pg.Users = users
	if err := s.adminCommittees(ctx, admin, &pg, f.user.Committee); err != nil {
		s.abortPage(c, err)
		return
	}
	if err := s.adminUnits(ctx, c, &pg, f.unit, f.unitEnd); err != nil {
		s.abortPage(c, err)
		return
	}
	// The admin's committee's calendar and plan (SPEC §10): the
	// installation's for the first committee's admin.
	key := committeeKey(ctx)
	cal, plan := st.cal(key), st.plan(key)
	if err := adminHolidays(cal, &pg); err != nil {
		s.abortPage(c, err)
		return
	}
	pg.Holiday = holidayForm{Kind: workflow.EditDayOff}
	if f.holiday != nil {
		pg.Holiday = *f.holiday
	}
	for _, k := range []string{workflow.EditDayOff, workflow.EditWorkingDay, workflow.EditOrdinary} {
		pg.EditKinds = append(pg.EditKinds, option{Value: k, Label: workflow.EditLabel(k), Selected: k == pg.Holiday.Kind})
	}

	pg.ReceptionDays = plan.Days(cal, today, today.AddDays(receptionDaysAhead))
	inForce := plan.PeriodOn(today)
	for _, p := range plan.Periods() {
		pg.Periods = append(pg.Periods, periodRow{Text: p.Describe(), Source: p.Source, InForce: p.From == inForce.From})
	}
	pg.PlanFile = st.planFile && key == ""
	own := st.ownPlanEdits(key)
	for i := len(own) - 1; i >= 0; i-- {
		pg.PlanHistory = append(pg.PlanHistory, own[i])
	}
	if f.plan != nil {
		pg.Plan = *f.plan
	} else {
		pg.Plan = planFormOf(inForce, nextMonth(today), st.planVersionOf(key))
	}
	for _, m := range []workflow.MoveRule{workflow.MoveNext, workflow.MovePrevious, workflow.MoveSkip} {
		pg.MoveRules = append(pg.MoveRules, option{Value: string(m), Label: m.Label(), Selected: string(m) == pg.Plan.Move})
	}
	for _, w := range workflow.Weekdays {
		pg.WeekdayChoices = append(pg.WeekdayChoices, option{Value: w.Name, Label: w.Label, Selected: slices.Contains(pg.Plan.Weekdays, w.Name)})
	}
	pg.Backups = s.adminBackups()
	pg.SecretsInClear = s.cfg.SecretsInClear
	s.render(c, status, "admin", pg)
}

func nonNil(fe fieldErrors) fieldErrors {
	if fe == nil {
		return fieldErrors{}
	}
	return fe
}

// adminUnits fills the units' part of the page: the units in force and
// those replaced or ended, with who recorded them, the unit form
// (prefilled to replace ?replace=REF) and the form that ends a unit.
func (s *Server) adminUnits(ctx context.Context, c *gin.Context, pg *adminPage, typed *unitForm, typedEnd *unitEndForm) error {
	recs, err := s.cfg.Store.UnitRecords(ctx)
	if err != nil {
		return err
	}
	byRef := map[string]*cases.UnitRecord{}
	replacedBy := map[string][]string{}
	for i := range recs {
		byRef[recs[i].Ref] = &recs[i]
		for _, old := range recs[i].Replaces {
			replacedBy[old] = append(replacedBy[old], recs[i].Ref)
		}
	}
	name := func(ref string) string {
		if u := byRef[ref]; u != nil {
			return u.Name + " (" + ref + ")"
		}
		return ref
	}
	names := func(refs []string) []string {
		out := make([]string, len(refs))
		for i, r := range refs {
			out[i] = name(r)
		}
		return out
	}
	// Listed as Store.Units orders them: the committee, its departments,
	// the lower committees, each by name.
	rank := map[cases.UnitKind]int{cases.Own: 0, cases.Department: 1, cases.Lower: 2}
	sorted := slices.Clone(recs)
	slices.SortStableFunc(sorted, func(a, b cases.UnitRecord) int {
		if d := rank[a.Kind] - rank[b.Kind]; d != 0 {
			return d
		}
		return strings.Compare(a.Name, b.Name)
	})
	gone := outOfForce(recs, cases.DateOf(s.now()))
	var inForce []cases.Unit
	for _, r := range sorted {
		row := unitRow{Unit: r.Unit, Validity: validity(&r.Unit), Replaces: names(r.Replaces),
			ReplacedBy: names(replacedBy[r.Ref]), RecordedBy: r.RecordedBy}
		if r.Parent != "" {
			row.ParentName = name(r.Parent)
		}
		if !r.RecordedAt.IsZero() {
			at := r.RecordedAt
			row.RecordedAt = &at
		}
		if gone[r.Ref] {
			pg.OldUnits = append(pg.OldUnits, row)
		} else {
			pg.Units = append(pg.Units, row)
			inForce = append(inForce, r.Unit)
		}
	}

	form := unitForm{Kind: string(cases.Department)}
	for _, u := range inForce {
		if u.Kind == cases.Own {
			form.Parent = u.Ref
			break
		}
	}
	if ref := c.Query("replace"); ref != "" && typed == nil {
		if old := byRef[ref]; old != nil {
			form = unitForm{Ref: successorRef(ref, s.now(), byRef), Name: old.Name, Kind: string(old.Kind),
				Parent: old.Parent, Remote: old.Remote, LowerLabel: old.LowerLabel, Replaces: []string{ref}}
			if _, abolished := old.Level.LastDay(); !abolished {
				form.Level = string(old.Level)
			}
			pg.UnitOpen = true
		}
	}
	if typed != nil {
		form, pg.UnitOpen = *typed, true
	}
	pg.Unit = form
	for _, k := range []cases.UnitKind{cases.Own, cases.Department, cases.Lower} {
		pg.UnitKinds = append(pg.UnitKinds, option{Value: string(k), Label: k.Label(), Selected: string(k) == form.Kind})
	}
	pg.Levels = append(pg.Levels, option{Value: "", Label: "— không ghi (phòng, ban) —", Selected: form.Level == ""})
	for _, l := range cases.Levels {
		pg.Levels = append(pg.Levels, option{Value: string(l), Label: l.Label(), Selected: string(l) == form.Level})
	}
	if typedEnd != nil {
		pg.UnitEnd, pg.UnitEndOpen = *typedEnd, true
	}
	pg.Endable = append(pg.Endable, option{Value: "", Label: "— chọn đơn vị —", Selected: pg.UnitEnd.Unit == ""})
	for _, u := range inForce {
		pg.Endable = append(pg.Endable, option{Value: u.Ref, Label: u.Name + " (" + u.Ref + ")", Selected: u.Ref == pg.UnitEnd.Unit})
	}
	pg.Parents = append(pg.Parents, option{Value: "", Label: "— không trực thuộc đơn vị nào —", Selected: form.Parent == ""})
	for _, u := range inForce {
		if u.Kind == cases.Own || u.Kind == cases.Lower {
			pg.Parents = append(pg.Parents, option{Value: u.Ref, Label: u.Name + " (" + u.Ref + ")", Selected: u.Ref == form.Parent})
		}
	}
	if form.Parent != "" && !slices.ContainsFunc(pg.Parents, func(o option) bool { return o.Value == form.Parent }) {
		pg.Parents = append(pg.Parents, option{Value: form.Parent, Label: name(form.Parent), Selected: true})
	}
	for _, u := range inForce {
		pg.Replaceable = append(pg.Replaceable, replaceChoice{Ref: u.Ref, Label: u.Name + " (" + u.Ref + ")", Kind: u.Kind,
			Checked: slices.Contains(form.Replaces, u.Ref)})
	}
	return nil
}

// validity says a unit's level and dates in words, "" when it has none.
func validity(u *cases.Unit) string {
	var parts []string
	if u.Level != "" {
		parts = append(parts, u.Level.Label())
	}
	if v := u.Validity(); v != "" {
		parts = append(parts, v)
	}
	return strings.Join(parts, "; ")
}

// successorRef suggests the ref of the unit that replaces ref: ref and the
// year ("xa-phuoc-hoa-2026"), then a number if that is taken.
func successorRef(ref string, now time.Time, taken map[string]*cases.UnitRecord) string {
	base := fmt.Sprintf("%s-%d", ref, now.In(cases.Zone).Year())
	out := base
	for i := 2; taken[out] != nil; i++ {
		out = fmt.Sprintf("%s-%d", base, i)
	}
	return out
}

// adminHolidays fills the holiday table of pg.Year from the calendar in force.
func adminHolidays(cal *workflow.Calendar, pg *adminPage) error {
	pg.Years = cal.Years()
	if !slices.Contains(pg.Years, pg.Year) {
		pg.Years = append(pg.Years, pg.Year)
		slices.Sort(pg.Years)
	}
	var err error
	if pg.Holidays, err = workflow.ViewYear(cal, pg.Year); err != nil {
		return fmt.Errorf("holiday table %d: %w", pg.Year, err)
	}
	return nil
}

// nextMonth is the first day of the month after d's: where a new reception
// plan starts unless the administrator says otherwise.
func nextMonth(d cases.Date) cases.Date {
	y, m, _ := d.YMD()
	return cases.NewDate(y, m+1, 1)
}

// UserLister lists the accounts for the admin page, beside Accounts.
type UserLister interface {
	Users(ctx context.Context) ([]cases.User, error)
}

// UserAdmin changes accounts for the admin page's forms, beside Accounts.
// web checks the new account first (CheckNewUser, CheckPasswordPolicy) and
// hashes its password (HashPassword).
type UserAdmin interface {
	// AddUser records u, enabled; an EConflict error when the name is
	// taken.
	AddUser(ctx context.Context, u cases.User) error
	// SetUserDisabled disables or enables an account; ENotFound when there
	// is none of that name.
	SetUserDisabled(ctx context.Context, name string, disabled bool) error
}

// userAdmin checks that the user changing accounts is an admin.
func (s *Server) userAdmin(c *gin.Context) bool {
	if userOf(c).Role != cases.RoleAdmin {
		s.abortPage(c, forbidden("only an admin changes accounts"))
		return false
	}
	return true
}

// userSubmit adds an account from the admin page's form: the rules of
// `tiepdan user add`, the password typed twice. A refusal shows the page
// again with the reason next to the field and what was typed, but the
// passwords.
func (s *Server) userSubmit(c *gin.Context) {
	if !s.userAdmin(c) {
		return
	}
	ctx := c.Request.Context()
	nf := userForm{Name: strings.TrimSpace(c.PostForm("name")), Role: c.PostForm("role"), Unit: strings.TrimSpace(c.PostForm("unit")),
		Committee: strings.TrimSpace(c.PostForm("committee"))}
	password, again := c.PostForm("password"), c.PostForm("password2")
	errs := fieldErrors{}
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	if field, _, vi := checkNewUser(nf.Name, cases.Role(nf.Role), nf.Unit, units); field != "" {
		errs.add(field, vi)
	}
	// An admin adds accounts of its own committee, or of a committee below
	// it (a province's admin for its communes).
	admin := userOf(c)
	if nf.Committee == "" {
		nf.Committee = admin.committeeRef
	}
	key, field, vi := accountCommittee(nf.Committee, nf.Unit, units)
	switch {
	case field != "":
		errs.add(field, vi)
	case !admin.committees.SeesCommittee(key):
		errs.add("committee", "Chỉ thêm tài khoản cho cơ quan mình hoặc cơ quan cấp dưới.")
	}
	if CheckPasswordPolicy(password) != nil {
		errs.add("password", fmt.Sprintf("Mật khẩu cần ít nhất %d ký tự.", MinPasswordLen))
	} else if password != again {
		errs.add("password2", "Hai lần nhập mật khẩu không khớp.")
	}
	if len(errs) == 0 {
		hash, err := HashPassword(password)
		if err == nil {
			err = s.cfg.Accounts.AddUser(ctx, cases.User{Name: nf.Name, Role: cases.Role(nf.Role), Unit: nf.Unit,
				Committee: key, PasswordHash: hash, Created: s.now()})
		}
		switch {
		case cases.ErrorCode(err) == cases.EConflict:
			errs.add("name", "Tên đăng nhập "+nf.Name+" đã có.")
		case err != nil:
			s.abortPage(c, err)
			return
		}
	}
	if len(errs) > 0 {
		c.Set(logCode, cases.EInvalid)
		s.showAdmin(c, http.StatusUnprocessableEntity, adminForms{user: nf, userErrors: errs})
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin?ok="+url.QueryEscape("Đã thêm tài khoản "+nf.Name+".")+"#users")
}

// userDisable disables (or, as /enable, enables) an account from the admin
// page. An admin does not disable their own account: nobody could enable it
// from the page then.
func (s *Server) userDisable(c *gin.Context) {
	if !s.userAdmin(c) {
		return
	}
	name := c.Param("name")
	disable := strings.HasSuffix(c.Request.URL.Path, "/disable")
	// An account of another committee than the admin's area is not found.
	if other, err := s.otherCommitteeAccount(c.Request.Context(), userOf(c), name); err != nil {
		s.abortPage(c, err)
		return
	} else if other {
		c.Set(logCode, cases.ENotFound)
		s.showAdmin(c, http.StatusNotFound, adminForms{failed: "Không có tài khoản " + name + "."})
		return
	}
	if disable && name == userOf(c).Name {
		c.Set(logCode, cases.EInvalid)
		s.showAdmin(c, http.StatusUnprocessableEntity, adminForms{failed: "Không thể tự khóa tài khoản đang dùng."})
		return
	}
	if err := s.cfg.Accounts.SetUserDisabled(c.Request.Context(), name, disable); err != nil {
		if cases.ErrorCode(err) == cases.ENotFound {
			c.Set(logCode, cases.ENotFound)
			s.showAdmin(c, http.StatusNotFound, adminForms{failed: "Không có tài khoản " + name + "."})
			return
		}
		s.abortPage(c, err)
		return
	}
	done := "Đã mở khóa tài khoản "
	if disable {
		done = "Đã khóa tài khoản "
	}
	c.Redirect(http.StatusSeeOther, "/admin?ok="+url.QueryEscape(done+name+".")+"#users")
}

// adminCommittees offers, in an installation of several committees, the
// committees an account may be added to (the admin's and those below it,
// chosen the one typed, else the admin's), and names every committee.
func (s *Server) adminCommittees(ctx context.Context, admin *User, pg *adminPage, chosen string) error {
	if admin.committees == nil {
		return nil
	}
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		return err
	}
	owns, today := cases.OwnUnits(units), cases.DateOf(s.now())
	if chosen == "" {
		chosen = admin.committeeRef
	}
	pg.CommitteeNames = map[string]string{}
	for _, key := range cases.CommitteeKeys(owns) {
		u, ok := cases.CommitteeUnit(owns, key, today)
		if !ok {
			continue
		}
		pg.CommitteeNames[key] = u.Name
		if admin.committees.SeesCommittee(key) {
			pg.Committees = append(pg.Committees, option{Value: u.Ref, Label: u.Name, Selected: u.Ref == chosen})
		}
	}
	return nil
}

// otherCommitteeAccount reports whether account name belongs to a
// committee outside admin's area (never in an installation of one).
func (s *Server) otherCommitteeAccount(ctx context.Context, admin *User, name string) (bool, error) {
	if admin.committees == nil {
		return false, nil
	}
	users, err := s.cfg.Accounts.Users(ctx)
	if err != nil {
		return false, err
	}
	i := slices.IndexFunc(users, func(x cases.User) bool { return x.Name == name })
	return i >= 0 && !admin.committees.SeesCommittee(users[i].Committee), nil
}
