package report_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/text")

// checkGolden compares got with testdata/text/name, or rewrites the file with
// -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "text", name)
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -run Text -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("text differs from %s (run with -update to accept):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff lists the lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n  got  %q\n", i+1, wl, gl)
		}
	}
	return b.String()
}

func writeText(t *testing.T, f *report.Figures, n report.Names) string {
	t.Helper()
	var b bytes.Buffer
	if err := f.WriteText(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// figuresFromPaths builds Figures from flat dotted JSON paths
// ("resolution.complaint.lower.units[0].rate": 50) by a JSON round trip: the
// zero Figures' JSON, with each path set, decoded again. A path the
// Figures' JSON does not have is an error.
func figuresFromPaths(t *testing.T, values map[string]json.RawMessage) *report.Figures {
	t.Helper()
	raw, err := json.Marshal(report.Figures{})
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for path, v := range values {
		var val any
		if err := json.Unmarshal(v, &val); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if doc, err = setJSONPath(doc, strings.Split(path, "."), val); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	if raw, err = json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f report.Figures
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("figures from paths: %v", err)
	}
	return &f
}

// setJSONPath sets path in the decoded JSON node, creating the objects and
// array elements on the way ("units[0]").
func setJSONPath(node any, path []string, val any) (any, error) {
	if len(path) == 0 {
		return val, nil
	}
	key, index := path[0], -1
	if open := strings.IndexByte(key, '['); open >= 0 && strings.HasSuffix(key, "]") {
		i, err := strconv.Atoi(key[open+1 : len(key)-1])
		if err != nil || i < 0 {
			return nil, fmt.Errorf("bad index in %q", key)
		}
		key, index = key[:open], i
	}
	obj, ok := node.(map[string]any)
	if node == nil {
		obj, ok = map[string]any{}, true
	}
	if !ok {
		return nil, fmt.Errorf("%q: not an object", key)
	}
	if index < 0 {
		child, err := setJSONPath(obj[key], path[1:], val)
		if err != nil {
			return nil, err
		}
		obj[key] = child
		return obj, nil
	}
	arr, _ := obj[key].([]any)
	for len(arr) <= index {
		arr = append(arr, nil)
	}
	child, err := setJSONPath(arr[index], path[1:], val)
	if err != nil {
		return nil, err
	}
	arr[index] = child
	obj[key] = arr
	return obj, nil
}

// seedFigures are the figures of report/testdata/seed/expected-2023-H1.json:
// the values the seed gives (from_seed) and those the fixture chose where the
// seed says nothing (chosen).
func seedFigures(t *testing.T) *report.Figures {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "seed", "expected-2023-H1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp struct {
		Period   string                     `json:"period"`
		From     string                     `json:"from"`
		To       string                     `json:"to"`
		Previous json.RawMessage            `json:"previous"`
		FromSeed map[string]json.RawMessage `json:"from_seed"`
		Chosen   map[string]json.RawMessage `json:"chosen"`
	}
	if err := json.Unmarshal(raw, &exp); err != nil {
		t.Fatal(err)
	}
	values := map[string]json.RawMessage{}
	for _, m := range []map[string]json.RawMessage{exp.FromSeed, exp.Chosen} {
		for k, v := range m {
			if _, dup := values[k]; dup {
				t.Fatalf("%s is both from_seed and chosen", k)
			}
			values[k] = v
		}
	}
	period, err := json.Marshal(map[string]string{"from": exp.From, "to": exp.To, "name": exp.Period})
	if err != nil {
		t.Fatal(err)
	}
	values["version"] = json.RawMessage("1")
	values["period"] = period
	values["previous_period"] = exp.Previous
	return figuresFromPaths(t, values)
}

// seedUnits are the units of report/testdata/seed/history.ndjson.
func seedUnits(t *testing.T) []cases.Unit {
	t.Helper()
	file, err := os.Open(filepath.Join("testdata", "seed", "history.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	var units []cases.Unit
	sc := bufio.NewScanner(file)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line struct {
			Op string `json:"op"`
			cases.Unit
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		if line.Op == "unit" {
			units = append(units, line.Unit)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return units
}

// TestTextSeed renders the seed fixture's figures and compares them with the
// golden text, then checks that every figure the seed's section II.6 prints
// is there with the seed's number.
func TestTextSeed(t *testing.T) {
	f := seedFigures(t)
	if f.Reception.Visits.Total != 22 || f.Received.Total.PreviousPetitions != 8 || len(f.Resolution.Complaint.Lower.Units) != 1 {
		t.Fatalf("the fixture did not load: %+v", f.Reception)
	}
	got := writeText(t, f, report.NamesFrom(seedUnits(t), f.Period.To))
	checkGolden(t, "seed-2023-H1.txt", got)

	// The seed's sentences, by paragraph, with its slips corrected and its
	// comparisons in SPEC's form.
	for _, want := range []string{
		"6. Kết quả thực hiện công tác tiếp dân, xử lý đơn thư và giải quyết khiếu nại, tố cáo, các vụ việc khiếu kiện đông người, phức tạp, kéo dài\n",
		"UBND huyện thực hiện việc tiếp công dân theo Quy chế vào các ngày 09 và 24 hàng tháng.",
		"đã tiếp là 10 cuộc/22 lượt/22 vụ tiếp lần đầu, trong đó tiếp định kỳ đã tiếp 10 cuộc/01 lượt/01 vụ, so cùng kỳ giảm 09 lượt (giảm 90%); tiếp công dân thường xuyên có 21 lượt/21 vụ; tiếp công dân đột xuất: không.",

		"Phân loại đơn, vụ việc qua tiếp công dân: Qua tiếp công dân trên địa bàn tiếp nhận 22 đơn, gồm: Thuộc thẩm quyền UBND huyện giao các phòng ban huyện 04 đơn, đã giải thích, hướng dẫn đến UBND các xã, thị trấn 17 đơn và cơ quan hoạt động tư pháp giải quyết theo thẩm quyền 01 đơn.",

		"Tiếp nhận, phân loại và xử lý đơn khiếu nại, tố cáo: Tổng số đơn UBND huyện tiếp nhận: 09 đơn, so cùng kỳ tăng 01 đơn (tăng 12,5%). Trong đó: Khiếu nại 05 đơn, so cùng kỳ không tăng không giảm; tố cáo 04 đơn, so cùng kỳ tăng 01 đơn (tăng 33,33%). Thuộc thẩm quyền UBND huyện giải quyết 06 đơn (khiếu nại 03 đơn, tố cáo 03 đơn). Còn 03 đơn (khiếu nại 02 đơn, tố cáo 01 đơn) thuộc thẩm quyền Chủ tịch UBND các xã, thị trấn. Kết quả giải quyết như sau:",

		"- Đơn khiếu nại: thuộc thẩm quyền của UBND huyện đã giải quyết xong 03 vụ (đạt 100%). Thuộc thẩm quyền Chủ tịch UBND xã Phước Nghĩa giải quyết xong 01 vụ",
		" và 01 vụ đang giải quyết.",
		// SPEC §9's words: a denunciation is "sai sự thật" and its
		// "kết luận" is carried out; the seed wrote "sai", "quyết định".
		"Trong 04 vụ tố cáo đã giải quyết, công dân tố cáo sai sự thật 03 vụ, tố cáo đúng 01 vụ, đã thực hiện 03 kết luận.",

		// SPEC §9: each method the 83 left by; the history assigned 22 of
		// them to the departments, which the seed's "chuyển đơn, hướng
		// dẫn" left out.
		"Ngoài ra Ban Tiếp công dân huyện đã xử lý và tham mưu giao, chuyển đơn, hướng dẫn 83 đơn/83 vụ kiến nghị, phản ánh đến các cơ quan có liên quan và Chủ tịch UBND các xã, thị trấn giải quyết theo thẩm quyền.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the text lacks the seed's %q", want)
		}
	}
	checkClean(t, got)
}

// checkClean fails on what a reader must never see.
func checkClean(t *testing.T, text string) {
	t.Helper()
	for _, bad := range []string{"NaN", "Inf", "%!", "<nil>", "  ", " ,", " .", "..", "()", "( ", " )", "-0%"} {
		if strings.Contains(text, bad) {
			t.Errorf("the text contains %q:\n%s", bad, text)
		}
	}
	if !strings.HasSuffix(text, ".\n") || strings.Contains(text, "\n\n\n") {
		t.Errorf("the paragraphs are not well separated:\n%s", text)
	}
}

// TestTextEmptyPeriod renders a period in which nothing happened.
func TestTextEmptyPeriod(t *testing.T) {
	p, err := report.NewPeriod(cases.NewDate(2026, 12, 15), cases.NewDate(2027, 3, 14))
	if err != nil {
		t.Fatal(err)
	}
	f := &report.Figures{Version: report.Version, Period: p, PreviousPeriod: p.Previous()}
	got := writeText(t, f, report.NamesFrom([]cases.Unit{{Ref: "ubnd-xa-tuy-phuoc", Name: "UBND xã Tuy Phước", Kind: cases.Own}}, p.To))
	checkGolden(t, "empty.txt", got)
	for _, want := range []string{
		"Từ ngày 15/12/2026 đến ngày 14/03/2027 đã tiếp: không;",
		"tiếp định kỳ: không; tiếp công dân thường xuyên: không; tiếp công dân đột xuất: không.",
		"Qua tiếp công dân trên địa bàn không tiếp nhận đơn nào.",
		"Tổng số đơn UBND xã tiếp nhận: 00 đơn, so cùng kỳ không tăng không giảm.",
		"Trong kỳ không có vụ việc khiếu nại, tố cáo phải giải quyết.",
		"không có đơn kiến nghị, phản ánh",
		"Trong kỳ báo cáo không nhận đơn nào.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the text lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"%", "đạt", "Kết quả giải quyết như sau", "- Đơn"} {
		if strings.Contains(got, bad) {
			t.Errorf("an empty period's text contains %q:\n%s", bad, got)
		}
	}
	checkClean(t, got)
}

// TestTextReceptionDays says the days of the plan in force, given in Names:
// days of the month, days of the week, both, or none.
func TestTextReceptionDays(t *testing.T) {
	p, err := report.NewPeriod(cases.NewDate(2026, 12, 15), cases.NewDate(2027, 3, 14))
	if err != nil {
		t.Fatal(err)
	}
	f := &report.Figures{Version: report.Version, Period: p, PreviousPeriod: p.Previous()}
	const lead = "UBND xã thực hiện việc tiếp công dân theo Quy chế"
	for _, c := range []struct {
		days  []int
		weeks []time.Weekday
		want  string
	}{
		{[]int{10, 25}, nil, lead + " vào các ngày 10 và 25 hàng tháng. "},
		{[]int{5, 15, 25}, nil, lead + " vào các ngày 05, 15 và 25 hàng tháng. "},
		{[]int{15}, nil, lead + " vào ngày 15 hàng tháng. "},
		{nil, []time.Weekday{time.Monday}, lead + " vào thứ Hai hàng tuần. "},
		{nil, []time.Weekday{time.Monday, time.Thursday}, lead + " vào thứ Hai và thứ Năm hàng tuần. "},
		{nil, []time.Weekday{time.Monday, time.Wednesday, time.Friday}, lead + " vào thứ Hai, thứ Tư và thứ Sáu hàng tuần. "},
		{[]int{10}, []time.Weekday{time.Friday}, lead + " vào ngày 10 hàng tháng và vào thứ Sáu hàng tuần. "},
		{nil, nil, lead + ". Từ ngày 15/12/2026"},
	} {
		n := report.NamesFrom([]cases.Unit{{Ref: "own", Name: "UBND xã Tuy Phước", Kind: cases.Own}}, p.To)
		n.ReceptionDays, n.ReceptionWeekdays = c.days, c.weeks
		got := writeText(t, f, n)
		if !strings.Contains(got, c.want) {
			t.Errorf("days %v, weekdays %v: the text lacks %q:\n%s", c.days, c.weeks, c.want, got)
		}
		checkClean(t, got)
	}
}

func rate(part, whole int) *report.Percent { return report.Ratio(part, whole) }

// TestTextRepeatVisitsAndSeveralLowerUnits renders a period with repeat
// visits, a group, ad hoc reception, cases carried over, late and overdue
// cases, and results at several lower committees.
func TestTextRepeatVisitsAndSeveralLowerUnits(t *testing.T) {
	p, err := report.ParsePeriod("2024-Q1")
	if err != nil {
		t.Fatal(err)
	}
	f := &report.Figures{Version: report.Version, Period: p, PreviousPeriod: p.Previous()}
	f.Reception.ReceptionFigures = report.ReceptionFigures{
		Sessions:  report.SessionCounts{Periodic: 6, AdHoc: 1, Total: 7},
		Visits:    report.KindCounts{Regular: 12, Periodic: 5, AdHoc: 2, Total: 19},
		People:    report.KindCounts{Regular: 14, Periodic: 11, AdHoc: 9, Total: 34},
		Cases:     report.KindCounts{Regular: 11, Periodic: 4, AdHoc: 1, Total: 14},
		FirstTime: report.VisitCases{Visits: 13, Cases: 13},
		Repeat:    report.VisitCases{Visits: 6, Cases: 3},
		Groups:    report.GroupCounts{Visits: 2, People: 15, Cases: 1},
	}
	f.Reception.Previous = report.ReceptionFigures{
		Sessions: report.SessionCounts{Periodic: 6, Total: 6},
		Visits:   report.KindCounts{Regular: 20, Periodic: 3, Total: 23},
	}
	f.ReceptionPetitions = report.ReceptionPetitions{Petitions: 14, Cases: 12, ByDestination: report.ReceptionDestinations{
		Own: 3, Lower: 6, Other: 1, Archived: 2, Terminated: 1, Pending: 1,
	}}
	f.Received = report.Received{
		Complaint:    report.ReceivedFigures{Petitions: 7, Cases: 6, PreviousPetitions: 9, ByDestination: report.ReceivedDestinations{Own: 2, Lower: 3, Other: 1, Pending: 1}},
		Denunciation: report.ReceivedFigures{Petitions: 2, Cases: 2, PreviousPetitions: 0, ByDestination: report.ReceivedDestinations{Lower: 2}},
		Total:        report.ReceivedFigures{Petitions: 9, Cases: 8, PreviousPetitions: 9, ByDestination: report.ReceivedDestinations{Own: 2, Lower: 5, Other: 1, Pending: 1}},
	}
	phuocLoc := report.ResolutionFigures{CarriedOver: 1, Accepted: 2, MustResolve: 3, Resolved: 2, InProgress: 1, Rate: rate(2, 3),
		Verdicts: report.Verdicts{Incorrect: 1, PartlyCorrect: 1}, Implemented: 1, OnTime: 1, Late: 1, Overdue: 1}
	anHoa := report.ResolutionFigures{Accepted: 1, MustResolve: 1, Terminated: 1, Rate: rate(0, 1)}
	f.Resolution.Complaint = report.ResolutionByCompetence{
		Own: report.ResolutionFigures{CarriedOver: 2, Accepted: 2, MustResolve: 4, Resolved: 3, InProgress: 1, Rate: rate(3, 4),
			Verdicts: report.Verdicts{Correct: 1, Incorrect: 2}, Implemented: 2, OnTime: 3},
		Lower: report.LowerResolution{
			ResolutionFigures: report.ResolutionFigures{CarriedOver: 1, Accepted: 3, MustResolve: 4, Resolved: 2, Terminated: 1, InProgress: 1,
				Rate: rate(2, 4), Verdicts: report.Verdicts{Incorrect: 1, PartlyCorrect: 1}, Implemented: 2, OnTime: 1, Late: 1, Overdue: 1},
			Units: []report.UnitResolution{
				{Unit: "xa-phuoc-loc", UnitName: "UBND xã Phước Lộc", ResolutionFigures: phuocLoc},
				{Unit: "xa-an-hoa", UnitName: "xa-an-hoa", ResolutionFigures: anHoa},
				// Only a decision implemented, of a case resolved earlier.
				{Unit: "tt-dieu-tri", UnitName: "UBND thị trấn Diêu Trì", ResolutionFigures: report.ResolutionFigures{Implemented: 1}},
			},
		},
	}
	f.Resolution.Denunciation = report.ResolutionByCompetence{
		Lower: report.LowerResolution{
			ResolutionFigures: report.ResolutionFigures{Accepted: 2, MustResolve: 2, InProgress: 2, Rate: rate(0, 2)},
			Units: []report.UnitResolution{
				{Unit: "xa-phuoc-loc", UnitName: "UBND xã Phước Lộc", ResolutionFigures: report.ResolutionFigures{Accepted: 2, MustResolve: 2, InProgress: 2, Rate: rate(0, 2)}},
			},
		},
	}
	f.Other = report.Other{Petitions: 1088, Cases: 1075}
	f.Handling = report.Handling{OnTime: 1200, Late: 3, PendingInTime: 0, PendingOverdue: 7}

	n := report.NamesFrom([]cases.Unit{
		{Ref: "ubnd-huyen", Name: "Ủy ban nhân dân huyện Tuy Phước", Kind: cases.Own, LowerLabel: "UBND các xã, thị trấn"},
		{Ref: "xa-phuoc-loc", Name: "UBND xã Phước Lộc", Kind: cases.Lower},
		// The figures know this unit only by its ref; Names has its name.
		{Ref: "xa-an-hoa", Name: "UBND xã An Hòa", Kind: cases.Lower},
	}, f.Period.To)
	got := writeText(t, f, n)
	checkGolden(t, "repeat-several-units.txt", got)
	for _, want := range []string{
		"Từ ngày 15/12/2023 đến ngày 14/03/2024 đã tiếp là 07 cuộc/19 lượt/14 vụ (tiếp lần đầu 13 lượt/13 vụ, tiếp nhiều lần 06 lượt/03 vụ), trong đó",
		"tiếp định kỳ đã tiếp 06 cuộc/05 lượt/04 vụ, so cùng kỳ tăng 02 lượt (tăng 66,67%)",
		"tiếp công dân thường xuyên có 12 lượt/11 vụ",
		"tiếp công dân đột xuất đã tiếp 01 cuộc/02 lượt/01 vụ, so cùng kỳ tăng 02 lượt.",
		"Tiếp đoàn đông người: 02 đoàn/15 người/01 vụ.",
		"tiếp nhận 14 đơn/12 vụ",
		"tố cáo 02 đơn, so cùng kỳ tăng 02 đơn.",
		"Khiếu nại 07 đơn/06 vụ, so cùng kỳ giảm 02 đơn (giảm 22,22%)",
		"Còn 05 đơn (khiếu nại 03 đơn, tố cáo 02 đơn) thuộc thẩm quyền Chủ tịch UBND các xã, thị trấn.",
		"phải giải quyết 04 vụ (kỳ trước chuyển sang 02 vụ, thụ lý mới 02 vụ), đã giải quyết xong 03 vụ (đạt 75%) và 01 vụ đang giải quyết",
		"Thuộc thẩm quyền Chủ tịch UBND các xã, thị trấn",
		"UBND xã Phước Lộc phải giải quyết 03 vụ",
		"(đạt 66,67%; 01 vụ giải quyết quá hạn)",
		"01 vụ đang giải quyết (01 vụ đã quá hạn)",
		"UBND xã An Hòa đình chỉ giải quyết 01 vụ.",
		"Trong 05 vụ khiếu nại đã giải quyết, công dân khiếu nại sai 03 vụ, khiếu nại đúng 01 vụ, khiếu nại đúng một phần 01 vụ, đã thực hiện 04 quyết định.",
		"- Đơn tố cáo: thuộc thẩm quyền Chủ tịch UBND xã Phước Lộc 02 vụ đang giải quyết.",
		"1.088 đơn/1.075 vụ",
		"tổng số đơn nhận là 1.210 đơn, tổng số đơn đã xử lý là 1.203 đơn; trong đó số đơn xử lý đúng hạn là 1.200 đơn (đạt 99,75%); số đơn xử lý trễ hạn là 03 đơn; số đơn quá hạn chưa xử lý là 07 đơn.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the text lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Diêu Trì") {
		t.Errorf("a unit with nothing to resolve is listed:\n%s", got)
	}
	checkClean(t, got)
}

func TestTextNamesFrom(t *testing.T) {
	for _, tc := range []struct {
		name, lowerLabel                     string
		own, short, head, lower, desk, depts string
	}{
		{"UBND huyện Tuy Phước", "UBND các xã, thị trấn", "UBND huyện Tuy Phước", "UBND huyện", "Chủ tịch UBND huyện", "UBND các xã, thị trấn", "Ban Tiếp công dân huyện", "các phòng ban huyện"},
		{"Ủy ban nhân dân tỉnh Bình Định", "", "Ủy ban nhân dân tỉnh Bình Định", "UBND tỉnh", "Chủ tịch UBND tỉnh", "UBND các xã", "Ban Tiếp công dân tỉnh", "các sở, ban, ngành tỉnh"},
		{"UBND xã Phước Nghĩa", "", "UBND xã Phước Nghĩa", "UBND xã", "Chủ tịch UBND xã", "UBND các xã", "Bộ phận tiếp công dân UBND xã", "các cơ quan chuyên môn xã"},
		{"UBND phường Quy Nhơn Nam", "", "UBND phường Quy Nhơn Nam", "UBND phường", "Chủ tịch UBND phường", "UBND các xã", "Bộ phận tiếp công dân UBND phường", "các cơ quan chuyên môn phường"},
		{"UBND  thị xã An Nhơn", "UBND các xã, phường", "UBND thị xã An Nhơn", "UBND thị xã", "Chủ tịch UBND thị xã", "UBND các xã, phường", "Ban Tiếp công dân thị xã", "các phòng ban thị xã"},
		{"UBND thị trấn Diêu Trì", "", "UBND thị trấn Diêu Trì", "UBND thị trấn", "Chủ tịch UBND thị trấn", "UBND các xã", "Bộ phận tiếp công dân UBND thị trấn", "các cơ quan chuyên môn thị trấn"},
		{"UBND TP. Quy Nhơn", "", "UBND TP. Quy Nhơn", "UBND thành phố", "Chủ tịch UBND thành phố", "UBND các xã", "Ban Tiếp công dân thành phố", "các cơ quan chuyên môn thành phố"},
		{"UBND Huyện Tuy Phước", "", "UBND Huyện Tuy Phước", "UBND huyện", "Chủ tịch UBND huyện", "UBND các xã", "Ban Tiếp công dân huyện", "các phòng ban huyện"},
		{"UBND đặc khu Phú Quốc", "", "UBND đặc khu Phú Quốc", "UBND đặc khu", "Chủ tịch UBND đặc khu", "UBND các xã", "Bộ phận tiếp công dân UBND đặc khu", "các cơ quan chuyên môn đặc khu"},
		// A name it cannot read is kept whole.
		{"Hội đồng hòa giải", "", "Hội đồng hòa giải", "Hội đồng hòa giải", "Chủ tịch Hội đồng hòa giải", "UBND các xã", "Bộ phận tiếp công dân", "các cơ quan chuyên môn"},
	} {
		n := report.NamesFrom([]cases.Unit{
			{Ref: "phong-a", Name: "Phòng Tư pháp", Kind: cases.Department},
			{Ref: "own", Name: tc.name, Kind: cases.Own, LowerLabel: tc.lowerLabel},
			{Ref: "lower-a", Name: "UBND xã A", Kind: cases.Lower},
		}, cases.NewDate(2023, 6, 14))
		got := []string{n.Own, n.OwnShort, n.Head, n.Lower, n.Desk, n.Departments}
		want := []string{tc.own, tc.short, tc.head, tc.lower, tc.desk, tc.depts}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("NamesFrom(%q):\n got  %q\n want %q", tc.name, got, want)
		}
		if n.Units["lower-a"] != "UBND xã A" || len(n.Units) != 1 {
			t.Errorf("NamesFrom(%q).Units = %v", tc.name, n.Units)
		}
	}

	n := report.NamesFrom(nil, cases.NewDate(2023, 6, 14))
	if n.Own != "UBND" || n.OwnShort != "UBND" || n.Head != "Chủ tịch UBND" || n.Lower != report.DefaultLower {
		t.Errorf("NamesFrom(nil) = %+v", n)
	}
}

// A line that counts petitions sent on names the methods they left by (SPEC
// §9): one word when all left by one, each present when several; a
// denunciation's verdicts and what is carried out after one are in the words
// of the Luật Tố cáo, a complaint's in those of the Luật Khiếu nại.
func TestTextWordsOfTheLaw(t *testing.T) {
	p, err := report.ParsePeriod("2026-Q4")
	if err != nil {
		t.Fatal(err)
	}
	names := report.Names{Own: "UBND xã Tuy Phước", Lower: "UBND các thôn"}
	for _, tt := range []struct {
		name       string
		sentOn     report.Methods
		byMethod   report.Methods
		want, lack []string
	}{
		{"all transferred", report.Methods{Transfer: 5}, report.Methods{Transfer: 4},
			[]string{"gồm: Đã chuyển đơn đến UBND các thôn 05 đơn", "tham mưu chuyển đơn 04 đơn/04 vụ"},
			[]string{"hướng dẫn"}},
		{"all guided", report.Methods{Guide: 5}, report.Methods{Guide: 4},
			[]string{"gồm: Đã giải thích, hướng dẫn đến UBND các thôn 05 đơn", "tham mưu hướng dẫn 04 đơn/04 vụ"},
			[]string{"chuyển đơn"}},
		{"transferred and guided", report.Methods{Transfer: 3, Guide: 2}, report.Methods{Transfer: 1, Guide: 2, Urge: 1},
			[]string{"gồm: Đã chuyển đơn và giải thích, hướng dẫn đến UBND các thôn 05 đơn", "tham mưu chuyển đơn, hướng dẫn, đôn đốc 04 đơn/04 vụ"},
			nil},
		{"assigned", report.Methods{Assign: 5}, report.Methods{Assign: 4},
			[]string{"gồm: Đã giao UBND các thôn 05 đơn", "tham mưu giao 04 đơn/04 vụ"},
			[]string{"giao đến", "hướng dẫn"}},
	} {
		f := &report.Figures{Version: report.Version, Period: p, PreviousPeriod: p.Previous()}
		f.ReceptionPetitions = report.ReceptionPetitions{Petitions: 5, Cases: 5,
			ByDestination: report.ReceptionDestinations{Lower: 5}, SentOn: tt.sentOn}
		f.Other = report.Other{Petitions: 4, Cases: 4, ByMethod: tt.byMethod}
		got := writeText(t, f, names)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the text lacks %q:\n%s", tt.name, w, got)
			}
		}
		for _, l := range tt.lack {
			if strings.Contains(got, l) {
				t.Errorf("%s: the text says %q:\n%s", tt.name, l, got)
			}
		}
		checkClean(t, got)
	}

	f := &report.Figures{Version: report.Version, Period: p, PreviousPeriod: p.Previous()}
	res := report.ResolutionFigures{Accepted: 3, MustResolve: 3, Resolved: 3, Implemented: 2,
		Verdicts: report.Verdicts{Correct: 1, Incorrect: 1, PartlyCorrect: 1}}
	f.Resolution.Complaint.Own, f.Resolution.Denunciation.Own = res, res
	got := writeText(t, f, names)
	for _, w := range []string{
		"công dân khiếu nại sai 01 vụ, khiếu nại đúng 01 vụ, khiếu nại đúng một phần 01 vụ, đã thực hiện 02 quyết định.",
		"công dân tố cáo sai sự thật 01 vụ, tố cáo đúng 01 vụ, tố cáo đúng một phần 01 vụ, đã thực hiện 02 kết luận.",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("the results lack %q:\n%s", w, got)
		}
	}
}
