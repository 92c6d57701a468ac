package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// openWindow is the number of days within which nearly every accepted case
// is closed; it must match the 120 of report_accepted_long in
// migrations/0002_report.sql.
const openWindow = 120

// refsChunk bounds the refs passed to one query.
const refsChunk = 20000

// ReportStore runs fn with a report.Store that reads one consistent snapshot
// of the history, so that figures computed by several queries agree with
// each other even while commands are being recorded.
func (db *DB) ReportStore(ctx context.Context, fn func(report.Store) error) error {
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin report: %w", err)
	}
	defer conn.Close()
	tx, err := beginReport(ctx, conn)
	if err != nil {
		return fmt.Errorf("begin report: %w", err)
	}
	defer tx.Rollback()
	rs := &reportStore{db: db, tx: tx, stmts: map[string]*sql.Stmt{}}
	defer rs.close()
	// The first read fixes the snapshot; its last event identifies it.
	if err := tx.QueryRowContext(ctx, lastSeqQuery).Scan(&rs.lastSeq); err != nil {
		return fmt.Errorf("begin report: %w", err)
	}
	return fn(rs)
}

// mmapSize is the part of the database file a report's connection maps in
// memory (SQLite caps it at 2 GiB): its pages are read in place instead of
// being copied through read(2) into the connection's page cache, which a
// report of a large history cycles through.
const mmapSize = 1 << 31

// beginReport starts a read transaction on conn, with its file mapped.
func beginReport(ctx context.Context, conn *sql.Conn) (*sql.Tx, error) {
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA mmap_size = %d", mmapSize)); err != nil {
		return nil, err
	}
	return conn.BeginTx(ctx, &sqlReadOnly)
}

// lastSeqQuery is the last event of a snapshot. Every table the report reads
// is the history's projection, written in the transaction that appends the
// events, so two snapshots with the same last event hold the same history.
const lastSeqQuery = `SELECT coalesce(max(seq), 0) FROM events`

// forkWait bounds the wait for a second read connection: when the pool is
// busy, Fork gives up and the report reads on its one transaction (two reports
// each holding one connection and waiting for a second must not block each
// other).
const forkWait = 5 * time.Millisecond

// reportStore implements report.Store on one read transaction.
type reportStore struct {
	db      *DB
	tx      *sql.Tx
	stmts   map[string]*sql.Stmt
	lastSeq int64
}

var (
	_ report.Store  = (*reportStore)(nil)
	_ report.Forker = (*reportStore)(nil)
)

// Fork implements report.Forker: a second read transaction on another
// connection, kept only if its snapshot ends at the same event as rs's.
func (rs *reportStore) Fork(ctx context.Context) (report.Store, func()) {
	wctx, cancel := context.WithTimeout(ctx, forkWait)
	conn, err := rs.db.read.Conn(wctx)
	cancel()
	if err != nil {
		return nil, nil
	}
	tx, err := beginReport(ctx, conn)
	if err != nil {
		conn.Close()
		return nil, nil
	}
	f := &reportStore{db: rs.db, tx: tx, stmts: map[string]*sql.Stmt{}}
	release := func() {
		f.close()
		tx.Rollback()
		conn.Close()
	}
	if err := tx.QueryRowContext(ctx, lastSeqQuery).Scan(&f.lastSeq); err != nil || f.lastSeq != rs.lastSeq {
		release()
		return nil, nil
	}
	return f, release
}

func (rs *reportStore) close() {
	for _, st := range rs.stmts {
		st.Close()
	}
}

// QueryContext runs q on the report's transaction, prepared once per
// report: a reportStore is a queryer.
func (rs *reportStore) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, ok := rs.stmts[q]
	if !ok {
		var err error
		st, err = rs.tx.PrepareContext(ctx, q)
		if err != nil {
			return nil, err
		}
		rs.stmts[q] = st
	}
	return st.QueryContext(ctx, args...)
}

// each runs q and calls fn with each row's Scan.
func (rs *reportStore) each(ctx context.Context, q string, fn func(scan func(...any) error) error, args ...any) error {
	rows, err := rs.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// eachChunk runs q once per chunk of refs, passed as a JSON array in the
// first placeholder (read with json_each), followed by args.
func (rs *reportStore) eachChunk(ctx context.Context, q string, refs []string, fn func(scan func(...any) error) error, args ...any) error {
	for len(refs) > 0 {
		n := min(len(refs), refsChunk)
		list, err := json.Marshal(refs[:n])
		if err != nil {
			return err
		}
		if err := rs.each(ctx, q, fn, append([]any{string(list)}, args...)...); err != nil {
			return err
		}
		refs = refs[n:]
	}
	return nil
}

func scanRef(fn func(string) error) func(scan func(...any) error) error {
	return func(scan func(...any) error) error {
		var ref string
		if err := scan(&ref); err != nil {
			return err
		}
		return fn(ref)
	}
}

// Units implements report.Store.
func (rs *reportStore) Units(ctx context.Context) ([]report.Unit, error) {
	var out []report.Unit
	err := rs.each(ctx, `SELECT u.ref, u.name, u.kind, u.parent, u.remote, u.lower_label, e.recorded_at
		FROM units u CROSS JOIN events e ON e.key = u.ref AND e.op = 'unit' ORDER BY e.seq`,
		func(scan func(...any) error) error {
			var u report.Unit
			if err := scan(&u.Ref, &u.Name, &u.Kind, &u.Parent, &u.Remote, &u.LowerLabel, &u.RecordedAt); err != nil {
				return err
			}
			out = append(out, u)
			return nil
		})
	return out, err
}

// Sessions implements report.Store.
func (rs *reportStore) Sessions(ctx context.Context, from, to cases.Date, fn func(*report.Session) error) error {
	var s report.Session
	return rs.each(ctx, `SELECT s.ref, s.kind, s.day, e.recorded_at
		FROM sessions s JOIN events e ON e.key = s.ref AND e.op = 'session'
		WHERE s.day BETWEEN ? AND ?`, func(scan func(...any) error) error {
		var day int64
		if err := scan(&s.Ref, &s.Kind, &day, &s.RecordedAt); err != nil {
			return err
		}
		s.Date = cases.Date(day)
		return fn(&s)
	}, int64(from), int64(to))
}

// Whether a visit is the first of its petition: the mark report_visits
// keeps, or, as of an instant (?3), whether no visit of its petition
// recorded by then came before it.
const (
	visitFirst     = `v.first`
	visitFirstAsOf = `NOT EXISTS (SELECT 1 FROM report_visits w INDEXED BY report_visits_petition
			WHERE w.petition = v.petition AND w.at <= v.at AND w.recorded_at <= ?3
				AND (w.at < v.at OR w.seq < v.seq))`
	visitsOfPeriod = ` FROM report_visits v` + visitsWhere
	visitsWhere    = ` WHERE v.day BETWEEN ?1 AND ?2 AND v.recorded_at <= ?3
		AND v.kind IN ('regular', 'periodic', 'adhoc')`
)

// chainedVisitsQuery reads the visits of a period whose petitions were ever
// on a chain of duplicates.
const chainedVisitsQuery = `SELECT v.seq, v.ref, v.petition, v.kind, v.people, v.at, v.day, v.recorded_at, v.first` +
	` FROM report_visits v INDEXED BY report_visits_chained` + visitsWhere + ` AND v.chained = 1`

// visitTallyQuery adds up the visits of a period whose petitions were never
// on a chain (?4 is the group threshold): each petition's visits first, in
// one pass sorted by petition, then over the petitions, so that the counts of
// distinct petitions are sums.
func visitTallyQuery(first string) string {
	return `SELECT coalesce(sum(nr), 0), coalesce(sum(np), 0), coalesce(sum(na), 0),
		coalesce(sum(pr), 0), coalesce(sum(pp), 0), coalesce(sum(pa), 0),
		coalesce(sum(nr > 0), 0), coalesce(sum(np > 0), 0), coalesce(sum(na > 0), 0), count(*),
		coalesce(sum(f), 0), coalesce(sum(rep), 0), coalesce(sum(g), 0), coalesce(sum(gp), 0), coalesce(sum(g > 0), 0)
	FROM (SELECT sum(v.kind = 'regular') AS nr, sum(v.kind = 'periodic') AS np, sum(v.kind = 'adhoc') AS na,
			sum(CASE v.kind WHEN 'regular' THEN v.people ELSE 0 END) AS pr,
			sum(CASE v.kind WHEN 'periodic' THEN v.people ELSE 0 END) AS pp,
			sum(CASE v.kind WHEN 'adhoc' THEN v.people ELSE 0 END) AS pa,
			sum(` + first + `) AS f, max(NOT (` + first + `)) AS rep,
			sum(v.people >= ?4) AS g, sum(CASE WHEN v.people >= ?4 THEN v.people ELSE 0 END) AS gp` +
		visitsOfPeriod + ` AND v.chained = 0 GROUP BY v.petition)`
}

// ChainedVisits implements report.Store.
func (rs *reportStore) ChainedVisits(ctx context.Context, from, to cases.Date, asOf int64, fn func(*report.Visit) error) error {
	var v report.Visit
	return rs.each(ctx, chainedVisitsQuery, func(scan func(...any) error) error {
		var day int64
		if err := scan(&v.Seq, &v.Ref, &v.Petition, &v.Kind, &v.People, &v.At, &day, &v.RecordedAt, &v.First); err != nil {
			return err
		}
		v.Date = cases.Date(day)
		return fn(&v)
	}, int64(from), int64(to), asOf)
}

// VisitTally implements report.Store. Without an as_of, with the default
// group threshold, the marks of each visit (visitMarks) tell whether it is
// the first of its petition in the period, of its kind, of a group, and the
// visits are counted in Go from their facts (blocks.go); otherwise each
// visit's petition is grouped in SQL.
func (rs *reportStore) VisitTally(ctx context.Context, from, to cases.Date, asOf int64, groupThreshold int) (report.VisitTally, error) {
	var t report.VisitTally
	if asOf == math.MaxInt64 && groupThreshold == report.DefaultGroupThreshold {
		f := int64(from)
		before := func(day int64) bool { return day == noDay || day < f }
		err := rs.eachFact(ctx, visitFacts, f, int64(to), func(r *factRow) error {
			if r.v[vChained] != 0 {
				return nil
			}
			var visits, people, petitions *int
			switch cases.VisitKind(r.text(vKind)) {
			case cases.Regular:
				visits, people, petitions = &t.Visits.Regular, &t.People.Regular, &t.Petitions.Regular
			case cases.Periodic:
				visits, people, petitions = &t.Visits.Periodic, &t.People.Periodic, &t.Petitions.Periodic
			case cases.AdHoc:
				visits, people, petitions = &t.Visits.AdHoc, &t.People.AdHoc, &t.Petitions.AdHoc
			default:
				return nil
			}
			n := int(r.v[vPeople])
			*visits++
			*people += n
			*petitions += b2i(before(r.v[vPrevKindDay]))
			t.Visits.Total++
			t.People.Total += n
			t.Petitions.Total += b2i(before(r.v[vPrevDay]))
			first := r.v[vFirst] != 0
			t.First += b2i(first)
			prev := r.v[vPrevDay]
			t.RepeatPetitions += b2i(!first && (r.v[vPrevFirst] != 0 || (prev != noDay && prev < f)))
			if n >= groupThreshold {
				t.Groups.Visits++
				t.Groups.People += n
				t.Groups.Cases += b2i(before(r.v[vPrevGroupDay]))
			}
			return nil
		})
		t.Repeat = t.Visits.Total - t.First
		return t, err
	}
	err := rs.each(ctx, visitTallyQuery(firstAsOf(asOf)), func(scan func(...any) error) error {
		return scan(&t.Visits.Regular, &t.Visits.Periodic, &t.Visits.AdHoc,
			&t.People.Regular, &t.People.Periodic, &t.People.AdHoc,
			&t.Petitions.Regular, &t.Petitions.Periodic, &t.Petitions.AdHoc, &t.Petitions.Total,
			&t.First, &t.RepeatPetitions, &t.Groups.Visits, &t.Groups.People, &t.Groups.Cases)
	}, int64(from), int64(to), asOf, groupThreshold)
	t.Visits.Total = t.Visits.Regular + t.Visits.Periodic + t.Visits.AdHoc
	t.People.Total = t.People.Regular + t.People.Periodic + t.People.AdHoc
	t.Repeat = t.Visits.Total - t.First
	return t, err
}

// firstAsOf is how a visit's being first is read for a report as of asOf.
func firstAsOf(asOf int64) string {
	if asOf == math.MaxInt64 {
		return visitFirst
	}
	return visitFirstAsOf
}

const receivedQuery = `SELECT petition, timeline FROM report_timelines WHERE received_day BETWEEN ? AND ?`

// Received implements report.Store.
func (rs *reportStore) Received(ctx context.Context, from, to cases.Date, fn func(string, report.Timeline) error) error {
	return rs.each(ctx, receivedQuery, scanTimeline(fn), int64(from), int64(to))
}

func scanTimeline(fn func(string, report.Timeline) error) func(scan func(...any) error) error {
	return func(scan func(...any) error) error {
		var ref string
		var t sql.RawBytes
		if err := scan(&ref, &t); err != nil {
			return err
		}
		return fn(ref, report.Timeline(t))
	}
}

// TypesReceived implements report.Store: report_timelines keeps each
// petition's type as last classified and the day of that classification,
// counted from their facts (blocks.go).
func (rs *reportStore) TypesReceived(ctx context.Context, from, to cases.Date, counted func(cases.Type, int) error,
	unsettled func(string, report.Timeline) error) error {
	n := map[string]int{}
	later := map[int64]bool{} // the days of those classified again after to
	err := rs.eachFact(ctx, receivedFacts, int64(from), int64(to), func(r *factRow) error {
		if r.v[rTypeDay] <= int64(to) {
			n[r.text(rType)]++
		} else {
			later[r.day] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, typ := range slices.Sorted(maps.Keys(n)) {
		if err := counted(cases.Type(typ), n[typ]); err != nil {
			return err
		}
	}
	return rs.unsettled(ctx, later, to, unsettled)
}

const actedQuery = `SELECT e.key FROM events e
		CROSS JOIN petitions p INDEXED BY petitions_ref_day ON p.ref = e.key
		WHERE e.op IN ('route', 'implement') AND e.day BETWEEN ?1 AND ?2 AND p.received_day < ?1
	UNION SELECT a.petition FROM report_accepted a
		CROSS JOIN petitions p INDEXED BY petitions_ref_day ON p.ref = a.petition
		WHERE a.accept_day BETWEEN ?1 AND ?2 AND p.received_day < ?1`

// Acted implements report.Store.
func (rs *reportStore) Acted(ctx context.Context, from, to cases.Date, fn func(string) error) error {
	return rs.each(ctx, actedQuery, scanRef(fn), int64(from), int64(to))
}

const openQuery = `SELECT petition FROM report_accepted INDEXED BY report_accepted_day
		WHERE accept_day >= ?2 AND accept_day < ?1 AND (close_day IS NULL OR close_day >= ?1 OR close_recorded > ?3)
	UNION SELECT petition FROM report_accepted INDEXED BY report_accepted_long
		WHERE (close_day IS NULL OR close_day - accept_day > 120) AND accept_day < ?1
			AND (close_day IS NULL OR close_day >= ?1 OR close_recorded > ?3)
	UNION SELECT petition FROM report_accepted INDEXED BY report_accepted_closed
		WHERE close_recorded IS NOT NULL AND close_recorded > ?3 AND accept_day < ?1`

// Open implements report.Store: the petitions accepted in the openWindow days
// before on and not closed before it, those accepted earlier that stayed open
// longer, and, as of an earlier instant, those closed by an event recorded
// after it.
func (rs *reportStore) Open(ctx context.Context, on cases.Date, asOf int64, fn func(string) error) error {
	return rs.each(ctx, openQuery, scanRef(fn), int64(on), int64(on)-openWindow, asOf)
}

const timelinesQuery = `SELECT t.petition, t.timeline FROM json_each(?) j
	CROSS JOIN petitions p INDEXED BY petitions_ref_day ON p.ref = j.value
	CROSS JOIN report_timelines t ON t.received_day = p.received_day AND t.petition = p.ref`

// Timelines implements report.Store.
func (rs *reportStore) Timelines(ctx context.Context, refs []string, fn func(string, report.Timeline) error) error {
	return rs.eachChunk(ctx, timelinesQuery, refs, scanTimeline(fn))
}

const duplicatesQuery = `SELECT petition FROM report_duplicates INDEXED BY report_duplicates_of
	WHERE of IN (SELECT value FROM json_each(?))`

// Duplicates implements report.Store.
func (rs *reportStore) Duplicates(ctx context.Context, refs []string, fn func(string) error) error {
	return rs.eachChunk(ctx, duplicatesQuery, refs, scanRef(fn))
}
