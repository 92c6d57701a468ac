package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
)

// The streams verify reads: events in order (stream), a petition's own
// events and the events routed to it from others (visits, archives naming
// it as duplicated), read and decoded by goroutines of their own and fed to
// the replay petition by petition (feed).

// stream is a query's rows read one ahead, for merging sorted streams.
type stream[T any] struct {
	rows *sql.Rows
	scan func(*sql.Rows, *T) error
	cur  T
	ok   bool
	err  error
}

func openStream[T any](ctx context.Context, q queryer, scan func(*sql.Rows, *T) error, query string, args ...any) (*stream[T], error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	s := &stream[T]{rows: rows, scan: scan}
	s.advance()
	return s, s.err
}

func (s *stream[T]) advance() {
	if s.ok = s.rows.Next(); s.ok {
		if err := s.scan(s.rows, &s.cur); err != nil {
			s.err, s.ok = err, false
		}
	} else {
		s.err = s.rows.Err()
	}
}

func (s *stream[T]) close() error {
	s.rows.Close()
	if s.err != nil {
		return fmt.Errorf("verify: %w", s.err)
	}
	return nil
}

// routing is what the chain reads of a visit's, an archive's or a
// petition's command without decoding it whole.
type routing struct {
	Petition    string `json:"petition"`
	DuplicateOf string `json:"duplicate_of"`
	Number      string `json:"number"`
	Committee   string `json:"committee"`
}

// routingOf reads the fields of routing from a command's canonical JSON:
// each is a string at the top level, and a key in quotes followed by a
// colon and a quote is found nowhere else (a quote inside a string is
// escaped). A value with an escape, or a key found twice, is left to the
// JSON decoder.
func routingOf(data string) (routing, bool) {
	var r routing
	for _, f := range []struct {
		key string
		to  *string
	}{{`"petition":"`, &r.Petition}, {`"duplicate_of":"`, &r.DuplicateOf}, {`"number":"`, &r.Number}, {`"committee":"`, &r.Committee}} {
		i := strings.Index(data, f.key)
		if i < 0 {
			continue
		}
		rest := data[i+len(f.key):]
		end := strings.IndexByte(rest, '"')
		if end < 0 || strings.IndexByte(rest[:end], '\\') >= 0 || strings.Contains(rest[end:], f.key) {
			var slow routing
			err := json.Unmarshal([]byte(data), &slow)
			return slow, err == nil
		}
		*f.to = rest[:end]
	}
	return r, true
}

// readied is an event of a petition's replay as a reader goroutine
// prepares it: read, its command decoded and checked.
type readied struct {
	grp      string // the petition replayed with it
	e        eventRow
	d        command
	ok       bool     // the command can be replayed
	problems []string // what decoding it found, reported in order
	dup      bool     // another petition's archive as this one's duplicate
}

func (d *readied) problem(format string, args ...any) {
	d.problems = append(d.problems, fmt.Sprintf(format, args...))
}

// feed is what one reader goroutine prepares, read one ahead.
type feed struct {
	ch  chan *readied
	cur *readied
	ok  bool
}

func (f *feed) advance() { f.cur, f.ok = <-f.ch }

func (f *feed) grp() string {
	if !f.ok {
		return ""
	}
	return f.cur.grp
}

// send hands d to the replay, unless the verification has stopped.
func send(ctx context.Context, out chan<- *readied, d *readied) error {
	select {
	case out <- d:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ownEventsQuery reads the petitions' own events up to a seq, in the
// order of their keys then seq: by the index events_key_fingerprint, each
// key's few events sorted by seq. The unary + keeps SQLite from reading
// instead the events by seq and sorting them all, in memory
// (TestVerifyReadsEventsByKey).
const ownEventsQuery = `SELECT ` + eventColumns + ` FROM events
	WHERE op NOT IN ('unit', 'unit_until', 'session', 'visit') AND +seq <= ? ORDER BY key COLLATE BINARY, seq`

// readOwn reads the petitions' own events, in the order of their keys
// then seq.
func (v *verifier) readOwn(ctx context.Context, q *sql.Tx, out chan<- *readied) error {
	defer close(out)
	rows, err := q.QueryContext(ctx, ownEventsQuery, v.total)
	if err != nil {
		return fmt.Errorf("read events: %w", err)
	}
	defer rows.Close()
	// One more goroutine decodes what this one reads.
	read := make(chan *readied, 512)
	decoded := make(chan struct{})
	go func() {
		defer close(decoded)
		for d := range read {
			d.d, d.ok = decode(&d.e, v.db.secrets, d.problem)
			if send(ctx, out, d) != nil {
				for range read {
				}
			}
		}
	}()
	defer func() {
		close(read)
		<-decoded
	}()
	for rows.Next() {
		d := &readied{}
		if err := scanEvent(rows, &d.e); err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		d.grp = d.e.key
		if err := send(ctx, read, d); err != nil {
			return err
		}
	}
	return rows.Err()
}

// readRouted reads the events the chain routed to other petitions than
// their key's, in the order of those petitions then seq.
func (v *verifier) readRouted(ctx context.Context, q *sql.Tx, stx *sql.Tx, out chan<- *readied) error {
	defer close(out)
	byseq, err := q.PrepareContext(ctx, `SELECT `+eventColumns+` FROM events WHERE seq = ?`)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	defer byseq.Close()
	rows, err := stx.QueryContext(ctx, `SELECT grp, seq FROM route ORDER BY grp, seq`)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		d := &readied{}
		var seq int64
		if err := rows.Scan(&d.grp, &seq); err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		ev, err := byseq.QueryContext(ctx, seq)
		if err != nil {
			return fmt.Errorf("verify: read event %d: %w", seq, err)
		}
		found := ev.Next()
		if found {
			err = scanEvent(ev, &d.e)
		}
		ev.Close()
		if err != nil || !found {
			return fmt.Errorf("verify: read event %d: %v", seq, err)
		}
		if cases.Op(d.e.op) == cases.OpVisit {
			d.d, d.ok = decode(&d.e, v.db.secrets, d.problem)
		} else {
			// Its problems are its own petition's to report.
			d.dup = true
			d.d, d.ok = decode(&d.e, v.db.secrets, func(string, ...any) {})
		}
		if err := send(ctx, out, d); err != nil {
			return err
		}
	}
	return rows.Err()
}
