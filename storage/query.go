package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// What the reads of every table share: a read-only transaction's options,
// a query read row by row, and instants as stored (unix microseconds).

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

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).In(cases.Zone) }
