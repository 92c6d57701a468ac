package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// Opening a SQLite database: the pragmas in the DSN, so that every
// pooled connection has them, and the writer apart from the readers; and
// the one pragma a report's connection sets for itself (mapFile).

// Open opens (creating on first use) the SQLite database at path, or the
// PostgreSQL database when path is a postgres:// URL (postgres.go), and
// brings its schema up to date. decide checks every command before it is written.
func Open(ctx context.Context, path string, decide cases.Decider) (*DB, error) {
	return OpenWith(ctx, path, decide, OpenOptions{})
}

// OpenOptions say what opening may do to the file.
type OpenOptions struct {
	// Existing refuses a path with no file (ErrNoDatabase) instead of
	// creating an empty database there: the commands that only read.
	Existing bool
	// AsIs opens the file as it is: its schema is not migrated and its
	// journal mode not changed, so that checking a database or a backup
	// (verify, backup, restore) writes nothing to it.
	AsIs bool
	// Secrets is the secrets key that seals identities at rest
	// (secrets.go); nil stores them in clear. A database that holds
	// identities sealed is opened without it only AsIs.
	Secrets *Secrets
}

// ErrNoDatabase is the error of opening, with OpenOptions.Existing, a path
// where there is no database file.
var ErrNoDatabase = errors.New("no such database file")

// OpenWith is Open as opts say. A database it creates is a file only its
// owner reads and writes (0600); SQLite gives its -wal and -shm files the
// same mode.
func OpenWith(ctx context.Context, path string, decide cases.Decider, opts OpenOptions) (*DB, error) {
	if decide == nil {
		return nil, errors.New("storage: open: no decider")
	}
	if IsPostgres(path) {
		return openPostgres(ctx, path, decide, opts)
	}
	if opts.Existing {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", path, ErrNoDatabase)
		}
	} else if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		// An empty file is an empty database to SQLite.
		f.Close()
	}
	// temp_store(MEMORY) keeps statement journals in memory: a statement
	// that fires a trigger or touches several indexes copies each page it
	// changes there first, and once such a journal has spilled to a
	// temporary file every page costs a system call until the commit.
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)",
		"synchronous(NORMAL)", "temp_store(MEMORY)"} {
		if opts.AsIs && strings.HasPrefix(p, "journal_mode") {
			continue
		}
		q.Add("_pragma", p)
	}
	if opts.Existing {
		// SQLite itself refuses then to create the file, should it
		// vanish after the check above.
		q.Set("mode", "rw")
	}
	// The writer's page cache is kept at 16 MB: an import of a large
	// history must stay under 200 MB resident, and a larger cache saves it
	// little; readers, four of them, keep 32 MB each.
	w := maps.Clone(q)
	w["_pragma"] = append(slices.Clone(q["_pragma"]), "cache_size(-16000)")
	q.Add("_pragma", "cache_size("+readerCache+")")
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
	db := &DB{dialect: sqliteDialect, write: write, read: read, decide: decide, Now: time.Now, Window: cases.DefaultWindow, path: path, secrets: opts.Secrets}
	db.cache.reset()
	if !opts.AsIs {
		if err := db.migrate(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	if err := db.checkSecrets(ctx, !opts.AsIs); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// readerCache is a reader's page cache, in the unit of PRAGMA cache_size
// (32 MB).
const readerCache = "-32000"

// mmapSize is the part of the database file a report's connection maps in
// memory (SQLite caps it at 2 GiB): its pages are read in place instead of
// being copied through read(2) into the connection's page cache, which a
// report of a large history cycles through.
const mmapSize = 1 << 31

// sqliteTransferredFrom is dialect.transferredFrom.
const sqliteTransferredFrom = `json_extract(%s.doc, '$.transferred_from')`

// mapFile maps the database file in conn's memory, up to mmapSize, for a
// report's reads.
func mapFile(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA mmap_size = %d", mmapSize))
	return err
}
