package report_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/xuri/excelize/v2"
)

// workbook is a workbook WriteXLSX wrote, opened again as an office program
// would read it.
type workbook struct {
	t    *testing.T
	x    *excelize.File
	rows map[string][][]string
}

func writeXLSX(t *testing.T, f *report.Figures, n report.Names) *workbook {
	t.Helper()
	var b bytes.Buffer
	if err := f.WriteXLSX(&b, n); err != nil {
		t.Fatal(err)
	}
	return openWorkbook(t, b.Bytes())
}

func openWorkbook(t *testing.T, data []byte) *workbook {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { x.Close() })
	w := &workbook{t: t, x: x, rows: map[string][][]string{}}
	if got, want := x.GetSheetList(), []string{report.FiguresSheet, report.TextSheet}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	for _, s := range x.GetSheetList() {
		rows, err := x.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		w.rows[s] = rows
	}
	return w
}

// find is the number (from 1) of the first row of the figures sheet at or
// after row from whose label is label and, when unit is not empty, whose
// second cell is unit.
func (w *workbook) find(from int, label, unit string) int {
	w.t.Helper()
	rows := w.rows[report.FiguresSheet]
	for i := max(from, 1) - 1; i < len(rows); i++ {
		r := rows[i]
		if len(r) > 0 && r[0] == label && (unit == "" || len(r) > 1 && r[1] == unit) {
			return i + 1
		}
	}
	w.t.Fatalf("no row %q (%s) from row %d", label, unit, from)
	return 0
}

// numbers checks the cells of a row from column col on: each a number (not
// text) with the value wanted, or empty where want is nil.
func (w *workbook) numbers(row int, col string, want ...any) {
	w.t.Helper()
	c, _, err := excelize.CellNameToCoordinates(col + "1")
	if err != nil {
		w.t.Fatal(err)
	}
	label, _ := w.x.GetCellValue(report.FiguresSheet, "A"+strconv.Itoa(row))
	for i, v := range want {
		ref, _ := excelize.CoordinatesToCellName(c+i, row)
		raw, err := w.x.GetCellValue(report.FiguresSheet, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			w.t.Fatal(err)
		}
		if v == nil {
			if raw != "" {
				w.t.Errorf("%s (%s) = %q, want an empty cell", ref, label, raw)
			}
			continue
		}
		typ, _ := w.x.GetCellType(report.FiguresSheet, ref)
		if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			w.t.Errorf("%s (%s) is text %q, want a number", ref, label, raw)
			continue
		}
		got, err := strconv.ParseFloat(raw, 64)
		var wantF float64
		switch v := v.(type) {
		case int:
			wantF = float64(v)
		case float64:
			wantF = v
		}
		if err != nil || got != wantF {
			w.t.Errorf("%s (%s) = %q, want %v", ref, label, raw, v)
		}
	}
}

// shown is what the cell shows in its number format.
func (w *workbook) shown(ref string) string {
	w.t.Helper()
	s, err := w.x.GetCellValue(report.FiguresSheet, ref)
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// TestXLSXSeed writes the seed fixture's figures as a workbook and reads back
// every figure the seed's section II.6 prints, as numbers in their tables.
func TestXLSXSeed(t *testing.T) {
	f := seedFigures(t)
	w := writeXLSX(t, f, report.NamesFrom(seedUnits(t), f.Period.To))
	rows := w.rows[report.FiguresSheet]
	for i, want := range []string{
		"UBND huyện Tuy Phước",
		"BÁO CÁO MỤC II.6 — KẾT QUẢ CÔNG TÁC TIẾP CÔNG DÂN, XỬ LÝ ĐƠN THƯ, GIẢI QUYẾT KHIẾU NẠI, TỐ CÁO",
		"Kỳ báo cáo: 6 tháng đầu năm 2023, từ ngày 15/12/2022 đến ngày 14/06/2023",
		"Cùng kỳ năm trước: từ ngày 15/12/2021 đến ngày 14/06/2022",
		"Số liệu tính đến hết ngày 14/06/2023, theo dữ liệu ghi nhận đến thời điểm lập báo cáo",
	} {
		if rows[i][0] != want {
			t.Errorf("heading line %d: %q, want %q", i+1, rows[i][0], want)
		}
	}

	// Reception: 10 cuộc/22 lượt/22 vụ; periodic visits 10 → 1 (giảm 90%).
	r := w.find(1, "a) Tiếp công dân", "")
	sessions := w.find(r, "Số kỳ tiếp", "cuộc")
	w.numbers(sessions, "C", 10, 12, -2, -16.67)
	w.numbers(w.find(sessions, "Tiếp định kỳ", "cuộc"), "C", 10, 11, -1, -9.09)
	visits := w.find(r, "Số lượt tiếp", "lượt")
	w.numbers(visits, "C", 22, 25, -3, -12.0)
	w.numbers(w.find(visits, "Tiếp thường xuyên", "lượt"), "C", 21, 14, 7, 50.0)
	periodic := w.find(visits, "Tiếp định kỳ", "lượt")
	w.numbers(periodic, "C", 1, 10, -9, -90.0)
	w.numbers(w.find(visits, "Tiếp đột xuất", "lượt"), "C", 0, 1, -1, -100.0)
	w.numbers(w.find(r, "Số người được tiếp", "người"), "C", 33, 43, -10, -23.26)
	matters := w.find(r, "Số vụ việc", "vụ")
	w.numbers(matters, "C", 22, 22, 0, 0.0)
	w.numbers(w.find(r, "Tiếp lần đầu", "vụ"), "C", 22, 21, 1, 4.76)
	// Nothing a year earlier: no percentage, as the text gives none.
	w.numbers(w.find(r, "Tiếp nhiều lần", "lượt"), "C", 0, 4, -4, -100.0)
	w.numbers(w.find(r, "Đoàn đông người", "người"), "C", 0, 12, -12, -100.0)
	if got := w.shown("E" + strconv.Itoa(periodic)); got != "-9" {
		t.Errorf("the change of periodic visits shows %q, want -9", got)
	}
	if got := w.shown("F" + strconv.Itoa(periodic)); got != "-90.00" {
		t.Errorf("the change in percent shows %q, want -90.00", got)
	}

	// Reception petitions: 22 đơn, 04/17/01.
	rp := w.find(r, "b) Phân loại đơn, vụ việc qua tiếp công dân", "")
	w.numbers(w.find(rp, "Số đơn tiếp nhận qua tiếp công dân", "đơn"), "C", 22)
	w.numbers(w.find(rp, "Thuộc thẩm quyền UBND huyện, giao các phòng ban huyện", "đơn"), "C", 4)
	w.numbers(w.find(rp, "Hướng dẫn đến UBND các xã, thị trấn", "đơn"), "C", 17)
	w.numbers(w.find(rp, "Hướng dẫn đến cơ quan hoạt động tư pháp", "đơn"), "C", 1)
	w.numbers(w.find(rp, "Đang xử lý", "đơn"), "C", 0)

	// Complaints and denunciations: 09 đơn, up 01 (12,5%); 06 own, 03 lower.
	rc := w.find(rp, "c) Tiếp nhận, phân loại và xử lý đơn khiếu nại, tố cáo", "")
	if got := rows[rc][6]; got != "Thuộc thẩm quyền UBND huyện" {
		t.Errorf("received: column G is %q", got)
	}
	w.numbers(w.find(rc, "Khiếu nại", ""), "B", 5, 5, 5, 0, 0.0, 3, 2, 0, 0)
	w.numbers(w.find(rc, "Tố cáo", ""), "B", 4, 4, 3, 1, 33.33, 3, 1, 0, 0)
	total := w.find(rc, "Tổng cộng", "")
	w.numbers(total, "B", 9, 9, 8, 1, 12.5, 6, 3, 0, 0)
	if got := w.shown("E" + strconv.Itoa(total)); got != "+1" {
		t.Errorf("the change of petitions shows %q, want +1", got)
	}

	// Results: own complaints 03 of 03 (100%); Phước Nghĩa 01 of 02 (50%),
	// 01 in progress; denunciations: 03 decisions implemented.
	rr := w.find(rc, "d) Kết quả giải quyết khiếu nại, tố cáo", "")
	kn := w.find(rr, "Khiếu nại", "")
	w.numbers(w.find(kn, "Thuộc thẩm quyền UBND huyện", ""), "B", 0, 3, 3, 3, 0, 0, 100.0, 0, 2, 1, 0, 3, 0, 0)
	w.numbers(w.find(kn, "Thuộc thẩm quyền Chủ tịch UBND các xã, thị trấn", ""), "B", 0, 2, 2, 1, 0, 1, 50.0, 0, 1, 0, 0, 1, 0, 0)
	unit := w.find(kn, "UBND xã Phước Nghĩa", "")
	w.numbers(unit, "B", 0, 2, 2, 1, 0, 1, 50.0)
	if got := w.shown("H" + strconv.Itoa(unit)); got != "50.00" {
		t.Errorf("the rate shows %q, want 50.00", got)
	}
	tc := w.find(kn+1, "Tố cáo", "")
	w.numbers(w.find(tc, "Thuộc thẩm quyền UBND huyện", ""), "B", 0, 3, 3, 3, 0, 0, 100.0, 1, 2, 0, 3, 3, 0, 0)
	w.numbers(w.find(tc, "UBND xã Phước Nghĩa", ""), "B", 0, 1, 1, 1, 0, 0, 100.0)

	// Others: 83 đơn/83 vụ. Handling: 92 of 94 on time (97,87%).
	ro := w.find(rr, "đ) Đơn kiến nghị, phản ánh đã chuyển đơn, hướng dẫn", "")
	w.numbers(w.find(ro, "Số đơn kiến nghị, phản ánh", "đơn"), "C", 83)
	w.numbers(w.find(ro, "Số vụ việc", "vụ"), "C", 83)
	rh := w.find(ro, "e) Kết quả xử lý đơn thư (thời hạn xử lý 10 ngày làm việc kể từ ngày nhận đơn)", "")
	w.numbers(w.find(rh, "Tổng số đơn nhận trong kỳ", "đơn"), "C", 96)
	w.numbers(w.find(rh, "Đã xử lý", "đơn"), "C", 94)
	w.numbers(w.find(rh, "Xử lý đúng hạn", "đơn"), "C", 92)
	w.numbers(w.find(rh, "Xử lý trễ hạn", "đơn"), "C", 2)
	w.numbers(w.find(rh, "Tỷ lệ xử lý đúng hạn", "%"), "C", 97.87)
	w.numbers(w.find(rh, "Đang xử lý trong hạn", "đơn"), "C", 1)
	w.numbers(w.find(rh, "Quá hạn chưa xử lý", "đơn"), "C", 1)

	// The text: one paragraph a row, the same as WriteText.
	text := writeText(t, f, report.NamesFrom(seedUnits(t), f.Period.To))
	paras := strings.Split(strings.TrimSuffix(text, "\n"), "\n\n")
	got := w.rows[report.TextSheet]
	if len(got) != len(paras) {
		t.Fatalf("the text sheet has %d rows, the text %d paragraphs", len(got), len(paras))
	}
	for i, p := range paras {
		if len(got[i]) != 1 || got[i][0] != p {
			t.Errorf("text row %d: %q, want %q", i+1, got[i], p)
		}
	}
	if !strings.Contains(got[1][0], "10 cuộc/22 lượt/22 vụ") {
		t.Errorf("the text sheet lacks the seed's reception: %q", got[1][0])
	}
	w.noPersonalData(t)
}

// noPersonalData fails when a cell holds the name, ID number, address or
// phone of a petitioner or citizen of the seed's history.
func (w *workbook) noPersonalData(t *testing.T) {
	t.Helper()
	file, err := os.Open(filepath.Join("testdata", "seed", "history.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	type person struct {
		Name     string `json:"name"`
		IDNumber string `json:"id_number"`
		Address  string `json:"address"`
		Phone    string `json:"phone"`
	}
	var personal []string
	sc := bufio.NewScanner(file)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct {
			Petitioner *person `json:"petitioner"`
			Citizen    *person `json:"citizen"`
			Summary    string  `json:"summary"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		for _, p := range []*person{line.Petitioner, line.Citizen} {
			if p != nil {
				personal = append(personal, p.Name, p.IDNumber, p.Address, p.Phone)
			}
		}
		personal = append(personal, line.Summary)
	}
	if len(personal) == 0 {
		t.Fatal("the seed's history names nobody")
	}
	for sheet, rows := range w.rows {
		for _, r := range rows {
			for _, c := range r {
				for _, p := range personal {
					if len(p) > 3 && strings.Contains(c, p) {
						t.Errorf("%s: a cell holds %q: %q", sheet, p, c)
					}
				}
			}
		}
	}
}

// TestXLSXEmptyPeriod writes a period in which nothing happened: zeros, and
// rates and changes in percent with nothing to divide by are empty cells.
func TestXLSXEmptyPeriod(t *testing.T) {
	p, err := report.NewPeriod(cases.NewDate(2026, 12, 15), cases.NewDate(2027, 3, 14))
	if err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2027, 3, 15, 1, 30, 0, 0, time.UTC)
	f := &report.Figures{Version: report.Version, Period: p, PreviousPeriod: p.Previous(), AsOf: &asOf}
	w := writeXLSX(t, f, report.NamesFrom([]cases.Unit{{Ref: "ubnd-xa-tuy-phuoc", Name: "UBND xã Tuy Phước", Kind: cases.Own}}, p.To))
	rows := w.rows[report.FiguresSheet]
	if got, want := rows[2][0], "Kỳ báo cáo: từ ngày 15/12/2026 đến ngày 14/03/2027"; got != want {
		t.Errorf("period line %q, want %q", got, want)
	}
	if got, want := rows[4][0], "Số liệu tính đến hết ngày 14/03/2027, theo dữ liệu ghi nhận đến 08:30:00 ngày 15/03/2027 (giờ Việt Nam)"; got != want {
		t.Errorf("as_of line %q, want %q", got, want)
	}
	w.numbers(w.find(1, "Số lượt tiếp", "lượt"), "C", 0, 0, 0, nil)
	own := w.find(w.find(1, "Khiếu nại", ""), "Thuộc thẩm quyền UBND xã", "")
	w.numbers(own, "B", 0, 0, 0, 0, 0, 0, nil, 0)
	w.numbers(w.find(1, "Tỷ lệ xử lý đúng hạn", "%"), "C", nil)
	w.numbers(w.find(1, "Tổng cộng", ""), "B", 0, 0, 0, 0, nil)
	for sheet, rows := range w.rows {
		for _, r := range rows {
			for _, c := range r {
				if strings.Contains(c, "NaN") || strings.Contains(c, "Inf") || strings.Contains(c, "<nil>") {
					t.Errorf("%s: a cell holds %q", sheet, c)
				}
			}
		}
	}
	if len(w.rows[report.TextSheet]) != len(strings.Split(strings.TrimSuffix(writeText(t, f, report.NamesFrom(nil, p.To)), "\n"), "\n\n")) {
		t.Errorf("the text sheet does not have one row a paragraph")
	}
}

// TestXLSXSeveralLowerUnits writes results at several lower committees: one
// row each, named as the text names them, and an empty rate for the one with
// nothing to resolve.
func TestXLSXSeveralLowerUnits(t *testing.T) {
	f := seedFigures(t)
	second := f.Resolution.Complaint.Lower.Units[0]
	second.Unit, second.UnitName = "xa-phuoc-son", "UBND xã Phước Sơn"
	second.Rate = nil
	second.MustResolve, second.Resolved, second.InProgress, second.Accepted = 0, 0, 0, 0
	second.Verdicts, second.OnTime, second.Implemented = report.Verdicts{}, 0, 2
	f.Resolution.Complaint.Lower.Units = append(f.Resolution.Complaint.Lower.Units, second)
	w := writeXLSX(t, f, report.NamesFrom(seedUnits(t), f.Period.To))
	kn := w.find(w.find(1, "d) Kết quả giải quyết khiếu nại, tố cáo", ""), "Khiếu nại", "")
	w.numbers(w.find(kn, "UBND xã Phước Nghĩa", ""), "B", 0, 2, 2, 1, 0, 1, 50.0)
	w.numbers(w.find(kn, "UBND xã Phước Sơn", ""), "B", 0, 0, 0, 0, 0, 0, nil, 0, 0, 0, 2, 0, 0, 0)
}
