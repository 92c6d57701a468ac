package storage

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The schema's migrations: SQL files embedded in the binary, a directory
// per dialect (migrations/sqlite, migrations/postgres) holding the same
// names, applied in name order when a database is opened, each once, every
// pending one in a single transaction.

//go:embed migrations/*/*.sql
var migrations embed.FS

// migrationNames are the migrations of db's dialect, in order, by version
// (the file's name without its directory and .sql).
func (db *DB) migrationNames() (versions, files []string, err error) {
	dir := "migrations/" + db.dialect.name
	files, err = fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(files)
	for _, f := range files {
		versions = append(versions, strings.TrimSuffix(strings.TrimPrefix(f, dir+"/"), ".sql"))
	}
	return versions, files, nil
}

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
	versions, names, err := db.migrationNames()
	if err != nil {
		return err
	}
	for i, name := range names {
		version := versions[i]
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
		if fill := db.dialect.fills[version]; fill != nil {
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
	"0005_reception_book":      numberHistory,
	"0007_chain_anchors":       chainAccessLog,
}

// numberHistory begins the reception book (SPEC §9) on a history recorded
// without it: each petition and visit takes the next number of its book in
// the order of the history, as replay derives it (books.take), without
// changing an event. The books, the petitions' number column and the
// petitions' and visits' docs get the numbers.
func numberHistory(ctx context.Context, tx *sql.Tx) error {
	b := newBooks()
	numbers := map[string]cases.Number{} // "petition P-1", "visit V-1"
	err := each(ctx, tx, `SELECT data FROM events WHERE op IN ('petition', 'visit') ORDER BY seq`,
		func(scan func(...any) error) error {
			var data string
			if err := scan(&data); err != nil {
				return err
			}
			c, err := cases.DecodeCommand([]byte(data))
			if err != nil {
				return err
			}
			n, holder := b.take(&c, oneCommittee)
			if holder != "" {
				return fmt.Errorf("%s %s: number %s is %s's already", c.Op, c.Ref, n, holder)
			}
			numbers[string(c.Op)+" "+c.Ref] = n
			return nil
		})
	if err != nil {
		return err
	}
	for e, ref := range b.holder {
		if _, err := tx.ExecContext(ctx, `INSERT INTO reception_book (committee, book, year, number, ref) VALUES (?, ?, ?, ?, ?)`,
			e.committee, e.book, e.year, e.number, ref); err != nil {
			return err
		}
	}
	for k, last := range b.last {
		if _, err := tx.ExecContext(ctx, `INSERT INTO reception_book_last (committee, book, year, last) VALUES (?, ?, ?, ?)`,
			k.committee, k.book, k.year, last); err != nil {
			return err
		}
	}
	docs, err := refDocs(ctx, tx, `SELECT ref, doc FROM petitions`)
	if err != nil {
		return err
	}
	for ref, doc := range docs {
		p, err := decodePetition(doc)
		if err != nil {
			return err
		}
		p.Number = numbers["petition "+ref]
		if _, err := tx.ExecContext(ctx, `UPDATE petitions SET number = ?, doc = ? WHERE ref = ?`,
			p.Number.N, petitionDoc(p), ref); err != nil {
			return fmt.Errorf("petition %s: %w", ref, err)
		}
	}
	if docs, err = refDocs(ctx, tx, `SELECT ref, doc FROM visits`); err != nil {
		return err
	}
	for ref, doc := range docs {
		var v cases.Visit
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			return fmt.Errorf("visit %s: %w", ref, err)
		}
		v.Number = numbers["visit "+ref]
		out, _ := json.Marshal(v)
		if _, err := tx.ExecContext(ctx, `UPDATE visits SET doc = ? WHERE ref = ?`, string(out), ref); err != nil {
			return fmt.Errorf("visit %s: %w", ref, err)
		}
	}
	return nil
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
	versions, _, err := db.migrationNames()
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, v := range versions {
		want[v] = true
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

// refDocs reads the docs of a projection by ref (query selects ref, doc).
func refDocs(ctx context.Context, tx *sql.Tx, query string) (map[string]string, error) {
	docs := map[string]string{}
	err := each(ctx, tx, query, func(scan func(...any) error) error {
		var ref, doc string
		err := scan(&ref, &doc)
		docs[ref] = doc
		return err
	})
	return docs, err
}
