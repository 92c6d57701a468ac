package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// The reception schedule served: GET /api/v1/schedule and the page
// /lich-tiep, on the history of schedule_test.go (November 2026 to January
// 2027, around fixedNow) and a session of January 2023, where the reception
// of the 24th fell in Tết and moved to Friday 27/01.

// schedule2023 is the 2023 part: a periodic session on 09/01/2023 where a
// denouncer came with someone and was told to come back on the 24th.
const schedule2023 = `{"op":"session","ref":"K-230109","kind":"periodic","date":"2023-01-09","presided_by":"Chủ tịch Trần Văn A"}
{"op":"petition","ref":"P-23","received_at":"2023-01-05T08:00:00+07:00","channel":"reception","petitioner":{"name":"Đặng Thị Giấu Tên","phone":"0977000222"},"summary":"Tố cáo cán bộ thu tiền"}
{"op":"classify","petition":"P-23","at":"2023-01-06T08:00:00+07:00","type":"denunciation","field":"corruption","eligible":true}
{"op":"visit","ref":"V-23","at":"2023-01-09T08:00:00+07:00","kind":"periodic","session":"K-230109","petition":"P-23","people":2,"citizen":{"name":"Đặng Thị Giấu Tên"},"follow_up_on":"2023-01-24"}
`

// scheduleServeSecrets are the citizens of the history: a schedule shows
// none of them, to anyone.
var scheduleServeSecrets = []string{"Võ Thị Tố", "thôn Phước Lộc", "Nguyễn Văn An", "0905000111", "Đặng Thị Giấu Tên", "0977000222"}

// newScheduleEnv serves the history of schedule_test.go (less its units,
// which serveUnits has) and schedule2023.
func newScheduleEnv(t *testing.T) *serveEnv {
	t.Helper()
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(scheduleLines), "\n") {
		if !strings.HasPrefix(l, `{"op":"unit"`) {
			b.WriteString(l + "\n")
		}
	}
	return newServeEnv(t, b.String()+schedule2023)
}

func TestScheduleAPI(t *testing.T) {
	e := newScheduleEnv(t)
	body := e.mustAPI(http.StatusOK, "reporter", "GET", "/api/v1/schedule?from=2023-01-01&to=2023-01-31", "")
	s := decode[workflow.Schedule](t, body)
	if len(s.Days) != 2 {
		t.Fatalf("January 2023: %d days, want 09/01 and 27/01: %s", len(s.Days), body)
	}
	held, moved := s.Days[0], s.Days[1]
	if held.Date != cases.NewDate(2023, 1, 9) || held.Status != workflow.DayHeld || len(held.Sessions) != 1 ||
		held.Sessions[0].Ref != "K-230109" || held.Sessions[0].People != 2 {
		t.Errorf("09/01/2023: %+v", held)
	}
	r := moved.Reception
	if moved.Date != cases.NewDate(2023, 1, 27) || moved.Status != workflow.DayMissed || r == nil ||
		r.Scheduled != cases.NewDate(2023, 1, 24) || !r.Moved || r.DayOff != "Nghỉ Tết Nguyên đán" ||
		r.Reason != "Ngày tiếp định kỳ rơi vào thứ Ba 24/01/2023 (Nghỉ Tết Nguyên đán) nên chuyển sang thứ Sáu 27/01/2023" {
		t.Errorf("the reception of 24/01/2023: %+v, %+v", moved, r)
	}

	// The answer is what `tiepdan schedule --format json` prints, byte for
	// byte: the same history, plan and encoding.
	ctx := context.Background()
	today := cases.DateOf(fixedNow)
	rec, err := e.db.ScheduleRecords(ctx, cases.NewDate(2023, 1, 1), cases.NewDate(2023, 1, 31), today)
	if err != nil {
		t.Fatal(err)
	}
	h := workflow.ScheduleHistory(*rec)
	want, err := workflow.DefaultReception().Schedule(workflow.ScheduleRequest{From: cases.NewDate(2023, 1, 1),
		To: cases.NewDate(2023, 1, 31), Today: today}, &h)
	if err != nil {
		t.Fatal(err)
	}
	var cli bytes.Buffer
	if code := writeScheduleJSON(&App{Stdout: &cli, Stderr: io.Discard}, want); code != exitOK || cli.String() != body {
		t.Errorf("the API differs from the command line:\n%s\n--- command line:\n%s", body, cli.String())
	}

	// By default: this month and the next.
	s = decode[workflow.Schedule](t, e.mustAPI(http.StatusOK, "head", "GET", "/api/v1/schedule", ""))
	if s.From.String() != "2026-11-01" || s.To.String() != "2026-12-31" || len(s.Days) != 6 {
		t.Errorf("default range %s–%s, %d days", s.From, s.To, len(s.Days))
	}
	for _, u := range serveUsers {
		if b := e.bodies[u.Name]; b != nil {
			for _, secret := range scheduleServeSecrets {
				if strings.Contains(b.String(), secret) {
					t.Errorf("%s read %q in a schedule", u.Name, secret)
				}
			}
		}
	}
}

func TestScheduleAPIICS(t *testing.T) {
	e := newScheduleEnv(t)
	req, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/schedule?format=ics&from=2023-01-01&to=2023-01-31", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens["leader"])
	resp, err := e.ts.Client().Do(req)
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
	for _, secret := range scheduleServeSecrets {
		if strings.Contains(strings.ReplaceAll(out, "\r\n ", ""), secret) {
			t.Errorf("the calendar shows %q", secret)
		}
	}
}

// Every bad query is a 422 naming the field; nothing is read.
func TestScheduleAPIRefusesBadQueries(t *testing.T) {
	e := newScheduleEnv(t)
	for _, tc := range []struct{ query, field string }{
		{"from=2023-1-1", "from"},
		{"from=2023-01-01&to=31/01/2023", "to"},
		{"from=2023-02-01&to=2023-01-01", "to"},
		{"from=2020-01-01&to=2026-01-01", "to"}, // more than three years
		{"to=2026-10-31", "to"},                 // before the default from, 01/11/2026
		{"format=xml", "format"},
	} {
		status, body := e.api("leader", "GET", "/api/v1/schedule?"+tc.query, "")
		got := decode[errorJSON](t, body)
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

var tagRE = regexp.MustCompile(`<[^>]*>`)

// text is a page's text without tags, its spaces collapsed.
func text(html string) string {
	return strings.Join(strings.Fields(tagRE.ReplaceAllString(html, " ")), " ")
}

func TestSchedulePage(t *testing.T) {
	e := newScheduleEnv(t)
	b := e.browser("reporter").login()
	status, page, h := b.do("GET", "/lich-tiep?month=2023-01", nil)
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("%d: %.300s", status, page)
	}
	all := text(page)
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
	moved := text(sectionOf(t, page, "2023-01-27"))
	for _, want := range []string{"Thứ Sáu 27/01/2023: Không có kỳ tiếp được ghi nhận",
		"Ngày tiếp định kỳ rơi vào thứ Ba 24/01/2023 (Nghỉ Tết Nguyên đán) nên chuyển sang thứ Sáu 27/01/2023.",
		"Chủ trì theo lịch: Chủ tịch UBND (luân phiên)"} {
		if !strings.Contains(moved, want) {
			t.Errorf("27/01/2023 lacks %q: %s", want, moved)
		}
	}
	held := text(sectionOf(t, page, "2023-01-09"))
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
	_, page, _ = b.do("GET", "/lich-tiep", nil)
	all = text(page)
	for _, want := range []string{"Lịch tiếp công dân tháng 11/2026", "25 Hôm nay", "24 Không có kỳ tiếp được ghi nhận",
		"16 Tiếp đột xuất", "9 Đã tiếp"} {
		if !strings.Contains(all, want) {
			t.Errorf("November 2026 lacks %q:\n%s", want, all)
		}
	}

	status, page, _ = b.do("GET", "/lich-tiep?month=2023-13", nil)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "is not a month YYYY-MM") {
		t.Errorf("month 2023-13: %d %.300s", status, page)
	}

	status, ics, h := b.do("GET", "/lich-tiep.ics?from=2023-01-01&to=2023-01-31", nil)
	if status != http.StatusOK || h.Get("Content-Type") != "text/calendar; charset=utf-8" ||
		!strings.Contains(h.Get("Content-Disposition"), `filename="lich-tiep-2023-01-01-2023-01-31.ics"`) ||
		!strings.Contains(ics, "DTSTART;VALUE=DATE:20230127") {
		t.Errorf("the page's calendar: %d %v\n%s", status, h, ics)
	}
}

// What is expected on coming days links to the petition's page for the users
// who may read it; no one reads a citizen, the denouncer least.
func TestSchedulePageLinksAndSecrets(t *testing.T) {
	e := newScheduleEnv(t)
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
		b := e.browser(u).login()
		var pages string
		for _, month := range []string{"2026-11", "2026-12", "2027-01", "2023-01"} {
			status, page, _ := b.do("GET", "/lich-tiep?month="+month, nil)
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
		for _, secret := range scheduleServeSecrets {
			if strings.Contains(pages, secret) {
				t.Errorf("%s reads %q on the schedule", u, secret)
			}
		}
	}
	_, page, _ := e.browser("head").login().do("GET", "/lich-tiep?month=2026-12", nil)
	day := text(sectionOf(t, page, "2026-12-09"))
	if want := "Dự kiến: Hạn giải quyết đơn P-1 (khiếu nại): 21/12/2026, Phòng Tài nguyên và Môi trường giải quyết — xem đơn 30 ngày kể từ ngày thụ lý 20/11/2026"; !strings.Contains(day, want) {
		t.Errorf("09/12/2026: %s\nwant %s", day, want)
	}
}

// `tiepdan serve --reception FILE` serves the schedule of that plan, and the
// report page's text names its days; a bad plan stops it before it listens.
func TestServeReceptionPlan(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	run(t, servePassword+"\n", "--db", db, "user", "add", "leader", "--role", "leader")
	_, token, _ := run(t, "", "--db", db, "token", "create", "leader")
	token = strings.TrimSpace(token)
	plan := filepath.Join(t.TempDir(), "reception.json")
	os.WriteFile(plan, []byte(`{"version":1,"periods":[{"from":"2026-01-01","weekdays":["thursday"],"leaders":["Phó Chủ tịch Phạm Văn C"]}]}`), 0o644)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &syncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- mainWithClock(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0", "--reception", plan, "--insecure-cookies"},
			strings.NewReader(""), io.Discard, stderr, func() time.Time { return fixedNow })
	}()
	var addr string
	for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); {
		for _, line := range strings.Split(stderr.String(), "\n") {
			var l struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "serving" {
				addr = l.Addr
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if addr == "" {
		t.Fatalf("serve did not start: %s", stderr)
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/schedule?from=2026-12-01&to=2026-12-31", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s := decode[workflow.Schedule](t, string(body))
	// The Thursdays of December 2026: 3, 10, 17, 24 and 31.
	if len(s.Days) != 5 || s.Days[0].Date.String() != "2026-12-03" || s.Days[0].Reception.Leader != "Phó Chủ tịch Phạm Văn C" {
		t.Errorf("the schedule of the plan file: %s", body)
	}
	// The leader logs in to the pages: the report's text says when the
	// committee receives periodically, as the file says.
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page := func(method, path string, form url.Values) (int, string) {
		t.Helper()
		var resp *http.Response
		var err error
		if form == nil {
			resp, err = client.Get("http://" + addr + path)
		} else {
			resp, err = client.PostForm("http://"+addr+path, form)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	_, login := page("GET", "/login", nil)
	m := csrfInput.FindStringSubmatch(login)
	if m == nil {
		t.Fatalf("the login page has no csrf field: %.500s", login)
	}
	if status, body := page("POST", "/login", url.Values{"csrf": {m[1]}, "name": {"leader"}, "password": {servePassword}}); status != http.StatusSeeOther {
		t.Fatalf("login: %d %.500s", status, body)
	}
	if status, report := page("GET", "/reports?period=2026-Q4", nil); status != http.StatusOK ||
		!strings.Contains(report, "vào thứ Năm hàng tuần") || strings.Contains(report, "ngày 9 và 24") {
		t.Errorf("the report page does not follow the plan file: %d %q", status, regexp.MustCompile(`[^<>]*hàng (tháng|tuần)[^<>]*`).FindAllString(report, -1))
	}
	cancel()
	if code := <-exit; code != exitOK {
		t.Errorf("serve exited %d: %s", code, stderr)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"version":1,"periods":[{"from":"2026-01-01","weekdays":["sunday"],"leaders":["A"]}]}`), 0o644)
	code, _, errs := run(t, "", "--db", db, "serve", "--addr", "127.0.0.1:0", "--reception", bad)
	if code != exitUsage || !strings.Contains(errs, "periods[0].weekdays") {
		t.Errorf("serve with a bad plan: exit %d, %q", code, errs)
	}
}
