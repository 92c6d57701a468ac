package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
)

// The write transaction: one per command, or per import batch or group
// commit, on the one writer connection. Its statements are in
// statements.go, what it does with a command in command.go.

// Exec applies one command in its own transaction.
func (db *DB) Exec(ctx context.Context, c cases.Command, m cases.Meta) (cases.Result, error) {
	var res cases.Result
	err := db.Batch(ctx, func(tx *Tx) error {
		var err error
		res, err = tx.Exec(c, m)
		return err
	})
	return res, err
}

// Batch runs fn in one write transaction and commits it when fn returns nil.
// A command that the Tx refuses writes nothing, so fn may go on after a
// refusal; any error fn returns rolls the whole batch back. A database that
// cannot be written (disk full, read-only) is a cases.EUnavailable error.
func (db *DB) Batch(ctx context.Context, fn func(*Tx) error) (err error) {
	defer func() { err = unavailable(err) }()
	db.writing.Lock()
	defer db.writing.Unlock()
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer sqlTx.Rollback()
	// Statements run under a context that is never cancelled: the driver
	// watches a cancellable one with a goroutine for every statement, which
	// costs more than an import's statement itself. Each command checks ctx
	// before it starts instead, and database/sql rolls the transaction back
	// when ctx ends.
	tx := &Tx{ctx: ctx, sctx: context.WithoutCancel(ctx), db: db, tx: sqlTx, cache: &db.cache,
		dirty: map[string]bool{}, timelinesDirty: map[string]bool{}, books: map[bookKey]*bookCount{}}
	// The transaction took the write lock as it began (the writer's DSN
	// asks BEGIN IMMEDIATE, sqlite.go): the head read here stays the head
	// until it commits.
	// With it, the accounts' version (migration 0013), which every write
	// to the units counts; its one row is there in a history without
	// events too, whose head is seq 0 and hash "".
	err = tx.queryRow(`SELECT coalesce(e.seq, 0), coalesce(e.hash, ''), a.n FROM accounts_version a
		LEFT JOIN (SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1) e ON 1 = 1`).
		Scan(&tx.seq, &tx.hash, &tx.accounts)
	if err != nil {
		return fmt.Errorf("read chain head: %w", err)
	}
	// The cache holds what this process last committed; any other writer
	// has appended events since, and the cache is dropped. Its units are
	// kept while no process has written a unit since they were read: the
	// writer of another instance commits between two of ours all the time,
	// and units seldom change.
	if tx.seq != db.cache.head {
		db.cache.resetKeepingUnits(tx.accounts)
	}
	db.cache.unitsAt = tx.accounts
	committed := false
	defer func() {
		if !committed {
			// Petitions in the cache were changed by what is rolled back.
			db.cache.reset()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.flush(); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	committed = true
	db.cache.head = tx.seq
	db.keepStmts(ctx, tx.fresh)
	return nil
}

// Tx is one write transaction. It implements cases.Lookup for the Decider.
type Tx struct {
	ctx  context.Context
	sctx context.Context // ctx without its cancellation, for statements
	db   *DB
	tx   *sql.Tx
	seq  int64
	hash string
	// accounts is the accounts' version as the transaction began: a
	// command's cases.Meta.Accounts is checked against it.
	accounts int64
	cache    *petitionCache
	dirty    map[string]bool // changed in this transaction: written by flush
	// timelinesDirty are the petitions whose timeline changed in this
	// transaction (a visit changes it, not the petition): written by flush.
	timelinesDirty map[string]bool
	// petitionRefs are refs of petitions looked for before their commands
	// (lookUpPetitions): true when recorded.
	petitionRefs map[string]bool
	// books are the counters of the books this transaction numbers in
	// (book.go).
	books map[bookKey]*bookCount
	stmts map[string]*sql.Stmt // prepared once per transaction
	fresh []string             // of stmts, those the connection has not kept yet
}
