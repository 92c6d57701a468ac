package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/internal/demo"
)

func TestServeDemoSeedsAnEmptyDatabaseOnce(t *testing.T) {
	ctx := context.Background()
	var stderr bytes.Buffer
	a := &App{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr, Now: func() time.Time { return fixedNow },
		DB: filepath.Join(t.TempDir(), "demo.db")}
	db, err := a.openOrCreate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := seedDemo(ctx, a, db, demo.Options{Petitions: 200}); err != nil {
		t.Fatal(err)
	}
	seq, _ := db.LastSeq(ctx)
	users, _ := db.Users(ctx)
	if seq == 0 || len(users) != len(demoAccounts) {
		t.Fatalf("after the demo: %d events, %d users", seq, len(users))
	}
	// A database with history is left alone.
	if err := seedDemo(ctx, a, db, demo.Options{Petitions: 200}); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.LastSeq(ctx); again != seq {
		t.Fatalf("a second --demo added events: %d → %d", seq, again)
	}
	if ver, err := db.Verify(ctx); err != nil || !ver.OK() {
		t.Fatalf("verify after the demo: %v %v", err, ver)
	}
}

// TestDemoOfTodayImports writes the default demo through the command line —
// today's office, to the command's today — imports and verifies it, and
// checks that its plan leaves no week short for the commune; a district's
// history past the reform is refused.
func TestDemoOfTodayImports(t *testing.T) {
	dir := t.TempDir()
	db, plan := filepath.Join(dir, "demo.db"), filepath.Join(dir, "plan.json")
	code, history, errOut := run(t, "", "demo", "--petitions", "400", "--plan", plan)
	if code != exitOK {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	if !strings.Contains(history, `"level":"commune","valid_from":"2025-07-01"`) ||
		!strings.Contains(history, `"received_at":"`+fixedNow.AddDate(0, 0, -3).Format("2006-01")) {
		t.Error("the demo does not reach the commune and today")
	}
	if code, out, errOut := run(t, history, "--db", db, "import", "-"); code != exitOK {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	if code, out, _ := run(t, "", "--db", db, "verify"); code != exitOK {
		t.Fatalf("verify: %s", out)
	}
	code, out, errOut := run(t, "", "--db", db, "schedule", "--reception", plan,
		"--from", "2025-07-01", "--to", fixedNow.Format("2006-01-02"))
	if code != exitOK || strings.Contains(out, "chưa đủ") {
		t.Errorf("schedule: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, "", "demo", "--level", "district"); code != exitUsage || !strings.Contains(errOut, "2025-06-30") {
		t.Errorf("a district to today: %d %s", code, errOut)
	}
}
