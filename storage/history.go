package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The history as read: a petition's events, and the last event, which
// every change to the history moves.

// History returns the events of a petition, its creation first, with the
// visits and dialogues about it, in the order they were recorded. The
// command of a petition or a visit has its number in the reception book,
// the one derived for it when it was recorded before the books began.
func (db *DB) History(ctx context.Context, ref string) ([]cases.Event, error) {
	var out []cases.Event
	err := each(ctx, db.read, `SELECT e.seq, e.recorded_at, e.recorded_by, e.data, e.hash, b.number, b.year
		FROM events e LEFT JOIN reception_book b ON b.committee = ? AND b.book = e.op AND b.ref = e.key
		WHERE e.key = ? OR (e.op = 'visit' AND e.key IN (SELECT ref FROM visits WHERE petition = ?))
		ORDER BY e.seq`, func(scan func(...any) error) error {
		var e cases.Event
		var rec int64
		var data string
		var n, year sql.NullInt64
		if err := scan(&e.Seq, &rec, &e.RecordedBy, &data, &e.Hash, &n, &year); err != nil {
			return err
		}
		e.RecordedAt = time.UnixMicro(rec).In(cases.Zone)
		c, err := cases.DecodeCommand([]byte(data))
		if err == nil {
			err = db.secrets.openCommand(&c)
		}
		if err != nil {
			return fmt.Errorf("event %d: %w", e.Seq, err)
		}
		if c.Number == "" && n.Valid && numbered(c.Op) {
			// Recorded before the books began: the number derived for it
			// (migrations/0005_reception_book.sql).
			c.Number = cases.Number{N: int(n.Int64), Year: int(year.Int64)}.String()
		}
		e.Command = c
		out = append(out, e)
		return nil
	}, oneCommittee, ref, ref)
	return out, err
}

// LastSeq is the number of the last recorded event (0 for an empty
// history): any change to the history changes it, so what is computed from
// the history can be cached under it.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var seq sql.NullInt64
	if err := db.read.QueryRowContext(ctx, `SELECT max(seq) FROM events`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("read the last event: %w", err)
	}
	return seq.Int64, nil
}

// ChangedSince reports whether an event recorded after event seq can change
// what is computed from the events dated through day through and, when asOf
// is not zero, recorded at or before asOf: the statistics of a period depend
// on nothing else. It reads only the events after seq.
func (db *DB) ChangedSince(ctx context.Context, seq int64, through cases.Date, asOf time.Time) (bool, error) {
	limit := int64(math.MaxInt64)
	if !asOf.IsZero() {
		limit = asOf.UnixMicro()
	}
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM events
		WHERE seq > ? AND day <= ? AND recorded_at <= ?`, seq, int64(through), limit).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read the events since %d: %w", seq, err)
	}
	return n > 0, nil
}

// Head is the last event of the history: its number, when it was recorded
// and its hash, the head of the chain that every event before it is under.
type Head struct {
	Seq        int64     `json:"seq"`
	RecordedAt time.Time `json:"recorded_at"`
	Hash       string    `json:"hash"`
}

// LastEvent returns the head of the history; its zero value for an empty
// history.
func (db *DB) LastEvent(ctx context.Context) (Head, error) {
	var h Head
	var rec int64
	err := db.read.QueryRowContext(ctx, `SELECT seq, recorded_at, hash FROM events ORDER BY seq DESC LIMIT 1`).
		Scan(&h.Seq, &rec, &h.Hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Head{}, nil
	case err != nil:
		return Head{}, fmt.Errorf("read the last event: %w", err)
	}
	h.RecordedAt = fromMicros(rec)
	return h, nil
}

// Commands calls fn with every recorded command in the order of the
// history, its identities opened, with when and by whom it was recorded:
// the history as commands, to record it again elsewhere (a copy that
// seals under a key the original did not have, storage/secrets.go).
func (db *DB) Commands(ctx context.Context, fn func(c cases.Command, recordedAt time.Time, recordedBy string) error) error {
	return each(ctx, db.read, `SELECT seq, recorded_at, recorded_by, data FROM events ORDER BY seq`,
		func(scan func(...any) error) error {
			var seq, rec int64
			var by, data string
			if err := scan(&seq, &rec, &by, &data); err != nil {
				return err
			}
			c, err := cases.DecodeCommand([]byte(data))
			if err == nil {
				err = db.secrets.openCommand(&c)
			}
			if err != nil {
				return fmt.Errorf("event %d: %w", seq, err)
			}
			return fn(c, time.UnixMicro(rec).In(cases.Zone), by)
		})
}
