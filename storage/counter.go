package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

var _ report.Counter = (*reportStore)(nil)

// countFromEvents is the size of a history, in events, from which a report
// counts most petitions in SQL rather than folding every petition's
// timeline: below it, the fixed cost of counting (the deadlines of every day
// and kind handed to SQL, the queries) is more than the folding
// (docs/performance.md: about 17 against 24 ms for six months of a
// 10,000-petition history, 105 against 76 ms for 100,000).
const countFromEvents = 200_000

// CountFrom sets the size of a history, in events, from which its reports
// count most petitions in SQL (report.Counter); 0 always, a negative
// number never. Tests use it to compare both ways.
func (db *DB) CountFrom(events int64) { db.countFrom.Store(events) }

// Counting implements report.Counter.
func (rs *reportStore) Counting() bool {
	from := rs.db.countFrom.Load()
	return from >= 0 && rs.lastSeq >= from
}

// typeCodes number the types in the slots of the deadlines handed to SQL.
var typeCodes = []cases.Type{"", cases.Complaint, cases.Denunciation, cases.Recommendation, cases.Reflection}

// typeCodeSQL is a petition's type as its number in typeCodes.
const typeCodeSQL = `CASE type WHEN 'complaint' THEN 1 WHEN 'denunciation' THEN 2
	WHEN 'recommendation' THEN 3 WHEN 'reflection' THEN 4 ELSE 0 END`

// dues hand SQL the deadlines Go computes: for each day from base on, in a
// slot per kind of petition or case, the due day of those of that kind
// received or accepted that day, or null when there is none. SQL reads
// them (?3, a flat JSON array, with base in ?4) as a table due (k, d), k
// being (day - base) * slots + slot. The resolution deadlines are looked up
// by each case, in an index SQLite makes of the table; the handling ones
// are the outer loop of their query instead, since the facts index holds
// the petitions of a day by type and instance (report_cases has no such
// index, and a second one would cost every import).
type dues struct {
	base  cases.Date
	slots int
	b     []byte
	n     int // the values written
}

func newDues(base cases.Date, slots int) *dues {
	return &dues{base: base, slots: slots, b: []byte{'['}}
}

// add appends the due days of the next day, slot by slot (ok false for none).
func (d *dues) add(due func(slot int) (cases.Date, bool)) {
	for slot := range d.slots {
		if d.n > 0 {
			d.b = append(d.b, ',')
		}
		d.n++
		if v, ok := due(slot); ok {
			d.b = strconv.AppendInt(d.b, int64(v), 10)
		} else {
			d.b = append(d.b, "null"...)
		}
	}
}

func (d *dues) json() string { return string(append(d.b, ']')) }

// duesCTE is the due table. A query joins it in a subquery of its own that
// LIMIT -1 keeps from being flattened into the grouping one: only there does
// SQLite index the table for the join instead of scanning it per row.
const duesCTE = `WITH due (k, d) AS MATERIALIZED (SELECT key, value FROM json_each(?3)) `

// dueOf joins the due table to the petitions of the row alias whose day
// column is day, by the slot expression slot.
func dueOf(slots int, day, slot string) string {
	return `CROSS JOIN due ON due.k = (` + day + ` - ?4) * ` + strconv.Itoa(slots) + ` + ` + slot
}

// receivedGroupsQuery groups the petitions received ?1..?2 and classified
// for the last time by ?2 by what the figures ask of them, in the order of
// the index it reads (no sorting), with the number of each group that left
// the desk after ?2 and of those alone (on no chain of duplicates), packed
// in one sum (sums.go) 32 bits apart: a group, the petitions of one day
// alike, is far from 2^32.
const receivedGroupsQuery = `SELECT type, reception, dest, count(*),
		coalesce(sum(coalesce(handled_day > ?2, 0) + (alone << 32)), 0)
	FROM report_timelines INDEXED BY report_timelines_facts
	WHERE received_day BETWEEN ?1 AND ?2 AND type_day <= ?2
	GROUP BY received_day, type, instance, reception, dest`

// receivedHandling judges the handling of the same petitions against the due
// days ?3 (dues from ?4, a slot for each of kinds): for each day and kind,
// the petitions received that day of that type and instance are one range
// of the index. Its fields are those handled on time, late, and not handled
// by ?2 though due before it.
var receivedHandling = newSumQuery(sumList{
	bounds: []string{"1"},
	fields: []sumField{{"t.handled_day <= ?2 AND t.handled_day <= due.d", 0},
		{"t.handled_day <= ?2 AND t.handled_day > due.d", 0},
		{"coalesce(t.handled_day > ?2, 1) AND due.d < ?2", 0}},
}, func(sums string) string {
	n := strconv.Itoa(len(kinds))
	types, instances := "CASE key % "+n, "CASE key % "+n
	for i, k := range kinds {
		types += fmt.Sprintf(" WHEN %d THEN '%s'", i, k.t)
		instances += fmt.Sprintf(" WHEN %d THEN %d", i, k.instance)
	}
	return `WITH due AS MATERIALIZED (SELECT ?4 + key / ` + n + ` AS day, ` + types + ` END AS type,
			` + instances + ` END AS instance, value AS d FROM json_each(?3) WHERE value IS NOT NULL)
	SELECT ` + sums + `
	FROM due CROSS JOIN report_timelines t INDEXED BY report_timelines_facts
		ON t.received_day = due.day AND t.type = due.type AND t.instance = due.instance
	WHERE t.received_day BETWEEN ?1 AND ?2 AND t.type_day <= ?2`
})

// chainedReceivedQuery lists the same petitions that are on chains of
// duplicates, from their own index, with their links (see linksQuery).
const chainedReceivedQuery = `SELECT t.petition, t.type, t.reception, d.of, d.day, v.at, v.seq
	FROM report_timelines t INDEXED BY report_timelines_chained
	LEFT JOIN report_duplicates d ON d.petition = t.petition
	LEFT JOIN report_visits v INDEXED BY report_visits_first ON v.petition = t.petition AND v.first = 1
	WHERE t.received_day BETWEEN ?1 AND ?2 AND t.alone = 0 AND t.type_day <= ?2`

// unsettledReceivedQuery reads the petitions received ?1..?2 and
// classified again after ?2, for CountReceived and TypesReceived: found in
// the narrow index, their long rows read only for them.
const unsettledReceivedQuery = `SELECT t.petition, t.timeline FROM report_timelines f INDEXED BY report_timelines_facts
	CROSS JOIN report_timelines t ON t.received_day = f.received_day AND t.petition = f.petition
	WHERE f.received_day BETWEEN ?1 AND ?2 AND f.type_day > ?2`

// kinds are the types and instances a classification can give.
var kinds = []struct {
	t        cases.Type
	instance int
}{{"", 0}, {cases.Complaint, 1}, {cases.Complaint, 2}, {cases.Denunciation, 1}, {cases.Denunciation, 2},
	{cases.Recommendation, 0}, {cases.Reflection, 0}}

// CountReceived implements report.Counter.
func (rs *reportStore) CountReceived(ctx context.Context, from, to cases.Date, due report.HandlingDue,
	counted func(*report.ReceivedGroup) error, chained func(*report.ChainedPetition) error,
	others func(string, report.Timeline) error) (report.Handling, error) {
	var h report.Handling
	var g report.ReceivedGroup
	n := 0
	err := rs.each(ctx, receivedGroupsQuery, func(scan func(...any) error) error {
		var packed int64
		if err := scan(&g.Type, &g.Reception, &g.Destination, &g.Petitions, &packed); err != nil {
			return err
		}
		if g.Petitions >= 1<<32 {
			return fmt.Errorf("%d petitions received on one day alike: more than a packed sum holds", g.Petitions)
		}
		g.LeftAfter, g.Alone = int(packed&(1<<32-1)), int(packed>>32)
		n += g.Petitions
		return counted(&g)
	}, int64(from), int64(to))
	if err != nil {
		return h, err
	}
	ds := newDues(from, len(kinds))
	for day := from; day <= to; day++ {
		ds.add(func(slot int) (cases.Date, bool) {
			// A kind without a deadline is left out: a petition of that
			// kind makes the counts disagree below.
			d, err := due(day, kinds[slot].t, kinds[slot].instance)
			return d, err == nil
		})
	}
	rows, err := rs.sums(ctx, receivedHandling, nil, int64(from), int64(to), ds.json(), int64(ds.base))
	if err != nil {
		return h, err
	}
	judged := int(rows[0].bounds[0])
	h.OnTime, h.Late, h.PendingOverdue = int(rows[0].sums[0]), int(rows[0].sums[1]), int(rows[0].sums[2])
	if judged != n {
		return h, fmt.Errorf("%d petitions received %s..%s have a type or instance without a handling deadline", n-judged, from, to)
	}
	h.PendingInTime = n - h.OnTime - h.Late - h.PendingOverdue
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
	return h, rs.each(ctx, unsettledReceivedQuery, scanTimeline(others), int64(from), int64(to))
}

// The resolution deadline of a plain case accepted on a day is in the slot
// of its type (complaint or denunciation), instance, complexity and unit's
// remoteness; ?5 lists the remote units.
const resolutionSlots = 16

const resolutionSlotSQL = `((` + typeCodeSQL + ` - 1) * 2 + c.instance - 1) * 4 + 2 * c.complex +
	(c.unit IN (SELECT value FROM json_each(?5)))`

// window is openWindow in SQL: report_cases_long (migration 0009) holds the
// cases open longer.
const window = "120"

// What a case did in ?1..?2 (c is its row of report_cases).
const (
	caseClosedBefore = `(coalesce(c.resolve_day < ?1, 0) OR coalesce(c.terminate_day < ?1, 0))`
	caseCarried      = `(c.accept_day < ?1 AND NOT ` + caseClosedBefore + `)`
	caseAccepted     = `(c.accept_day >= ?1)`
	caseMust         = `(` + caseCarried + ` OR ` + caseAccepted + `)`
	caseResolved     = `coalesce(c.resolve_day BETWEEN ?1 AND ?2, 0)`
	caseTerminated   = `coalesce(c.terminate_day BETWEEN ?1 AND ?2, 0)`
	caseImplemented  = `coalesce(c.implement_day BETWEEN ?1 AND ?2, 0)`
	caseGroup        = `c.type, c.route_to, CASE WHEN c.route_to = 'lower' THEN c.unit ELSE '' END`
)

// plainCases counts the results in ?1..?2 of the plain cases accepted in
// the window before ?1 or in ?1..?2, by type, route and lower unit: its
// fields are those of report.ResolutionFigures, in the order PlainCases
// reads them, and last the cases that have no deadline.
var plainCases = newSumQuery(sumList{
	bounds: []string{"1"},
	fields: []sumField{{"carried", 0}, {"accepted", 0}, {"must AND resolved", 0},
		{"must AND resolved AND verdict = 'correct'", 0}, {"must AND resolved AND verdict = 'incorrect'", 0},
		{"must AND resolved AND verdict = 'partly_correct'", 0},
		{"must AND resolved AND resolve_day <= d", 0}, {"must AND resolved AND resolve_day > d", 0},
		{"must AND terminated", 0}, {"must AND NOT resolved AND NOT terminated AND d < ?2", 0},
		{"implemented", 0}, {"must AND NOT terminated AND d IS NULL", 0}},
}, func(sums string) string {
	return duesCTE + `,
	p AS (SELECT ` + caseGroup + ` AS lower_unit, c.verdict, c.resolve_day, ` + caseCarried + ` AS carried,
			` + caseAccepted + ` AS accepted, ` + caseMust + ` AS must, ` + caseResolved + ` AS resolved,
			` + caseTerminated + ` AS terminated, ` + caseImplemented + ` AS implemented, due.d
		FROM report_cases c ` + dueOf(resolutionSlots, "c.accept_day", resolutionSlotSQL) + `
		WHERE c.accept_day BETWEEN ?1 - ` + window + ` AND ?2 AND c.plain = 1
			AND (` + caseMust + ` OR ` + caseImplemented + `) LIMIT -1)
	SELECT type, route_to, lower_unit, ` + sums + ` FROM p GROUP BY 1, 2, 3`
})

// The other cases whose results in ?1..?2 may count: those accepted in the
// window or in ?1..?2 that are not plain; those accepted before the window
// and open at ?1 (plain or not); those accepted before the window, closed
// before ?1 and implemented in ?1..?2 that are not plain.
const (
	knottyCasesQuery = `SELECT c.petition FROM report_cases c INDEXED BY report_cases_knotty
		WHERE c.accept_day BETWEEN ?1 - ` + window + ` AND ?2 AND c.plain = 0
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

// PlainCases implements report.Counter.
func (rs *reportStore) PlainCases(ctx context.Context, from, to cases.Date, due report.ResolutionDue,
	remote []string, counted func(*report.CaseCount) error, others func(string) error) error {
	ds := newDues(from-openWindow, resolutionSlots)
	for day := ds.base; day <= to; day++ {
		ds.add(func(slot int) (cases.Date, bool) {
			t, inst := typeCodes[slot/8+1], slot/4%2+1
			d, err := due(day, t, inst, slot&2 != 0, slot&1 != 0)
			return d, err == nil // else null, as above
		})
	}
	if remote == nil {
		remote = []string{} // a JSON array, not null
	}
	remoteList, err := json.Marshal(remote)
	if err != nil {
		return err
	}
	rows, err := rs.sums(ctx, plainCases, func() []any { return []any{new(cases.Type), new(cases.Destination), new(string)} },
		int64(from), int64(to), ds.json(), int64(ds.base), string(remoteList))
	if err != nil {
		return err
	}
	missing := 0
	for _, r := range rows {
		n := func(i int) int { return int(r.sums[i]) }
		c := report.CaseCount{Type: *r.keys[0].(*cases.Type), RouteTo: *r.keys[1].(*cases.Destination), Unit: *r.keys[2].(*string)}
		g := &c.ResolutionFigures
		g.CarriedOver, g.Accepted, g.Resolved = n(0), n(1), n(2)
		g.Verdicts.Correct, g.Verdicts.Incorrect, g.Verdicts.PartlyCorrect = n(3), n(4), n(5)
		g.OnTime, g.Late, g.Terminated, g.Overdue, g.Implemented = n(6), n(7), n(8), n(9), n(10)
		missing += n(11)
		if err := counted(&c); err != nil {
			return err
		}
	}
	if missing > 0 {
		return fmt.Errorf("%d cases accepted %s..%s have no resolution deadline", missing, from-openWindow, to)
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
