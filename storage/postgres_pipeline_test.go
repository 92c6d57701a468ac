package storage

import (
	"context"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/pgtest"
)

// TestPostgresQueuedStatements: in a write transaction on PostgreSQL the
// statements executed are queued and sent with the next one whose answer
// is wanted (postgres_pipeline.go). What the store counts on still holds:
// a query reads what was executed before it, a result's RowsAffected is
// the statement's own, and a queued statement that fails fails the
// transaction, whatever asks next, and nothing of it is committed.
func TestPostgresQueuedStatements(t *testing.T) {
	ctx := context.Background()
	refuse := func(context.Context, *cases.Command, *cases.Petition, cases.Lookup) (cases.State, error) {
		return "", cases.Errorf(cases.EInvalid, "no command here")
	}
	db, err := OpenWith(ctx, pgtest.URL(t), refuse, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const insert = `INSERT INTO report_days (committee, day, version) VALUES ('', ?, ?)`
	rowsOf := func(day int) (n int) {
		t.Helper()
		if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM report_days WHERE day = ?`, day).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	err = db.Batch(ctx, func(tx *Tx) error {
		if _, err := tx.exec(insert, 5, 1); err != nil {
			return err
		}
		r, err := tx.exec(`UPDATE report_days SET version = 7 WHERE day >= ?`, 5)
		if err != nil {
			return err
		}
		if _, err := tx.exec(insert, 6, 1); err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n != 1 {
			t.Errorf("the update's rows: %d, %v; want 1 (day 6 came after it)", n, err)
		}
		var v int
		if err := tx.queryRow(`SELECT version FROM report_days WHERE day = ?`, 5).Scan(&v); err != nil || v != 7 {
			t.Errorf("a query after the update reads version %d, %v; want 7", v, err)
		}
		return nil
	})
	if err != nil || rowsOf(5) != 1 || rowsOf(6) != 1 {
		t.Fatalf("the first transaction: %v; days 5 and 6: %d %d rows", err, rowsOf(5), rowsOf(6))
	}

	// Day 5 again: a unique violation, sent with what follows it.
	for _, next := range []struct {
		name string
		ask  func(tx *Tx) error
	}{
		{"a query", func(tx *Tx) error {
			var n int
			return tx.queryRow(`SELECT count(*) FROM report_days`).Scan(&n)
		}},
		{"the commit", func(*Tx) error { return nil }},
	} {
		err := db.Batch(ctx, func(tx *Tx) error {
			if _, err := tx.exec(insert, 8, 1); err != nil {
				return err
			}
			if _, err := tx.exec(insert, 5, 1); err != nil {
				t.Errorf("%s: the failing insert answered at once: %v", next.name, err)
				return err
			}
			return next.ask(tx)
		})
		if err == nil || !isUnique(err) {
			t.Errorf("a queued insert that fails, then %s: %v; want the unique violation", next.name, err)
		}
		if rowsOf(8) != 0 {
			t.Errorf("a queued insert that fails, then %s: the transaction's other insert was committed", next.name)
		}
	}
}
