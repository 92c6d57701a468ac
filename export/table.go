package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/xuri/excelize/v2"
)

// Format is the kind of file an export is written as.
type Format string

// The formats of an export.
const (
	// CSV is comma-separated UTF-8 with a byte order mark, the column heads
	// on its first line, lines ending in CRLF: Excel opens it with its
	// Vietnamese letters.
	CSV Format = "csv"
	// XLSX is a workbook with a title (the committee, the register, the
	// period) above the table.
	XLSX Format = "xlsx"
)

// ParseFormat reads a format: csv (also when empty) or xlsx.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case "", CSV:
		return CSV, nil
	case XLSX:
		return XLSX, nil
	}
	return "", cases.FieldErrorf("format", "%q is not csv or xlsx", s).
		VI("Định dạng tệp phải là csv hoặc xlsx.")
}

// ContentType is the media type of a file of format f.
func (f Format) ContentType() string {
	if f == XLSX {
		return report.XLSXContentType
	}
	return "text/csv; charset=utf-8"
}

// Cell is the value of a cell: a string, or an int (a number in a
// workbook).
type Cell = any

// Table is an export: a title over a table of columns.
type Table struct {
	// File is the file's name without its extension, plain ASCII.
	File string
	// Sheet is the workbook's sheet.
	Sheet string
	// Committee and Title head the sheet; Lines follow them (the period,
	// what the table selects).
	Committee, Title string
	Lines            []string
	// Heads are the column heads; the workbook numbers them below, (1) to
	// (n), as the forms do.
	Heads []string
	// Widths are the columns' widths in the workbook, in characters.
	Widths []float64
	Rows   [][]Cell
}

// FileName is the name the table is saved under in format f.
func (t *Table) FileName(f Format) string { return t.File + "." + string(f) }

// Write renders the whole table in format f, then writes it to w: a
// failure writes nothing.
func (t *Table) Write(w io.Writer, f Format) error {
	var b bytes.Buffer
	var err error
	if f == XLSX {
		err = t.writeXLSX(&b)
	} else {
		err = t.writeCSV(&b)
	}
	if err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// bom is the byte order mark by which Excel reads a CSV file as UTF-8.
const bom = "\uFEFF"

func (t *Table) writeCSV(w *bytes.Buffer) error {
	w.WriteString(bom)
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(t.Heads); err != nil {
		return err
	}
	rec := make([]string, len(t.Heads))
	for _, r := range t.Rows {
		for i, c := range r {
			rec[i] = csvText(c)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvText is a cell as CSV text. Text that Excel would take for a formula
// (=, +, -, @ first) gets an apostrophe before it, which Excel shows as
// text: a citizen's words are never run.
func csvText(c Cell) string {
	switch v := c.(type) {
	case int:
		return strconv.Itoa(v)
	case string:
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			return "'" + v
		}
		return v
	}
	return ""
}

// The workbook's layout: the title's rows, then the heads, their numbers,
// and the rows from dataRow.
const (
	headRow = 5
	dataRow = headRow + 2
)

func (t *Table) writeXLSX(w io.Writer) error {
	x := excelize.NewFile()
	defer x.Close()
	s, err := newStyles(x)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	sh := &sheet{x: x, name: t.Sheet}
	sh.err = x.SetSheetName("Sheet1", t.Sheet)
	sh.set(1, 1, t.Committee, s.heading)
	sh.set(1, 2, t.Title, s.title)
	sh.set(1, 3, strings.Join(t.Lines, ". "), s.heading)
	for i, h := range t.Heads {
		sh.set(i+1, headRow, h, s.head)
		sh.set(i+1, headRow+1, "("+strconv.Itoa(i+1)+")", s.number)
	}
	for r, row := range t.Rows {
		for i, c := range row {
			st := s.text
			if _, ok := c.(int); ok {
				st = s.count
			}
			sh.set(i+1, dataRow+r, c, st)
		}
	}
	if sh.err == nil {
		sh.err = x.SetRowHeight(t.Sheet, headRow, 66)
	}
	for i, wd := range t.Widths {
		if sh.err != nil {
			break
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		sh.err = x.SetColWidth(t.Sheet, col, col, wd)
	}
	if sh.err == nil {
		// The heads stay in view as the rows scroll.
		sh.err = x.SetPanes(t.Sheet, &excelize.Panes{Freeze: true, YSplit: dataRow - 1,
			TopLeftCell: "A" + strconv.Itoa(dataRow), ActivePane: "bottomLeft"})
	}
	if sh.err == nil {
		a4, wide, tall, fit, landscape := 9, 1, 0, true, "landscape"
		if sh.err = x.SetSheetProps(t.Sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); sh.err == nil {
			sh.err = x.SetPageLayout(t.Sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape,
				FitToWidth: &wide, FitToHeight: &tall})
		}
	}
	if sh.err == nil {
		sh.err = x.SetDocProps(&excelize.DocProperties{Title: t.Title + " — " + t.Committee,
			Creator: "tiepdan", Language: "vi-VN"})
	}
	if sh.err != nil {
		return fmt.Errorf("xlsx: %w", sh.err)
	}
	_, err = x.WriteTo(w)
	return err
}

// styles are the cell styles of an export's workbook: those of the
// report's workbook (report/xlsx.go), in its font.
type styles struct {
	title, heading, head, number, text, count int
}

func newStyles(x *excelize.File) (*styles, error) {
	font := report.XLSXFont
	if err := x.SetDefaultFont(font); err != nil {
		return nil, err
	}
	thin := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	s := &styles{}
	for _, d := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Family: font, Bold: true, Size: 14}}},
		{&s.heading, excelize.Style{Font: &excelize.Font{Family: font, Size: 12}}},
		{&s.head, excelize.Style{Font: &excelize.Font{Family: font, Bold: true}, Border: thin,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&s.number, excelize.Style{Font: &excelize.Font{Family: font, Italic: true}, Border: thin,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&s.text, excelize.Style{Font: &excelize.Font{Family: font}, Border: thin,
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.count, excelize.Style{Font: &excelize.Font{Family: font}, Border: thin, NumFmt: 3,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
	} {
		id, err := x.NewStyle(&d.style)
		if err != nil {
			return nil, err
		}
		*d.id = id
	}
	return s, nil
}

// sheet writes cells; its first error sticks.
type sheet struct {
	x    *excelize.File
	name string
	err  error
}

func (s *sheet) set(col, row int, v Cell, style int) {
	if s.err != nil {
		return
	}
	var ref string
	if ref, s.err = excelize.CoordinatesToCellName(col, row); s.err != nil {
		return
	}
	switch v := v.(type) {
	case int:
		s.err = s.x.SetCellInt(s.name, ref, int64(v))
	case string:
		s.err = s.x.SetCellStr(s.name, ref, v)
	}
	if s.err == nil {
		s.err = s.x.SetCellStyle(s.name, ref, ref, style)
	}
}
