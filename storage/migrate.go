package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The schema's migrations: SQL files embedded in the binary, applied in
// name order when a database is opened, each once, every pending one in a
// single transaction.

//go:embed migrations/*.sql
var migrations embed.FS

func (db *DB) migrate(ctx context.Context) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		version := strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", version, err)
		}
		if fill := migrationData[version]; fill != nil {
			if err := fill(ctx, tx); err != nil {
				return fmt.Errorf("migration %s: %w", version, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
			version, time.Now().UTC().Format(time.RFC3339)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// migrationData fills what a migration's SQL cannot compute, in its
// transaction, right after it.
var migrationData = map[string]func(context.Context, *sql.Tx) error{
	"0004_secret_first_minute": refoldPetitions,
}

// refoldPetitions writes every petition's search text and folded
// petitioner's name as flush writes them now: an unclassified petition's
// petitioner is protected from the first minute (cases.Petition.Denouncer),
// so its name leaves the search text.
func refoldPetitions(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT doc FROM petitions`)
	if err != nil {
		return err
	}
	var ps []*cases.Petition
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			rows.Close()
			return err
		}
		p, err := decodePetition(doc)
		if err != nil {
			rows.Close()
			return err
		}
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	st, err := tx.PrepareContext(ctx, `UPDATE petitions SET search = ?, petitioner = ? WHERE ref = ?`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, p := range ps {
		if _, err := st.ExecContext(ctx, searchText(p), cases.Fold(p.Petitioner.Name), p.Ref); err != nil {
			return fmt.Errorf("petition %s: %w", p.Ref, err)
		}
	}
	return nil
}

// SchemaProblems compares the migrations recorded in the database with the
// binary's: one not applied, or one the binary does not know (a newer
// binary migrated the file), is a problem; none when they are the same.
func (db *DB) SchemaProblems(ctx context.Context) ([]string, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, name := range names {
		want[strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")] = true
	}
	applied := map[string]bool{}
	err = each(ctx, db.read, `SELECT version FROM schema_migrations`, func(scan func(...any) error) error {
		var v string
		if err := scan(&v); err != nil {
			return err
		}
		applied[v] = true
		return nil
	})
	if err != nil {
		return []string{fmt.Sprintf("schema: not a tiepdan database, or not readable: %v", err)}, nil
	}
	var out []string
	for _, v := range slices.Sorted(maps.Keys(want)) {
		if !applied[v] {
			out = append(out, fmt.Sprintf("schema: migration %s of this binary is not applied (any command that writes, such as serve, applies it)", v))
		}
	}
	for _, v := range slices.Sorted(maps.Keys(applied)) {
		if !want[v] {
			out = append(out, fmt.Sprintf("schema: migration %s is not this binary's: a newer tiepdan migrated the file", v))
		}
	}
	return out, nil
}
