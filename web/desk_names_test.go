package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
)

// Petitions of citizens whose names differ by a diacritic, a petition found
// by its summary, one whose visitor bears the name, and a protected
// denouncer of the same name.
const tamHistory = `{"op":"petition","ref":"P-SAC","received_at":"2026-09-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Võ Văn Tâm"},"summary":"Khiếu nại việc cấp giấy chứng nhận"}
{"op":"classify","petition":"P-SAC","at":"2026-09-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"petition","ref":"P-HUYEN","received_at":"2026-10-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Võ Văn Tám"},"summary":"Khiếu nại việc bồi thường"}
{"op":"classify","petition":"P-HUYEN","at":"2026-10-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"petition","ref":"P-TRUNGTAM","received_at":"2026-11-20T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Thị Hoa"},"summary":"Kiến nghị sửa trung tâm văn hóa thôn"}
{"op":"classify","petition":"P-TRUNGTAM","at":"2026-11-20T09:00:00+07:00","type":"recommendation","field":"other","eligible":true}
{"op":"petition","ref":"P-DAIDIEN","received_at":"2026-11-10T08:00:00+07:00","channel":"reception","petitioner":{"name":"Hội Người cao tuổi thôn Phú Mỹ"},"summary":"Kiến nghị xây trung tâm sinh hoạt cộng đồng"}
{"op":"visit","ref":"V-DAIDIEN","at":"2026-11-10T08:00:00+07:00","kind":"regular","petition":"P-DAIDIEN","people":1,"citizen":{"name":"Trần Minh Tâm"}}
{"op":"classify","petition":"P-DAIDIEN","at":"2026-11-10T09:00:00+07:00","type":"recommendation","field":"other","eligible":true}
{"op":"petition","ref":"P-BIMAT","received_at":"2026-11-15T08:00:00+07:00","channel":"reception","petitioner":{"name":"Võ Văn Tâm"},"summary":"Tố cáo cán bộ"}
{"op":"classify","petition":"P-BIMAT","at":"2026-11-15T09:00:00+07:00","type":"denunciation","field":"corruption","eligible":true}
`

var matchRow = regexp.MustCompile(`<td>([A-Z0-9-]+)<br><span class="hint">số vào sổ [0-9]+/[0-9]{4}, nhận`)

// deskMatches are the refs the desk's search for q lists, in order.
func deskMatches(b *webtest.Browser, q string) []string {
	_, page, _ := b.Do("GET", "/desk?q="+url.QueryEscape(q), nil)
	var refs []string
	for _, m := range matchRow.FindAllStringSubmatch(page, -1) {
		refs = append(refs, m[1])
	}
	return refs
}

// Issue 16, point 8: the search ignores diacritics, but ranks the names
// that bear the words searched first — with their diacritics, then without
// — and the petitions found by their summary after; the protected
// denouncer is not found by name.
func TestDeskSearchRanksNamesFirst(t *testing.T) {
	e := webtest.New(t, tamHistory)
	rec := e.Browser("rec").Login()
	for _, tt := range []struct {
		q    string
		want []string
	}{
		// Tâm with its diacritics: the two who bear it (the newer, a
		// visitor, first), then Tám, then a summary's "trung tâm".
		{"Tâm", []string{"P-DAIDIEN", "P-SAC", "P-HUYEN", "P-TRUNGTAM"}},
		// Without diacritics, every name bears it, newest first.
		{"tam", []string{"P-DAIDIEN", "P-HUYEN", "P-SAC", "P-TRUNGTAM"}},
		{"Võ Văn Tám", []string{"P-HUYEN", "P-SAC"}},
	} {
		if got := deskMatches(rec, tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("the desk's search for %q lists %v, want %v", tt.q, got, tt.want)
		}
	}
}

// The duplicate check tells Tám from Tâm: a name that differs by a
// diacritic records a new petition, the same name (case, spaces, Unicode
// composition aside) is stopped.
func TestDuplicateCheckKeepsDiacritics(t *testing.T) {
	e := webtest.New(t, tamHistory)
	rec := e.Browser("rec").Login()
	csrf := rec.CSRF()
	n := 0
	visit := func(name string) (int, string) {
		n++
		ref := "DON-DUP-" + string(rune('A'+n))
		status, page, _ := rec.Do("POST", "/desk/visits", url.Values{"csrf": {csrf}, "petition_ref": {ref}, "visit_ref": {"LT-" + ref},
			"name": {name}, "people": {"1"}, "summary": {"Khiếu nại việc thu hồi đất"}, "type": {"complaint"}, "field": {"land"}, "eligible": {"1"}})
		return status, page
	}
	for _, tt := range []struct {
		name string
		dup  string // the petition named in the warning, "" for none
	}{
		{"Võ Văn Tám", "P-HUYEN"},
		{"  võ  VĂN   tám ", "P-HUYEN"},
		{"Vo\u0303 Va\u0306n Ta\u0301m", "P-HUYEN"}, // combining marks (NFD)
		{"Võ Văn Tăm", ""},
	} {
		status, page := visit(tt.name)
		warned := regexp.MustCompile(`Công dân này đã có đơn ([A-Z-]+)`).FindStringSubmatch(page)
		switch {
		case tt.dup == "" && status != http.StatusSeeOther:
			t.Errorf("%q is stopped as a duplicate (%d): %v", tt.name, status, warned)
		case tt.dup != "" && (status != http.StatusUnprocessableEntity || warned == nil || warned[1] != tt.dup):
			t.Errorf("%q: %d %v, want a warning of %s", tt.name, status, warned, tt.dup)
		}
	}
}
