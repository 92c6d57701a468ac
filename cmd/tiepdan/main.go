// Command tiepdan is the case tracker of a People's Committee for citizen
// reception and the petitions citizens bring. It is the only place that wires
// concrete types together: storage gets the workflow's Decider here.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

func main() { os.Exit(mainOS()) }

// mainOS is the command line as the system runs it: its arguments and
// streams, stopped by SIGINT and SIGTERM. The tests' stand-in for the
// binary (TestMain) runs it too.
func mainOS() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// Exit statuses.
const (
	exitOK      = 0
	exitFailed  = 1 // the command ran and found a problem (refused lines, failed verify)
	exitUsage   = 2 // bad flags or arguments
	exitProblem = 3 // an internal error
)

// App is one run of the command line: its streams, clock and global flags.
type App struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Now            func() time.Time
	DB             string
	// Holidays is a file of holiday years (the format of the shipped
	// table) that replace or extend the shipped ones, e.g. next year's
	// calendar once the Government announces it.
	Holidays string
	// SecretsKey is the secrets key file that encrypts identities at
	// rest (storage.Secrets); without one they are stored in clear.
	SecretsKey string
	ctx        context.Context
	table      *workflow.Calendar  // the shipped table and the --holidays file
	cals       *workflow.Calendars // table with the database's edits, per committee
	db         *storage.DB         // the database open, if any (open)
	keys       *storage.Secrets    // the --secrets-key file read (secrets)

	// SigningKey is the file of the private key that signs the chain's
	// heads (keys.go); none when empty.
	SigningKey string
}

// tableCalendar is the holiday table: the shipped one with the years of the
// --holidays file laid over it.
func (a *App) tableCalendar() (*workflow.Calendar, error) {
	if a.table != nil {
		return a.table, nil
	}
	cal := workflow.DefaultCalendar()
	if a.Holidays != "" {
		f, err := os.Open(a.Holidays)
		if err != nil {
			return nil, cases.Errorf(cases.EInvalid, "--holidays: %v", err)
		}
		defer f.Close()
		extra, err := workflow.LoadCalendar(f)
		if err != nil {
			return nil, fmt.Errorf("--holidays %s: %w", a.Holidays, err)
		}
		cal = cal.Merge(extra)
	}
	a.table = cal
	return cal, nil
}

// calendars are the working-day calendars every deadline counts with: the
// holiday table (tableCalendar) with the edits administrators recorded in
// the database laid over it (settings.go), the installation's for every
// committee and each committee's own for it (workflow.Calendars). The
// database is the one open, or else it is opened for the edits when its
// file exists: a command that only shows the calendar creates no database.
func (a *App) calendars() (*workflow.Calendars, error) {
	if a.cals == nil {
		cals, err := a.calendarsAsOf(time.Time{})
		if err != nil {
			return nil, err
		}
		a.cals = cals
	}
	return a.cals, nil
}

// calendarsAsOf are the calendars as they stood at instant t: the table
// with the edits recorded at or before t; all of them when t is zero.
func (a *App) calendarsAsOf(t time.Time) (*workflow.Calendars, error) {
	table, err := a.tableCalendar()
	if err != nil {
		return nil, err
	}
	edits, err := a.calendarEdits()
	if err != nil {
		return nil, err
	}
	if !t.IsZero() {
		edits = workflow.EditsAsOf(edits, t)
	}
	return workflow.CalendarsOf(table, edits), nil
}

type command struct {
	summary string
	run     func(ctx context.Context, a *App, args []string) int
}

// commands are the subcommands by name, set in init since their help
// (App.help) reads the table.
var commands map[string]command

func init() {
	commands = map[string]command{
		"import":      {"import a file of commands (NDJSON, - for standard input)", runImport},
		"show":        {"show a petition with its history, deadlines and allowed events", runShow},
		"list":        {"list petitions (filters: --state, --type, --unit, --search, --overdue)", runList},
		"demo":        {"write a realistic demo history as NDJSON to standard output", runDemo},
		"verify":      {"check the file, the hash chain, and rebuild every projection from the history", runVerify},
		"backup":      {"write a verified copy of the database while the server goes on", runBackup},
		"restore":     {"put a verified backup in the place of the database (not while in use)", runRestore},
		"copy":        {"copy the installation to another database, SQLite or PostgreSQL, and verify it there", runCopy},
		"calendar":    {"list a year's days off and working-day exceptions", runCalendar},
		"report":      {"print the statistics of section II.6 for a period", runReport},
		"export":      {"write the reception book or the register of petitions as CSV or XLSX", runExport},
		"schedule":    {"the reception schedule for a range of dates", runSchedule},
		"serve":       {"serve the pages and the JSON API", runServe},
		"user":        {"add or disable a user", runUser},
		"token":       {"create or revoke an API token", runToken},
		"secrets-key": {"write a new secrets key file, which encrypts identities at rest (--secrets-key)", runSecretsKey},
		"keys":        {"make the key that signs the chain's heads, or print its public key", runKeys},
	}
}

// synopses are the commands' synopses, a line a form, printed by their help
// and after a usage error (a command without one gets a generic line).
var synopses = map[string]string{
	"import":      "tiepdan import [--keep-going] [--user NAME] FILE (- for standard input)",
	"show":        "tiepdan show REF [--format text|json]",
	"list":        "tiepdan list [--state S] [--type T] [--unit REF] [--search WORDS] [--overdue]",
	"demo":        "tiepdan demo [--petitions N] [--seed S] [--level L] [--communes N] [--from D] [--to D] [--plan FILE] [--plans DIR]",
	"verify":      "tiepdan verify [--json] [--anchors FILE]... [--public-key KEY]...",
	"backup":      "tiepdan backup [--force] [--json] FILE",
	"restore":     "tiepdan restore [--force] BACKUP (into --db)",
	"copy":        copyUsage,
	"calendar":    "tiepdan calendar [--year Y] [--format text|json] [--committee REF]",
	"report":      "tiepdan report section6 (--period P | --from D --to D) [--as-of T] [--format text|json|xlsx] [--output FILE] [--reception FILE]",
	"export":      "tiepdan export reception-book (--period P | --from D --to D) [--format csv|xlsx] [--output FILE]\ntiepdan export petitions [--period P | --from D --to D] [--state S] [--type T] [--unit REF] [--search WORDS] [--overdue] [--format csv|xlsx] [--output FILE]",
	"schedule":    "tiepdan schedule [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format text|json|ics] [--reception FILE] [--committee REF] [--show-config]",
	"serve":       "tiepdan serve [--db FILE] [--secrets-key FILE] [--addr HOST:PORT] [--reception FILE] [--demo N [--level L] [--communes N]] [--tls-cert FILE --tls-key FILE] [--trusted-proxies A,B] [--log json|text] [--backup-dir D [--backup-every 24h] [--backup-keep 14]]",
	"user":        userUsage,
	"token":       tokenUsage,
	"secrets-key": "tiepdan secrets-key --out FILE [--add]",
	"keys":        keysUsage,
}

// Main runs the command line with args (without the program name) and returns
// the exit status. Tests call it directly.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return mainWithClock(ctx, args, stdin, stdout, stderr, time.Now)
}

func mainWithClock(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, now func() time.Time) int {
	a := &App{Stdin: stdin, Stdout: stdout, Stderr: stderr, Now: now, ctx: ctx}
	fs := flag.NewFlagSet("tiepdan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&a.DB, "db", envOr("TIEPDAN_DB", "tiepdan.db"), dbUsage)
	fs.StringVar(&a.Holidays, "holidays", os.Getenv("TIEPDAN_HOLIDAYS"), "a file of holiday years laid over the shipped table (env TIEPDAN_HOLIDAYS)")
	fs.StringVar(&a.SecretsKey, "secrets-key", os.Getenv("TIEPDAN_SECRETS_KEY"), secretsKeyUsage)
	fs.StringVar(&a.SigningKey, "signing-key", os.Getenv("TIEPDAN_SIGNING_KEY"), signingKeyHelp)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			a.usage(stdout, fs)
			return exitOK
		}
		a.usage(stderr, fs)
		return exitUsage
	}
	if fs.NArg() == 0 {
		a.usage(stderr, fs)
		return exitUsage
	}
	name, rest := fs.Arg(0), fs.Args()[1:]
	if name == "help" {
		// tiepdan help COMMAND is tiepdan COMMAND --help.
		switch {
		case len(rest) == 0:
			a.usage(stdout, fs)
			return exitOK
		case len(rest) > 1:
			fmt.Fprintln(stderr, "usage: tiepdan help [COMMAND]")
			return exitUsage
		}
		name, rest = rest[0], []string{"--help"}
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "tiepdan: unknown command %q\n", name)
		a.usage(stderr, fs)
		return exitUsage
	}
	return cmd.run(ctx, a, rest)
}

func (a *App) usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "usage: tiepdan [--db FILE] [--holidays FILE] [--secrets-key FILE] COMMAND [flags] [arguments]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-11s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nglobal flags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(a.Stderr)
	fmt.Fprintln(w, "\nRun 'tiepdan help COMMAND' for a command's flags.")
}

// isHelp reports whether arg asks for help, as the flag package reads it:
// the first argument of a command that has subcommands (report, user, token)
// is read before any flag set.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "--h":
		return true
	}
	return false
}

// help prints command name's help on standard output: its synopsis, what it
// does and, when fs is given, its flags.
func (a *App) help(name string, fs *flag.FlagSet) int {
	writeSynopsis(a.Stdout, synopsis(name))
	fmt.Fprintf(a.Stdout, "\n%s\n", commands[name].summary)
	if fs != nil {
		fmt.Fprintln(a.Stdout, "\nflags:")
		fs.SetOutput(a.Stdout)
		fs.PrintDefaults()
		fs.SetOutput(a.Stderr)
	}
	return exitOK
}

// badUsage prints command name's synopsis on standard error and returns the
// status of a usage error.
func (a *App) badUsage(name string) int {
	writeSynopsis(a.Stderr, synopsis(name))
	fmt.Fprintf(a.Stderr, "Run 'tiepdan help %s' for its flags.\n", name)
	return exitUsage
}

func synopsis(name string) string {
	if s, ok := synopses[name]; ok {
		return s
	}
	return "tiepdan " + name + " [flags]"
}

func writeSynopsis(w io.Writer, usage string) {
	lines := strings.Split(usage, "\n")
	if len(lines) == 1 {
		fmt.Fprintf(w, "usage: %s\n", usage)
		return
	}
	fmt.Fprintln(w, "usage:")
	for _, l := range lines {
		fmt.Fprintf(w, "  %s\n", l)
	}
}

// parse parses a command's arguments with fs, the flags before, between or
// after the positional arguments as a person types them ("show REF --format
// json"), where the flag package alone stops at the first positional one;
// everything after "--" is positional. Afterwards fs.Args() holds the
// positional arguments in their order. After -h or --help it has printed
// the command's help on standard output, after a bad flag the error and the
// synopsis on standard error; parseStatus gives the exit status of either.
func (a *App) parse(fs *flag.FlagSet, args []string) error {
	name := strings.Fields(fs.Name())[1]
	fs.Usage = func() {}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				a.help(name, fs)
			} else {
				a.badUsage(name)
			}
			return err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	return fs.Parse(append([]string{"--"}, pos...))
}

// parseStatus is the exit status after parse failed: 0 when help was asked
// for, else a usage error.
func parseStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

// flags returns a flag set for a subcommand that also takes --db.
func (a *App) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("tiepdan "+name, flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	fs.StringVar(&a.DB, "db", a.DB, dbUsage)
	fs.StringVar(&a.Holidays, "holidays", a.Holidays, "a file of holiday years laid over the shipped table (env TIEPDAN_HOLIDAYS)")
	fs.StringVar(&a.SecretsKey, "secrets-key", a.SecretsKey, secretsKeyUsage)
	fs.StringVar(&a.SigningKey, "signing-key", a.SigningKey, signingKeyHelp)
	return fs
}

// open opens the database with the workflow as its Decider. Its file must
// exist (storage.ErrNoDatabase): only openOrCreate makes one.
func (a *App) open(ctx context.Context) (*storage.DB, error) {
	return a.openWith(ctx, storage.OpenOptions{Existing: true})
}

// openOrCreate is open creating the database (0600) when there is none:
// for serve, import and user add alone.
func (a *App) openOrCreate(ctx context.Context) (*storage.DB, error) {
	return a.openWith(ctx, storage.OpenOptions{})
}

// openAsIs is open without migrating the schema or changing anything in
// the file: for verify and backup.
func (a *App) openAsIs(ctx context.Context) (*storage.DB, error) {
	return a.openWith(ctx, storage.OpenOptions{Existing: true, AsIs: true})
}

func (a *App) openWith(ctx context.Context, opts storage.OpenOptions) (*storage.DB, error) {
	w, err := a.window()
	if err != nil {
		return nil, err
	}
	secrets, err := a.secrets()
	if err != nil {
		return nil, err
	}
	opts.Secrets = secrets
	db, err := storage.OpenWith(ctx, a.DB, workflow.Decide, opts)
	if err != nil {
		return nil, err
	}
	db.Now, db.Window = a.Now, w
	a.db = db
	return db, nil
}

// fail prints err for a person and returns the exit status it deserves.
func (a *App) fail(err error) int {
	var ce *cases.Error
	if errors.As(err, &ce) {
		fmt.Fprintf(a.Stderr, "tiepdan: %v\n", err)
		if ce.Code == cases.EInvalid {
			return exitUsage
		}
		return exitFailed
	}
	if errors.Is(err, storage.ErrNoDatabase) {
		fmt.Fprintf(a.Stderr, "tiepdan: %v (serve, import and user add create one)\n", err)
		return exitUsage
	}
	fmt.Fprintf(a.Stderr, "tiepdan: %v\n", err)
	if st := fileErrorStatus(err); st >= 0 {
		return st
	}
	return exitProblem
}

const dbUsage = "database: an SQLite file, or a PostgreSQL database as a postgres://USER@HOST:PORT/NAME URL (env TIEPDAN_DB)"

const signingKeyHelp = "the private key (0600, apart from the database) that signs the chain's heads for serve, report and backup (env TIEPDAN_SIGNING_KEY; tiepdan keys generate makes one)"

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
