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
	"syscall"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
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
	ctx      context.Context
	table    *workflow.Calendar // the shipped table and the --holidays file
	cal      *workflow.Calendar // table with the database's edits
	db       *storage.DB        // the database open, if any (open)
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

// calendar is the working-day calendar every deadline counts with: the
// holiday table (tableCalendar) with the edits an administrator recorded in
// the database laid over it (settings.go). The database is the one open, or
// else it is opened for the edits when its file exists: a command that only
// shows the calendar creates no database.
func (a *App) calendar() (*workflow.Calendar, error) {
	if a.cal == nil {
		cal, err := a.calendarAsOf(time.Time{})
		if err != nil {
			return nil, err
		}
		a.cal = cal
	}
	return a.cal, nil
}

// calendarAsOf is the calendar as it stood at instant t: the table with the
// edits recorded at or before t; all of them when t is zero.
func (a *App) calendarAsOf(t time.Time) (*workflow.Calendar, error) {
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
	return table.WithEdits(edits), nil
}

type command struct {
	summary string
	run     func(ctx context.Context, a *App, args []string) int
}

var commands = map[string]command{
	"import":   {"import a file of commands (NDJSON, - for standard input)", runImport},
	"show":     {"show a petition with its history, deadlines and allowed events", runShow},
	"list":     {"list petitions (filters: --state, --type, --unit, --overdue)", runList},
	"demo":     {"write a realistic demo history as NDJSON to standard output", runDemo},
	"verify":   {"check the hash chain and rebuild every projection from the history", runVerify},
	"calendar": {"list a year's days off and working-day exceptions", runCalendar},
	"report":   {"print the statistics of section II.6 for a period", runReport},
	"schedule": {"the reception schedule for a range of dates", runSchedule},
	"serve":    {"serve the pages and the JSON API", runServe},
	"user":     {"add or disable a user", runUser},
	"token":    {"create or revoke an API token", runToken},
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
	fs.StringVar(&a.DB, "db", envOr("TIEPDAN_DB", "tiepdan.db"), "database: an SQLite file (env TIEPDAN_DB)")
	fs.StringVar(&a.Holidays, "holidays", os.Getenv("TIEPDAN_HOLIDAYS"), "a file of holiday years laid over the shipped table (env TIEPDAN_HOLIDAYS)")
	fs.Usage = func() { a.usage(fs) }
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() == 0 {
		a.usage(fs)
		return exitUsage
	}
	name := fs.Arg(0)
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "tiepdan: unknown command %q\n", name)
		a.usage(fs)
		return exitUsage
	}
	return cmd.run(ctx, a, fs.Args()[1:])
}

func (a *App) usage(fs *flag.FlagSet) {
	fmt.Fprintln(a.Stderr, "usage: tiepdan [--db FILE] COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(a.Stderr, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(a.Stderr, "\nglobal flags:")
	fs.PrintDefaults()
}

// flags returns a flag set for a subcommand that also takes --db.
func (a *App) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("tiepdan "+name, flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	fs.StringVar(&a.DB, "db", a.DB, "database: an SQLite file (env TIEPDAN_DB)")
	fs.StringVar(&a.Holidays, "holidays", a.Holidays, "a file of holiday years laid over the shipped table (env TIEPDAN_HOLIDAYS)")
	return fs
}

// open opens the database with the workflow as its Decider.
func (a *App) open(ctx context.Context) (*storage.DB, error) {
	db, err := storage.Open(ctx, a.DB, workflow.Decide)
	if err != nil {
		return nil, err
	}
	db.Now = a.Now
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
	fmt.Fprintf(a.Stderr, "tiepdan: %v\n", err)
	return exitProblem
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
