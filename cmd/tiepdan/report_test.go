package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with the file, or rewrites it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update to accept):\n%s", path, got)
	}
}

func seedDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "seed.db")
	history, err := os.ReadFile("../../report/testdata/seed/history.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, string(history), "--db", db, "import", "-"); code != exitOK {
		t.Fatalf("import of the seed fixture: %s", stderr)
	}
	return db
}

// TestReportSeedThroughTheCommandLine prints the seed's half-year report from
// the fixture history, as an office would, and compares it with the text the
// seed's figures give (report/testdata/text, checked sentence by sentence
// against the seed in report's own tests) and with the JSON golden.
func TestReportSeedThroughTheCommandLine(t *testing.T) {
	db := seedDB(t)
	code, text, stderr := run(t, "", "--db", db, "report", "section6", "--period", "2023-H1")
	if code != exitOK {
		t.Fatal(stderr)
	}
	golden(t, "../../report/testdata/text/seed-2023-H1.txt", text)
	for _, want := range []string{"10 cuộc/22 lượt/22 vụ", "giảm 09 lượt (giảm 90%)", "04 đơn",
		"17 đơn", "09 đơn, so cùng kỳ tăng 01 đơn (tăng 12,5%)"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	code, js, stderr := run(t, "", "--db", db, "report", "section6", "--from", "2022-12-15", "--to", "2023-06-14", "--format", "json")
	if code != exitOK {
		t.Fatal(stderr)
	}
	golden(t, "testdata/seed-2023-H1.json", js)
}

func TestReportAsOfPrintsASentReportAgain(t *testing.T) {
	db := seedDB(t)
	// The fixture records one decision's implementation after the report
	// was sent on 15/06/2023: printed as of then, it is not there.
	_, now, _ := run(t, "", "--db", db, "report", "section6", "--period", "2023-H1", "--format", "json")
	_, sent, _ := run(t, "", "--db", db, "report", "section6", "--period", "2023-H1", "--format", "json",
		"--as-of", "2023-06-15T00:00:00+07:00")
	implemented := func(js string) string {
		var f struct {
			Resolution struct {
				Denunciation struct {
					Own struct {
						Implemented int `json:"implemented"`
					} `json:"own"`
				} `json:"denunciation"`
			} `json:"resolution"`
		}
		if err := json.Unmarshal([]byte(js), &f); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(f.Resolution.Denunciation.Own.Implemented)
	}
	if implemented(now) != "3" || implemented(sent) != "2" {
		t.Errorf("implemented: now %s, as of the sending %s; want 3 and 2", implemented(now), implemented(sent))
	}
}

func TestReportRefusesBadRequests(t *testing.T) {
	db := seedDB(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--period", "2023-Q5"}, "unknown period"},
		{[]string{"--from", "2023-06-01", "--to", "2023-01-01"}, "after"},
		{[]string{"--from", "2023-02-30", "--to", "2023-03-01"}, "not a date"},
		{[]string{"--period", "2023-H1", "--as-of", "yesterday"}, "--as-of"},
		{[]string{"--period", "2023-H1", "--format", "pdf"}, "--format"},
		{[]string{}, "give --period"},
	} {
		args := append([]string{"--db", db, "report", "section6"}, tc.args...)
		code, out, stderr := run(t, "", args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q: want exit 2 naming %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestReportOfAnEmptyPeriod(t *testing.T) {
	db := seedDB(t)
	code, text, stderr := run(t, "", "--db", db, "report", "section6", "--period", "2030-H1")
	if code != exitOK {
		t.Fatal(stderr)
	}
	if !strings.Contains(text, "không") || strings.Contains(text, "NaN") || strings.Contains(text, "Inf") {
		t.Errorf("empty period:\n%s", text)
	}
	_, js, _ := run(t, "", "--db", db, "report", "section6", "--period", "2030-H1", "--format", "json")
	if !strings.Contains(js, `"rate": null`) {
		t.Errorf("an empty period's rates must be null:\n%s", js)
	}
}
