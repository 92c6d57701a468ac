package storage

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

var _ report.Counter = (*reportStore)(nil)

// countFromEvents is the size of a history, in events, from which a report
// counts most petitions from their facts (report.Counter) rather than
// folding every petition's timeline: below it, counting's fixed cost (the
// deadlines of every day and kind, the queries) is as much as the folding
// (docs/performance.md: six months of a 10,000-petition history, 11.7 ms
// counted from the blocks against 11.3 ms folded).
const countFromEvents = 200_000

// CountFrom sets the size of a history, in events, from which its reports
// count most petitions from their facts (report.Counter); 0 always, a
// negative number never. Tests use it to compare both ways.
func (db *DB) CountFrom(events int64) { db.countFrom.Store(events) }

// Counting implements report.Counter.
func (rs *reportStore) Counting() bool {
	from := rs.db.countFrom.Load()
	return from >= 0 && rs.lastSeq >= from
}

// kinds are the types and instances a classification can give, each with
// its own handling deadline.
var kinds = []struct {
	t        cases.Type
	instance int
}{{"", 0}, {cases.Complaint, 1}, {cases.Complaint, 2}, {cases.Denunciation, 1}, {cases.Denunciation, 2},
	{cases.Recommendation, 0}, {cases.Reflection, 0}}

// kindOf is the index in kinds of a petition's type and instance, or -1.
func kindOf(t string, instance int64) int {
	for i, k := range kinds {
		if string(k.t) == t && int64(k.instance) == instance {
			return i
		}
	}
	return -1
}

// chainedReceivedQuery lists the petitions received ?1..?2 and classified
// for the last time by ?2 that are on chains of duplicates, from their own
// index, with their links (see linksQuery).
const chainedReceivedQuery = `SELECT t.petition, t.type, t.reception, d.of, d.day, v.at, v.seq
	FROM report_timelines t INDEXED BY report_timelines_chained
	LEFT JOIN report_duplicates d ON d.petition = t.petition
	LEFT JOIN report_visits v INDEXED BY report_visits_first ON v.petition = t.petition AND v.first = 1
	WHERE t.received_day BETWEEN ?1 AND ?2 AND t.alone = 0 AND t.type_day <= ?2`

// unsettledReceivedQuery reads the petitions received ?1..?2 and
// classified again after ?3, for CountReceived and TypesReceived: found in
// the narrow index, their long rows read only for them.
const unsettledReceivedQuery = `SELECT t.petition, t.timeline FROM report_timelines f INDEXED BY report_timelines_facts
	CROSS JOIN report_timelines t ON t.received_day = f.received_day AND t.petition = f.petition
	WHERE f.received_day BETWEEN ?1 AND ?2 AND f.type_day > ?3`

// unsettled calls fn with the ref and timeline of each petition received
// on one of days and classified again after to. The facts tell the days;
// few petitions are classified again after a period, received in its last
// days most of them, so the query reads few days of the index.
func (rs *reportStore) unsettled(ctx context.Context, days map[int64]bool, to cases.Date, fn func(string, report.Timeline) error) error {
	return eachRun(slices.Sorted(maps.Keys(days)), func(first, last int64) error {
		return rs.each(ctx, unsettledReceivedQuery, scanTimeline(fn), first, last, int64(to))
	})
}

// receivedKey is what a report.ReceivedGroup groups by.
type receivedKey struct {
	typ       string
	reception bool
	dest      string
}

// CountReceived implements report.Counter: the facts of the petitions
// received from..to (blocks.go) are grouped, and their handling judged, in
// Go.
func (rs *reportStore) CountReceived(ctx context.Context, from, to cases.Date, due report.HandlingDue,
	counted func(*report.ReceivedGroup) error, chained func(*report.ChainedPetition) error,
	others func(string, report.Timeline) error) (report.Handling, error) {
	var h report.Handling
	// The handling deadline of each day and kind; a kind without one
	// makes the report fail below if a petition is of it.
	dues := make([]int64, int(to-from+1)*len(kinds))
	for day := from; day <= to; day++ {
		for i, k := range kinds {
			d, err := due(day, k.t, k.instance)
			dues[int(day-from)*len(kinds)+i] = dueOrNone(d, err)
		}
	}
	groups := map[receivedKey]*report.ReceivedGroup{}
	missing := 0
	unsettled := map[int64]bool{} // the days of those classified again after the period
	err := rs.eachFact(ctx, receivedFacts, int64(from), int64(to), func(r *factRow) error {
		if r.v[rTypeDay] > int64(to) {
			unsettled[r.day] = true // folded
			return nil
		}
		key := receivedKey{typ: r.text(rType), reception: r.v[rReception] != 0, dest: r.text(rDest)}
		g := groups[key]
		if g == nil {
			g = &report.ReceivedGroup{Type: cases.Type(key.typ), Reception: key.reception, Destination: key.dest}
			groups[key] = g
		}
		g.Petitions++
		handled := r.v[rHandled]
		if handled != noDay && handled > int64(to) {
			g.LeftAfter++
		}
		if r.v[rAlone] != 0 {
			g.Alone++
		}
		d := int64(noDue)
		if k := kindOf(key.typ, r.v[rInstance]); k >= 0 {
			d = dues[int(r.day-int64(from))*len(kinds)+k]
		}
		if d == noDue {
			missing++
			return nil
		}
		switch {
		case handled != noDay && handled <= int64(to) && handled <= d:
			h.OnTime++
		case handled != noDay && handled <= int64(to):
			h.Late++
		case d < int64(to):
			h.PendingOverdue++
		default:
			h.PendingInTime++
		}
		return nil
	})
	if err != nil {
		return h, err
	}
	if missing > 0 {
		return h, fmt.Errorf("%d petitions received %s..%s have a type or instance without a handling deadline", missing, from, to)
	}
	for _, key := range sortedKeys(groups, func(a, b receivedKey) int {
		return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(b2i(a.reception), b2i(b.reception)), cmp.Compare(a.dest, b.dest))
	}) {
		if err := counted(groups[key]); err != nil {
			return h, err
		}
	}
	var c report.ChainedPetition
	err = rs.each(ctx, chainedReceivedQuery, func(scan func(...any) error) error {
		var of sql.NullString
		var day, at, seq sql.NullInt64
		if err := scan(&c.Ref, &c.Type, &c.Reception, &of, &day, &at, &seq); err != nil {
			return err
		}
		c.Link = linkAsOf(to, of, day, at, seq)
		return chained(&c)
	}, int64(from), int64(to))
	if err != nil {
		return h, err
	}
	return h, rs.unsettled(ctx, unsettled, to, others)
}

// noDue marks a day and kind without a deadline in a table of due days.
const noDue = math.MinInt64

// dueOrNone is a due day for a table of due days: noDue when there is none.
func dueOrNone(d cases.Date, err error) int64 {
	if err != nil {
		return noDue
	}
	return int64(d)
}

// sortedKeys returns the keys of m in the order of compare: the groups are
// handed on in the same order whatever the map's.
func sortedKeys[K comparable, V any](m map[K]V, compare func(a, b K) int) []K {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, compare)
	return keys
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The resolution deadline of a plain case accepted on a day is in the slot
// of its type (complaint or denunciation), instance, complexity and unit's
// remoteness.
const resolutionSlots = 16

// resolutionSlot is the slot of a case, or -1 when it has none.
func resolutionSlot(typ string, instance int64, complex, remote bool) int {
	var t int
	switch cases.Type(typ) {
	case cases.Complaint:
		t = 0
	case cases.Denunciation:
		t = 1
	default:
		return -1
	}
	if instance != 1 && instance != 2 {
		return -1
	}
	return (t*2+int(instance)-1)*4 + 2*b2i(complex) + b2i(remote)
}

// window is openWindow in SQL: report_cases_long (migration 0009) holds the
// cases open longer.
const window = "120"

// What a case did in ?1..?2 (c is its row of report_cases).
const (
	caseClosedBefore = `(coalesce(c.resolve_day < ?1, 0) OR coalesce(c.terminate_day < ?1, 0))`
	caseMust         = `(` + caseCarried + ` OR ` + caseAccepted + `)`
	caseCarried      = `(c.accept_day < ?1 AND NOT ` + caseClosedBefore + `)`
	caseAccepted     = `(c.accept_day >= ?1)`
	caseImplemented  = `coalesce(c.implement_day BETWEEN ?1 AND ?2, 0)`
	caseGroup        = `c.type, c.route_to, CASE WHEN c.route_to = 'lower' THEN c.unit ELSE '' END`
)

// caseKey is what a report.CaseCount groups by.
type caseKey struct {
	typ, routeTo, unit string
}

// The other cases whose results in ?1..?2 may count: those accepted in the
// window or in ?1..?2 that were extended, suspended or resumed after ?2;
// those accepted before the window and open at ?1 (plain or not); those
// accepted before the window, closed before ?1 and implemented in ?1..?2
// that are not plain.
const (
	knottyCasesQuery = `SELECT c.petition FROM report_cases c INDEXED BY report_cases_knotty
		WHERE c.accept_day BETWEEN ?1 - ` + window + ` AND ?2 AND c.plain = 0 AND c.knot_day > ?2
			AND (` + caseMust + ` OR ` + caseImplemented + `)`
	longCasesQuery = `SELECT c.petition FROM report_cases c INDEXED BY report_cases_long
		WHERE (coalesce(c.resolve_day, c.terminate_day) IS NULL
				OR coalesce(c.resolve_day, c.terminate_day) - c.accept_day > ` + window + `)
			AND c.accept_day < ?1 - ` + window + ` AND NOT ` + caseClosedBefore
	implementedBeyond = ` FROM report_cases c INDEXED BY report_cases_implemented
		WHERE c.implement_day BETWEEN ?1 AND ?2 AND c.accept_day < ?1 - ` + window + ` AND c.resolve_day < ?1`
	plainImplementedQuery  = `SELECT ` + caseGroup + `, count(*)` + implementedBeyond + ` AND c.plain = 1 GROUP BY 1, 2, 3`
	knottyImplementedQuery = `SELECT c.petition` + implementedBeyond + ` AND c.plain = 0`
)

// PlainCases implements report.Counter: the results of the cases accepted
// in the window before from or in from..to are counted in Go from their
// facts (blocks.go), but for those extended, suspended or resumed after
// to, whose deadline at the end of to only their timelines tell; those,
// and the cases accepted before the window, by the queries above.
func (rs *reportStore) PlainCases(ctx context.Context, from, to cases.Date, due report.ResolutionDue,
	remote []string, counted func(*report.CaseCount) error, others func(string) error) error {
	base := from - openWindow
	dues := make([]int64, int(to-base+1)*resolutionSlots)
	for day := base; day <= to; day++ {
		for slot := range resolutionSlots {
			t := []cases.Type{cases.Complaint, cases.Denunciation}[slot/8]
			d, err := due(day, t, slot/4%2+1, slot&2 != 0, slot&1 != 0, 0)
			dues[int(day-base)*resolutionSlots+slot] = dueOrNone(d, err)
		}
	}
	isRemote := map[string]bool{}
	for _, u := range remote {
		isRemote[u] = true
	}
	f, t := int64(from), int64(to)
	within := func(day int64) bool { return day != noDay && day >= f && day <= t }
	groups := map[caseKey]*report.CaseCount{}
	missing := 0
	err := rs.eachFact(ctx, caseFacts, int64(base), t, func(r *factRow) error {
		if knot := r.v[cKnot]; knot != noDay && knot > t {
			return nil // knottyCasesQuery lists it
		}
		resolve, terminate := r.v[cResolve], r.v[cTerminate]
		closedBefore := (resolve != noDay && resolve < f) || (terminate != noDay && terminate < f)
		carried := r.day < f && !closedBefore
		accepted := r.day >= f
		must := carried || accepted
		resolved, terminated, implemented := within(resolve), within(terminate), within(r.v[cImplement])
		if !must && !implemented {
			return nil
		}
		key := caseKey{typ: r.text(cType), routeTo: r.text(cRouteTo)}
		if key.routeTo == string(cases.ToLower) {
			key.unit = r.text(cUnit)
		}
		c := groups[key]
		if c == nil {
			c = &report.CaseCount{Type: cases.Type(key.typ), RouteTo: cases.Destination(key.routeTo), Unit: key.unit}
			groups[key] = c
		}
		g := &c.ResolutionFigures
		d := int64(noDue)
		complex, remote := r.v[cComplex] != 0, isRemote[r.text(cUnit)]
		// The days extensions and suspensions added by the end of to; a
		// suspension still running counts up to to.
		extra := r.v[cExtra]
		if since := r.v[cSuspendedSince]; since != noDay {
			extra += max(0, t-since)
		}
		if extra != 0 {
			due, err := due(cases.Date(r.day), cases.Type(key.typ), int(r.v[cInstance]), complex, remote, int(extra))
			d = dueOrNone(due, err)
		} else if slot := resolutionSlot(key.typ, r.v[cInstance], complex, remote); slot >= 0 {
			d = dues[int(r.day-int64(base))*resolutionSlots+slot]
		}
		g.CarriedOver += b2i(carried)
		g.Accepted += b2i(accepted)
		g.Implemented += b2i(implemented)
		if !must {
			return nil
		}
		switch {
		case resolved:
			g.Resolved++
			switch r.text(cVerdict) {
			case string(cases.Correct):
				g.Verdicts.Correct++
			case string(cases.Incorrect):
				g.Verdicts.Incorrect++
			case string(cases.PartlyCorrect):
				g.Verdicts.PartlyCorrect++
			}
			if d != noDue && resolve <= d {
				g.OnTime++
			} else if d != noDue {
				g.Late++
			}
		case terminated:
			// counted below
		case d != noDue && d < t:
			g.Overdue++
		}
		if terminated {
			g.Terminated++
		} else if d == noDue {
			missing++
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, key := range sortedKeys(groups, func(a, b caseKey) int {
		return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(a.routeTo, b.routeTo), cmp.Compare(a.unit, b.unit))
	}) {
		if err := counted(groups[key]); err != nil {
			return err
		}
	}
	if missing > 0 {
		return fmt.Errorf("%d cases accepted %s..%s have no resolution deadline", missing, base, to)
	}
	var c report.CaseCount
	err = rs.each(ctx, plainImplementedQuery, func(scan func(...any) error) error {
		c = report.CaseCount{}
		if err := scan(&c.Type, &c.RouteTo, &c.Unit, &c.Implemented); err != nil {
			return err
		}
		return counted(&c)
	}, int64(from), int64(to))
	if err != nil {
		return err
	}
	for _, q := range []string{knottyCasesQuery, longCasesQuery, knottyImplementedQuery} {
		if err := rs.each(ctx, q, scanRef(others), int64(from), int64(to)); err != nil {
			return err
		}
	}
	return nil
}

// The recommendations and reflections routed in ?1..?2.
const routedOthers = ` FROM report_timelines INDEXED BY report_timelines_routed
	WHERE route_day BETWEEN ?1 AND ?2 AND type IN ('recommendation', 'reflection') AND alone = `

// AloneRouted implements report.Counter.
func (rs *reportStore) AloneRouted(ctx context.Context, from, to cases.Date, others func(string) error) (int, error) {
	var n int
	err := rs.each(ctx, `SELECT count(*)`+routedOthers+`1`, func(scan func(...any) error) error {
		return scan(&n)
	}, int64(from), int64(to))
	if err != nil {
		return 0, err
	}
	return n, rs.each(ctx, `SELECT petition`+routedOthers+`0`, scanRef(others), int64(from), int64(to))
}

// linksQuery reads, for each petition of the JSON array ?1, the petition it
// is archived as a duplicate of and the day of that archive, and its first
// visit (a petition received after a day has no archive by then, but may
// have visits: they count).
const linksQuery = `SELECT j.value, d.of, d.day, v.at, v.seq FROM json_each(?1) j
	LEFT JOIN report_duplicates d ON d.petition = j.value
	LEFT JOIN report_visits v INDEXED BY report_visits_first ON v.petition = j.value AND v.first = 1`

// Links implements report.Counter.
func (rs *reportStore) Links(ctx context.Context, refs []string, to cases.Date, fn func(string, report.Link) error) error {
	return rs.eachChunk(ctx, linksQuery, refs, scanLink(to, fn))
}

// scanLink reads rows of a petition's ref, the petition it is archived as a
// duplicate of and the day, and its first visit, and calls fn with the
// ref and the link at the end of to.
func scanLink(to cases.Date, fn func(string, report.Link) error) func(scan func(...any) error) error {
	return func(scan func(...any) error) error {
		var ref string
		var of sql.NullString
		var day, at, seq sql.NullInt64
		if err := scan(&ref, &of, &day, &at, &seq); err != nil {
			return err
		}
		return fn(ref, linkAsOf(to, of, day, at, seq))
	}
}

// linkAsOf is the link of a petition at the end of to, from the petition
// it is archived as a duplicate of on a day, and its first visit.
func linkAsOf(to cases.Date, of sql.NullString, day, at, seq sql.NullInt64) report.Link {
	var l report.Link
	if of.Valid && day.Int64 <= int64(to) {
		l.DuplicateOf = of.String
	}
	if at.Valid && cases.DateOf(time.UnixMicro(at.Int64)) <= to {
		l.Visited, l.FirstAt, l.FirstSeq = true, at.Int64, seq.Int64
	}
	return l
}

// duplicatesOfQuery reads, for each petition of the JSON array ?1, the
// petitions archived as its duplicates by ?2, with their first visits.
const duplicatesOfQuery = `SELECT d.petition, d.of, d.day, v.at, v.seq FROM json_each(?1) j
	CROSS JOIN report_duplicates d INDEXED BY report_duplicates_of ON d.of = j.value AND d.day <= ?2
	LEFT JOIN report_visits v INDEXED BY report_visits_first ON v.petition = d.petition AND v.first = 1`

// DuplicatesOf implements report.Counter.
func (rs *reportStore) DuplicatesOf(ctx context.Context, refs []string, to cases.Date, fn func(string, report.Link) error) error {
	return rs.eachChunk(ctx, duplicatesOfQuery, refs, scanLink(to, fn), int64(to))
}
