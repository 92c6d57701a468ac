package report

import (
	"context"

	"github.com/tiepdan/tiepdan/cases"
)

// Store is what Compute reads the history through. Each method selects
// records by what they are about or when they happened, so that a report of a
// short period reads little of a long history.
//
// Every method may return more than it is asked for, in any order, and each
// record at most once per call: Compute keeps only what is dated and recorded
// within the period and the as_of instant it reports on. A record passed to a
// callback is valid during the call only (a Store may reuse it). A Store that returns
// the whole history from each method is correct, only slow.
type Store interface {
	// Units returns every unit.
	Units(ctx context.Context) ([]Unit, error)
	// Sessions calls fn for every session dated from..to.
	Sessions(ctx context.Context, from, to cases.Date, fn func(*Session) error) error
	// Visits calls fn for every visit dated from..to.
	Visits(ctx context.Context, from, to cases.Date, fn func(*Visit) error) error
	// VisitsBefore calls fn for every visit about one of the petitions refs
	// dated before day.
	VisitsBefore(ctx context.Context, refs []string, day cases.Date, fn func(*Visit) error) error
	// Received calls fn with the ref of every petition received from..to
	// and, as Petitions does, its current state (nil where the store keeps
	// none).
	Received(ctx context.Context, from, to cases.Date, fn func(ref string, current *cases.Petition) error) error
	// Acted calls fn with the ref of every petition with a route, accept or
	// implement event dated from..to.
	Acted(ctx context.Context, from, to cases.Date, fn func(ref string) error) error
	// Open calls fn with the ref of every petition accepted before on that
	// had no resolve or terminate event dated before on among the events
	// recorded at or before asOf (unix µs). Petitions that were closed
	// before on by events recorded at or before asOf may be returned too:
	// Compute checks.
	Open(ctx context.Context, on cases.Date, asOf int64, fn func(ref string) error) error
	// Petitions calls fn with the current state of each of the petitions
	// refs — the fold of all its recorded events, cases.Petition.Apply's
	// result — where the store keeps it. Compute uses it in place of the
	// events of a petition whose last event (LastAt) is dated within the
	// period's end, when no as_of is asked; it reads the events of the
	// others. A Store without such a projection calls fn for none.
	Petitions(ctx context.Context, refs []string, fn func(*cases.Petition) error) error
	// Events calls fn for every event of the petitions refs dated on or
	// before to: their creation (op petition) and their workflow events,
	// not visits nor dialogues, in any order (Compute orders them by seq).
	Events(ctx context.Context, refs []string, to cases.Date, fn func(*Event) error) error
	// Duplicates calls fn with the ref of every petition that has an archive
	// event naming one of refs as duplicate_of, at any date.
	Duplicates(ctx context.Context, refs []string, fn func(ref string) error) error
}

// Unit is a recorded unit.
type Unit struct {
	cases.Unit
	RecordedAt int64 // unix µs
}

// Session is a recorded session.
type Session struct {
	Ref        string
	Kind       cases.VisitKind
	Date       cases.Date
	RecordedAt int64 // unix µs
}

// Visit is a recorded visit.
type Visit struct {
	Seq        int64
	Ref        string
	Petition   string
	Kind       cases.VisitKind
	People     int
	At         int64 // unix µs
	Date       cases.Date
	RecordedAt int64 // unix µs
}

// Event is one recorded event of a petition, as the report reads it.
type Event struct {
	Seq        int64
	Date       cases.Date  // the date of its at, in +07:00
	RecordedAt int64       // unix µs
	State      cases.State // the petition's state after it
	// Command is the recorded command. A Store need fill only what the
	// petition's fold (cases.Petition.Apply) and the report read: op, ref
	// or petition, at or received_at, channel, people, and the fields of
	// the workflow events; it should leave out personal data (petitioner,
	// summary).
	Command cases.Command
}

// Forker is implemented by a Store that can open a second Store reading the
// very same history on another connection, so that Compute reads the period
// and the previous one in parallel.
type Forker interface {
	// Fork returns the second Store and the function that releases it, or
	// a nil Store when it cannot open one that sees the same history (Compute
	// then reads both periods through the first).
	Fork(ctx context.Context) (Store, func())
}
