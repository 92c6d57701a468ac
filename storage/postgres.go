package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// Opening a PostgreSQL database: a pool for the writer and a pool for the
// readers, as on SQLite (sqlite.go), through connections that rewrite the
// store's queries and take the writer lock (postgres_driver.go).

// postgresFills are the Go code of the migrations on PostgreSQL: those of
// SQLite but 0007's, whose trigger PostgreSQL's migration never drops (its
// access log had no rows before it: a PostgreSQL database is made by this
// binary's migrations from the first).
var postgresFills = map[string]func(context.Context, *sql.Tx) error{
	"0004_secret_first_minute": refoldPetitions,
	"0005_reception_book":      numberHistory,
}

// postgresReaders bounds the readers' pool: a report forks up to a
// connection per core, and the pages read beside it.
const postgresReaders = 8

// postgresForkWait is forkWait on PostgreSQL, where a new connection
// (a TCP connection, a server process) takes longer than 5 ms to open:
// on a loaded 2-core machine more than 100 ms (CI saw it). The wait delays
// a report only when every reader is taken.
const postgresForkWait = time.Second

// postgresTransferredFrom is dialect.transferredFrom.
const postgresTransferredFrom = `(%s.doc::json ->> 'transferred_from')`

// openPostgres opens the database at url (a postgres:// URL), as OpenWith
// does a file.
func openPostgres(ctx context.Context, url string, decide cases.Decider, opts OpenOptions) (*DB, error) {
	write, err := openPostgresPool(url, true)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", redactURL(url), err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := openPostgresPool(url, false)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", redactURL(url), err)
	}
	read.SetMaxOpenConns(postgresReaders)
	read.SetMaxIdleConns(postgresReaders)
	db := &DB{dialect: postgresDialect, write: write, read: read, decide: decide, Now: time.Now,
		Window: cases.DefaultWindow, path: url, secrets: opts.Secrets}
	db.cache.reset()
	fail := func(err error) (*DB, error) {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", redactURL(url), err)
	}
	if err := write.PingContext(ctx); err != nil {
		return fail(unavailable(err))
	}
	if opts.Existing || opts.AsIs {
		var exists bool
		if err := read.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
			return fail(err)
		}
		if !exists {
			db.Close()
			return nil, fmt.Errorf("%s: %w", redactURL(url), ErrNoDatabase)
		}
	}
	if !opts.AsIs {
		if err := db.migrate(ctx); err != nil {
			return fail(err)
		}
	}
	if err := db.checkSecrets(ctx, !opts.AsIs); err != nil {
		return fail(err)
	}
	return db, nil
}
