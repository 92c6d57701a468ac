package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// secondHistory has three petitions accepted at tnmt: a complaint of the
// first instance, one of the second, and a denunciation.
const secondHistory = `{"op":"petition","ref":"P-K1","received_at":"2026-10-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Văn Một"},"summary":"Khiếu nại quyết định thu hồi đất"}
{"op":"classify","petition":"P-K1","at":"2026-10-01T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-K1","at":"2026-10-02T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-K1","at":"2026-10-05T08:00:00+07:00"}
{"op":"petition","ref":"P-K2","received_at":"2026-10-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Văn Hai"},"summary":"Khiếu nại quyết định giải quyết lần đầu"}
{"op":"classify","petition":"P-K2","at":"2026-10-01T09:00:00+07:00","type":"complaint","field":"land","eligible":true,"instance":2}
{"op":"route","petition":"P-K2","at":"2026-10-02T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-K2","at":"2026-10-05T08:00:00+07:00"}
{"op":"petition","ref":"P-T1","received_at":"2026-10-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Thị Tố"},"summary":"Tố cáo cán bộ"}
{"op":"classify","petition":"P-T1","at":"2026-10-01T09:00:00+07:00","type":"denunciation","field":"civil_service","eligible":true}
{"op":"route","petition":"P-T1","at":"2026-10-02T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-T1","at":"2026-10-05T08:00:00+07:00"}
`

// A second-instance complaint's resolution records its outcome, through
// the API and the petition page, which shows it in Vietnamese; on a
// first-instance complaint or a denunciation, or with a value that is not
// one, it is refused with message and message_vi, and nothing is written.
func TestSecondInstanceOutcome(t *testing.T) {
	ctx := context.Background()
	e := webtest.New(t, secondHistory)
	resolve := func(ref, outcome string) string {
		return `{"op":"resolve","petition":"` + ref + `","at":"2026-11-20T08:00:00+07:00","verdict":"incorrect","outcome":"` + outcome + `"}`
	}
	for _, tc := range []struct {
		name, body, msg, vi string
	}{
		{"first-instance complaint", resolve("P-K1", "upheld"), "petition P-K1 is a first-instance complaint",
			"Đơn P-K1 là đơn khiếu nại lần đầu: chỉ khi giải quyết khiếu nại lần hai mới ghi kết quả công nhận, hủy bỏ hoặc sửa đổi quyết định giải quyết lần đầu."},
		{"denunciation", resolve("P-T1", "annulled"), "petition P-T1 is a denunciation", "Đơn P-T1 là đơn tố cáo"},
		{"bad value", resolve("P-K2", "confirmed"), `must be upheld, annulled or amended, not "confirmed"`, ""},
	} {
		ref := strings.Split(strings.Split(tc.body, `"petition":"`)[1], `"`)[0]
		before, _ := e.DB.History(ctx, ref)
		status, body := e.API("head", "POST", "/api/v1/commands", tc.body)
		got := webtest.Decode[webtest.ErrorJSON](t, body)
		if status != http.StatusUnprocessableEntity || got.Error.Code != "invalid" || got.Error.Field != "outcome" ||
			!strings.Contains(got.Error.Message, tc.msg) || !strings.Contains(got.Error.MessageVI, tc.vi) {
			t.Errorf("%s: %d %s", tc.name, status, body)
		}
		if after, _ := e.DB.History(ctx, ref); len(after) != len(before) {
			t.Errorf("%s: the refusal wrote %d events", tc.name, len(after)-len(before))
		}
	}

	// The page's refusal is in Vietnamese; P-K1's resolve form does not
	// ask for an outcome, P-K2's does.
	b := e.Browser("head").Login()
	form := url.Values{"op": {"resolve"}, "at": {"2026-11-20T08:00"}, "verdict": {"incorrect"}, "outcome": {"upheld"}, "csrf": {b.CSRF()}}
	status, page, _ := b.Do("POST", "/petitions/P-K1/events", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(webtest.Text(page), "Đơn P-K1 là đơn khiếu nại lần đầu") {
		t.Errorf("the page's resolve of P-K1 with an outcome: %d %s", status, webtest.Text(page))
	}
	_, page, _ = b.Do("GET", "/petitions/P-K1", nil)
	if strings.Contains(page, `name="outcome"`) {
		t.Errorf("a first-instance complaint's resolve form asks for an outcome")
	}
	_, page, _ = b.Do("GET", "/petitions/P-K2", nil)
	for _, want := range []string{`name="outcome"`, "Công nhận quyết định giải quyết lần đầu", "Hủy bỏ quyết định giải quyết lần đầu", "Sửa đổi quyết định giải quyết lần đầu"} {
		if !strings.Contains(page, want) {
			t.Errorf("P-K2's resolve form lacks %q", want)
		}
	}
	form.Set("outcome", "annulled")
	if status, page, _ = b.Do("POST", "/petitions/P-K2/events", form); status != http.StatusSeeOther {
		t.Fatalf("the page's resolve of P-K2: %d %s", status, webtest.Text(page))
	}
	_, page, _ = b.Do("GET", "/petitions/P-K2", nil)
	if text := webtest.Text(page); !strings.Contains(text, "Giải quyết lần hai Hủy bỏ quyết định giải quyết lần đầu") ||
		!strings.Contains(text, "hủy bỏ quyết định giải quyết lần đầu") {
		t.Errorf("P-K2's page does not show its outcome:\n%s", text)
	}

	// The API's petition carries outcome; the figures count it.
	var d struct {
		Petition map[string]any `json:"petition"`
	}
	if err := json.Unmarshal([]byte(e.MustAPI(http.StatusOK, "head", "GET", "/api/v1/petitions/P-K2", "")), &d); err != nil || d.Petition["outcome"] != "annulled" {
		t.Errorf("P-K2's outcome in the API: %v (%v)", d.Petition["outcome"], err)
	}
	var f struct {
		Resolution struct {
			Complaint struct {
				Own struct {
					SecondInstance map[string]int `json:"second_instance"`
				} `json:"own"`
			} `json:"complaint"`
		} `json:"resolution"`
	}
	if err := json.Unmarshal([]byte(e.MustAPI(http.StatusOK, "reporter", "GET", "/api/v1/reports/section6?period=2026-Q4", "")), &f); err != nil {
		t.Fatal(err)
	}
	if s := f.Resolution.Complaint.Own.SecondInstance; s["resolved"] != 1 || s["annulled"] != 1 || s["upheld"] != 0 || len(s) != 4 {
		t.Errorf("resolution.complaint.own.second_instance = %v", s)
	}
}

// The desk opens a session held online and records a visit online; the
// desk, the receipt and the figures say so.
func TestDeskOnline(t *testing.T) {
	ctx := context.Background()
	e := webtest.New(t, "")
	rec := e.Browser("rec").Login()
	csrf := rec.CSRF()
	status, _, _ := rec.Do("POST", "/desk/sessions", url.Values{"csrf": {csrf}, "ref": {"KT-ON"}, "kind": {"adhoc"},
		"presided_by": {"Chủ tịch UBND xã"}, "online": {"1"}})
	if status != http.StatusSeeOther {
		t.Fatalf("open an online session: %d", status)
	}
	day := cases.DateOf(webtest.Now)
	sessions, _, err := e.DB.SessionsBetween(ctx, day, day)
	if err != nil || len(sessions) != 1 || !sessions[0].Online {
		t.Fatalf("the session recorded: %+v %v", sessions, err)
	}
	_, page, _ := rec.Do("GET", "/desk", nil)
	if !strings.Contains(page, "Tiếp đột xuất (trực tuyến)") || !strings.Contains(page, `name="online"`) {
		t.Errorf("the desk does not show the online session or offer an online visit")
	}
	visit := func(ref, session string, online bool) url.Values {
		v := url.Values{"csrf": {csrf}, "petition_ref": {"DON-" + ref}, "visit_ref": {"LT-" + ref}, "at": {"2026-11-25T09:30"},
			"session": {session}, "name": {"Nguyễn Văn " + ref}, "people": {"2"}, "summary": {"Kiến nghị về đường giao thông"}}
		if online {
			v.Set("online", "1")
		}
		return v
	}
	for _, v := range []url.Values{visit("A", "", true), visit("B", "KT-ON", false), visit("C", "", false)} {
		if status, page, _ := rec.Do("POST", "/desk/visits", v); status != http.StatusSeeOther {
			t.Fatalf("record a visit: %d %s", status, webtest.Text(page))
		}
	}
	_, page, _ = rec.Do("GET", "/petitions/DON-A/visits/LT-A/receipt", nil)
	if !strings.Contains(page, "Tiếp thường xuyên, trực tuyến") {
		t.Errorf("the receipt of an online visit does not say so:\n%s", webtest.Text(page))
	}
	var f struct {
		Reception struct {
			Online map[string]int `json:"online"`
		} `json:"reception"`
	}
	if err := json.Unmarshal([]byte(e.MustAPI(http.StatusOK, "reporter", "GET", "/api/v1/reports/section6?period=2026-Q4", "")), &f); err != nil {
		t.Fatal(err)
	}
	if o := f.Reception.Online; o["sessions"] != 1 || o["visits"] != 2 || o["people"] != 4 || o["cases"] != 2 || len(o) != 4 {
		t.Errorf("reception.online = %v", o)
	}
}

// The desk classifies a denunciation verified at several places, whose
// initial handling then has 10 working days; the box means nothing for a
// complaint.
func TestDeskSeveralPlaces(t *testing.T) {
	e := webtest.New(t, "")
	rec := e.Browser("rec").Login()
	csrf := rec.CSRF()
	visit := func(ref, typ string) {
		t.Helper()
		v := url.Values{"csrf": {csrf}, "petition_ref": {ref}, "visit_ref": {"LT-" + ref}, "at": {"2026-11-25T09:30"},
			"name": {"Lê Thị " + ref}, "people": {"1"}, "summary": {"Tố cáo việc cấp giấy chứng nhận sai"},
			"type": {typ}, "field": {"land"}, "eligible": {"1"}, "several_places": {"1"}}
		if status, page, _ := rec.Do("POST", "/desk/visits", v); status != http.StatusSeeOther {
			t.Fatalf("record %s: %d %s", ref, status, webtest.Text(page))
		}
	}
	visit("DON-TC", "denunciation")
	visit("DON-KN", "complaint")
	for ref, want := range map[string]bool{"DON-TC": true, "DON-KN": false} {
		var d struct {
			Petition struct {
				SeveralPlaces bool `json:"several_places"`
			} `json:"petition"`
		}
		if err := json.Unmarshal([]byte(e.MustAPI(http.StatusOK, "admin", "GET", "/api/v1/petitions/"+ref, "")), &d); err != nil {
			t.Fatal(err)
		}
		if d.Petition.SeveralPlaces != want {
			t.Errorf("%s: several_places = %v, want %v", ref, d.Petition.SeveralPlaces, want)
		}
	}
	_, page, _ := rec.Do("GET", "/petitions/DON-TC", nil)
	if !strings.Contains(webtest.Text(page), "nhiều địa điểm") {
		t.Errorf("the denunciation's page does not say why its initial handling is longer:\n%s", webtest.Text(page))
	}
}
