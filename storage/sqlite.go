package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the case history on SQLite: one writer connection, so that writes never
// wait on each other's locks, and a pool of readers that WAL lets run beside it.
type DB struct {
	write  *sql.DB
	read   *sql.DB
	decide cases.Decider
	cache  petitionCache
	// Now is the clock; tests fix it.
	Now func() time.Time
	// stmts are the statements of write transactions kept prepared on the
	// writer's connection (keepStmts).
	stmts struct {
		sync.Mutex
		m map[string]*sql.Stmt
	}
}

// Open opens (creating on first use) the SQLite database at path and brings its
// schema up to date. decide checks every command before it is written.
func Open(ctx context.Context, path string, decide cases.Decider) (*DB, error) {
	if decide == nil {
		return nil, errors.New("storage: open: no decider")
	}
	// temp_store(MEMORY) keeps statement journals in memory: a statement
	// that fires a trigger or touches several indexes copies each page it
	// changes there first, and once such a journal has spilled to a
	// temporary file every page costs a system call until the commit.
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)",
		"synchronous(NORMAL)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	// The writer's page cache is kept at 16 MB: an import of a large
	// history must stay under 200 MB resident, and a larger cache saves it
	// little; readers, four of them, keep 32 MB each.
	w := maps.Clone(q)
	w["_pragma"] = append(slices.Clone(q["_pragma"]), "cache_size(-16000)")
	q.Add("_pragma", "cache_size(-32000)")
	w.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + w.Encode()
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	q.Set("_txlock", "deferred")
	q.Add("_pragma", "query_only(1)")
	read, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	read.SetMaxOpenConns(4)
	db := &DB{write: write, read: read, decide: decide, Now: time.Now}
	db.cache.reset()
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	db.stmts.Lock()
	for _, st := range db.stmts.m {
		st.Close()
	}
	clear(db.stmts.m)
	db.stmts.Unlock()
	return errors.Join(db.read.Close(), db.write.Close())
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
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
			version, time.Now().UTC().Format(time.RFC3339)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// isUnique reports whether err is a SQLite unique-constraint violation,
// matched by code, never by message.
func isUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE ||
		se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}
