package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
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

func (rs *reportStore) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
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
	rows, err := rs.query(ctx, q, args...)
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

const visitColumns = `SELECT e.seq, v.ref, v.petition, v.kind, v.people, e.at, v.day, e.recorded_at
	FROM visits v JOIN events e ON e.key = v.ref AND e.op = 'visit'`

func scanVisit(fn func(*report.Visit) error) func(scan func(...any) error) error {
	var v report.Visit
	return func(scan func(...any) error) error {
		var day int64
		if err := scan(&v.Seq, &v.Ref, &v.Petition, &v.Kind, &v.People, &v.At, &day, &v.RecordedAt); err != nil {
			return err
		}
		v.Date = cases.Date(day)
		return fn(&v)
	}
}

// Visits implements report.Store.
func (rs *reportStore) Visits(ctx context.Context, from, to cases.Date, fn func(*report.Visit) error) error {
	return rs.each(ctx, visitColumns+` WHERE v.day BETWEEN ? AND ?`, scanVisit(fn), int64(from), int64(to))
}

const visitsBeforeQuery = visitColumns + ` WHERE v.petition IN (SELECT value FROM json_each(?)) AND v.day < ?`

// VisitsBefore implements report.Store.
func (rs *reportStore) VisitsBefore(ctx context.Context, refs []string, day cases.Date, fn func(*report.Visit) error) error {
	return rs.eachChunk(ctx, visitsBeforeQuery, refs, scanVisit(fn), int64(day))
}

const receivedQuery = `SELECT doc FROM petitions WHERE received_day BETWEEN ? AND ?`

// Received implements report.Store from the petitions projection.
func (rs *reportStore) Received(ctx context.Context, from, to cases.Date, fn func(string, *cases.Petition) error) error {
	var p cases.Petition
	return rs.each(ctx, receivedQuery, func(scan func(...any) error) error {
		var doc sql.RawBytes
		if err := scan(&doc); err != nil {
			return err
		}
		p = cases.Petition{}
		if err := decodeReportPetition(doc, &p); err != nil {
			return fmt.Errorf("petition: %w", err)
		}
		return fn(p.Ref, &p)
	}, int64(from), int64(to))
}

const actedQuery = `SELECT key FROM events WHERE op IN ('route', 'implement') AND day BETWEEN ?1 AND ?2
	UNION SELECT petition FROM report_accepted WHERE accept_day BETWEEN ?1 AND ?2`

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

const petitionsQuery = `SELECT doc FROM petitions WHERE ref IN (SELECT value FROM json_each(?))`

// Petitions implements report.Store from the petitions projection.
func (rs *reportStore) Petitions(ctx context.Context, refs []string, fn func(*cases.Petition) error) error {
	var p cases.Petition
	return rs.eachChunk(ctx, petitionsQuery, refs, func(scan func(...any) error) error {
		var doc sql.RawBytes
		if err := scan(&doc); err != nil {
			return err
		}
		p = cases.Petition{}
		if err := decodeReportPetition(doc, &p); err != nil {
			return fmt.Errorf("petition: %w", err)
		}
		return fn(&p)
	})
}

const eventsQuery = `SELECT seq, op, key, at, day, state, recorded_at, data FROM events
	WHERE key IN (SELECT value FROM json_each(?)) AND day <= ?
		AND op NOT IN ('unit', 'session', 'visit', 'dialogue')`

// Events implements report.Store.
func (rs *reportStore) Events(ctx context.Context, refs []string, to cases.Date, fn func(*report.Event) error) error {
	var e report.Event
	return rs.eachChunk(ctx, eventsQuery, refs, func(scan func(...any) error) error {
		var op, key string
		var at, day int64
		var data sql.RawBytes
		if err := scan(&e.Seq, &op, &key, &at, &day, &e.State, &e.RecordedAt, &data); err != nil {
			return err
		}
		e.Date = cases.Date(day)
		e.Command = cases.Command{}
		if err := decodeReportCommand(data, &e.Command); err != nil {
			return fmt.Errorf("event %d: %w", e.Seq, err)
		}
		if e.Command.Op != cases.Op(op) || e.Command.Key() != key {
			return fmt.Errorf("event %d: its command (%s %s) does not match its columns (%s %s)",
				e.Seq, e.Command.Op, e.Command.Key(), op, key)
		}
		return fn(&e)
	}, int64(to))
}

const duplicatesQuery = `SELECT key FROM events
	WHERE op = 'archive' AND json_extract(data, '$.duplicate_of') IN (SELECT value FROM json_each(?))`

// Duplicates implements report.Store.
func (rs *reportStore) Duplicates(ctx context.Context, refs []string, fn func(string) error) error {
	return rs.eachChunk(ctx, duplicatesQuery, refs, scanRef(fn))
}

// decodeReportCommand reads the top-level fields of a stored command that the
// report folds, skipping personal data (petitioner, citizen, summary) without
// decoding it. The stored JSON is what json.Marshal wrote, so it is valid;
// strings with escapes are decoded by encoding/json.
func decodeReportCommand(data []byte, c *cases.Command) error {
	d := jsonScanner{b: data}
	return d.object(func(key []byte) (err error) {
		switch string(key) {
		case "op":
			err = d.strInto((*string)(&c.Op))
		case "ref":
			err = d.plainInto(&c.Ref)
		case "petition":
			err = d.plainInto(&c.Petition)
		case "kind":
			err = d.strInto(&c.Kind)
		case "received_at":
			err = d.plainInto(&c.ReceivedAt)
		case "at":
			err = d.plainInto(&c.At)
		case "channel":
			err = d.strInto((*string)(&c.Channel))
		case "type":
			err = d.strInto((*string)(&c.Type))
		case "field":
			err = d.strInto((*string)(&c.Field))
		case "complex":
			err = d.strInto((*string)(&c.Complex))
		case "to":
			err = d.strInto((*string)(&c.To))
		case "unit":
			err = d.plainInto(&c.Unit)
		case "method":
			err = d.strInto((*string)(&c.Method))
		case "reason":
			err = d.plainInto(&c.Reason)
		case "duplicate_of":
			err = d.plainInto(&c.DuplicateOf)
		case "verdict":
			err = d.strInto((*string)(&c.Verdict))
		case "decision":
			err = d.plainInto(&c.Decision)
		case "people":
			c.People, err = d.int()
		case "instance":
			c.Instance, err = d.int()
		case "days":
			c.Days, err = d.int()
		case "eligible":
			var b bool
			b, err = d.bool()
			c.Eligible = &b
		case "secret_waived":
			c.SecretWaived, err = d.bool()
		default:
			err = d.skip()
		}
		return err
	})
}

// decodeReportPetition reads a petition's projection (the JSON of
// cases.Petition) but its personal data (petitioner, summary), which the report
// does not read. Strings with escapes are decoded by encoding/json.
func decodeReportPetition(data []byte, p *cases.Petition) error {
	d := jsonScanner{b: data}
	var times timeBlock
	return d.object(func(key []byte) (err error) {
		switch string(key) {
		case "ref":
			err = d.plainInto(&p.Ref)
		case "received_at":
			err = d.timeInto(&p.ReceivedAt)
		case "channel":
			err = d.strInto((*string)(&p.Channel))
		case "people":
			p.People, err = d.int()
		case "secret_waived":
			p.SecretWaived, err = d.bool()
		case "recorded_by":
			err = d.plainInto(&p.RecordedBy)
		case "protected":
			p.Protected, err = d.bool()
		case "state":
			err = d.strInto((*string)(&p.State))
		case "type":
			err = d.strInto((*string)(&p.Type))
		case "field":
			err = d.strInto((*string)(&p.Field))
		case "eligible":
			p.Eligible, err = d.bool()
		case "complex":
			err = d.strInto((*string)(&p.Complex))
		case "instance":
			p.Instance, err = d.int()
		case "route_to":
			err = d.strInto((*string)(&p.RouteTo))
		case "unit":
			err = d.plainInto(&p.Unit)
		case "method":
			err = d.strInto((*string)(&p.Method))
		case "routed_at":
			p.RoutedAt, err = d.timePtrIn(&times)
		case "archive_reason":
			err = d.strInto((*string)(&p.Archive))
		case "duplicate_of":
			err = d.plainInto(&p.DuplicateOf)
		case "handled_at":
			p.HandledAt, err = d.timePtrIn(&times)
		case "accepted_at":
			p.AcceptedAt, err = d.timePtrIn(&times)
		case "extensions":
			p.Extensions, err = d.int()
		case "extension_days":
			p.ExtensionDays, err = d.int()
		case "suspended_since":
			p.SuspendedSince, err = d.timePtrIn(&times)
		case "suspended_days":
			p.SuspendedDays, err = d.int()
		case "resolved_at":
			p.ResolvedAt, err = d.timePtrIn(&times)
		case "verdict":
			err = d.strInto((*string)(&p.Verdict))
		case "decision":
			err = d.plainInto(&p.Decision)
		case "implemented_at":
			p.ImplementedAt, err = d.timePtrIn(&times)
		case "closed_at":
			p.ClosedAt, err = d.timePtrIn(&times)
		case "close_reason":
			err = d.plainInto(&p.CloseReason)
		case "version":
			p.Version, err = d.int()
		case "last_at":
			err = d.timeInto(&p.LastAt)
		default:
			err = d.skip()
		}
		return err
	})
}

// jsonScanner reads the compact JSON that json.Marshal writes: no
// whitespace between tokens.
type jsonScanner struct {
	b []byte
	i int
}

var errJSON = errors.New("stored command is not the JSON expected")

// object reads an object, calling field with each key and the scanner at its
// value, which field must consume.
func (d *jsonScanner) object(field func(key []byte) error) error {
	if !d.consume('{') {
		return d.fail("expected an object")
	}
	if d.consume('}') {
		return nil
	}
	for {
		key, err := d.str()
		if err != nil {
			return err
		}
		if !d.consume(':') {
			return d.fail("expected ':'")
		}
		if err := field(key); err != nil {
			return err
		}
		if d.consume('}') {
			return nil
		}
		if !d.consume(',') {
			return d.fail("expected ',' or '}'")
		}
	}
}

func (d *jsonScanner) fail(what string) error {
	return fmt.Errorf("%w: %s at byte %d", errJSON, what, d.i)
}

func (d *jsonScanner) consume(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// str reads a string; the result aliases the input unless it had escapes.
func (d *jsonScanner) str() ([]byte, error) {
	if !d.consume('"') {
		return nil, d.fail("expected a string")
	}
	start := d.i
	end := bytes.IndexByte(d.b[start:], '"')
	if end < 0 {
		return nil, d.fail("unterminated string")
	}
	if bytes.IndexByte(d.b[start:start+end], '\\') < 0 {
		d.i = start + end + 1
		return d.b[start : start+end], nil
	}
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case '\\':
			d.i += 2
			continue
		case '"':
			d.i++
			var s string
			if err := json.Unmarshal(d.b[start-1:d.i], &s); err != nil {
				return nil, d.fail("bad string")
			}
			return []byte(s), nil
		}
		d.i++
	}
	return nil, d.fail("unterminated string")
}

// plainInto reads a string that is no enum word (a ref, a reason).
func (d *jsonScanner) plainInto(s *string) error {
	b, err := d.str()
	*s = string(b)
	return err
}

// strInto reads a string; the words of the enums, which recur on every row,
// are not allocated again.
func (d *jsonScanner) strInto(s *string) error {
	b, err := d.str()
	if w, ok := words[string(b)]; ok {
		*s = w
	} else {
		*s = string(b)
	}
	return err
}

// words are the enum values of the commands and petitions.
var words = func() map[string]string {
	m := map[string]string{}
	for _, w := range []string{"received", "classified", "routed_own", "routed_lower", "transferred",
		"archived", "accepted", "suspended", "rejected", "resolved", "implemented", "terminated",
		"complaint", "denunciation", "recommendation", "reflection",
		"land", "housing", "policy", "civil_service", "corruption", "judicial", "party", "other",
		"none", "complex", "very_complex", "own", "lower", "assign", "guide", "transfer", "urge",
		"duplicate", "anonymous", "unclear", "not_eligible", "correct", "incorrect", "partly_correct",
		"answered", "reception", "mail", "online", "transfer_in", "regular", "periodic", "adhoc",
		"withdrawn", "import", "petition", "classify", "route", "archive", "accept", "reject",
		"extend", "suspend", "resume", "resolve", "implement", "terminate"} {
		m[w] = w
	}
	return m
}()

func (d *jsonScanner) timeInto(t *time.Time) error {
	b, err := d.str()
	if err != nil {
		return err
	}
	if v, ok := parseICT(b); ok {
		*t = v
		return nil
	}
	if err := t.UnmarshalText(b); err != nil {
		return d.fail("bad time")
	}
	return nil
}

// parseICT parses the form every stored time takes, RFC 3339 in +07:00 with
// whole seconds ("2023-03-01T08:00:00+07:00"), faster than time.Parse; it
// reports false for any other form.
func parseICT(b []byte) (time.Time, bool) {
	if len(b) != 25 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' ||
		string(b[19:]) != "+07:00" {
		return time.Time{}, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for _, c := range b[i : i+n] {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 2)
	dd, ok3 := num(8, 2)
	h, ok4 := num(11, 2)
	mi, ok5 := num(14, 2)
	sec, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || dd < 1 || dd > 31 || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), dd, h, mi, sec, 0, cases.Zone)
	if t.Day() != dd {
		return time.Time{}, false // 31 February
	}
	return t, true
}

// timeBlock holds the times of one petition, allocated together.
type timeBlock struct {
	t *[7]time.Time
	n int
}

// timePtrIn reads a time or null into the next free time of b.
func (d *jsonScanner) timePtrIn(b *timeBlock) (*time.Time, error) {
	if bytes.HasPrefix(d.b[d.i:], []byte("null")) {
		d.i += 4
		return nil, nil
	}
	if b.t == nil || b.n == len(b.t) {
		b.t, b.n = new([7]time.Time), 0
	}
	t := &b.t[b.n]
	b.n++
	return t, d.timeInto(t)
}

func (d *jsonScanner) scalar() []byte {
	start := d.i
	for d.i < len(d.b) && d.b[d.i] != ',' && d.b[d.i] != '}' && d.b[d.i] != ']' {
		d.i++
	}
	return d.b[start:d.i]
}

func (d *jsonScanner) int() (int, error) {
	n, err := strconv.Atoi(string(d.scalar()))
	if err != nil {
		return 0, d.fail("expected an integer")
	}
	return n, nil
}

func (d *jsonScanner) bool() (bool, error) {
	switch string(d.scalar()) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, d.fail("expected true or false")
}

// skip passes over one value of any kind.
func (d *jsonScanner) skip() error {
	if d.i >= len(d.b) {
		return d.fail("expected a value")
	}
	switch d.b[d.i] {
	case '"':
		_, err := d.str()
		return err
	case '{', '[':
		depth := 0
		for d.i < len(d.b) {
			switch d.b[d.i] {
			case '"':
				if _, err := d.str(); err != nil {
					return err
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					d.i++
					return nil
				}
			}
			d.i++
		}
		return d.fail("unterminated value")
	}
	d.scalar()
	return nil
}
