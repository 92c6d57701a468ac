package main

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
)

// Help is asked for the ways Go programs take it, and answered on standard
// output with status 0, so that `tiepdan help show | less` works.
func TestHelpPrintsToStdoutAndExitsZero(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // a line only that help prints
	}{
		{[]string{"help"}, "Run 'tiepdan help COMMAND'"},
		{[]string{"--help"}, "Run 'tiepdan help COMMAND'"},
		{[]string{"-h"}, "Run 'tiepdan help COMMAND'"},
		{[]string{"help", "show"}, "usage: tiepdan show REF [--format text|json]"},
		{[]string{"show", "--help"}, "-format string"},
		{[]string{"list", "-h"}, "-overdue"},
		{[]string{"help", "serve"}, "-addr string"},
		{[]string{"import", "--help"}, "-keep-going"},
		{[]string{"help", "report"}, "tiepdan report section6"},
		{[]string{"report", "section6", "--help"}, "-period string"},
		{[]string{"help", "user"}, "tiepdan user passwd NAME"},
		{[]string{"user", "add", "--help"}, "-role string"},
		{[]string{"token", "--help"}, "tiepdan token revoke ID"},
	} {
		code, out, errs := run(t, "", tc.args...)
		if code != exitOK || !strings.Contains(out, tc.want) || errs != "" {
			t.Errorf("tiepdan %s: exit %d, stdout %q, stderr %q: want 0 and %q on stdout only",
				strings.Join(tc.args, " "), code, out, errs, tc.want)
		}
	}
}

func TestUsageErrorsGoToStderrWithStatus2(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"nosuch"},
		{"help", "nosuch"},
		{"show"},
		{"show", "REF", "--nope"},
		{"report"},
		{"user"},
	} {
		code, out, errs := run(t, "", args...)
		if code != exitUsage || out != "" || !strings.Contains(errs, "usage:") {
			t.Errorf("tiepdan %s: exit %d, stdout %q, stderr %q: want 2 and the usage on stderr",
				strings.Join(args, " "), code, out, errs)
		}
	}
}

// Flags come before or after the positional arguments, for every command
// (App.parse), and "--" ends them.
func TestFlagsAfterPositionalArguments(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, errs := run(t, units+goodLines, "import", "-", "--db", db); code != exitOK {
		t.Fatalf("import - --db: exit %d, %s", code, errs)
	}
	code, out, errs := run(t, "", "show", "P-1", "--format", "json", "--db", db)
	if code != exitOK || !strings.HasPrefix(strings.TrimSpace(out), "{") || !strings.Contains(out, `"P-1"`) {
		t.Fatalf("show P-1 --format json: exit %d, stdout %.200q, stderr %q", code, out, errs)
	}
	_, before, _ := run(t, "", "--db", db, "show", "--format", "json", "P-1")
	if out != before {
		t.Error("show REF --format json prints other than show --format json REF")
	}
	// After "--" a word that looks like a flag is an argument.
	if code, _, errs := run(t, "", "--db", db, "show", "--", "--format"); code != exitFailed || !strings.Contains(errs, "--format") {
		t.Errorf("show -- --format: exit %d, stderr %q: want the petition --format not found", code, errs)
	}
}

// A busy port is the operator's to change: status 2, as the README
// documents for usage and environment errors, not 1 (a problem in the data).
func TestServeOnABusyPortExitsWithUsageStatus(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	code, _, errs := run(t, "", "--db", filepath.Join(t.TempDir(), "t.db"), "serve", "--addr", addr)
	if code != exitUsage || !strings.Contains(errs, addr) {
		t.Fatalf("serve on a busy port: exit %d, stderr %q", code, errs)
	}
}

// An empty list prints no table header for "0 đơn" to be read as a row of.
func TestEmptyListPrintsNoHeader(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	run(t, units+goodLines, "--db", db, "import", "-")
	code, out, errs := run(t, "", "--db", db, "list", "--type", "denunciation")
	if code != exitOK || out != "" || strings.TrimSpace(errs) != "Không có đơn nào." {
		t.Errorf("empty list: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, errs = run(t, "", "--db", db, "list")
	if code != exitOK || !strings.HasPrefix(out, "SỐ VÀO SỔ  SỐ ĐƠN") || !strings.Contains(out, "\n1/2023     P-1 ") || errs != "1 đơn\n" {
		t.Errorf("list: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	// The search finds a petition by its number in the reception book.
	for q, want := range map[string]string{"1/2023": "1 đơn\n", "2/2023": "Không có đơn nào.\n"} {
		if code, _, errs = run(t, "", "--db", db, "list", "--search", q); code != exitOK || errs != want {
			t.Errorf("list --search %s: exit %d, stderr %q", q, code, errs)
		}
	}
}

// tiepdan list takes --q, the API's name of --search (issue 16, point 9).
func TestListSearchByEitherName(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	run(t, units+goodLines, "--db", db, "import", "-")
	_, bySearch, _ := run(t, "", "--db", db, "list", "--search", "nguyen van an")
	code, byQ, errs := run(t, "", "--db", db, "list", "--q", "nguyen van an")
	if code != exitOK || byQ != bySearch || !strings.Contains(byQ, " P-1 ") {
		t.Errorf("list --q: exit %d, stdout %q (--search: %q), stderr %q", code, byQ, bySearch, errs)
	}
	if code, out, _ := run(t, "", "--db", db, "list", "--q", "tran thi"); code != exitOK || out != "" {
		t.Errorf("list --q with no match: exit %d, stdout %q", code, out)
	}
}
