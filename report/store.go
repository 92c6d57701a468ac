package report

import (
	"context"

	"github.com/tiepdan/tiepdan/cases"
)

// Store is what Compute reads the history through: rows of the history's
// projections, selected by what they are about or when they happened, so
// that a report of a short period reads little of a long history. Every
// rule of the statistics is Compute's; a Store counts nothing.
//
// A method that lists records may return more than it is asked for, in any
// order, and each record at most once per call: Compute keeps only what is
// dated and recorded within the period and the as_of instant it reports on.
// A record passed to a callback is valid during the call only (a Store may
// reuse it).
type Store interface {
	// Units returns every unit.
	Units(ctx context.Context) ([]Unit, error)
	// Sessions calls fn for every session dated from..to.
	Sessions(ctx context.Context, from, to cases.Date, fn func(*Session) error) error
	// Days calls fn with the summary (Summarize) of each day of receipt of
	// each of committees (every committee when committees is nil) that a
	// report of from..to reads, with the committee that received the day's
	// petitions, or with nil for a committee's day whose summary is stale
	// (its petitions' timelines changed since it was written) or missing:
	// every day whose FirstDay is on or before to, and every stale day. Of a
	// day whose Horizon is before from, it may leave the closed part out,
	// unless every is set.
	Days(ctx context.Context, committees []string, from, to cases.Date, every bool,
		fn func(committee string, day cases.Date, s *DaySummary) error) error
	// Received calls fn with the ref and the timeline of every petition one
	// of committees (every committee when committees is nil) received
	// from..to.
	Received(ctx context.Context, committees []string, from, to cases.Date, fn func(ref string, t Timeline) error) error
	// Timelines calls fn with the timeline of each of the petitions refs:
	// every event recorded of it (see Timeline).
	Timelines(ctx context.Context, refs []string, fn func(ref string, t Timeline) error) error
	// CommitteePetitions calls fn with every petition routed to committee
	// (its key, cases/committee.go) from another committee and, when
	// sentUp, every petition committee received that another committee
	// sent up to it (transferred_from): the petitions of a committee's
	// report that another committee's days hold, or that are one matter
	// with one there.
	CommitteePetitions(ctx context.Context, committee string, sentUp bool, fn func(Crossing) error) error
	// Fork returns a second Store reading the very same history on another
	// connection, so that Compute reads two parts of a report in parallel,
	// and the function that releases it; or a nil Store when it cannot open
	// one that sees the same history (Compute then reads everything through
	// the first).
	Fork(ctx context.Context) (Store, func())
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
	Online     bool
	RecordedAt int64 // unix µs
	// Committee is the key of the committee that held it.
	Committee string
}

// A Crossing is a petition of one committee's that concerns another
// (CommitteePetitions): routed into the committee asked (Into), from
// Other, the committee that received it; or received by the committee
// asked, sent up from petition From of committee Other.
type Crossing struct {
	Ref   string
	Into  bool
	Other string
	From  string
}
