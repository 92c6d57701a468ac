package storage_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// Verify reads the history petition by petition; a difference in the last
// petition of that order, or in one of its visits, timeline or numbers, is
// found and named as one in the first would be.
func TestVerifyFindsADifferenceLateInTheOrder(t *testing.T) {
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "demo.db")
	db, err := storage.Open(ctx, src, workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	var history bytes.Buffer
	if err := demo.Generate(&history, demo.Options{Petitions: 300, Seed: 3,
		Level: cases.District, From: demo.DistrictFrom, To: demo.DistrictTo}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, cases.Zone)
	recordHistory(t, db, &history, now)
	if ver, err := db.Verify(ctx); err != nil || !ver.OK() || ver.Petitions != 300 {
		t.Fatalf("the demo history: %+v, %v", ver, err)
	}
	db.Close()
	raw := rawDB(t, src)
	// The last petition in the order of refs that has a visit, and its
	// last visit.
	var last, visit, number string
	if err := raw.QueryRow(`SELECT v.petition, v.ref, b.number || '/' || b.year FROM visits v
		JOIN reception_book b ON b.book = 'visit' AND b.ref = v.ref ORDER BY v.petition DESC, v.ref DESC LIMIT 1`).
		Scan(&last, &visit, &number); err != nil {
		t.Fatal(err)
	}
	var max, state string
	if err := raw.QueryRow(`SELECT ref, state FROM petitions ORDER BY ref DESC LIMIT 1`).Scan(&max, &state); err != nil {
		t.Fatal(err)
	}
	var dialogue string
	if err := raw.QueryRow(`SELECT max(seq) FROM dialogues`).Scan(&dialogue); err != nil {
		t.Fatal(err)
	}
	var lastDay string
	if err := raw.QueryRow(`SELECT max(day) FROM report_days`).Scan(&lastDay); err != nil {
		t.Fatal(err)
	}
	day, _ := strconv.Atoi(lastDay)
	if last != max {
		t.Logf("the last petition with a visit is %s; the last of all is %s", last, max)
	}
	raw.Close()

	for _, c := range []struct{ name, change, problem string }{
		{"its state", `UPDATE petitions SET state = 'terminated' WHERE ref = '` + max + `'`,
			"petition " + max + ": stored projection differs from the history (stored state terminated, history says " + state + ")"},
		{"its row", `DELETE FROM petitions WHERE ref = '` + max + `'`,
			"petition " + max + ": in the history but missing from the projection"},
		{"its timeline", `DELETE FROM report_timelines WHERE petition = '` + max + `'`,
			"petition " + max + ": its timeline is missing"},
		{"a visit of it", `UPDATE visits SET doc = replace(doc, '"people":', '"people":1') WHERE ref = '` + visit + `'`,
			"visit " + visit + ": stored projection differs from the history"},
		{"a visit under another petition", `UPDATE visits SET petition = '` + max + `x' WHERE ref = '` + visit + `'`,
			"visit " + visit + ": stored projection differs from the history"},
		{"a number of the book", `UPDATE reception_book SET ref = '` + last + `' WHERE book = 'visit' AND ref = '` + visit + `'`,
			"reception book: number visit " + number + " differs from the history"},
		{"the last dialogue", `UPDATE dialogues SET place = place || '.' WHERE seq = ` + dialogue,
			"dialogue of event " + dialogue + ": stored projection differs from the history"},
		{"the last day's summary", `DELETE FROM report_days WHERE day = ` + lastDay,
			"report summary of " + cases.Date(day).String() + ": missing"},
		{"the last number of a book", `UPDATE reception_book_last SET last = last + 1 WHERE book = 'visit' AND year = 2024`,
			"reception book: the last number of visit 2024 differs from the history"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "t.db")
			src := rawDB(t, src)
			if _, err := src.Exec(`VACUUM INTO ?`, path); err != nil {
				t.Fatal(err)
			}
			src.Close()
			raw := rawDB(t, path)
			if _, err := raw.Exec(c.change); err != nil {
				t.Fatal(err)
			}
			raw.Close()
			db, err := storage.Open(ctx, path, workflow.Decide)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
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

// rawDB is a plain connection to the database file at path.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// recordHistory records an NDJSON history in one batch as the import does
// (at now, by import), then summarizes its days.
func recordHistory(t *testing.T, db *storage.DB, history io.Reader, now time.Time) {
	t.Helper()
	ctx := context.Background()
	sc := bufio.NewScanner(history)
	sc.Buffer(nil, 1<<20)
	err := db.Batch(ctx, func(tx *storage.Tx) error {
		for sc.Scan() {
			c, err := cases.DecodeCommand(sc.Bytes())
			if err != nil {
				return err
			}
			pc, err := db.Prepare(c, now)
			if err != nil {
				return err
			}
			if _, err := tx.Record(pc, cases.Meta{Now: now, User: "import"}); err != nil {
				return err
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SummarizeDays(ctx); err != nil {
		t.Fatal(err)
	}
}
