package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/export"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

var (
	complainantIdentity = []string{"Nguyễn Văn An", "052080001234", "thôn Phú Mỹ, xã Phước Hòa", "0905000111"}
	denouncerIdentity   = []string{"Lương Thị Kín Đáo", "079188012345", "Số 7 hẻm Bí Mật", "0912345678"}
)

// exported downloads an export as user and returns its rows, the CSV
// parsed or the workbook's sheet read, heads first (the workbook's title
// rows and column numbers left out).
func exported(t *testing.T, e *webtest.Env, user, path string) [][]string {
	t.Helper()
	status, h, body := e.GetFile(user, path)
	if status != http.StatusOK {
		t.Fatalf("%s as %s: %d %s", path, user, status, body)
	}
	return exportRows(t, path, h, body)
}

func exportRows(t *testing.T, path string, h http.Header, body []byte) [][]string {
	t.Helper()
	if !strings.HasPrefix(h.Get("Content-Disposition"), "attachment; filename=") {
		t.Errorf("%s: not a file to save: %q", path, h.Get("Content-Disposition"))
	}
	if strings.Contains(path, "format=xlsx") {
		if h.Get("Content-Type") != export.XLSX.ContentType() {
			t.Errorf("%s: content type %q", path, h.Get("Content-Type"))
		}
		sheets := webtest.XLSXSheets(t, body)
		for _, rows := range sheets {
			if len(rows) < 6 {
				t.Fatalf("%s: the sheet has no heads: %q", path, rows)
			}
			// Rows 1–3 are the title, 5 the heads, 6 their numbers.
			if !strings.Contains(rows[0][0], "UBND huyện Tuy Phước") {
				t.Errorf("%s: the title does not name the committee: %q", path, rows[0])
			}
			return append([][]string{rows[4]}, rows[6:]...)
		}
	}
	if !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Errorf("%s: content type %q", path, h.Get("Content-Type"))
	}
	return webtest.CSVRows(t, body)
}

// column returns column i (from 0) of the rows after the heads.
func column(rows [][]string, i int) []string {
	var out []string
	for _, r := range rows[1:] {
		out = append(out, cell(r, i))
	}
	return out
}

func cell(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}

// TestReceptionBookColumns reads the book of November in both formats:
// the 13 heads of Mẫu 03/TCD, a row per visit in the order recorded, and
// every cell of the group's repeat visit.
func TestReceptionBookColumns(t *testing.T) {
	e := webtest.New(t, webtest.ExportLines)
	for _, format := range []string{"csv", "xlsx"} {
		rows := exported(t, e, "rec", "/api/v1/exports/reception-book?from=2026-11-01&to=2026-11-30&format="+format)
		if !slices.Equal(rows[0], export.BookHeads) || len(rows[0]) != 13 {
			t.Errorf("%s heads: %q", format, rows[0])
		}
		if got := column(rows, 0); !slices.Equal(got, []string{"2/2026", "3/2026", "4/2026", "5/2026"}) {
			t.Errorf("%s: STT %q, want the book numbers of the four visits of November", format, got)
		}
		if got := column(rows, 4); !slices.Equal(got, []string{"Khiếu nại quyết định thu hồi đất", "Tố cáo cán bộ địa chính nhận tiền",
			"Khiếu nại quyết định thu hồi đất", "Kiến nghị sửa đường liên thôn"}) {
			t.Errorf("%s: not the visits in the order recorded: %q", format, got)
		}
		want := []string{"4/2026", "09/11/2026", "Nguyễn Văn An, thôn Phú Mỹ, xã Phước Hòa", "052080001234",
			"Khiếu nại quyết định thu hồi đất", "Khiếu nại", "6", "", "x", "",
			"Phòng Tài nguyên và Môi trường",
			"Đã giải quyết ngày 20/11/2026: Đúng một phần, quyết định số 25/QĐ-UBND",
			"Tiếp định kỳ, chủ trì: Chủ tịch Trần Văn A; Đoàn đông người; Tiếp nhiều lần (lần thứ 2)"}
		for i, w := range want {
			if got := cell(rows[3], i); got != w {
				t.Errorf("%s: column %d (%s) of the group's visit: %q, want %q", format, i+1, export.BookHeads[i], got, w)
			}
		}
		// The denunciation sent to the police, and the recommendation
		// guided to the commune after an online visit.
		for _, c := range []struct {
			row, col int
			want     string
		}{
			{2, 2, cases.MaskedName}, {2, 3, ""}, {2, 5, "Tố cáo"}, {2, 8, ""}, {2, 9, ""},
			{2, 10, "Công an huyện Tuy Phước"}, {2, 11, "Đã chuyển đơn ngày 04/11/2026"},
			{4, 8, ""}, {4, 9, "UBND xã Phước Hòa"}, {4, 10, ""}, {4, 12, "Tiếp trực tuyến"},
			{1, 12, ""},
		} {
			if got := cell(rows[c.row], c.col); got != c.want {
				t.Errorf("%s: row %d, column %d (%s): %q, want %q", format, c.row, c.col+1, export.BookHeads[c.col], got, c.want)
			}
		}
	}
}

// TestReceptionBookPeriod: a named period and dates select the visits
// dated in them; a bad period is refused as the report refuses it.
func TestReceptionBookPeriod(t *testing.T) {
	e := webtest.New(t, webtest.ExportLines)
	if got := column(exported(t, e, "leader", "/api/v1/exports/reception-book?from=2026-10-01&to=2026-10-31"), 4); !slices.Equal(got, []string{"Khiếu nại việc cấp giấy chứng nhận"}) {
		t.Errorf("October: %q", got)
	}
	if rows := exported(t, e, "admin", "/api/v1/exports/reception-book?period=2026-Q4&format=xlsx"); len(rows) != 6 {
		t.Errorf("2026-Q4: %d visits, want 5", len(rows)-1)
	}
	if rows := exported(t, e, "rec", "/api/v1/exports/reception-book?from=2026-11-11&to=2026-11-30"); len(rows) != 1 {
		t.Errorf("a period without visits: %q, want the heads only", rows)
	}
	for _, c := range []struct{ query, field string }{
		{"", "period"}, {"period=2026-Q9", "period"}, {"from=2026-11-30&to=2026-11-01", "to"},
		{"period=2026-Q4&from=2026-11-01", "period"}, {"from=2026-11-01&to=2026-11-30&format=pdf", "format"},
	} {
		status, body := e.API("rec", "GET", "/api/v1/exports/reception-book?"+c.query, "")
		got := webtest.Decode[struct {
			Error struct{ Code, Message, MessageVI, Field string } `json:"error"`
		}](t, body)
		if status != http.StatusUnprocessableEntity || got.Error.Field != c.field || got.Error.Message == "" || !strings.Contains(body, `"message_vi":"`) {
			t.Errorf("%q: %d %s, want 422 naming %s", c.query, status, body, c.field)
		}
	}
}

// TestRegisterColumnsAndFilters reads the register with the list's filters
// and periods, and every cell of the resolved complaint's row.
func TestRegisterColumnsAndFilters(t *testing.T) {
	e := webtest.New(t, webtest.ExportLines)
	for _, format := range []string{"csv", "xlsx"} {
		rows := exported(t, e, "rec", "/api/v1/exports/petitions?from=2026-11-01&to=2026-11-30&format="+format)
		if !slices.Equal(rows[0], export.RegisterHeads) {
			t.Errorf("%s heads: %q", format, rows[0])
		}
		if got := column(rows, 1); !slices.Equal(got, []string{"P-C", "P-D", "P-G"}) {
			t.Errorf("%s: petitions received in November: %q", format, got)
		}
		want := []string{"2/2026", "P-C", "02/11/2026", "Qua tiếp công dân", "Nguyễn Văn An", "052080001234", "thôn Phú Mỹ, xã Phước Hòa",
			"0905000111", "1", "Khiếu nại quyết định thu hồi đất", "Khiếu nại", "Đất đai", "Giao", "04/11/2026",
			"Phòng Tài nguyên và Môi trường", "05/11/2026", "", "Đã giải quyết ngày 20/11/2026: Đúng một phần, quyết định số 25/QĐ-UBND",
			"Đã giải quyết"}
		for i, w := range want {
			if got := cell(rows[1], i); got != w {
				t.Errorf("%s: column %s of P-C: %q, want %q", format, export.RegisterHeads[i], got, w)
			}
		}
	}
	for _, c := range []struct {
		user, query string
		want        []string
	}{
		{"rec", "", []string{"P-O", "P-C", "P-D", "P-G"}},
		{"rec", "type=complaint", []string{"P-O", "P-C"}},
		{"rec", "period=2026-Q4&type=complaint", []string{"P-O", "P-C"}},
		{"rec", "from=2026-10-01&to=2026-10-31", []string{"P-O"}},
		{"rec", "to=2026-11-02", []string{"P-O", "P-C"}},
		{"rec", "state=transferred", []string{"P-D"}},
		{"rec", "overdue=true", []string{"P-O"}},
		{"rec", "q=sua+duong", []string{"P-G"}},
		{"leader", "unit=xa1", []string{"P-G"}},
		// A head reads its unit's petitions only, as its list shows them.
		{"head", "", []string{"P-C"}},
		{"head-ld", "", nil},
	} {
		if got := column(exported(t, e, c.user, "/api/v1/exports/petitions?"+c.query), 1); !slices.Equal(got, c.want) {
			t.Errorf("%s: %s: %q, want %q", c.user, c.query, got, c.want)
		}
	}
	rows := exported(t, e, "rec", "/api/v1/exports/petitions?overdue=true")
	if got := cell(rows[1], 18); got != "Đã phân loại (quá hạn)" || cell(rows[1], 16) == "" {
		t.Errorf("the overdue petition: due %q, state %q", cell(rows[1], 16), got)
	}
}

// TestExportRoles: a reporter reads figures only and exports nothing; the
// reception book is the desk's, not a head's; a head asking for another
// unit is refused as its list refuses it.
func TestExportRoles(t *testing.T) {
	e := webtest.New(t, webtest.ExportLines)
	for _, c := range []struct{ user, path string }{
		{"reporter", "/api/v1/exports/petitions"},
		{"reporter", "/api/v1/exports/reception-book?period=2026-Q4"},
		{"head", "/api/v1/exports/reception-book?period=2026-Q4"},
		{"head", "/api/v1/exports/petitions?unit=ld"},
	} {
		status, body := e.API(c.user, "GET", c.path, "")
		if status != http.StatusForbidden || !strings.Contains(body, `"message_vi":"`) || strings.Contains(body, "P-C") {
			t.Errorf("%s %s: %d %s, want 403", c.user, c.path, status, body)
		}
	}
	if status, _ := e.API("", "GET", "/api/v1/exports/petitions", ""); status != http.StatusUnauthorized {
		t.Errorf("without a token: %d", status)
	}
}

// TestExportsMaskTheDenouncer: the denouncer's name, ID number, address and
// phone are in neither file of either register, for anyone, even the
// officer who recorded it and the leader, who read it on the pages; the
// complainant's are.
func TestExportsMaskTheDenouncer(t *testing.T) {
	e := webtest.New(t, webtest.ExportLines)
	for _, user := range []string{"import", "leader", "admin", "rec"} {
		if user == "import" {
			continue // the recorder of the history: no account
		}
		for _, format := range []string{"csv", "xlsx"} {
			var all strings.Builder
			for _, path := range []string{"/api/v1/exports/petitions?format=" + format,
				"/api/v1/exports/reception-book?period=2026-Q4&format=" + format} {
				for _, r := range exported(t, e, user, path) {
					all.WriteString(strings.Join(r, "\t") + "\n")
				}
			}
			for _, s := range denouncerIdentity {
				if strings.Contains(all.String(), s) {
					t.Errorf("%s's %s exports show the denouncer's %q", user, format, s)
				}
			}
			for _, s := range complainantIdentity {
				if !strings.Contains(all.String(), s) {
					t.Errorf("%s's %s exports lack the complainant's %q", user, format, s)
				}
			}
			if !strings.Contains(all.String(), cases.MaskedName) {
				t.Errorf("%s's %s exports do not say the denouncer is masked", user, format)
			}
		}
	}
	// The petition not classified yet is protected from the first minute.
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"petition","ref":"P-N","received_at":"2026-11-24T08:00:00+07:00","channel":"reception","petitioner":{"name":"Đoàn Văn Mới","phone":"0933444555"},"summary":"Đơn chưa phân loại"}`)
	status, _, body := e.GetFile("rec", "/api/v1/exports/petitions?q=chua+phan+loai")
	if status != http.StatusOK || strings.Contains(string(body), "Đoàn Văn Mới") || strings.Contains(string(body), "0933444555") ||
		!strings.Contains(string(body), cases.MaskedName) {
		t.Errorf("the unclassified petition's petitioner in the register: %d %s", status, body)
	}
}

var exportLink = regexp.MustCompile(`<a href="(/exports/petitions\?[^"]+)" class="export"`)

// TestExportPages: the list of petitions offers its register with the
// list's filters, and the link downloads it; the desk offers the reception
// book of a period, in Vietnamese, and its form downloads it; a page's
// refusal is said in Vietnamese.
func TestExportPages(t *testing.T) {
	e := webtest.New(t, webtest.ExportLines)
	b := e.Browser("rec").Login()
	status, page, _ := b.Do("GET", "/petitions?type=complaint&from=2026-11-01&to=2026-11-30", nil)
	links := exportLink.FindAllStringSubmatch(page, -1)
	if status != http.StatusOK || len(links) != 2 || !strings.Contains(page, "Tải sổ theo dõi đơn") {
		t.Fatalf("the list offers no register: %d %s", status, page)
	}
	for _, l := range links {
		link := html.UnescapeString(l[1])
		u, _ := url.Parse(link)
		if q := u.Query(); q.Get("type") != "complaint" || q.Get("from") != "2026-11-01" || q.Get("to") != "2026-11-30" {
			t.Errorf("the register's link drops the list's filters: %s", link)
		}
		status, body, h := b.Do("GET", link, nil)
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", link, status, body)
		}
		if got := column(exportRows(t, link, h, []byte(body)), 1); !slices.Equal(got, []string{"P-C"}) {
			t.Errorf("%s: %q, want the complaint of November", link, got)
		}
	}

	status, page, _ = b.Do("GET", "/desk", nil)
	if status != http.StatusOK || !strings.Contains(page, `action="/exports/reception-book"`) ||
		!strings.Contains(page, `name="from" value="2026-11-01"`) || !strings.Contains(page, `name="to" value="2026-11-25"`) ||
		!strings.Contains(page, "Tải sổ tiếp công dân") {
		t.Fatalf("the desk offers no reception book: %d", status)
	}
	link := "/exports/reception-book?from=2026-11-01&to=2026-11-25&format=xlsx"
	status, body, h := b.Do("GET", link, nil)
	if status != http.StatusOK {
		t.Fatalf("%s: %d %s", link, status, body)
	}
	if rows := exportRows(t, link, h, []byte(body)); len(rows) != 5 {
		t.Errorf("the desk's book of November: %d visits, want 4", len(rows)-1)
	}
	status, body, _ = b.Do("GET", "/exports/reception-book?from=2026-11-30&to=2026-11-01", nil)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "<html") {
		t.Errorf("a bad period on the pages: %d %.300s", status, body)
	}
	status, body, _ = e.Browser("reporter").Login().Do("GET", "/exports/petitions", nil)
	if status != http.StatusForbidden || strings.Contains(body, "Nguyễn Văn An") {
		t.Errorf("a reporter's register: %d", status)
	}
}
