package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/export"
	"github.com/tiepdan/tiepdan/report"
)

// These tests use a fake store, to make it fail or wait at will: the HTTP
// scenarios against SQLite, wired as cmd/tiepdan wires it (internal/webtest),
// are in package web_test beside them.

type fakeStore struct {
	exec    func(c cases.Command) (cases.Result, error)
	started chan struct{}
	release chan struct{}
}

func (f *fakeStore) Exec(ctx context.Context, c cases.Command, m cases.Meta) (cases.Result, error) {
	if f.exec != nil {
		return f.exec(c)
	}
	return cases.Result{Seq: 1, Op: c.Op, Ref: c.Key(), Changed: true}, nil
}

func (f *fakeStore) Petition(ctx context.Context, ref string) (*cases.Petition, error) {
	if f.started != nil {
		close(f.started)
		<-f.release
	}
	return nil, cases.Errorf(cases.ENotFound, "petition %s not found", ref)
}

func (f *fakeStore) History(ctx context.Context, ref string) ([]cases.Event, error) { return nil, nil }
func (f *fakeStore) Units(ctx context.Context) ([]cases.Unit, error)                { return nil, nil }
func (f *fakeStore) PetitionPage(ctx context.Context, fl cases.Filter) ([]*cases.Petition, int, error) {
	return nil, 0, nil
}
func (f *fakeStore) LastSeq(ctx context.Context) (int64, error) { return 1, nil }
func (f *fakeStore) ChangedSince(context.Context, int64, cases.Date, time.Time) (bool, error) {
	return false, nil
}
func (f *fakeStore) ChainAsOf(context.Context, time.Time) (report.Chain, error) {
	return report.Chain{}, nil
}

func (f *fakeStore) ReportStore(ctx context.Context, fn func(report.Store) error) error {
	panic("the report blew up")
}

// The rest of Store: a fake history with nothing beside it.

func (f *fakeStore) Petitions(context.Context, cases.Filter) ([]*cases.Petition, error) {
	return nil, nil
}
func (f *fakeStore) SessionsBetween(context.Context, cases.Date, cases.Date) ([]cases.Session, []cases.Visit, error) {
	return nil, nil, nil
}
func (f *fakeStore) ScheduleRecords(context.Context, cases.Date, cases.Date, cases.Date) (*cases.ScheduleRecords, error) {
	return &cases.ScheduleRecords{}, nil
}
func (f *fakeStore) UnitRecords(context.Context) ([]cases.UnitRecord, error) { return nil, nil }
func (f *fakeStore) ReceptionVisits(context.Context, cases.Date, cases.Date) (*export.Visits, error) {
	return &export.Visits{}, nil
}
func (f *fakeStore) SettingsVersion(context.Context) (int64, int64, error)         { return 0, 0, nil }
func (f *fakeStore) CalendarEdits(context.Context) ([]cases.CalendarEdit, error)   { return nil, nil }
func (f *fakeStore) ReceptionEdits(context.Context) ([]cases.ReceptionEdit, error) { return nil, nil }
func (f *fakeStore) AddCalendarEdits(_ context.Context, edits []cases.CalendarEdit) ([]cases.CalendarEdit, error) {
	return nil, errors.New("the fake store keeps no edits")
}
func (f *fakeStore) AddReceptionPlan(context.Context, cases.ReceptionEdit, int64) (cases.ReceptionEdit, error) {
	return cases.ReceptionEdit{}, errors.New("the fake store keeps no edits")
}

type fakeAccounts struct{ user cases.User }

func (f *fakeAccounts) User(ctx context.Context, name string) (cases.User, error) {
	if name != f.user.Name {
		return cases.User{}, cases.Errorf(cases.ENotFound, "no user %s", name)
	}
	return f.user, nil
}

func (f *fakeAccounts) TokenUser(ctx context.Context, digest string) (cases.User, error) {
	if digest != TokenDigest("good") {
		return cases.User{}, cases.Errorf(cases.ENotFound, "no such token")
	}
	return f.user, nil
}

func (f *fakeAccounts) AccountsVersion(context.Context) (int64, error) { return 0, nil }

func (f *fakeAccounts) AddLogin(ctx context.Context, digest, user, csrf string, now, expires time.Time) error {
	return nil
}

func (f *fakeAccounts) LoginUser(ctx context.Context, digest string, now time.Time) (cases.User, string, error) {
	return cases.User{}, "", cases.Errorf(cases.ENotFound, "no such session")
}

func (f *fakeAccounts) DeleteLogin(ctx context.Context, digest string) error     { return nil }
func (f *fakeAccounts) LogAccess(ctx context.Context, rows []cases.Access) error { return nil }
func (f *fakeAccounts) AccessLog(ctx context.Context, fl cases.AccessFilter) ([]cases.Access, error) {
	return nil, nil
}
func (f *fakeAccounts) Users(context.Context) ([]cases.User, error) { return []cases.User{f.user}, nil }
func (f *fakeAccounts) AddUser(context.Context, cases.User) error {
	return errors.New("the fake accounts add no user")
}
func (f *fakeAccounts) SetUserDisabled(context.Context, string, bool) error {
	return errors.New("the fake accounts disable no user")
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newTestServer(t *testing.T, store *fakeStore) (*Server, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	s, err := New(Config{Store: store, Accounts: &fakeAccounts{user: cases.User{Name: "leader1", Role: cases.RoleLeader}},
		Logger: slog.New(slog.NewJSONHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s, logs
}

func do(s *Server, method, path, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer good")
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	return w
}

func TestInternalErrorsKeepTheirText(t *testing.T) {
	store := &fakeStore{exec: func(c cases.Command) (cases.Result, error) {
		return cases.Result{}, errors.New("disk I/O error at /var/lib/secret.db")
	}}
	s, logs := newTestServer(t, store)
	w := do(s, "POST", "/api/v1/commands", `{"op":"session","ref":"S-1","kind":"adhoc","date":"2023-01-05","presided_by":"Chủ tịch"}`)
	if w.Code != 500 || strings.Contains(w.Body.String(), "secret.db") ||
		!strings.Contains(w.Body.String(), `"code":"internal","message":"internal error"`) {
		t.Errorf("internal error: %d %s", w.Code, w.Body)
	}
	if !strings.Contains(logs.String(), "secret.db") {
		t.Errorf("the log lacks the internal error: %s", logs)
	}

	// A panic is an internal error too.
	w = do(s, "GET", "/api/v1/reports/section6?period=2023-H1", "")
	if w.Code != 500 || strings.Contains(w.Body.String(), "blew up") {
		t.Errorf("panic: %d %s", w.Code, w.Body)
	}
	if !strings.Contains(logs.String(), "the report blew up") {
		t.Errorf("the log lacks the panic")
	}

	for path, want := range map[string]int{"/api/v1/nothing": 404, "/nothing": 404} {
		if w := do(s, "GET", path, ""); w.Code != want {
			t.Errorf("%s: %d", path, w.Code)
		}
	}
	if w := do(s, "DELETE", "/api/v1/commands", ""); w.Code != 405 || !strings.Contains(w.Body.String(), "method_not_allowed") {
		t.Errorf("DELETE /api/v1/commands: %d %s", w.Code, w.Body)
	}
}

// TestGracefulShutdown cancels Serve's context while a request is under way:
// the request completes and Serve returns without error.
func TestGracefulShutdown(t *testing.T) {
	store := &fakeStore{started: make(chan struct{}), release: make(chan struct{})}
	s, _ := newTestServer(t, store)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()

	status := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/api/v1/petitions/P-1", nil)
		req.Header.Set("Authorization", "Bearer good")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			status <- 0
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	<-store.started
	cancel()
	time.Sleep(50 * time.Millisecond)
	close(store.release)
	if got := <-status; got != http.StatusNotFound {
		t.Errorf("the request under way at shutdown: %d, want its answer (404)", got)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
	if _, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		t.Error("still accepting after shutdown")
	}
}

func TestPasswords(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %s", h)
	}
	if !checkPassword(h, "correct horse battery") || checkPassword(h, "correct horse batterY") {
		t.Error("checkPassword")
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=0,t=2,p=1$AAAA$AAAA", "$bcrypt$x", h[:len(h)-4]} {
		if checkPassword(bad, "correct horse battery") {
			t.Errorf("%q matched", bad)
		}
	}
	if _, err := HashPassword("short"); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("a short password: %v", err)
	}
}

func TestTokens(t *testing.T) {
	a, da, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := NewToken()
	if a == b || !strings.HasPrefix(a, tokenPrefix) || len(a)-len(tokenPrefix) < 43 {
		t.Errorf("tokens %q, %q: want 256 random bits each", a, b)
	}
	if da != TokenDigest(a) || len(da) != 64 || strings.Contains(da, a) {
		t.Errorf("digest %q", da)
	}
}

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	th := newThrottle(func() time.Time { return now })
	name, ip := throttleKey{"user", "rec"}, throttleKey{"ip", "10.0.0.1"}
	for range 5 {
		if th.wait(name, ip) != 0 {
			t.Fatal("locked before the free failures are used")
		}
		th.fail(name, ip)
	}
	if th.wait(name, ip) != 0 {
		t.Fatal("locked after 5 failures")
	}
	th.fail(name, ip)
	if w := th.wait(name, ip); w != 30*time.Second {
		t.Fatalf("after 6 failures: wait %s, want 30s", w)
	}
	th.fail(name, ip)
	if w := th.wait(name); w != time.Minute {
		t.Fatalf("after 7 failures: wait %s, want 1m", w)
	}
	for range 20 {
		th.fail(name)
	}
	if w := th.wait(name); w != throttleMax {
		t.Fatalf("after many failures: wait %s, want %s", w, throttleMax)
	}
	// Another name from the same address is not locked yet (the address
	// has 20 free failures: an office shares one).
	if th.wait(throttleKey{"user", "rec2"}, ip) != 0 {
		t.Error("another user locked by the first one's failures")
	}
	now = now.Add(throttleMax)
	th.succeed(name)
	if th.wait(name) != 0 {
		t.Error("still locked after a success")
	}
}
