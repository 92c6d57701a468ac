package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/export"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

func exportDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, stderr := run(t, webtest.Units+webtest.ExportLines, "--db", db, "import", "-"); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	return db
}

// TestExportThroughTheCommandLine writes the reception book as CSV on
// standard output and the register of the list's filters as a workbook to
// a file, and refuses what it cannot do with the usage status.
func TestExportThroughTheCommandLine(t *testing.T) {
	db := exportDB(t)
	code, out, stderr := run(t, "", "--db", db, "export", "reception-book", "--from", "2026-11-01", "--to", "2026-11-30")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := webtest.CSVRows(t, []byte(out))
	if !slices.Equal(rows[0], export.BookHeads) || len(rows) != 5 {
		t.Fatalf("the book of November: %q", rows)
	}
	if rows[2][2] != cases.MaskedName || !strings.Contains(out, "Nguyễn Văn An, thôn Phú Mỹ, xã Phước Hòa") {
		t.Errorf("the book's identities: %q", rows[1:3])
	}
	for _, s := range []string{"Lương Thị Kín Đáo", "079188012345", "Bí Mật", "0912345678"} {
		if strings.Contains(out, s) {
			t.Errorf("the book shows the denouncer's %q", s)
		}
	}

	file := filepath.Join(t.TempDir(), "don.xlsx")
	// Flags after the subcommand, in any order, as a person types them.
	code, out, stderr = run(t, "", "--db", db, "export", "petitions", "--type", "complaint", "--period", "2026-Q4",
		"--format", "xlsx", "--output", file)
	if code != exitOK || out != "" {
		t.Fatalf("exit %d: %s%s", code, out, stderr)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sheet := webtest.XLSXSheets(t, data)[export.RegisterSheet]
	if len(sheet) != 8 || !slices.Equal(sheet[4], export.RegisterHeads) || sheet[6][1] != "P-O" || sheet[7][1] != "P-C" {
		t.Fatalf("the register of the complaints of 2026-Q4: %q", sheet)
	}
	if !strings.Contains(sheet[2][0], "loại đơn khiếu nại") {
		t.Errorf("the register does not say its filter: %q", sheet[2])
	}
	code, out, _ = run(t, "", "--db", db, "export", "petitions", "--overdue")
	if rows := webtest.CSVRows(t, []byte(out)); code != exitOK || len(rows) != 2 || rows[1][1] != "P-O" {
		t.Errorf("the overdue register: exit %d, %q", code, rows)
	}

	for _, args := range [][]string{
		{"export"},
		{"export", "visits"},
		{"export", "reception-book"},
		{"export", "reception-book", "--period", "2026-Q9"},
		{"export", "reception-book", "--period", "2026-Q4", "--from", "2026-10-01"},
		{"export", "reception-book", "--period", "2026-Q4", "--format", "pdf"},
		{"export", "reception-book", "--period", "2026-Q4", "--state", "resolved"},
		{"export", "petitions", "--state", "done"},
		{"export", "petitions", "extra"},
	} {
		code, out, stderr := run(t, "", append([]string{"--db", db}, args...)...)
		if code != exitUsage || out != "" || stderr == "" {
			t.Errorf("%q: exit %d, %q, %q; want the usage status and a reason", args, code, out, stderr)
		}
	}
	code, out, _ = run(t, "", "help", "export")
	if code != exitOK || !strings.Contains(out, "tiepdan export reception-book") {
		t.Errorf("help export: %d %q", code, out)
	}
}
