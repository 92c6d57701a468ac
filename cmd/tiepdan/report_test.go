package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/report"
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
	code, text, stderr := run(t, "", "--db", db, "report", "section6", "--period", "2020-H1")
	if code != exitOK {
		t.Fatal(stderr)
	}
	if !strings.Contains(text, "không") || strings.Contains(text, "NaN") || strings.Contains(text, "Inf") {
		t.Errorf("empty period:\n%s", text)
	}
	// A period that has not begun by the clock's day has no figures yet
	// (SPEC §9: a period is reported as of today).
	if code, _, stderr := run(t, "", "--db", db, "report", "section6", "--period", "2027-Q1"); code == exitOK || !strings.Contains(stderr, "begins on 2026-12-15") {
		t.Errorf("a period not begun: %d %s", code, stderr)
	}
	_, js, _ := run(t, "", "--db", db, "report", "section6", "--period", "2020-H1", "--format", "json")
	if !strings.Contains(js, `"rate": null`) {
		t.Errorf("an empty period's rates must be null:\n%s", js)
	}
}

// TestReportXLSXThroughTheCommandLine writes the seed's half-year report as
// a workbook, to standard output and with --output, and reads the seed's
// figures back from it.
func TestReportXLSXThroughTheCommandLine(t *testing.T) {
	db := seedDB(t)
	code, out, stderr := run(t, "", "--db", db, "report", "section6", "--period", "2023-H1", "--format", "xlsx")
	if code != exitOK {
		t.Fatal(stderr)
	}
	sheets := webtest.XLSXRows(t, []byte(out))
	if got := sheets[report.FiguresSheet][2][0]; got != "Kỳ báo cáo: 6 tháng đầu năm 2023, từ ngày 15/12/2022 đến ngày 14/06/2023" {
		t.Errorf("the heading names the period %q", got)
	}
	for _, c := range []struct {
		label string
		want  []string // from the third column on: this period, the same period, the change, in percent
	}{
		{"Số kỳ tiếp", []string{"10", "12", "-2", "-16.67"}},
		{"Số lượt tiếp", []string{"22", "25", "-3", "-12.00"}},
		{"Số vụ việc", []string{"22", "22", "0", "0.00"}},
		{"Số đơn tiếp nhận qua tiếp công dân", []string{"22"}},
		{"Thuộc thẩm quyền UBND huyện, giao các phòng ban huyện", []string{"4"}},
		{"Hướng dẫn đến UBND các xã, thị trấn", []string{"17"}},
		{"Hướng dẫn đến cơ quan hoạt động tư pháp", []string{"1"}},
		{"Tổng số đơn nhận trong kỳ", []string{"96"}},
		{"Tỷ lệ xử lý đúng hạn", []string{"97.87"}},
	} {
		r := webtest.FigureRow(t, sheets, c.label)
		if got := r[2:min(len(r), 2+len(c.want))]; strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: %q, want %q", c.label, got, c.want)
		}
	}
	// 09 đơn, so cùng kỳ tăng 01 đơn (tăng 12,5%).
	if r := webtest.FigureRow(t, sheets, "Tổng cộng"); strings.Join(r[1:6], "|") != "9|9|8|1|12.50" {
		t.Errorf("complaints and denunciations received: %q", r[1:6])
	}
	if text := sheets[report.TextSheet]; !strings.Contains(text[1][0], "10 cuộc/22 lượt/22 vụ") {
		t.Errorf("the text sheet: %q", text[1])
	}

	// --output writes the same workbook to a file, and nothing to standard
	// output.
	file := filepath.Join(t.TempDir(), "bao-cao-II6-2023-H1.xlsx")
	code, stdout, stderr := run(t, "", "--db", db, "report", "section6", "--period", "2023-H1", "--format", "xlsx", "--output", file)
	if code != exitOK || stdout != "" {
		t.Fatalf("--output: exit %d, %q, %s", code, stdout, stderr)
	}
	saved, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(saved, []byte(out)) {
		t.Errorf("the workbook of --output differs from the one written to standard output")
	}
	// The text goes to a file too.
	code, _, _ = run(t, "", "--db", db, "report", "section6", "--period", "2023-H1", "--output", file)
	if text, _ := os.ReadFile(file); code != exitOK || !strings.Contains(string(text), "10 cuộc/22 lượt/22 vụ") {
		t.Errorf("--output with the text: exit %d, %.200s", code, text)
	}
	// A file that cannot be written is bad input, said as such.
	code, stdout, stderr = run(t, "", "--db", db, "report", "section6", "--period", "2023-H1", "--format", "xlsx",
		"--output", filepath.Join(t.TempDir(), "missing", "bao-cao.xlsx"))
	if code != exitUsage || stdout != "" || !strings.Contains(stderr, "--output") {
		t.Errorf("--output into a missing folder: exit %d, stderr %q", code, stderr)
	}
}
