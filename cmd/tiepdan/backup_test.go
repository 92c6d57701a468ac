package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/backups"
	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// importedDB is a database of a demo history of petitions petitions,
// imported through the command line.
func importedDB(t *testing.T, petitions int) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "live.db")
	if code, _, stderr := run(t, demoHistory(t, petitions, 1), "--db", db, "import", "-"); code != exitOK {
		t.Fatalf("import: %d %s", code, stderr)
	}
	return db
}

// backupRecord runs tiepdan backup --json and returns what it printed.
func backupRecord(t *testing.T, db, dest string) backups.Record {
	t.Helper()
	code, out, stderr := run(t, "", "--db", db, "backup", dest, "--json")
	if code != exitOK {
		t.Fatalf("backup: %d %s %s", code, out, stderr)
	}
	var rec backups.Record
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatalf("backup --json: %v: %s", err, out)
	}
	return rec
}

// reportsOf is the JSON report of every named period the demo history
// covers (2022 to 2024), each run with args after the period.
func reportsOf(t *testing.T, db string, args ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for year := 2022; year <= 2024; year++ {
		for _, kind := range []string{"", "-Q1", "-Q2", "-Q3", "-Q4", "-H1", "-9M"} {
			p := fmt.Sprint(year) + kind
			code, o, stderr := run(t, "", append([]string{"--db", db, "report", "section6", "--period", p, "--format", "json"}, args...)...)
			if code != exitOK {
				t.Fatalf("report %s: %d %s", p, code, stderr)
			}
			out[p] = o
		}
	}
	return out
}

func sameReports(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s: the report of %s differs:\n%s\n%s", what, p, w, got[p])
		}
	}
}

// A backup taken while a writer records commands finishes without
// stopping it, holds every event up to its last one, and restores a
// database whose reports, as of that last event, and verification are the
// original's.
func TestBackupUnderWriteLoadThenRestore(t *testing.T) {
	live := importedDB(t, 150)
	dir := filepath.Dir(live)
	ctx := context.Background()
	store, err := storage.Open(ctx, live, workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()

	// The writer records a petition after another, each a second after
	// the one before, until told to stop.
	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			c, err := cases.DecodeCommand([]byte(fmt.Sprintf(`{"op":"petition","ref":"LOAD-%d","received_at":"2024-%02d-%02dT08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn Tải"},"summary":"Kiến nghị sửa đường"}`,
				i, 1+i%12, 1+i%28)))
			if err != nil {
				t.Error(err)
				return
			}
			if _, err := store.Exec(ctx, c, cases.Meta{Now: fixedNow.Add(time.Hour + time.Duration(i)*time.Second), User: "tester"}); err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	}()
	for written.Load() < 20 {
		time.Sleep(time.Millisecond)
	}
	before := written.Load()
	rec := backupRecord(t, live, filepath.Join(dir, "b1.db"))
	during := written.Load() - before
	if during == 0 {
		t.Error("no command was written while the backup ran: it held the writer")
	}
	for n := written.Load(); written.Load() < n+5; {
		time.Sleep(time.Millisecond) // the writer goes on after it
	}
	close(stop)
	wg.Wait()
	if !rec.OK || rec.Events == 0 || rec.Head == "" || rec.LastEvent.IsZero() {
		t.Fatalf("the backup: %+v", rec)
	}
	t.Logf("%d commands written during the backup, %d in all", during, written.Load())

	restored := filepath.Join(dir, "restored.db")
	if code, out, stderr := run(t, "", "--db", restored, "restore", filepath.Join(dir, "b1.db")); code != exitOK {
		t.Fatalf("restore: %d %s %s", code, out, stderr)
	}
	// The restored copy holds the history up to the backup's last event:
	// as of that event, every report is the original's, which has gone on.
	asOf := []string{"--as-of", rec.LastEvent.Format(time.RFC3339)}
	sameReports(t, "as of the backup's last event", reportsOf(t, live, asOf...), reportsOf(t, restored, asOf...))
	code, out, _ := run(t, "", "--db", restored, "verify")
	if want := fmt.Sprintf("verify: OK — %d events,", rec.Events); code != exitOK || !strings.Contains(out, want) {
		t.Errorf("verify of the restored copy: %d %q, want %q", code, out, want)
	}
	if code, out, _ := run(t, "", "--db", live, "verify"); code != exitOK || strings.Contains(out, fmt.Sprintf(" %d events,", rec.Events)) {
		t.Errorf("verify of the original, which went on: %d %q", code, out)
	}

	// With the writer stopped, a second backup restores the original as
	// it is: every report and the verification alike.
	backupRecord(t, live, filepath.Join(dir, "b2.db"))
	if code, out, stderr := run(t, "", "--db", restored, "restore", "--force", filepath.Join(dir, "b2.db")); code != exitOK {
		t.Fatalf("restore --force: %d %s %s", code, out, stderr)
	}
	sameReports(t, "after the writer stopped", reportsOf(t, live), reportsOf(t, restored))
	_, want, _ := run(t, "", "--db", live, "verify")
	if code, got, _ := run(t, "", "--db", restored, "verify"); code != exitOK || got != want {
		t.Errorf("verify: the original says %q, the restored copy %d %q", want, code, got)
	}
}

// A backup does not replace a file unless told, and never restores over
// the database it was taken from.
func TestBackupRefusesAnExistingFile(t *testing.T) {
	live := importedDB(t, 20)
	dest := filepath.Join(filepath.Dir(live), "b.db")
	os.WriteFile(dest, []byte("keep me"), 0o600)
	code, _, stderr := run(t, "", "--db", live, "backup", dest)
	if b, _ := os.ReadFile(dest); code != exitUsage || string(b) != "keep me" || !strings.Contains(stderr, dest) {
		t.Errorf("backup over a file: %d %q, the file now %q", code, stderr, b)
	}
	if code, out, stderr := run(t, "", "--db", live, "backup", "--force", dest); code != exitOK || !strings.Contains(out, "verified OK") {
		t.Errorf("backup --force: %d %s %s", code, out, stderr)
	}
}

// Restore refuses a database some process has open, as a running serve
// does, and changes nothing in it.
func TestRestoreRefusesADatabaseInUse(t *testing.T) {
	live := importedDB(t, 20)
	dir := filepath.Dir(live)
	backupRecord(t, live, filepath.Join(dir, "b.db"))
	target := filepath.Join(dir, "served.db")
	run(t, webtest.Password+"\n", "--db", target, "user", "add", "admin", "--role", "admin")

	ctx, cancel := context.WithCancel(context.Background())
	stderr := &webtest.SyncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- mainWithClock(ctx, []string{"--db", target, "serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""),
			io.Discard, stderr, func() time.Time { return fixedNow })
	}()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(stderr.String(), `"msg":"serving"`); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", stderr)
		}
	}
	code, _, errText := run(t, "", "--db", target, "restore", "--force", filepath.Join(dir, "b.db"))
	if code != exitUsage || !strings.Contains(errText, "in use") || !strings.Contains(errText, target) {
		t.Errorf("restore while serve runs: %d %q", code, errText)
	}
	cancel()
	if c := <-exit; c != exitOK {
		t.Fatalf("serve: %d %s", c, stderr)
	}
	if _, out, _ := run(t, "", "--db", target, "user", "list"); !strings.Contains(out, "admin") {
		t.Errorf("the refused restore changed the database: %q", out)
	}
	// Stopped, it restores.
	if code, out, errText := run(t, "", "--db", target, "restore", "--force", filepath.Join(dir, "b.db")); code != exitOK {
		t.Errorf("restore once serve stopped: %d %s %s", code, out, errText)
	}
}

// A missing database is an error naming it, and no command that only reads
// creates it.
func TestMissingDatabaseIsNotCreated(t *testing.T) {
	db := filepath.Join(t.TempDir(), "nowhere.db")
	for _, args := range [][]string{{"verify"}, {"list"}, {"show", "P-1"}, {"backup", db + ".bak"},
		{"report", "section6", "--period", "2024"}, {"token", "list"}, {"user", "list"}} {
		code, out, stderr := run(t, "", append([]string{"--db", db}, args...)...)
		if code != exitUsage || !strings.Contains(stderr, db) || strings.Contains(out, "OK") {
			t.Errorf("%v on a missing database: %d %q %q", args, code, out, stderr)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%v created %s", args, db)
		}
	}
	if code, _, stderr := run(t, "", "--db", filepath.Join(t.TempDir(), "t.db"), "restore", db); code != exitUsage || !strings.Contains(stderr, db) {
		t.Errorf("restore of a missing backup: %d %q", code, stderr)
	}
}

// A backup put in place by copying it over the database, beside the -wal
// the old file left, is a malformed database: verify says so, naming the
// file's problems, where the history alone would look whole.
func TestVerifyFindsAStaleWAL(t *testing.T) {
	live := importedDB(t, 300)
	dir := filepath.Dir(live)
	backupRecord(t, live, filepath.Join(dir, "b.db"))
	ctx := context.Background()
	store, err := storage.Open(ctx, live, workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		c, _ := cases.DecodeCommand([]byte(fmt.Sprintf(`{"op":"petition","ref":"LATE-%d","received_at":"2024-12-%02dT08:00:00+07:00","channel":"reception","petitioner":{"name":"Lê Thị Muộn"},"summary":"Kiến nghị"}`, i, 1+i%28)))
		if _, err := store.Exec(ctx, c, cases.Meta{Now: fixedNow, User: "tester"}); err != nil {
			t.Fatal(err)
		}
	}
	// The -wal as it is while the server runs, kept before it closes.
	wal, err := os.ReadFile(live + "-wal")
	if err != nil || len(wal) == 0 {
		t.Fatalf("no -wal while open: %v", err)
	}
	store.Close()
	target := filepath.Join(dir, "copied.db")
	b, _ := os.ReadFile(filepath.Join(dir, "b.db"))
	os.WriteFile(target, b, 0o600)
	os.WriteFile(target+"-wal", wal, 0o600)

	code, out, stderr := run(t, "", "--db", target, "verify")
	if code != exitFailed || !strings.Contains(out, "file: ") || !strings.Contains(out, "PROBLEMS") {
		t.Errorf("verify beside a stale -wal: %d %q %q", code, out, stderr)
	}
	// Restore puts the backup in place without the stale -wal.
	os.WriteFile(target+"-wal", wal, 0o600)
	if code, out, stderr := run(t, "", "--db", target, "restore", "--force", filepath.Join(dir, "b.db")); code != exitOK {
		t.Fatalf("restore: %d %s %s", code, out, stderr)
	}
	if code, out, _ := run(t, "", "--db", target, "verify"); code != exitOK {
		t.Errorf("verify after restore: %d %q", code, out)
	}
}

// The files tiepdan creates are its owner's alone: a new database, a
// backup, a restored database.
func TestCreatedFilesAreTheOwnersOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "new.db")
	run(t, webtest.Password+"\n", "--db", db, "user", "add", "admin", "--role", "admin")
	backupRecord(t, db, filepath.Join(dir, "b.db"))
	run(t, "", "--db", filepath.Join(dir, "r.db"), "restore", filepath.Join(dir, "b.db"))
	for _, f := range []string{"new.db", "b.db", "r.db"} {
		info, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if m := info.Mode().Perm(); m != 0o600 {
			t.Errorf("%s: mode %o, want 600", f, m)
		}
	}
}
