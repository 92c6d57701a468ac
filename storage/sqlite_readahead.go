package storage

import (
	"context"
	"io"
	"os"
)

// ReadAhead reads the database file once from start to end, in large
// blocks, and throws what it read away: the operating system keeps the
// pages in its cache, where the checks that read the file in the order of
// its B-trees — the integrity check, the events by petition — find them
// instead of reading the disk page by page at random (docs/performance.md,
// "Verify"). It costs the process its buffer only, and little when the
// file is cached already; on a file larger than the cache, the pass is
// wasted and harmless. It stops when ctx ends. A PostgreSQL database is
// not a file: nothing to do.
func (db *DB) ReadAhead(ctx context.Context) error {
	if db.dialect.postgres || db.path == "" {
		return nil
	}
	f, err := os.Open(db.path)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, 4<<20)
	for ctx.Err() == nil {
		if _, err := f.Read(buf); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
	return ctx.Err()
}
