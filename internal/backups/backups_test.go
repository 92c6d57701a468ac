package backups

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// backup writes a backup file and its record, started at the hour h of a
// day, verified or not.
func backup(t *testing.T, dir string, h int, ok bool) string {
	t.Helper()
	started := time.Date(2026, 12, 7, h, 0, 0, 0, time.UTC)
	name := Name(started)
	if err := os.WriteFile(filepath.Join(dir, name), []byte("copy"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := Record{File: name, Started: started, OK: ok}
	if !ok {
		r.Problems = []string{"file: page 3 is never used"}
	}
	if err := Write(dir, r); err != nil {
		t.Fatal(err)
	}
	return name
}

func files(list []Record) []string {
	var out []string
	for _, r := range list {
		out = append(out, r.File)
	}
	return out
}

// The rotation keeps the newest verified backups and the failed attempts
// newer than the oldest of them; it lists the rest as removed and they are
// gone from the directory.
func TestRotateKeepsTheNewestVerified(t *testing.T) {
	dir := t.TempDir()
	b1 := backup(t, dir, 1, true)
	b2 := backup(t, dir, 2, false)
	b3 := backup(t, dir, 3, true)
	b4 := backup(t, dir, 4, false)
	b5 := backup(t, dir, 5, true)
	b6 := backup(t, dir, 6, true)
	removed, err := Rotate(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{b4, b3, b2, b1}; !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	list, err := List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{b6, b5}; !slices.Equal(files(list), want) {
		t.Errorf("left %v, want %v", files(list), want)
	}
	if _, err := os.Stat(filepath.Join(dir, b1+".json")); err == nil {
		t.Error("a removed backup's record stayed")
	}
}

// A backup file without its record was interrupted: listed, not verified.
func TestListSaysABackupWithoutRecordWasInterrupted(t *testing.T) {
	dir := t.TempDir()
	good := backup(t, dir, 1, true)
	bare := Name(time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC))
	os.WriteFile(filepath.Join(dir, bare), []byte("half"), 0o600)
	list, err := List(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].File != bare || list[0].OK || len(list[0].Problems) == 0 || list[0].Size != 4 {
		t.Fatalf("listed %+v", list)
	}
	if list[1].File != good || !list[1].OK || list[1].Size != 4 {
		t.Errorf("the verified one: %+v", list[1])
	}
}
