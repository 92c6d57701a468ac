package storage

import (
	"context"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
)

// The access log of the identities of protected denouncers: append-only,
// its triggers refuse any change.

// LogAccess appends rows to the access log, all or none.
func (db *DB) LogAccess(ctx context.Context, rows []cases.Access) error {
	if len(rows) == 0 {
		return nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO access_log (at, user_name, petition, what, committee) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	defer st.Close()
	for _, a := range rows {
		if _, err := st.ExecContext(ctx, micros(a.At), a.User, a.Petition, a.What, a.Committee); err != nil {
			return fmt.Errorf("log access: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	return nil
}

// AccessLog reads the access log, newest first.
func (db *DB) AccessLog(ctx context.Context, f cases.AccessFilter) ([]cases.Access, error) {
	q := `SELECT id, at, user_name, petition, what, committee FROM access_log WHERE 1 = 1`
	var args []any
	if f.User != "" {
		q += ` AND user_name = ?`
		args = append(args, f.User)
	}
	if f.Petition != "" {
		q += ` AND petition = ?`
		args = append(args, f.Petition)
	}
	q += ` ORDER BY id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	var out []cases.Access
	err := each(ctx, db.read, q, func(scan func(...any) error) error {
		var a cases.Access
		var at int64
		if err := scan(&a.ID, &at, &a.User, &a.Petition, &a.What, &a.Committee); err != nil {
			return err
		}
		a.At = fromMicros(at)
		out = append(out, a)
		return nil
	}, args...)
	return out, err
}
