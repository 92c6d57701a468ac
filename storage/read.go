package storage

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
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

// Petitions lists the petitions that match f in the order of PetitionPage
// (received day, then ref), without counting them. When f names several
// states, each is one search of the index on unit and state (a list of
// several states would scan the unit's petitions), merged back into that
// order.
func (db *DB) Petitions(ctx context.Context, f cases.Filter) ([]*cases.Petition, error) {
	if len(f.States) < 2 {
		where, args := petitionWhere(f)
		return readPetitions(ctx, db.read, `SELECT doc FROM petitions WHERE `+where+` ORDER BY received_day, ref`+page(f, &args), args)
	}
	one := f
	one.Limit, one.Offset = 0, 0
	if f.Limit > 0 {
		one.Limit = f.Offset + f.Limit
	}
	var out []*cases.Petition
	for _, st := range f.States {
		if f.State != "" && f.State != st {
			continue
		}
		one.State, one.States = st, nil
		ps, err := db.Petitions(ctx, one)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	slices.SortFunc(out, func(a, b *cases.Petition) int {
		return cmp.Or(cmp.Compare(cases.DateOf(a.ReceivedAt), cases.DateOf(b.ReceivedAt)), cmp.Compare(a.Ref, b.Ref))
	})
	out = out[min(f.Offset, len(out)):]
	if f.Limit > 0 {
		out = out[:min(f.Limit, len(out))]
	}
	return out, nil
}

// page is the LIMIT clause of f, its arguments appended to args; none
// without a limit.
func page(f cases.Filter, args *[]any) string {
	if f.Limit <= 0 {
		return ""
	}
	*args = append(*args, f.Limit, f.Offset)
	return ` LIMIT ? OFFSET ?`
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
