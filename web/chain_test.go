package web_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
)

// TestReportsGiveTheSignedHead: with a signing key, the API's JSON of
// section II.6, its workbook and the report page's footer give the head of
// the history and the signature the key checks; the text of section II.6
// on the page is the same as without a key and names neither.
func TestReportsGiveTheSignedHead(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	rep := e.Browser("reporter").Login()
	_, unsigned, _ := rep.Do("GET", "/reports?period=2026-Q4", nil)

	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.DB.SetSigningKey(context.Background(), key); err != nil {
		t.Fatal(err)
	}
	f := webtest.Decode[report.Figures](t, e.MustAPI(http.StatusOK, "reporter", "GET", "/api/v1/reports/section6?period=2026-Q4", ""))
	head, err := e.DB.LastEvent(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if f.Chain == nil || f.Chain.Seq != head.Seq || f.Chain.Head != head.Hash || !storage.CheckSignature(f.Chain, pub) {
		t.Fatalf("the API's chain %+v, the history's head %+v", f.Chain, head)
	}

	status, page, _ := rep.Do("GET", "/reports?period=2026-Q4", nil)
	_, footer, _ := strings.Cut(page, `<footer class="chain" id="chain"><small>`)
	footer, _, _ = strings.Cut(footer, `</small></footer>`)
	if footer = html.UnescapeString(footer); status != http.StatusOK || footer != f.Chain.Line() || !strings.Contains(footer, "chữ ký "+f.Chain.Signature) {
		t.Errorf("the report page's footer %q, want %q", footer, f.Chain.Line())
	}
	if a, b := section6Text(t, unsigned), section6Text(t, page); a == "" || a != b || strings.Contains(b, head.Hash) {
		t.Errorf("the text of section II.6 changed with the signing key:\n%s\n%s", a, b)
	}

	_, _, body := e.GetFile("reporter", "/api/v1/reports/section6?period=2026-Q4&format=xlsx")
	sheets := webtest.XLSXRows(t, body)
	rows := sheets[report.FiguresSheet]
	if last := rows[len(rows)-1]; len(last) == 0 || last[0] != f.Chain.Line() {
		t.Errorf("the workbook's last line %q, want %q", last, f.Chain.Line())
	}
}

// section6Text is the text of section II.6 on a report page.
func section6Text(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `<pre class="copy" id="section6-text">`)
	text, _, ok2 := strings.Cut(rest, `</pre>`)
	if !ok || !ok2 {
		t.Fatalf("no text of section II.6 on the page")
	}
	return text
}
