package storage_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/storage/storetest"
)

// What the shared suite (storetest) cannot do the same on every backend,
// on SQLite: alter the history and the report's rows with SQLite's own
// statements, as someone holding the file could, and look at its schema.

// openHistory opens a SQLite store, with a plain connection to its file,
// and records storetest.History in it under storetest.Decide.
func openHistory(t *testing.T) (*storage.DB, *sql.DB) {
	t.Helper()
	s, raw := openSQLite(t, storetest.Decide)
	db := s.(*storage.DB)
	for _, line := range strings.Split(strings.TrimSpace(storetest.History), "\n") {
		exec(t, db, line)
	}
	return db, raw
}

// command decodes one line of the history's JSON.
func command(t *testing.T, line string) cases.Command {
	t.Helper()
	c, err := cases.DecodeCommand([]byte(line))
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	return c
}

// exec records one line of the history's JSON as received at
// storetest.Now from "tester".
func exec(t *testing.T, db *storage.DB, line string) cases.Result {
	t.Helper()
	res, err := db.Exec(context.Background(), command(t, line), cases.Meta{Now: storetest.Now, User: "tester"})
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	return res
}

// An event altered with its trigger dropped breaks the chain from that
// event on, and verify says which.
func TestVerifyFindsAnAlteredEvent(t *testing.T) {
	db, raw := openHistory(t)
	for _, q := range []string{`DROP TRIGGER events_no_update`,
		`UPDATE events SET data = replace(data, 'land', 'housing') WHERE seq = 8`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	ver, err := db.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(ver.Problems, "\n"), "event 8: its content does not match its hash") {
		t.Fatalf("altered event not found: %+v", ver.Problems)
	}
}

// Verify finds a row of report_timelines or report_days that differs from
// the history, or is missing.
func TestVerifyChecksTheReportProjections(t *testing.T) {
	ctx := context.Background()
	march1 := strconv.Itoa(int(cases.NewDate(2023, 3, 1)))
	march2 := strconv.Itoa(int(cases.NewDate(2023, 3, 2)))
	for _, c := range []struct{ name, change, problem string }{
		{"altered timeline", `UPDATE report_timelines SET timeline = substr(timeline, 1, length(timeline) - 1) WHERE petition = 'P-1'`,
			"petition P-1: its stored timeline differs from the history"},
		{"timeline under another day", `UPDATE report_timelines SET received_day = received_day + 1 WHERE petition = 'P-3'`,
			"petition P-3: its stored timeline differs from the history"},
		{"timeline under another committee", `UPDATE report_timelines SET committee = 'UBX' WHERE petition = 'P-3'`,
			"petition P-3: its stored timeline differs from the history"},
		{"the duplicate forgotten", `UPDATE report_timelines SET timeline = (SELECT timeline FROM report_timelines WHERE petition = 'P-3')
			WHERE petition = 'P-1'`, "petition P-1: its stored timeline differs from the history"},
		{"missing timeline", `DELETE FROM report_timelines WHERE petition = 'P-2'`, "petition P-2: its timeline is missing"},
		{"altered summary", `UPDATE report_days SET closed = closed || x'00' WHERE day = ` + march1,
			"report summary of 2023-03-01: differs from the day's timelines"},
		{"another horizon", `UPDATE report_days SET horizon = horizon - 1 WHERE day = ` + march2,
			"report summary of 2023-03-02: differs from the day's timelines"},
		{"missing summary", `DELETE FROM report_days WHERE day = ` + march2, "report summary of 2023-03-02: missing"},
		{"a day of no petition", `INSERT INTO report_days (committee, day, version) VALUES ('', 0, 1)`,
			"report summary of 1970-01-01: no petition was received that day"},
		{"a day of another committee", `INSERT INTO report_days (committee, day, version) SELECT 'UBX', day, version FROM report_days WHERE day = ` + march1,
			"report summary of 2023-03-01 of committee UBX: no petition was received that day"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, raw := openHistory(t)
			if _, err := db.SummarizeDays(ctx); err != nil {
				t.Fatal(err)
			}
			if ver, err := db.Verify(ctx); err != nil || !ver.OK() {
				t.Fatalf("clean history: %+v, %v", ver, err)
			}
			if _, err := raw.Exec(c.change); err != nil {
				t.Fatal(err)
			}
			ver, err := db.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(ver.Problems, "\n"); got != c.problem {
				t.Errorf("problems:\n%s\nwant:\n%s", got, c.problem)
			}
		})
	}
}

// The digest is all that is kept of an API token.
func TestTokensKeepTheirDigestOnly(t *testing.T) {
	_, raw := openSQLite(t, storetest.Decide)
	var cols []string
	rows, err := raw.Query(`SELECT name FROM pragma_table_info('tokens') ORDER BY cid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if got := strings.Join(cols, " "); got != "id digest user_name note created_at revoked_at" {
		t.Errorf("the tokens table's columns: %s", got)
	}
}

// A database Open creates is its owner's alone, and so are the -wal and
// -shm SQLite makes beside it; OpenWith Existing creates nothing.
func TestOpenCreatesTheFileForItsOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	missing := filepath.Join(dir, "missing.db")
	if _, err := storage.OpenWith(context.Background(), missing, storetest.Decide, storage.OpenOptions{Existing: true}); !errors.Is(err, storage.ErrNoDatabase) || !strings.Contains(err.Error(), missing) {
		t.Errorf("OpenWith Existing on a missing file: %v", err)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("OpenWith Existing created the file")
	}
	db, err := storage.Open(context.Background(), path, storetest.Decide)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := info.Mode().Perm(); m != 0o600 {
			t.Errorf("%s: mode %o, want 600", filepath.Base(f), m)
		}
	}
}
