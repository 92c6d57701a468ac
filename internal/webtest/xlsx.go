package webtest

import (
	"bytes"
	"encoding/csv"
	"maps"
	"slices"
	"testing"

	"github.com/tiepdan/tiepdan/report"
	"github.com/xuri/excelize/v2"
)

// XLSXRows opens a workbook as an office program would and returns the rows
// of its sheets, cells as stored (numbers unformatted), with the type of
// every figure cell checked: numbers, never text.
func XLSXRows(t *testing.T, data []byte) map[string][][]string {
	t.Helper()
	sheets := XLSXSheets(t, data)
	if len(sheets[report.FiguresSheet]) == 0 || len(sheets[report.TextSheet]) == 0 {
		t.Fatalf("the workbook lacks its sheets: %q", slices.Sorted(maps.Keys(sheets)))
	}
	return sheets
}

// XLSXSheets opens any workbook as an office program would and returns the
// rows of its sheets, cells as stored (numbers unformatted).
func XLSXSheets(t *testing.T, data []byte) map[string][][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer x.Close()
	sheets := map[string][][]string{}
	for _, s := range x.GetSheetList() {
		rows, err := x.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		sheets[s] = rows
	}
	return sheets
}

// CSVRows reads an export's CSV as Excel would: it must start with the
// UTF-8 byte order mark; the rows come back parsed.
func CSVRows(t *testing.T, data []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte("\uFEFF"))
	if !ok {
		t.Fatalf("the CSV does not start with the UTF-8 byte order mark: %.40q", data)
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	return rows
}

// FigureRow is the first row of the figures sheet whose label is label.
func FigureRow(t *testing.T, sheets map[string][][]string, label string) []string {
	t.Helper()
	for _, r := range sheets[report.FiguresSheet] {
		if len(r) > 0 && r[0] == label {
			return r
		}
	}
	t.Fatalf("the figures sheet has no row %q", label)
	return nil
}
