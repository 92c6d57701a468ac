package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
)

// What the Decider reads inside a write transaction (cases.Lookup): the
// petition cache first, then the projections.

// Petition implements cases.Lookup.
func (tx *Tx) Petition(ctx context.Context, ref string) (*cases.Petition, error) {
	if p, ok := tx.cache.ps[ref]; ok {
		return p, nil
	}

	var doc string
	var timeline []byte
	err := tx.queryRow(`SELECT p.doc, t.timeline FROM petitions p
		LEFT JOIN report_timelines t ON t.committee = p.committee AND t.received_day = p.received_day AND t.petition = p.ref
		WHERE p.ref = ?`, ref).Scan(&doc, &timeline)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "petition %s not found", ref)
	}
	if err != nil {
		return nil, fmt.Errorf("read petition %s: %w", ref, err)
	}
	p := new(cases.Petition)
	if err := json.Unmarshal([]byte(doc), p); err != nil {
		return nil, fmt.Errorf("decode petition %s: %w", ref, err)
	}
	tx.cache.ps[ref] = p
	tx.cache.stored[ref] = p.Version
	tx.cache.timelines[ref] = timeline
	return p, nil
}

// Unit implements cases.Lookup.
func (tx *Tx) Unit(ctx context.Context, ref string) (*cases.Unit, error) {
	if u, ok := tx.cache.units[ref]; ok && u != nil {
		cp := *u
		return &cp, nil
	}
	u, err := scanUnit(tx.queryRow(`SELECT `+unitColumns+` FROM units WHERE ref = ?`, ref), ref)
	if err == nil {
		cp := *u
		tx.cache.units[ref] = &cp
	}
	return u, err
}

// OwnUnits implements cases.Lookup: the own units, read once per
// transaction (a unit recorded in it drops them).
func (tx *Tx) OwnUnits(ctx context.Context) ([]cases.Unit, error) {
	if tx.cache.owns != nil {
		return tx.cache.owns, nil
	}
	owns := []cases.Unit{}
	err := each(tx.sctx, tx.tx, `SELECT `+unitColumns+` FROM units WHERE kind = 'own' ORDER BY ref`,
		func(scan func(...any) error) error {
			var u cases.Unit
			dest, done := unitScan(&u)
			err := scan(dest...)
			done()
			owns = append(owns, u)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("read the committees: %w", err)
	}
	tx.cache.owns = owns
	return owns, nil
}

// Session implements cases.Lookup.
func (tx *Tx) Session(ctx context.Context, ref string) (*cases.Session, error) {
	return scanSession(tx.queryRow(`SELECT `+sessionColumns+` FROM sessions WHERE ref = ?`, ref), ref)
}

// sessionColumns are the columns of a session, in the order of
// sessionFields.
const sessionColumns = `ref, kind, day, presided_by, delegated, location, online, committee`

// sessionFields are where a row of sessionColumns is scanned: into s, the
// day into day.
func sessionFields(s *cases.Session, day *int64) []any {
	return []any{&s.Ref, &s.Kind, day, &s.PresidedBy, &s.Delegated, &s.Location, &s.Online, &s.Committee}
}

// unitColumns are the columns of a unit, as unitScan reads them.
const unitColumns = `ref, name, kind, parent, remote, lower_label, level, valid_from, valid_until, committee`

// unitScan reads the unitColumns of a row into u; call done after the row
// is scanned. A date not given is NULL and reads as 0.
func unitScan(u *cases.Unit) (dest []any, done func()) {
	var from, until sql.NullInt64
	return []any{&u.Ref, &u.Name, &u.Kind, &u.Parent, &u.Remote, &u.LowerLabel, &u.Level, &from, &until, &u.Committee},
		func() { u.ValidFrom, u.ValidUntil = cases.Date(from.Int64), cases.Date(until.Int64) }
}

// nullDate is d as a column stores it: NULL for a date not given.
func nullDate(d cases.Date) any {
	if d == 0 {
		return nil
	}
	return int64(d)
}

func scanUnit(row *sql.Row, ref string) (*cases.Unit, error) {
	var u cases.Unit
	dest, done := unitScan(&u)
	err := row.Scan(dest...)
	done()
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "unit %s not found", ref)
	}
	if err != nil {
		return nil, fmt.Errorf("read unit %s: %w", ref, err)
	}
	return &u, nil
}

func scanSession(row *sql.Row, ref string) (*cases.Session, error) {
	var s cases.Session
	var day int64
	err := row.Scan(sessionFields(&s, &day)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "session %s not found", ref)
	}
	if err != nil {
		return nil, fmt.Errorf("read session %s: %w", ref, err)
	}
	s.Date = cases.Date(day)
	return &s, nil
}

var _ cases.Lookup = (*Tx)(nil)
