package storage

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"context"
	"database/sql"
	"fmt"
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

// Filter selects petitions for a list. Empty fields select everything.
type Filter struct {
	State    cases.State
	Type     cases.Type
	Unit     string
	Units    []string   // any of them, when not empty
	From, To cases.Date // received between, inclusive; zero for open
	Search   string     // any words of the petitioner's name, the summary or the ref, diacritics ignored
	Limit    int
	Offset   int
}

// Petitions lists the petitions that match f, oldest receipt first.
func (db *DB) Petitions(ctx context.Context, f Filter) ([]*cases.Petition, error) {
	where, args := petitionWhere(f, nil)
	q := `SELECT doc FROM petitions WHERE ` + where + ` ORDER BY received_day, ref`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	return readPetitions(ctx, db.read, q, args)
}

// readPetitions decodes the petitions that query q, selecting doc, reads.
func readPetitions(ctx context.Context, qr queryer, q string, args []any) ([]*cases.Petition, error) {
	var out []*cases.Petition
	err := each(ctx, qr, q, func(scan func(...any) error) error {
		var doc string
		if err := scan(&doc); err != nil {
			return err
		}
		p, err := decodePetition(doc)
		if err != nil {
			return err
		}
		out = append(out, p)
		return nil
	}, args...)
	return out, err
}

var likeEscape = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
