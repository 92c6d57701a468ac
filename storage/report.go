package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// ReportStore runs fn with a report.Store that reads one consistent snapshot
// of the history, so that figures computed by several queries agree with
// each other even while commands are being recorded.
func (db *DB) ReportStore(ctx context.Context, fn func(report.Store) error) error {
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin report: %w", err)
	}
	defer conn.Close()
	tx, err := beginReport(ctx, db, conn)
	if err != nil {
		return fmt.Errorf("begin report: %w", err)
	}
	defer tx.Rollback()
	rs := &reportStore{db: db, conn: conn, tx: tx, stmts: map[string]*sql.Stmt{}}
	defer rs.close()
	// The first read fixes the snapshot; its last event identifies it.
	if err := tx.QueryRowContext(ctx, lastSeqQuery).Scan(&rs.lastSeq); err != nil {
		return fmt.Errorf("begin report: %w", err)
	}
	return fn(rs)
}

// beginReport starts a read transaction on conn, with its file mapped
// (mapFile) on SQLite.
func beginReport(ctx context.Context, db *DB, conn *sql.Conn) (*sql.Tx, error) {
	if !db.dialect.postgres {
		if err := mapFile(ctx, conn); err != nil {
			return nil, err
		}
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
	conn    *sql.Conn // tx's
	tx      *sql.Tx
	stmts   map[string]*sql.Stmt
	lastSeq int64
}

var _ report.Store = (*reportStore)(nil)

// Fork implements report.Forker: a second read transaction on another
// connection, kept only if its snapshot ends at the same event as rs's.
func (rs *reportStore) Fork(ctx context.Context) (report.Store, func()) {
	wait := forkWait
	if rs.db.dialect.postgres {
		wait = postgresForkWait
	}
	wctx, cancel := context.WithTimeout(ctx, wait)
	conn, err := rs.db.read.Conn(wctx)
	cancel()
	if err != nil {
		return nil, nil
	}
	tx, err := beginReport(ctx, rs.db, conn)
	if err != nil {
		conn.Close()
		return nil, nil
	}
	f := &reportStore{db: rs.db, conn: conn, tx: tx, stmts: map[string]*sql.Stmt{}}
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

// eachBulk is each for the report's big reads: on PostgreSQL through pgx
// itself (pgEach).
func (rs *reportStore) eachBulk(ctx context.Context, q string, fn func(scan func(...any) error) error, args ...any) error {
	if rs.db.dialect.postgres {
		return pgEach(ctx, rs.conn, q, fn, args...)
	}
	return rs.each(ctx, q, fn, args...)
}

// eachChunk runs q once per chunk of refs, passed as a list (eachList) in
// the first placeholder, followed by args.
func (rs *reportStore) eachChunk(ctx context.Context, q string, refs []string, fn func(scan func(...any) error) error, args ...any) error {
	return eachList(refs, func(list any) error {
		return rs.eachBulk(ctx, q, fn, append([]any{list}, args...)...)
	})
}

// Units implements report.Store.
func (rs *reportStore) Units(ctx context.Context) ([]report.Unit, error) {
	var out []report.Unit
	err := rs.each(ctx, `SELECT u.ref, u.name, u.kind, u.parent, u.remote, u.lower_label,
			u.level, u.valid_from, u.valid_until, u.committee, e.recorded_at
		FROM units u CROSS JOIN events e WHERE e.key = u.ref AND e.op = 'unit' ORDER BY e.seq`,
		func(scan func(...any) error) error {
			var u report.Unit
			dest, done := unitScan(&u.Unit)
			if err := scan(append(dest, &u.RecordedAt)...); err != nil {
				return err
			}
			done()
			out = append(out, u)
			return nil
		})
	return out, err
}

// Sessions implements report.Store.
func (rs *reportStore) Sessions(ctx context.Context, from, to cases.Date, fn func(*report.Session) error) error {
	var s report.Session
	return rs.each(ctx, `SELECT s.ref, s.kind, s.day, s.online, e.recorded_at, s.committee
		FROM sessions s JOIN events e ON e.key = s.ref AND e.op = 'session'
		WHERE s.day BETWEEN ? AND ?`, func(scan func(...any) error) error {
		var day int64
		if err := scan(&s.Ref, &s.Kind, &day, &s.Online, &s.RecordedAt, &s.Committee); err != nil {
			return err
		}
		s.Date = cases.Date(day)
		return fn(&s)
	}, int64(from), int64(to))
}

// CommitteePetitions implements report.Store: the petitions routed to
// committee from another (the index petitions_routed_to), and when sentUp
// those it received sent up from another committee, whose refs hold a dot
// (cases.LinkedPetition), with the committee of the petition each was sent
// up from: both from indexes alone, petitions_sent_up (which holds each
// one's transferred_from) and petitions_ref_day (the province of 100
// communes, 12,144 sent up: 51 ms, against 87-107 ms reading the rows).
func (rs *reportStore) CommitteePetitions(ctx context.Context, committee string, sentUp bool, fn func(report.Crossing) error) error {
	err := rs.each(ctx, `SELECT ref, committee FROM petitions WHERE routed_to = ?1 AND committee <> ?1`,
		func(scan func(...any) error) error {
			x := report.Crossing{Into: true}
			if err := scan(&x.Ref, &x.Other); err != nil {
				return err
			}
			return fn(x)
		}, committee)
	if err != nil || !sentUp {
		return err
	}
	from := fmt.Sprintf(rs.db.dialect.transferredFrom, "s")
	return rs.each(ctx, `SELECT s.ref, f.ref, f.committee
		FROM petitions s JOIN petitions f INDEXED BY petitions_ref_day ON f.ref = `+from+`
		WHERE s.committee = ? AND s.ref LIKE '%.%'`,
		func(scan func(...any) error) error {
			var x report.Crossing
			if err := scan(&x.Ref, &x.From, &x.Other); err != nil {
				return err
			}
			return fn(x)
		}, committee)
}

// committeesWhere is the condition on a row's committee of
// report.Store.Days and Received, and its argument: none for every
// committee (nil).
func committeesWhere(committees []string) (string, []any, error) {
	if committees == nil {
		return `1 = 1`, nil, nil
	}
	list, err := listArg(committees)
	if err != nil {
		return ``, nil, err
	}
	return `committee IN (` + refsSQL + `)`, []any{list}, nil
}

// daysQuery lists the days a report of from..to reads (report.Store.Days)
// of the committees the condition %s keeps: a stale day without its
// summary; of a fresh one, the closed part only when every or its horizon
// is on or after from. Arguments: every, from, the committees', to.
const daysQuery = `SELECT committee, day, summarized IS NOT NULL AND summarized = version, first_day, horizon,
		CASE WHEN ? OR horizon >= ? THEN closed END, open
	FROM report_days
	WHERE %s AND (first_day <= ? OR summarized IS NULL OR summarized <> version)`

// Days implements report.Store.
func (rs *reportStore) Days(ctx context.Context, committees []string, from, to cases.Date, every bool,
	fn func(string, cases.Date, *report.DaySummary) error) error {
	where, list, err := committeesWhere(committees)
	if err != nil {
		return err
	}
	var s report.DaySummary
	var committee string
	args := append(append([]any{every, int64(from)}, list...), int64(to))
	return rs.eachBulk(ctx, fmt.Sprintf(daysQuery, where), func(scan func(...any) error) error {
		var day int64
		var fresh bool
		var first, horizon sql.NullInt64
		var closed, open sql.RawBytes
		if err := scan(&committee, &day, &fresh, &first, &horizon, &closed, &open); err != nil {
			return err
		}
		if !fresh {
			return fn(committee, cases.Date(day), nil)
		}
		s = report.DaySummary{FirstDay: cases.Date(first.Int64), Horizon: cases.Date(horizon.Int64),
			Closed: closed, Open: open}
		return fn(committee, cases.Date(day), &s)
	}, args...)
}

// receivedQuery lists the timelines of the petitions received from..to
// by the committees the condition %s keeps. Arguments: the committees',
// from, to.
const receivedQuery = `SELECT petition, timeline FROM report_timelines WHERE %s AND received_day BETWEEN ? AND ?`

// Received implements report.Store.
func (rs *reportStore) Received(ctx context.Context, committees []string, from, to cases.Date, fn func(string, report.Timeline) error) error {
	where, list, err := committeesWhere(committees)
	if err != nil {
		return err
	}
	return rs.eachBulk(ctx, fmt.Sprintf(receivedQuery, where), scanTimeline(fn), append(list, int64(from), int64(to))...)
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

// timelinesQuery finds each petition's committee and day by
// petitions_ref_day, which holds them: SQLite's planner prefers the key of
// petitions, then reads every row from the table as well (20,000 refs of
// the 100,000 history: 0.33-0.36 s against 0.17-0.18 s with the hint,
// sqlite3 without the map).
const timelinesQuery = `SELECT t.petition, t.timeline FROM json_each(?) j
	JOIN petitions p INDEXED BY petitions_ref_day ON p.ref = j.value
	JOIN report_timelines t ON t.committee = p.committee AND t.received_day = p.received_day AND t.petition = p.ref`

// Timelines implements report.Store.
func (rs *reportStore) Timelines(ctx context.Context, refs []string, fn func(string, report.Timeline) error) error {
	return rs.eachChunk(ctx, timelinesQuery, refs, scanTimeline(fn))
}
