package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// The denouncer of the leak test: every part of the identity is distinctive,
// so that finding it anywhere is a leak.
const (
	denouncerName    = "Lương Thị Kín Đáo"
	denouncerID      = "079188012345"
	denouncerAddress = "Số 7 hẻm Bí Mật, xã Phước Hòa"
	denouncerPhone   = "0912345678"
)

// secrets are the strings no one but the recorder, leaders and admins may
// read, in any form.
var secrets = []string{denouncerName, denouncerID, denouncerAddress, denouncerPhone, cases.Fold(denouncerName),
	strings.ToUpper(denouncerName)}

// mayReveal are the users who may read the denouncer in clear: the officer
// who recorded the petition, a leader, an admin.
var mayReveal = []string{"rec", "leader", "admin"}

// TestDenouncerSecret runs a whole scenario — units, a denunciation with a
// distinctive denouncer, its classification, a visit by the denouncer, the
// route to a department, the head's accept and resolve, the reporter's
// report — with every user reading everything they can after each step, by
// the API and the pages. It then scans every response body and the request
// log: only the recorder, leaders and admins read the denouncer, and each of
// their reveals is in the access log.
func TestDenouncerSecret(t *testing.T) {
	e := webtest.NewWith(t, "")
	ctx := context.Background()
	person := `{"name":"` + denouncerName + `","id_number":"` + denouncerID + `","address":"` + denouncerAddress + `","phone":"` + denouncerPhone + `"}`
	petition := `{"op":"petition","ref":"P-D","received_at":"2026-11-02T08:00:00+07:00","channel":"reception","petitioner":` + person +
		`,"summary":"Tố cáo cán bộ địa chính xã nhận tiền để cấp giấy chứng nhận"}`

	browsers := map[string]*webtest.Browser{}
	for _, u := range webtest.Users {
		browsers[u.Name] = e.Browser(u.Name).Login()
	}
	readAll := func() {
		t.Helper()
		for _, u := range webtest.Users {
			for _, path := range []string{
				"/api/v1/me", "/api/v1/units", "/api/v1/petitions", "/api/v1/petitions?limit=500",
				"/api/v1/petitions?q=" + url.QueryEscape(denouncerName),
				"/api/v1/petitions?q=" + url.QueryEscape(cases.Fold(denouncerName)),
				"/api/v1/petitions?q=" + denouncerID,
				"/api/v1/petitions/P-D", "/api/v1/petitions/P-N", "/api/v1/petitions?type=denunciation",
				"/api/v1/reports/section6?period=2026-Q4", "/api/v1/access-log",
				"/api/v1/schedule", "/api/v1/schedule?format=ics",
				"/api/v1/exports/petitions", "/api/v1/exports/reception-book?period=2026-Q4",
			} {
				e.API(u.Name, "GET", path, "")
			}
			b := browsers[u.Name]
			// The pages echo a search in its box: search them by a part
			// of the name, which the scan does not look for.
			for _, path := range []string{"/", "/petitions", "/petitions?q=kin+dao", "/petitions/P-D",
				"/petitions?type=denunciation", "/reports?period=2026-Q4", "/tong-quan", "/lich-tiep", "/lich-tiep?month=2026-12",
				"/lich-tiep.ics", "/exports/petitions?format=csv", "/exports/reception-book?period=2026-Q4"} {
				b.Do("GET", path, nil)
			}
		}
	}

	// The admin sets the committee up.
	for _, line := range strings.Split(strings.TrimSpace(webtest.Units), "\n") {
		e.MustAPI(http.StatusCreated, "admin", "POST", "/api/v1/commands", line)
	}
	// Reception records the denunciation and classifies it at once.
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands", petition)
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"classify","petition":"P-D","at":"2026-11-02T09:00:00+07:00","type":"denunciation","field":"corruption","eligible":true}`)
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"petition","ref":"P-N","received_at":"2026-11-03T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn A"},"summary":"Kiến nghị làm đường"}`)
	// Classified a recommendation, its petitioner is no denouncer: read and
	// found by name by everyone who reads petitions.
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"classify","petition":"P-N","at":"2026-11-03T09:00:00+07:00","type":"recommendation","field":"other","eligible":true}`)
	readAll()
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"visit","ref":"V-D","at":"2026-11-04T08:00:00+07:00","kind":"regular","petition":"P-D","people":1,"citizen":`+person+`}`)
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"route","petition":"P-D","at":"2026-11-04T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}`)
	readAll()
	// The head of the department takes it up and resolves it, from its page.
	csrf := browsers["head"].CSRF()
	for _, form := range []url.Values{
		{"op": {"accept"}, "at": {"2026-11-05T08:00"}},
		{"op": {"resolve"}, "at": {"2026-11-20T08:00"}, "verdict": {"correct"}, "decision": {"25/KL-UBND"}},
	} {
		form.Set("csrf", csrf)
		if status, body, _ := browsers["head"].Do("POST", "/petitions/P-D/events", form); status != http.StatusSeeOther {
			t.Fatalf("head %s: %d %.500s", form.Get("op"), status, body)
		}
	}
	readAll()

	// Someone who may not know the denouncer cannot confirm a guess by
	// sending the petition again: the same content and other content get
	// the same answer, and neither is the repeat's 200.
	var answers []string
	for _, guess := range []string{petition, strings.Replace(petition, denouncerName, "Trần Văn Đoán", 1)} {
		status, body := e.API("rec2", "POST", "/api/v1/commands", guess)
		if status != http.StatusConflict {
			t.Errorf("rec2 re-sending P-D: %d %s, want 409", status, body)
		}
		answers = append(answers, body)
	}
	if answers[0] != answers[1] {
		t.Errorf("a right and a wrong guess are told apart:\n%s\n%s", answers[0], answers[1])
	}
	// The recorder's own retry is still a repeat.
	e.MustAPI(http.StatusOK, "rec", "POST", "/api/v1/commands", petition)

	// Searching by the denouncer's name finds nothing, for anyone: the
	// store does not search protected names. An ordinary name is found
	// without diacritics.
	for _, u := range []string{"rec", "rec2", "leader", "admin"} {
		got := webtest.Decode[listJSON](t, e.MustAPI(http.StatusOK, u, "GET", "/api/v1/petitions?q="+url.QueryEscape(cases.Fold(denouncerName)), ""))
		if got.Total != 0 || len(got.Petitions) != 0 {
			t.Errorf("%s searching the denouncer's name finds %v: %+v", u, got.refs(), got)
		}
		got = webtest.Decode[listJSON](t, e.MustAPI(http.StatusOK, u, "GET", "/api/v1/petitions?q=nguyen+van+a", ""))
		if !slices.Equal(got.refs(), []string{"P-N"}) {
			t.Errorf("%s searching nguyen van a finds %v", u, got.refs())
		}
	}

	// The scan.
	logs := e.Logs.String()
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("the request log holds %q", s)
		}
	}
	access, err := e.DB.AccessLog(ctx, cases.AccessFilter{Petition: "P-D"})
	if err != nil {
		t.Fatal(err)
	}
	revealed := map[string]int{}
	for _, a := range access {
		revealed[a.User]++
	}
	for _, u := range webtest.Users {
		body := e.Bodies[u.Name].String()
		if slices.Contains(mayReveal, u.Name) {
			for _, s := range []string{denouncerName, denouncerID} {
				if !strings.Contains(body, s) {
					t.Errorf("%s never read %q", u.Name, s)
				}
			}
			if revealed[u.Name] == 0 {
				t.Errorf("%s read the denouncer but the access log has no row of it", u.Name)
			}
			continue
		}
		for _, s := range secrets {
			if strings.Contains(body, s) {
				i := strings.Index(body, s)
				t.Errorf("%s read %q: …%s…", u.Name, s, body[max(0, i-200):min(len(body), i+100)])
			}
		}
		if revealed[u.Name] != 0 {
			t.Errorf("the access log says %s read the denouncer %d times", u.Name, revealed[u.Name])
		}
		if !strings.Contains(body, cases.MaskedName) && (u.Name == "rec2" || u.Name == "head") {
			t.Errorf("%s never saw the masked name", u.Name)
		}
	}
	// The reporter reads figures only: not even an ordinary petitioner.
	if body := e.Bodies["reporter"].String(); strings.Contains(body, "Nguyễn Văn A") || strings.Contains(body, "P-D") {
		t.Errorf("the reporter read a petition")
	}
	// The admin reads the access log through the API.
	log := webtest.Decode[struct {
		Access []struct {
			User     string `json:"user"`
			Petition string `json:"petition"`
			What     string `json:"what"`
		} `json:"access"`
	}](t, e.MustAPI(http.StatusOK, "admin", "GET", "/api/v1/access-log?petition=P-D&limit=500", ""))
	users := map[string]bool{}
	for _, a := range log.Access {
		users[a.User] = true
		if a.Petition != "P-D" || a.What == "" {
			t.Errorf("access log row %+v", a)
		}
	}
	if len(users) != 3 || !users["rec"] || !users["leader"] || !users["admin"] {
		t.Errorf("the access log names %v, want rec, leader and admin", users)
	}
}
