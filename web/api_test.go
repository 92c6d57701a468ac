package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/workflow"
)

type resultJSON struct {
	Seq     int64  `json:"seq"`
	Op      string `json:"op"`
	Ref     string `json:"ref"`
	Changed bool   `json:"changed"`
	State   string `json:"state"`
}

func TestCommandAnswers(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	petition := `{"op":"petition","ref":"P-9","received_at":"2026-11-20T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn A"},"summary":"Khiếu nại thu hồi đất"}`
	first := webtest.Decode[resultJSON](t, e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands", petition))
	again := webtest.Decode[resultJSON](t, e.MustAPI(http.StatusOK, "rec", "POST", "/api/v1/commands", petition))
	if !first.Changed || again.Changed || again.Seq != first.Seq || again.State != "received" || again.Ref != "P-9" {
		t.Errorf("first %+v, again %+v: a repeat answers as the first time", first, again)
	}

	for _, tc := range []struct {
		name, body string
		status     int
		code       string
		field      string
	}{
		{"other content under the same ref", strings.Replace(petition, "Nguyễn Văn A", "Nguyễn Văn B", 1), 409, "conflict", "ref"},
		{"missing field", `{"op":"route","petition":"P-RT","at":"2026-11-20T09:00:00+07:00","to":"own","method":"assign"}`, 422, "invalid", "unit"},
		{"unknown field", `{"op":"accept","petition":"P-ACC","at":"2026-11-20T09:00:00+07:00","colour":"red"}`, 422, "invalid", "colour"},
		{"wrong type", `{"op":"extend","petition":"P-EXT","at":"2026-11-20T09:00:00+07:00","days":"thirty"}`, 422, "invalid", "days"},
		{"future", `{"op":"classify","petition":"P-CLS","at":"2027-01-01T09:00:00+07:00","type":"complaint","field":"land","eligible":true}`, 422, "invalid", "at"},
		{"not JSON", `{"op":`, 422, "invalid", ""},
		{"unknown op", `{"op":"teleport"}`, 422, "invalid", "op"},
		{"unknown petition", `{"op":"classify","petition":"P-404","at":"2026-11-20T09:00:00+07:00","type":"complaint","field":"land","eligible":true}`, 404, "not_found", ""},
		{"unknown unit", `{"op":"route","petition":"P-RT","at":"2026-11-20T09:00:00+07:00","to":"own","unit":"nowhere","method":"assign"}`, 404, "not_found", "unit"},
		{"workflow", `{"op":"implement","petition":"P-CLS","at":"2026-11-20T09:00:00+07:00"}`, 409, "conflict", ""},
	} {
		status, body := e.API("admin", "POST", "/api/v1/commands", tc.body)
		got := webtest.Decode[webtest.ErrorJSON](t, body)
		if status != tc.status || got.Error.Code != tc.code || got.Error.Field != tc.field || got.Error.Message == "" {
			t.Errorf("%s: %d %s, want %d with code %s and field %q", tc.name, status, body, tc.status, tc.code, tc.field)
		}
	}

	// A workflow refusal names the petition's state and the events allowed.
	_, body := e.API("admin", "POST", "/api/v1/commands", `{"op":"implement","petition":"P-CLS","at":"2026-11-20T09:00:00+07:00"}`)
	got := webtest.Decode[webtest.ErrorJSON](t, body)
	if got.Error.State != "received" || !slices.Equal(got.Error.Allowed, []string{"classify", "archive", "terminate"}) ||
		!strings.Contains(got.Error.Message, "P-CLS") {
		t.Errorf("workflow refusal: %s", body)
	}

	// The body limit.
	big := fmt.Sprintf(`{"op":"petition","ref":"P-big","received_at":"2026-11-20T08:00:00+07:00","channel":"mail","petitioner":{"name":"A"},"summary":%q}`,
		strings.Repeat("x", 300<<10))
	if status, body := e.API("admin", "POST", "/api/v1/commands", big); status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the limit: %d %s", status, body)
	}

	// What the API records is recorded as the user who sent it.
	history, err := e.DB.History(context.Background(), "P-9")
	if err != nil || len(history) != 1 || history[0].RecordedBy != "rec" {
		t.Errorf("P-9's history: %+v, %v: recorded by the token's user", history, err)
	}
}

func TestTokensAndSessions(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	ctx := context.Background()
	e.MustAPI(http.StatusOK, "rec", "GET", "/api/v1/me", "")
	if status, _ := e.API("", "GET", "/api/v1/me", ""); status != http.StatusUnauthorized {
		t.Errorf("no token: %d", status)
	}
	saved := e.Tokens["rec"]
	e.Tokens["rec"] = saved + "x"
	if status, _ := e.API("rec", "GET", "/api/v1/me", ""); status != http.StatusUnauthorized {
		t.Errorf("a wrong token: %d", status)
	}
	e.Tokens["rec"] = saved

	b := e.Browser("rec").Login()

	// Disabling a user stops its tokens and sessions at once.
	if err := e.DB.SetUserDisabled(ctx, "rec", true); err != nil {
		t.Fatal(err)
	}
	if status, _ := e.API("rec", "GET", "/api/v1/me", ""); status != http.StatusUnauthorized {
		t.Errorf("disabled user's token: %d", status)
	}
	if status, _, h := b.Do("GET", "/petitions", nil); status != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Errorf("disabled user's session: %d", status)
	}
	if err := e.DB.SetUserDisabled(ctx, "rec", false); err != nil {
		t.Fatal(err)
	}
	e.MustAPI(http.StatusOK, "rec", "GET", "/api/v1/me", "")

	// Revoking.
	if _, err := e.DB.RevokeTokens(ctx, "rec", webtest.Now); err != nil {
		t.Fatal(err)
	}
	if status, _ := e.API("rec", "GET", "/api/v1/me", ""); status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", status)
	}

	// CSRF: a form without the session's token changes nothing.
	b = e.Browser("head").Login()
	csrf := b.CSRF()
	for _, form := range []url.Values{
		{"op": {"accept"}},
		{"op": {"accept"}, "csrf": {"forged"}},
	} {
		if status, _, _ := b.Do("POST", "/petitions/P-ACC/events", form); status != http.StatusForbidden {
			t.Errorf("a form with csrf %q: %d, want 403", form.Get("csrf"), status)
		}
	}
	if p, _ := e.DB.Petition(ctx, "P-ACC"); p.State != "routed_own" {
		t.Errorf("P-ACC is %s after forged forms", p.State)
	}
	if status, _, _ := b.Do("POST", "/petitions/P-ACC/events", url.Values{"op": {"accept"}, "csrf": {csrf}}); status != http.StatusSeeOther {
		t.Errorf("the real form: %d", status)
	}
	// A workflow refusal shows the page again with the reason.
	status, page, _ := b.Do("POST", "/petitions/P-ACC/events", url.Values{"op": {"implement"}, "csrf": {csrf}})
	if status != http.StatusConflict || !strings.Contains(page, "không cho phép") {
		t.Errorf("a refused event: %d %.500s", status, page)
	}

	// Logout ends the session on the server, not only the cookie.
	cookies := b.Client.Jar.Cookies(mustURL(t, e.TS.URL))
	if status, _, h := b.Do("POST", "/logout", url.Values{"csrf": {csrf}}); status != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Errorf("logout: %d", status)
	}
	replay := e.Browser("head")
	replay.Client.Jar.SetCookies(mustURL(t, e.TS.URL), cookies)
	if status, _, _ := replay.Do("GET", "/petitions", nil); status != http.StatusSeeOther {
		t.Errorf("the old cookie after logout: %d, want a redirect to login", status)
	}
}

func TestSessionCookieAttributes(t *testing.T) {
	e := webtest.New(t, "")
	b := e.Browser("rec")
	_, page, _ := b.Do("GET", "/login", nil)
	m := webtest.CSRFInput.FindStringSubmatch(page)
	form := url.Values{"csrf": {m[1]}, "name": {"rec"}, "password": {webtest.Password}}
	req, _ := http.NewRequest("POST", e.TS.URL+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range b.Client.Jar.Cookies(mustURL(t, e.TS.URL)) {
		req.AddCookie(c)
	}
	resp, err := b.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var found bool
	for _, line := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(line, "__Host-tiepdan=") && !strings.HasPrefix(line, "__Host-tiepdan=;") {
			found = true
			for _, attr := range []string{"Path=/", "HttpOnly", "Secure", "SameSite=Lax"} {
				if !strings.Contains(line, attr) {
					t.Errorf("session cookie %q lacks %s", line, attr)
				}
			}
		}
	}
	if !found {
		t.Errorf("no session cookie in %q", resp.Header.Values("Set-Cookie"))
	}
}

func TestLoginThrottling(t *testing.T) {
	e := webtest.New(t, "")
	b := e.Browser("rec")
	try := func(password string) int {
		_, page, _ := b.Do("GET", "/login", nil)
		m := webtest.CSRFInput.FindStringSubmatch(page)
		status, _, _ := b.Do("POST", "/login", url.Values{"csrf": {m[1]}, "name": {"rec"}, "password": {password}})
		return status
	}
	for i := range 5 {
		if status := try("sai mật khẩu"); status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, status)
		}
	}
	if status := try("sai mật khẩu"); status != http.StatusUnauthorized {
		t.Fatalf("the sixth failure: %d, want 401 (and a lock)", status)
	}
	// Locked now: even the right password waits.
	if status := try(webtest.Password); status != http.StatusTooManyRequests {
		t.Errorf("the right password while locked: %d, want 429", status)
	}
	// A login without the login form's token is refused.
	status, _, _ := e.Browser("rec2").Do("POST", "/login", url.Values{"name": {"rec2"}, "password": {webtest.Password}})
	if status != http.StatusForbidden {
		t.Errorf("login without the form's token: %d, want 403", status)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

type listJSON struct {
	Petitions []struct {
		Ref        string `json:"ref"`
		State      string `json:"state"`
		Type       string `json:"type"`
		Unit       string `json:"unit"`
		Masked     bool   `json:"masked"`
		Overdue    bool   `json:"overdue"`
		Due        string `json:"due"`
		Petitioner struct {
			Name string `json:"name"`
		} `json:"petitioner"`
	} `json:"petitions"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

func (l listJSON) refs() []string {
	var out []string
	for _, p := range l.Petitions {
		out = append(out, p.Ref)
	}
	return out
}

func TestPetitionList(t *testing.T) {
	e := webtest.New(t, matrixHistory+
		`{"op":"petition","ref":"P-OLD","received_at":"2026-06-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn Ánh"},"summary":"Phản ánh ô nhiễm"}
`)
	list := func(user, query string) listJSON {
		t.Helper()
		return webtest.Decode[listJSON](t, e.MustAPI(http.StatusOK, user, "GET", "/api/v1/petitions?"+query, ""))
	}
	all := list("leader", "")
	if all.Total != 16 || len(all.Petitions) != 16 || all.Limit != 50 || all.Petitions[0].Ref != "P-OLD" {
		t.Errorf("every petition: total %d, %d listed, limit %d, first %v", all.Total, len(all.Petitions), all.Limit, all.refs())
	}
	for _, tc := range []struct {
		query string
		want  []string
		total int
	}{
		// P-OLD is not classified yet: its petitioner is protected from
		// the first minute, and a search by name finds no protected
		// petitioner, for anyone (SPEC §9).
		{"q=nguyen+van+anh", nil, 0},
		{"q=NGUYỄN+văn+ánh", nil, 0},
		{"q=o+nhiem", []string{"P-OLD"}, 1},
		{"q=p-old", []string{"P-OLD"}, 1},
		{"state=suspended", []string{"P-RSM"}, 1},
		{"type=denunciation", []string{"P-EXT"}, 1},
		{"unit=ld", []string{"P-LD"}, 1},
		{"from=2026-05-01&to=2026-06-30", []string{"P-OLD"}, 1},
		// The petitions of 01/10 in the order of the book: P-VIS, P-CLS,
		// P-ARC, P-TRD were recorded in that order.
		{"state=received&limit=2&offset=1", []string{"P-VIS", "P-CLS"}, 5},
		// By 25/11 the handling deadlines of the six petitions still at
		// the desk have passed, and so have the resolution deadlines of
		// the complaints accepted on 05/10 (complex: 45 days) and of the
		// denunciation (30 days: complexity lengthens it only through
		// extend); the suspended one's clock is stopped.
		{"overdue=true&limit=3", []string{"P-OLD", "P-VIS", "P-CLS"}, 10},
	} {
		got := list("leader", tc.query)
		if !slices.Equal(got.refs(), tc.want) || got.Total != tc.total {
			t.Errorf("%s: %v (total %d), want %v (total %d)", tc.query, got.refs(), got.Total, tc.want, tc.total)
		}
	}
	for _, p := range list("leader", "overdue=true&limit=100").Petitions {
		if !p.Overdue || p.Due == "" {
			t.Errorf("overdue list: %+v", p)
		}
	}
	// A head sees its unit only.
	head := list("head", "limit=100")
	for _, p := range head.Petitions {
		if p.Unit != "tnmt" {
			t.Errorf("head sees %s of unit %q", p.Ref, p.Unit)
		}
	}
	if head.Total != 9 {
		t.Errorf("head sees %d petitions, want the 9 routed to tnmt", head.Total)
	}
	if status, _ := e.API("head", "GET", "/api/v1/petitions?unit=ld", ""); status != http.StatusForbidden {
		t.Errorf("head asking for another unit: %d", status)
	}
	for _, q := range []string{"state=flying", "type=x", "from=yesterday", "limit=100000", "limit=x"} {
		if status, body := e.API("leader", "GET", "/api/v1/petitions?"+q, ""); status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", q, status, body)
		}
	}
}

type detailJSON struct {
	Petition struct {
		Ref        string `json:"ref"`
		State      string `json:"state"`
		Petitioner struct {
			Name     string `json:"name"`
			IDNumber string `json:"id_number"`
		} `json:"petitioner"`
	} `json:"petition"`
	Masked  bool `json:"masked"`
	History []struct {
		Seq     int64 `json:"seq"`
		Command struct {
			Op string `json:"op"`
		} `json:"command"`
		RecordedBy string `json:"recorded_by"`
		Hash       string `json:"hash"`
	} `json:"history"`
	Deadlines []struct {
		Kind        string `json:"kind"`
		Due         string `json:"due"`
		Explanation string `json:"explanation"`
	} `json:"deadlines"`
	Allowed []string `json:"allowed"`
}

func TestPetitionDetail(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	d := webtest.Decode[detailJSON](t, e.MustAPI(http.StatusOK, "head", "GET", "/api/v1/petitions/P-SUS", ""))
	if d.Petition.State != "accepted" || len(d.History) != 4 || d.History[3].Command.Op != "accept" {
		t.Errorf("P-SUS: %+v", d)
	}
	if !slices.Equal(d.Allowed, []string{"suspend", "resolve", "terminate"}) {
		t.Errorf("head may %v on an accepted complaint", d.Allowed)
	}
	kinds := ""
	for _, dl := range d.Deadlines {
		kinds += dl.Kind + " "
		if dl.Due == "" || !strings.Contains(dl.Explanation, "kể từ ngày") {
			t.Errorf("deadline %+v has no explanation", dl)
		}
	}
	if kinds != "handling accept resolution " {
		t.Errorf("deadlines %q", kinds)
	}
	for _, h := range d.History {
		if h.Hash != "" {
			t.Errorf("a head reads event hashes: %+v", h)
		}
	}
	// What the workflow allows, less what the role does not.
	for user, want := range map[string][]string{
		"rec":    {},
		"leader": {"suspend", "resolve", "terminate"},
	} {
		d := webtest.Decode[detailJSON](t, e.MustAPI(http.StatusOK, user, "GET", "/api/v1/petitions/P-SUS", ""))
		if !slices.Equal(d.Allowed, want) {
			t.Errorf("%s may %v, want %v", user, d.Allowed, want)
		}
	}
	d = webtest.Decode[detailJSON](t, e.MustAPI(http.StatusOK, "rec", "GET", "/api/v1/petitions/P-CLS", ""))
	if !slices.Equal(d.Allowed, []string{"classify", "archive", "terminate"}) {
		t.Errorf("reception may %v on a received petition", d.Allowed)
	}
	if status, _ := e.API("leader", "GET", "/api/v1/petitions/P-404", ""); status != http.StatusNotFound {
		t.Errorf("unknown ref: %d", status)
	}
}

func TestReportEndpoint(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	body := e.MustAPI(http.StatusOK, "reporter", "GET", "/api/v1/reports/section6?period=2026-Q4", "")
	// The same JSON as the figures written by the report package.
	p, _ := report.ParsePeriod("2026-Q4")
	want := computeJSON(t, e, p, time.Time{})
	if body != want {
		t.Errorf("section6 2026-Q4:\n%s\nwant\n%s", body, want)
	}
	// 2026-Q4 ends on 14/12/2026: on the server's day, 25/11/2026, it is
	// reported as of that day.
	if !strings.Contains(body, `"as_of_day": "2026-11-25"`) || !strings.Contains(body, `"previous_as_of_day": "2025-11-25"`) {
		t.Errorf("section6 2026-Q4 on 25/11/2026 does not say it stops at that day:\n%s", body)
	}
	// The figures are kept until the history changes.
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"petition","ref":"P-Q4","received_at":"2026-11-24T08:00:00+07:00","channel":"reception","petitioner":{"name":"Đỗ Văn Mới"},"summary":"Khiếu nại"}`)
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"classify","petition":"P-Q4","at":"2026-11-24T09:00:00+07:00","type":"complaint","field":"land","eligible":true}`)
	again := e.MustAPI(http.StatusOK, "reporter", "GET", "/api/v1/reports/section6?period=2026-Q4", "")
	if figuresOnly(t, again) == figuresOnly(t, body) || again != computeJSON(t, e, p, time.Time{}) {
		t.Errorf("section6 after a new complaint was received: unchanged or not the computed figures")
	}
	body = e.MustAPI(http.StatusOK, "reporter", "GET", "/api/v1/reports/section6?from=2026-09-15&to=2026-12-14&as_of=2026-10-04T00:00:00%2B07:00", "")
	pp, _ := report.NewPeriod(p.From, p.To)
	if want := computeJSON(t, e, pp, time.Date(2026, 10, 4, 0, 0, 0, 0, webtest.Now.Location())); body != want {
		t.Errorf("section6 from..to as_of:\n%s\nwant\n%s", body, want)
	}
	for q, field := range map[string]string{
		"":                               "period",
		"period=2026-H3":                 "period",
		"from=2026-01-01":                "to",
		"from=2026-02-01&to=2026-01-01":  "to",
		"period=2026&from=2026-01-01":    "period",
		"period=2026-Q4&as_of=yesterday": "as_of",
		"from=2026-13-01&to=2026-12-31":  "from",
	} {
		status, body := e.API("reporter", "GET", "/api/v1/reports/section6?"+q, "")
		if got := webtest.Decode[webtest.ErrorJSON](t, body); status != http.StatusUnprocessableEntity || got.Error.Field != field {
			t.Errorf("%q: %d %s, want 422 naming %s", q, status, body, field)
		}
	}
}

func computeJSON(t *testing.T, e *webtest.Env, p report.Period, asOf time.Time) string {
	t.Helper()
	rules, cal := workflow.DefaultRules(), workflow.DefaultCalendar()
	var f *report.Figures
	err := e.DB.ReportStore(context.Background(), func(s report.Store) error {
		var err error
		// As the server does: a period not ended by its clock's day is
		// reported as of that day.
		f, err = report.Compute(context.Background(), s, p, report.Options{AsOf: asOf, Today: cases.DateOf(webtest.Now), Deadlines: report.DeadlineFuncs{
			HandlingFunc: func(pp *cases.Petition) (cases.Date, error) { return rules.Handling(pp, cal).Due, nil },
			ResolutionFunc: func(pp *cases.Petition, remote bool, on cases.Date) (cases.Date, error) {
				d, _ := rules.Resolution(pp, remote, on, cal)
				return d.Due, nil
			},
		}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// With the head of the history as of asOf, as every report gives it.
	c, err := e.DB.ChainAsOf(context.Background(), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if c.Seq > 0 {
		f.Chain = &c
	}
	var b bytes.Buffer
	if err := f.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// figuresOnly is a report's JSON without its chain's head, which moves with
// every event recorded while the figures stay.
func figuresOnly(t *testing.T, body string) string {
	t.Helper()
	var f report.Figures
	if err := json.Unmarshal([]byte(body), &f); err != nil {
		t.Fatal(err)
	}
	if f.Chain == nil || f.Chain.Seq == 0 || f.Chain.Head == "" {
		t.Errorf("the report gives no head of the history:\n%s", body)
	}
	f.Chain = nil
	b, _ := json.Marshal(f)
	return string(b)
}

// TestReportCacheFollowsTheHistory checks the report kept for a closed
// period: work recorded today leaves it right, and a backdated event dated in
// the period is in the next answer.
func TestReportCacheFollowsTheHistory(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	p, _ := report.ParsePeriod("2026-Q3")
	const path = "/api/v1/reports/section6?period=2026-Q3"
	first := e.MustAPI(http.StatusOK, "reporter", "GET", path, "")
	// Today's work is dated after the period: the kept figures still hold.
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"petition","ref":"P-TODAY","received_at":"2026-11-25T08:00:00+07:00","channel":"reception","petitioner":{"name":"Đỗ Văn Nay"},"summary":"Khiếu nại"}`)
	if got := e.MustAPI(http.StatusOK, "reporter", "GET", path, ""); figuresOnly(t, got) != figuresOnly(t, first) || got != computeJSON(t, e, p, time.Time{}) {
		t.Errorf("after today's work the 2026-Q3 report changed or is not the computed one")
	}
	// A petition received in the period, recorded late.
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"petition","ref":"P-LATE","received_at":"2026-08-03T08:00:00+07:00","channel":"reception","petitioner":{"name":"Đỗ Văn Muộn"},"summary":"Khiếu nại"}`)
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"classify","petition":"P-LATE","at":"2026-08-03T09:00:00+07:00","type":"complaint","field":"land","eligible":true}`)
	got := e.MustAPI(http.StatusOK, "reporter", "GET", path, "")
	if figuresOnly(t, got) == figuresOnly(t, first) || got != computeJSON(t, e, p, time.Time{}) {
		t.Errorf("a backdated complaint in 2026-Q3 is not in the report served next")
	}
}

// TestDisablingAnAccountEndsItsTokensAtOnce: the server remembers a token's
// user; an account disabled from the admin page is refused on its next
// request all the same.
func TestDisablingAnAccountEndsItsTokensAtOnce(t *testing.T) {
	e := webtest.New(t, webtest.Units)
	e.MustAPI(http.StatusOK, "rec", "GET", "/api/v1/me", "")
	adm := e.Browser("admin").Login()
	if status, _, _ := adm.Do("POST", "/admin/users/rec/disable", url.Values{"csrf": {adm.CSRF()}}); status != http.StatusSeeOther {
		t.Fatalf("disable rec: %d", status)
	}
	if status, body := e.API("rec", "GET", "/api/v1/me", ""); status != http.StatusUnauthorized {
		t.Errorf("rec's token after the account was disabled: %d, want 401: %s", status, body)
	}
	if status, _, _ := adm.Do("POST", "/admin/users/rec/enable", url.Values{"csrf": {adm.CSRF()}}); status != http.StatusSeeOther {
		t.Fatalf("enable rec: %d", status)
	}
	e.MustAPI(http.StatusOK, "rec", "GET", "/api/v1/me", "")
}
