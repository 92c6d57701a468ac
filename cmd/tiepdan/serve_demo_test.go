package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestServeDemoSeedsAnEmptyDatabaseOnce(t *testing.T) {
	ctx := context.Background()
	var stderr bytes.Buffer
	a := &App{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr, Now: func() time.Time { return fixedNow },
		DB: filepath.Join(t.TempDir(), "demo.db")}
	db, err := a.open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := seedDemo(ctx, a, db, 200); err != nil {
		t.Fatal(err)
	}
	seq, _ := db.LastSeq(ctx)
	users, _ := db.Users(ctx)
	if seq == 0 || len(users) != len(demoAccounts) {
		t.Fatalf("after the demo: %d events, %d users", seq, len(users))
	}
	// A database with history is left alone.
	if err := seedDemo(ctx, a, db, 200); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.LastSeq(ctx); again != seq {
		t.Fatalf("a second --demo added events: %d → %d", seq, again)
	}
	if ver, err := db.Verify(ctx); err != nil || !ver.OK() {
		t.Fatalf("verify after the demo: %v %v", err, ver)
	}
}
