package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/workflow"
)

// A petition received in October, accepted and suspended for a week since:
// its petitioner as recorded then, by the import.
const octoberPetition = `{"op":"petition","ref":"P-OCT","received_at":"2026-10-05T08:00:00+07:00","channel":"reception","petitioner":{"name":"Phạm Văn Lộc","id_number":"052080000111","address":"thôn Vinh Thạnh","phone":"0905000111"},"summary":"Khiếu nại quyết định bồi thường khi thu hồi đất"}
{"op":"visit","ref":"V-OCT","at":"2026-10-05T08:00:00+07:00","kind":"regular","petition":"P-OCT","people":1,"citizen":{"name":"Phạm Văn Lộc","id_number":"052080000111","address":"thôn Vinh Thạnh","phone":"0905000111"}}
{"op":"classify","petition":"P-OCT","at":"2026-10-06T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-OCT","at":"2026-10-07T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-OCT","at":"2026-10-12T08:00:00+07:00"}
{"op":"suspend","petition":"P-OCT","at":"2026-11-02T08:00:00+07:00","reason":"Chờ kết quả đo đạc"}
{"op":"resume","petition":"P-OCT","at":"2026-11-09T08:00:00+07:00"}
`

// receiptField is the text of the receipt's element with that id.
func receiptField(page, id string) string {
	m := regexp.MustCompile(`id="` + id + `"[^>]*>([^<]*)<`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// Issue 16, point 2: the citizen comes back about a petition of October
// with a new ID card, a new address and a new phone. The desk's form starts
// from what was recorded at the last visit; the receipt of the new visit
// tells the truth of that visit — the citizen as recorded now, the officer
// at the desk, its time — and where the petition stands today, with the
// deadline it waits on now, not the handling deadline of October.
func TestReceiptOfARepeatVisit(t *testing.T) {
	ctx := context.Background()
	e := webtest.New(t, octoberPetition)
	rec := e.Browser("rec").Login()

	_, page, _ := rec.Do("GET", "/desk?q="+url.QueryEscape("pham van loc"), nil)
	if !strings.Contains(page, "/desk?petition=P-OCT") {
		t.Fatalf("the desk does not find the petition of October: %s", webtest.Text(page))
	}
	_, page, _ = rec.Do("GET", "/desk?petition=P-OCT", nil)
	for name, want := range map[string]string{"name": "Phạm Văn Lộc", "id_number": "052080000111", "address": "thôn Vinh Thạnh", "phone": "0905000111"} {
		if !regexp.MustCompile(`name="` + name + `"[^>]* value="` + regexp.QuoteMeta(want) + `"`).MatchString(page) {
			t.Errorf("the form about P-OCT does not start with %s %q from the last visit", name, want)
		}
	}

	visit := url.Values{"csrf": {rec.CSRF()}, "visit_ref": {"LT-NOV"}, "join": {"P-OCT"}, "at": {"2026-11-25T09:40"},
		"name": {"Phạm Văn Lộc"}, "id_number": {"052080999888"}, "address": {"khu phố 3, phường Quy Nhơn"},
		"phone": {"0914222333"}, "people": {"1"}}
	status, _, h := rec.Do("POST", "/desk/visits", visit)
	if status != http.StatusSeeOther || h.Get("Location") != "/petitions/P-OCT/visits/LT-NOV/receipt" {
		t.Fatalf("the repeat visit: %d %q", status, h.Get("Location"))
	}
	status, page, _ = rec.Do("GET", h.Get("Location"), nil)
	if status != http.StatusOK {
		t.Fatalf("the receipt: %d", status)
	}

	p, err := e.DB.Petition(ctx, "P-OCT")
	if err != nil {
		t.Fatal(err)
	}
	next, ok := workflow.DefaultRules().Resolution(p, false, cases.DateOf(webtest.Now), nil)
	if !ok {
		t.Fatal("P-OCT has no resolution deadline")
	}
	handling := workflow.DefaultRules().Handling(p, nil)
	at := time.Date(2026, 11, 25, 9, 40, 0, 0, cases.Zone).Format("15:04 02/01/2006")
	for _, tt := range []struct{ id, want string }{
		{"citizen", "Phạm Văn Lộc"},
		{"citizen-id", "052080999888"},
		{"citizen-address", "khu phố 3, phường Quy Nhơn"},
		{"citizen-phone", "0914222333"},
		{"officer", "rec"},
		{"at", at},
		{"state", p.StateLabel()},
	} {
		if got := receiptField(page, tt.id); got != tt.want {
			t.Errorf("the receipt's %s is %q, want %q", tt.id, got, tt.want)
		}
	}
	text := ""
	if m := regexp.MustCompile(`(?s)<p id="next">(.*?)</p>`).FindStringSubmatch(page); m != nil {
		text = html.UnescapeString(webtest.Text(m[1]))
	}
	if !strings.Contains(text, "Hạn giải quyết") || !strings.Contains(text, next.Due.VN()) || strings.Contains(text, handling.Due.VN()) {
		t.Errorf("the receipt's deadline %q, want the resolution deadline %s (suspended a week), not the handling one %s",
			text, next.Due.VN(), handling.Due.VN())
	}
	for _, old := range []string{"052080000111", "thôn Vinh Thạnh", "0905000111", "import"} {
		if strings.Contains(webtest.Text(page), old) {
			t.Errorf("the receipt of the new visit shows %q, recorded in October", old)
		}
	}

	// The first visit keeps its own receipt, as it was.
	_, page, _ = rec.Do("GET", "/petitions/P-OCT/visits/V-OCT/receipt", nil)
	if receiptField(page, "citizen-id") != "052080000111" || receiptField(page, "officer") != "import" {
		t.Errorf("the receipt of the October visit: %q %q", receiptField(page, "citizen-id"), receiptField(page, "officer"))
	}
	// The petition's receipt is its last visit's; an unknown visit is not
	// found.
	if _, _, h := rec.Do("GET", "/petitions/P-OCT/receipt", nil); h.Get("Location") != "/petitions/P-OCT/visits/LT-NOV/receipt" {
		t.Errorf("the petition's receipt goes to %q", h.Get("Location"))
	}
	if status, _, _ := rec.Do("GET", "/petitions/P-OCT/visits/V-NONE/receipt", nil); status != http.StatusNotFound {
		t.Errorf("the receipt of an unknown visit: %d", status)
	}
}

// The form about a petition whose petitioner is protected from the officer
// starts empty, with a note; the officer who recorded its last visit, and a
// leader, see it filled.
func TestDeskFormHidesAProtectedVisitor(t *testing.T) {
	e := webtest.New(t, `{"op":"petition","ref":"P-TC","received_at":"2026-11-20T08:00:00+07:00","channel":"reception","petitioner":{"name":"Đoàn Thị Kín","phone":"0977123456"},"summary":"Tố cáo cán bộ địa chính"}
{"op":"classify","petition":"P-TC","at":"2026-11-20T09:00:00+07:00","type":"denunciation","field":"land","eligible":true}
`)
	rec := e.Browser("rec").Login()
	_, page, _ := rec.Do("GET", "/desk?petition=P-TC", nil)
	if strings.Contains(page, "Đoàn Thị Kín") || strings.Contains(page, "0977123456") || !strings.Contains(page, `id="identity-hidden"`) {
		t.Errorf("the form about a protected petition reveals its petitioner or says nothing: %s", webtest.Text(page))
	}
	visit := url.Values{"csrf": {rec.CSRF()}, "visit_ref": {"LT-TC"}, "join": {"P-TC"}, "at": {"2026-11-25T09:00"},
		"name": {"Đoàn Thị Kín"}, "phone": {"0977123456"}, "people": {"1"}}
	if status, _, _ := rec.Do("POST", "/desk/visits", visit); status != http.StatusSeeOther {
		t.Fatalf("the visit: %d", status)
	}
	_, page, _ = rec.Do("GET", "/desk?petition=P-TC", nil)
	if !strings.Contains(page, `name="phone" value="0977123456"`) {
		t.Errorf("the officer who recorded the last visit does not get the form filled")
	}
	_, page, _ = rec.Do("GET", "/petitions/P-TC/visits/LT-TC/receipt", nil)
	if receiptField(page, "citizen") != "Đoàn Thị Kín" {
		t.Errorf("the officer's own receipt: %q", receiptField(page, "citizen"))
	}
	rec2 := e.Browser("rec2").Login()
	_, page, _ = rec2.Do("GET", "/petitions/P-TC/visits/LT-TC/receipt", nil)
	if strings.Contains(page, "Đoàn Thị Kín") || strings.Contains(page, "0977123456") || receiptField(page, "citizen") != cases.MaskedName {
		t.Errorf("another officer reads the protected visitor on the receipt: %q", receiptField(page, "citizen"))
	}
}
