package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/web"
)

// Issue 16: every page error in Vietnamese (404, 403, 500 and the
// workflow's refusals), the API's errors with message_vi beside the English
// message, and each role landing on its work after login.

// englishWord finds the words of an English sentence, which no Vietnamese
// error says.
var englishWord = regexp.MustCompile(`(?i)\b(the|not|no|is|such|page|petition|unit|error|internal|forbidden|found|may|does|routed|method|allowed)\b`)

// mainText is the text of a page's <main>, without the header (which
// carries the user's account name).
func mainText(page string) string {
	if i := strings.Index(page, "<main>"); i >= 0 {
		page = page[i:]
	}
	return webtest.Text(page)
}

// failingStore fails to read a petition as a broken disk would.
type failingStore struct{ web.Store }

var errDisk = errors.New("sqlite: disk I/O error reading page 7 of t.db")

func (failingStore) Petition(context.Context, string) (*cases.Petition, error) { return nil, errDisk }

func TestErrorPagesVietnamese(t *testing.T) {
	e := webtest.NewWith(t, webtest.ScheduleLines)
	broken := webtest.NewConfig(t, webtest.ScheduleLines, func(c *web.Config) { c.Store = failingStore{c.Store} })
	for _, tc := range []struct {
		name, user, path string
		env              *webtest.Env
		status           int
		want             []string
	}{
		{"unknown page", "rec", "/khong-co-trang-nay", e, http.StatusNotFound,
			[]string{"Không tìm thấy", "Không có trang này: xin kiểm tra lại địa chỉ."}},
		{"unknown petition", "rec", "/petitions/P-999", e, http.StatusNotFound,
			[]string{"Không tìm thấy", "đơn, đơn vị này không có trong hệ thống"}},
		{"another unit's petition", "head-ld", "/petitions/P-1", e, http.StatusForbidden,
			[]string{"Không có quyền", "Đơn P-1 không được chuyển đến đơn vị của bạn"}},
		{"a role that may not", "reporter", "/desk", e, http.StatusForbidden,
			[]string{"Không có quyền", "Vai trò của bạn không được mở trang này"}},
		{"an admin page", "rec", "/admin", e, http.StatusForbidden,
			[]string{"Không có quyền", "Vai trò của bạn không được mở trang này"}},
		{"a broken store", "rec", "/petitions/P-1", broken, http.StatusInternalServerError,
			[]string{"Lỗi hệ thống", "thao tác chưa được thực hiện", "báo quản trị hệ thống"}},
	} {
		b := tc.env.Browser(tc.user).Login()
		status, page, _ := b.Do("GET", tc.path, nil)
		text := mainText(page)
		if status != tc.status {
			t.Errorf("%s: %s as %s: status %d, want %d", tc.name, tc.path, tc.user, status, tc.status)
		}
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the page lacks %q: %s", tc.name, w, text)
			}
		}
		if m := englishWord.FindString(text); m != "" {
			t.Errorf("%s: the page speaks English (%q): %s", tc.name, m, text)
		}
	}
	if strings.Contains(broken.Bodies["rec"].String(), "disk I/O") {
		t.Errorf("the 500 page shows the internal error's text")
	}
	if !strings.Contains(broken.Logs.String(), "disk I/O") {
		t.Errorf("the log lacks the internal error's text: %s", broken.Logs.String())
	}
}

// TestRefusalOnPageVietnamese sends from the petition page an event the
// workflow refuses and a form the validation refuses: the page says why in
// Vietnamese, and not the API's English message.
func TestRefusalOnPageVietnamese(t *testing.T) {
	e := webtest.NewWith(t, webtest.ScheduleLines)
	type apiErr struct {
		Error struct{ Code, Message, MessageVI, Field string } `json:"error"`
	}
	b := e.Browser("head").Login()
	csrf := b.CSRF()
	for _, tc := range []struct {
		name, command string
		form          url.Values
		status        int
		vi            string
	}{
		{"accepted twice", `{"op":"accept","petition":"P-1","at":"2026-11-24T08:00:00+07:00"}`,
			url.Values{"op": {"accept"}, "at": {"2026-11-24T08:00"}}, http.StatusConflict,
			"Trạng thái hiện tại của đơn không cho phép thao tác này"},
		{"extended by a wrong number", `{"op":"extend","petition":"P-1","at":"2026-11-24T08:00:00+07:00","days":"x"}`,
			url.Values{"op": {"extend"}, "at": {"2026-11-24T08:00"}, "days": {"x"}}, http.StatusUnprocessableEntity,
			"Phải là một số."},
	} {
		_, body := e.API("head", "POST", "/api/v1/commands", tc.command)
		english := webtest.Decode[apiErr](t, body).Error.Message
		tc.form.Set("csrf", csrf)
		status, page, _ := b.Do("POST", "/petitions/P-1/events", tc.form)
		text := mainText(page)
		if status != tc.status || !strings.Contains(text, tc.vi) {
			t.Errorf("%s: %d, want %d and %q: %s", tc.name, status, tc.status, tc.vi, text)
		}
		if english == "" || strings.Contains(text, english) {
			t.Errorf("%s: the page shows the English %q", tc.name, english)
		}
	}
}

// TestAPIMessageVI: the common errors of the API carry the English message
// and, beside it, message_vi.
func TestAPIMessageVI(t *testing.T) {
	e := webtest.NewWith(t, webtest.ScheduleLines)
	type apiErr struct {
		Error struct {
			Code, Message, Field string
			MessageVI            string `json:"message_vi"`
		} `json:"error"`
	}
	for _, tc := range []struct {
		name, user, method, path, body string
		status                         int
		code, vi                       string
	}{
		{"not found", "rec", "GET", "/api/v1/petitions/P-999", "", http.StatusNotFound, cases.ENotFound, "Không tìm thấy"},
		{"no route", "rec", "GET", "/api/v1/khong-co", "", http.StatusNotFound, "no_route", "Không có trang này"},
		{"forbidden", "head-ld", "GET", "/api/v1/petitions/P-1", "", http.StatusForbidden, cases.EForbidden,
			"không được chuyển đến đơn vị của bạn"},
		{"forbidden role", "reporter", "GET", "/api/v1/petitions", "", http.StatusForbidden, cases.EForbidden,
			"Vai trò của bạn không được"},
		{"invalid field", "head", "POST", "/api/v1/commands", `{"op":"extend","petition":"P-1","at":"2026-11-24T08:00:00+07:00","days":1000}`,
			0, cases.EInvalid, ""},
		{"conflict", "head", "POST", "/api/v1/commands", `{"op":"accept","petition":"P-1","at":"2026-11-24T08:00:00+07:00"}`,
			http.StatusConflict, cases.EConflict, "Trạng thái hiện tại của đơn không cho phép thao tác này"},
	} {
		status, body := e.API(tc.user, tc.method, tc.path, tc.body)
		got := webtest.Decode[apiErr](t, body).Error
		if tc.status != 0 && status != tc.status || got.Code != tc.code || got.Message == "" ||
			!strings.Contains(got.MessageVI, tc.vi) || got.MessageVI == "" || got.MessageVI == got.Message {
			t.Errorf("%s: %d %s", tc.name, status, body)
		}
		if m := englishWord.FindString(got.MessageVI); m != "" {
			t.Errorf("%s: message_vi speaks English (%q): %s", tc.name, m, got.MessageVI)
		}
	}
}

// TestLandingByRole: after login, "/" sends each role to its work.
func TestLandingByRole(t *testing.T) {
	e := webtest.NewWith(t, webtest.ScheduleLines)
	for user, want := range map[string]string{"rec": "/desk", "head": "/inbox", "leader": "/tong-quan",
		"reporter": "/reports", "admin": "/admin"} {
		b := e.Browser(user).Login()
		status, _, h := b.Do("GET", "/", nil)
		if status != http.StatusSeeOther || h.Get("Location") != want {
			t.Errorf("%s lands on %d %q, want %q", user, status, h.Get("Location"), want)
			continue
		}
		if status, page, _ := b.Do("GET", want, nil); status != http.StatusOK {
			t.Errorf("%s: %s: %d %.300s", user, want, status, mainText(page))
		}
	}
}
