package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The readers of one verification: verify reads several queries at once
// (the petitions' events beside their rows, their visits and the events
// routed to them), all of one snapshot of the database. SQLite runs them
// all on the verification's one connection. A PostgreSQL connection runs
// one query at a time, so there each reader is a read-only transaction of
// its own on another connection of the pool, importing the snapshot the
// verification's transaction exports (SET TRANSACTION SNAPSHOT): every
// reader sees the same database.

// snapshot hands out readers of the verification's snapshot.
type snapshot struct {
	db *DB
	tx *sql.Tx
	// id is the snapshot exported on PostgreSQL, "" on SQLite.
	id string
}

// shareSnapshot is tx's snapshot, to be read by several readers at once.
func (db *DB) shareSnapshot(ctx context.Context, tx *sql.Tx) (*snapshot, error) {
	s := &snapshot{db: db, tx: tx}
	if db.Postgres() {
		if err := tx.QueryRowContext(ctx, `SELECT pg_export_snapshot()`).Scan(&s.id); err != nil {
			return nil, fmt.Errorf("verify: export the snapshot: %w", err)
		}
	}
	return s, nil
}

// reader is a transaction that reads the snapshot beside the others, and
// end, to call when its reads are over: on SQLite the verification's own
// transaction.
func (s *snapshot) reader(ctx context.Context) (*sql.Tx, func(), error) {
	if s.id == "" {
		return s.tx, func() {}, nil
	}
	tx, err := s.db.read.BeginTx(ctx, &sqlReadOnly)
	if err != nil {
		return nil, nil, fmt.Errorf("verify: a reader: %w", err)
	}
	// The snapshot's id is the server's (hexadecimal digits and dashes);
	// quoted all the same.
	if _, err := tx.ExecContext(ctx, `SET TRANSACTION SNAPSHOT '`+strings.ReplaceAll(s.id, "'", "''")+`'`); err != nil {
		tx.Rollback()
		return nil, nil, fmt.Errorf("verify: import the snapshot: %w", err)
	}
	return tx, func() { tx.Rollback() }, nil
}

// apart is a reader of the snapshot's events on a connection of its own,
// so that reading and decoding them runs beside the verification's other
// reads (on one connection, SQLite runs one statement at a time), and end.
// A PostgreSQL reader imports the snapshot (reader). SQLite cannot share a
// snapshot between connections: its reader is a read transaction of its
// own, begun after the verification's, which sees the events of the
// verification's snapshot and perhaps later ones. Events are only ever
// appended, so the events up to the verification's last (its queries say
// seq <= last) are the same. Its page cache is the verification's (cache),
// for the events read by key here and there in the file.
func (s *snapshot) apart(ctx context.Context, cache string) (*sql.Tx, func(), error) {
	if s.id != "" {
		return s.reader(ctx)
	}
	tx, err := s.db.read.BeginTx(ctx, &sqlReadOnly)
	if err != nil {
		return nil, nil, fmt.Errorf("verify: a reader: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = `+cache); err != nil {
		tx.Rollback()
		return nil, nil, fmt.Errorf("verify: a reader: %w", err)
	}
	return tx, func() {
		tx.ExecContext(context.WithoutCancel(ctx), `PRAGMA cache_size = `+readerCache)
		tx.Rollback()
	}, nil
}
