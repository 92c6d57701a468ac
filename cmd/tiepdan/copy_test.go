package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/pgtest"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// tiepdan copy moves an installation from SQLite to PostgreSQL and back:
// the target verifies, and every named period's report is the same on the
// three databases.

// TestCopyBothWaysOf20000Petitions copies the 20,000-petition demo.
func TestCopyBothWaysOf20000Petitions(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a 20,000-petition demo")
	}
	if raceDetector {
		t.Skip("imports a 20,000-petition demo: .ci/run runs it without the race detector (TestCopyBothWays, 300 petitions, runs with it)")
	}
	copyBothWays(t, 20000)
}

// TestCopyBothWays copies a small demo, under -short too.
func TestCopyBothWays(t *testing.T) {
	copyBothWays(t, 300)
}

func copyBothWays(t *testing.T, petitions int) {
	pg := pgtest.URL(t)
	dir := t.TempDir()
	from, back := filepath.Join(dir, "from.db"), filepath.Join(dir, "back.db")
	if code, _, stderr := run(t, demoHistory(t, petitions, 19), "--db", from, "import", "-"); code != exitOK {
		t.Fatalf("import: %s", stderr)
	}
	if code, _, stderr := run(t, webtest.Password+"\n", "--db", from, "user", "add", "quantri", "--role", "admin"); code != exitOK {
		t.Fatalf("user add: %s", stderr)
	}
	if code, _, stderr := run(t, "", "--db", from, "token", "create", "quantri"); code != exitOK {
		t.Fatalf("token create: %s", stderr)
	}
	for _, c := range [][2]string{{from, pg}, {pg, back}} {
		code, out, stderr := run(t, "", "copy", "--from", c[0], "--to", c[1])
		if code != exitOK {
			t.Fatalf("copy --from %s --to %s: %d %s %s", c[0], c[1], code, out, stderr)
		}
	}
	// A second copy into a database that holds something is refused.
	if code, _, stderr := run(t, "", "copy", "--from", from, "--to", pg); code == exitOK {
		t.Errorf("copy into a database that is not empty: %d %s", code, stderr)
	}
	for _, db := range []string{from, pg, back} {
		if code, out, stderr := run(t, "", "--db", db, "verify"); code != exitOK {
			t.Errorf("verify %s: %d %s %s", db, code, out, stderr)
		}
	}
	periods := 0
	for year := 2022; year <= 2024; year++ {
		for _, kind := range []string{"", "-Q1", "-Q2", "-Q3", "-Q4", "-H1", "-H2", "-9M"} {
			period := fmt.Sprint(year) + kind
			var want string
			for i, db := range []string{from, pg, back} {
				code, out, stderr := run(t, "", "--db", db, "report", "section6", "--period", period, "--format", "json")
				if code != exitOK {
					t.Fatalf("report %s on %s: %s", period, db, stderr)
				}
				if i == 0 {
					want = out
				} else if out != want {
					t.Errorf("report %s on %s differs from the original's", period, db)
				}
			}
			periods++
		}
	}
	// The token and the account came along.
	for _, db := range []string{pg, back} {
		if code, out, _ := run(t, "", "--db", db, "token", "list"); code != exitOK || !contains(out, "quantri") {
			t.Errorf("token list on %s: %d %s", db, code, out)
		}
	}
	t.Logf("%d petitions: %d named periods' reports identical on SQLite, PostgreSQL and SQLite again", petitions, periods)
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
