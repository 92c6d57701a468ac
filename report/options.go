package report

import (
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// DefaultGroupThreshold is the number of people from which a visit is a group
// (đoàn đông người, Luật Tiếp công dân Art. 29).
const DefaultGroupThreshold = 5

// Deadlines are the legal deadlines of a petition. The report does not know
// the law: cmd hands it the workflow's rules and calendar through this.
type Deadlines interface {
	// Handling is the last day by which p should be routed, archived or
	// terminated (10 working days from receipt). It must depend on p's date
	// of receipt, type and instance only: Compute asks once for each such
	// triple and reuses the answer.
	Handling(p *cases.Petition) (cases.Date, error)
	// Resolution is the last day by which p, accepted, should be resolved:
	// the accept date plus the limit, extensions and suspended days, a
	// suspension still running counting up to asOf, moved to a working day.
	// remote says whether the unit it was routed to lies in a remote area.
	// It must depend on p's accept date, type, instance, whether it is
	// complex (complex or very complex), remote and the sum of those days
	// only: Compute asks once for each such combination, with the days in
	// ExtensionDays, and reuses the answer.
	Resolution(p *cases.Petition, remote bool, asOf cases.Date) (cases.Date, error)
}

// DeadlineFuncs adapts two functions to Deadlines.
type DeadlineFuncs struct {
	HandlingFunc   func(p *cases.Petition) (cases.Date, error)
	ResolutionFunc func(p *cases.Petition, remote bool, asOf cases.Date) (cases.Date, error)
}

// Handling calls HandlingFunc.
func (d DeadlineFuncs) Handling(p *cases.Petition) (cases.Date, error) { return d.HandlingFunc(p) }

// Resolution calls ResolutionFunc.
func (d DeadlineFuncs) Resolution(p *cases.Petition, remote bool, asOf cases.Date) (cases.Date, error) {
	return d.ResolutionFunc(p, remote, asOf)
}

// Options tune Compute.
type Options struct {
	// Deadlines judges timeliness; required.
	Deadlines Deadlines
	// GroupThreshold is the number of people from which a visit counts as a
	// group; 0 means DefaultGroupThreshold.
	GroupThreshold int
	// AsOf, when not zero, ignores every event recorded after it, so that a
	// report sent on a given day can be printed again unchanged.
	AsOf time.Time
	// Today is the day the report is made, by the caller's clock: a period
	// that has not ended by then is reported as of its end (Day). Zero
	// cuts no period by today (a caller that reports only closed periods).
	Today cases.Date
	// Committee, when set, reports one committee of an installation of
	// several (SPEC §10; ForCommittee makes it).
	Committee *Committee
	// Remote says whether a unit lies in a remote area (vùng sâu, vùng xa),
	// which lengthens complaint deadlines. Nil means: the unit, or a unit it
	// hangs from, is recorded as remote.
	Remote func(unit string) bool
	// memo are the folds of an area's report its committees' reports use
	// again (foldMemo; Compute sets it).
	memo *foldMemo
	// links are the links P′'s view of an area's report read, which its
	// committees' P′ use again (linkMemo; Compute sets it).
	links *linkMemo
	// area is the computer of an area's report, whose units its
	// committees' reports use again (Compute sets it).
	area *computer
}

func (o *Options) groupThreshold() int {
	if o.GroupThreshold > 0 {
		return o.GroupThreshold
	}
	return DefaultGroupThreshold
}

// noAsOf is the as_of instant of a report that ignores nothing.
const noAsOf = 1<<63 - 1

// asOfMicro is AsOf in unix µs, or noAsOf when AsOf is zero.
func (o *Options) asOfMicro() int64 {
	if o.AsOf.IsZero() {
		return noAsOf
	}
	return o.AsOf.UnixMicro()
}

// Day is the day whose end the figures of p describe (SPEC §9, "Unfinished
// periods"): p's last day, or, when p has not ended by then, today, and
// with AsOf the day of AsOf, whichever is the earliest — so that a report
// sent before its period ended prints again as it was sent. P' is cut at
// the same day one year earlier (Compute).
func (o *Options) Day(p Period) cases.Date {
	day := p.To
	if o.Today != 0 && o.Today < day {
		day = o.Today
	}
	if !o.AsOf.IsZero() {
		day = min(day, cases.DateOf(o.AsOf))
	}
	return day
}
