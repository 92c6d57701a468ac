package storage

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The side tables of a verification: what one pass over the history finds
// and a later pass must read in another order, sorted by SQLite in a
// temporary file of its own instead of held in memory, so that verify's
// memory does not grow with the history. The file is removed when the
// verification ends; the database verified is only read.

// sideTables is the temporary database of one verification.
type sideTables struct {
	db  *sql.DB
	dir string
}

// sideSchema: route, the events replayed with a petition other than their
// key's (its visits, and the archives of other petitions as its
// duplicates); legacy, the numbers derived for events recorded before the
// books began; book, every number the history gives; want, each
// petition's timeline as the replay makes it. Indexed once filled.
const sideSchema = `
CREATE TABLE route (grp TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE legacy (seq INTEGER PRIMARY KEY, number INTEGER NOT NULL);
CREATE TABLE book (committee TEXT NOT NULL, book TEXT NOT NULL, year INTEGER NOT NULL, number INTEGER NOT NULL, nyear INTEGER NOT NULL,
	ref TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE want (committee TEXT NOT NULL, petition TEXT NOT NULL, day INTEGER NOT NULL, has INTEGER NOT NULL, timeline BLOB NOT NULL);
`

func openSideTables(ctx context.Context) (*sideTables, error) {
	dir, err := os.MkdirTemp("", "tiepdan-verify-")
	if err != nil {
		return nil, fmt.Errorf("verify: temporary directory: %w", err)
	}
	// Nothing to recover: no journal, no sync. A temporary store on file
	// sorts on file (the index builds), in bounded memory.
	q := "?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=temp_store(FILE)" +
		"&_pragma=cache_size(-32000)&_pragma=locking_mode(EXCLUSIVE)"
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "verify.db")+q)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("verify: temporary database: %w", err)
	}
	db.SetMaxOpenConns(1)
	s := &sideTables{db: db, dir: dir}
	if _, err := db.ExecContext(ctx, sideSchema); err != nil {
		s.close()
		return nil, fmt.Errorf("verify: temporary database: %w", err)
	}
	return s, nil
}

func (s *sideTables) close() {
	s.db.Close()
	os.RemoveAll(s.dir)
}

// index builds the indexes a later pass reads a table in the order of.
func (s *sideTables) index(ctx context.Context, stmts ...string) error {
	for _, q := range stmts {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("verify: temporary index: %w", err)
		}
	}
	return nil
}

// begin starts a pass's transaction: the pass reads and writes the side
// tables through it, on the one connection.
func (s *sideTables) begin(ctx context.Context) (*sql.Tx, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("verify: temporary database: %w", err)
	}
	return tx, nil
}

// inserter writes rows into a side table a few hundred at a time.
type inserter struct {
	ctx    context.Context
	tx     *sql.Tx
	table  string
	cols   int
	args   []any
	stmt   *sql.Stmt
	rows   int
	err    error
	prefix string
}

// batchRows is how many rows an insert statement writes.
const batchRows = 200

func newInserter(ctx context.Context, tx *sql.Tx, table string, cols int) *inserter {
	return &inserter{ctx: ctx, tx: tx, table: table, cols: cols, prefix: "INSERT INTO " + table + " VALUES "}
}

func (in *inserter) statement(rows int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", in.cols), ",") + ")"
	return in.prefix + strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}

// add queues one row.
func (in *inserter) add(vals ...any) {
	if in.err != nil {
		return
	}
	in.args = append(in.args, vals...)
	if in.rows++; in.rows == batchRows {
		if in.stmt == nil {
			in.stmt, in.err = in.tx.PrepareContext(in.ctx, in.statement(batchRows))
			if in.err != nil {
				return
			}
		}
		_, in.err = in.stmt.ExecContext(in.ctx, in.args...)
		in.args, in.rows = in.args[:0], 0
	}
}

// flush writes what is queued.
func (in *inserter) flush() error {
	if in.err == nil && in.rows > 0 {
		_, in.err = in.tx.ExecContext(in.ctx, in.statement(in.rows), in.args...)
		in.args, in.rows = in.args[:0], 0
	}
	if in.stmt != nil {
		in.stmt.Close()
		in.stmt = nil
	}
	if in.err != nil {
		return fmt.Errorf("verify: write %s: %w", in.table, in.err)
	}
	return nil
}
