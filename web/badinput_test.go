package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
)

// lastSeq is the last event recorded: unchanged by a refused input.
func lastSeq(t *testing.T, e *webtest.Env) int64 {
	t.Helper()
	n, err := e.DB.LastSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The API refuses text that is not clean and dates outside the window with
// a 422 that names the field, in English and Vietnamese, and writes
// nothing; what encoding/json would have turned into U+FFFD is caught on
// the raw body.
func TestAPIRefusesBadText(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	before := lastSeq(t, e)
	petition := `{"op":"petition","ref":"P-NEW","received_at":"2026-11-20T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn A"},"summary":"Khiếu nại"}`
	for _, tc := range []struct{ name, body, field string }{
		{"invalid UTF-8", strings.Replace(petition, "Nguyễn", "Nguy\xe9n", 1), "petitioner.name"},
		{"NUL in a ref", strings.Replace(petition, `"P-NEW"`, `"P-NEW\u0000"`, 1), "ref"},
		{"received in year 1", strings.Replace(petition, "2026-11-20T08", "0001-01-01T08", 1), "received_at"},
		{"received in 1900", strings.Replace(petition, "2026-11-20T08", "1900-01-01T08", 1), "received_at"},
		{"follow-up in 9999", `{"op":"visit","ref":"V-NEW","at":"2026-11-20T09:00:00+07:00","kind":"regular","petition":"P-VIS","people":1,"follow_up_on":"9999-12-31"}`, "follow_up_on"},
		{"a session in 2999", `{"op":"session","ref":"S-2999","kind":"adhoc","date":"2999-01-05","presided_by":"Chủ tịch"}`, "date"},
	} {
		status, body := e.API("admin", "POST", "/api/v1/commands", tc.body)
		got := webtest.Decode[webtest.ErrorJSON](t, body)
		if status != http.StatusUnprocessableEntity || got.Error.Field != tc.field || got.Error.MessageVI == "" {
			t.Errorf("%s: %d %s, want 422 naming %s with message_vi", tc.name, status, body, tc.field)
		}
	}
	if after := lastSeq(t, e); after != before {
		t.Errorf("refused commands wrote events %d..%d", before+1, after)
	}
}

// A report of a period outside the window is refused on the page, in the
// JSON and XLSX downloads and in the API, with a message and not a 500.
func TestReportPeriodOutsideTheWindow(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	for _, q := range []string{"period=0001", "period=2999-Q1", "from=1900-01-01&to=1900-12-31"} {
		status, body := e.API("leader", "GET", "/api/v1/reports/section6?"+q, "")
		got := webtest.Decode[webtest.ErrorJSON](t, body)
		if status != http.StatusUnprocessableEntity || !strings.Contains(got.Error.MessageVI, "01/01/1945") ||
			strings.Contains(body, `"from"`) {
			t.Errorf("API %s: %d %s", q, status, body)
		}
		status, _, xlsx := e.GetFile("leader", "/api/v1/reports/section6?format=xlsx&"+q)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("API XLSX %s: %d %.200s", q, status, xlsx)
		}
	}
	b := e.Browser("leader").Login()
	status, page, _ := b.Do("GET", "/reports?period=0001", nil)
	if status != http.StatusUnprocessableEntity || !strings.Contains(webtest.Text(page), "nằm ngoài khoảng ngày được nhận") {
		t.Errorf("/reports?period=0001: %d %.500s", status, webtest.Text(page))
	}
	for _, path := range []string{"/reports/section6.xlsx?period=0001", "/reports/section6.json?period=0001"} {
		if status, page, _ := b.Do("GET", path, nil); status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %.300s", path, status, page)
		}
	}
	// Inside the window all is as before.
	e.MustAPI(http.StatusOK, "leader", "GET", "/api/v1/reports/section6?period=2026", "")
}

// The schedule is bounded: years outside the window are refused at once,
// for every role, on the API and the page.
func TestScheduleOutsideTheWindow(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	for _, q := range []string{"from=9999-01-01&to=9999-12-31", "from=1900-01-01&to=1900-03-01"} {
		status, body := e.API("reporter", "GET", "/api/v1/schedule?"+q, "")
		if got := webtest.Decode[webtest.ErrorJSON](t, body); status != http.StatusUnprocessableEntity || got.Error.MessageVI == "" {
			t.Errorf("schedule %s: %d %s", q, status, body)
		}
	}
	b := e.Browser("reporter").Login()
	if status, page, _ := b.Do("GET", "/lich-tiep.ics?from=9999-01-01&to=9999-12-31", nil); status != http.StatusUnprocessableEntity {
		t.Errorf("the ICS of 9999: %d %.300s", status, page)
	}
	e.MustAPI(http.StatusOK, "reporter", "GET", "/api/v1/schedule?from=2026-11-01&to=2026-12-31", "")
}

// A form over the limit is answered 413 with a Vietnamese page, not taken
// for an expired form; an API body over its limit 413 with message_vi.
// Nothing is written.
func TestOversizedBodies(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	before := lastSeq(t, e)
	b := e.Browser("admin").Login()
	csrf := b.CSRF()
	form := url.Values{"csrf": {csrf}, "op": {"reject"}, "at": {"2026-11-20T09:00"}, "reason": {strings.Repeat("x", 300<<10)}}
	status, page, _ := b.Do("POST", "/petitions/P-REJ/events", form)
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(webtest.Text(page), "Dữ liệu gửi lên quá lớn") {
		t.Errorf("a 300 KB form: %d %.400s", status, webtest.Text(page))
	}
	big := fmt.Sprintf(`{"op":"reject","petition":"P-REJ","at":"2026-11-20T09:00:00+07:00","reason":%q}`, strings.Repeat("x", 300<<10))
	status, body := e.API("admin", "POST", "/api/v1/commands", big)
	if got := webtest.Decode[webtest.ErrorJSON](t, body); status != http.StatusRequestEntityTooLarge ||
		got.Error.Code != "too_large" || !strings.Contains(got.Error.MessageVI, "quá lớn") {
		t.Errorf("a 300 KB body: %d %s", status, body)
	}
	if after := lastSeq(t, e); after != before {
		t.Errorf("oversized bodies wrote events %d..%d", before+1, after)
	}
	// A form of ordinary size with a control character in its reason is a
	// refusal beside the form.
	form.Set("reason", "Đã giải quyết\x00")
	status, page, _ = b.Do("POST", "/petitions/P-REJ/events", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(webtest.Text(page), "ký tự điều khiển") {
		t.Errorf("a NUL in a reason: %d %.400s", status, webtest.Text(page))
	}
	if after := lastSeq(t, e); after != before {
		t.Errorf("a refused form wrote events %d..%d", before+1, after)
	}
}

// back= leads only to a path of this site: whatever a browser would read as
// another host falls back to the petition's page.
func TestBackStaysOnTheSite(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	b := e.Browser("admin").Login()
	csrf := b.CSRF()
	for i, tc := range []struct{ back, want string }{
		{"/\t/evil.example/", "/petitions/P-ACC"},
		{"/\\evil.example", "/petitions/P-ACC"},
		{"//evil.example", "/petitions/P-ACC"},
		{"/%09/evil.example/", "/petitions/P-ACC"},
		{"/%2F%2Fevil.example", "/petitions/P-ACC"},
		{"/%5Cevil.example", "/petitions/P-ACC"},
		{"https://evil.example/", "/petitions/P-ACC"},
		{"/inbox?q=Nguy%E1%BB%85n%20A", "/inbox"},
	} {
		ref := []string{"P-ACC", "P-REJ", "P-DLG", "P-EXT", "P-SUS", "P-SLV", "P-VIS", "P-TRM"}[i]
		want := strings.Replace(tc.want, "P-ACC", ref, 1)
		status, page, h := b.Do("POST", "/petitions/"+ref+"/events", url.Values{"csrf": {csrf}, "op": {"terminate"},
			"at": {"2026-11-20T09:00"}, "reason": {"withdrawn"}, "back": {tc.back}})
		loc, _ := url.Parse(h.Get("Location"))
		if status != http.StatusSeeOther || loc == nil || loc.Path != want || loc.Host != "" {
			t.Errorf("back=%q: %d to %q, want %s (%.200s)", tc.back, status, h.Get("Location"), want, webtest.Text(page))
		}
	}
}

// /static/ serves its files and lists no folder.
func TestStaticListsNoFolder(t *testing.T) {
	e := webtest.New(t, "")
	b := e.Browser("admin")
	for _, path := range []string{"/static/", "/static", "/static/.", "/static/../static/"} {
		// /static is sent on to /static/ first.
		if status, page, _ := b.Do("GET", path, nil); status == http.StatusOK || strings.Contains(page, "<pre>") {
			t.Errorf("%s: %d %.200s", path, status, page)
		}
	}
	_, page, _ := b.Do("GET", "/login", nil)
	i := strings.Index(page, "/static/")
	if i < 0 {
		t.Fatal("the login page links no static file")
	}
	file := page[i : i+strings.IndexAny(page[i:], `"?`)]
	if status, _, _ := b.Do("GET", file, nil); status != http.StatusOK {
		t.Errorf("%s: %d", file, status)
	}
}
