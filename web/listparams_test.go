package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
)

// The API's list searches with q or search (the command line's name), and
// refuses a parameter it does not take instead of ignoring it (issue 16,
// point 9).
func TestListQueryParameters(t *testing.T) {
	e := webtest.New(t, `{"op":"petition","ref":"P-A","received_at":"2026-11-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn An"},"summary":"Kiến nghị sửa đường"}
{"op":"classify","petition":"P-A","at":"2026-11-03T08:00:00+07:00","type":"recommendation","field":"other","eligible":true}
{"op":"petition","ref":"P-B","received_at":"2026-11-02T09:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Thị Bình"},"summary":"Kiến nghị sửa cống"}
{"op":"classify","petition":"P-B","at":"2026-11-03T08:00:00+07:00","type":"recommendation","field":"other","eligible":true}
`)
	type list struct {
		Total     int `json:"total"`
		Petitions []struct {
			Ref string `json:"ref"`
		} `json:"petitions"`
	}
	for _, path := range []string{"/api/v1/petitions?q=nguyen+van+an", "/api/v1/petitions?search=nguyen+van+an",
		"/api/v1/petitions?q=nguyen+van+an&search=nguyen+van+an"} {
		l := webtest.Decode[list](t, e.MustAPI(http.StatusOK, "rec", "GET", path, ""))
		if l.Total != 1 || len(l.Petitions) != 1 || l.Petitions[0].Ref != "P-A" {
			t.Errorf("%s: %+v, want P-A alone", path, l)
		}
	}
	for _, tt := range []struct{ path, en, vi string }{
		{"/api/v1/petitions?serach=nguyen", "serach: unknown query parameter", "Không có tham số «serach»"},
		{"/api/v1/petitions?q=nguyen&search=le+thi", "q and search are one parameter", "chỉ ghi một"},
	} {
		status, body := e.API("rec", "GET", tt.path, "")
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, tt.en) || !strings.Contains(body, tt.vi) {
			t.Errorf("%s: %d %s", tt.path, status, body)
		}
	}
}
