package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
)

// wordsHistory has petitions whose pages speak the words of the law (SPEC
// §9): a denunciation found untrue whose conclusion was carried out, due on
// a swapped working Saturday; a complex denunciation extended and suspended;
// a further denunciation (tố cáo tiếp) guided to a commune by another system;
// a complaint withdrawn at the desk, one ended after acceptance, one being
// resolved; a denunciation waiting to be routed.
const wordsHistory = `{"op":"petition","ref":"P-TC1","received_at":"2025-03-20T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Thị Tố"},"summary":"Tố cáo cán bộ địa chính nhận tiền"}
{"op":"classify","petition":"P-TC1","at":"2025-03-21T08:00:00+07:00","type":"denunciation","field":"civil_service","eligible":true}
{"op":"route","petition":"P-TC1","at":"2025-03-24T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-TC1","at":"2025-03-27T09:00:00+07:00"}
{"op":"resolve","petition":"P-TC1","at":"2025-04-20T09:00:00+07:00","verdict":"incorrect","decision":"05/KL-UBND"}
{"op":"implement","petition":"P-TC1","at":"2025-04-25T09:00:00+07:00"}
{"op":"petition","ref":"P-TC2","received_at":"2024-05-27T08:00:00+07:00","channel":"mail","petitioner":{"name":"Phạm Văn Cáo"},"summary":"Tố cáo sai phạm trong bồi thường"}
{"op":"classify","petition":"P-TC2","at":"2024-05-28T08:00:00+07:00","type":"denunciation","field":"land","eligible":true,"complex":"complex"}
{"op":"route","petition":"P-TC2","at":"2024-05-29T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-TC2","at":"2024-06-03T14:00:00+07:00"}
{"op":"suspend","petition":"P-TC2","at":"2024-06-10T08:00:00+07:00","reason":"Chờ kết quả giám định"}
{"op":"resume","petition":"P-TC2","at":"2024-06-15T08:00:00+07:00"}
{"op":"extend","petition":"P-TC2","at":"2024-06-20T08:00:00+07:00","days":30}
{"op":"petition","ref":"P-TC3","received_at":"2026-10-01T08:00:00+07:00","channel":"transfer_in","petitioner":{"name":"Võ Văn Tiếp"},"summary":"Tố cáo tiếp việc giải quyết tố cáo của xã"}
{"op":"classify","petition":"P-TC3","at":"2026-10-02T08:00:00+07:00","type":"denunciation","field":"civil_service","eligible":true,"instance":2}
{"op":"route","petition":"P-TC3","at":"2026-10-05T08:00:00+07:00","to":"lower","unit":"xa1","method":"guide"}
{"op":"petition","ref":"P-KN1","received_at":"2026-11-02T08:00:00+07:00","channel":"reception","petitioner":{"name":"Trần Văn Rút"},"summary":"Khiếu nại việc cấp giấy chứng nhận"}
{"op":"terminate","petition":"P-KN1","at":"2026-11-03T08:00:00+07:00","reason":"withdrawn"}
{"op":"petition","ref":"P-KN2","received_at":"2026-10-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Thị Thoại"},"summary":"Khiếu nại quyết định thu hồi đất"}
{"op":"classify","petition":"P-KN2","at":"2026-10-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-KN2","at":"2026-10-05T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-KN2","at":"2026-10-08T08:00:00+07:00"}
{"op":"petition","ref":"P-KN3","received_at":"2026-09-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Đỗ Văn Dừng"},"summary":"Khiếu nại việc bồi thường"}
{"op":"classify","petition":"P-KN3","at":"2026-09-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-KN3","at":"2026-09-03T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-KN3","at":"2026-09-08T08:00:00+07:00"}
{"op":"terminate","petition":"P-KN3","at":"2026-09-20T08:00:00+07:00","reason":"withdrawn"}
{"op":"petition","ref":"P-TC4","received_at":"2026-11-24T08:00:00+07:00","channel":"mail","petitioner":{"name":"Hồ Văn Báo"},"summary":"Tố cáo cán bộ xã"}
{"op":"classify","petition":"P-TC4","at":"2026-11-24T09:00:00+07:00","type":"denunciation","field":"civil_service","eligible":true}
`

func pageText(t *testing.T, b *webtest.Browser, path string) (string, string) {
	t.Helper()
	status, page, _ := b.Do("GET", path, nil)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d", path, status)
	}
	return page, webtest.Text(page)
}

// The petition page, its timeline and the list say a denunciation's verdict,
// conclusion and second instance, and "dừng xử lý" for a petition ended
// before acceptance, in the law's words.
func TestPagesSpeakTheWordsOfTheLaw(t *testing.T) {
	e := webtest.New(t, wordsHistory)
	leader := e.Browser("leader").Login()

	_, text := pageText(t, leader, "/petitions/P-TC1")
	for _, want := range []string{"Đã thực hiện kết luận", "Sai sự thật, kết luận số 05/KL-UBND", "Thực hiện kết luận",
		"kết quả: Sai sự thật; kết luận số 05/KL-UBND"} {
		if !strings.Contains(text, want) {
			t.Errorf("P-TC1's page lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"quyết định số", "Thực hiện quyết định", "kết quả: Sai;"} {
		if strings.Contains(text, bad) {
			t.Errorf("P-TC1's page says %q", bad)
		}
	}

	_, text = pageText(t, leader, "/petitions/P-TC3")
	if !strings.Contains(text, "Tố cáo (Tố cáo tiếp)") || !strings.Contains(text, "tố cáo tiếp") {
		t.Errorf("P-TC3's page does not call it tố cáo tiếp:\n%s", text)
	}

	_, text = pageText(t, leader, "/petitions/P-KN1")
	if !strings.Contains(text, "Đơn P-KN1 Dừng xử lý") || strings.Contains(text, "Đình chỉ") {
		t.Errorf("P-KN1, withdrawn at the desk, is not «Dừng xử lý»:\n%s", text)
	}
	_, text = pageText(t, leader, "/petitions/P-KN3")
	if !strings.Contains(text, "Đơn P-KN3 Đình chỉ") || strings.Contains(text, "Dừng xử lý") {
		t.Errorf("P-KN3, ended after acceptance, is not «Đình chỉ»:\n%s", text)
	}

	page, _ := pageText(t, leader, "/petitions?state=terminated")
	if !strings.Contains(page, "<td>Dừng xử lý</td>") || !strings.Contains(page, "<td>Đình chỉ</td>") {
		t.Errorf("the list does not tell «Dừng xử lý» from «Đình chỉ»:\n%s", webtest.Text(page))
	}
}

// A denunciation that another system recorded as guided keeps its method,
// and its page notes the rule; a transferred or assigned one has no note.
func TestPageNotesAGuidedDenunciation(t *testing.T) {
	e := webtest.New(t, wordsHistory)
	leader := e.Browser("leader").Login()
	_, text := pageText(t, leader, "/petitions/P-TC3")
	for _, want := range []string{"(Hướng dẫn)", "tố cáo không thuộc thẩm quyền phải được chuyển đơn",
		"Luật Tố cáo 2018, Điều 24 khoản 2", "Thông tư 05/2021/TT-TTCP, Điều 14 khoản 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("P-TC3's page lacks %q:\n%s", want, text)
		}
	}
	if p, _ := e.DB.Petition(context.Background(), "P-TC3"); p.Method != "guide" {
		t.Errorf("P-TC3's method is %q, want guide as recorded", p.Method)
	}
	if _, text := pageText(t, leader, "/petitions/P-TC1"); strings.Contains(text, "phải được chuyển đơn") {
		t.Errorf("an assigned denunciation is noted")
	}
}

// The desk proposes transfer for a denunciation sent away, guide for the
// others, assign at home: in the script's table, and selected when a
// refused form comes back; the petition page's route form does the same.
func TestDeskProposesTransferForADenunciation(t *testing.T) {
	e := webtest.New(t, wordsHistory)
	rec := e.Browser("rec").Login()
	page, _ := pageText(t, rec, "/desk")
	for _, want := range []string{"denunciation/lower=transfer", "denunciation/judicial=transfer", "denunciation/other=transfer",
		"complaint/lower=guide", "denunciation/own=assign"} {
		if !strings.Contains(page, want) {
			t.Errorf("the desk's proposals lack %q", want)
		}
	}
	// A visit form refused (no name) comes back with the method proposed.
	form := url.Values{"csrf": {rec.CSRF()}, "petition_ref": {"DON-W1"}, "visit_ref": {"LT-W1"}, "people": {"1"},
		"summary": {"Tố cáo cán bộ xã"}, "type": {"denunciation"}, "field": {"civil_service"}, "eligible": {"1"},
		"to": {"lower"}, "unit": {"xa1"}}
	status, page, _ := rec.Do("POST", "/desk/visits", form)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("a visit without a name: %d", status)
	}
	if !strings.Contains(page, `<option value="transfer" selected>`) || strings.Contains(page, `<option value="guide" selected>`) {
		t.Errorf("the desk does not propose transfer for a denunciation sent to a commune")
	}
	form.Set("type", "complaint")
	if _, page, _ = rec.Do("POST", "/desk/visits", form); !strings.Contains(page, `<option value="guide" selected>`) {
		t.Errorf("the desk does not propose guide for a complaint sent to a commune")
	}
	// The officer's own choice stands.
	form.Set("type", "denunciation")
	form.Set("method", "urge")
	if _, page, _ = rec.Do("POST", "/desk/visits", form); !strings.Contains(page, `<option value="urge" selected>`) {
		t.Errorf("the desk overrides the method the officer chose")
	}

	page, _ = pageText(t, rec, "/petitions/P-TC4")
	if !strings.Contains(page, `data-propose="own=assign lower=transfer judicial=transfer other=transfer"`) {
		t.Errorf("the route form of a denunciation does not propose transfer")
	}
}

// The petition page explains a deadline fully: the basis of the days an
// extension and a suspension added, and a due date on a swapped Saturday.
func TestPageExplainsDeadlinesFully(t *testing.T) {
	e := webtest.New(t, wordsHistory)
	leader := e.Browser("leader").Login()
	_, text := pageText(t, leader, "/petitions/P-TC2")
	want := "30 ngày kể từ ngày thụ lý 03/06/2024 (Luật Tố cáo 2018, Điều 30), cộng 30 ngày gia hạn " +
		"(Luật Tố cáo 2018, Điều 30 khoản 2: vụ việc phức tạp, gia hạn một lần) và 05 ngày tạm đình chỉ (Luật Tố cáo 2018, Điều 34)"
	if !strings.Contains(text, want) {
		t.Errorf("P-TC2's resolution deadline lacks %q:\n%s", want, text)
	}
	_, text = pageText(t, leader, "/petitions/P-TC1")
	if !strings.Contains(text, "Hạn giải quyết: 26/04/2025") ||
		!strings.Contains(text, "thứ Bảy 26/04/2025 là ngày làm việc bù (Làm bù cho ngày nghỉ thứ Sáu 02/05/2025)") {
		t.Errorf("P-TC1's deadline on a swapped Saturday is not marked:\n%s", text)
	}
}

// The head handling a complaint plans a dialogue from its page; a missing,
// past or non-working date is refused in Vietnamese next to the field and
// nothing is written; no form is offered, and a post is refused, on a
// denunciation, to the reception desk, or to another unit's head.
func TestPlanADialogueFromThePetitionPage(t *testing.T) {
	ctx := context.Background()
	e := webtest.New(t, wordsHistory)
	head := e.Browser("head").Login()
	page, _ := pageText(t, head, "/petitions/P-KN2")
	if !strings.Contains(page, `id="op-P-KN2-dialogue"`) || !strings.Contains(page, `type="date" name="on"`) {
		t.Fatalf("the head's page of an accepted complaint has no dialogue form")
	}
	before, _ := e.DB.History(ctx, "P-KN2")
	post := func(b *webtest.Browser, ref, on string) (int, string) {
		status, page, _ := b.Do("POST", "/petitions/"+ref+"/events", url.Values{"csrf": {b.CSRF()}, "op": {"dialogue"},
			"on": {on}, "place": {"Trụ sở  UBND"}})
		return status, page
	}
	for _, tt := range []struct {
		on, want string
		status   int
	}{
		{"", "Chọn ngày đối thoại.", http.StatusUnprocessableEntity},
		{"2026-11-20", "Ngày đối thoại 20/11/2026 đã qua: chọn từ ngày 25/11/2026 trở đi.", http.StatusUnprocessableEntity},
		{"2026-11-29", "Ngày Chủ nhật 29/11/2026 không phải ngày làm việc (Chủ nhật): chọn một ngày làm việc.", http.StatusUnprocessableEntity},
	} {
		status, page := post(head, "P-KN2", tt.on)
		if status != tt.status || !strings.Contains(webtest.Text(page), tt.want) || !strings.Contains(page, `value="Trụ sở  UBND"`) {
			t.Errorf("a dialogue on %q: %d, want %d and %q", tt.on, status, tt.status, tt.want)
		}
	}
	if after, _ := e.DB.History(ctx, "P-KN2"); len(after) != len(before) {
		t.Errorf("the refusals wrote %d events", len(after)-len(before))
	}

	if status, _ := post(head, "P-KN2", "2026-12-02"); status != http.StatusSeeOther {
		t.Fatalf("a dialogue on 02/12/2026: %d", status)
	}
	_, text := pageText(t, head, "/petitions/P-KN2")
	if !strings.Contains(text, "Hẹn đối thoại") || !strings.Contains(text, "đối thoại ngày 02/12/2026; tại Trụ sở UBND") {
		t.Errorf("the timeline lacks the dialogue:\n%s", text)
	}

	// A denunciation: no form, and a post is refused.
	if page, _ := pageText(t, head, "/petitions/P-TC1"); strings.Contains(page, `id="op-P-TC1-dialogue"`) {
		t.Errorf("a denunciation offers a dialogue")
	}
	if status, page := post(head, "P-TC1", "2026-12-02"); status != http.StatusConflict ||
		!strings.Contains(webtest.Text(page), "Chỉ hẹn đối thoại khi đang giải quyết khiếu nại") {
		t.Errorf("a dialogue on a denunciation: %d %s", status, webtest.Text(page))
	}
	// Reception and another unit's head: no form, and refused.
	rec := e.Browser("rec").Login()
	if page, _ := pageText(t, rec, "/petitions/P-KN2"); strings.Contains(page, `id="op-P-KN2-dialogue"`) {
		t.Errorf("the reception desk is offered a dialogue")
	}
	if status, _ := post(rec, "P-KN2", "2026-12-03"); status != http.StatusForbidden {
		t.Errorf("reception's dialogue: %d", status)
	}
	if status, _ := post(e.Browser("head-ld").Login(), "P-KN2", "2026-12-03"); status != http.StatusForbidden && status != http.StatusNotFound {
		t.Errorf("another unit's head's dialogue: %d", status)
	}
	if after, _ := e.DB.History(ctx, "P-KN2"); len(after) != len(before)+1 {
		t.Errorf("P-KN2 has %d new events, want the one dialogue", len(after)-len(before))
	}
}
