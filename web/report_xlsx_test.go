package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/report"
)

// checkWorkbook checks a workbook served for 2026-Q4 against the figures
// of the API's JSON.
func checkWorkbook(t *testing.T, what string, h http.Header, body []byte, f report.Figures) {
	t.Helper()
	if got := h.Get("Content-Type"); got != report.XLSXContentType {
		t.Errorf("%s: Content-Type %q", what, got)
	}
	if got := h.Get("Content-Disposition"); got != `attachment; filename="bao-cao-II6-2026-Q4.xlsx"` {
		t.Errorf("%s: Content-Disposition %q", what, got)
	}
	sheets := webtest.XLSXRows(t, body)
	total := webtest.FigureRow(t, sheets, "Tổng cộng")
	want := []string{strconv.Itoa(f.Received.Total.Petitions), strconv.Itoa(f.Received.Total.Cases), strconv.Itoa(f.Received.Total.PreviousPetitions)}
	if f.Received.Total.Petitions == 0 || strings.Join(total[1:4], "|") != strings.Join(want, "|") {
		t.Errorf("%s: complaints and denunciations received %q, the figures say %q", what, total[1:4], want)
	}
	own := webtest.FigureRow(t, sheets, "Thuộc thẩm quyền UBND huyện")
	if got, want := own[3], strconv.Itoa(f.Resolution.Complaint.Own.MustResolve); got != want {
		t.Errorf("%s: complaints to resolve %s, the figures say %s", what, got, want)
	}
	for _, rows := range sheets {
		for _, r := range rows {
			for _, c := range r {
				// matrixHistory's petitioners are all "Người gửi …".
				if strings.Contains(c, "Người gửi") || strings.Contains(c, "Nội dung P-") {
					t.Errorf("%s: a cell holds personal data: %q", what, c)
				}
			}
		}
	}
}

// TestReportXLSXEndpoint downloads section II.6 as a workbook from the API
// (format=xlsx) and from the report page, as each role: the figures are the
// API's JSON's, the file is named after the period, and only those who read
// the committee's statistics get it.
func TestReportXLSXEndpoint(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	f := webtest.Decode[report.Figures](t, e.MustAPI(http.StatusOK, "reporter", "GET", "/api/v1/reports/section6?period=2026-Q4", ""))

	status, h, body := e.GetFile("reporter", "/api/v1/reports/section6?period=2026-Q4&format=xlsx")
	if status != http.StatusOK {
		t.Fatalf("format=xlsx: %d %s", status, body)
	}
	checkWorkbook(t, "the API's workbook", h, body, f)

	// A head reads the unit's cases, not the committee's statistics;
	// without a token nobody reads anything.
	if status, _, body := e.GetFile("head", "/api/v1/reports/section6?period=2026-Q4&format=xlsx"); status != http.StatusForbidden ||
		webtest.Decode[webtest.ErrorJSON](t, string(body)).Error.Code != "forbidden" {
		t.Errorf("a head asks for the workbook: %d %s", status, body)
	}
	if status, _, _ := e.GetFile("", "/api/v1/reports/section6?period=2026-Q4&format=xlsx"); status != http.StatusUnauthorized {
		t.Errorf("the workbook without a token: %d", status)
	}
	if status, _, body := e.GetFile("reporter", "/api/v1/reports/section6?period=2026-Q4&format=pdf"); status != http.StatusUnprocessableEntity ||
		webtest.Decode[webtest.ErrorJSON](t, string(body)).Error.Field != "format" {
		t.Errorf("format=pdf: %d %s", status, body)
	}
	if status, _, body := e.GetFile("reporter", "/api/v1/reports/section6?period=2026-Q9&format=xlsx"); status != http.StatusUnprocessableEntity ||
		webtest.Decode[webtest.ErrorJSON](t, string(body)).Error.Field != "period" {
		t.Errorf("a wrong period as xlsx: %d %s", status, body)
	}

	// The report page offers it beside the JSON; its download is the same
	// workbook.
	rep := e.Browser("reporter").Login()
	status, page, _ := rep.Do("GET", "/reports?period=2026-Q4", nil)
	if status != http.StatusOK || !strings.Contains(page, `href="/reports/section6.xlsx?period=2026-Q4"`) || !strings.Contains(page, "Tải bảng tính (XLSX)") {
		t.Errorf("the report page (%d) does not offer the workbook", status)
	}
	status, page, h = rep.Do("GET", "/reports/section6.xlsx?period=2026-Q4", nil)
	if status != http.StatusOK {
		t.Fatalf("the page's download: %d %.300s", status, page)
	}
	checkWorkbook(t, "the page's workbook", h, []byte(page), f)
	if status, _, _ := e.Browser("head").Login().Do("GET", "/reports/section6.xlsx?period=2026-Q4", nil); status != http.StatusForbidden {
		t.Errorf("a head downloads the workbook from the pages: %d", status)
	}
}
