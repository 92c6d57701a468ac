package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgreSQL's connections as the store uses them: pgx's database/sql
// driver, each connection rewriting the store's SQLite-dialect queries as
// it prepares or runs them (postgresSQL), so that every query of the store
// goes through this one place. Two rules of SQLite's that the store counts
// on are kept here too:
//
//   - a write transaction holds the write lock from its first statement,
//     as SQLite's BEGIN IMMEDIATE gives it (sqlite.go): the writer's
//     connections begin each transaction that may write by taking a
//     transaction-level advisory lock of the installation (its schema), so
//     that the writers of every instance on the database run one after the
//     other, each reading the chain's head, the books' counters and the
//     petitions as the previous one committed them (docs/decisions.md);
//   - a read-only transaction reads one snapshot, as a reader of SQLite's
//     WAL does: it is REPEATABLE READ.

// writerLockSQL takes the installation's writer lock until the transaction
// ends. Keyed by the schema, so that installations in other schemas of the
// same database (the tests') do not wait on each other.
const writerLockSQL = `SELECT pg_advisory_xact_lock(hashtext('tiepdan writer ' || current_schema()))`

// openPostgresPool opens a pool of connections to url; writer says its
// transactions take the writer lock.
func openPostgresPool(url string, writer bool) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(&pgConnector{inner: stdlib.GetConnector(*cfg), writer: writer}), nil
}

// OpenPostgresSQL opens a plain database/sql pool on url whose queries are
// written as the store's are (? placeholders, SQLite's dialect), for a
// test that goes behind the store's back.
func OpenPostgresSQL(url string) (*sql.DB, error) {
	return openPostgresPool(url, false)
}

type pgConnector struct {
	inner  driver.Connector
	writer bool
}

func (c *pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	sc, ok := conn.(*stdlib.Conn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("postgres: unexpected connection type %T", conn)
	}
	return &pgConn{Conn: sc, writer: c.writer}, nil
}

func (c *pgConnector) Driver() driver.Driver { return c.inner.Driver() }

// pgConn is a pgx connection that rewrites every query (postgresSQL).
type pgConn struct {
	*stdlib.Conn
	writer bool
}

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(context.Background(), postgresSQL(query))
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, postgresSQL(query))
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, postgresSQL(query), args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, postgresSQL(query), args)
}

func (c *pgConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if opts.ReadOnly && sql.IsolationLevel(opts.Isolation) == sql.LevelDefault {
		opts.Isolation = driver.IsolationLevel(sql.LevelRepeatableRead)
	}
	tx, err := c.Conn.BeginTx(ctx, opts)
	if err != nil || opts.ReadOnly || !c.writer {
		return tx, err
	}
	if _, err := c.Conn.ExecContext(ctx, writerLockSQL, nil); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("take the writer lock: %w", err)
	}
	return tx, nil
}
