package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

var sqlReadOnly = sql.TxOptions{ReadOnly: true}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// each runs query and calls fn for every row with the row's Scan.
func each(ctx context.Context, q queryer, query string, fn func(scan func(...any) error) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Petition returns the current state of one petition.
func (db *DB) Petition(ctx context.Context, ref string) (*cases.Petition, error) {
	var doc string
	err := db.read.QueryRowContext(ctx, `SELECT doc FROM petitions WHERE ref = ?`, ref).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "petition %s not found", ref)
	}
	if err != nil {
		return nil, fmt.Errorf("read petition %s: %w", ref, err)
	}
	return decodePetition(doc)
}

func decodePetition(doc string) (*cases.Petition, error) {
	p := new(cases.Petition)
	if err := json.Unmarshal([]byte(doc), p); err != nil {
		return nil, fmt.Errorf("decode petition: %w", err)
	}
	return p, nil
}

// History returns the events of a petition, its creation first, with the
// visits and dialogues about it, in the order they were recorded.
func (db *DB) History(ctx context.Context, ref string) ([]cases.Event, error) {
	var out []cases.Event
	err := each(ctx, db.read, `SELECT seq, recorded_at, recorded_by, data, hash FROM events
		WHERE key = ? OR (op = 'visit' AND key IN (SELECT ref FROM visits WHERE petition = ?))
		ORDER BY seq`, func(scan func(...any) error) error {
		var e cases.Event
		var rec int64
		var data string
		if err := scan(&e.Seq, &rec, &e.RecordedBy, &data, &e.Hash); err != nil {
			return err
		}
		e.RecordedAt = time.UnixMicro(rec).In(cases.Zone)
		c, err := cases.DecodeCommand([]byte(data))
		if err != nil {
			return fmt.Errorf("event %d: %w", e.Seq, err)
		}
		e.Command = c
		out = append(out, e)
		return nil
	}, ref, ref)
	return out, err
}

// Units returns every unit, the own committee first, then by kind and name;
// within a kind the units in force come before those another unit replaces,
// so that the committee's current name comes first (the report's text names
// the committee after the first own unit).
func (db *DB) Units(ctx context.Context) ([]cases.Unit, error) {
	var out []cases.Unit
	// CROSS JOIN keeps SQLite to this order: each unit's event by the
	// index on key, never a scan of the events.
	err := each(ctx, db.read, `WITH replaced (ref) AS (
			SELECT r.value FROM units n CROSS JOIN events e ON e.key = n.ref AND e.op = 'unit'
				CROSS JOIN json_each(e.data, '$.replaces') r)
		SELECT ref, name, kind, parent, remote, lower_label FROM units
		ORDER BY CASE kind WHEN 'own' THEN 0 WHEN 'department' THEN 1 ELSE 2 END,
			ref IN (SELECT ref FROM replaced), name`,
		func(scan func(...any) error) error {
			var u cases.Unit
			if err := scan(&u.Ref, &u.Name, &u.Kind, &u.Parent, &u.Remote, &u.LowerLabel); err != nil {
				return err
			}
			out = append(out, u)
			return nil
		})
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
