package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/internal/backups"
	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/web"
)

// The rotation keeps --backup-keep verified backups, and the admin page
// lists them from the directory with what each verification found.
func TestBackupRotationOnTheAdminPage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "backups")
	e := webtest.NewConfig(t, webtest.Units, func(c *web.Config) { c.BackupDir = dir })
	rot := backupRotation{dir: dir, every: time.Hour, keep: 2}
	if err := rot.check(); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	logger := slog.New(slog.NewTextHandler(&log, nil))
	start := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	for i := range 3 {
		rot.once(context.Background(), e.DB, logger, start.Add(time.Duration(i)*time.Hour))
	}
	list, err := backups.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || !list[0].OK || !list[1].OK || list[0].Events == 0 || list[0].Size == 0 {
		t.Fatalf("after three backups keeping two: %+v\nlog: %s", list, log.String())
	}
	if !strings.Contains(log.String(), "backup removed") {
		t.Errorf("the rotation's log: %s", log.String())
	}
	failed := backups.Record{File: backups.Name(start.Add(5 * time.Hour)), Started: start.Add(5 * time.Hour),
		Problems: []string{"copy the database: disk full"}}
	if err := backups.Write(dir, failed); err != nil {
		t.Fatal(err)
	}

	status, page, _ := e.Browser("admin").Login().Do("GET", "/admin", nil)
	text := webtest.Text(page)
	for _, want := range []string{"Sao lưu", dir, list[0].File, list[1].File, "Đạt", failed.File, "Không đạt", "disk full"} {
		if status != 200 || !strings.Contains(text, want) {
			t.Errorf("the admin page (%d) lacks %q", status, want)
		}
	}
}

// serve --backup-dir takes its first backup when it starts and the
// directory has none.
func TestServeTakesABackupAtStart(t *testing.T) {
	db := importedDB(t, 20)
	dir := filepath.Join(t.TempDir(), "backups")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &webtest.SyncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- mainWithClock(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0", "--backup-dir", dir},
			strings.NewReader(""), io.Discard, stderr, func() time.Time { return fixedNow })
	}()
	var list []backups.Record
	for deadline := time.Now().Add(20 * time.Second); len(list) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no backup in %s: %s", dir, stderr)
		}
		list, _ = backups.List(dir)
		if len(list) > 0 && list[0].Finished.IsZero() { // copied, not yet verified
			list = nil
		}
	}
	if !list[0].OK {
		t.Errorf("the first backup: %+v", list[0])
	}
	info, err := os.Stat(filepath.Join(dir, list[0].File))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the backup file: %v %v", info, err)
	}
	cancel()
	<-exit
	if !strings.Contains(stderr.String(), `"msg":"backup"`) {
		t.Errorf("the log: %s", stderr)
	}
}
