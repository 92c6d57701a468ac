package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/workflow"
)

// The denouncer's name, address, and the other petitioner's phone: none may
// appear in a schedule.
var scheduleSecrets = []string{"Võ Thị Tố", "Phước Lộc\"", "thôn Phước Lộc", "Nguyễn Văn An", "0905000111"}

func scheduleDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, stderr := run(t, webtest.ScheduleLines, "--db", db, "import", "-"); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	return db
}

func noSecrets(t *testing.T, format, out string) {
	t.Helper()
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	for _, s := range scheduleSecrets {
		if strings.Contains(out, s) || strings.Contains(unfolded, s) {
			t.Errorf("the %s schedule shows %q", format, s)
		}
	}
}

func TestScheduleText(t *testing.T) {
	db := scheduleDB(t)
	code, out, stderr := run(t, "", "--db", db, "schedule", "--from", "2026-11-01", "--to", "2027-01-31")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"Lịch tiếp công dân định kỳ – UBND huyện Tuy Phước\nTừ ngày 01/11/2026 đến ngày 31/01/2027 (lập ngày 25/11/2026)",
		"Thứ Hai 09/11/2026: Đã tiếp\n  Chủ trì theo lịch: Chủ tịch UBND (luân phiên)\n" +
			"  Kỳ tiếp định kỳ K-1109, chủ trì: Chủ tịch Trần Văn A, tại Trụ sở tiếp công dân huyện, số 1 Đào Tấn; phòng 2: 03 lượt, 09 người, 02 vụ việc\n" +
			"    Lượt V-1: đơn P-1 (khiếu nại), 03 người\n" +
			"    Lượt V-2: đơn P-2 (tố cáo), 01 người\n" +
			"    Lượt V-3: đơn P-3 (vụ việc P-1), 05 người\n",
		"Thứ Hai 16/11/2026: Tiếp đột xuất\n  Kỳ tiếp đột xuất K-1116, chủ trì: Phó Chủ tịch Lê Thị B (ủy quyền): 01 lượt, 02 người, 01 vụ việc",
		"Thứ Ba 24/11/2026: Không có kỳ tiếp được ghi nhận\n",
		"Thứ Tư 09/12/2026: Dự kiến tiếp\n  Chủ trì theo lịch: Chủ tịch UBND (luân phiên)\n  Dự kiến:\n" +
			"    - Hạn giải quyết đơn P-1 (khiếu nại): 21/12/2026, Phòng Tài nguyên và Môi trường giải quyết\n" +
			"      30 ngày kể từ ngày thụ lý 20/11/2026",
		"Thứ Ba 15/12/2026: Lịch hẹn\n  Dự kiến:\n    - Đối thoại đơn P-1 (khiếu nại) ngày 15/12/2026 tại Hội trường UBND xã Phước Lộc, huyện Tuy Phước; phòng họp số 2\n",
		"Thứ Năm 24/12/2026: Dự kiến tiếp\n",
		// The follow-up set for Saturday 09/01/2027 is expected where that
		// reception moved: Monday 11/01.
		"Thứ Hai 11/01/2027: Dự kiến tiếp\n  Ngày tiếp định kỳ rơi vào thứ Bảy 09/01/2027 nên chuyển sang thứ Hai 11/01/2027.\n" +
			"  Chủ trì theo lịch: Chủ tịch UBND (luân phiên)\n  Dự kiến:\n" +
			"    - Hẹn tiếp lại đơn P-2 (tố cáo): hẹn ngày 09/01/2027 tại lượt tiếp V-2 ngày 09/11/2026 (thứ Bảy, chuyển sang thứ Hai 11/01/2027)\n",
		"Thứ Hai 25/01/2027: Dự kiến tiếp\n  Ngày tiếp định kỳ rơi vào Chủ nhật 24/01/2027 nên chuyển sang thứ Hai 25/01/2027.",
		"Tổng hợp: 06 ngày tiếp định kỳ (01 đã tiếp, 01 không có kỳ tiếp được ghi nhận, 04 dự kiến), 00 ngày không tiếp vì trùng ngày nghỉ; 01 kỳ tiếp đột xuất, 00 kỳ tiếp định kỳ ngoài lịch; 04 lượt, 11 người, 02 vụ việc; 03 việc dự kiến.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the schedule lacks\n%s\n--- got:\n%s", want, out)
		}
	}
	if strings.Contains(out, "09/01/2027:") || strings.Contains(out, "24/01/2027:") {
		t.Errorf("a day off is listed as a reception day:\n%s", out)
	}
	noSecrets(t, "text", out)
}

func TestScheduleJSON(t *testing.T) {
	db := scheduleDB(t)
	code, out, stderr := run(t, "", "--db", db, "schedule", "--from", "2026-11-01", "--to", "2027-01-31", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s workflow.Schedule
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	type row struct{ date, status string }
	var got []row
	for _, d := range s.Days {
		got = append(got, row{d.Date.String(), string(d.Status)})
	}
	want := []row{{"2026-11-09", "held"}, {"2026-11-16", "adhoc"}, {"2026-11-24", "missed"}, {"2026-12-09", "planned"},
		{"2026-12-15", "appointments"}, {"2026-12-24", "planned"}, {"2027-01-11", "planned"}, {"2027-01-25", "planned"}}
	if !slices.Equal(got, want) {
		t.Errorf("days %v\nwant %v", got, want)
	}
	if k := s.Days[0].Sessions[0]; len(k.Visits) != 3 || k.People != 9 || !slices.Equal(k.Matters, []string{"P-1", "P-2"}) {
		t.Errorf("K-1109: %+v", k)
	}
	if e := s.Days[6].Expected; len(e) != 1 || e[0].Kind != workflow.ExpectFollowUp || e[0].Visit != "V-2" || e[0].On.String() != "2027-01-09" {
		t.Errorf("11/01/2027 expects %+v", e)
	}
	if s.Days[6].Reception.Scheduled.String() != "2027-01-09" || !s.Days[6].Reception.Moved {
		t.Errorf("11/01/2027 reception %+v", s.Days[6].Reception)
	}
	noSecrets(t, "json", out)
}

// TestScheduleICS checks the iCalendar structurally: CRLF line endings, lines
// folded at 75 octets without cutting a character, BEGIN/END paired, the
// properties every event needs, and commas and semicolons escaped in text.
func TestScheduleICS(t *testing.T) {
	db := scheduleDB(t)
	code, out, stderr := run(t, "", "--db", db, "schedule", "--from", "2026-11-01", "--to", "2027-01-31", "--format", "ics")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Fatalf("does not end with END:VCALENDAR CRLF: %q", out[max(0, len(out)-40):])
	}
	if strings.Count(out, "\n") != strings.Count(out, "\r\n") || strings.Count(out, "\r") != strings.Count(out, "\r\n") {
		t.Fatal("a line ends without CRLF")
	}
	physical := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	folded := 0
	for i, l := range physical {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d cuts a character: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Error("no line was folded: the descriptions are longer than 75 octets")
	}

	// Unfold, then read the content lines.
	var lines []string
	for _, l := range physical {
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var stack []string
	type event map[string]string
	var events []event
	var cur event
	for i, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("content line %d has no value: %q", i+1, l)
		}
		switch name {
		case "BEGIN":
			stack = append(stack, value)
			if value == "VEVENT" {
				cur = event{}
			}
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				t.Fatalf("line %d: END:%s closes %v", i+1, value, stack)
			}
			stack = stack[:len(stack)-1]
			if value == "VEVENT" {
				events = append(events, cur)
				cur = nil
			}
			continue
		}
		if len(stack) == 0 {
			t.Fatalf("line %d outside VCALENDAR: %q", i+1, l)
		}
		if cur != nil {
			cur[name] = value
		}
		// TEXT values escape commas and semicolons.
		if base, _, _ := strings.Cut(name, ";"); slices.Contains([]string{"SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME", "CATEGORIES"}, base) {
			for j := 0; j < len(value); j++ {
				switch value[j] {
				case '\\':
					j++ // the escaped character
				case ',', ';':
					t.Errorf("line %d: unescaped %q in %s: %q", i+1, value[j], name, value)
				}
			}
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed %v", stack)
	}
	if lines[0] != "BEGIN:VCALENDAR" || !slices.Contains(lines, "VERSION:2.0") || !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "PRODID:") }) {
		t.Errorf("calendar header: %q", lines[:4])
	}
	if len(events) != 8 {
		t.Fatalf("%d events, want 8", len(events))
	}
	uids := map[string]bool{}
	for _, e := range events {
		for _, p := range []string{"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY"} {
			if e[p] == "" {
				t.Errorf("event %v lacks %s", e, p)
			}
		}
		if uids[e["UID"]] {
			t.Errorf("UID %s twice", e["UID"])
		}
		uids[e["UID"]] = true
		if e["DTSTAMP"] != "20261125T030000Z" {
			t.Errorf("DTSTAMP %s, want the export time in UTC", e["DTSTAMP"])
		}
	}
	byStart := map[string]event{}
	for _, e := range events {
		byStart[e["DTSTART;VALUE=DATE"]] = e
	}
	// The reception moved from Saturday 09/01/2027 is an all-day event on
	// Monday 11/01, known by its scheduled date.
	moved := byStart["20270111"]
	if moved["DTEND;VALUE=DATE"] != "20270112" || !strings.Contains(moved["UID"], "-reception-20270109-") ||
		moved["SUMMARY"] != "Tiếp công dân định kỳ: Chủ tịch UBND" {
		t.Errorf("11/01/2027: %v", moved)
	}
	if !strings.Contains(icsUnescape(moved["DESCRIPTION"]), "Hẹn tiếp lại đơn P-2 (tố cáo): hẹn ngày 09/01/2027") {
		t.Errorf("11/01/2027 description: %q", icsUnescape(moved["DESCRIPTION"]))
	}
	dialogue := byStart["20261215"]
	if !strings.Contains(dialogue["DESCRIPTION"], `Hội trường UBND xã Phước Lộc\, huyện Tuy Phước\; phòng họp số 2`) {
		t.Errorf("15/12/2026 description: %q", dialogue["DESCRIPTION"])
	}
	held := byStart["20261109"]
	if held["LOCATION"] != `Trụ sở tiếp công dân huyện\, số 1 Đào Tấn\; phòng 2` || held["SUMMARY"] != "Tiếp công dân định kỳ: Chủ tịch UBND (đã tiếp)" {
		t.Errorf("09/11/2026: %v", held)
	}
	desc := icsUnescape(held["DESCRIPTION"])
	if !strings.HasPrefix(desc, "Đã tiếp\nChủ trì theo lịch: Chủ tịch UBND (luân phiên)\nKỳ tiếp định kỳ K-1109") {
		t.Errorf("09/11/2026 description: %q", desc)
	}
	noSecrets(t, "ics", out)
}

func icsUnescape(s string) string {
	return strings.NewReplacer(`\n`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(s)
}

// An installation changes the plan with --reception FILE, starting from what
// --show-config prints.
func TestScheduleReceptionFile(t *testing.T) {
	db := scheduleDB(t)
	code, out, stderr := run(t, "", "--db", db, "schedule", "--show-config")
	if code != exitOK {
		t.Fatalf("--show-config: exit %d: %s", code, stderr)
	}
	var plan map[string]any
	if err := json.Unmarshal([]byte(out), &plan); err != nil || plan["version"] != float64(1) {
		t.Fatalf("--show-config printed %v (%v):\n%s", plan, err, out)
	}
	file := filepath.Join(t.TempDir(), "reception.json")
	own := `{"version":1,"periods":[{"from":"2026-01-01","days_of_month":[9,24],"move":"skip",
		"leaders":["Chủ tịch Trần Văn A","Phó Chủ tịch Lê Thị B"]}],
		"assignments":[{"date":"2026-12-24","leader":"Phó Chủ tịch Phạm Văn C","note":"Chủ tịch họp Tỉnh ủy"}]}`
	if err := os.WriteFile(file, []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = run(t, "", "--db", db, "schedule", "--reception", file, "--from", "2026-12-01", "--to", "2027-02-28")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		// 2026 has 17 reception days before December once the five that fall
		// on a weekend are skipped: 09/12 is the 18th, B's turn; 24/12 is A's,
		// given to C.
		"Thứ Tư 09/12/2026: Dự kiến tiếp\n  Chủ trì theo lịch: Phó Chủ tịch Lê Thị B (luân phiên)",
		"Thứ Năm 24/12/2026: Dự kiến tiếp\n  Chủ trì theo lịch: Phó Chủ tịch Phạm Văn C (phân công: Chủ tịch họp Tỉnh ủy)",
		"Thứ Bảy 09/01/2027: Không tiếp (trùng ngày nghỉ)\n  Ngày tiếp định kỳ rơi vào thứ Bảy 09/01/2027 nên không tổ chức tiếp kỳ này.",
		"Chủ nhật 24/01/2027: Không tiếp (trùng ngày nghỉ)",
		"Thứ Ba 09/02/2027: Không tiếp (trùng ngày nghỉ)\n  Ngày tiếp định kỳ rơi vào thứ Ba 09/02/2027 (Nghỉ Tết Nguyên đán) nên không tổ chức tiếp kỳ này.",
		// The follow-up set for Saturday 09/01 goes to the next reception held.
		"Thứ Tư 24/02/2027: Dự kiến tiếp\n  Chủ trì theo lịch: Phó Chủ tịch Lê Thị B (luân phiên)\n  Dự kiến:\n" +
			"    - Hẹn tiếp lại đơn P-2 (tố cáo): hẹn ngày 09/01/2027 tại lượt tiếp V-2 ngày 09/11/2026 (thứ Bảy, không tổ chức tiếp; chuyển sang kỳ tiếp thứ Tư 24/02/2027)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the schedule lacks\n%s\n--- got:\n%s", want, out)
		}
	}
	code, _, stderr = run(t, "", "--db", db, "schedule", "--reception", filepath.Join(t.TempDir(), "missing.json"))
	if code != exitUsage || !strings.Contains(stderr, "reception plan") {
		t.Errorf("missing plan file: exit %d, %q", code, stderr)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"version":1,"periods":[{"from":"2026-01-01","days_of_month":[9],"move":"later","leaders":["A"]}]}`), 0o644)
	code, _, stderr = run(t, "", "--db", db, "schedule", "--reception", bad)
	if code != exitUsage || !strings.Contains(stderr, "periods[0].move") {
		t.Errorf("bad plan file: exit %d, %q", code, stderr)
	}
}

func TestScheduleRefusesBadFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "09/01/2023"}, "--from"},
		{[]string{"--from", "2023-02-01", "--to", "2023-01-01"}, "before"},
		{[]string{"--format", "xml"}, "text, json or ics"},
		{[]string{"--from", "2020-01-01", "--to", "2026-01-01"}, "spans more than"},
		{[]string{"extra"}, "usage"},
	} {
		code, _, stderr := run(t, "", append([]string{"--db", db, "schedule"}, tc.args...)...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want usage error with %q", tc.args, code, stderr, tc.want)
		}
	}
}
