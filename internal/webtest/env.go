package webtest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/web"
	"github.com/tiepdan/tiepdan/workflow"
)

// Env is a server on a fresh database, with the test accounts and a token
// each. Every response body is kept by the user who read it (Bodies), so
// that a test can look for what a user should never have read.
type Env struct {
	t    *testing.T
	DB   *storage.DB
	Path string // the database's file, for the command line
	// KeyFile is the secrets key file the database is opened with
	// (--secrets-key): every test on an Env reads and writes identities
	// encrypted at rest.
	KeyFile string
	TS      *httptest.Server
	Logs    *SyncBuffer       // the request log, as JSON lines
	Tokens  map[string]string // each user's API token
	mu      sync.Mutex
	Bodies  map[string]*bytes.Buffer // every response body, by the user who read it
}

// New opens a fresh store with Units, Users and a token each, imports
// history (recorded as "import") and starts the server.
func New(t *testing.T, history string) *Env {
	t.Helper()
	return NewWith(t, Units+history)
}

// NewWith is New without the units.
func NewWith(t *testing.T, history string) *Env {
	t.Helper()
	return NewConfig(t, history, nil)
}

// NewConfig is NewWith with the server's configuration changed by
// configure.
func NewConfig(t *testing.T, history string, configure func(*web.Config)) *Env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path, keyFile := filepath.Join(dir, "t.db"), filepath.Join(dir, "secrets.key")
	key := storage.NewSecretsKeyFile()
	if err := os.WriteFile(keyFile, key, 0o600); err != nil {
		t.Fatal(err)
	}
	secrets, err := storage.ParseSecrets(key)
	if err != nil {
		t.Fatal(err)
	}
	db, err := storage.OpenWith(ctx, path, workflow.Decide, storage.OpenOptions{Secrets: secrets})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return Now }
	for i, line := range strings.Split(strings.TrimSpace(history), "\n") {
		if line == "" {
			continue
		}
		c, err := cases.DecodeCommand([]byte(line))
		if err != nil {
			t.Fatalf("history line %d: %v", i+1, err)
		}
		if _, err := db.Exec(ctx, c, cases.Meta{Now: Now, User: "import"}); err != nil {
			t.Fatalf("history line %d: %s: %v", i+1, line, err)
		}
	}
	e := &Env{t: t, DB: db, Path: path, KeyFile: keyFile, Logs: &SyncBuffer{}, Tokens: map[string]string{}, Bodies: map[string]*bytes.Buffer{}}
	for _, u := range Users {
		e.AddUser(u)
	}
	writer := db.GroupCommit(64)
	t.Cleanup(writer.Close)
	cfg := web.Config{Store: writer, Accounts: db,
		Logger: slog.New(slog.NewJSONHandler(e.Logs, nil)), Now: func() time.Time { return Now }}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.TS = httptest.NewTLSServer(srv.Handler())
	t.Cleanup(e.TS.Close)
	return e
}

// AddUser adds an account with Password and a token for the API.
func (e *Env) AddUser(u cases.User) {
	e.t.Helper()
	ctx := context.Background()
	u.PasswordHash, u.Created = passwordHash(), Now
	if err := e.DB.AddUser(ctx, u); err != nil {
		e.t.Fatal(err)
	}
	token, digest, err := web.NewToken()
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.DB.AddToken(ctx, u.Name, digest, "test", Now); err != nil {
		e.t.Fatal(err)
	}
	e.Tokens[u.Name] = token
}

func (e *Env) record(user string, body []byte) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.Bodies[user] == nil {
		e.Bodies[user] = &bytes.Buffer{}
	}
	e.Bodies[user].Write(body)
	e.Bodies[user].WriteByte('\n')
}

// API sends an API request as user ("" for none) and returns the status and
// body.
func (e *Env) API(user, method, path, body string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.TS.URL+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.Tokens[user])
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := e.TS.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	e.record(user, b)
	return resp.StatusCode, string(b)
}

// MustAPI is API that fails the test on an unexpected status.
func (e *Env) MustAPI(want int, user, method, path, body string) string {
	e.t.Helper()
	status, b := e.API(user, method, path, body)
	if status != want {
		e.t.Fatalf("%s %s %s as %s: status %d, want %d: %s", method, path, body, user, status, want, b)
	}
	return b
}

// GetFile sends a GET with user's token (or none) and returns the status,
// the headers and the body.
func (e *Env) GetFile(user, path string) (int, http.Header, []byte) {
	e.t.Helper()
	req, err := http.NewRequest("GET", e.TS.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.Tokens[user])
	}
	resp, err := e.TS.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// Browser is a page session: its own cookies, redirects not followed.
type Browser struct {
	e      *Env
	User   string
	Client *http.Client
}

// Browser returns a new page session of user, not logged in.
func (e *Env) Browser(user string) *Browser {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := new(http.Client)
	*c = *e.TS.Client() // the server's client is shared: each browser its own copy with its own cookies
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Browser{e: e, User: user, Client: c}
}

// Do sends a request, a form when form is not nil, and returns the status,
// the body and the headers.
func (b *Browser) Do(method, path string, form url.Values) (int, string, http.Header) {
	b.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.e.TS.URL+path, body)
	if err != nil {
		b.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.Client.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	b.e.record(b.User, out)
	return resp.StatusCode, string(out), resp.Header
}

// Login logs the browser in with Password.
func (b *Browser) Login() *Browser {
	b.e.t.Helper()
	status, page, _ := b.Do("GET", "/login", nil)
	m := CSRFInput.FindStringSubmatch(page)
	if status != 200 || m == nil {
		b.e.t.Fatalf("login page: %d %s", status, page)
	}
	status, page, h := b.Do("POST", "/login", url.Values{"csrf": {m[1]}, "name": {b.User}, "password": {Password}})
	if status != http.StatusSeeOther || h.Get("Location") != "/" {
		b.e.t.Fatalf("login as %s: %d %s", b.User, status, page)
	}
	return b
}

// CSRF reads the session's CSRF token from a page.
func (b *Browser) CSRF() string {
	b.e.t.Helper()
	_, page, _ := b.Do("GET", "/petitions", nil)
	if m := CSRFInput.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	_, page, _ = b.Do("GET", "/reports", nil)
	if m := CSRFInput.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	b.e.t.Fatalf("no CSRF token on the pages of %s", b.User)
	return ""
}
