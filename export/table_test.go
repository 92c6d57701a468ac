package export

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// TestCSVIsForExcel: the file starts with the byte order mark, ends lines
// in CRLF, parses back to what was written, and a citizen's text that
// Excel would run as a formula is kept as text.
func TestCSVIsForExcel(t *testing.T) {
	tb := &Table{Heads: []string{"STT", "Nội dung"}, Rows: [][]Cell{
		{1, "Khiếu nại, \"gấp\"\nhai dòng"},
		{2, "=HYPERLINK(\"http://x\")"},
		{3, "-1+2"},
	}}
	var b bytes.Buffer
	if err := tb.Write(&b, CSV); err != nil {
		t.Fatal(err)
	}
	rest, ok := strings.CutPrefix(b.String(), "\uFEFF")
	if !ok || !strings.HasPrefix(rest, "STT,Nội dung\r\n") {
		t.Fatalf("not a CSV Excel reads as UTF-8: %q", b.String())
	}
	rows, err := csv.NewReader(strings.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"STT", "Nội dung"}, {"1", "Khiếu nại, \"gấp\"\nhai dòng"}, {"2", "'=HYPERLINK(\"http://x\")"}, {"3", "'-1+2"}}
	if !slices.EqualFunc(rows, want, slices.Equal[[]string]) {
		t.Errorf("rows %q, want %q", rows, want)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"": CSV, "csv": CSV, "xlsx": XLSX} {
		if got, err := ParseFormat(in); got != want || err != nil {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Error("pdf is a format")
	}
}
