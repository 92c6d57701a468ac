package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/pgtest"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// What one instance of the server keeps in memory is never stale at the
// next request after a write through another (issue 19): the token cache
// (web/auth.go, kept under the accounts' version), the writer's cache of
// petitions (storage/petitioncache.go, kept under the chain head), the
// report's figures (web/api_reports.go, kept while nothing recorded since
// can change them). Each is warmed on instance B, then changed through
// instance A or the command line, and B's very next request must see it.

// TestCachesAcrossTwoServersOnPostgres runs it on PostgreSQL
// (TIEPDAN_TEST_POSTGRES).
func TestCachesAcrossTwoServersOnPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	cachesAcrossServers(t, pgtest.URL(t))
}

// TestCachesAcrossTwoServersOnOneSQLiteFile runs it on one SQLite file.
func TestCachesAcrossTwoServersOnOneSQLiteFile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	cachesAcrossServers(t, filepath.Join(t.TempDir(), "two.db"))
}

// badge is the state a petition's page shows.
var badge = regexp.MustCompile(`<span class="badge">([^<]*)</span>`)

func cachesAcrossServers(t *testing.T, db string) {
	if code, _, stderr := run(t, webtest.Units, "--db", db, "import", "-"); code != exitOK {
		t.Fatalf("setup: %s", stderr)
	}
	for _, u := range [][2]string{{"lanhdao", "leader"}, {"tiep", "reception"}, {"quantri", "admin"}} {
		if code, _, stderr := run(t, webtest.Password+"\n", "--db", db, "user", "add", u[0], "--role", u[1]); code != exitOK {
			t.Fatalf("user add %s: %s", u[0], stderr)
		}
	}
	token := func(user string) string {
		t.Helper()
		code, out, stderr := run(t, "", "--db", db, "token", "create", user)
		if code != exitOK {
			t.Fatalf("token create %s: %s", user, stderr)
		}
		return strings.TrimSpace(out)
	}
	revoked, leader, desk := token("lanhdao"), token("lanhdao"), token("tiep")
	a, b := startCrashServer(t, db), startCrashServer(t, db)

	api := func(s *crashServer, token, method, path, body string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, s.base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(out)
	}
	must := func(want int, s *crashServer, token, method, path, body string) string {
		t.Helper()
		status, out := api(s, token, method, path, body)
		if status != want {
			t.Fatalf("%s %s: %d, want %d: %s", method, path, status, want, out)
		}
		return out
	}
	browser := func(s *crashServer, user string) func(method, path string, form url.Values) (int, string) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		do := func(method, path string, form url.Values) (int, string) {
			t.Helper()
			var body io.Reader
			if form != nil {
				body = strings.NewReader(form.Encode())
			}
			req, _ := http.NewRequest(method, s.base+path, body)
			if form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			out, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(out)
		}
		_, page := do("GET", "/login", nil)
		m := webtest.CSRFInput.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("the login page: %.500s", page)
		}
		if status, page := do("POST", "/login", url.Values{"csrf": {m[1]}, "name": {user}, "password": {webtest.Password}}); status != http.StatusSeeOther {
			t.Fatalf("%s logs in: %d %.500s", user, status, page)
		}
		return do
	}
	state := func(page string) string {
		if m := badge.FindStringSubmatch(page); m != nil {
			return m[1]
		}
		return "no state on the page"
	}
	const report = "/api/v1/reports/section6?period=2024-Q1"
	figures := func(body string) string {
		t.Helper()
		var f map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &f); err != nil {
			t.Fatalf("the report: %v: %s", err, body)
		}
		delete(f, "chain") // the head moves with every event
		out, _ := json.Marshal(f)
		return string(out)
	}
	listed := func(s *crashServer, st string) bool {
		t.Helper()
		var l struct {
			Petitions []struct{ Ref string } `json:"petitions"`
		}
		if err := json.Unmarshal([]byte(must(http.StatusOK, s, leader, "GET", "/api/v1/petitions?state="+st, "")), &l); err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(l.Petitions, func(p struct{ Ref string }) bool { return p.Ref == "S-0" })
	}

	// B learns everything first: the three tokens' users, a petition it
	// records itself (its writer's cache holds it), its page, the lists
	// and the quarter's figures.
	for _, tok := range []string{revoked, leader, desk} {
		must(http.StatusOK, b, tok, "GET", "/api/v1/me", "")
		must(http.StatusOK, a, tok, "GET", "/api/v1/me", "")
	}
	must(http.StatusCreated, b, desk, "POST", "/api/v1/commands",
		`{"op":"petition","ref":"S-0","received_at":"2024-03-04T07:30:00+07:00","channel":"reception","petitioner":{"name":"Lê Văn Chung"},"summary":"Khiếu nại việc thu hồi đất"}`)
	pageB := browser(b, "lanhdao")
	if status, page := pageB("GET", "/petitions/S-0", nil); status != http.StatusOK || state(page) != "Mới tiếp nhận" {
		t.Fatalf("S-0's page on B: %d %s", status, state(page))
	}
	if !listed(b, "received") || listed(b, "classified") {
		t.Fatalf("B does not list S-0 as received")
	}
	before := figures(must(http.StatusOK, b, leader, "GET", report, ""))

	// Through A: S-0 classified. B sees it at its next request.
	must(http.StatusCreated, a, leader, "POST", "/api/v1/commands",
		`{"op":"classify","petition":"S-0","at":"2024-03-04T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`)
	if out := must(http.StatusOK, b, leader, "GET", "/api/v1/petitions/S-0", ""); !strings.Contains(out, `"state":"classified"`) {
		t.Errorf("S-0 on B's API after A classified it: %s", out)
	}
	if status, page := pageB("GET", "/petitions/S-0", nil); status != http.StatusOK || state(page) != "Đã phân loại" {
		t.Errorf("S-0's page on B after A classified it: %d %s", status, state(page))
	}
	if listed(b, "received") || !listed(b, "classified") {
		t.Errorf("B's list after A classified S-0: not listed as classified")
	}
	afterB := figures(must(http.StatusOK, b, leader, "GET", report, ""))
	if afterB == before {
		t.Errorf("B's report of 2024-Q1 after A classified S-0 as a complaint is the one before")
	}
	if afterA := figures(must(http.StatusOK, a, leader, "GET", report, "")); afterB != afterA {
		t.Errorf("the report of 2024-Q1: B's\n%s\nA's\n%s", afterB, afterA)
	}
	// B's writer, which recorded S-0 as received, acts on it as classified.
	must(http.StatusCreated, b, leader, "POST", "/api/v1/commands",
		`{"op":"route","petition":"S-0","at":"2024-03-04T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}`)

	// A token revoked (the command line: no page revokes one) is refused
	// by both at their next request; another token of the same user is not.
	code, out, stderr := run(t, "", "--db", db, "token", "list", "lanhdao")
	if code != exitOK {
		t.Fatalf("token list: %s", stderr)
	}
	first := strings.Fields(strings.Split(out, "\n")[1])[0]
	if code, _, stderr := run(t, "", "--db", db, "token", "revoke", first); code != exitOK {
		t.Fatalf("token revoke: %s", stderr)
	}
	// Its first request a command, through B whose token cache held it:
	// refused, and nothing recorded.
	newPetition := func(ref string) string {
		return `{"op":"petition","ref":"` + ref + `","received_at":"2024-03-05T07:30:00+07:00","channel":"reception","petitioner":{"name":"Lê Văn Chung"},"summary":"Khiếu nại"}`
	}
	if status, out := api(b, revoked, "POST", "/api/v1/commands", newPetition("S-9")); status != http.StatusUnauthorized {
		t.Errorf("a command with a revoked token, on B: %d, want 401: %s", status, out)
	}
	must(http.StatusNotFound, a, leader, "GET", "/api/v1/petitions/S-9", "")
	for _, s := range []*crashServer{b, a} {
		if status, out := api(s, revoked, "GET", "/api/v1/me", ""); status != http.StatusUnauthorized {
			t.Errorf("a revoked token: %d, want 401: %s", status, out)
		}
	}
	must(http.StatusOK, b, leader, "GET", "/api/v1/me", "")

	// An account disabled on A's admin page: its token is refused by B.
	pageA := browser(a, "quantri")
	_, page := pageA("GET", "/admin", nil)
	m := webtest.CSRFInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the admin page on A: %.500s", page)
	}
	if status, page := pageA("POST", "/admin/users/tiep/disable", url.Values{"csrf": {m[1]}}); status != http.StatusSeeOther {
		t.Fatalf("disable tiep on A: %d %.500s", status, page)
	}
	if status, out := api(b, desk, "POST", "/api/v1/commands", newPetition("S-8")); status != http.StatusUnauthorized {
		t.Errorf("a command with the token of an account disabled on A, on B: %d, want 401: %s", status, out)
	}
	must(http.StatusNotFound, a, leader, "GET", "/api/v1/petitions/S-8", "")
	if status, out := api(b, desk, "GET", "/api/v1/me", ""); status != http.StatusUnauthorized {
		t.Errorf("the token of an account disabled on A, on B: %d, want 401: %s", status, out)
	}

	// A new password (user passwd) revokes the account's tokens and ends
	// its page sessions: B refuses both at once.
	if code, _, stderr := run(t, "un mật khẩu mới hẳn\n", "--db", db, "user", "passwd", "lanhdao"); code != exitOK {
		t.Fatalf("user passwd: %s", stderr)
	}
	if status, out := api(b, leader, "GET", "/api/v1/me", ""); status != http.StatusUnauthorized {
		t.Errorf("a token of before the new password, on B: %d, want 401: %s", status, out)
	}
	if status, _ := pageB("GET", "/petitions/S-0", nil); status != http.StatusSeeOther {
		t.Errorf("a page session of before the new password, on B: %d, want a redirect to the login", status)
	}
	a.stop(t)
	b.stop(t)
}
