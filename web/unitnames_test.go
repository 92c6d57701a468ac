package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
)

// namedUnits is a history with a department renamed: P-OLD was routed to
// tnmt, which nnmt then replaced; P-NEW was routed to nnmt.
const namedUnits = `{"op":"petition","ref":"P-OLD","received_at":"2026-11-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn An"},"summary":"Khiếu nại thu hồi đất"}
{"op":"classify","petition":"P-OLD","at":"2026-11-02T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-OLD","at":"2026-11-03T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"unit","ref":"nnmt","name":"Phòng Nông nghiệp và Môi trường","kind":"department","parent":"own","replaces":["tnmt"]}
{"op":"petition","ref":"P-NEW","received_at":"2026-11-04T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Thị Bình"},"summary":"Kiến nghị nạo vét kênh"}
{"op":"classify","petition":"P-NEW","at":"2026-11-04T09:00:00+07:00","type":"recommendation","field":"land","eligible":true}
{"op":"route","petition":"P-NEW","at":"2026-11-05T09:00:00+07:00","to":"own","unit":"nnmt","method":"assign"}
`

// Wherever a person reads a unit — the list, the petition page's route and
// timeline, the inbox and the page's frame — it is named, as it was
// recorded, and its code shows nowhere in the text (only in links and form
// values).
func TestPagesNameUnits(t *testing.T) {
	e := webtest.New(t, namedUnits)
	const (
		oldName = "Phòng Tài nguyên và Môi trường"
		newName = "Phòng Nông nghiệp và Môi trường"
	)
	leader := e.Browser("leader").Login()
	head := e.Browser("head").Login()
	for _, tt := range []struct {
		who  *webtest.Browser
		path string
		want []string
	}{
		{leader, "/petitions", []string{oldName, newName}},
		{leader, "/petitions/P-OLD", []string{"Thuộc thẩm quyền: " + oldName, "Nơi xử lý", oldName}},
		{leader, "/petitions/P-NEW", []string{"Thuộc thẩm quyền: " + newName}},
		{leader, "/inbox", []string{"Nơi xử lý: " + oldName, "Nơi xử lý: " + newName}},
		{leader, "/inbox?unit=nnmt", []string{"Việc cần xử lý — " + newName, "Nơi xử lý: " + newName}},
		{head, "/inbox", []string{"head (Lãnh đạo đơn vị được giao, " + oldName + ")", "Nơi xử lý: " + oldName}},
	} {
		status, page, _ := tt.who.Do("GET", tt.path, nil)
		text := webtest.Text(page)
		if status != http.StatusOK {
			t.Fatalf("%s: %d %.500s", tt.path, status, text)
		}
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q: %.3000s", tt.path, w, text)
			}
		}
		for _, code := range []string{"tnmt", "nnmt"} {
			if i := strings.Index(text, code); i >= 0 {
				t.Errorf("%s shows the code %q: …%s…", tt.path, code, text[max(0, i-80):min(len(text), i+80)])
			}
		}
	}
}

// The resolve form offers the verdicts of the petition's type: a complaint
// is found correct, incorrect or partly correct, never "Đã trả lời"; a
// recommendation is answered.
func TestResolveFormOffersTheVerdictsOfItsType(t *testing.T) {
	e := webtest.New(t, namedUnits+`{"op":"accept","petition":"P-OLD","at":"2026-11-06T09:00:00+07:00"}
`)
	leader := e.Browser("leader").Login()
	for _, tt := range []struct {
		ref       string
		want, not []string
	}{
		{"P-OLD", []string{`value="correct"`, `value="incorrect"`, `value="partly_correct"`}, []string{`value="answered"`, "Đã trả lời"}},
		{"P-NEW", []string{`value="answered"`, "Đã trả lời"}, []string{`value="correct"`, `value="incorrect"`, `value="partly_correct"`}},
	} {
		_, page, _ := leader.Do("GET", "/petitions/"+tt.ref, nil)
		i := strings.Index(page, `value="resolve"`)
		if i < 0 {
			t.Fatalf("%s: no resolve form: %.2000s", tt.ref, webtest.Text(page))
		}
		form := page[i:]
		form = form[:strings.Index(form, "</form>")]
		for _, w := range tt.want {
			if !strings.Contains(form, w) {
				t.Errorf("%s's resolve form lacks %s", tt.ref, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(form, n) {
				t.Errorf("%s's resolve form offers %s", tt.ref, n)
			}
		}
	}
}

// After an event recorded from the petition page, the page says so; a
// notice asked for in the address of an event that is not the petition's
// last says nothing.
func TestPetitionPageConfirmsTheEvent(t *testing.T) {
	e := webtest.New(t, namedUnits)
	head := e.Browser("head").Login()
	status, _, h := head.Do("POST", "/petitions/P-OLD/events", url.Values{"csrf": {head.CSRF()}, "op": {"accept"}})
	if status != http.StatusSeeOther {
		t.Fatalf("accept: %d", status)
	}
	_, page, _ := head.Do("GET", h.Get("Location"), nil)
	if !strings.Contains(webtest.Text(page), "Đã ghi: Thụ lý — đơn P-OLD.") {
		t.Errorf("no confirmation at %s: %.1500s", h.Get("Location"), webtest.Text(page))
	}
	_, page, _ = head.Do("GET", "/petitions/P-OLD?recorded=resolve&recorded_ref=P-OLD", nil)
	if strings.Contains(webtest.Text(page), "Đã ghi") {
		t.Errorf("a notice of an event not recorded: %.1500s", webtest.Text(page))
	}
}
