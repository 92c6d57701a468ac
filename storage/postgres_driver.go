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

// pgConn is a pgx connection that rewrites every query (postgresSQL). A
// writer's connection queues the statements of its write transactions
// (postgres_pipeline.go): inTx says one is open, begun that its BEGIN
// was sent.
type pgConn struct {
	*stdlib.Conn
	writer      bool
	inTx, begun bool
	queue       []*pending
	queued      int // bytes of the queue's arguments
	// prepared are the statements prepared on the connection: only those
	// are queued (a statement prepared in a batch is parsed before the
	// batch runs, so it must not need what the batch creates).
	prepared map[string]bool
}

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	q := postgresSQL(query)
	st, err := c.Conn.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if c.prepared == nil {
		c.prepared = map[string]bool{}
	}
	c.prepared[q] = true
	return &pgStmt{Stmt: st, c: c, sql: q}, nil
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	q := postgresSQL(query)
	if c.inTx {
		if c.prepared[q] {
			return c.enqueue(ctx, q, args)
		}
		if err := c.send(ctx); err != nil {
			return nil, err
		}
	}
	return c.Conn.ExecContext(ctx, q, args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q := postgresSQL(query)
	if c.inTx && len(c.queue) > 0 {
		if c.prepared[q] {
			return c.sendWith(ctx, q, namedArgs(args))
		}
		if err := c.send(ctx); err != nil {
			return nil, err
		}
	}
	return c.Conn.QueryContext(ctx, q, args)
}

func (c *pgConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if opts.ReadOnly && sql.IsolationLevel(opts.Isolation) == sql.LevelDefault {
		opts.Isolation = driver.IsolationLevel(sql.LevelRepeatableRead)
	}
	if c.writer && !opts.ReadOnly && sql.IsolationLevel(opts.Isolation) == sql.LevelDefault {
		return c.beginQueued(), nil
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
