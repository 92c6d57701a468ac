package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Copying an installation from one database to another (SQLite to
// PostgreSQL or back, or to another of the same): every row of every table
// as stored, in one snapshot of the source and one transaction of the
// target. The events go as they are, so that their chain is the same chain
// and their sealed identities open with the same secrets key; the
// projections go as they are too, and verify, which rebuilds each from the
// events, checks them on the target (tiepdan copy runs it).

// copyTables are the tables copied, in an order their references allow
// (users before tokens), each with the column it is ordered by. The page
// logins are not copied: whoever was logged in logs in again on the
// target. The schema's migrations are the target's own.
var copyTables = []struct{ name, order string }{
	{"events", "seq"},
	{"units", "ref"},
	{"sessions", "ref"},
	{"petitions", "ref"},
	{"visits", "ref"},
	{"dialogues", "seq"},
	{"report_timelines", "committee, received_day, petition"},
	{"report_days", "committee, day"},
	{"reception_book", "committee, book, year, number"},
	{"reception_book_last", "committee, book, year"},
	{"users", "name"},
	{"tokens", "id"},
	{"access_log", "id"},
	{"calendar_edits", "id"},
	{"reception_plans", "id"},
	{"secret_keys", "id"},
	{"anchors", "id"},
	{"signing_keys", "id"},
}

// boolColumns are the columns SQLite keeps as 0 or 1 and PostgreSQL as
// boolean.
var boolColumns = map[string]bool{
	"units.remote": true, "sessions.delegated": true, "sessions.online": true, "users.disabled": true,
}

// copyRowsPerInsert bounds the rows of one INSERT: 500 events are 5,500
// parameters, under both databases' limits.
const copyRowsPerInsert = 500

// ErrNotEmpty is the refusal to copy into a database that holds anything.
var ErrNotEmpty = errors.New("the target database is not empty: copy only into a new one")

// CopyStats says what Copy copied, rows by table.
type CopyStats struct {
	Rows map[string]int64
}

// CopyTo copies every table of db into to, which must be empty (its schema
// made by Open and nothing recorded). db is read in one snapshot, so that
// a server may go on writing to it meanwhile; what it records after the
// snapshot is not copied.
func (db *DB) CopyTo(ctx context.Context, to *DB) (CopyStats, error) {
	st := CopyStats{Rows: map[string]int64{}}
	if err := to.mustBeEmpty(ctx); err != nil {
		return st, err
	}
	src, err := db.read.BeginTx(ctx, &sqlReadOnly)
	if err != nil {
		return st, fmt.Errorf("copy: read %w", err)
	}
	defer src.Rollback()
	dst, err := to.write.BeginTx(ctx, nil)
	if err != nil {
		return st, fmt.Errorf("copy: write: %w", err)
	}
	defer dst.Rollback()
	for _, t := range copyTables {
		n, err := copyTable(ctx, src, dst, t.name, t.order, to.dialect)
		if err != nil {
			return st, fmt.Errorf("copy %s: %w", t.name, err)
		}
		st.Rows[t.name] = n
	}
	if to.dialect.postgres {
		if err := resetIdentities(ctx, dst); err != nil {
			return st, fmt.Errorf("copy: %w", err)
		}
		if err := analyzeCopied(ctx, dst); err != nil {
			return st, fmt.Errorf("copy: %w", err)
		}
	}
	if err := dst.Commit(); err != nil {
		return st, fmt.Errorf("copy: commit: %w", unavailable(err))
	}
	to.cache.reset()
	return st, nil
}

// mustBeEmpty refuses a database with any event, account or setting.
func (db *DB) mustBeEmpty(ctx context.Context) error {
	for _, t := range []string{"events", "users", "calendar_edits", "reception_plans", "access_log", "secret_keys", "anchors"} {
		var n int64
		if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
			return fmt.Errorf("copy: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("%w (%s has %d rows)", ErrNotEmpty, t, n)
		}
	}
	return nil
}

// copyTable copies table's rows from src to dst, copyRowsPerInsert to an
// INSERT, its columns by name.
func copyTable(ctx context.Context, src, dst *sql.Tx, table, order string, to *dialect) (int64, error) {
	rows, err := src.QueryContext(ctx, `SELECT * FROM `+table+` ORDER BY `+order)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	isBool := make([]bool, len(cols))
	for i, c := range cols {
		isBool[i] = boolColumns[table+"."+c]
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var args []any
	var n, pending int64
	flush := func() error {
		if pending == 0 {
			return nil
		}
		q := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+", ", int(pending)), ", ")
		if _, err := dst.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		args, pending = args[:0], 0
		return nil
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, v := range vals {
			if isBool[i] && to.postgres {
				v = truth(v)
			}
			if b, ok := v.([]byte); ok {
				v = append([]byte(nil), b...)
			}
			args = append(args, v)
		}
		n++
		if pending++; pending == copyRowsPerInsert {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// truth is a flag as SQLite stores it (0 or 1) as a boolean.
func truth(v any) any {
	switch x := v.(type) {
	case int64:
		return x != 0
	case nil:
		return nil
	}
	return v
}
