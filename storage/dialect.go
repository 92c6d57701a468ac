package storage

import (
	"context"
	"database/sql"
	"strings"
)

// What differs between the two databases the store runs on, SQLite (the
// embedded default, a file) and PostgreSQL (several instances on one
// server): the driver and how it opens (sqlite.go, postgres.go), the
// migrations' directory, the Go code that fills what a migration's SQL
// cannot, and the few SQLite phrases PostgreSQL says otherwise
// (postgres_sql.go). Every query is written once, in SQLite's dialect with
// ? placeholders; PostgreSQL's connections rewrite it (postgres_driver.go).

// dialect is one database's differences.
type dialect struct {
	// name is the dialect's name and its migrations' directory
	// (migrations/sqlite, migrations/postgres).
	name string
	// fills are the Go code run after a migration, in its transaction,
	// by version (migrate.go).
	fills map[string]func(context.Context, *sql.Tx) error
	// postgres says the database is a PostgreSQL server, not a file.
	postgres bool
	// transferredFrom reads the transferred_from of the doc of the
	// petitions' row named %s (NULL for none).
	transferredFrom string
}

var (
	sqliteDialect   = &dialect{name: "sqlite", fills: migrationData, transferredFrom: sqliteTransferredFrom}
	postgresDialect = &dialect{name: "postgres", fills: postgresFills, postgres: true, transferredFrom: postgresTransferredFrom}
)

// IsPostgres reports whether a --db names a PostgreSQL database (a
// postgres:// or postgresql:// URL) rather than an SQLite file.
func IsPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// Postgres reports whether db is on PostgreSQL.
func (db *DB) Postgres() bool { return db.dialect.postgres }
