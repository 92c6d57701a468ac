package web_test

import (
	"bytes"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// TestTotalsAddUp renders every page that shows totals on a demo history
// up to webtest.Now and adds up, as a reader would, the lines shown with
// each total: the report page's tables (for a closed period and for the
// unfinished one of today), the inbox's count, the leader's overview's
// table of petitions waiting and the schedule's summary.
func TestTotalsAddUp(t *testing.T) {
	var b bytes.Buffer
	if err := demo.Generate(&b, demo.Options{Petitions: 400, Seed: 1, Now: webtest.Now}); err != nil {
		t.Fatal(err)
	}
	e := webtest.NewWith(t, b.String())
	leader := e.Browser("leader").Login()

	for _, period := range []string{"2026-H1", "2026-H2", "2025"} {
		status, page, _ := leader.Do("GET", "/reports?period="+period, nil)
		if status != 200 {
			t.Fatalf("/reports?period=%s: %d", period, status)
		}
		tables := figureTablesOf(page)
		for _, id := range []string{"reception", "reception-petitions", "received", "received-by-type", "resolution", "other", "handling"} {
			if tables[id] == nil {
				t.Errorf("%s: the page has no table %s", period, id)
			}
		}
		checked := 0
		for id, tb := range tables {
			checked += tb.checkSums(t, period+" table "+id)
		}
		if checked < 10 {
			t.Errorf("%s: only %d totals checked", period, checked)
		}
		// The history reaches the lines no type holds, or adding them up
		// proves little.
		if byType := tables["received-by-type"]; byType != nil && byType.value(t, "Tổng số đơn nhận trong kỳ", 1) == 0 {
			t.Errorf("%s: no petition received", period)
		}
		unfinished := strings.Contains(page, `id="unfinished"`)
		if want := period == "2026-H2"; unfinished != want {
			t.Errorf("%s on %s: the page says the period is unfinished: %v, want %v", period, webtest.Now.Format("02/01/2006"), unfinished, want)
		}
		if unfinished && !strings.Contains(webtest.Text(page), "số liệu tính đến ngày 25/11/2026") {
			t.Errorf("%s: the page does not say to which day the figures go", period)
		}
	}
	reached := false
	for _, period := range []string{"2026-H1", "2026-H2", "2025"} {
		_, page, _ := leader.Do("GET", "/reports?period="+period, nil)
		tb := figureTablesOf(page)["received-by-type"]
		if tb.value(t, "Chưa phân loại", 1)+tb.value(t, "Lưu đơn (chưa phân loại)", 1) > 0 {
			reached = true
		}
	}
	if !reached {
		t.Errorf("no period has a petition without a type: the lines for them are not tested")
	}

	_, page, _ := leader.Do("GET", "/inbox", nil)
	if n := sumsOf(t, "inbox", section(page, `id="inbox-count"`, "</p>")); n == 0 {
		t.Errorf("the inbox shows no petition waiting")
	}
	_, page, _ = leader.Do("GET", "/tong-quan", nil)
	waiting := figureTablesOf(page)["waiting"]
	if waiting == nil {
		t.Fatalf("the overview has no table of petitions waiting")
	}
	if waiting.checkSums(t, "overview") == 0 || waiting.value(t, "Tổng cộng", 1) == 0 {
		t.Errorf("the overview shows no petition waiting")
	}
	_, page, _ = leader.Do("GET", "/lich-tiep?month=2026-11", nil)
	sumsOf(t, "schedule", section(page, `id="schedule-summary"`, "</table>"))
	if !strings.Contains(page, "chỉ tính một lần") {
		t.Errorf("the schedule's count of matters does not say a matter counts once")
	}
}

// section is the part of page from the first occurrence of start to the
// next end.
func section(page, start, end string) string {
	i := strings.Index(page, start)
	if i < 0 {
		return ""
	}
	rest := page[i:]
	if j := strings.Index(rest, end); j >= 0 {
		return rest[:j]
	}
	return rest
}

var (
	totalOf = regexp.MustCompile(`data-total>([0-9.]+)<`)
	partOf  = regexp.MustCompile(`data-part>([0-9.]+)<`)
)

// sumsOf checks that the one total marked in s equals the sum of the parts
// marked there, and returns it.
func sumsOf(t *testing.T, what, s string) int {
	t.Helper()
	tm := totalOf.FindAllStringSubmatch(s, -1)
	if len(tm) != 1 {
		t.Errorf("%s: %d totals shown, want 1 in %q", what, len(tm), s)
		return 0
	}
	total, sum := count(t, tm[0][1]), 0
	parts := partOf.FindAllStringSubmatch(s, -1)
	if len(parts) < 2 {
		t.Errorf("%s: %d lines under the total", what, len(parts))
	}
	for _, p := range parts {
		sum += count(t, p[1])
	}
	if sum != total {
		t.Errorf("%s: the total %d is not the sum %d of the lines shown %q", what, total, sum, s)
	}
	return total
}

// count reads a count as the page writes it: "3.088", "05"; "—" is none.
func count(t *testing.T, s string) int {
	t.Helper()
	s = strings.TrimSpace(s)
	if s == "—" {
		return 0
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
	if err != nil {
		t.Errorf("%q is not a count", s)
	}
	return n
}

// shownTable is a figure table as the page shows it: its columns' marks and
// its rows' cells and marks.
type shownTable struct {
	cols []shownCol
	rows []shownRow
}

type shownCol struct {
	total, part []string
	noAdd       bool
}

type shownRow struct {
	class string
	cells []string
}

var (
	tableRE = regexp.MustCompile(`(?s)<table id="table-([a-z-]+)" class="figures">(.*?)</table>`)
	rowRE   = regexp.MustCompile(`(?s)<tr(?: class="([a-z]+)")?>(.*?)</tr>`)
	cellRE  = regexp.MustCompile(`(?s)<t[hd]([^>]*)>(.*?)</t[hd]>`)
	attrRE  = regexp.MustCompile(`(data-total|data-part|class)="([^"]*)"`)
	tagRE   = regexp.MustCompile(`<[^>]*>`)
)

// figureTablesOf reads the figure tables of a report page, by id.
func figureTablesOf(page string) map[string]*shownTable {
	out := map[string]*shownTable{}
	for _, m := range tableRE.FindAllStringSubmatch(page, -1) {
		tb := &shownTable{}
		for i, r := range rowRE.FindAllStringSubmatch(m[2], -1) {
			var cells []string
			for _, c := range cellRE.FindAllStringSubmatch(r[2], -1) {
				if i == 0 {
					var col shownCol
					for _, a := range attrRE.FindAllStringSubmatch(c[1], -1) {
						switch a[1] {
						case "data-total":
							col.total = strings.Fields(a[2])
						case "data-part":
							col.part = strings.Fields(a[2])
						case "class":
							col.noAdd = a[2] == "noadd"
						}
					}
					tb.cols = append(tb.cols, col)
					continue
				}
				cells = append(cells, strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(c[2], ""))))
			}
			if i > 0 {
				tb.rows = append(tb.rows, shownRow{class: r[1], cells: cells})
			}
		}
		out[m[1]] = tb
	}
	return out
}

// value is the cell in column col of the row labelled label.
func (tb *shownTable) value(t *testing.T, label string, col int) int {
	t.Helper()
	for _, r := range tb.rows {
		if r.cells[0] == label {
			return count(t, r.cells[col])
		}
	}
	t.Errorf("no row %q", label)
	return 0
}

// checkSums checks every total of the table — a total column against its
// part columns in each row that adds up, a total row against the part rows
// right under it (or right above it) in each column that adds up — and
// returns how many totals it checked.
func (tb *shownTable) checkSums(t *testing.T, what string) int {
	t.Helper()
	checked := 0
	for _, r := range tb.rows {
		if len(r.cells) != len(tb.cols) {
			t.Errorf("%s: row %q has %d cells for %d columns", what, r.cells[0], len(r.cells), len(tb.cols))
			return checked
		}
	}
	for ti, tc := range tb.cols {
		for _, g := range tc.total {
			for _, r := range tb.rows {
				if r.class == "noadd" {
					continue
				}
				sum, n := 0, 0
				for pi, pc := range tb.cols {
					for _, pg := range pc.part {
						if pg == g {
							sum += count(t, r.cells[pi])
							n++
						}
					}
				}
				if n < 2 {
					t.Errorf("%s: column %d totals %d columns", what, ti, n)
				}
				if total := count(t, r.cells[ti]); total != sum {
					t.Errorf("%s, row %q: column %d is %d, its %d columns add up to %d", what, r.cells[0], ti, total, n, sum)
				}
				checked++
			}
		}
	}
	for i, r := range tb.rows {
		if r.class != "total" {
			continue
		}
		var parts []shownRow
		for j := i + 1; j < len(tb.rows) && tb.rows[j].class == "part"; j++ {
			parts = append(parts, tb.rows[j])
		}
		if len(parts) == 0 {
			for j := i - 1; j >= 0 && tb.rows[j].class == "part"; j-- {
				parts = append(parts, tb.rows[j])
			}
		}
		if len(parts) == 0 {
			t.Errorf("%s: the total %q has no line under it", what, r.cells[0])
			continue
		}
		for c := 1; c < len(tb.cols); c++ {
			if tb.cols[c].noAdd {
				continue
			}
			sum := 0
			for _, p := range parts {
				sum += count(t, p.cells[c])
			}
			if total := count(t, r.cells[c]); total != sum {
				t.Errorf("%s, %q, column %d: %d, but its %d lines add up to %d", what, r.cells[0], c, total, len(parts), sum)
			}
			checked++
		}
	}
	return checked
}

// TestAreaTotalsAddUp: a province's leader chooses "Toàn tỉnh" on the
// report page: the table of committees has a row per committee and the
// area's last, which adds up from them; a commune's leader has no such
// choice, and the API refuses it the area.
func TestAreaTotalsAddUp(t *testing.T) {
	e := webtest.NewWith(t, twoCommunes)
	e.AddUser(cases.User{Name: "p-leader", Role: cases.RoleLeader, Committee: ""})
	e.AddUser(cases.User{Name: "a-leader", Role: cases.RoleLeader, Committee: "xa-a"})
	leader := e.Browser("p-leader").Login()
	status, page, _ := leader.Do("GET", "/reports?period=2026-H2&area=true", nil)
	if status != 200 {
		t.Fatalf("/reports?area=true: %d", status)
	}
	if !strings.Contains(page, `id="report-area"`) || !strings.Contains(page, "Toàn tỉnh") {
		t.Errorf("the province's leader has no choice of the area's report")
	}
	tb := figureTablesOf(page)["committees"]
	if tb == nil {
		t.Fatalf("the area's page has no table of committees")
	}
	if tb.checkSums(t, "committees") == 0 {
		t.Errorf("no total of the table of committees checked")
	}
	if got := tb.value(t, "UBND xã Phước Lộc", 2); got != 1 {
		t.Errorf("commune B's visits: %d, want 1", got)
	}
	if !strings.Contains(webtest.Text(page), "trên địa bàn tỉnh") {
		t.Errorf("the area's text does not say it is the province's area")
	}
	_, page, _ = e.Browser("a-leader").Login().Do("GET", "/reports?period=2026-H2", nil)
	if strings.Contains(page, `id="report-area"`) {
		t.Errorf("a commune's leader is offered an area")
	}
	if status, _ := e.API("a-leader", "GET", "/api/v1/reports/section6?period=2026-H2&area=true&committee=tinh", ""); status != http.StatusForbidden {
		t.Errorf("a commune's leader asks for the province's area: %d, want 403", status)
	}
	if status, body := e.API("p-leader", "GET", "/api/v1/reports/section6?period=2026-H2&area=true", ""); status != 200 || !strings.Contains(body, `"committees"`) || !strings.Contains(body, `"committee_name": "UBND xã Tuy Phước"`) {
		t.Errorf("the area's JSON: %d %s", status, body)
	}
}
