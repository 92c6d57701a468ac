package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// What backup, restore and verify's first step do on PostgreSQL, which
// has no file of tiepdan's to copy or check page by page: the server's own
// tools back it up (pg_dump, pg_basebackup and its WAL archive for a copy
// at any instant: docs/deploy.md), and verify's check of the file is the
// check of the schema's migrations against the binary's.

// ErrNotAFile is the refusal of backup and restore on a database that is
// not an SQLite file.
var ErrNotAFile = errors.New("this database is on PostgreSQL, not a file: back it up with pg_dump (or pg_basebackup and a WAL archive) and restore it with pg_restore, as docs/deploy.md says")

// checkPostgres is CheckFile on PostgreSQL: the schema's migrations
// against the binary's.
func (db *DB) checkPostgres(ctx context.Context) ([]string, error) {
	return db.SchemaProblems(ctx)
}

// analyzeCopied gathers the planner's statistics of every table a copy
// wrote (CopyTo), in its transaction: without them PostgreSQL plans the
// store's queries on guesses until autovacuum analyzes the tables (never
// where autovacuum is off), and a report's list of units scanned every
// event in parallel workers (the 100,000 history: 0.1 ms with them).
func analyzeCopied(ctx context.Context, tx *sql.Tx) error {
	for _, t := range copyTables {
		if _, err := tx.ExecContext(ctx, `ANALYZE `+t.name); err != nil {
			return fmt.Errorf("analyze %s: %w", t.name, err)
		}
	}
	return nil
}

// resetIdentities sets the identity columns' sequences after the ids a
// copy wrote itself (CopyTo), so that the next row takes the next id.
func resetIdentities(ctx context.Context, tx *sql.Tx) error {
	for _, t := range []string{"tokens", "calendar_edits", "reception_plans", "anchors"} {
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'),
			coalesce((SELECT max(id) FROM `+t+`), 0) + 1, false)`); err != nil {
			return fmt.Errorf("the ids of %s: %w", t, err)
		}
	}
	return nil
}
