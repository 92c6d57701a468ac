package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/report"
)

// The denouncer of the overview's history and the petitioner of the
// petition still at the desk: distinctive, so that finding them is a leak.
const (
	overviewDenouncer = "Phan Thị Giấu Mặt"
	overviewDeskName  = "Đỗ Văn Chờ Phân"
)

// overviewLines is a small history around webtest.Now (Wednesday
// 25/11/2026): a denunciation routed to the department of natural
// resources on 02/10 and never taken up (its initial handling long overdue)
// and a recommendation routed there (waiting on no deadline); a complaint
// accepted by the department of labour on 27/10, whose 30 days end on
// Thursday 26/11 (near); a complaint accepted by the commune on 20/11 (in
// time); a petition received at the desk on 02/11 and never classified
// (past its handling deadline); and the periodic session of Tuesday 24/11.
const overviewLines = `{"op":"petition","ref":"P-TC","received_at":"2026-10-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"` + overviewDenouncer + `","id_number":"079180000999"},"summary":"Tố cáo cán bộ địa chính thu tiền"}
{"op":"classify","petition":"P-TC","at":"2026-10-01T09:00:00+07:00","type":"denunciation","field":"land","eligible":true}
{"op":"route","petition":"P-TC","at":"2026-10-02T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"petition","ref":"P-KN","received_at":"2026-11-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn Kiến"},"summary":"Kiến nghị nạo vét kênh"}
{"op":"classify","petition":"P-KN","at":"2026-11-02T09:00:00+07:00","type":"recommendation","field":"other","eligible":true}
{"op":"route","petition":"P-KN","at":"2026-11-03T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"petition","ref":"P-LD","received_at":"2026-10-20T08:00:00+07:00","channel":"reception","petitioner":{"name":"Trần Văn Lao"},"summary":"Khiếu nại việc chi trả trợ cấp"}
{"op":"classify","petition":"P-LD","at":"2026-10-20T09:00:00+07:00","type":"complaint","field":"policy","eligible":true}
{"op":"route","petition":"P-LD","at":"2026-10-21T08:00:00+07:00","to":"own","unit":"ld","method":"assign"}
{"op":"accept","petition":"P-LD","at":"2026-10-27T08:00:00+07:00"}
{"op":"petition","ref":"P-XA","received_at":"2026-11-10T08:00:00+07:00","channel":"reception","petitioner":{"name":"Lê Thị Xã"},"summary":"Khiếu nại quyết định hỗ trợ"}
{"op":"classify","petition":"P-XA","at":"2026-11-10T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-XA","at":"2026-11-11T08:00:00+07:00","to":"lower","unit":"xa1","method":"transfer"}
{"op":"accept","petition":"P-XA","at":"2026-11-20T08:00:00+07:00"}
{"op":"petition","ref":"P-DESK","received_at":"2026-11-02T10:00:00+07:00","channel":"reception","petitioner":{"name":"` + overviewDeskName + `","phone":"0911222333"},"summary":"Phản ánh việc lấn chiếm lối đi"}
{"op":"session","ref":"K-1124","kind":"periodic","date":"2026-11-24","presided_by":"Chủ tịch Trần Văn A"}
`

// TestLeaderOverview: a leader lands on the overview, which counts the
// petitions waiting at each unit, by its name, and at the desk by the
// deadline they wait on — each unit's line as its inbox counts it, the total
// adding up — lists the overdue ones by their number in the book, tells this
// week's reception and the running quarter's figures as the report gives
// them, and names no petitioner, so that reading it writes nothing to the
// access log. Reception, heads and reporters get a Vietnamese 403.
func TestLeaderOverview(t *testing.T) {
	e := webtest.New(t, overviewLines)
	leader := e.Browser("leader").Login()
	status, _, h := leader.Do("GET", "/", nil)
	if status != http.StatusSeeOther || h.Get("Location") != "/tong-quan" {
		t.Fatalf("a leader lands on %d %q, want /tong-quan", status, h.Get("Location"))
	}
	before := accessRows(t, e, "leader")
	status, page, _ := leader.Do("GET", "/tong-quan", nil)
	if status != http.StatusOK {
		t.Fatalf("/tong-quan: %d %.500s", status, mainText(page))
	}
	if after := accessRows(t, e, "leader"); after != before {
		t.Errorf("reading the overview wrote %d access log rows", after-before)
	}
	if !strings.Contains(page, `href="/tong-quan"`) {
		t.Errorf("the header has no link to the overview")
	}

	// The deadlines the history was written for, as the petitions' pages
	// give them.
	due := func(ref, kind string) string {
		t.Helper()
		d := webtest.Decode[struct {
			Deadlines []struct {
				Kind string `json:"kind"`
				Due  string `json:"due"`
			} `json:"deadlines"`
		}](t, e.MustAPI(http.StatusOK, "leader", "GET", "/api/v1/petitions/"+ref, ""))
		for _, x := range d.Deadlines {
			if x.Kind == kind {
				return x.Due
			}
		}
		t.Fatalf("%s has no %s deadline", ref, kind)
		return ""
	}
	if got := due("P-LD", "resolution"); got != "2026-11-26" {
		t.Fatalf("P-LD's resolution is due %s; the test wants it near, 26/11", got)
	}
	if got := due("P-DESK", "handling"); got >= "2026-11-25" {
		t.Fatalf("P-DESK's handling is due %s; the test wants it past", got)
	}

	tb := figureTablesOf(page)["waiting"]
	if tb == nil {
		t.Fatalf("the overview has no table of petitions waiting: %.2000s", mainText(page))
	}
	// Columns: waiting, overdue, near, in time, no deadline.
	want := map[string][5]int{
		"Phòng Tài nguyên và Môi trường":                {2, 1, 0, 0, 1},
		"Phòng Lao động - Thương binh và Xã hội":        {1, 0, 1, 0, 0},
		"UBND xã Phước Hòa":                             {1, 0, 0, 1, 0},
		"Bộ phận tiếp công dân (đơn chưa chuyển xử lý)": {1, 1, 0, 0, 0},
		"Tổng cộng": {5, 2, 1, 1, 1},
	}
	if len(tb.rows) != len(want) {
		t.Errorf("the table has %d rows, want %d: %+v", len(tb.rows), len(want), tb.rows)
	}
	for name, cells := range want {
		for col, n := range cells {
			if got := tb.value(t, name, col+1); got != n {
				t.Errorf("%s, column %d: %d, want %d", name, col+1, got, n)
			}
		}
	}
	if tb.checkSums(t, "overview") == 0 {
		t.Errorf("no total of the overview checked")
	}
	// Each unit's line is what its inbox counts.
	for ref, name := range map[string]string{"tnmt": "Phòng Tài nguyên và Môi trường", "ld": "Phòng Lao động - Thương binh và Xã hội", "xa1": "UBND xã Phước Hòa"} {
		_, inbox, _ := leader.Do("GET", "/inbox?unit="+ref, nil)
		if n := sumsOf(t, "inbox "+ref, section(inbox, `id="inbox-count"`, "</p>")); n != tb.value(t, name, 1) {
			t.Errorf("%s: the inbox counts %d waiting, the overview %d", ref, n, tb.value(t, name, 1))
		}
		if !strings.Contains(page, `href="/inbox?unit=`+ref+`"`) {
			t.Errorf("the line of %s does not link to its inbox", ref)
		}
	}
	for _, r := range tb.rows {
		if r.cells[0] == "tnmt" || r.cells[0] == "ld" || r.cells[0] == "xa1" {
			t.Errorf("the overview names a unit by its code: %q", r.cells[0])
		}
	}

	// The overdue, by their number in the book, each with where it waits.
	overdue := section(page, `<table id="overdue">`, "</table>")
	for ref, unit := range map[string]string{"P-TC": "Phòng Tài nguyên và Môi trường",
		"P-DESK": "Bộ phận tiếp công dân (đơn chưa chuyển xử lý)"} {
		number := webtest.Decode[struct {
			Petition struct {
				Number string `json:"number"`
			} `json:"petition"`
		}](t, e.MustAPI(http.StatusOK, "leader", "GET", "/api/v1/petitions/"+ref, "")).Petition.Number
		if number == "" || !strings.Contains(overdue, `<a href="/petitions/`+ref+`">`+number+`</a>`) {
			t.Errorf("the overdue list has no link to %s numbered %q: %s", ref, number, overdue)
		}
		row := section(overdue, `href="/petitions/`+ref+`"`, "</tr>")
		if !strings.Contains(row, unit) {
			t.Errorf("the overdue %s does not say where it waits (%s): %s", ref, unit, row)
		}
	}
	for _, ref := range []string{"P-LD", "P-XA", "P-KN"} {
		if strings.Contains(overdue, "/petitions/"+ref+`"`) {
			t.Errorf("%s, not overdue, is in the overdue list", ref)
		}
	}

	// This week's reception: the periodic day of Tuesday 24/11, held.
	week := webtest.Text(section(page, `id="week"`, "</ul>"))
	if !strings.Contains(week, "Thứ Ba 24/11/2026") || !strings.Contains(week, "Đã tiếp") || !strings.Contains(week, "Chủ tịch Trần Văn A") {
		t.Errorf("the week does not tell the reception held on 24/11: %s", week)
	}

	// The running quarter as the report gives it, cut at today.
	f := webtest.Decode[struct {
		ReceivedByType struct {
			Total int `json:"total"`
		} `json:"received_by_type"`
	}](t, e.MustAPI(http.StatusOK, "leader", "GET", "/api/v1/reports/section6?period=2026-Q4", ""))
	quarter := webtest.Text(section(page, `id="quarter"`, "</p>"))
	for _, s := range []string{"số liệu tính đến ngày 25/11/2026", "tiếp nhận " + report.FormatCount(f.ReceivedByType.Total) + " đơn"} {
		if !strings.Contains(quarter, s) {
			t.Errorf("the quarter's line does not say %q: %s", s, quarter)
		}
	}
	if f.ReceivedByType.Total != 5 {
		t.Errorf("the report counts %d petitions received in 2026-Q4, want 5", f.ReceivedByType.Total)
	}
	if !strings.Contains(page, "Quý IV năm 2026") || !strings.Contains(page, `href="/reports?period=2026-Q4"`) {
		t.Errorf("the overview does not name the quarter and link to its report")
	}

	// No petitioner, not even one a leader may read.
	for _, s := range []string{overviewDenouncer, overviewDeskName, cases.Fold(overviewDenouncer), "079180000999", "0911222333",
		"Nguyễn Văn Kiến", cases.MaskedName} {
		if strings.Contains(page, s) {
			t.Errorf("the overview shows %q", s)
		}
	}

	// Everyone else: a page in Vietnamese that says it is the leaders'.
	for _, user := range []string{"rec", "head", "reporter"} {
		b := e.Browser(user).Login()
		status, page, _ := b.Do("GET", "/tong-quan", nil)
		if status != http.StatusForbidden || !strings.Contains(mainText(page), "Trang tổng quan dành cho lãnh đạo UBND") {
			t.Errorf("%s reading the overview: %d %.300s", user, status, mainText(page))
		}
		if strings.Contains(page, `href="/tong-quan"`) {
			t.Errorf("%s's header links to the overview", user)
		}
	}
}

// accessRows counts the access log's rows of user.
func accessRows(t *testing.T, e *webtest.Env, user string) int {
	t.Helper()
	rows, err := e.DB.AccessLog(context.Background(), cases.AccessFilter{User: user, Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}
