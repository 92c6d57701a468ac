package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProvinceDemoImports writes a province's demo through the command
// line — Gia Lai with twenty communes from 01/07/2025, each a committee —
// with the communes' plans, then imports and verifies it: the communes are
// own units under the province (SPEC §10), each a committee.
func TestProvinceDemoImports(t *testing.T) {
	dir := t.TempDir()
	db, plans := filepath.Join(dir, "demo.db"), filepath.Join(dir, "plans")
	code, history, errOut := run(t, "", "demo", "--level", "province", "--petitions", "600",
		"--from", "2025-05-01", "--to", "2025-10-31", "--plans", plans)
	if code != exitOK {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	files, err := os.ReadDir(plans)
	if err != nil || len(files) != 20 {
		t.Fatalf("--plans wrote %d files: %v", len(files), err)
	}
	if !strings.Contains(history, `"committee":"xa-tuy-phuoc"`) || !strings.Contains(history, `.ubnd-tinh-gia-lai"`) {
		t.Error("no commune's petition, or no petition sent up")
	}
	if code, _, errOut := run(t, "", "demo", "--level", "district", "--communes", "5", "--to", "2024-12-31"); code != exitUsage || !strings.Contains(errOut, "province") {
		t.Errorf("--communes for a district: %d %s", code, errOut)
	}
	code, out, errOut := run(t, history, "--db", db, "import", "-")
	if code != exitOK {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	if code, out, _ := run(t, "", "--db", db, "verify"); code != exitOK {
		t.Fatalf("verify: %s", out)
	}
}
