package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// What the reads of every table share: a read-only transaction's options,
// and a query read row by row.

var sqlReadOnly = sql.TxOptions{ReadOnly: true}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// each runs query and calls fn for every row with the row's Scan.
func each(ctx context.Context, q queryer, query string, fn func(scan func(...any) error) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
