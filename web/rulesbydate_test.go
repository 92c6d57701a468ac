package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
)

// rulesHistory has a complaint accepted before 01/07/2026 and a denunciation
// accepted in 2023, both at tnmt.
const rulesHistory = `{"op":"petition","ref":"P-KN","received_at":"2026-06-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Văn Khiếu"},"summary":"Khiếu nại quyết định thu hồi đất"}
{"op":"classify","petition":"P-KN","at":"2026-06-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-KN","at":"2026-06-03T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-KN","at":"2026-06-10T08:00:00+07:00"}
{"op":"petition","ref":"P-TC","received_at":"2023-03-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Thị Tố"},"summary":"Tố cáo cán bộ địa chính"}
{"op":"classify","petition":"P-TC","at":"2023-03-02T08:00:00+07:00","type":"denunciation","field":"civil_service","eligible":true}
{"op":"route","petition":"P-TC","at":"2023-03-03T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-TC","at":"2023-03-10T08:00:00+07:00"}
`

// A complaint's suspension before 01/07/2026 is refused through the API (in
// English and, as message_vi, in Vietnamese) and on the petition page (in
// Vietnamese), and nothing is written; from that day it is recorded. A
// denunciation is suspended in 2023.
func TestSuspendByTheLawOfItsDate(t *testing.T) {
	ctx := context.Background()
	e := webtest.New(t, rulesHistory)
	before, err := e.DB.History(ctx, "P-KN")
	if err != nil {
		t.Fatal(err)
	}

	status, body := e.API("head", "POST", "/api/v1/commands",
		`{"op":"suspend","petition":"P-KN","at":"2026-06-30T16:00:00+07:00","reason":"Chờ kết quả đo đạc"}`)
	got := webtest.Decode[webtest.ErrorJSON](t, body)
	if status != http.StatusConflict || got.Error.Code != "conflict" || got.Error.Field != "at" ||
		!strings.Contains(got.Error.Message, "only from 2026-07-01") ||
		!strings.Contains(got.Error.MessageVI, "khiếu nại chỉ được tạm đình chỉ từ 01/07/2026") ||
		!strings.Contains(got.Error.MessageVI, "Luật 136/2025/QH15") {
		t.Errorf("suspend of a complaint on 30/06/2026: %d %s", status, body)
	}

	b := e.Browser("head").Login()
	form := url.Values{"op": {"suspend"}, "at": {"2026-06-30T16:00"}, "reason": {"Chờ kết quả đo đạc"}, "csrf": {b.CSRF()}}
	status, page, _ := b.Do("POST", "/petitions/P-KN/events", form)
	if status != http.StatusConflict || !strings.Contains(webtest.Text(page), "khiếu nại chỉ được tạm đình chỉ từ 01/07/2026") {
		t.Errorf("the page's suspend on 30/06/2026: %d %s", status, webtest.Text(page))
	}
	if after, err := e.DB.History(ctx, "P-KN"); err != nil || len(after) != len(before) {
		t.Errorf("P-KN's history after the refusals: %d events, want %d (%v)", len(after), len(before), err)
	}
	if p, _ := e.DB.Petition(ctx, "P-KN"); p.State != "accepted" {
		t.Errorf("P-KN is %s after the refusals", p.State)
	}

	res := webtest.Decode[resultJSON](t, e.MustAPI(http.StatusCreated, "head", "POST", "/api/v1/commands",
		`{"op":"suspend","petition":"P-KN","at":"2026-07-01T08:00:00+07:00","reason":"Chờ kết quả đo đạc"}`))
	if res.State != "suspended" {
		t.Errorf("suspend of a complaint on 01/07/2026: %+v", res)
	}
	res = webtest.Decode[resultJSON](t, e.MustAPI(http.StatusCreated, "head", "POST", "/api/v1/commands",
		`{"op":"suspend","petition":"P-TC","at":"2023-04-03T08:00:00+07:00","reason":"Chờ giám định"}`))
	if res.State != "suspended" {
		t.Errorf("suspend of a denunciation in 2023: %+v", res)
	}
}

// The schedule holds the plan to the minimum days of the committee's level
// as its own unit records it on each week or month: an office that was a
// district until 30/06/2025 (two days a month, which the 9th and 24th meet)
// and a commune from 01/07/2025 (a day a week, which they do not) sees the
// warning on its weeks of December 2026 and none in June 2025; an office
// whose unit records no level sees none.
func TestScheduleWarnsOfTooFewDaysForTheLevel(t *testing.T) {
	const reformed = `{"op":"unit","ref":"huyen","name":"UBND huyện Tuy Phước","kind":"own","level":"district","valid_until":"2025-06-30","lower_label":"UBND các xã, thị trấn"}
{"op":"unit","ref":"xa","name":"UBND xã Tuy Phước","kind":"own","level":"commune","valid_from":"2025-07-01","replaces":["huyen"]}
`
	for _, tt := range []struct {
		name, history, month, week string
		warns                      bool
	}{
		{"a commune in 2026", reformed, "2026-12", "Tuần 14/12/2026–20/12/2026", true},
		{"the district in 2025", reformed, "2025-06", "Tuần 16/06/2025–22/06/2025", false},
		{"no level", webtest.Units, "2026-12", "Tuần 14/12/2026–20/12/2026", false},
	} {
		warn := "Kế hoạch chưa đủ số ngày tiếp tối thiểu — " + tt.week + ": kế hoạch có 00 ngày tiếp định kỳ"
		e := webtest.NewWith(t, tt.history)
		status, page, _ := e.Browser("leader").Login().Do("GET", "/lich-tiep?month="+tt.month, nil)
		if status != http.StatusOK || strings.Contains(webtest.Text(page), warn) != tt.warns {
			t.Errorf("%s: %d, warns %v, want %v: %s", tt.name, status, !tt.warns, tt.warns, webtest.Text(page))
		}
	}
}
