package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"github.com/tiepdan/tiepdan/cases"
)

// The access log of the identities of protected denouncers: append-only,
// its triggers refuse any change, and its rows form a hash chain of their
// own, as the events do (chain.go), whose head each anchor signs
// (anchors.go): a row removed or changed breaks it.

// accessHash is sha256 over the previous row's hash and every column of the
// row, each on its own line, hex: the same construction as an event's. The
// committee whose reader it was (SPEC §10) is a line of its own when it
// names one, so that the rows written before the column existed, all of the
// installation's first committee (""), keep the hashes they were given.
func accessHash(prev string, id, at int64, user, petition, what, committee string) string {
	b := make([]byte, 0, 256)
	line := func(s string) { b = append(append(b, s...), '\n') }
	num := func(n int64) { b = append(strconv.AppendInt(b, n, 10), '\n') }
	line(prev)
	num(id)
	num(at)
	line(user)
	line(petition)
	line(what)
	if committee != "" {
		line(committee)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// accessHead reads the last row of the access log, its id and hash; zero
// and "" when the log is empty.
func accessHead(ctx context.Context, q rowQueryer) (int64, string, error) {
	var id int64
	var hash string
	err := q.QueryRowContext(ctx, `SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1`).Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return id, hash, err
}

// LogAccess appends rows to the access log, all or none. Each row takes the
// next id and its link in the chain in the transaction, which holds the
// write lock from its start, so that no two rows share a predecessor.
func (db *DB) LogAccess(ctx context.Context, rows []cases.Access) error {
	if len(rows) == 0 {
		return nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	defer tx.Rollback()
	id, prev, err := accessHead(ctx, tx)
	if err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO access_log (id, at, user_name, petition, what, hash, committee) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	defer st.Close()
	for _, a := range rows {
		id++
		prev = accessHash(prev, id, micros(a.At), a.User, a.Petition, a.What, a.Committee)
		if _, err := st.ExecContext(ctx, id, micros(a.At), a.User, a.Petition, a.What, prev, a.Committee); err != nil {
			return fmt.Errorf("log access: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	return nil
}

// chainAccessLog gives the rows recorded before the access log had a chain
// their hashes, in the order of their ids, and puts back the trigger that
// the migration 0007_chain_anchors dropped to let it.
func chainAccessLog(ctx context.Context, tx *sql.Tx) error {
	type row struct {
		id, at               int64
		user, petition, what string
	}
	var rs []row
	err := each(ctx, tx, `SELECT id, at, user_name, petition, what FROM access_log ORDER BY id`, func(scan func(...any) error) error {
		var r row
		err := scan(&r.id, &r.at, &r.user, &r.petition, &r.what)
		rs = append(rs, r)
		return err
	})
	if err != nil {
		return err
	}
	prev := ""
	for _, r := range rs {
		prev = accessHash(prev, r.id, r.at, r.user, r.petition, r.what, "") // before the committee column (0008)
		if _, err := tx.ExecContext(ctx, `UPDATE access_log SET hash = ? WHERE id = ?`, prev, r.id); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END`)
	return err
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
