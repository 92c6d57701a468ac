package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/web"
	"github.com/tiepdan/tiepdan/workflow"
)

// The admin page's edits (issue 5): the units, the holiday table and the
// reception plan, as an administrator makes them and as every user then
// meets them — on the pages, in the API and on the command line.

// adminHistory has two complaints accepted on 05/10/2026 by tnmt: P-LATE
// resolved on 05/11/2026, the day after its 30 days end (04/11/2026), and
// P-OPEN still open.
const adminHistory = `{"op":"petition","ref":"P-LATE","received_at":"2026-10-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn Muộn"},"summary":"Khiếu nại quyết định thu hồi đất"}
{"op":"classify","petition":"P-LATE","at":"2026-10-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-LATE","at":"2026-10-03T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-LATE","at":"2026-10-05T08:00:00+07:00"}
{"op":"resolve","petition":"P-LATE","at":"2026-11-05T09:00:00+07:00","verdict":"incorrect","decision":"20/QĐ-UBND"}
{"op":"petition","ref":"P-OPEN","received_at":"2026-10-01T09:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Thị Chờ"},"summary":"Khiếu nại việc cấp giấy chứng nhận"}
{"op":"classify","petition":"P-OPEN","at":"2026-10-02T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-OPEN","at":"2026-10-03T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-OPEN","at":"2026-10-05T09:00:00+07:00"}
{"op":"petition","ref":"P-XA","received_at":"2026-10-01T10:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Văn Xã"},"summary":"Khiếu nại việc hỗ trợ tái định cư"}
{"op":"classify","petition":"P-XA","at":"2026-10-02T10:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-XA","at":"2026-10-03T10:00:00+07:00","to":"lower","unit":"xa1","method":"transfer"}
{"op":"accept","petition":"P-XA","at":"2026-10-05T10:00:00+07:00"}
`

// resolutionDue reads the resolution deadline a petition's page shows.
var resolutionDue = regexp.MustCompile(`Hạn giải quyết: (\d\d/\d\d/\d{4})`)

func pageDue(t *testing.T, b *webtest.Browser, ref string) string {
	t.Helper()
	status, page, _ := b.Do("GET", "/petitions/"+ref, nil)
	m := resolutionDue.FindStringSubmatch(page)
	if status != http.StatusOK || m == nil {
		t.Fatalf("the page of %s: %d, no resolution deadline: %.2000s", ref, status, page)
	}
	return m[1]
}

// invalidField reports whether the page marks the input named field.
func invalidField(page, field string) bool {
	return regexp.MustCompile(`name="` + field + `"[^>]*class="invalid"`).MatchString(page)
}

// TestPagesAdminHolidays: an admin adds a day off and every deadline moves
// with it — the petition's page, `tiepdan show`, the report's figures (not
// served from the cache of the older calendar) — while a bad form is refused
// in Vietnamese with what was typed, and others than an admin get 403.
func TestPagesAdminHolidays(t *testing.T) {
	ctx := context.Background()
	e := webtest.New(t, adminHistory)
	adm := e.Browser("admin").Login()
	status, page, _ := adm.Do("GET", "/admin?year=2026", nil)
	if status != http.StatusOK || !strings.Contains(page, `action="/admin/holidays"`) {
		t.Fatalf("the admin page's holiday form: %d %.500s", status, page)
	}
	csrf := webtest.CSRFInput.FindStringSubmatch(page)[1]
	form := func(from, to, kind, name, source string) url.Values {
		return url.Values{"csrf": {csrf}, "year": {"2026"}, "from": {from}, "to": {to}, "kind": {kind}, "name": {name}, "source": {source}}
	}

	// Before: 30 days from 05/10/2026 end on Wednesday 04/11/2026.
	if due := pageDue(t, adm, "P-OPEN"); due != "04/11/2026" {
		t.Fatalf("P-OPEN's deadline before the edit: %s", due)
	}
	if _, out, _ := run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "show", "P-OPEN"); !strings.Contains(out, "04/11/2026 — 30 ngày kể từ ngày thụ lý 05/10/2026") {
		t.Fatalf("show before the edit:\n%s", out)
	}
	report := func() string {
		return e.MustAPI(http.StatusOK, "reporter", "GET", "/api/v1/reports/section6?period=2026-Q4", "")
	}
	before := report()
	if !strings.Contains(before, `"late": 1`) {
		t.Fatalf("P-LATE is not late in the report before the edit:\n%s", before)
	}
	// A second instance of the server on the same database, as behind a
	// load balancer: it has read the calendar before the edit.
	other := otherInstance(t, e)
	if d := other("/api/v1/petitions/P-OPEN"); !strings.Contains(d, `"kind":"resolution","due":"2026-11-04"`) {
		t.Fatalf("the second instance before the edit:\n%s", d)
	}

	checkRefusals(t, adm, "POST", "/admin/holidays", []refusal{
		{"a date that does not exist", form("31/02/2026", "", "off", "Nghỉ lễ (thử)", "Thông báo số 1/TB (thử)"), "from",
			"Ngày «31/02/2026» không hợp lệ: nhập theo dạng ngày/tháng/năm", []string{`value="31/02/2026"`, `value="Nghỉ lễ (thử)"`, `value="Thông báo số 1/TB (thử)"`}},
		{"words for a date", form("mùng 4 tháng 11", "", "off", "Nghỉ lễ (thử)", "Thông báo (thử)"), "from",
			"không hợp lệ", []string{`value="mùng 4 tháng 11"`}},
		{"a range backwards", form("04/11/2026", "02/11/2026", "off", "Nghỉ lễ (thử)", "Thông báo (thử)"), "to",
			"Đến ngày phải từ ngày bắt đầu trở đi.", []string{`value="04/11/2026"`, `value="02/11/2026"`}},
		{"a range over two years", form("30/12/2026", "02/01/2027", "off", "Nghỉ Tết (thử)", "Thông báo (thử)"), "to",
			"phải trong cùng một năm", nil},
		{"no source", form("04/11/2026", "", "off", "Nghỉ lễ (thử)", ""), "source",
			"Chưa nhập căn cứ", []string{`value="Nghỉ lễ (thử)"`}},
		{"no name", form("04/11/2026", "", "off", "", "Thông báo (thử)"), "name", "Chưa nhập tên ngày", nil},
		{"a working Friday", form("06/11/2026", "", "working", "Làm bù (thử)", "Thông báo (thử)"), "from",
			"Ngày làm bù phải là thứ Bảy hoặc Chủ nhật: Thứ Sáu 06/11/2026 vốn là ngày làm việc.", []string{`value="working" selected`}},
		{"taking out an ordinary day", form("10/11/2026", "", "ordinary", "", ""), "from",
			"không có trong bảng ngày nghỉ: không có gì để bỏ", nil},
	})
	if edits, err := e.DB.CalendarEdits(ctx); err != nil || len(edits) != 0 {
		t.Fatalf("refused forms recorded edits: %v %v", edits, err)
	}

	// Others than an admin: 403, nothing recorded.
	for _, user := range []string{"rec", "leader", "reporter", "head"} {
		b := e.Browser(user).Login()
		f := form("04/11/2026", "", "off", "Nghỉ lễ (thử)", "Thông báo (thử)")
		f.Set("csrf", b.CSRF())
		if status, _, _ := b.Do("POST", "/admin/holidays", f); status != http.StatusForbidden {
			t.Errorf("%s adding a day off: %d, want 403", user, status)
		}
	}
	if edits, _ := e.DB.CalendarEdits(ctx); len(edits) != 0 {
		t.Fatalf("a non-admin recorded an edit: %v", edits)
	}

	// The admin makes Wednesday 04/11/2026 a day off.
	status, _, h := adm.Do("POST", "/admin/holidays", form("4/11/2026", "", "off", "Nghỉ lễ (thử)", "Thông báo số 1/TB (thử)"))
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/admin?year=2026&ok=") {
		t.Fatalf("add a day off: %d %q", status, h.Get("Location"))
	}
	_, page, _ = adm.Do("GET", h.Get("Location"), nil)
	for _, want := range []string{"Đã ghi ngày nghỉ 04/11/2026 (Nghỉ lễ (thử)).", "Các lần sửa bảng năm 2026 (1)",
		"Quản trị viên admin, 10:00 25/11/2026", "Thông báo số 1/TB (thử)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the admin page after the edit lacks %q", want)
		}
	}
	edits, err := e.DB.CalendarEdits(ctx)
	if err != nil || len(edits) != 1 || edits[0].RecordedBy != "admin" || !edits[0].RecordedAt.Equal(fixedNow) || edits[0].Kind != "off" {
		t.Fatalf("the edit recorded: %+v %v", edits, err)
	}

	// Every deadline moves to Thursday 05/11/2026.
	if due := pageDue(t, adm, "P-OPEN"); due != "05/11/2026" {
		t.Errorf("P-OPEN's deadline on its page after the edit: %s, want 05/11/2026", due)
	}
	if due := pageDue(t, e.Browser("head").Login(), "P-OPEN"); due != "05/11/2026" {
		t.Errorf("P-OPEN's deadline on the head's page after the edit: %s, want 05/11/2026", due)
	}
	if d := other("/api/v1/petitions/P-OPEN"); !strings.Contains(d, `"kind":"resolution","due":"2026-11-05"`) {
		t.Errorf("the second instance after the edit:\n%s", d)
	}
	_, out, _ := run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "show", "P-OPEN")
	if !strings.Contains(out, "05/11/2026 — 30 ngày kể từ ngày thụ lý 05/10/2026") || !strings.Contains(out, "Nghỉ lễ (thử)") {
		t.Errorf("show after the edit:\n%s", out)
	}
	after := report()
	if after == before || !strings.Contains(after, `"late": 0`) {
		t.Errorf("the report after the edit still counts P-LATE late (the cache served the older calendar?):\n%s", after)
	}
	_, cli, _ := run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "report", "section6", "--period", "2026-Q4", "--format", "json")
	if cli != after {
		t.Errorf("the command line's report differs from the API's after the edit:\n%s\n%s", cli, after)
	}
	_, cal, _ := run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "calendar", "--year", "2026")
	if !strings.Contains(cal, "Nghỉ lễ (thử)") || !strings.Contains(cal, "quản trị viên admin nhập ngày 25/11/2026") {
		t.Errorf("tiepdan calendar lacks the edit:\n%s", cal)
	}

	// Taken out again, the day is worked and the deadline is back.
	if status, _, _ := adm.Do("POST", "/admin/holidays", form("04/11/2026", "", "ordinary", "", "Nhập nhầm")); status != http.StatusSeeOther {
		t.Fatalf("take the day out: %d", status)
	}
	if due := pageDue(t, adm, "P-OPEN"); due != "04/11/2026" {
		t.Errorf("P-OPEN's deadline after the day was taken out: %s", due)
	}
	if edits, _ := e.DB.CalendarEdits(ctx); len(edits) != 2 {
		t.Errorf("the removal is not a second row: %d rows", len(edits))
	}
	if report() != before {
		t.Errorf("the report with the day taken out differs from the first")
	}
}

// otherInstance starts a second server on e's database and returns a GET of
// its API as the leader.
func otherInstance(t *testing.T, e *webtest.Env) func(path string) string {
	t.Helper()
	srv, err := web.New(web.Config{Store: e.DB, Accounts: e.DB, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(srv.Handler())
	t.Cleanup(ts.Close)
	return func(path string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+e.Tokens["leader"])
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s on the second instance: %d %s", path, resp.StatusCode, b)
		}
		return string(b)
	}
}

// TestPagesAdminReception: an admin changes the reception days from a date;
// the page, the API and `tiepdan schedule` follow, the days before keep the
// old plan, a --reception file still wins, and a plan edited meanwhile by
// another admin is not overwritten.
func TestPagesAdminReception(t *testing.T) {
	e := webtest.New(t, "")
	adm := e.Browser("admin").Login()
	status, page, _ := adm.Do("GET", "/admin", nil)
	if status != http.StatusOK || !strings.Contains(page, `action="/admin/reception"`) ||
		!strings.Contains(page, `name="days" value="9, 24"`) || !strings.Contains(page, `name="from" value="01/12/2026"`) {
		t.Fatalf("the admin page's reception form: %d %.500s", status, page)
	}
	csrf := webtest.CSRFInput.FindStringSubmatch(page)[1]
	form := func(from, days, move, leaders, version string, weekdays ...string) url.Values {
		return url.Values{"csrf": {csrf}, "from": {from}, "days": {days}, "move": {move}, "leaders": {leaders},
			"source": {"Quyết định số 15/QĐ-UBND (thử)"}, "version": {version}, "weekdays": weekdays}
	}
	const leaders = "Chủ tịch UBND xã\nPhó Chủ tịch UBND xã"
	checkRefusals(t, adm, "POST", "/admin/reception", []refusal{
		{"a day 32", form("01/12/2026", "10, 32", "next", leaders, "0"), "days",
			"Các ngày trong tháng là số từ 1 đến 31", []string{`value="10, 32"`, "Phó Chủ tịch UBND xã", `value="01/12/2026"`}},
		{"no day at all", form("01/12/2026", "", "next", leaders, "0"), "days", "Chọn ít nhất một ngày trong tháng hoặc một thứ trong tuần.", nil},
		{"no leader", form("01/12/2026", "10, 25", "next", " \n ", "0"), "leaders", "Nhập ít nhất một người chủ trì", []string{`value="10, 25"`}},
		{"a bad date", form("1/13/2026", "10, 25", "next", leaders, "0"), "from", "Ngày «1/13/2026» không hợp lệ", []string{`value="1/13/2026"`}},
		{"a bad rule", form("01/12/2026", "10, 25", "sometimes", leaders, "0"), "move", "Chọn cách tiếp khi trùng ngày nghỉ", nil},
	})
	rec := e.Browser("rec").Login()
	f := form("01/12/2026", "10, 25", "previous", leaders, "0")
	f.Set("csrf", rec.CSRF())
	if status, _, _ := rec.Do("POST", "/admin/reception", f); status != http.StatusForbidden {
		t.Errorf("reception changing the plan: %d, want 403", status)
	}

	scheduled := func(user, from, to string) string {
		return e.MustAPI(http.StatusOK, user, "GET", "/api/v1/schedule?from="+from+"&to="+to, "")
	}
	if s := scheduled("reporter", "2026-12-01", "2026-12-31"); !strings.Contains(s, `"scheduled": "2026-12-09"`) {
		t.Fatalf("the schedule before the change lacks the 9th:\n%.1000s", s)
	}

	status, _, h := adm.Do("POST", "/admin/reception", form("01/12/2026", "10; 25", "previous", leaders, "0"))
	if status != http.StatusSeeOther {
		t.Fatalf("change the plan: %d", status)
	}
	_, page, _ = adm.Do("GET", h.Get("Location"), nil)
	for _, want := range []string{"Đã lưu lịch tiếp định kỳ.",
		"Từ ngày 01/12/2026: ngày 10 và 25 hằng tháng; trùng ngày nghỉ thì chuyển lên ngày làm việc liền trước; chủ trì: Chủ tịch UBND xã, Phó Chủ tịch UBND xã",
		"Các lần sửa lịch tiếp (1)", "Quyết định số 15/QĐ-UBND (thử)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the admin page after the change lacks %q", want)
		}
	}
	plans, err := e.DB.ReceptionEdits(context.Background())
	if err != nil || len(plans) != 1 || plans[0].RecordedBy != "admin" || !plans[0].RecordedAt.Equal(fixedNow) {
		t.Fatalf("the plan recorded: %+v %v", plans, err)
	}

	dec := scheduled("head", "2026-12-01", "2026-12-31")
	if !strings.Contains(dec, `"scheduled": "2026-12-10"`) || !strings.Contains(dec, `"scheduled": "2026-12-25"`) ||
		strings.Contains(dec, `"scheduled": "2026-12-09"`) || !strings.Contains(dec, "Phó Chủ tịch UBND xã") {
		t.Errorf("the API's December after the change:\n%.2000s", dec)
	}
	if nov := scheduled("head", "2026-11-01", "2026-11-30"); !strings.Contains(nov, `"scheduled": "2026-11-24"`) {
		t.Errorf("November lost the old plan's 24th:\n%.1000s", nov)
	}
	if _, page, _ := rec.Do("GET", "/lich-tiep?month=2026-12", nil); !strings.Contains(page, "Phó Chủ tịch UBND xã") {
		t.Errorf("the schedule page of December does not follow the new plan")
	}
	_, out, _ := run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "schedule", "--from", "2026-12-01", "--to", "2026-12-31")
	if !strings.Contains(out, "10/12/2026") || strings.Contains(out, "09/12/2026") {
		t.Errorf("tiepdan schedule does not follow the recorded plan:\n%s", out)
	}
	// A plan file named on the command line wins over the recorded one.
	shipped := filepath.Join("..", "..", "workflow", "reception.json")
	_, out, _ = run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "schedule", "--from", "2026-12-01", "--to", "2026-12-31", "--reception", shipped)
	if !strings.Contains(out, "09/12/2026") || strings.Contains(out, "10/12/2026") {
		t.Errorf("tiepdan schedule --reception FILE does not follow the file:\n%s", out)
	}

	// A second admin who saw the plan before the change does not overwrite it.
	status, page, _ = adm.Do("POST", "/admin/reception", form("01/01/2027", "15", "next", "Chủ tịch UBND xã", "0"))
	if status != http.StatusConflict || !strings.Contains(page, "Lịch tiếp vừa được người khác sửa") || !strings.Contains(page, `value="15"`) {
		t.Errorf("a change made on an older plan: %d", status)
	}
	if plans, _ := e.DB.ReceptionEdits(context.Background()); len(plans) != 1 {
		t.Errorf("a change made on an older plan was recorded")
	}
}

// TestReportSaysTheReceptionDaysInForce: after an admin changes the reception
// days from 01/12/2026, the text of section II.6 (the report page, its
// workbook, the API's workbook, `tiepdan report`) names the days of the plan
// in force at the end of the report's period: the new days for a period
// ending after the change, the old ones for a period ending before it. A
// --reception file wins on the command line, as for `tiepdan schedule`.
func TestReportSaysTheReceptionDaysInForce(t *testing.T) {
	const (
		oldDays = "theo Quy chế vào các ngày 09 và 24 hàng tháng."
		newDays = "theo Quy chế vào các ngày 10 và 25 hàng tháng."
		before  = "period=2026-Q3"                // ends on 14/09/2026
		after   = "from=2026-11-15&to=2026-12-14" // ends on 14/12/2026
	)
	e := webtest.New(t, adminHistory)
	adm := e.Browser("admin").Login()
	rep := e.Browser("reporter").Login()
	pageText := func(query string) string {
		t.Helper()
		status, page, _ := rep.Do("GET", "/reports?"+query, nil)
		if status != http.StatusOK {
			t.Fatalf("the report page of %s: %d", query, status)
		}
		return page
	}
	workbookText := func(what string, status int, body []byte) string {
		t.Helper()
		if status != http.StatusOK {
			t.Fatalf("%s: %d %.300s", what, status, body)
		}
		var b strings.Builder
		for _, r := range webtest.XLSXRows(t, body)[report.TextSheet] {
			b.WriteString(strings.Join(r, " ") + "\n")
		}
		return b.String()
	}
	cli := func(args ...string) string {
		t.Helper()
		now := fixedNow
		if len(args) > 1 && args[1] == "2027-01-01" {
			// A period of 2027 is reported once it has begun: on 01/02/2027.
			now = time.Date(2027, 2, 1, 9, 0, 0, 0, cases.Zone)
		}
		var b, errb bytes.Buffer
		code := mainWithClock(context.Background(), append([]string{"--db", e.Path, "--secrets-key", e.KeyFile, "report", "section6"}, args...),
			strings.NewReader(""), &b, &errb, func() time.Time { return now })
		out, stderr := b.String(), errb.String()
		if code != exitOK {
			t.Fatalf("tiepdan report section6 %q: %d %s", args, code, stderr)
		}
		return out
	}
	if page := pageText(after); !strings.Contains(page, oldDays) {
		t.Fatalf("before any change the report page does not say the shipped days:\n%.3000s", page)
	}

	_, page, _ := adm.Do("GET", "/admin", nil)
	status, body, _ := adm.Do("POST", "/admin/reception", url.Values{"csrf": {webtest.CSRFInput.FindStringSubmatch(page)[1]},
		"from": {"01/12/2026"}, "days": {"10, 25"}, "move": {"next"}, "leaders": {"Chủ tịch UBND xã"},
		"source": {"Quyết định số 15/QĐ-UBND (thử)"}, "version": {"0"}})
	if status != http.StatusSeeOther {
		t.Fatalf("change the plan: %d %.2000s", status, body)
	}

	for _, c := range []struct {
		query, want, not string
	}{{after, newDays, oldDays}, {before, oldDays, newDays}} {
		if page := pageText(c.query); !strings.Contains(page, c.want) || strings.Contains(page, c.not) {
			t.Errorf("the report page of %s does not say %q", c.query, c.want)
		}
		status, body, _ := rep.Do("GET", "/reports/section6.xlsx?"+c.query, nil)
		if text := workbookText("the page's workbook of "+c.query, status, []byte(body)); !strings.Contains(text, c.want) || strings.Contains(text, c.not) {
			t.Errorf("the page's workbook of %s does not say %q:\n%s", c.query, c.want, text)
		}
		code, _, b := e.GetFile("reporter", "/api/v1/reports/section6?format=xlsx&"+c.query)
		if text := workbookText("the API's workbook of "+c.query, code, b); !strings.Contains(text, c.want) || strings.Contains(text, c.not) {
			t.Errorf("the API's workbook of %s does not say %q:\n%s", c.query, c.want, text)
		}
	}

	// The command line reads the plan recorded in the database.
	if out := cli("--from", "2026-11-15", "--to", "2026-12-14"); !strings.Contains(out, newDays) || strings.Contains(out, oldDays) {
		t.Errorf("tiepdan report of a period ending after the change:\n%s", out)
	}
	if out := cli("--period", "2026-Q3"); !strings.Contains(out, oldDays) || strings.Contains(out, newDays) {
		t.Errorf("tiepdan report of a period ending before the change:\n%s", out)
	}
	// A --reception file wins over the recorded plan: the shipped one says
	// the 9th and 24th whenever the period ends; an office's own file is
	// read at the end of the period, weekdays said as weekdays.
	shipped := filepath.Join("..", "..", "workflow", "reception.json")
	if out := cli("--from", "2026-11-15", "--to", "2026-12-14", "--reception", shipped); !strings.Contains(out, oldDays) {
		t.Errorf("tiepdan report --reception with the shipped plan:\n%s", out)
	}
	own := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(own, []byte(`{"version":1,"periods":[
		{"from":"2014-07-01","days_of_month":[9,24],"leaders":["Chủ tịch UBND"]},
		{"from":"2026-10-01","days_of_month":[5,20],"leaders":["Chủ tịch UBND xã"]},
		{"from":"2027-01-01","weekdays":["monday","thursday"],"leaders":["Chủ tịch UBND xã"]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--period", "2026-Q3"}, oldDays},
		{[]string{"--period", "2026-Q4"}, "theo Quy chế vào các ngày 05 và 20 hàng tháng."},
		{[]string{"--from", "2027-01-01", "--to", "2027-01-31"}, "theo Quy chế vào thứ Hai và thứ Năm hàng tuần."},
	} {
		if out := cli(append(c.args, "--reception", own)...); !strings.Contains(out, c.want) {
			t.Errorf("tiepdan report %q --reception FILE lacks %q:\n%s", c.args, c.want, out)
		}
	}
	// The workbook on the command line says the same as the text.
	out := filepath.Join(t.TempDir(), "b.xlsx")
	cli("--from", "2026-11-15", "--to", "2026-12-14", "--format", "xlsx", "--output", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if text := workbookText("tiepdan report --format xlsx", http.StatusOK, b); !strings.Contains(text, newDays) {
		t.Errorf("tiepdan report --format xlsx does not say the new days:\n%s", text)
	}
	// A plan file that cannot be read is refused as bad input.
	if code, _, stderr := run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "report", "section6", "--period", "2026-Q4", "--reception", filepath.Join(t.TempDir(), "none.json")); code != exitUsage || !strings.Contains(stderr, "reception plan") {
		t.Errorf("a missing plan file: %d %s", code, stderr)
	}
}

// TestPagesAdminUnits: an admin records units through the command path;
// a unit renamed after the 2025 reform is a new unit that replaces the old
// one; the history says who recorded what; the report's text names the new
// units and the committee's new name, and keeps the old ones for the cases
// routed to them; the forms offer only the units in force.
func TestPagesAdminUnits(t *testing.T) {
	ctx := context.Background()
	e := webtest.New(t, adminHistory)
	adm := e.Browser("admin").Login()
	status, page, _ := adm.Do("GET", "/admin", nil)
	if status != http.StatusOK || !strings.Contains(page, `action="/admin/units"`) {
		t.Fatalf("the admin page's unit form: %d", status)
	}
	csrf := webtest.CSRFInput.FindStringSubmatch(page)[1]
	form := func(ref, name, kind, parent string, extra ...string) url.Values {
		v := url.Values{"csrf": {csrf}, "ref": {ref}, "name": {name}, "kind": {kind}, "parent": {parent}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Add(extra[i], extra[i+1])
		}
		return v
	}
	checkRefusals(t, adm, "POST", "/admin/units", []refusal{
		{"a ref with a space", form("xa 3", "UBND xã Phước Sơn", "lower", "own"), "ref",
			"Mã đơn vị không được có dấu cách", []string{`value="xa 3"`, `value="UBND xã Phước Sơn"`}},
		{"no name", form("xa3", "", "lower", "own"), "name", "Chưa nhập tên đơn vị.", []string{`value="xa3"`}},
		{"a ref taken by another unit", form("xa1", "UBND xã Phước Hòa (sửa)", "lower", "own"), "ref",
			"Mã xa1 đã dùng cho một đơn vị khác", []string{`value="UBND xã Phước Hòa (sửa)"`}},
		{"a department under a department", form("tp", "Phòng Tư pháp", "department", "tnmt"), "parent",
			"Phòng, ban trực thuộc chính cơ quan", []string{`value="Phòng Tư pháp"`}},
		{"a commune replacing a department", form("xa3", "UBND xã Phước Sơn", "lower", "own", "replaces", "tnmt"), "replaces",
			"Chỉ thay thế được đơn vị cùng loại", []string{`value="xa3"`}},
		{"a lower label on a department", form("tp", "Phòng Tư pháp", "department", "own", "lower_label", "các xã"), "lower_label",
			"chỉ ghi cho chính cơ quan", []string{`value="các xã"`}},
	})
	rec := e.Browser("rec").Login()
	f := form("xa9", "UBND xã Chín", "lower", "own")
	f.Set("csrf", rec.CSRF())
	if status, _, _ := rec.Do("POST", "/admin/units", f); status != http.StatusForbidden {
		t.Errorf("reception recording a unit: %d, want 403", status)
	}

	// "Đổi tên, thay thế" opens the form filled for the successor.
	_, page, _ = adm.Do("GET", "/admin?replace=xa1", nil)
	for _, want := range []string{`name="ref" value="xa1-2026"`, `name="name" value="UBND xã Phước Hòa"`, `value="xa1" checked`} {
		if !strings.Contains(page, want) {
			t.Errorf("the replacing form lacks %s", want)
		}
	}
	// After the reform: the commune renamed, in a remote area; the
	// committee renamed.
	for _, f := range []url.Values{
		form("xa1-2026", "UBND xã Tuy Phước Đông", "lower", "own", "remote", "1", "replaces", "xa1"),
		form("own-2026", "UBND xã Tuy Phước", "own", "", "lower_label", "UBND các thôn", "replaces", "own"),
	} {
		if status, body, h := adm.Do("POST", "/admin/units", f); status != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "ok=") {
			t.Fatalf("record %s: %d %.2000s", f.Get("ref"), status, body)
		}
	}
	// The same form sent twice changes nothing.
	if status, _, h := adm.Do("POST", "/admin/units", form("xa1-2026", "UBND xã Tuy Phước Đông", "lower", "own", "remote", "1", "replaces", "xa1")); status != http.StatusSeeOther {
		t.Errorf("the same unit again: %d", status)
	} else if loc, _ := url.QueryUnescape(h.Get("Location")); !strings.Contains(loc, "không có gì thay đổi") {
		t.Errorf("the same unit again says %q", loc)
	}

	recs, err := e.DB.UnitRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range recs {
		if r.Ref == "xa1-2026" {
			found = true
			if r.RecordedBy != "admin" || !r.RecordedAt.Equal(fixedNow) || len(r.Replaces) != 1 || r.Replaces[0] != "xa1" || !r.Remote {
				t.Errorf("the history's record of xa1-2026: %+v", r)
			}
		}
	}
	if !found {
		t.Fatalf("xa1-2026 is not in the history")
	}
	_, page, _ = adm.Do("GET", "/admin", nil)
	for _, want := range []string{"Đơn vị đã được thay thế hoặc hết hiệu lực (2)", "UBND xã Tuy Phước Đông (xa1-2026)", "thay cho: UBND xã Phước Hòa (xa1)",
		"10:00 25/11/2026 bởi admin"} {
		if !strings.Contains(page, want) {
			t.Errorf("the admin page lacks %q", want)
		}
	}
	// The API lists both communes, the new one replacing the old one,
	// which is no longer in force.
	var api struct {
		Units []struct {
			Ref      string   `json:"ref"`
			Replaces []string `json:"replaces"`
			InForce  bool     `json:"in_force"`
		} `json:"units"`
	}
	if err := json.Unmarshal([]byte(e.MustAPI(http.StatusOK, "rec", "GET", "/api/v1/units", "")), &api); err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	for _, u := range api.Units {
		listed[u.Ref] = fmt.Sprintf("%v %v", u.Replaces, u.InForce)
	}
	for ref, want := range map[string]string{"xa1-2026": "[xa1] true", "xa1": "[] false", "own-2026": "[own] true",
		"own": "[] false", "tnmt": "[] true"} {
		if listed[ref] != want {
			t.Errorf("GET /api/v1/units: %s is %q, want %q", ref, listed[ref], want)
		}
	}
	// The desk offers the new commune, not the old one.
	_, desk, _ := rec.Do("GET", "/desk", nil)
	if !strings.Contains(desk, `value="xa1-2026"`) || strings.Contains(desk, `value="xa1"`) {
		t.Errorf("the desk's units after the rename")
	}

	// A new case goes to the renamed commune, in a remote area: 45 days.
	for _, line := range []string{
		`{"op":"petition","ref":"P-MOI","received_at":"2026-11-20T08:00:00+07:00","channel":"reception","petitioner":{"name":"Phan Văn Mới"},"summary":"Khiếu nại việc bồi thường"}`,
		`{"op":"classify","petition":"P-MOI","at":"2026-11-20T09:00:00+07:00","type":"complaint","field":"land","eligible":true}`,
		`{"op":"route","petition":"P-MOI","at":"2026-11-21T09:00:00+07:00","to":"lower","unit":"xa1-2026","method":"transfer"}`,
	} {
		e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands", line)
	}
	e.MustAPI(http.StatusCreated, "leader", "POST", "/api/v1/commands", `{"op":"accept","petition":"P-MOI","at":"2026-11-23T09:00:00+07:00"}`)
	// 45 days from Monday 23/11/2026 end on Thursday 07/01/2027; the
	// case routed to the old commune keeps its 30 days.
	if due := pageDue(t, adm, "P-MOI"); due != "07/01/2027" {
		t.Errorf("P-MOI's deadline at the remote commune: %s, want 07/01/2027", due)
	}
	if due := pageDue(t, adm, "P-XA"); due != "04/11/2026" {
		t.Errorf("P-XA's deadline at the old commune: %s, want 04/11/2026", due)
	}

	// The report names the committee by its new name, and each commune by
	// the name of the unit its cases went to.
	_, text, stderr := run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "report", "section6", "--period", "2026-Q4")
	for _, want := range []string{"UBND xã thực hiện việc tiếp công dân", "UBND xã Phước Hòa", "UBND xã Tuy Phước Đông"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report's text lacks %q:\n%s%s", want, text, stderr)
		}
	}
	if strings.Contains(text, "UBND huyện") {
		t.Errorf("the report's text still names the district:\n%s", text)
	}
	if _, page, _ := adm.Do("GET", "/reports?period=2026-Q4", nil); !strings.Contains(page, "UBND xã Tuy Phước Đông") {
		t.Errorf("the report page does not name the renamed commune")
	}
	// And verify replays the history with the new units.
	if code, out, stderr := run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "verify"); code != exitOK {
		t.Errorf("verify: %d %s %s", code, out, stderr)
	}
}

// refusal is a form an admin page must refuse: 422 with msg on the page,
// the field marked (but "replaces", a list of checkboxes), and each of keep,
// what was typed, still in the form.
type refusal struct {
	name  string
	form  url.Values
	field string
	msg   string
	keep  []string
}

func checkRefusals(t *testing.T, b *webtest.Browser, method, path string, refusals []refusal) {
	t.Helper()
	for _, c := range refusals {
		status, page, _ := b.Do(method, path, c.form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(page, c.msg) {
			t.Errorf("%s: %d, want 422 and %q", c.name, status, c.msg)
		}
		if c.field != "replaces" && !invalidField(page, c.field) {
			t.Errorf("%s: the field %s is not marked", c.name, c.field)
		}
		for _, want := range c.keep {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the form lost %s", c.name, want)
			}
		}
	}
}

// A report printed again as of an instant counts its deadlines with the
// holiday table as it stood then: a day off recorded later changes the
// report of now, not the reprint — through the API and the command line.
func TestReportAsOfKeepsTheHolidaysOfThen(t *testing.T) {
	ctx := context.Background()
	e := webtest.New(t, adminHistory)
	sent := fixedNow.Format(time.RFC3339)
	api := func(query string) string {
		return e.MustAPI(http.StatusOK, "reporter", "GET", "/api/v1/reports/section6?period=2026-Q4"+query, "")
	}
	cli := func(args ...string) string {
		code, out, stderr := run(t, "", append([]string{"--db", e.Path, "--secrets-key", e.KeyFile, "report", "section6", "--period", "2026-Q4", "--format", "json"}, args...)...)
		if code != exitOK {
			t.Fatalf("report %v: %d %s", args, code, stderr)
		}
		return out
	}
	before := api("&as_of=" + url.QueryEscape(sent))
	if !strings.Contains(before, `"late": 1`) {
		t.Fatalf("P-LATE is not late in the report as sent:\n%s", before)
	}
	// An hour after the report was sent, 04/11/2026 is made a day off.
	_, err := e.DB.AddCalendarEdits(ctx, []cases.CalendarEdit{{Date: cases.Date(20761), Kind: workflow.EditDayOff,
		Name: "Nghỉ lễ (thử)", Source: "Thông báo (thử)", RecordedAt: fixedNow.Add(time.Hour), RecordedBy: "admin"}})
	if err != nil {
		t.Fatal(err)
	}
	if now := api(""); !strings.Contains(now, `"late": 0`) {
		t.Errorf("the report of now does not count the day off:\n%s", now)
	}
	if again := api("&as_of=" + url.QueryEscape(sent)); again != before {
		t.Errorf("the report printed again as of %s changed:\n%s\nwas:\n%s", sent, again, before)
	}
	if again := cli("--as-of", sent); again != before {
		t.Errorf("the command line's reprint as of %s differs from the API's:\n%s\n%s", sent, again, before)
	}
	if now := cli(); !strings.Contains(now, `"late": 0`) {
		t.Errorf("the command line's report of now does not count the day off:\n%s", now)
	}
}

// A report printed again as of an instant names the days of periodic
// reception of the plan recorded by then.
func TestReportAsOfKeepsTheReceptionDaysOfThen(t *testing.T) {
	ctx := context.Background()
	e := webtest.New(t, adminHistory)
	sent := fixedNow.Format(time.RFC3339)
	text := func(args ...string) string {
		code, out, stderr := run(t, "", append([]string{"--db", e.Path, "--secrets-key", e.KeyFile, "report", "section6", "--from", "2026-11-15", "--to", "2026-12-14"}, args...)...)
		if code != exitOK {
			t.Fatalf("report %v: %d %s", args, code, stderr)
		}
		return out
	}
	const oldDays, newDays = "vào các ngày 09 và 24 hàng tháng", "vào các ngày 10 và 25 hàng tháng"
	// An hour after the report was sent, periodic reception moves to the
	// 10th and 25th from 01/12/2026.
	plan := `{"version":1,"periods":[{"from":"2014-07-01","days_of_month":[9,24],"move":"next","leaders":["Chủ tịch UBND"]},
		{"from":"2026-12-01","days_of_month":[10,25],"move":"next","leaders":["Chủ tịch UBND"]}]}`
	if _, err := workflow.LoadReception(strings.NewReader(plan)); err != nil {
		t.Fatal(err)
	}
	_, err := e.DB.AddReceptionPlan(ctx, cases.ReceptionEdit{Plan: plan, Note: "từ 01/12/2026: ngày 10 và 25",
		RecordedAt: fixedNow.Add(time.Hour), RecordedBy: "admin"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if now := text(); !strings.Contains(now, newDays) {
		t.Errorf("the report of now does not say the new days:\n%s", now)
	}
	if again := text("--as-of", sent); !strings.Contains(again, oldDays) || strings.Contains(again, newDays) {
		t.Errorf("the report printed again as of %s does not say the days of then:\n%s", sent, again)
	}
}
