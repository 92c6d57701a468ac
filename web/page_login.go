package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
)

// The login page, logging out, and the page each role lands on.

type loginPage struct {
	layout
	Name      string
	Error     string
	LoginCSRF string
	// Unencrypted is a request over plain HTTP: the page says so.
	Unencrypted bool
}

// loginPage shows the login form. Login has no session yet, so its form is
// guarded by a double-submit token: a random value in a cookie and in the
// form, which another site can neither read nor set.
func (s *Server) loginPage(c *gin.Context) {
	s.showLogin(c, http.StatusOK, "", "")
}

func (s *Server) showLogin(c *gin.Context, status int, name, msg string) {
	token, err := randomString(24)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	s.setCookie(c, s.loginCookieName(c), token, time.Hour)
	s.render(c, status, "login", loginPage{layout: s.layout(c, "Đăng nhập"), Name: name, Error: msg, LoginCSRF: token,
		Unencrypted: !s.isHTTPS(c)})
}

func (s *Server) loginSubmit(c *gin.Context) {
	want, _ := c.Cookie(s.loginCookieName(c))
	if c.GetHeader("Sec-Fetch-Site") == "cross-site" || want == "" || c.PostForm(csrfField) != want {
		c.Set(logCode, cases.EForbidden)
		s.showLogin(c, http.StatusForbidden, "", "Phiên đăng nhập đã hết hạn, xin đăng nhập lại.")
		return
	}
	name := strings.TrimSpace(c.PostForm("name"))
	u, err := s.login(c.Request.Context(), name, c.PostForm("password"), c.ClientIP())
	var th *throttled
	switch {
	case errors.As(err, &th):
		c.Set(logCode, eThrottled)
		c.Header("Retry-After", strconv.Itoa(int(th.wait.Seconds()+0.999)))
		s.showLogin(c, http.StatusTooManyRequests, name, th.Error())
		return
	case cases.ErrorCode(err) == eUnauthenticated:
		c.Set(logCode, eUnauthenticated)
		s.showLogin(c, http.StatusUnauthorized, name, cases.ErrorMessage(err))
		return
	case err != nil:
		s.abortPage(c, err)
		return
	}
	s.setUser(c, u)
	if err := s.startSession(c, u); err != nil {
		s.abortPage(c, err)
		return
	}
	s.setCookie(c, s.loginCookieName(c), "", -1)
	c.Redirect(http.StatusSeeOther, "/")
}

func (s *Server) logout(c *gin.Context) {
	if err := s.endSession(c); err != nil {
		s.abortPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/login")
}

// homePage sends each user where their work is (User.home).
func (s *Server) homePage(c *gin.Context) {
	c.Redirect(http.StatusSeeOther, userOf(c).home())
}

// home is the page a role works on, where login and "/" land: the desk for
// reception, the inbox for a head, the overview for a leader (what waits
// where and what is overdue: docs/decisions.md), the report for a reporter,
// the administration page for an admin.
func (u *User) home() string {
	switch u.Role {
	case cases.RoleReception:
		return "/desk"
	case cases.RoleHead:
		return "/inbox"
	case cases.RoleLeader:
		return "/tong-quan"
	case cases.RoleReporter:
		return "/reports"
	case cases.RoleAdmin:
		return "/admin"
	}
	return "/petitions"
}
