package web

import (
	"context"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/export"
	"github.com/tiepdan/tiepdan/report"
)

// Store is the case history as web reads and writes it, with what an
// administrator keeps beside it. Every method is required, so that what a
// store must do is known when the program that wires one in compiles, and
// no page loses a feature at run time because a store lacks a method; each
// page's part is declared beside it. Errors are *cases.Error for refusals
// and unknown refs.
type Store interface {
	// Exec applies one command, recorded as m says.
	Exec(ctx context.Context, c cases.Command, m cases.Meta) (cases.Result, error)
	Petition(ctx context.Context, ref string) (*cases.Petition, error)
	// History returns a petition's events with its visits and dialogues.
	History(ctx context.Context, ref string) ([]cases.Event, error)
	Units(ctx context.Context) ([]cases.Unit, error)
	// PetitionPage returns one page of the petitions that match f and the
	// number of all that match.
	PetitionPage(ctx context.Context, f cases.Filter) ([]*cases.Petition, int, error)
	// ReportStore runs fn on a consistent snapshot of the history.
	ReportStore(ctx context.Context, fn func(report.Store) error) error
	// LastSeq is the number of the last recorded event: it changes with
	// every change to the history.
	LastSeq(ctx context.Context) (int64, error)
	// ChangedSince reports whether an event recorded after event seq is
	// dated through day through and, when asOf is not zero, recorded at or
	// before asOf: whether it can change the statistics of a period ending
	// on through.
	ChangedSince(ctx context.Context, seq int64, through cases.Date, asOf time.Time) (bool, error)
	// ChainAsOf is the head of the history a report as of asOf (zero:
	// now) is made from, signed when the store has a key: every report
	// gives it (api_reports.go).
	ChainAsOf(ctx context.Context, asOf time.Time) (report.Chain, error)

	PetitionLister // the inbox (page_inbox.go)
	SessionReader  // the reception desk (page_desk.go)
	ScheduleReader // the reception schedule (api_schedule.go)
	Settings       // the holiday table and the reception plan (settings.go)
	UnitHistory    // the units' records (settings.go)
	export.Store   // the reception book (exports.go)
}

// Accounts keeps users, tokens, page sessions and the access log. Every
// method is required, as Store's.
type Accounts interface {
	// User returns an account (with its password hash), or ENotFound.
	User(ctx context.Context, name string) (cases.User, error)
	// TokenUser returns the enabled user of a live token by the token's
	// digest, or ENotFound.
	TokenUser(ctx context.Context, digest string) (cases.User, error)
	// AccountsVersion changes whenever an account, a token or a unit
	// does, through any process on the database: the server keeps a
	// token's user while it stands still (auth.go). It is read before
	// every API request, so it must cost no more than an index lookup.
	AccountsVersion(ctx context.Context) (int64, error)
	// AddLogin records a page session by its cookie's digest.
	AddLogin(ctx context.Context, digest, user, csrf string, now, expires time.Time) error
	// LoginUser returns the enabled user of a live page session and its
	// CSRF token, or ENotFound.
	LoginUser(ctx context.Context, digest string, now time.Time) (cases.User, string, error)
	DeleteLogin(ctx context.Context, digest string) error
	// LogAccess appends rows to the access log, all or none.
	LogAccess(ctx context.Context, rows []cases.Access) error
	// AccessLog reads the access log, newest first.
	AccessLog(ctx context.Context, f cases.AccessFilter) ([]cases.Access, error)

	UserLister // the admin page (page_admin.go)
	UserAdmin  // the admin page's forms (page_admin.go)
}

// User is the account a request acts as: the account as stored and, for a
// head, the units it reads and acts on.
type User struct {
	cases.User
	// scope is what a head reads and acts on: its unit and the units it
	// replaced (unitScope), set when the account is read (withScope).
	scope []string
	// UnitName is the name of a head's unit, which the pages' frame shows.
	UnitName string
	// committees is what the account reads and where it acts in an
	// installation of several committees (web/committees.go); nil in an
	// installation of one, where nothing is to be told apart.
	committees *cases.Scope
	// committeeRef is the own unit a command of the account names its
	// committee by, when it names none.
	committeeRef string
}
