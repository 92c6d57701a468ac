package main

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// The pages of issue 5, through forms as a browser sends them: the desk
// records a denunciation brought by a group, the head accepts and resolves
// it from the inbox, the reporter reads it in the report, and the
// denouncer's name reaches neither of them.

var receiptLocation = regexp.MustCompile(`^/petitions/([^/]+)/receipt\?visit=(.+)$`)

func TestPagesDeskToReport(t *testing.T) {
	ctx := context.Background()
	e := newServeEnv(t, "")
	const denouncer = "Trần Thị Bích Ngọc"

	rec := e.browser("rec").login()
	status, page, _ := rec.do("GET", "/desk", nil)
	if status != http.StatusOK || !strings.Contains(page, "Bàn tiếp công dân") || !strings.Contains(page, "tiếp thường xuyên") {
		t.Fatalf("desk: %d %.300s", status, page)
	}
	csrf := rec.csrf()

	// A session opened today is offered to the visits.
	status, page, _ = rec.do("POST", "/desk/sessions", url.Values{"csrf": {csrf}, "ref": {"KT-1"}, "kind": {"periodic"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Chưa nhập người chủ trì.") {
		t.Errorf("a session without its presiding leader: %d", status)
	}
	status, _, h := rec.do("POST", "/desk/sessions", url.Values{"csrf": {csrf}, "ref": {"KT-1"}, "kind": {"periodic"},
		"presided_by": {"Chủ tịch UBND huyện"}})
	if status != http.StatusSeeOther {
		t.Fatalf("open a session: %d", status)
	}
	_, page, _ = rec.do("GET", h.Get("Location"), nil)
	if !strings.Contains(page, "KT-1") || !strings.Contains(page, "Chủ tịch UBND huyện") {
		t.Errorf("the desk does not list today's session")
	}

	// A refused form says why next to each field, in Vietnamese, and keeps
	// what was typed.
	visit := url.Values{"csrf": {csrf}, "petition_ref": {"DON-T1"}, "visit_ref": {"LT-T1"}, "at": {"2026-11-25T09:30"},
		"session": {"KT-1"}, "name": {""}, "address": {"thôn Phú Mỹ, xã Phước Hòa"}, "people": {"6"}, "summary": {""},
		"type": {"denunciation"}, "field": {"land"}, "complex": {"complex"}, "instance": {"1"}, "eligible": {"1"},
		"to": {"own"}, "unit": {"tnmt"}, "method": {"assign"}}
	status, page, _ = rec.do("POST", "/desk/visits", visit)
	for _, want := range []string{"Chưa nhập họ tên công dân.", "Chưa nhập nội dung đơn.", "thôn Phú Mỹ, xã Phước Hòa", "Đoàn đông người"} {
		if !strings.Contains(page, want) {
			t.Errorf("a refused visit form (%d) lacks %q", status, want)
		}
	}
	if status != http.StatusUnprocessableEntity {
		t.Errorf("a refused visit form: %d", status)
	}
	if _, err := e.db.Petition(ctx, "DON-T1"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a refused form recorded its petition: %v", err)
	}
	visit.Set("name", denouncer)
	visit.Set("summary", "Tố cáo cán bộ địa chính xã cấp giấy chứng nhận sai đối tượng")
	visit.Set("unit", "xa1")
	status, page, _ = rec.do("POST", "/desk/visits", visit)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Chọn một phòng, ban của cơ quan trong danh sách.") {
		t.Errorf("a route to a unit of the wrong kind: %d", status)
	}
	visit.Set("unit", "tnmt")
	status, _, h = rec.do("POST", "/desk/visits", visit)
	m := receiptLocation.FindStringSubmatch(h.Get("Location"))
	if status != http.StatusSeeOther || m == nil || m[1] != "DON-T1" || m[2] != "LT-T1" {
		t.Fatalf("record a visit: %d %q", status, h.Get("Location"))
	}
	p, err := e.db.Petition(ctx, "DON-T1")
	if err != nil || p.State != cases.RoutedOwn || p.Unit != "tnmt" || p.Type != cases.Denunciation || p.People != 6 || p.RecordedBy != "rec" {
		t.Fatalf("the desk's petition: %+v %v", p, err)
	}
	// Sent again (a double click), the form changes nothing.
	if status, _, _ = rec.do("POST", "/desk/visits", visit); status != http.StatusSeeOther {
		t.Errorf("the same form again: %d", status)
	}
	_, page, _ = rec.do("GET", h.Get("Location"), nil)
	for _, want := range []string{"GIẤY BIÊN NHẬN", denouncer, "DON-T1", "đoàn đông người", "Tiếp định kỳ"} {
		if !strings.Contains(page, want) {
			t.Errorf("the receipt lacks %q", want)
		}
	}

	// A repeat visit joins the petition's matter.
	again := url.Values{"csrf": {csrf}, "visit_ref": {"LT-T2"}, "name": {denouncer}, "people": {"1"}, "join": {"DON-T1"}}
	if status, page, _ = rec.do("POST", "/desk/visits", again); status != http.StatusSeeOther {
		t.Errorf("a repeat visit: %d %s", status, page)
	}

	// The search finds a citizen without diacritics, with earlier visits,
	// and a new petition of theirs is flagged as a likely duplicate. (A
	// denouncer is never found by name: the store leaves their names out.)
	other := url.Values{"csrf": {csrf}, "petition_ref": {"DON-T3"}, "visit_ref": {"LT-T3"}, "name": {"Lê Văn Tám"},
		"people": {"2"}, "summary": {"Khiếu nại quyết định thu hồi đất"}}
	if status, page, _ = rec.do("POST", "/desk/visits", other); status != http.StatusSeeOther {
		t.Errorf("a second petition: %d %s", status, page)
	}
	_, page, _ = rec.do("GET", "/desk?q="+url.QueryEscape("le van tam"), nil)
	for _, want := range []string{"DON-T3", "Có thể trùng đơn", "2 người", "/desk?petition=DON-T3"} {
		if !strings.Contains(page, want) {
			t.Errorf("the desk's search lacks %q", want)
		}
	}
	dup := url.Values{"csrf": {csrf}, "petition_ref": {"DON-T4"}, "visit_ref": {"LT-T4"}, "name": {"LÊ VĂN TÁM"},
		"people": {"1"}, "summary": {"Khiếu nại lần nữa"}}
	status, page, _ = rec.do("POST", "/desk/visits", dup)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Công dân này đã có đơn DON-T3") || !strings.Contains(page, "Khiếu nại lần nữa") {
		t.Errorf("a likely duplicate: %d", status)
	}
	dup.Set("confirm_new", "1")
	if status, _, _ = rec.do("POST", "/desk/visits", dup); status != http.StatusSeeOther {
		t.Errorf("a new petition confirmed: %d", status)
	}

	// The head's inbox lists it, masked; accepting and resolving from there.
	head := e.browser("head").login()
	_, page, _ = head.do("GET", "/inbox", nil)
	if !strings.Contains(page, "DON-T1") || !strings.Contains(page, cases.MaskedName) || !strings.Contains(page, "Thụ lý") {
		t.Errorf("the inbox: %.2000s", page)
	}
	hcsrf := head.csrf()
	status, _, h = head.do("POST", "/petitions/DON-T1/events", url.Values{"csrf": {hcsrf}, "op": {"accept"}, "back": {"/inbox"}})
	if status != http.StatusSeeOther || h.Get("Location") != "/inbox" {
		t.Errorf("accept from the inbox: %d %q", status, h.Get("Location"))
	}
	status, page, _ = head.do("POST", "/petitions/DON-T1/events", url.Values{"csrf": {hcsrf}, "op": {"extend"}, "days": {"99"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Phải từ 1 đến 30.") || !strings.Contains(page, `value="99"`) {
		t.Errorf("a refused extension: %d", status)
	}
	status, _, _ = head.do("POST", "/petitions/DON-T1/events", url.Values{"csrf": {hcsrf}, "op": {"resolve"},
		"verdict": {"partly_correct"}, "decision": {"123/QĐ-UBND"}, "back": {"/inbox"}})
	if status != http.StatusSeeOther {
		t.Errorf("resolve: %d", status)
	}
	_, page, _ = head.do("GET", "/petitions/DON-T1", nil)
	for _, want := range []string{"Diễn biến", "Đúng một phần", "123/QĐ-UBND", "Thực hiện quyết định", "due-done"} {
		if !strings.Contains(page, want) {
			t.Errorf("the petition page lacks %q", want)
		}
	}
	if strings.Contains(page, `value="accept"`) {
		t.Errorf("the petition page offers an event the workflow refuses")
	}

	// The reporter reads it in the report.
	rep := e.browser("reporter").login()
	status, page, _ = rep.do("GET", "/reports?period=2026-Q4", nil)
	if status != http.StatusOK {
		t.Fatalf("report: %d %.500s", status, page)
	}
	for _, want := range []string{"Nội dung mục II.6", "<svg", "Cùng kỳ năm trước", "Đúng một phần", "section6.json?period=2026-Q4"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report page lacks %q", want)
		}
	}
	status, page, _ = rep.do("GET", "/reports?period=2026-Q9", nil)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Kỳ báo cáo không hợp lệ") || !strings.Contains(page, "2026-Q9") {
		t.Errorf("a wrong period: %d", status)
	}
	status, body, h := rep.do("GET", "/reports/section6.json?period=2026-Q4", nil)
	if status != http.StatusOK || !strings.Contains(h.Get("Content-Disposition"), "attachment") || !strings.Contains(body, `"version": 1`) {
		t.Errorf("the JSON download: %d %q", status, h.Get("Content-Disposition"))
	}
	if status, _, _ = rep.do("GET", "/desk", nil); status != http.StatusForbidden {
		t.Errorf("the reporter at the desk: %d", status)
	}
	if status, _, _ = rep.do("GET", "/inbox", nil); status != http.StatusForbidden {
		t.Errorf("the reporter's inbox: %d", status)
	}

	// Admin.
	adm := e.browser("admin").login()
	status, page, _ = adm.do("GET", "/admin?year=2026", nil)
	for _, want := range []string{"head-ld", "Phòng Tài nguyên và Môi trường", "Bảng ngày nghỉ năm 2026", "Ngày tiếp công dân định kỳ"} {
		if status != http.StatusOK || !strings.Contains(page, want) {
			t.Errorf("the admin page (%d) lacks %q", status, want)
		}
	}
	if status, _, _ = rec.do("GET", "/admin", nil); status != http.StatusForbidden {
		t.Errorf("reception at the admin page: %d", status)
	}
	if status, body, h := rec.do("GET", "/static/app.css", nil); status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/css") || !strings.Contains(body, "@media print") {
		t.Errorf("the stylesheet: %d %q", status, h.Get("Content-Type"))
	}

	for _, user := range []string{"head", "reporter"} {
		for _, form := range []string{denouncer, cases.Fold(denouncer)} {
			if strings.Contains(e.bodies[user].String(), form) {
				t.Errorf("%s read the denouncer's name %q", user, form)
			}
		}
	}
}
