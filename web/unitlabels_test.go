package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
)

// reformedUnits are an office that was a district until 30/06/2025 and the
// commune formed from the merger from 01/07/2025.
const reformedUnits = `{"op":"unit","ref":"huyen","name":"UBND huyện Tuy Phước","kind":"own","level":"district","valid_until":"2025-06-30","lower_label":"UBND các xã, thị trấn"}
{"op":"unit","ref":"xa","name":"UBND xã Tuy Phước","kind":"own","level":"commune","valid_from":"2025-07-01","replaces":["huyen"]}
`

// A receipt is headed by the committee in force on the day of receipt and
// its reception office: the district's Ban Tiếp công dân in 2024, the
// commune's Bộ phận tiếp công dân in 2026 (SPEC §9: labels from the units).
func TestReceiptNamesTheCommitteeInForce(t *testing.T) {
	e := webtest.NewWith(t, reformedUnits+
		`{"op":"petition","ref":"P-2024","received_at":"2024-03-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn An"},"summary":"Kiến nghị sửa đường"}
{"op":"petition","ref":"P-2026","received_at":"2026-03-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Văn Cường"},"summary":"Kiến nghị sửa cống"}
`)
	rec := e.Browser("rec").Login()
	for _, tt := range []struct{ ref, office, desk, never string }{
		{"P-2024", "UBND huyện Tuy Phước", "BAN TIẾP CÔNG DÂN", "xã Tuy Phước"},
		{"P-2026", "UBND xã Tuy Phước", "BỘ PHẬN TIẾP CÔNG DÂN", "huyện"},
	} {
		status, page, _ := rec.Do("GET", "/petitions/"+tt.ref+"/receipt", nil)
		text := webtest.Text(page)
		if status != http.StatusOK || !strings.Contains(text, tt.office+" "+tt.desk) || strings.Contains(text, tt.never) {
			t.Errorf("%s: %d, want %q then %q, never %q: %s", tt.ref, status, tt.office, tt.desk, tt.never, text)
		}
	}
}
