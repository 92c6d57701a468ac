package storage

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
)

// The writer's transactions on PostgreSQL send their statements in as few
// round trips as their results allow. Every round trip to the server is
// made while the installation's writer lock is held, by every instance
// (postgres_driver.go), so it is the writers' throughput: a transaction of
// a group commit records each petition in a handful of statements, and
// the server's answer to most of them is only "done".
//
// So a write transaction's statements that are executed (not queried) are
// queued, and the queue is sent, in order and in one pgx batch, with the
// next statement whose answer is wanted: a query (its rows read whole into
// memory), a result's RowsAffected, or the COMMIT. BEGIN and the writer
// lock are queued too: they go with the transaction's first query (the
// chain head, tx.go). The order of the statements is the one the store
// wrote; only the waiting changes. A queued statement that fails makes the
// statement it was sent with fail with its error: the transaction is
// aborted then, as it would have been, and nothing of it is committed.
//
// Nothing of this reaches the store's code: database/sql sees a driver
// whose Exec answers at once. On SQLite every statement is a call in the
// process, and nothing is queued.

// pending is a queued statement and, once sent, its answer.
type pending struct {
	sql  string
	args []any
	sent bool
	rows int64
	err  error
}

// pgTx is a write transaction whose BEGIN may still be queued.
type pgTx struct{ c *pgConn }

func (t pgTx) Commit() error {
	c := t.c
	defer c.endTx()
	if !c.begun && len(c.queue) == 2 {
		return nil // BEGIN and the lock only: nothing was asked
	}
	c.queue = append(c.queue, &pending{sql: "COMMIT"})
	return c.send(context.Background())
}

func (t pgTx) Rollback() error {
	c := t.c
	defer c.endTx()
	if !c.begun {
		return nil // nothing reached the server
	}
	_, err := c.Conn.Conn().PgConn().Exec(context.Background(), "ROLLBACK").ReadAll()
	return err
}

// beginQueued starts a write transaction: BEGIN and the writer lock, queued.
func (c *pgConn) beginQueued() driver.Tx {
	c.inTx, c.begun = true, false
	c.queue = append(c.queue[:0], &pending{sql: "BEGIN"}, &pending{sql: writerLockSQL})
	return pgTx{c}
}

// endTx ends the transaction; what is still queued was never sent.
func (c *pgConn) endTx() {
	for _, p := range c.queue {
		if !p.sent {
			p.sent, p.err = true, errNotSent
		}
	}
	c.inTx, c.begun = false, false
	c.queue, c.queued = nil, 0
}

var errNotSent = errors.New("postgres: the statement's transaction ended before it was sent")

// queued is the answer to an Exec that was queued.
type queued struct {
	c *pgConn
	p *pending
}

func (r queued) LastInsertId() (int64, error) {
	return 0, errors.New("postgres: no LastInsertId (use RETURNING)")
}

func (r queued) RowsAffected() (int64, error) {
	if !r.p.sent {
		if err := r.c.send(context.Background()); err != nil && r.p.err == nil {
			return 0, err
		}
	}
	return r.p.rows, r.p.err
}

// maxQueued bounds the bytes of arguments a queue holds: an import's
// transaction writes thousands of petitions at its end, which go in
// batches of this size rather than all in memory at once.
const maxQueued = 1 << 20

func (c *pgConn) enqueue(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	p := &pending{sql: query, args: namedArgs(args)}
	c.queue = append(c.queue, p)
	for _, a := range p.args {
		switch a := a.(type) {
		case string:
			c.queued += len(a)
		case []byte:
			c.queued += len(a)
		default:
			c.queued += 8
		}
	}
	if c.queued > maxQueued {
		if err := c.send(ctx); err != nil {
			return nil, err
		}
	}
	return queued{c, p}, nil
}

func namedArgs(nv []driver.NamedValue) []any {
	args := make([]any, len(nv))
	for i, v := range nv {
		args[i] = v.Value
	}
	return args
}

// send sends the queue in one batch and reads every answer; the first
// error is returned.
func (c *pgConn) send(ctx context.Context) error {
	_, err := c.sendWith(ctx, "", nil)
	return err
}

// sendWith sends the queue and then, when query is not "", query with
// args, in one batch, and returns query's rows read whole.
func (c *pgConn) sendWith(ctx context.Context, query string, args []any) (driver.Rows, error) {
	q := c.queue
	c.queue, c.queued = nil, 0
	b := &pgx.Batch{}
	for _, p := range q {
		b.Queue(p.sql, p.args...)
	}
	if query != "" {
		b.Queue(query, args...)
	}
	if len(b.QueuedQueries) == 0 {
		return nil, nil
	}
	c.begun = c.begun || c.inTx
	br := c.Conn.Conn().SendBatch(ctx, b)
	var first error
	for _, p := range q {
		tag, err := br.Exec()
		p.sent, p.rows, p.err = true, tag.RowsAffected(), err
		if err != nil && first == nil {
			first = fmt.Errorf("%s: %w", firstWords(p.sql), err)
		}
	}
	var out driver.Rows
	if query != "" {
		rows, err := br.Query()
		if err == nil {
			out, err = readRows(rows)
		}
		if err != nil && first == nil {
			first = err
		}
	}
	if err := br.Close(); err != nil && first == nil {
		first = err
	}
	if first != nil {
		return nil, first
	}
	return out, nil
}

// firstWords names a statement in an error: its first 60 characters.
func firstWords(q string) string {
	if len(q) > 60 {
		return q[:60] + "…"
	}
	return q
}

// readRows reads rows whole, as database/sql's values: what a write
// transaction queries is a few rows.
func readRows(rows pgx.Rows) (driver.Rows, error) {
	defer rows.Close()
	fields := rows.FieldDescriptions()
	m := &memRows{cols: make([]string, len(fields))}
	for i, f := range fields {
		m.cols[i] = f.Name
	}
	for rows.Next() {
		vs, err := rows.Values()
		if err != nil {
			return nil, err
		}
		row := make([]driver.Value, len(vs))
		for i, v := range vs {
			switch v := v.(type) {
			case int32:
				row[i] = int64(v)
			case int16:
				row[i] = int64(v)
			case nil, int64, float64, bool, []byte, string:
				row[i] = v
			default:
				return nil, fmt.Errorf("postgres: a column of type %T in a write transaction's query", v)
			}
		}
		m.rows = append(m.rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return m, nil
}

// memRows are rows read whole.
type memRows struct {
	cols []string
	rows [][]driver.Value
}

func (m *memRows) Columns() []string { return m.cols }
func (m *memRows) Close() error      { return nil }
func (m *memRows) Next(dest []driver.Value) error {
	if len(m.rows) == 0 {
		return io.EOF
	}
	copy(dest, m.rows[0])
	m.rows = m.rows[1:]
	return nil
}

// pgStmt is a statement prepared on a connection of ours: its executions
// go through the connection, which queues them in a write transaction.
type pgStmt struct {
	driver.Stmt
	c   *pgConn
	sql string
}

func (s *pgStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.c.ExecContext(ctx, s.sql, args)
}

func (s *pgStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.c.QueryContext(ctx, s.sql, args)
}
