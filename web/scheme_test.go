package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/web"
)

// The notice of the login page over plain HTTP.
const unencryptedNotice = "Kết nối này không được mã hóa"

// lanBrowser is a browser on another PC of the office network: it speaks to
// base (a scheme and a host that is not localhost) and keeps cookies as a
// browser does, which a cookiejar does only in part: a Secure cookie is
// neither kept nor sent over plain HTTP, and a __Host- cookie is kept only
// when Secure, with Path=/ and no Domain.
type lanBrowser struct {
	t       *testing.T
	h       http.Handler
	base    string
	headers map[string]string // sent with every request (X-Forwarded-Proto)
	// proxied: a reverse proxy speaks plain HTTP to the server, whatever
	// the browser's scheme.
	proxied bool
	cookies map[string]*http.Cookie
	// setCookies are the Set-Cookie lines of the last answer.
	setCookies []*http.Cookie
}

func newLANBrowser(t *testing.T, e *webtest.Env, base string) *lanBrowser {
	return &lanBrowser{t: t, h: e.TS.Config.Handler, base: base, headers: map[string]string{}, cookies: map[string]*http.Cookie{}}
}

func (b *lanBrowser) do(method, path string, form url.Values) (int, string, http.Header) {
	b.t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, b.base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, b.base+path, nil)
	}
	req.RemoteAddr = "192.0.2.1:50000"
	if b.proxied {
		req.TLS = nil
	}
	for k, v := range b.headers {
		req.Header.Set(k, v)
	}
	https := strings.HasPrefix(b.base, "https:")
	for _, c := range b.cookies {
		if c.Secure && !https {
			continue
		}
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	w := httptest.NewRecorder()
	b.h.ServeHTTP(w, req)
	resp := w.Result()
	b.setCookies = resp.Cookies()
	for _, c := range b.setCookies {
		if c.Secure && !https {
			continue // a browser drops a Secure cookie sent over HTTP
		}
		if strings.HasPrefix(c.Name, "__Host-") && (!c.Secure || c.Path != "/" || c.Domain != "") {
			continue
		}
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
			continue
		}
		b.cookies[c.Name] = c
	}
	return resp.StatusCode, w.Body.String(), resp.Header
}

// login logs in as rec and returns the Set-Cookie of the session.
func (b *lanBrowser) login() *http.Cookie {
	b.t.Helper()
	status, page, _ := b.do("GET", "/login", nil)
	m := webtest.CSRFInput.FindStringSubmatch(page)
	if status != http.StatusOK || m == nil {
		b.t.Fatalf("login page: %d %s", status, page)
	}
	status, page, h := b.do("POST", "/login", url.Values{"csrf": {m[1]}, "name": {"rec"}, "password": {webtest.Password}})
	if status != http.StatusSeeOther || h.Get("Location") != "/" {
		b.t.Fatalf("login: %d %s", status, webtest.Text(page))
	}
	for _, c := range b.setCookies {
		if strings.TrimPrefix(c.Name, "__Host-") == "tiepdan" && c.MaxAge > 0 {
			return c
		}
	}
	b.t.Fatalf("no session cookie in %v", b.setCookies)
	return nil
}

// checkAttrs checks a page cookie's attributes: Secure and the __Host- name
// over HTTPS only, HttpOnly, SameSite=Lax and Path=/ always.
func checkAttrs(t *testing.T, c *http.Cookie, https bool) {
	t.Helper()
	if c.Secure != https || strings.HasPrefix(c.Name, "__Host-") != https {
		t.Errorf("over https=%v the cookie %s has Secure=%v", https, c.Name, c.Secure)
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
		t.Errorf("cookie %s: HttpOnly=%v SameSite=%v Path=%q", c.Name, c.HttpOnly, c.SameSite, c.Path)
	}
}

// Point 1 of issue 16: a colleague on another PC opens the server by its
// address over plain HTTP, logs in and works.
func TestLoginOverPlainHTTPFromTheOfficeNetwork(t *testing.T) {
	e := webtest.New(t, "")
	b := newLANBrowser(t, e, "http://192.168.1.10:8080")
	_, page, _ := b.do("GET", "/login", nil)
	if !strings.Contains(page, unencryptedNotice) {
		t.Errorf("the login page over HTTP does not say the connection is not encrypted: %s", webtest.Text(page))
	}
	for _, c := range b.setCookies {
		checkAttrs(t, c, false) // the login form's CSRF cookie
	}
	session := b.login()
	checkAttrs(t, session, false)
	status, page, h := b.do("GET", "/desk", nil)
	if status != http.StatusOK || !strings.Contains(page, `name="csrf"`) {
		t.Fatalf("the desk after login over HTTP: %d %s %s", status, h.Get("Location"), webtest.Text(page))
	}
	// A form posts too.
	status, _, h = b.do("POST", "/logout", url.Values{"csrf": {webtest.CSRFInput.FindStringSubmatch(page)[1]}})
	if status != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Errorf("logout over HTTP: %d %s", status, h.Get("Location"))
	}
	if status, _, h = b.do("GET", "/desk", nil); status != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Errorf("the desk after logout: %d %s", status, h.Get("Location"))
	}
}

func TestLoginOverHTTPS(t *testing.T) {
	e := webtest.New(t, "")
	b := newLANBrowser(t, e, "https://tiepdan.example:8443")
	_, page, _ := b.do("GET", "/login", nil)
	if strings.Contains(page, unencryptedNotice) {
		t.Errorf("the login page over HTTPS says the connection is not encrypted")
	}
	for _, c := range b.setCookies {
		checkAttrs(t, c, true)
	}
	session := b.login()
	checkAttrs(t, session, true)
	if status, _, _ := b.do("GET", "/desk", nil); status != http.StatusOK {
		t.Fatalf("the desk after login over HTTPS: %d", status)
	}

	// The session cookie of HTTPS, carried over plain HTTP, opens nothing:
	// a request reads the cookie of its own scheme only.
	plain := newLANBrowser(t, e, "http://tiepdan.example:8080")
	plain.cookies[session.Name] = &http.Cookie{Name: session.Name, Value: session.Value}
	if status, _, h := plain.do("GET", "/desk", nil); status != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Errorf("a __Host- cookie over HTTP: %d %s", status, h.Get("Location"))
	}
	// Nor the other way round.
	b.cookies = map[string]*http.Cookie{"tiepdan": {Name: "tiepdan", Value: session.Value}}
	if status, _, h := b.do("GET", "/desk", nil); status != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Errorf("a plain cookie over HTTPS: %d %s", status, h.Get("Location"))
	}
}

// Behind a reverse proxy that serves HTTPS, X-Forwarded-Proto: https makes
// the cookies Secure when the proxy is trusted, and is ignored otherwise.
func TestForwardedProtoOnlyFromTrustedProxies(t *testing.T) {
	for _, tc := range []struct {
		name    string
		proxies []string
		https   bool
	}{
		{"untrusted", nil, false},
		{"another proxy", []string{"10.0.0.1"}, false},
		{"trusted", []string{"192.0.2.0/24"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := webtest.NewConfig(t, webtest.Units, func(c *web.Config) { c.TrustedProxies = tc.proxies })
			b := newLANBrowser(t, e, "http://tiepdan.example")
			b.headers["X-Forwarded-Proto"] = "https"
			b.proxied = true
			if tc.https {
				b.base = "https://tiepdan.example" // what the browser sees
			}
			_, page, _ := b.do("GET", "/login", nil)
			if strings.Contains(page, unencryptedNotice) == tc.https {
				t.Errorf("notice of an unencrypted connection shown=%v with https=%v", !tc.https, tc.https)
			}
			checkAttrs(t, b.login(), tc.https)
			if status, _, _ := b.do("GET", "/desk", nil); status != http.StatusOK {
				t.Errorf("the desk after login: %d", status)
			}
		})
	}
}
