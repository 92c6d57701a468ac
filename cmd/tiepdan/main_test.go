package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/internal/webtest"
	_ "modernc.org/sqlite"
)

// TestMain lets the test binary stand in for the tiepdan binary: run with
// TIEPDAN_BE_MAIN=1 it is the command line itself, signals included, which
// the kill tests need.
func TestMain(m *testing.M) {
	if os.Getenv("TIEPDAN_BE_MAIN") == "1" {
		os.Exit(mainOS())
	}
	os.Exit(m.Run())
}

// fixedNow is the clock of these tests, the server's in the scenarios that
// run it (webtest.Now): the day this was written.
var fixedNow = webtest.Now

// run runs the command line in-process and returns its exit status and output.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	a := append([]string{}, args...)
	code := mainWithClock(context.Background(), a, strings.NewReader(stdin), &out, &errb, func() time.Time { return fixedNow })
	return code, out.String(), errb.String()
}

func demoHistory(t testing.TB, petitions int, seed int64) string {
	t.Helper()
	var b bytes.Buffer
	err := demo.Generate(&b, demo.Options{Petitions: petitions, Seed: seed,
		From: cases.NewDate(2022, 1, 1), To: cases.NewDate(2024, 12, 31), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

const units = `{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own","lower_label":"UBND các xã, thị trấn"}
{"op":"unit","ref":"tnmt","name":"Phòng Tài nguyên và Môi trường","kind":"department","parent":"own"}
`

const goodLines = `{"op":"petition","ref":"P-1","received_at":"2023-03-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn An","id_number":"052080001234"},"summary":"Khiếu nại quyết định thu hồi đất"}
{"op":"classify","petition":"P-1","at":"2023-03-02T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
`

func TestImportRefusesBadLinesAndKeepsTheRest(t *testing.T) {
	for _, tc := range []struct {
		name, bad, want string
	}{
		{"malformed", `{"op":"route","petition":"P-1",`, "not valid JSON"},
		{"unknown ref", `{"op":"accept","petition":"P-404","at":"2023-03-03T09:00:00+07:00"}`, "petition P-404 not found"},
		{"workflow", `{"op":"accept","petition":"P-1","at":"2023-03-03T09:00:00+07:00"}`, "classified"},
		{"back in time", `{"op":"route","petition":"P-1","at":"2023-03-01T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}`, "earlier"},
		{"future", `{"op":"route","petition":"P-1","at":"2027-03-01T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}`, "future"},
		{"missing field", `{"op":"route","petition":"P-1","at":"2023-03-03T09:00:00+07:00","to":"own","method":"assign"}`, "unit: is required"},
		{"unknown field", `{"op":"route","petition":"P-1","at":"2023-03-03T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign","colour":"red"}`, "colour: unknown field"},
		{"unknown unit", `{"op":"route","petition":"P-1","at":"2023-03-03T09:00:00+07:00","to":"own","unit":"nowhere","method":"assign"}`, "nowhere"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "t.db")
			good := `{"op":"route","petition":"P-1","at":"2023-03-03T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}`
			after := `{"op":"accept","petition":"P-1","at":"2023-03-04T09:00:00+07:00"}`
			file := units + goodLines + tc.bad + "\n" + after + "\n"
			code, _, stderr := run(t, file, "--db", db, "import", "-")
			if code != exitFailed || !strings.Contains(stderr, "line 5: ") || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q: want line 5 refused with %q", code, stderr, tc.want)
			}
			if !strings.Contains(stderr, "imported 4, unchanged 0, refused 1") {
				t.Fatalf("summary: %q", stderr)
			}
			// The lines before the bad one are there; the one after is not.
			_, out, _ := run(t, "", "--db", db, "show", "P-1")
			if !strings.Contains(out, "Đã phân loại") {
				t.Fatalf("P-1 should be classified after the refused import:\n%s", out)
			}
			// Fix the line and run the whole file again: the rest is imported,
			// nothing already there changes.
			before := dump(t, db)
			file = units + goodLines + good + "\n" + after + "\n"
			code, _, stderr = run(t, file, "--db", db, "import", "-")
			if code != exitOK || !strings.Contains(stderr, "imported 2, unchanged 4, refused 0") {
				t.Fatalf("re-run: exit %d, %q", code, stderr)
			}
			if now := dump(t, db); !strings.HasPrefix(now.events, before.events) {
				t.Fatal("the re-run changed events that were already recorded")
			}
		})
	}
}

func TestImportKeepGoingReportsEveryBadLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	file := units + goodLines + "not json\n" +
		`{"op":"accept","petition":"P-1","at":"2023-03-03T09:00:00+07:00"}` + "\n" +
		`{"op":"route","petition":"P-1","at":"2023-03-03T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}` + "\n"
	code, _, stderr := run(t, file, "--db", db, "import", "--keep-going", "-")
	if code != exitFailed || !strings.Contains(stderr, "line 5:") || !strings.Contains(stderr, "line 6:") ||
		!strings.Contains(stderr, "imported 5, unchanged 0, refused 2") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

func TestImportTwiceChangesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	history := demoHistory(t, 300, 7)
	code, _, stderr := run(t, history, "--db", db, "import", "-")
	if code != exitOK {
		t.Fatalf("first import: exit %d: %s", code, stderr)
	}
	first := dump(t, db)
	code, _, stderr = run(t, history, "--db", db, "import", "-")
	n := strings.Count(history, "\n")
	if code != exitOK || !strings.Contains(stderr, fmt.Sprintf("imported 0, unchanged %d, refused 0", n)) {
		t.Fatalf("second import: exit %d: %s", code, stderr)
	}
	if second := dump(t, db); second != first {
		t.Fatal("a second import of the same file changed the database")
	}
	if code, out, _ := run(t, "", "--db", db, "verify"); code != exitOK {
		t.Fatalf("verify: %s", out)
	}
}

// TestImportSurvivesSIGKILL kills an import in the middle, checks that the
// database is whole, runs the import again and compares with a run that was
// never interrupted.
func TestImportSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large history")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "history.ndjson")
	if err := os.WriteFile(file, []byte(demoHistory(t, 20000, 3)), 0o644); err != nil {
		t.Fatal(err)
	}
	whole, killed := filepath.Join(dir, "whole.db"), filepath.Join(dir, "killed.db")
	if code, _, stderr := run(t, "", "--db", whole, "import", file); code != exitOK {
		t.Fatalf("uninterrupted import: %s", stderr)
	}

	cmd := exec.Command(os.Args[0], "--db", killed, "import", file)
	cmd.Env = append(os.Environ(), "TIEPDAN_BE_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once its first batch is committed, well before the end. The
	// first batch takes over a minute under the race detector on a busy
	// 2-core machine: the wait is bounded by the import's own end instead.
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	deadline := time.Now().Add(10 * time.Minute)
wait:
	for eventsIn(killed) < 5000 && time.Now().Before(deadline) {
		select {
		case <-exited:
			break wait
		case <-time.After(5 * time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
	<-exited
	n := eventsIn(killed)
	total := eventsIn(whole)
	if n == 0 || n >= total {
		t.Fatalf("killed at %d of %d events: the kill did not land mid-import", n, total)
	}
	if code, out, _ := run(t, "", "--db", killed, "verify"); code != exitOK {
		t.Fatalf("verify after SIGKILL: %s", out)
	}
	code, _, stderr := run(t, "", "--db", killed, "import", file)
	if code != exitOK || !strings.Contains(stderr, fmt.Sprintf("imported %d", total-n)) {
		t.Fatalf("re-run after SIGKILL: exit %d: %s (killed at %d of %d)", code, stderr, n, total)
	}
	if dump(t, killed) != dump(t, whole) {
		t.Fatal("the import run again after SIGKILL differs from the uninterrupted one")
	}
}

func eventsIn(path string) int {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(1000)")
	if err != nil {
		return 0
	}
	defer db.Close()
	var n int
	db.QueryRow(`SELECT count(*) FROM events`).Scan(&n)
	return n
}

type dumped struct{ events, projections string }

// dump reads every row of the history and the projections, to compare two
// databases as a user of them would.
func dump(t *testing.T, path string) dumped {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	read := func(q string) string {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var b strings.Builder
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		return b.String()
	}
	var d dumped
	d.events = read(`SELECT * FROM events ORDER BY seq`)
	for _, q := range []string{`SELECT * FROM units ORDER BY ref`, `SELECT * FROM sessions ORDER BY ref`,
		`SELECT * FROM petitions ORDER BY ref`, `SELECT * FROM visits ORDER BY ref`, `SELECT * FROM dialogues ORDER BY seq`,
		`SELECT * FROM report_timelines ORDER BY petition`,
		`SELECT day, summarized = version, first_day, horizon, closed, open FROM report_days ORDER BY day`} {
		d.projections += read(q)
	}
	return d
}

// An import judges each event by the law of its date: a complaint suspended
// on 30/06/2026 is refused with its line and the rule, one suspended on
// 01/07/2026 is imported.
func TestImportSuspendByTheLawOfItsDate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	head := units + goodLines +
		`{"op":"route","petition":"P-1","at":"2023-03-03T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}` + "\n" +
		`{"op":"accept","petition":"P-1","at":"2026-06-01T09:00:00+07:00"}` + "\n"
	code, _, stderr := run(t, head+`{"op":"suspend","petition":"P-1","at":"2026-06-30T09:00:00+07:00","reason":"Chờ đo đạc"}`+"\n", "--db", db, "import", "-")
	if code != exitFailed || !strings.Contains(stderr, "line 7: ") ||
		!strings.Contains(stderr, "suspend is allowed for a complaint only from 2026-07-01") {
		t.Fatalf("exit %d, stderr %q: want line 7 refused by the law of its date", code, stderr)
	}
	code, _, stderr = run(t, head+`{"op":"suspend","petition":"P-1","at":"2026-07-01T09:00:00+07:00","reason":"Chờ đo đạc"}`+"\n", "--db", db, "import", "-")
	if code != exitOK || !strings.Contains(stderr, "imported 1, unchanged 6, refused 0") {
		t.Fatalf("suspend on 01/07/2026: exit %d, %q", code, stderr)
	}
	if code, out, _ := run(t, "", "--db", db, "verify"); code != exitOK {
		t.Errorf("verify: exit %d\n%s", code, out)
	}
}
