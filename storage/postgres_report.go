package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5/pgtype"
)

// The report's bulk reads on PostgreSQL (the day summaries, the
// timelines: 200 MB for a half-year at 1,000,000 petitions) through pgx
// itself rather than database/sql: each value is handed to the report
// where pgx read it, instead of copied into a new slice per row and
// column (what database/sql's driver interface asks of pgx's stdlib), and
// the statement is prepared once per connection, not once per report.
// The queries and what is scanned are the same as on SQLite.

// pgEach runs q on conn, the connection of the report's transaction, and
// calls fn with each row's scan; a *sql.RawBytes destination is given the
// bytes in pgx's buffer, valid until the next row, as database/sql's are.
func pgEach(ctx context.Context, conn *sql.Conn, q string, fn func(scan func(...any) error) error, args ...any) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*pgConn)
		if !ok {
			return fmt.Errorf("postgres: unexpected connection type %T", dc)
		}
		rows, err := c.Conn.Conn().Query(ctx, postgresSQL(q), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var raw []*sql.RawBytes
		var bufs []pgtype.DriverBytes
		var to []any
		scan := func(dest ...any) error {
			raw, bufs, to = raw[:0], bufs[:0], to[:0]
			for _, d := range dest {
				if r, ok := d.(*sql.RawBytes); ok {
					raw = append(raw, r)
					bufs = append(bufs, nil)
				}
			}
			k := 0
			for _, d := range dest {
				if _, ok := d.(*sql.RawBytes); ok {
					d = &bufs[k]
					k++
				}
				to = append(to, d)
			}
			if err := rows.Scan(to...); err != nil {
				return err
			}
			for i, r := range raw {
				*r = sql.RawBytes(bufs[i])
			}
			return nil
		}
		for rows.Next() {
			if err := fn(scan); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}
