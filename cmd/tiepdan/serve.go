package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/web"
	"github.com/tiepdan/tiepdan/workflow"
)

func runServe(ctx context.Context, a *App, args []string) int {
	fs := a.flags("serve")
	addr := fs.String("addr", envOr("TIEPDAN_ADDR", "127.0.0.1:8080"), "address to listen on (env TIEPDAN_ADDR)")
	proxies := fs.String("trusted-proxies", "", "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For (the client's address) and X-Forwarded-Proto (https) are believed")
	certFile := fs.String("tls-cert", "", "serve HTTPS with this certificate (PEM, with its chain); needs --tls-key")
	keyFile := fs.String("tls-key", "", "the private key (PEM) of --tls-cert")
	insecure := fs.Bool("insecure-cookies", false, "obsolete and ignored: the page cookies follow the connection (Secure over HTTPS only)")
	logFormat := fs.String("log", "json", "request log format on standard error: json or text")
	demoPetitions := fs.Int("demo", 0, "fill an empty database with a demo history of this many petitions and one account per role (password tiepdan-demo)")
	demoLevel := fs.String("level", string(cases.Commune), "--demo: whose history, as for tiepdan demo: commune, district or province (a province with its communes as committees, their desks, plans and accounts)")
	demoCommunes := fs.Int("communes", 0, "--demo --level province: how many communes (default 20)")
	planFile := fs.String("reception", envOr("TIEPDAN_RECEPTION", ""),
		"the reception plan the schedule follows, as for tiepdan schedule; it wins over the plan edited on the admin page, which is then shown read-only (env TIEPDAN_RECEPTION; default: the plan recorded on the admin page, else the 9th and 24th, moved to the next working day)")
	var rot backupRotation
	fs.StringVar(&rot.dir, "backup-dir", envOr("TIEPDAN_BACKUP_DIR", ""), "take verified backups into this directory, which the admin page lists (env TIEPDAN_BACKUP_DIR; none without)")
	fs.DurationVar(&rot.every, "backup-every", 24*time.Hour, "how often --backup-dir gets a backup")
	fs.IntVar(&rot.keep, "backup-keep", 14, "how many verified backups --backup-dir keeps; older ones are removed")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	serveGC()
	if rot.dir != "" {
		if err := rot.check(); err != nil {
			fmt.Fprintf(a.Stderr, "tiepdan: %v\n", err)
			return exitUsage
		}
	}
	if fs.NArg() != 0 {
		return a.badUsage("serve")
	}
	if (*certFile == "") != (*keyFile == "") {
		fmt.Fprintln(a.Stderr, "tiepdan: --tls-cert and --tls-key go together")
		return exitUsage
	}
	if *certFile != "" {
		// Read here, so that a missing or mismatched file is the
		// operator's to correct before anything is opened.
		if _, err := tls.LoadX509KeyPair(*certFile, *keyFile); err != nil {
			fmt.Fprintf(a.Stderr, "tiepdan: --tls-cert/--tls-key: %v\n", err)
			return exitUsage
		}
	}
	var h slog.Handler
	switch *logFormat {
	case "json":
		h = slog.NewJSONHandler(a.Stderr, nil)
	case "text":
		h = slog.NewTextHandler(a.Stderr, nil)
	default:
		fmt.Fprintf(a.Stderr, "tiepdan: --log must be json or text, not %q\n", *logFormat)
		return exitUsage
	}
	log := slog.New(h)
	if *insecure {
		log.Warn("--insecure-cookies is obsolete and ignored: the page cookies follow the connection, Secure over HTTPS only")
	}
	// A plan file named by the operator wins; without one the server
	// follows the plan recorded on the admin page (web.Settings).
	var plan *workflow.Reception
	if *planFile != "" {
		var err error
		if plan, err = loadReceptionPlan(*planFile); err != nil {
			return a.fail(err)
		}
	}

	key, err := a.signingKey()
	if err != nil {
		return a.fail(err)
	}
	if rot.dir != "" && storage.IsPostgres(a.DB) {
		return a.fail(fmt.Errorf("--backup-dir: %w", storage.ErrNotAFile))
	}
	db, err := a.openOrCreate(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()
	if *demoPetitions > 0 {
		o := demo.Options{Petitions: *demoPetitions, Level: cases.Level(*demoLevel), Communes: *demoCommunes}
		if err := seedDemo(ctx, a, db, o); err != nil {
			return a.fail(err)
		}
	}
	if err := startSigning(ctx, db, key, log); err != nil {
		return a.fail(err)
	}
	rot.key = key
	writer := db.GroupCommit(64)
	defer writer.Close()
	go summarizeDays(ctx, db, log)
	if rot.dir != "" {
		go rot.run(ctx, db, log)
	}
	// The server lays the administrator's edits over the table itself, at
	// every request, so that an edit counts at once on every instance.
	cal, err := a.tableCalendar()
	if err != nil {
		return a.fail(err)
	}
	cfg := web.Config{
		Calendar:  cal,
		Store:     writer,
		Accounts:  db,
		Logger:    log,
		Now:       a.Now,
		Window:    db.Window,
		Reception: plan,
		BackupDir: rot.dir,
		// Without a key the identities are in clear in the file and its
		// backups: said at start and on the admin page.
		SecretsInClear: !db.SecretsKeyed(),
	}
	if *proxies != "" {
		cfg.TrustedProxies = strings.Split(*proxies, ",")
	}
	srv, err := web.New(cfg)
	if err != nil {
		return a.fail(err)
	}
	if cfg.SecretsInClear {
		log.Warn("thông tin người tố cáo được lưu không mã hóa: secrets are stored in clear in the database and its backups; write a key with tiepdan secrets-key --out FILE and serve with --secrets-key FILE")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		// An address in use or not this machine's is the operator's to
		// change, like a bad flag: the status of usage and environment
		// errors, not of a problem in the data (docs/decisions.md).
		fmt.Fprintf(a.Stderr, "tiepdan: --addr %s: %v\n", *addr, err)
		return exitUsage
	}
	switch {
	case *certFile != "":
		log.Info("serving", "addr", ln.Addr().String(), "db", a.DB, "scheme", "https")
		err = srv.ServeTLS(ctx, ln, *certFile, *keyFile)
	default:
		// The warning comes before "serving", the line that says the
		// start is over (tests and scripts wait for it).
		if cfg.TrustedProxies != nil {
			log.Warn("not encrypted: plain HTTP, encrypted only where the trusted proxies serve HTTPS (X-Forwarded-Proto: https)")
		} else {
			log.Warn("not encrypted: plain HTTP, passwords and citizens' data cross the network readable; use --tls-cert and --tls-key, or a reverse proxy with TLS and --trusted-proxies")
		}
		log.Info("serving", "addr", ln.Addr().String(), "db", a.DB, "scheme", "http")
		err = srv.Serve(ctx, ln)
	}
	if err != nil {
		return a.fail(err)
	}
	log.Info("stopped")
	return exitOK
}

// summarizeEvery is how often the server writes the report's summaries of
// the days whose petitions changed (storage.DB.SummarizeDays): until then a
// report reads those days' timelines one by one, which is slower, never
// different.
const summarizeEvery = time.Minute

// summarizeDays writes the stale days' summaries every summarizeEvery until
// ctx ends.
func summarizeDays(ctx context.Context, db *storage.DB, log *slog.Logger) {
	t := time.NewTicker(summarizeEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := db.SummarizeDays(ctx); err != nil && ctx.Err() == nil {
				log.Error("summarize the report's days", "err", err)
			}
		}
	}
}

// What the server needs of the database, checked here since storage may not
// import web: the database itself, and the group committer that is the
// database with its commands applied in shared transactions.
var (
	_ web.Store    = (*storage.DB)(nil)
	_ web.Store    = (*storage.GroupCommit)(nil)
	_ web.Accounts = (*storage.DB)(nil)
)

// serveGC sets the collector of the server, unless GOGC says otherwise: its
// live heap is small (sessions, caches, templates) and a report's
// computation allocates a lot for a short while, so collecting half as often
// makes a cold report page faster for little memory (docs/performance.md,
// section 4, has the figures).
func serveGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
}
