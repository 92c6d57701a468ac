package main

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/backups"
	"github.com/tiepdan/tiepdan/storage"
)

// serve --backup-dir D: a verified backup into D every --backup-every, the
// --backup-keep newest verified ones kept (internal/backups.Rotate), each
// with its record beside it, which the admin page lists.

// backupRotation is the rotation's settings.
type backupRotation struct {
	dir   string
	every time.Duration
	keep  int
	key   ed25519.PrivateKey // signs each backup's heads, when serve has one
}

// check makes the directory (0700) when missing and says what is wrong with
// the settings, for the operator to correct before serve starts.
func (r backupRotation) check() error {
	switch {
	case r.every < time.Minute:
		return fmt.Errorf("--backup-every must be at least 1m, not %v", r.every)
	case r.keep < 1:
		return fmt.Errorf("--backup-keep must be at least 1, not %d", r.keep)
	}
	if err := os.MkdirAll(r.dir, 0o700); err != nil {
		return fmt.Errorf("--backup-dir: %w", err)
	}
	return nil
}

// run takes the backups until ctx ends: the first when the newest backup of
// the directory is older than every (at once when there is none), so that a
// restarted server keeps the rhythm, then one every period.
func (r backupRotation) run(ctx context.Context, db *storage.DB, log *slog.Logger) {
	next := time.Now()
	if list, err := backups.List(r.dir); err == nil && len(list) > 0 {
		next = list[0].Started.Add(r.every)
	}
	for {
		t := time.NewTimer(time.Until(next))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		started := time.Now()
		r.once(ctx, db, log, started)
		next = started.Add(r.every)
	}
}

// once takes one backup named for its start, writes its record and
// rotates.
func (r backupRotation) once(ctx context.Context, db *storage.DB, log *slog.Logger, started time.Time) {
	name := backups.Name(started.In(cases.Zone))
	rec, err := backupAndVerify(ctx, db, filepath.Join(r.dir, name), false, r.key)
	if ctx.Err() != nil {
		return // stopping: the copy under way is removed, nothing to record
	}
	rec.File, rec.Started = name, started
	if err != nil {
		rec.OK, rec.Problems = false, []string{err.Error()}
		rec.Finished = time.Now()
	}
	if err := backups.Write(r.dir, rec); err != nil {
		log.Error("backup: write its record", "dir", r.dir, "file", name, "err", err)
	}
	if !rec.OK {
		log.Error("backup failed", "dir", r.dir, "file", name, "problems", rec.Problems)
		return
	}
	log.Info("backup", "dir", r.dir, "file", name, "events", rec.Events, "size", rec.Size,
		"seconds", rec.Finished.Sub(started).Seconds())
	removed, err := backups.Rotate(r.dir, r.keep)
	if err != nil {
		log.Error("backup: rotate", "dir", r.dir, "err", err)
	}
	for _, f := range removed {
		log.Info("backup removed", "dir", r.dir, "file", f)
	}
}
