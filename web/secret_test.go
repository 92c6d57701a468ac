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

// The petitioner of a petition not yet classified: every part distinctive.
const (
	unclassifiedName    = "Hà Thị Chưa Phân"
	unclassifiedID      = "079199000111"
	unclassifiedAddress = "Số 9 ngõ Kín Tiếng, xã Phước Sơn"
	unclassifiedPhone   = "0987000111"
)

var unclassifiedSecrets = []string{unclassifiedName, unclassifiedID, unclassifiedAddress, unclassifiedPhone,
	cases.Fold(unclassifiedName), strings.ToUpper(unclassifiedName)}

// TestUnclassifiedPetitionerSecret: a petition recorded at the desk and not
// classified yet is protected as a denunciation is (SPEC §9). Every user
// reads every page and API route that shows petitions — the lists, the
// searches, the petition's page and detail, its receipt, the desk, the
// inbox, the reports and their downloads, the schedule, the access log —
// one request at a time: the recorder, a leader and an admin read the
// petitioner in clear and each such answer adds a row to the access log;
// everyone else never reads any part of the identity, and no row is written
// for them. The desk's duplicate check warns another officer of the match
// without saying whose, and names the petition to the recorder. Once
// classified a complaint, the petitioner is no longer protected.
func TestUnclassifiedPetitionerSecret(t *testing.T) {
	e := webtest.New(t, "")
	ctx := context.Background()
	person := `{"name":"` + unclassifiedName + `","id_number":"` + unclassifiedID + `","address":"` + unclassifiedAddress + `","phone":"` + unclassifiedPhone + `"}`
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"petition","ref":"P-U","received_at":"2026-11-25T08:00:00+07:00","channel":"reception","petitioner":`+person+`,"summary":"Phản ánh việc san lấp ao trái phép"}`)
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"visit","ref":"V-U","at":"2026-11-25T08:05:00+07:00","kind":"regular","petition":"P-U","people":1,"citizen":`+person+`}`)

	logged := func(user string) int {
		t.Helper()
		rows, err := e.DB.AccessLog(ctx, cases.AccessFilter{Petition: "P-U", User: user, Limit: 10000})
		if err != nil {
			t.Fatal(err)
		}
		return len(rows)
	}
	apiPaths := []string{
		"/api/v1/petitions", "/api/v1/petitions?limit=500", "/api/v1/petitions?state=received",
		"/api/v1/petitions?q=" + url.QueryEscape(unclassifiedName), "/api/v1/petitions?q=" + url.QueryEscape(cases.Fold(unclassifiedName)),
		"/api/v1/petitions?q=" + unclassifiedID, "/api/v1/petitions?q=san+lap+ao",
		"/api/v1/petitions/P-U", "/api/v1/reports/section6?period=2026-Q4", "/api/v1/access-log?limit=500",
		"/api/v1/schedule", "/api/v1/schedule?format=ics",
	}
	// The pages echo a search in its box: they are searched by the
	// summary's words, which the scan does not look for.
	pagePaths := []string{
		"/", "/petitions", "/petitions?q=san+lap+ao", "/petitions?state=received", "/petitions/P-U",
		"/petitions/P-U/receipt", "/petitions/P-U/visits/V-U/receipt", "/desk", "/desk?q=san+lap+ao", "/desk?petition=P-U",
		"/inbox", "/tong-quan", "/reports?period=2026-Q4", "/reports/section6.json?period=2026-Q4", "/lich-tiep", "/lich-tiep.ics",
	}
	cleared := map[string]bool{} // users who read the petitioner somewhere
	for _, u := range webtest.Users {
		may := slices.Contains(mayReveal, u.Name)
		b := e.Browser(u.Name).Login()
		check := func(route string, status int, body string, before int) {
			t.Helper()
			shown := strings.Contains(body, unclassifiedName)
			after := logged(u.Name)
			switch {
			case !may:
				for _, s := range unclassifiedSecrets {
					if strings.Contains(body, s) {
						i := strings.Index(body, s)
						t.Errorf("%s read %q through %s: …%s…", u.Name, s, route, body[max(0, i-150):min(len(body), i+80)])
					}
				}
				if after != before {
					t.Errorf("%s through %s: %d access log rows, and no reveal", u.Name, route, after-before)
				}
			case shown && after == before:
				t.Errorf("%s read the petitioner through %s (%d) and the access log has no row of it", u.Name, route, status)
			case !shown && after != before:
				t.Errorf("%s through %s: %d access log rows, and the petitioner was not shown", u.Name, route, after-before)
			}
			if shown {
				cleared[u.Name] = true
			}
		}
		for _, path := range apiPaths {
			before := logged(u.Name)
			status, body := e.API(u.Name, "GET", path, "")
			check("GET "+path, status, body, before)
		}
		for _, path := range pagePaths {
			before := logged(u.Name)
			status, body, _ := b.Do("GET", path, nil)
			check("page "+path, status, body, before)
		}
	}
	for _, u := range mayReveal {
		if !cleared[u] {
			t.Errorf("%s, who may, never read the petitioner", u)
		}
	}
	// A search by the name finds the petition for no one: the store does
	// not search a protected name.
	for _, u := range []string{"rec", "leader", "admin"} {
		got := webtest.Decode[listJSON](t, e.MustAPI(http.StatusOK, u, "GET", "/api/v1/petitions?q="+url.QueryEscape(cases.Fold(unclassifiedName)), ""))
		if got.Total != 0 {
			t.Errorf("%s found the unclassified petitioner by name: %v", u, got.refs())
		}
	}
	// Another officer sees the petition masked in the list.
	if _, body, _ := e.Browser("rec2").Login().Do("GET", "/petitions", nil); !strings.Contains(body, "P-U") || !strings.Contains(body, cases.MaskedName) {
		t.Errorf("rec2's list does not show P-U masked")
	}

	// The desk's duplicate check: the same citizen comes again. rec2, who
	// may not read the petitioner, is warned without being told whose
	// petition it is; the recorder is told which. Both checks are logged.
	for _, u := range []string{"rec2", "rec"} {
		b := e.Browser(u).Login()
		csrf := b.CSRF() // reads the list, which the recorder reads in clear
		before := logged(u)
		form := url.Values{"csrf": {csrf}, "petition_ref": {"DON-" + u}, "visit_ref": {"LT-" + u}, "at": {"2026-11-25T09:30"},
			"name": {"  HÀ THỊ   chưa phân "}, "people": {"1"}, "summary": {"Phản ánh lần hai"}}
		status, page, _ := b.Do("POST", "/desk/visits", form)
		if status != http.StatusUnprocessableEntity {
			t.Errorf("%s: a likely duplicate of a protected petition: %d", u, status)
		}
		if _, err := e.DB.Petition(ctx, "DON-"+u); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("%s: the refused form recorded its petition: %v", u, err)
		}
		if after := logged(u); after != before+1 {
			t.Errorf("%s: the duplicate check wrote %d access log rows, want 1", u, after-before)
		}
		switch u {
		case "rec2":
			if !strings.Contains(page, "đang được giữ bí mật nên không hiển thị") {
				t.Errorf("rec2 is not warned of the protected match")
			}
			for _, s := range append([]string{"P-U"}, unclassifiedSecrets[1:]...) {
				if strings.Contains(page, s) {
					t.Errorf("rec2's warning reveals %q", s)
				}
			}
		case "rec":
			if !strings.Contains(page, "Công dân này đã có đơn P-U") {
				t.Errorf("the recorder is not told the duplicate's ref")
			}
		}
		// Marked «Vẫn ghi đơn mới», the new petition is recorded.
		form.Set("confirm_new", "1")
		if status, page, _ := b.Do("POST", "/desk/visits", form); status != http.StatusSeeOther {
			t.Errorf("%s: a new petition confirmed: %d %.300s", u, status, page)
		}
	}
	access := webtest.Decode[struct {
		Access []struct {
			User string `json:"user"`
			What string `json:"what"`
		} `json:"access"`
	}](t, e.MustAPI(http.StatusOK, "admin", "GET", "/api/v1/access-log?petition=P-U&user=rec2", ""))
	if len(access.Access) != 1 || !strings.Contains(access.Access[0].What, "whose not shown") {
		t.Errorf("rec2's access log: %+v", access.Access)
	}

	// Classified a complaint, it is no denouncer's: rec2 and the list read
	// the petitioner, without a row in the access log.
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"classify","petition":"P-U","at":"2026-11-25T10:00:00+07:00","type":"complaint","field":"land","eligible":true}`)
	before := logged("rec2")
	if body := e.MustAPI(http.StatusOK, "rec2", "GET", "/api/v1/petitions/P-U", ""); !strings.Contains(body, unclassifiedID) || strings.Contains(body, cases.MaskedName) {
		t.Errorf("rec2 does not read the complainant: %.300s", body)
	}
	if logged("rec2") != before {
		t.Errorf("a complainant's read is in the access log")
	}
}

// TestSecretCommand walks the rules of the secret command through the API
// and the petition page (SPEC §9): only a leader sends it; a lift is refused
// while the petition is a denunciation and its denouncer has not waived the
// protection in writing, in English and Vietnamese, writing nothing; it is
// allowed once the petition is reclassified a complaint, and the head who
// handles the complaint then reads whom to hold the dialogue with, which he
// could not before; a leader sets the protection again and the head reads
// it masked again. A denouncer's written waiver lifts it for a denunciation.
func TestSecretCommand(t *testing.T) {
	e := webtest.New(t, "")
	ctx := context.Background()
	person := `{"name":"` + unclassifiedName + `","id_number":"` + unclassifiedID + `","phone":"` + unclassifiedPhone + `"}`
	for _, line := range []string{
		`{"op":"petition","ref":"P-S","received_at":"2026-11-02T08:00:00+07:00","channel":"reception","petitioner":` + person + `,"summary":"Tố cáo việc thu hồi đất sai"}`,
		`{"op":"classify","petition":"P-S","at":"2026-11-02T09:00:00+07:00","type":"denunciation","field":"land","eligible":true}`,
		`{"op":"petition","ref":"P-W","received_at":"2026-11-02T08:30:00+07:00","channel":"reception","petitioner":{"name":"Phan Văn Công Khai"},"summary":"Tố cáo cán bộ thu tiền"}`,
		`{"op":"classify","petition":"P-W","at":"2026-11-02T09:30:00+07:00","type":"denunciation","field":"corruption","eligible":true}`,
	} {
		e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands", line)
	}
	events := func(ref string) int {
		t.Helper()
		h, err := e.DB.History(ctx, ref)
		if err != nil {
			t.Fatal(err)
		}
		return len(h)
	}
	lift := `{"op":"secret","petition":"P-S","at":"2026-11-03T08:00:00+07:00","protected":false,"reason":"not_denunciation"}`

	// Only a leader decides.
	for _, u := range []string{"rec", "rec2", "head", "reporter", "admin"} {
		if status, body := e.API(u, "POST", "/api/v1/commands", lift); status != http.StatusForbidden {
			t.Errorf("%s lifting the protection: %d %s", u, status, body)
		}
	}
	// While it is a denunciation, a lift for not being one is refused.
	status, body := e.API("leader", "POST", "/api/v1/commands", lift)
	refusal := webtest.Decode[refusalJSON](t, body)
	if status != http.StatusConflict || refusal.Error.Field != "reason" || !strings.Contains(refusal.Error.Message, "classified as a denunciation") ||
		!strings.Contains(refusal.Error.MessageVI, "đơn tố cáo") {
		t.Errorf("a lift of a denunciation's protection: %d %s", status, body)
	}
	// A lift must name one of the law's two reasons.
	status, body = e.API("leader", "POST", "/api/v1/commands", strings.Replace(lift, "not_denunciation", "leader_decided", 1))
	if refusal = webtest.Decode[refusalJSON](t, body); status != http.StatusUnprocessableEntity || refusal.Error.MessageVI == "" {
		t.Errorf("a lift for another reason: %d %s", status, body)
	}
	if n := events("P-S"); n != 2 {
		t.Errorf("refusals wrote events: %d", n)
	}
	// The page offers the form to the leader, in Vietnamese; a refused
	// form says why there.
	leader := e.Browser("leader").Login()
	_, page, _ := leader.Do("GET", "/petitions/P-S", nil)
	for _, want := range []string{`id="op-P-S-secret"`, "Thôi giữ bí mật thông tin người gửi đơn", "Đơn không còn được phân loại là đơn tố cáo",
		"Người tố cáo đồng ý bằng văn bản", "Đang giữ bí mật: đơn đã được phân loại là đơn tố cáo"} {
		if !strings.Contains(page, want) {
			t.Errorf("the leader's petition page lacks %q", want)
		}
	}
	form := url.Values{"csrf": {leader.CSRF()}, "op": {"secret"}, "at": {"2026-11-03T08:00"}, "protected": {"false"}, "reason": {"not_denunciation"}}
	status, page, _ = leader.Do("POST", "/petitions/P-S/events", form)
	if status != http.StatusConflict || !strings.Contains(page, "chỉ được thôi giữ bí mật thông tin người tố cáo khi người tố cáo đồng ý bằng văn bản") {
		t.Errorf("a refused lift from the page: %d", status)
	}
	rec := e.Browser("rec").Login()
	if _, page, _ := rec.Do("GET", "/petitions/P-S", nil); strings.Contains(page, `op-P-S-secret`) {
		t.Errorf("reception is offered the secret form")
	}

	// Reclassified a complaint and routed to the department, its head
	// reads the complainant masked: the protection outlives the
	// reclassification until a leader lifts it.
	for _, line := range []string{
		`{"op":"classify","petition":"P-S","at":"2026-11-04T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`,
		`{"op":"route","petition":"P-S","at":"2026-11-04T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}`,
	} {
		e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands", line)
	}
	e.MustAPI(http.StatusCreated, "head", "POST", "/api/v1/commands", `{"op":"accept","petition":"P-S","at":"2026-11-05T08:00:00+07:00"}`)
	head := e.Browser("head").Login()
	if _, page, _ := head.Do("GET", "/petitions/P-S", nil); strings.Contains(page, unclassifiedName) || !strings.Contains(page, cases.MaskedName) {
		t.Errorf("the head reads the complainant before the lift")
	}
	// The leader lifts it from the page.
	form.Set("at", "2026-11-06T08:00")
	if status, page, _ = leader.Do("POST", "/petitions/P-S/events", form); status != http.StatusSeeOther {
		t.Fatalf("the leader's lift: %d %.500s", status, page)
	}
	headLogged := func() int {
		rows, _ := e.DB.AccessLog(ctx, cases.AccessFilter{Petition: "P-S", User: "head"})
		return len(rows)
	}
	before := headLogged()
	_, page, _ = head.Do("GET", "/petitions/P-S", nil)
	for _, want := range []string{unclassifiedName, unclassifiedPhone, "Không giữ bí mật: đơn không còn được phân loại là đơn tố cáo",
		"thôi giữ bí mật thông tin người gửi đơn"} {
		if !strings.Contains(page, want) {
			t.Errorf("after the lift, the head's page lacks %q", want)
		}
	}
	if body := e.MustAPI(http.StatusOK, "head", "GET", "/api/v1/petitions/P-S", ""); !strings.Contains(body, unclassifiedID) {
		t.Errorf("after the lift, the head's API detail lacks the id number")
	}
	if headLogged() != before {
		t.Errorf("a petitioner no longer protected is logged as a reveal")
	}
	e.MustAPI(http.StatusCreated, "head", "POST", "/api/v1/commands", `{"op":"dialogue","petition":"P-S","at":"2026-11-06T09:00:00+07:00","on":"2026-11-12","place":"Trụ sở UBND"}`)

	// Set again, the head reads it masked; set twice is refused.
	again := `{"op":"secret","petition":"P-S","at":"2026-11-07T08:00:00+07:00","protected":true,"reason":"Người khiếu nại bị đe dọa, đề nghị giữ bí mật"}`
	e.MustAPI(http.StatusCreated, "leader", "POST", "/api/v1/commands", again)
	e.MustAPI(http.StatusOK, "leader", "POST", "/api/v1/commands", again) // the same command again changes nothing
	if _, page, _ := head.Do("GET", "/petitions/P-S", nil); strings.Contains(page, unclassifiedName) || !strings.Contains(page, "Đang giữ bí mật (theo quyết định của lãnh đạo)") {
		t.Errorf("the head reads the petitioner after the protection was set again")
	}
	status, body = e.API("leader", "POST", "/api/v1/commands", strings.Replace(again, "2026-11-07T08", "2026-11-08T08", 1))
	if refusal = webtest.Decode[refusalJSON](t, body); status != http.StatusConflict || !strings.Contains(refusal.Error.MessageVI, "đang được giữ bí mật") {
		t.Errorf("the protection set twice: %d %s", status, body)
	}
	if _, page, _ := leader.Do("GET", "/petitions/P-S", nil); !strings.Contains(page, "Thôi giữ bí mật thông tin người gửi đơn") {
		t.Errorf("the leader is not offered the lift again")
	}

	// A denunciation whose denouncer waived the protection in writing.
	status, body = e.API("leader", "POST", "/api/v1/commands",
		`{"op":"secret","petition":"P-W","at":"2026-11-03T08:00:00+07:00","protected":false,"reason":"waived_in_writing"}`)
	if status != http.StatusCreated {
		t.Fatalf("a lift by the denouncer's waiver: %d %s", status, body)
	}
	if body := e.MustAPI(http.StatusOK, "rec2", "GET", "/api/v1/petitions/P-W", ""); !strings.Contains(body, "Phan Văn Công Khai") {
		t.Errorf("after the waiver, another officer does not read the denouncer")
	}
}
