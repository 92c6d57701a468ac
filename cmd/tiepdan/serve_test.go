package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/web"
	"github.com/tiepdan/tiepdan/workflow"
)

// The tests of `tiepdan serve` run the server as cmd wires it (the group
// committer as the store, the database as the accounts, over SQLite with the
// workflow) behind httptest's TLS server, so
// that Secure cookies travel as in a browser.

const servePassword = "mật khẩu đủ dài"

var servePasswordHash = sync.OnceValue(func() string {
	h, err := web.HashPassword(servePassword)
	if err != nil {
		panic(err)
	}
	return h
})

// serveUsers are the accounts of every test: one of each role, a second
// reception officer and the head of another unit.
var serveUsers = []cases.User{
	{Name: "rec", Role: "reception"},
	{Name: "rec2", Role: "reception"},
	{Name: "head", Role: "head", Unit: "tnmt"},
	{Name: "head-ld", Role: "head", Unit: "ld"},
	{Name: "leader", Role: "leader"},
	{Name: "reporter", Role: "reporter"},
	{Name: "admin", Role: "admin"},
}

const serveUnits = `{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own","lower_label":"UBND các xã, thị trấn"}
{"op":"unit","ref":"tnmt","name":"Phòng Tài nguyên và Môi trường","kind":"department","parent":"own"}
{"op":"unit","ref":"ld","name":"Phòng Lao động - Thương binh và Xã hội","kind":"department","parent":"own"}
{"op":"unit","ref":"xa1","name":"UBND xã Phước Hòa","kind":"lower","parent":"own"}
`

type serveEnv struct {
	t      *testing.T
	db     *storage.DB
	path   string // the database's file, for the command line
	ts     *httptest.Server
	logs   *syncBuffer
	tokens map[string]string
	mu     sync.Mutex
	bodies map[string]*bytes.Buffer // every response body, by the user who read it
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// newServeEnv opens a fresh store with the units, the test users and a
// token each, imports history (recorded as "import") and starts the server.
func newServeEnv(t *testing.T, history string) *serveEnv {
	t.Helper()
	return newServeEnvWith(t, serveUnits+history)
}

// newServeEnvWith is newServeEnv without the units.
func newServeEnvWith(t *testing.T, history string) *serveEnv {
	t.Helper()
	return newServeEnvConfig(t, history, nil)
}

// newServeEnvConfig is newServeEnvWith with the server's configuration
// changed by configure.
func newServeEnvConfig(t *testing.T, history string, configure func(*web.Config)) *serveEnv {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := storage.Open(ctx, path, workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return fixedNow }
	for i, line := range strings.Split(strings.TrimSpace(history), "\n") {
		if line == "" {
			continue
		}
		c, err := cases.DecodeCommand([]byte(line))
		if err != nil {
			t.Fatalf("history line %d: %v", i+1, err)
		}
		if _, err := db.Exec(ctx, c, cases.Meta{Now: fixedNow, User: "import"}); err != nil {
			t.Fatalf("history line %d: %s: %v", i+1, line, err)
		}
	}
	e := &serveEnv{t: t, db: db, path: path, logs: &syncBuffer{}, tokens: map[string]string{}, bodies: map[string]*bytes.Buffer{}}
	for _, u := range serveUsers {
		e.addUser(u)
	}
	writer := db.GroupCommit(64)
	t.Cleanup(writer.Close)
	cfg := web.Config{Store: writer, Accounts: db,
		Logger: slog.New(slog.NewJSONHandler(e.logs, nil)), Now: func() time.Time { return fixedNow }}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.ts = httptest.NewTLSServer(srv.Handler())
	t.Cleanup(e.ts.Close)
	return e
}

// addUser adds an account with the test password and a token for the API.
func (e *serveEnv) addUser(u cases.User) {
	e.t.Helper()
	ctx := context.Background()
	u.PasswordHash, u.Created = servePasswordHash(), fixedNow
	if err := e.db.AddUser(ctx, u); err != nil {
		e.t.Fatal(err)
	}
	token, digest, err := web.NewToken()
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.db.AddToken(ctx, u.Name, digest, "test", fixedNow); err != nil {
		e.t.Fatal(err)
	}
	e.tokens[u.Name] = token
}

func (e *serveEnv) record(user string, body []byte) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.bodies[user] == nil {
		e.bodies[user] = &bytes.Buffer{}
	}
	e.bodies[user].Write(body)
	e.bodies[user].WriteByte('\n')
}

// api sends an API request as user ("" for none) and returns the status and
// body.
func (e *serveEnv) api(user, method, path, body string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	e.record(user, b)
	return resp.StatusCode, string(b)
}

// mustAPI is api that fails the test on an unexpected status.
func (e *serveEnv) mustAPI(want int, user, method, path, body string) string {
	e.t.Helper()
	status, b := e.api(user, method, path, body)
	if status != want {
		e.t.Fatalf("%s %s %s as %s: status %d, want %d: %s", method, path, body, user, status, want, b)
	}
	return b
}

// browser is a logged-in page session.
type browser struct {
	e    *serveEnv
	user string
	c    *http.Client
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (e *serveEnv) browser(user string) *browser {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := new(http.Client)
	*c = *e.ts.Client() // the server's client is shared: each browser its own copy with its own cookies
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{e: e, user: user, c: c}
}

func (b *browser) do(method, path string, form url.Values) (int, string, http.Header) {
	b.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.e.ts.URL+path, body)
	if err != nil {
		b.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	b.e.record(b.user, out)
	return resp.StatusCode, string(out), resp.Header
}

// login logs the browser in with the test password.
func (b *browser) login() *browser {
	b.e.t.Helper()
	status, page, _ := b.do("GET", "/login", nil)
	m := csrfInput.FindStringSubmatch(page)
	if status != 200 || m == nil {
		b.e.t.Fatalf("login page: %d %s", status, page)
	}
	status, page, h := b.do("POST", "/login", url.Values{"csrf": {m[1]}, "name": {b.user}, "password": {servePassword}})
	if status != http.StatusSeeOther || h.Get("Location") != "/" {
		b.e.t.Fatalf("login as %s: %d %s", b.user, status, page)
	}
	return b
}

// csrf reads the session's CSRF token from a page.
func (b *browser) csrf() string {
	b.e.t.Helper()
	_, page, _ := b.do("GET", "/petitions", nil)
	if m := csrfInput.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	_, page, _ = b.do("GET", "/reports", nil)
	if m := csrfInput.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	b.e.t.Fatalf("no CSRF token on the pages of %s", b.user)
	return ""
}

func decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return v
}

type errorJSON struct {
	Error struct {
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Field   string   `json:"field"`
		State   string   `json:"state"`
		Allowed []string `json:"allowed"`
	} `json:"error"`
}
