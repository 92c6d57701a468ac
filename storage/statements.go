package storage

import (
	"context"
	"database/sql"
	"errors"
)

// The statements of write transactions, prepared once: per transaction
// (Tx.stmt) and, across transactions, on the writer's connection
// (DB.keepStmts).

// traceStatement, set only by a benchmark (BenchmarkImportStatements), sees
// every statement a write transaction runs through exec and query, with its
// arguments.
var traceStatement func(q string, args []any)

// stmt is q prepared for the transaction: an import batch runs the same few
// statements thousands of times, and the server's transactions, each of a
// few commands, the same ones again and again. A statement the writer's
// connection has kept (DB.keepStmts) is bound to the transaction without
// being parsed again; another is prepared for the transaction and kept once
// it commits.
func (tx *Tx) stmt(q string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if kept := tx.db.keptStmt(q); kept != nil {
		st = tx.tx.StmtContext(tx.sctx, kept)
	} else {
		var err error
		if st, err = tx.tx.PrepareContext(tx.sctx, q); err != nil {
			return nil, err
		}
		tx.fresh = append(tx.fresh, q)
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[q] = st
	return st, nil
}

func (tx *Tx) exec(q string, args ...any) (sql.Result, error) {
	if traceStatement != nil {
		traceStatement(q, args)
	}
	st, err := tx.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(tx.sctx, args...)
}

func (tx *Tx) query(q string, args ...any) (*sql.Rows, error) {
	if traceStatement != nil {
		traceStatement(q, args)
	}
	st, err := tx.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(tx.sctx, args...)
}

func (tx *Tx) queryRow(q string, args ...any) *sql.Row {
	if traceStatement != nil {
		traceStatement(q, args)
	}
	st, err := tx.stmt(q)
	if err != nil {
		return tx.tx.QueryRowContext(tx.sctx, q, args...)
	}
	return st.QueryRowContext(tx.sctx, args...)
}

// keptStmt is q as the writer's connection keeps it prepared, or nil.
func (db *DB) keptStmt(q string) *sql.Stmt {
	db.stmts.Lock()
	defer db.stmts.Unlock()
	return db.stmts.m[q]
}

// keepStmts prepares qs on the writer's connection and keeps them, for
// every later transaction to bind without parsing them again: the server's
// transactions, of a few commands each, spent a fifth of the writer's time
// parsing the same statements (docs/performance.md). It runs between
// transactions, the connection being free (a transaction holds the only
// one); a statement that fails to prepare is simply not kept.
func (db *DB) keepStmts(ctx context.Context, qs []string) {
	for _, q := range qs {
		if db.keptStmt(q) != nil {
			continue
		}
		st, err := db.write.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		db.stmts.Lock()
		if db.stmts.m == nil {
			db.stmts.m = map[string]*sql.Stmt{}
		}
		if _, ok := db.stmts.m[q]; ok {
			st.Close()
		} else {
			db.stmts.m[q] = st
		}
		db.stmts.Unlock()
	}
}

// errDuplicate is insertNew's finding that the row's key is taken: isUnique
// matches it as it does the database's unique violation.
var errDuplicate = errors.New("unique key taken")

// insertNew runs the INSERT q, writing nothing when a unique key of its row
// is taken, and then returns errDuplicate. It does not fail the statement:
// a failed statement would end a PostgreSQL transaction, which goes on
// after such a refusal (Tx.Exec answers a repeat).
func (tx *Tx) insertNew(q string, args ...any) error {
	r, err := tx.exec(q+` ON CONFLICT DO NOTHING`, args...)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return errDuplicate
	}
	return nil
}
