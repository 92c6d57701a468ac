package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// The admin page: the accounts, the units, the holiday table of a year and
// the coming periodic reception days. Accounts are added, disabled and
// enabled there (by the rules of `tiepdan user add`) when Accounts is a
// UserAdmin; the rest changes through the command line (unit commands, the
// holiday and reception files), which docs/security.md describes.

// receptionDaysAhead is how far the admin page lists reception days.
const receptionDaysAhead = 92

type adminPage struct {
	layout
	Users         []User
	UsersListed   bool
	CanEdit       bool // Accounts is a UserAdmin: the forms are shown
	Notice        string
	Error         string // a refused disable or enable
	New           userForm
	NewErrors     fieldErrors
	Roles         []option
	Units         []cases.Unit
	Year          int
	Years         []int
	Holidays      holidayYear
	ReceptionDays []workflow.ScheduledDay
}

// holidayYear is the part of workflow.WriteYear's JSON the page shows.
type holidayYear struct {
	Year    int  `json:"year"`
	InTable bool `json:"in_table"`
	Tet     struct {
		Date cases.Date `json:"date"`
	} `json:"tet"`
	HungKings struct {
		Date cases.Date `json:"date"`
	} `json:"hung_kings"`
	DaysOff     []holidayDay `json:"days_off"`
	WorkingDays []holidayDay `json:"working_days"`
}

type holidayDay struct {
	Date        cases.Date `json:"date"`
	Weekday     string     `json:"weekday"`
	Name        string     `json:"name"`
	Source      string     `json:"source"`
	Provisional bool       `json:"provisional"`
	Note        string     `json:"note"`
}

// userForm is the form of a new account as typed, without its passwords.
type userForm struct {
	Name string
	Role string
	Unit string
}

func (s *Server) adminPage(c *gin.Context) {
	if userOf(c).Role != Admin {
		s.abortPage(c, forbidden("only an admin reads the administration page"))
		return
	}
	s.showAdmin(c, http.StatusOK, userForm{}, fieldErrors{}, "")
}

// showAdmin renders the admin page with the new account's form as typed
// and its errors, or a refused disable or enable.
func (s *Server) showAdmin(c *gin.Context, status int, nf userForm, errs fieldErrors, failed string) {
	ctx := c.Request.Context()
	today := cases.DateOf(s.now())
	y, _, _ := today.YMD()
	pg := adminPage{layout: s.layout(c, "Quản trị"), Year: y, Years: s.cfg.Calendar.Years(),
		Notice: c.Query("ok"), Error: failed, New: nf, NewErrors: errs}
	_, pg.CanEdit = s.cfg.Accounts.(UserAdmin)
	for _, r := range []Role{Reception, Head, Leader, Reporter, Admin} {
		pg.Roles = append(pg.Roles, option{Value: string(r), Label: r.Label(), Selected: string(r) == nf.Role})
	}
	if v := c.Query("year"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1990 || n > 2200 {
			s.abortPage(c, cases.FieldErrorf("year", "năm %q không hợp lệ", v))
			return
		}
		pg.Year = n
	}
	if ul, ok := s.cfg.Accounts.(UserLister); ok {
		users, err := ul.UserList(ctx)
		if err != nil {
			s.abortPage(c, err)
			return
		}
		pg.Users, pg.UsersListed = users, true
	}
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	pg.Units = units
	var b bytes.Buffer
	if err := workflow.WriteYear(&b, s.cfg.Calendar, pg.Year, "json"); err != nil {
		s.abortPage(c, fmt.Errorf("holiday table %d: %w", pg.Year, err))
		return
	}
	if err := json.Unmarshal(b.Bytes(), &pg.Holidays); err != nil {
		s.abortPage(c, fmt.Errorf("holiday table %d: %w", pg.Year, err))
		return
	}
	pg.ReceptionDays = workflow.DefaultReception().Days(s.cfg.Calendar, today, today.AddDays(receptionDaysAhead))
	s.render(c, status, "admin", pg)
}

// userAdmin is the Accounts that changes accounts, for an admin only.
func (s *Server) userAdmin(c *gin.Context) (UserAdmin, bool) {
	if userOf(c).Role != Admin {
		s.abortPage(c, forbidden("only an admin changes accounts"))
		return nil, false
	}
	ua, ok := s.cfg.Accounts.(UserAdmin)
	if !ok {
		s.abortPage(c, cases.Errorf(cases.ENotFound, "accounts are changed with tiepdan user on this store"))
		return nil, false
	}
	return ua, true
}

// userSubmit adds an account from the admin page's form: the rules of
// `tiepdan user add`, the password typed twice. A refusal shows the page
// again with the reason next to the field and what was typed, but the
// passwords.
func (s *Server) userSubmit(c *gin.Context) {
	ua, ok := s.userAdmin(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	nf := userForm{Name: strings.TrimSpace(c.PostForm("name")), Role: c.PostForm("role"), Unit: strings.TrimSpace(c.PostForm("unit"))}
	password, again := c.PostForm("password"), c.PostForm("password2")
	errs := fieldErrors{}
	var units []cases.Unit
	if nf.Unit != "" {
		var err error
		if units, err = s.cfg.Store.Units(ctx); err != nil {
			s.abortPage(c, err)
			return
		}
	}
	if field, _, vi := checkNewUser(nf.Name, Role(nf.Role), nf.Unit, units); field != "" {
		errs.add(field, vi)
	}
	if CheckPasswordPolicy(password) != nil {
		errs.add("password", fmt.Sprintf("Mật khẩu cần ít nhất %d ký tự.", MinPasswordLen))
	} else if password != again {
		errs.add("password2", "Hai lần nhập mật khẩu không khớp.")
	}
	if len(errs) == 0 {
		err := ua.AddUser(ctx, User{Name: nf.Name, Role: Role(nf.Role), Unit: nf.Unit}, password)
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
		s.showAdmin(c, http.StatusUnprocessableEntity, nf, errs, "")
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin?ok="+url.QueryEscape("Đã thêm tài khoản "+nf.Name+".")+"#users")
}

// userDisable disables (or, as /enable, enables) an account from the admin
// page. An admin does not disable their own account: nobody could enable it
// from the page then.
func (s *Server) userDisable(c *gin.Context) {
	ua, ok := s.userAdmin(c)
	if !ok {
		return
	}
	name := c.Param("name")
	disable := strings.HasSuffix(c.Request.URL.Path, "/disable")
	if disable && name == userOf(c).Name {
		c.Set(logCode, cases.EInvalid)
		s.showAdmin(c, http.StatusUnprocessableEntity, userForm{}, fieldErrors{}, "Không thể tự khóa tài khoản đang dùng.")
		return
	}
	if err := ua.SetUserDisabled(c.Request.Context(), name, disable); err != nil {
		if cases.ErrorCode(err) == cases.ENotFound {
			c.Set(logCode, cases.ENotFound)
			s.showAdmin(c, http.StatusNotFound, userForm{}, fieldErrors{}, "Không có tài khoản "+name+".")
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
