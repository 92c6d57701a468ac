package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// The reception schedule served: GET /api/v1/schedule and the page
// /lich-tiep, on webtest.ScheduleLines (November 2026 to January 2027,
// around webtest.Now) and webtest.Schedule2023, where the reception of the
// 24th fell in Tết and moved to Friday 27/01.

func TestScheduleAPIICS(t *testing.T) {
	e := webtest.NewSchedule(t)
	req, _ := http.NewRequest("GET", e.TS.URL+"/api/v1/schedule?format=ics&from=2023-01-01&to=2023-01-31", nil)
	req.Header.Set("Authorization", "Bearer "+e.Tokens["leader"])
	resp, err := e.TS.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := string(b)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("%d %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), out)
	}
	if strings.Count(out, "BEGIN:VEVENT\r\n") != 2 || !strings.Contains(out, "DTSTART;VALUE=DATE:20230127\r\n") ||
		!strings.Contains(out, "UID:tiepdan-reception-20230124-") || !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Errorf("the calendar of January 2023:\n%s", out)
	}
	for _, secret := range webtest.ScheduleSecrets {
		if strings.Contains(strings.ReplaceAll(out, "\r\n ", ""), secret) {
			t.Errorf("the calendar shows %q", secret)
		}
	}
}

// Every bad query is a 422 naming the field; nothing is read.
func TestScheduleAPIRefusesBadQueries(t *testing.T) {
	e := webtest.NewSchedule(t)
	for _, tc := range []struct{ query, field string }{
		{"from=2023-1-1", "from"},
		{"from=2023-01-01&to=31/01/2023", "to"},
		{"from=2023-02-01&to=2023-01-01", "to"},
		{"from=2020-01-01&to=2026-01-01", "to"}, // more than three years
		{"to=2026-10-31", "to"},                 // before the default from, 01/11/2026
		{"format=xml", "format"},
	} {
		status, body := e.API("leader", "GET", "/api/v1/schedule?"+tc.query, "")
		got := webtest.Decode[webtest.ErrorJSON](t, body)
		if status != http.StatusUnprocessableEntity || got.Error.Code != cases.EInvalid || got.Error.Field != tc.field {
			t.Errorf("%s: %d %s, want 422 on %s", tc.query, status, body, tc.field)
		}
	}
}

// sectionOf is the detail of one day on the page, up to the next one.
func sectionOf(t *testing.T, page, date string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `id="ngay-`+date+`"`)
	if !ok {
		t.Fatalf("no day %s on the page", date)
	}
	rest, _, _ = strings.Cut(rest, "</section>")
	return rest
}

func TestSchedulePage(t *testing.T) {
	e := webtest.NewSchedule(t)
	b := e.Browser("reporter").Login()
	status, page, h := b.Do("GET", "/lich-tiep?month=2023-01", nil)
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("%d: %.300s", status, page)
	}
	all := webtest.Text(page)
	for _, want := range []string{
		"Lịch tiếp công dân tháng 01/2023",
		"Thứ Hai Thứ Ba Thứ Tư Thứ Năm Thứ Sáu Thứ Bảy Chủ nhật",
		// The grid: 24/01 says where its reception went; 27/01 has it.
		"24 Nghỉ Tết Nguyên đán Lịch tiếp chuyển sang 27/01/2023",
		"27 Không có kỳ tiếp được ghi nhận Chủ tịch UBND",
		"9 Đã tiếp Chủ tịch UBND 1 kỳ tiếp: 1 lượt, 2 người",
		"UBND huyện Tuy Phước",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the page lacks %q:\n%s", want, all)
		}
	}
	for _, link := range []string{`href="/lich-tiep?month=2022-12"`, `href="/lich-tiep?month=2023-02"`,
		`href="/lich-tiep.ics?from=2023-01-01&amp;to=2023-01-31"`, `href="#ngay-2023-01-27"`, `href="/lich-tiep"`} {
		if !strings.Contains(page, link) {
			t.Errorf("the page lacks the link %s", link)
		}
	}
	moved := webtest.Text(sectionOf(t, page, "2023-01-27"))
	for _, want := range []string{"Thứ Sáu 27/01/2023: Không có kỳ tiếp được ghi nhận",
		"Ngày tiếp định kỳ rơi vào thứ Ba 24/01/2023 (Nghỉ Tết Nguyên đán) nên chuyển sang thứ Sáu 27/01/2023.",
		"Chủ trì theo lịch: Chủ tịch UBND (luân phiên)"} {
		if !strings.Contains(moved, want) {
			t.Errorf("27/01/2023 lacks %q: %s", want, moved)
		}
	}
	held := webtest.Text(sectionOf(t, page, "2023-01-09"))
	if want := "Kỳ tiếp định kỳ K-230109, chủ trì: Chủ tịch Trần Văn A: 1 lượt, 2 người, 1 vụ việc Lượt tiếp Đơn Loại, vụ việc Số người V-23 P-23 tố cáo 2"; !strings.Contains(held, want) {
		t.Errorf("09/01/2023: %s\nwant %s", held, want)
	}
	if strings.Contains(page, `href="/petitions/`) {
		t.Error("a reporter is offered a petition's page")
	}
	if !strings.Contains(page, `class="st-held"`) || !strings.Contains(page, `class="st-missed"`) {
		t.Error("the days are not coloured by status")
	}

	// Today's month by default, today marked.
	_, page, _ = b.Do("GET", "/lich-tiep", nil)
	all = webtest.Text(page)
	for _, want := range []string{"Lịch tiếp công dân tháng 11/2026", "25 Hôm nay", "24 Không có kỳ tiếp được ghi nhận",
		"16 Tiếp đột xuất", "9 Đã tiếp"} {
		if !strings.Contains(all, want) {
			t.Errorf("November 2026 lacks %q:\n%s", want, all)
		}
	}

	status, page, _ = b.Do("GET", "/lich-tiep?month=2023-13", nil)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Tháng không đúng dạng năm-tháng") || strings.Contains(page, "is not a month") {
		t.Errorf("month 2023-13: %d %.300s", status, page)
	}

	status, ics, h := b.Do("GET", "/lich-tiep.ics?from=2023-01-01&to=2023-01-31", nil)
	if status != http.StatusOK || h.Get("Content-Type") != "text/calendar; charset=utf-8" ||
		!strings.Contains(h.Get("Content-Disposition"), `filename="lich-tiep-2023-01-01-2023-01-31.ics"`) ||
		!strings.Contains(ics, "DTSTART;VALUE=DATE:20230127") {
		t.Errorf("the page's calendar: %d %v\n%s", status, h, ics)
	}
}

// What is expected on coming days links to the petition's page for the users
// who may read it; no one reads a citizen, the denouncer least.
func TestSchedulePageLinksAndSecrets(t *testing.T) {
	e := webtest.NewSchedule(t)
	// P-1, a complaint routed to tnmt, has its deadline on 09/12/2026 and a
	// dialogue on 15/12; P-2, a denunciation still at the desk, a follow-up
	// on 11/01/2027; P-3 (archived) and P-23 (at the desk) were received at
	// the sessions of 09/11/2026 and 09/01/2023.
	links := map[string]string{
		"rec":      "P-1 P-2 P-3 P-23",
		"head":     "P-1",
		"head-ld":  "",
		"leader":   "P-1 P-2 P-3 P-23",
		"reporter": "",
		"admin":    "P-1 P-2 P-3 P-23",
	}
	for _, u := range matrixRoles {
		b := e.Browser(u).Login()
		var pages string
		for _, month := range []string{"2026-11", "2026-12", "2027-01", "2023-01"} {
			status, page, _ := b.Do("GET", "/lich-tiep?month="+month, nil)
			if status != http.StatusOK {
				t.Fatalf("%s, %s: %d", u, month, status)
			}
			pages += page
		}
		var got []string
		for _, ref := range []string{"P-1", "P-2", "P-3", "P-23"} {
			if strings.Contains(pages, `href="/petitions/`+ref+`"`) {
				got = append(got, ref)
			}
		}
		if strings.Join(got, " ") != links[u] {
			t.Errorf("%s is offered %v, want %s", u, got, links[u])
		}
		for _, secret := range webtest.ScheduleSecrets {
			if strings.Contains(pages, secret) {
				t.Errorf("%s reads %q on the schedule", u, secret)
			}
		}
	}
	_, page, _ := e.Browser("head").Login().Do("GET", "/lich-tiep?month=2026-12", nil)
	day := webtest.Text(sectionOf(t, page, "2026-12-09"))
	if want := "Dự kiến: Hạn giải quyết đơn P-1 (khiếu nại): 21/12/2026, Phòng Tài nguyên và Môi trường giải quyết — xem đơn 30 ngày kể từ ngày thụ lý 20/11/2026"; !strings.Contains(day, want) {
		t.Errorf("09/12/2026: %s\nwant %s", day, want)
	}
}
