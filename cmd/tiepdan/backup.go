package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/tiepdan/tiepdan/internal/backups"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// tiepdan backup FILE: a consistent copy of the database taken while the
// server goes on writing, then verified; tiepdan restore FILE: a verified
// backup put in the place of --db, which nothing may have open.

// fileKeeper is what backup, restore and verify's first step ask of the
// database's backend: its file checked as the engine reads it, a
// consistent copy while writers go on, that copy put in a database's
// place. SQLite's store has them (storage/sqlite_backup.go); a backend
// without them (PostgreSQL, whose tools are pg_dump and pg_restore) makes
// these commands say so.
type fileKeeper interface {
	CheckFile(ctx context.Context) ([]string, error)
	BackupTo(ctx context.Context, dest string, overwrite bool) error
	RestoreTo(ctx context.Context, target string) error
}

var _ fileKeeper = (*storage.DB)(nil)

// keeperOf is db's fileKeeper, or the error saying it has none.
func keeperOf(db any) (fileKeeper, error) {
	if k, ok := db.(fileKeeper); ok {
		return k, nil
	}
	return nil, errors.New("this database is not a file: back it up with its own tools (PostgreSQL: pg_dump)")
}

func runBackup(ctx context.Context, a *App, args []string) int {
	fs := a.flags("backup")
	force := fs.Bool("force", false, "replace FILE when it exists")
	asJSON := fs.Bool("json", false, "print what the backup holds as JSON")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 1 {
		return a.badUsage("backup")
	}
	key, err := a.signingKey()
	if err != nil {
		return a.fail(err)
	}
	db, err := a.openAsIs(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()
	rec, err := backupAndVerify(ctx, db, fs.Arg(0), *force, key)
	if err != nil {
		return a.fail(err)
	}
	return a.printBackup(rec, *asJSON)
}

// backupAndVerify copies db to dest (replacing it when overwrite) and
// verifies the copy: the file (CheckFile), then the chain and the
// projections (storage.DB.Verify). It returns what the copy holds; a copy
// that does not verify has its problems in the record, an error is a copy
// not made. With key, the record has the signature of the copy's heads
// (storage.SignChain), which nothing writes into the database.
func backupAndVerify(ctx context.Context, db *storage.DB, dest string, overwrite bool, key ed25519.PrivateKey) (backups.Record, error) {
	rec := backups.Record{File: dest, Started: time.Now()}
	k, err := keeperOf(db)
	if err != nil {
		return rec, err
	}
	if err := k.BackupTo(ctx, dest, overwrite); err != nil {
		return rec, err
	}
	if err := checkCopy(ctx, dest, db.Secrets(), &rec, key); err != nil {
		return rec, err
	}
	rec.Finished = time.Now()
	if info, err := os.Stat(dest); err == nil {
		rec.Size = info.Size()
	}
	return rec, nil
}

// checkCopy verifies the database file at path as verify does, and fills
// rec with what it holds and its problems, and the signature of its heads
// when key is given.
func checkCopy(ctx context.Context, path string, secrets *storage.Secrets, rec *backups.Record, key ed25519.PrivateKey) error {
	cp, err := storage.OpenWith(ctx, path, workflow.Decide, storage.OpenOptions{Existing: true, AsIs: true, Secrets: secrets})
	if err != nil {
		return err
	}
	defer cp.Close()
	rep, err := verifyAll(ctx, cp, storage.VerifyOptions{}, nil)
	if err != nil {
		return err
	}
	rec.Problems = rep.problems()
	rec.OK = len(rec.Problems) == 0
	if rep.Verification != nil {
		rec.Events, rec.Petitions, rec.Visits = rep.Events, rep.Petitions, rep.Visits
		c, err := cp.HeadChain(ctx)
		if err != nil {
			return err
		}
		if key != nil && c.Seq > 0 {
			storage.SignChain(&c, key, time.Now())
		}
		rec.LastEvent, rec.Head, rec.Seq = c.RecordedAt, c.Head, c.Seq
		rec.AccessID, rec.AccessHead = c.AccessID, c.AccessHead
		rec.SignedAt, rec.Key, rec.Signature = c.SignedAt, c.Key, c.Signature
	}
	return nil
}

func (a *App) printBackup(rec backups.Record, asJSON bool) int {
	if asJSON {
		json.NewEncoder(a.Stdout).Encode(rec)
	} else {
		for _, p := range rec.Problems {
			fmt.Fprintln(a.Stdout, p)
		}
		verdict := "verified OK"
		if !rec.OK {
			verdict = fmt.Sprintf("DOES NOT VERIFY, %d problems", len(rec.Problems))
		}
		fmt.Fprintf(a.Stdout, "backup: %s — %s; %d events, %d petitions, %d visits; %d bytes\n",
			rec.File, verdict, rec.Events, rec.Petitions, rec.Visits, rec.Size)
		if rec.Head != "" {
			fmt.Fprintf(a.Stdout, "last event recorded %s, chain head %s\n", rec.LastEvent.Format(time.RFC3339), rec.Head)
			a.printSignature(rec)
		}
	}
	if !rec.OK {
		return exitFailed
	}
	return exitOK
}

// printSignature prints the anchor of a backup's heads: the line to keep
// apart (a printed receipt, a note) for verify --anchors.
func (a *App) printSignature(rec backups.Record) {
	if rec.Signature == "" {
		fmt.Fprintf(a.Stdout, "anchor: {\"seq\":%d,\"head\":%q} (not signed: no --signing-key)\n", rec.Seq, rec.Head)
		return
	}
	line, _ := json.Marshal(struct {
		Seq        int64      `json:"seq"`
		Head       string     `json:"head"`
		AccessID   int64      `json:"access_id"`
		AccessHead string     `json:"access_head"`
		SignedAt   *time.Time `json:"signed_at"`
		Key        string     `json:"key"`
		Signature  string     `json:"signature"`
	}{rec.Seq, rec.Head, rec.AccessID, rec.AccessHead, rec.SignedAt, rec.Key, rec.Signature})
	fmt.Fprintf(a.Stdout, "anchor: %s\n", line)
}

func runRestore(ctx context.Context, a *App, args []string) int {
	fs := a.flags("restore")
	force := fs.Bool("force", false, "replace the database --db names when it exists (never while it is in use)")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 1 {
		return a.badUsage("restore")
	}
	src := fs.Arg(0)
	if storage.IsPostgres(a.DB) || storage.IsPostgres(src) {
		return a.fail(storage.ErrNotAFile)
	}
	if same, _ := sameFile(src, a.DB); same {
		fmt.Fprintf(a.Stderr, "tiepdan: restore: %s is the database --db names\n", src)
		return exitUsage
	}
	if _, err := os.Stat(a.DB); err == nil && !*force {
		fmt.Fprintf(a.Stderr, "tiepdan: restore: %s exists: --force replaces it (what was recorded after the backup is lost)\n", a.DB)
		return exitUsage
	}
	// Asked first, to refuse before the backup's verification; RestoreTo
	// asks again before it replaces the file.
	if busy, err := storage.InUse(ctx, a.DB); err != nil || busy {
		if err == nil {
			err = fmt.Errorf("%s: %w", a.DB, storage.ErrInUse)
		}
		return a.fail(err)
	}
	secrets, err := a.secrets()
	if err != nil {
		return a.fail(err)
	}
	db, err := storage.OpenWith(ctx, src, workflow.Decide, storage.OpenOptions{Existing: true, AsIs: true, Secrets: secrets})
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()
	rec := backups.Record{File: src}
	if err := checkCopy(ctx, src, secrets, &rec, nil); err != nil {
		return a.fail(err)
	}
	if !rec.OK {
		for _, p := range rec.Problems {
			fmt.Fprintln(a.Stdout, p)
		}
		fmt.Fprintf(a.Stderr, "tiepdan: restore: %s does not verify (%d problems): nothing restored\n", src, len(rec.Problems))
		return exitFailed
	}
	k, err := keeperOf(db)
	if err != nil {
		return a.fail(err)
	}
	if err := k.RestoreTo(ctx, a.DB); err != nil {
		return a.fail(err)
	}
	fmt.Fprintf(a.Stdout, "restored %s from %s — %d events, %d petitions, %d visits; last event recorded %s, chain head %s\n",
		a.DB, src, rec.Events, rec.Petitions, rec.Visits, rec.LastEvent.Format(time.RFC3339), rec.Head)
	return exitOK
}

// sameFile reports whether paths a and b name one existing file.
func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

// fileErrorStatus is the exit status of an error about a file the operator
// named, or -1: one that exists where it must not, or is missing, or may
// not be written, is the operator's to correct (2).
func fileErrorStatus(err error) int {
	var pe *fs.PathError
	switch {
	case errors.Is(err, storage.ErrNoDatabase), errors.Is(err, storage.ErrInUse), errors.Is(err, storage.ErrNotAFile),
		errors.Is(err, fs.ErrExist), errors.As(err, &pe):
		return exitUsage
	}
	return -1
}
