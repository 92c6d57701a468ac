package workflow

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// yearJSON is what a client of `tiepdan calendar --format json` reads.
type yearJSON struct {
	Year        int  `json:"year"`
	InTable     bool `json:"in_table"`
	Tet         struct{ Date, Weekday, Source, Computed string }
	HungKings   struct{ Date, Weekday, Source, Computed string } `json:"hung_kings"`
	DaysOff     []dayJSON                                        `json:"days_off"`
	WorkingDays []dayJSON                                        `json:"working_days"`
}

type dayJSON struct {
	Date, Weekday, Name, Source string
	Provisional                 bool
}

func writeYearJSON(t *testing.T, year int) yearJSON {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteYear(&buf, DefaultCalendar(), year, "json"); err != nil {
		t.Fatal(err)
	}
	var v yearJSON
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatalf("%v\n%s", err, buf.Bytes())
	}
	return v
}

func findDay(days []dayJSON, date string) (dayJSON, bool) {
	for _, d := range days {
		if d.Date == date {
			return d, true
		}
	}
	return dayJSON{}, false
}

func TestWriteYearJSONFromTable(t *testing.T) {
	v := writeYearJSON(t, 2026)
	if v.Year != 2026 || !v.InTable {
		t.Errorf("year %d in_table %v", v.Year, v.InTable)
	}
	if v.Tet.Date != "2026-02-17" || v.Tet.Source != "table" || v.Tet.Computed != "2026-02-17" || v.Tet.Weekday != "Thứ Ba" {
		t.Errorf("tet %+v", v.Tet)
	}
	if v.HungKings.Date != "2026-04-26" || v.HungKings.Source != "table" || v.HungKings.Computed != "2026-04-26" {
		t.Errorf("hung_kings %+v", v.HungKings)
	}
	want := dayJSON{Date: "2026-02-16", Weekday: "Thứ Hai", Name: "Nghỉ Tết Nguyên đán", Source: "table"}
	if d, _ := findDay(v.DaysOff, "2026-02-16"); d != want {
		t.Errorf("days_off 2026-02-16 = %+v, want %+v", d, want)
	}
	if d, _ := findDay(v.DaysOff, "2026-04-27"); d.Name != "Nghỉ bù Giỗ Tổ Hùng Vương" {
		t.Errorf("days_off 2026-04-27 = %+v", d)
	}
	want = dayJSON{Date: "2026-01-10", Weekday: "Thứ Bảy", Name: "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026", Source: "table"}
	if len(v.WorkingDays) != 1 || v.WorkingDays[0] != want {
		t.Errorf("working_days %+v, want [%+v]", v.WorkingDays, want)
	}
	// 2027's Tết break is in the table, flagged as not yet announced.
	v = writeYearJSON(t, 2027)
	if d, _ := findDay(v.DaysOff, "2027-02-09"); d.Source != "table" || !d.Provisional {
		t.Errorf("2027-02-09 = %+v, want a provisional table day", d)
	}
}

func TestWriteYearJSONComputed(t *testing.T) {
	v := writeYearJSON(t, 2030)
	if v.InTable {
		t.Error("2030 reported in the table")
	}
	if v.Tet.Date != "2030-02-02" || v.Tet.Source != "computed" || v.Tet.Computed != "2030-02-02" {
		t.Errorf("tet %+v", v.Tet)
	}
	if len(v.DaysOff) == 0 || v.WorkingDays == nil {
		t.Fatalf("days_off %v working_days %v", v.DaysOff, v.WorkingDays)
	}
	for _, d := range v.DaysOff {
		if d.Source != "computed" {
			t.Errorf("%s from %q, want computed", d.Date, d.Source)
		}
	}
	if _, ok := findDay(v.DaysOff, "2030-09-03"); !ok {
		t.Error("no suggested day next to 2/9/2030 (a Monday: the Tuesday)")
	}
}

func TestWriteYearText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteYear(&buf, nil, 2026, "text"); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"Lịch nghỉ năm 2026 (theo bảng ngày nghỉ)",
		"Tết Nguyên đán (mùng 1 tháng Giêng):  Thứ Ba 17/02/2026",
		"(theo bảng, khớp âm lịch)",
		"Thứ Hai   16/02/2026  Nghỉ Tết Nguyên đán",
		"Thứ Hai   27/04/2026  Nghỉ bù Giỗ Tổ Hùng Vương",
		"Ngày làm bù (thứ Bảy, Chủ nhật đi làm):",
		"Thứ Bảy  10/01/2026  Làm bù cho ngày nghỉ thứ Sáu 02/01/2026  bảng",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("2026 text lacks %q:\n%s", want, out)
		}
	}

	buf.Reset()
	if err := WriteYear(&buf, nil, 2030, "text"); err != nil {
		t.Fatal(err)
	}
	out = buf.String()
	for _, want := range []string{
		"Lịch nghỉ năm 2030: bảng ngày nghỉ chưa có năm này.",
		"DỰ KIẾN",
		"Thứ Bảy 02/02/2030  (tính theo âm lịch)",
		"Nghỉ Tết Nguyên đán                tính toán",
		"không có",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("2030 text lacks %q:\n%s", want, out)
		}
	}

	buf.Reset()
	if err := WriteYear(&buf, nil, 2027, "text"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Nghỉ Tết Nguyên đán                bảng, dự kiến") {
		t.Errorf("2027 text does not mark the Tết break provisional:\n%s", buf.String())
	}
}

// A table whose Tết disagrees with the computation says so.
func TestWriteYearTableDiffersFromLunar(t *testing.T) {
	in := strings.ReplaceAll(calendar2028, `"tet": "2028-01-26"`, `"tet": "2028-01-27"`)
	cal, err := LoadCalendar(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteYear(&buf, cal, 2028, "text"); err != nil {
		t.Fatal(err)
	}
	if want := "âm lịch tính được 26/01/2028, KHÁC bảng"; !strings.Contains(buf.String(), want) {
		t.Errorf("text lacks %q:\n%s", want, buf.String())
	}
}

func TestWriteYearBadInput(t *testing.T) {
	var buf bytes.Buffer
	err := WriteYear(&buf, nil, 2026, "xml")
	if err == nil || !strings.Contains(err.Error(), `"xml" is not text or json`) || cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("format xml: %v", err)
	}
	if err := WriteYear(&buf, nil, 1850, "text"); err == nil {
		t.Error("year 1850 accepted")
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %q on error", buf.String())
	}
}
