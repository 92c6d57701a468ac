package report

import (
	"context"

	"github.com/tiepdan/tiepdan/cases"
)

// Store is what Compute reads the history through. Each method selects
// records by what they are about or when they happened, so that a report of a
// short period reads little of a long history.
//
// A method that lists records may return more than it is asked for, in any
// order, and each record at most once per call: Compute keeps only what is
// dated and recorded within the period and the as_of instant it reports on.
// A record passed to a callback is valid during the call only (a Store may
// reuse it). The two methods that count, VisitTally and TypesReceived, count
// exactly what they say.
type Store interface {
	// Units returns every unit.
	Units(ctx context.Context) ([]Unit, error)
	// Sessions calls fn for every session dated from..to.
	Sessions(ctx context.Context, from, to cases.Date, fn func(*Session) error) error
	// A visit's petition is chained when it may be on a chain of
	// duplicates by the end of to: it must be when the petition was
	// archived as a duplicate of another, or another as a duplicate of it,
	// by an archive event dated on or before to and recorded at or before
	// asOf (unix µs; math.MaxInt64 for none), and may be otherwise (Compute
	// then reads the chain and finds there is none).
	//
	// VisitTally adds up the visits dated from..to and recorded at or
	// before asOf whose petitions are not chained: each is about its own
	// petition's matter, and it is the first of its matter when no visit of
	// its petition recorded at or before asOf came before it (by at, then
	// seq).
	VisitTally(ctx context.Context, from, to cases.Date, asOf int64, groupThreshold int) (VisitTally, error)
	// ChainedVisits calls fn for every visit dated from..to whose
	// petition is chained, with its First mark.
	ChainedVisits(ctx context.Context, from, to cases.Date, asOf int64, fn func(*Visit) error) error
	// Received calls fn with the ref and the timeline of every petition
	// received from..to.
	Received(ctx context.Context, from, to cases.Date, fn func(ref string, t Timeline) error) error
	// TypesReceived counts the complaints and the denunciations received
	// from..to by their type as last classified by the end of to: counted
	// is called with numbers of those whose last classification, whenever
	// it was recorded, is dated on or before to (perhaps several times for
	// one type: they add up; perhaps with numbers of other types too), and
	// unsettled with the ref and the timeline of each petition classified
	// again after to, for Compute to fold. Compute does not call it with an
	// as_of.
	TypesReceived(ctx context.Context, from, to cases.Date, counted func(t cases.Type, n int) error,
		unsettled func(ref string, t Timeline) error) error
	// Acted calls fn with the ref of every petition received before from
	// with a route, accept or implement event dated from..to (Compute has
	// read those received from..to already).
	Acted(ctx context.Context, from, to cases.Date, fn func(ref string) error) error
	// Open calls fn with the ref of every petition accepted before on that
	// had no resolve or terminate event dated before on among the events
	// recorded at or before asOf (unix µs). Petitions that were closed
	// before on by events recorded at or before asOf may be returned too:
	// Compute checks.
	Open(ctx context.Context, on cases.Date, asOf int64, fn func(ref string) error) error
	// Timelines calls fn with the timeline of each of the petitions refs:
	// every event recorded of it (see Timeline).
	Timelines(ctx context.Context, refs []string, fn func(ref string, t Timeline) error) error
	// Duplicates calls fn with the ref of every petition that has an archive
	// event naming one of refs as duplicate_of, at any date.
	Duplicates(ctx context.Context, refs []string, fn func(ref string) error) error
}

// VisitTally is what a Store adds up of the visits of a period whose
// petitions are not chained (see Store.VisitTally).
type VisitTally struct {
	// Visits, People and Petitions (distinct) by kind of visit; the
	// Total of Petitions counts a petition once over the kinds.
	Visits, People, Petitions KindCounts
	// First counts the visits that are the first of their petition;
	// Repeat the others, and RepeatPetitions their distinct petitions.
	First, Repeat, RepeatPetitions int
	// Groups: the visits of at least the group threshold of people, their
	// people and their distinct petitions.
	Groups GroupCounts
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
	// First says that no visit of its petition came before it (by at,
	// then seq) among all those recorded: as of an instant, a visit
	// recorded later may be missing from what came before.
	First bool
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

// Counter is implemented by a Store that counts most petitions itself, in
// aggregates, so that Compute folds the timelines of the others only. A
// petition is alone when it is on no chain of duplicates (archived as a
// duplicate of another, or another as a duplicate of it): it is its own
// matter. It is plain when alone and never extended or suspended: its
// resolution deadline then depends on its accept day, type, instance,
// complexity and unit alone. Each move of a petition (route, archive,
// accept, resolve, implement, terminate) happens once at most, so that what
// it was at the end of a day is what its moves dated on or before that day
// made it. Compute uses a Counter for reports without an as_of only.
type Counter interface {
	// Counting says whether Compute should count with the Counter: on a
	// small history, folding every petition costs less than counting.
	Counting() bool
	// CountReceived counts the petitions received from..to whose last
	// classification is dated on or before to, calling counted once per
	// group and returning how their handling stood at the end of to, and
	// chained once for each of them on a chain of duplicates (whose
	// matter is on the chain); it calls others with the ref and timeline
	// of every other petition received from..to. due gives the handling
	// deadline of the petitions received on a day, by type and instance.
	CountReceived(ctx context.Context, from, to cases.Date, due HandlingDue, counted func(*ReceivedGroup) error,
		chained func(*ChainedPetition) error, others func(ref string, t Timeline) error) (Handling, error)
	// PlainCases counts the results, from..to, of the complaints and
	// denunciations accepted on or before to — carried over into from,
	// accepted from..to, or implemented from..to — whose resolution
	// deadline at the end of to it knows without their timelines (the plain
	// ones, and those extended or suspended only by events dated on or
	// before to: a chain of duplicates does not change a case's
	// results), calling counted once per group, and calls others with the
	// ref of every other accepted petition whose results from..to may
	// count. due gives the resolution deadline of the cases accepted on a
	// day, with the days an extension or a suspension added; remote lists
	// the units in a remote area.
	PlainCases(ctx context.Context, from, to cases.Date, due ResolutionDue, remote []string,
		counted func(*CaseCount) error, others func(ref string) error) error
	// Links calls fn with the link of each of refs as it stood at the end
	// of to: the petition it was archived as a duplicate of by an archive
	// dated on or before to, and its first visit if dated on or before to
	// (even if the petition was received later).
	Links(ctx context.Context, refs []string, to cases.Date, fn func(ref string, l Link) error) error
	// DuplicatesOf calls fn with each petition archived as a duplicate of
	// one of refs by an archive dated on or before to, and its link as of
	// to.
	DuplicatesOf(ctx context.Context, refs []string, to cases.Date, fn func(ref string, l Link) error) error
	// AloneRouted counts the recommendations and reflections alone routed
	// from..to (they are never extended or suspended: alone, they are
	// plain), and calls others with the ref of every other one.
	AloneRouted(ctx context.Context, from, to cases.Date, others func(ref string) error) (int, error)
}

// Link is what ties a petition to its matter and its first visit (see
// Counter.Links).
type Link struct {
	DuplicateOf       string // "" when none
	Visited           bool
	FirstAt, FirstSeq int64 // its first visit: at (unix µs) and seq
}

// HandlingDue is the handling deadline of the petitions received on a day
// with type t and instance.
type HandlingDue func(received cases.Date, t cases.Type, instance int) (cases.Date, error)

// ResolutionDue is the resolution deadline of the cases accepted on a day,
// of type t, instance and complexity, routed to a unit in a remote area or
// not, to which extensions and suspensions added extra days (0 for a plain
// case).
type ResolutionDue func(accepted cases.Date, t cases.Type, instance int, complex, remote bool, extra int) (cases.Date, error)

// Where a petition went from the desk, besides its route's destination (a
// cases.Destination), in ReceivedGroup.
const (
	DestinationArchived   = "archived"
	DestinationTerminated = "terminated"
)

// ReceivedGroup is a group of petitions received in a period, alike in what
// the figures of the period ask of them.
type ReceivedGroup struct {
	Type      cases.Type // as last classified
	Reception bool       // received at the reception desk
	// Destination is where they went from the desk: the route's (own,
	// lower, judicial, other), DestinationArchived or
	// DestinationTerminated; "" while they are there. LeftAfter of them went after the end of the period: they were
	// still at the desk then.
	Destination string
	Petitions   int
	LeftAfter   int
	Alone       int // on no chain of duplicates: each its own matter
}

// ChainedPetition is a petition received in a period and counted in a
// ReceivedGroup, which is on a chain of duplicates: its matter is the end
// of its chain at the end of the period.
type ChainedPetition struct {
	Ref       string
	Type      cases.Type // as last classified
	Reception bool
	Link      Link // as Counter.Links gives it
}

// CaseCount is a group of plain cases' results in a period: the cases of
// one type routed to the committee's own departments (Unit empty) or to one
// lower committee.
type CaseCount struct {
	Type    cases.Type
	RouteTo cases.Destination
	Unit    string
	ResolutionFigures
}
