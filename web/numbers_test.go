package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
)

// numbersHistory receives three petitions on one day in the order P-C,
// P-A, P-B (not the order of their refs), a visit about P-A, and routes P-A
// to tnmt; a petition of the year before begins its own book.
const numbersHistory = `{"op":"petition","ref":"P-Z","received_at":"2025-12-31T16:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Văn Cũ"},"summary":"Phản ánh cuối năm"}
{"op":"petition","ref":"P-C","received_at":"2026-11-20T08:00:00+07:00","channel":"mail","petitioner":{"name":"Phạm Văn Ba"},"summary":"Kiến nghị chiếu sáng"}
{"op":"petition","ref":"P-A","received_at":"2026-11-20T09:00:00+07:00","channel":"reception","petitioner":{"name":"Võ Văn Một"},"summary":"Khiếu nại bồi thường"}
{"op":"petition","ref":"P-B","received_at":"2026-11-20T10:00:00+07:00","channel":"mail","petitioner":{"name":"Đỗ Văn Hai"},"summary":"Phản ánh tiếng ồn"}
{"op":"visit","ref":"V-A","at":"2026-11-20T09:00:00+07:00","kind":"regular","petition":"P-A","people":1,"citizen":{"name":"Võ Văn Một"}}
{"op":"classify","petition":"P-A","at":"2026-11-21T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-A","at":"2026-11-21T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
`

// Each petition's number in the reception book is where a person reads
// it: the list (whose day is in the book's order), its search, the petition
// page with its visit's number, the receipt, the inbox, the desk's search
// and the API.
func TestNumbersShown(t *testing.T) {
	e := webtest.New(t, numbersHistory)
	leader := e.Browser("leader").Login()
	_, page, _ := leader.Do("GET", "/petitions?from=2026-11-20&to=2026-11-20", nil)
	text := webtest.Text(page)
	iC, iA, iB := strings.Index(text, "1/2026 P-C"), strings.Index(text, "2/2026 P-A"), strings.Index(text, "3/2026 P-B")
	if !strings.Contains(text, "Số vào sổ") || iC < 0 || iA < 0 || iB < 0 || !(iC < iA && iA < iB || iC > iA && iA > iB) {
		t.Errorf("the list of 20/11 in the book's order 1/2026 P-C, 2/2026 P-A, 3/2026 P-B: %s", text)
	}
	_, page, _ = leader.Do("GET", "/petitions?q=2/2026", nil)
	if text := webtest.Text(page); !strings.Contains(text, "P-A") || strings.Contains(text, "P-B") || strings.Contains(text, "P-C") {
		t.Errorf("search 2/2026: %s", text)
	}
	_, page, _ = leader.Do("GET", "/petitions?q=1/2025", nil)
	if text := webtest.Text(page); !strings.Contains(text, "P-Z") || strings.Contains(text, "P-C") {
		t.Errorf("search 1/2025: %s", text)
	}
	_, page, _ = leader.Do("GET", "/petitions/P-A", nil)
	if text := webtest.Text(page); !strings.Contains(text, "Số vào sổ 2/2026") || !strings.Contains(text, "số vào sổ 1/2026") {
		t.Errorf("the petition page of P-A (2/2026, its visit 1/2026): %s", text)
	}
	rec := e.Browser("rec").Login()
	_, page, _ = rec.Do("GET", "/petitions/P-A/visits/V-A/receipt", nil)
	if text := webtest.Text(page); !strings.Contains(text, "Số vào sổ tiếp nhận đơn: 2/2026 — sổ tiếp công dân: 1/2026") {
		t.Errorf("the receipt of P-A: %s", text)
	}
	_, page, _ = rec.Do("GET", "/desk?q=Võ+Văn+Một", nil)
	if text := webtest.Text(page); !strings.Contains(text, "số vào sổ 2/2026") {
		t.Errorf("the desk's search: %s", text)
	}
	_, page, _ = e.Browser("head").Login().Do("GET", "/inbox", nil)
	if text := webtest.Text(page); !strings.Contains(text, "P-A số vào sổ 2/2026") {
		t.Errorf("the inbox of tnmt: %s", text)
	}
	type item struct {
		Ref    string `json:"ref"`
		Number string `json:"number"`
	}
	list := webtest.Decode[struct{ Petitions []item }](t, e.MustAPI(http.StatusOK, "leader", "GET", "/api/v1/petitions?q=3/2026", ""))
	if len(list.Petitions) != 1 || list.Petitions[0] != (item{"P-B", "3/2026"}) {
		t.Errorf("the API's search 3/2026: %+v", list)
	}
	one := webtest.Decode[struct{ Petition item }](t, e.MustAPI(http.StatusOK, "leader", "GET", "/api/v1/petitions/P-Z", ""))
	if one.Petition != (item{"P-Z", "1/2025"}) {
		t.Errorf("the API's petition P-Z: %+v", one)
	}
}
