package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"golang.org/x/crypto/argon2"
)

// Passwords are hashed with argon2id at the parameters OWASP recommends
// (19 MiB, 2 passes, 1 lane): slow on purpose, and paid at login only. API
// requests carry tokens, which need no slow hash (see NewToken).
var argonParams = struct {
	time, memory uint32
	threads      uint8
	saltLen      int
	keyLen       uint32
}{time: 2, memory: 19 * 1024, threads: 1, saltLen: 16, keyLen: 32}

// Password length limits, in bytes for the upper one.
const (
	MinPasswordLen = 10
	maxPasswordLen = 1024
)

// CheckPasswordPolicy refuses a password too short or too long to be hashed.
func CheckPasswordPolicy(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return cases.FieldErrorf("password", "must have at least %d characters", MinPasswordLen)
	}
	if len(pw) > maxPasswordLen {
		return cases.FieldErrorf("password", "must be at most %d bytes", maxPasswordLen)
	}
	return nil
}

// HashPassword hashes a password with argon2id and a random salt, in the PHC
// string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
func HashPassword(pw string) (string, error) {
	if err := CheckPasswordPolicy(pw); err != nil {
		return "", err
	}
	salt := make([]byte, argonParams.saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	p := argonParams
	key := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, p.keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// checkPassword reports whether pw matches a hash made by HashPassword, in
// constant time. A malformed hash matches nothing.
func checkPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || len(pw) > maxPasswordLen {
		return false
	}
	var version int
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil ||
		memory == 0 || memory > 1<<20 || time == 0 || time > 16 || threads == 0 {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when a login names no user, so that a wrong
// name costs as long as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("no user has this password")
	return h
})

// tokenPrefix marks tiepdan's tokens, so that a leaked one is recognisable.
const tokenPrefix = "tdn_"

// NewToken returns a new random bearer token of 256 bits and the digest the
// store keeps of it. A token is a random key, not a password: SHA-256 is
// enough to keep a stolen database from yielding usable tokens, and it costs
// nothing per request (a slow password hash would slow every API call).
func NewToken() (token, digest string, err error) {
	token, err = randomString(32)
	if err != nil {
		return "", "", err
	}
	token = tokenPrefix + token
	return token, TokenDigest(token), nil
}

// TokenDigest is the hex SHA-256 of a token or session cookie.
func TokenDigest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func randomString(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Context keys.
const (
	userKey = "tiepdan.user"
	csrfKey = "tiepdan.csrf"
)

// userOf is the authenticated user of the request.
func userOf(c *gin.Context) *User {
	u, _ := c.Get(userKey)
	return u.(*User)
}

func (s *Server) setUser(c *gin.Context, u *User) {
	c.Set(userKey, u)
	c.Set(logUser, u.Name)
	// The one place an account's committee limits what it reads: every
	// read of the store in this request carries it (cases.ScopeOf).
	c.Request = c.Request.WithContext(cases.WithScope(c.Request.Context(), u.committees))
}

// withScope is the user of an account read from the accounts, with its
// scope when it is a head (unitScope, from the units' records), before any
// request uses it or the token cache keeps it.
func (s *Server) withScope(ctx context.Context, a cases.User) (*User, error) {
	u := &User{User: a}
	recs, err := s.cfg.Store.UnitRecords(ctx)
	if err != nil {
		return nil, err
	}
	units := make([]cases.Unit, len(recs))
	for i, r := range recs {
		units[i] = r.Unit
	}
	s.committeeScope(u, units)
	if u.Role != cases.RoleHead || u.Unit == "" {
		return u, nil
	}
	u.scope = unitScope(recs, u.Unit)
	u.UnitName = cases.NamesOf(units).Name(u.Unit)
	return u, nil
}

// requireToken authenticates an API request by its bearer token.
func (s *Server) requireToken(c *gin.Context) {
	// API answers carry personal data: no cache keeps them.
	c.Header("Cache-Control", "no-store")
	c.Header("X-Content-Type-Options", "nosniff")
	token := bearerToken(c)
	if token == "" {
		c.Header("WWW-Authenticate", `Bearer realm="tiepdan"`)
		s.abortJSON(c, webError(eUnauthenticated, "a bearer token is required (Authorization: Bearer …)"))
		return
	}
	if c.Request.Method == http.MethodPost && c.FullPath() == commandsPath {
		// A command's store checks the accounts' version itself, as its
		// write begins (cases.Meta.Accounts): the token's user is taken
		// from the cache without reading it (postCommand).
		if u, version, ok := s.cachedTokenUser(token); ok {
			c.Set(accountsKey, version)
			s.setUser(c, u)
			return
		}
	}
	u, _, err := s.tokenUser(c.Request.Context(), token)
	if err != nil {
		s.abortToken(c, err)
		return
	}
	s.setUser(c, u)
}

// bearerToken is the request's bearer token, "" when it has none.
func bearerToken(c *gin.Context) string {
	scheme, token, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// abortToken answers a request whose token was not found, or could not be
// looked up.
func (s *Server) abortToken(c *gin.Context, err error) {
	if cases.ErrorCode(err) == cases.ENotFound {
		c.Header("WWW-Authenticate", `Bearer realm="tiepdan", error="invalid_token"`)
		err = webError(eUnauthenticated, "the token is unknown, revoked, or its user disabled")
	}
	s.abortJSON(c, err)
}

// accountsKey holds, in a command's request whose user came from the token
// cache unchecked, the accounts' version the cache holds it at.
const accountsKey = "tiepdan.accounts"

// cachedTokenUser is the user of token if the cache has it, with the
// accounts' version it was found at, without reading the version now.
func (s *Server) cachedTokenUser(token string) (*User, int64, bool) {
	digest := TokenDigest(token)
	s.tokens.Lock()
	defer s.tokens.Unlock()
	u, ok := s.tokens.m[digest]
	return u, s.tokens.version, ok
}

// tokenUser looks a token up, through a cache of the users found, kept
// while the accounts' version (Accounts.AccountsVersion) stands still: it
// is read at every request (a command's store reads it instead,
// requireToken), and any change to an account, a token or a unit, made by
// this server, another instance or the command line, empties the cache
// before the next request uses it. It returns the version read.
func (s *Server) tokenUser(ctx context.Context, token string) (*User, int64, error) {
	digest := TokenDigest(token)
	version, err := s.cfg.Accounts.AccountsVersion(ctx)
	if err != nil {
		return nil, 0, err
	}
	s.tokens.Lock()
	if s.tokens.version != version {
		clear(s.tokens.m)
		s.tokens.version = version
	}
	u, ok := s.tokens.m[digest]
	s.tokens.Unlock()
	if ok {
		return u, version, nil
	}
	// Read after the version: what is read is at least as new as it.
	a, err := s.cfg.Accounts.TokenUser(ctx, digest)
	if err != nil {
		return nil, 0, err
	}
	if u, err = s.withScope(ctx, a); err != nil {
		return nil, 0, err
	}
	s.tokens.Lock()
	if s.tokens.version == version {
		if len(s.tokens.m) >= maxCachedTokens {
			clear(s.tokens.m)
		}
		s.tokens.m[digest] = u
	}
	s.tokens.Unlock()
	return u, version, nil
}

const maxCachedTokens = 10000

// Page sessions. The page cookies follow the scheme of the request
// (Server.isHTTPS): over HTTPS they are Secure and carry the __Host- prefix,
// which pins them to this host and path /; over plain HTTP (an office
// network without TLS) they are the same cookies without either, which a
// browser would otherwise drop on any address but localhost. A request reads
// only the cookie of its own scheme.
const (
	sessionCookie   = "tiepdan"
	loginCSRFCookie = "tiepdan-login"
	securePrefix    = "__Host-"
	csrfField       = "csrf"
)

// cookieName is the name of the page cookie base for the request's scheme.
func (s *Server) cookieName(c *gin.Context, base string) string {
	if s.isHTTPS(c) {
		return securePrefix + base
	}
	return base
}

func (s *Server) sessionCookieName(c *gin.Context) string { return s.cookieName(c, sessionCookie) }

func (s *Server) loginCookieName(c *gin.Context) string { return s.cookieName(c, loginCSRFCookie) }

// setCookie sets a cookie that scripts cannot read (HttpOnly), that is sent
// over TLS only when the request came over TLS (Secure, see the names
// above), and that cross-site requests do not carry except top-level
// navigations (SameSite=Lax): the CSRF token guards every form besides.
func (s *Server) setCookie(c *gin.Context, name, value string, maxAge time.Duration) {
	ck := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: s.isHTTPS(c),
		SameSite: http.SameSiteLaxMode, MaxAge: int(maxAge.Seconds())}
	if maxAge < 0 {
		ck.MaxAge = -1
	}
	http.SetCookie(c.Writer, ck)
}

// requireLogin authenticates a page request by its session cookie and, for
// a request that changes something, checks its CSRF token.
func (s *Server) requireLogin(c *gin.Context) {
	value, err := c.Cookie(s.sessionCookieName(c))
	if err != nil || value == "" {
		s.toLogin(c)
		return
	}
	a, csrf, err := s.cfg.Accounts.LoginUser(c.Request.Context(), TokenDigest(value), s.now())
	var u *User
	if err == nil {
		u, err = s.withScope(c.Request.Context(), a)
	}
	if err != nil {
		if cases.ErrorCode(err) == cases.ENotFound {
			s.setCookie(c, s.sessionCookieName(c), "", -1)
			s.toLogin(c)
			return
		}
		s.abortPage(c, err)
		return
	}
	s.setUser(c, u)
	c.Set(csrfKey, csrf)
	if !safeMethod(c.Request.Method) && !s.sameOrigin(c, csrf) {
		s.abortPage(c, forbidden("the form has expired or came from another site: reload the page and try again").
			VI("Biểu mẫu đã hết hạn hoặc được gửi từ trang khác: xin tải lại trang rồi làm lại."))
	}
}

func safeMethod(m string) bool { return m == http.MethodGet || m == http.MethodHead }

// sameOrigin checks a state-changing page request: its form's CSRF token must
// be the session's (synchronizer token), and a browser that says the request
// is cross-site is refused whatever it carries.
func (s *Server) sameOrigin(c *gin.Context, want string) bool {
	if c.GetHeader("Sec-Fetch-Site") == "cross-site" {
		return false
	}
	got := c.PostForm(csrfField)
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func (s *Server) toLogin(c *gin.Context) {
	c.Redirect(http.StatusSeeOther, "/login")
	c.Abort()
}

// login checks a name and password, with throttling, and returns the user.
func (s *Server) login(ctx context.Context, name, password, ip string) (*User, error) {
	keys := []throttleKey{{"user", strings.ToLower(name)}, {"ip", ip}}
	if wait := s.throttle.wait(keys...); wait > 0 {
		return nil, &throttled{wait}
	}
	u, err := s.cfg.Accounts.User(ctx, name)
	if err != nil && cases.ErrorCode(err) != cases.ENotFound {
		return nil, err
	}
	hash := u.PasswordHash
	if err != nil || u.Disabled {
		hash = dummyHash()
	}
	// At most as many hashes at once as there are cores: each takes 19 MiB.
	select {
	case s.hashing <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	ok := checkPassword(hash, password)
	<-s.hashing
	if !ok || err != nil || u.Disabled {
		s.throttle.fail(keys...)
		return nil, webError(eUnauthenticated, "tên đăng nhập hoặc mật khẩu không đúng")
	}
	s.throttle.succeed(keys[0])
	return s.withScope(ctx, u)
}

// throttled is a login refused before checking: too many recent failures.
type throttled struct{ wait time.Duration }

func (t *throttled) Error() string {
	return fmt.Sprintf("quá nhiều lần đăng nhập sai: thử lại sau %d giây", int(t.wait.Seconds()+0.999))
}

// startSession records a page session for u and sets its cookie.
func (s *Server) startSession(c *gin.Context, u *User) error {
	value, err := randomString(32)
	if err != nil {
		return err
	}
	csrf, err := randomString(32)
	if err != nil {
		return err
	}
	now := s.now()
	if err := s.cfg.Accounts.AddLogin(c.Request.Context(), TokenDigest(value), u.Name, csrf, now, now.Add(s.cfg.SessionTTL)); err != nil {
		return err
	}
	s.setCookie(c, s.sessionCookieName(c), value, s.cfg.SessionTTL)
	return nil
}

// endSession deletes the request's page session and its cookie.
func (s *Server) endSession(c *gin.Context) error {
	value, _ := c.Cookie(s.sessionCookieName(c))
	s.setCookie(c, s.sessionCookieName(c), "", -1)
	if value == "" {
		return nil
	}
	return s.cfg.Accounts.DeleteLogin(c.Request.Context(), TokenDigest(value))
}

// Login throttling: per user name and per client address, in memory. Each
// key may fail a few times freely; after that every failure locks it for
// twice as long as the last, from 30 seconds up to 15 minutes. A success
// clears the name's count; a key is forgotten an hour after its last
// failure.
type throttleKey struct{ kind, value string }

var throttleFree = map[string]int{"user": 5, "ip": 20}

const (
	throttleBase   = 30 * time.Second
	throttleMax    = 15 * time.Minute
	throttleForget = time.Hour
	throttleCap    = 100000
)

type throttle struct {
	mu  sync.Mutex
	m   map[throttleKey]*attempts
	now func() time.Time
}

type attempts struct {
	failures int
	until    time.Time // locked until
	last     time.Time
}

func newThrottle(now func() time.Time) *throttle {
	return &throttle{m: map[throttleKey]*attempts{}, now: now}
}

// wait returns how long the most locked of keys stays locked.
func (t *throttle) wait(keys ...throttleKey) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var w time.Duration
	for _, k := range keys {
		if a, ok := t.m[k]; ok && a.until.After(now) {
			w = max(w, a.until.Sub(now))
		}
	}
	return w
}

func (t *throttle) fail(keys ...throttleKey) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.m) >= throttleCap {
		for k, a := range t.m {
			if now.Sub(a.last) > throttleForget {
				delete(t.m, k)
			}
		}
	}
	for _, k := range keys {
		a, ok := t.m[k]
		if !ok || now.Sub(a.last) > throttleForget {
			a = &attempts{}
			t.m[k] = a
		}
		a.failures++
		a.last = now
		if extra := a.failures - throttleFree[k.kind]; extra > 0 {
			lock := throttleMax
			if extra <= 6 {
				lock = min(throttleBase<<(extra-1), throttleMax)
			}
			a.until = now.Add(lock)
		}
	}
}

func (t *throttle) succeed(keys ...throttleKey) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		delete(t.m, k)
	}
}
