package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// Config is what a Server needs. Store and Accounts are required.
type Config struct {
	Store    Store
	Accounts Accounts
	// Logger receives the request log and internal errors; nil discards.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Rules and Calendar compute deadlines; nil means the shipped ones.
	Rules    *workflow.Rules
	Calendar *workflow.Calendar
	// Reception is the periodic reception plan the schedule follows, read
	// from a file the operator named: it then wins over the plan edited on
	// the admin page. nil means the plan recorded by the admin page
	// (Settings), else the shipped one (workflow.DefaultReception).
	Reception *workflow.Reception
	// TrustedProxies are the addresses (or CIDR ranges) of the reverse
	// proxies whose X-Forwarded-For is believed for the client's address
	// (login throttling) and whose X-Forwarded-Proto is believed for the
	// scheme (the page cookies, isHTTPS); none by default.
	TrustedProxies []string
	// Window bounds the dates of report periods and schedules, as the
	// store bounds those of commands; zero means cases.DefaultWindow.
	Window cases.Window
	// MaxBody limits a request's body; 0 means DefaultMaxBody.
	MaxBody int64
	// SessionTTL is how long a page session lasts; 0 means 12 hours.
	SessionTTL time.Duration
	// BackupDir is where serve --backup-dir writes its backups, which the
	// admin page lists as the directory holds them; "" when it writes none.
	BackupDir string
	// SecretsInClear says the server stores identities in clear: it was
	// started without a secrets key (serve --secrets-key). The admin page
	// says so.
	SecretsInClear bool
}

// DefaultMaxBody is the body limit: a command is a few kilobytes.
const DefaultMaxBody = 256 << 10

// Server is the HTTP application.
type Server struct {
	cfg      Config
	proxies  []netip.Prefix // Config.TrustedProxies
	log      *slog.Logger
	engine   *gin.Engine
	pages    *pages
	throttle *throttle
	hashing  chan struct{}
	// computing bounds the reports computed at once; reports keeps them.
	computing chan struct{}
	reports   reportCache
	// current is the calendar and the reception plan in force with the
	// administrator's edits (settings.go).
	current atomic.Pointer[settingsState]
	// tokens are the users of the tokens seen, while the accounts'
	// version is version (auth.go, tokenUser).
	tokens struct {
		sync.Mutex
		version int64
		m       map[string]*User
	}
}

// New returns a Server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Accounts == nil {
		return nil, errors.New("web: a store and accounts are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Rules == nil {
		cfg.Rules = workflow.DefaultRules()
	}
	if cfg.Calendar == nil {
		cfg.Calendar = workflow.DefaultCalendar()
	}
	if cfg.Window == (cases.Window{}) {
		cfg.Window = cases.DefaultWindow
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	pg, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger, pages: pg, throttle: newThrottle(cfg.Now),
		hashing:   make(chan struct{}, max(1, runtime.GOMAXPROCS(0))),
		computing: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)-1))}
	s.tokens.m = map[string]*User{}
	if s.proxies, err = parseProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}

	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("web: trusted proxies: %w", err)
	}
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	e.Use(s.requestLog, s.recover, s.limitBody)
	s.engine = e
	s.routes()
	return s, nil
}

// routes declares every route, by group: the health check, the JSON API
// (bearer tokens, JSON errors) and the pages (session cookie, CSRF).
func (s *Server) routes() {
	e := s.engine
	e.GET("/healthz", s.healthz)

	api := e.Group("/api/v1", s.requireToken)
	api.GET("/me", s.getMe)
	api.GET("/units", s.getUnits)
	api.POST("/commands", s.postCommand)
	api.GET("/petitions", s.getPetitions)
	api.GET("/petitions/:ref", s.getPetition)
	api.GET("/reports/section6", s.getSection6)
	api.GET("/access-log", s.getAccessLog)
	api.GET("/schedule", s.getSchedule)
	api.GET("/exports/reception-book", s.getReceptionBookAPI)
	api.GET("/exports/petitions", s.getRegisterAPI)

	e.GET("/static/*filepath", s.staticHandler())
	e.GET("/login", s.loginPage)
	e.POST("/login", s.loginSubmit)
	pages := e.Group("/", s.requireLogin)
	pages.POST("/logout", s.logout)
	pages.GET("/", s.homePage)
	pages.GET("/petitions", s.petitionsPage)
	pages.GET("/petitions/:ref", s.petitionPage)
	pages.POST("/petitions/:ref/events", s.eventSubmit)
	pages.GET("/reports", s.reportPage)
	pages.GET("/reports/section6.json", s.reportDownload)
	pages.GET("/reports/section6.xlsx", s.reportXLSXDownload)
	pages.GET("/desk", s.deskPage)
	pages.POST("/desk/sessions", s.sessionSubmit)
	pages.POST("/desk/visits", s.visitSubmit)
	pages.GET("/petitions/:ref/receipt", s.petitionReceipt)
	pages.GET("/petitions/:ref/visits/:visit/receipt", s.visitReceipt)
	pages.GET("/inbox", s.inboxPage)
	pages.GET("/tong-quan", s.overviewPage)
	pages.GET("/admin", s.adminPage)
	pages.POST("/admin/users", s.userSubmit)
	pages.POST("/admin/users/:name/disable", s.userDisable)
	pages.POST("/admin/users/:name/enable", s.userDisable)
	pages.POST("/admin/units", s.unitSubmit)
	pages.POST("/admin/units/end", s.unitEndSubmit)
	pages.POST("/admin/holidays", s.holidaySubmit)
	pages.POST("/admin/reception", s.receptionSubmit)
	pages.GET("/lich-tiep", s.schedulePage)
	pages.GET("/lich-tiep.ics", s.scheduleICS)
	pages.GET("/exports/reception-book", s.receptionBookDownload)
	pages.GET("/exports/petitions", s.registerDownload)

	e.NoRoute(s.noRoute)
	e.NoMethod(s.noMethod)
}

// Handler is the application as an http.Handler.
func (s *Server) Handler() http.Handler { return s.engine }

// Serve serves plain HTTP on ln until ctx is done, then stops accepting,
// lets the requests under way finish for up to 10 seconds, and returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	return s.serve(ctx, ln, "", "")
}

// ServeTLS is Serve over HTTPS, with the certificate (and its chain) and
// key in PEM files, as net/http's ServeTLS reads them.
func (s *Server) ServeTLS(ctx context.Context, ln net.Listener, certFile, keyFile string) error {
	return s.serve(ctx, ln, certFile, keyFile)
}

func (s *Server) serve(ctx context.Context, ln net.Listener, certFile, keyFile string) error {
	srv := &http.Server{
		Handler:           s.engine,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	done := make(chan error, 1)
	go func() {
		if certFile != "" {
			done <- srv.ServeTLS(ln, certFile, keyFile)
			return
		}
		done <- srv.Serve(ln)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "addr", ln.Addr().String())
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-done; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// isHTTPS reports whether the browser's connection is encrypted: TLS to
// this server (ServeTLS), or a request from a trusted reverse proxy
// (Config.TrustedProxies) that says X-Forwarded-Proto: https. From anyone
// else the header is ignored.
func (s *Server) isHTTPS(c *gin.Context) bool {
	if c.Request.TLS != nil {
		return true
	}
	if len(s.proxies) == 0 {
		return false
	}
	ap, err := netip.ParseAddrPort(c.Request.RemoteAddr)
	if err != nil || !trusted(s.proxies, ap.Addr().Unmap()) {
		return false
	}
	// A chain of proxies lists a scheme each, the client's first.
	first, _, _ := strings.Cut(c.GetHeader("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(first), "https")
}

func trusted(proxies []netip.Prefix, a netip.Addr) bool {
	for _, p := range proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// parseProxies reads the trusted proxies: addresses or CIDR ranges, as gin
// takes them for X-Forwarded-For.
func parseProxies(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, v := range list {
		v = strings.TrimSpace(v)
		if p, err := netip.ParsePrefix(v); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(v)
		if err != nil {
			return nil, fmt.Errorf("web: trusted proxy %q is neither an address nor a CIDR range", v)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func (s *Server) now() time.Time { return s.cfg.Now() }

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }

func (s *Server) noRoute(c *gin.Context) {
	err := webError(eNoRoute, "no such page")
	if isAPI(c) {
		s.abortJSON(c, err)
		return
	}
	s.abortPage(c, err)
}

func (s *Server) noMethod(c *gin.Context) {
	err := webError(eMethod, "method not allowed")
	if isAPI(c) {
		s.abortJSON(c, err)
		return
	}
	s.abortPage(c, err)
}

// Keys of what the request log says about a request, set by handlers.
const (
	logUser  = "log.user"
	logRef   = "log.ref"
	logOp    = "log.op"
	logCode  = "log.code"
	logField = "log.field"
	logErr   = "log.err"
)

// requestLog writes one line per request: method, route pattern (never the
// raw URL, whose query may hold a searched name), status, latency, user, and
// the ref and op acted on. It never logs bodies, queries or personal data;
// an internal error's text is logged (it is ours, not the user's).
func (s *Server) requestLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	attrs := make([]slog.Attr, 0, 10)
	attrs = append(attrs,
		slog.String("method", c.Request.Method),
		slog.String("route", c.FullPath()),
		slog.Int("status", c.Writer.Status()),
		slog.Float64("latency_ms", float64(time.Since(start).Microseconds())/1000),
	)
	for _, k := range [...]struct{ key, attr string }{{logUser, "user"}, {logRef, "ref"}, {logOp, "op"},
		{logCode, "code"}, {logField, "field"}} {
		if v := c.GetString(k.key); v != "" {
			attrs = append(attrs, slog.String(k.attr, v))
		}
	}
	level := slog.LevelInfo
	if v, ok := c.Get(logErr); ok {
		level = slog.LevelError
		attrs = append(attrs, slog.Any("error", v))
	}
	s.log.LogAttrs(c.Request.Context(), level, "request", attrs...)
}

// recover turns a panic into a 500 and logs it with its stack.
func (s *Server) recover(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if v == http.ErrAbortHandler {
			panic(v)
		}
		err := fmt.Errorf("panic: %v\n%s", v, debug.Stack())
		if c.Writer.Written() {
			c.Set(logErr, err)
			c.Abort()
			return
		}
		if isAPI(c) {
			s.abortJSON(c, err)
			return
		}
		s.abortPage(c, err)
	}()
	c.Next()
}

// MaxForm limits a page form's body: the longest form, the desk's with a
// summary of 4,000 characters, is under 40 KiB as a browser encodes it.
const MaxForm = 64 << 10

// limitBody caps a request's body at Config.MaxBody, a page form's at
// MaxForm. A form is read here, before the CSRF check reads its token: one
// over the limit is answered 413, not taken for a form that has expired.
func (s *Server) limitBody(c *gin.Context) {
	if c.Request.Body == nil || c.Request.Body == http.NoBody {
		c.Next()
		return
	}
	if isAPI(c) {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBody)
		c.Next()
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, min(s.cfg.MaxBody, MaxForm))
	if !safeMethod(c.Request.Method) {
		var mb *http.MaxBytesError
		if err := c.Request.ParseForm(); errors.As(err, &mb) {
			s.abortPage(c, bodyError(err))
			return
		}
	}
	c.Next()
}

// bodyError maps a failure to read the body to the error users see.
func bodyError(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return &cases.Error{Code: eTooLarge, Message: fmt.Sprintf("the body is larger than %d bytes", mb.Limit),
			MessageVI: fmt.Sprintf("Dữ liệu gửi lên quá lớn (quá %d KB): chưa ghi được gì. Xin rút ngắn nội dung rồi gửi lại.", mb.Limit>>10)}
	}
	return cases.Errorf(cases.EInvalid, "the body could not be read")
}
