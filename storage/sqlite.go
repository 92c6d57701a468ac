package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// Opening a SQLite database: the pragmas in the DSN, so that every
// pooled connection has them, and the writer apart from the readers; and
// the one pragma a report's connection sets for itself (mapFile).

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
	db := &DB{write: write, read: read, decide: decide, Now: time.Now, Window: cases.DefaultWindow}
	db.cache.reset()
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// mmapSize is the part of the database file a report's connection maps in
// memory (SQLite caps it at 2 GiB): its pages are read in place instead of
// being copied through read(2) into the connection's page cache, which a
// report of a large history cycles through.
const mmapSize = 1 << 31

// mapFile maps the database file in conn's memory, up to mmapSize, for a
// report's reads.
func mapFile(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA mmap_size = %d", mmapSize))
	return err
}
