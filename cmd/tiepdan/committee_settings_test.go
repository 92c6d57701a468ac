package main

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// Settings per committee (SPEC §10, issue 18): the holidays an admin adds
// and the reception plan are its committee's; a case a province routes
// down counts its resolution deadline on the calendar of the commune
// handling it.

// communesHistory: a province and two communes. Each commune accepted a
// complaint on 03/11/2026 (30 days: due Thursday 03/12/2026); the province
// accepted one of its own the same day, and routed another down to commune
// A, which accepted it that day.
const communesHistory = `{"op":"unit","ref":"tinh","name":"UBND tỉnh Gia Lai","kind":"own","level":"province"}
{"op":"unit","ref":"tinh-tnmt","name":"Sở Nông nghiệp và Môi trường","kind":"department","parent":"tinh"}
{"op":"unit","ref":"xa-a","name":"UBND xã Tuy Phước","kind":"own","level":"commune","parent":"tinh"}
{"op":"unit","ref":"xa-a-dc","name":"Địa chính xã Tuy Phước","kind":"department","parent":"xa-a"}
{"op":"unit","ref":"xa-b","name":"UBND xã Phước Lộc","kind":"own","level":"commune","parent":"tinh"}
{"op":"unit","ref":"xa-b-dc","name":"Địa chính xã Phước Lộc","kind":"department","parent":"xa-b"}
{"op":"petition","ref":"A-1","committee":"xa-a","received_at":"2026-11-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn An"},"summary":"Khiếu nại ở xã A"}
{"op":"classify","petition":"A-1","at":"2026-11-02T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"A-1","at":"2026-11-02T10:00:00+07:00","to":"own","unit":"xa-a-dc","method":"assign"}
{"op":"accept","petition":"A-1","at":"2026-11-03T08:00:00+07:00"}
{"op":"petition","ref":"B-1","committee":"xa-b","received_at":"2026-11-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Thị Bình"},"summary":"Khiếu nại ở xã B"}
{"op":"classify","petition":"B-1","at":"2026-11-02T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"B-1","at":"2026-11-02T10:00:00+07:00","to":"own","unit":"xa-b-dc","method":"assign"}
{"op":"accept","petition":"B-1","at":"2026-11-03T08:00:00+07:00"}
{"op":"petition","ref":"T-1","committee":"tinh","received_at":"2026-11-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Văn Tỉnh"},"summary":"Khiếu nại ở tỉnh"}
{"op":"classify","petition":"T-1","at":"2026-11-02T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"T-1","at":"2026-11-02T10:00:00+07:00","to":"own","unit":"tinh-tnmt","method":"assign"}
{"op":"accept","petition":"T-1","at":"2026-11-03T08:00:00+07:00"}
{"op":"petition","ref":"T-2","committee":"tinh","received_at":"2026-11-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Phạm Văn Chuyển"},"summary":"Khiếu nại chuyển xã A"}
{"op":"classify","petition":"T-2","at":"2026-11-02T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"T-2","at":"2026-11-02T10:00:00+07:00","to":"lower","unit":"xa-a","method":"transfer"}
{"op":"accept","petition":"T-2","at":"2026-11-03T08:00:00+07:00"}
`

// communesEnv is communesHistory served, with for each commune an admin,
// a leader and a reception officer (a-admin, b-leader, …); the province's
// are webtest's users (admin, leader, rec, …).
func communesEnv(t *testing.T) *webtest.Env {
	t.Helper()
	e := webtest.NewWith(t, communesHistory)
	for _, c := range []struct{ prefix, committee string }{{"a", "xa-a"}, {"b", "xa-b"}} {
		for _, r := range []cases.Role{cases.RoleAdmin, cases.RoleLeader, cases.RoleReception} {
			e.AddUser(cases.User{Name: c.prefix + "-" + string(r), Role: r, Committee: c.committee})
		}
	}
	return e
}

// TestCommuneHolidayMovesItsOwnDeadlines: commune A's admin adds a day off
// on 03/12/2026; the deadlines that end that day move to 04/12 for commune
// A's case and for the province's case routed down to it, not for commune
// B's or the province's own — on the pages, in `tiepdan show` and in
// `tiepdan calendar --committee`.
func TestCommuneHolidayMovesItsOwnDeadlines(t *testing.T) {
	e := communesEnv(t)
	due := map[string]string{"A-1": "03/12/2026", "B-1": "03/12/2026", "T-1": "03/12/2026", "T-2": "03/12/2026"}
	readers := map[string]*webtest.Browser{"A-1": e.Browser("a-leader").Login(), "B-1": e.Browser("b-leader").Login(),
		"T-1": e.Browser("leader").Login(), "T-2": e.Browser("a-leader").Login()}
	for ref, want := range due {
		if got := pageDue(t, readers[ref], ref); got != want {
			t.Fatalf("%s before the edit: due %s, want %s", ref, got, want)
		}
	}
	adm := e.Browser("a-admin").Login()
	status, _, _ := adm.Do("POST", "/admin/holidays", url.Values{"csrf": {adm.CSRF()}, "year": {"2026"}, "from": {"03/12/2026"},
		"kind": {"off"}, "name": {"Nghỉ lễ hội của xã (thử)"}, "source": {"Quyết định số 9/QĐ-UBND xã (thử)"}})
	if status != http.StatusSeeOther {
		t.Fatalf("commune A's admin adds a day off: %d", status)
	}
	edits, err := e.DB.CalendarEdits(context.Background())
	if err != nil || len(edits) != 1 || edits[0].Committee != "xa-a" {
		t.Fatalf("the edit recorded: %+v %v", edits, err)
	}
	due["A-1"], due["T-2"] = "04/12/2026", "04/12/2026"
	for ref, want := range due {
		if got := pageDue(t, readers[ref], ref); got != want {
			t.Errorf("%s after commune A's day off: due %s, want %s", ref, got, want)
		}
	}
	if _, page, _ := e.Browser("leader").Login().Do("GET", "/petitions/T-2", nil); !strings.Contains(page, "04/12/2026") {
		t.Errorf("the province's leader does not read T-2's deadline on commune A's calendar")
	}
	show := func(ref string) string {
		_, out, _ := run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "show", ref)
		return out
	}
	if out := show("T-2"); !strings.Contains(out, "04/12/2026 — 30 ngày kể từ ngày thụ lý 03/11/2026") {
		t.Errorf("tiepdan show T-2 does not count on commune A's calendar:\n%s", out)
	}
	if out := show("B-1"); !strings.Contains(out, "03/12/2026 — 30 ngày kể từ ngày thụ lý 03/11/2026") {
		t.Errorf("tiepdan show B-1 moved with commune A's day off:\n%s", out)
	}
	calendar := func(args ...string) string {
		_, out, _ := run(t, "", append([]string{"--db", e.Path, "--secrets-key", e.KeyFile, "calendar", "--year", "2026"}, args...)...)
		return out
	}
	if out := calendar("--committee", "xa-a"); !strings.Contains(out, "Nghỉ lễ hội của xã (thử)") {
		t.Errorf("tiepdan calendar --committee xa-a lacks its day off:\n%.2000s", out)
	}
	if out := calendar("--committee", "xa-b"); strings.Contains(out, "Nghỉ lễ hội của xã (thử)") {
		t.Errorf("commune B's calendar has commune A's day off")
	}
	if out := calendar(); strings.Contains(out, "Nghỉ lễ hội của xã (thử)") {
		t.Errorf("the installation's calendar has commune A's day off")
	}
	if code, _, errOut := run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "calendar", "--committee", "tinh-tnmt"); code == exitOK || !strings.Contains(errOut, "tinh-tnmt") {
		t.Errorf("calendar --committee of a department: %d %s", code, errOut)
	}
}

// TestCommuneScheduleFollowsItsOwnPlan: commune A's admin records a plan of
// Thursdays; commune A's schedule shows its Thursdays, chaired as its plan
// says, without a warning, while commune B, without a plan of its own,
// follows the installation's (the 9th and 24th) and is warned that a
// commune's head receives every week. The admin page shows each its own
// plan; `tiepdan schedule --committee` agrees.
func TestCommuneScheduleFollowsItsOwnPlan(t *testing.T) {
	e := communesEnv(t)
	adm := e.Browser("a-admin").Login()
	status, _, _ := adm.Do("POST", "/admin/reception", url.Values{"csrf": {adm.CSRF()}, "from": {"01/12/2026"}, "weekdays": {"thursday"},
		"move": {"next"}, "leaders": {"Chủ tịch UBND xã Tuy Phước"}, "source": {"Quy chế tiếp công dân xã (thử)"}, "version": {"0"}})
	if status != http.StatusSeeOther {
		t.Fatalf("commune A's admin records its plan: %d", status)
	}
	schedule := func(user string) string {
		_, page, _ := e.Browser(user).Login().Do("GET", "/lich-tiep?month=2026-12", nil)
		return page
	}
	a, b := schedule("a-reception"), schedule("b-reception")
	if !strings.Contains(a, "UBND xã Tuy Phước") || !strings.Contains(a, "Chủ tịch UBND xã Tuy Phước") || strings.Contains(a, "chưa đủ") {
		t.Errorf("commune A's schedule does not follow its plan of Thursdays:\n%.3000s", a)
	}
	if !strings.Contains(b, "UBND xã Phước Lộc") || strings.Contains(b, "Chủ tịch UBND xã Tuy Phước") || !strings.Contains(b, "chưa đủ") {
		t.Errorf("commune B's schedule is not its own, warned for its plan of two days a month:\n%.3000s", b)
	}
	if _, page, _ := e.Browser("b-admin").Login().Do("GET", "/admin", nil); strings.Contains(page, "Quy chế tiếp công dân xã (thử)") {
		t.Errorf("commune B's admin page shows commune A's plan")
	}
	if _, page, _ := adm.Do("GET", "/admin", nil); !strings.Contains(page, "Quy chế tiếp công dân xã (thử)") {
		t.Errorf("commune A's admin page does not show its plan")
	}
	sched := func(args ...string) string {
		_, out, _ := run(t, "", append([]string{"--db", e.Path, "--secrets-key", e.KeyFile, "schedule", "--from", "2026-12-01", "--to", "2026-12-31"}, args...)...)
		return out
	}
	if out := sched("--committee", "xa-a"); !strings.Contains(out, "03/12/2026") || strings.Contains(out, "09/12/2026") || strings.Contains(out, "chưa đủ") {
		t.Errorf("tiepdan schedule --committee xa-a:\n%s", out)
	}
	if out := sched("--committee", "xa-b"); !strings.Contains(out, "09/12/2026") || !strings.Contains(out, "chưa đủ") {
		t.Errorf("tiepdan schedule --committee xa-b:\n%s", out)
	}
	if out := sched(); !strings.Contains(out, "09/12/2026") || strings.Contains(out, "Chủ tịch UBND xã Tuy Phước") {
		t.Errorf("tiepdan schedule of the province:\n%s", out)
	}
}

// committeeSelect is the admin page's choice of a new account's committee.
var committeeSelect = regexp.MustCompile(`<select name="committee".*?</select>`)

// TestAdminAddsAccountsOfItsArea: the province's admin chooses the
// committee of a new account among its own and its communes'; a commune's
// admin lists and adds only its commune's accounts; `tiepdan user list`
// names each account's committee; "system" is no account's name.
func TestAdminAddsAccountsOfItsArea(t *testing.T) {
	e := communesEnv(t)
	prov := e.Browser("admin").Login()
	_, page, _ := prov.Do("GET", "/admin", nil)
	for _, want := range []string{`name="committee"`, `<option value="xa-b">UBND xã Phước Lộc</option>`, `<option value="tinh" selected>UBND tỉnh Gia Lai</option>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the province's admin page lacks %s", want)
		}
	}
	add := func(b *webtest.Browser, name, committee string) (int, string) {
		status, page, _ := b.Do("POST", "/admin/users", url.Values{"csrf": {b.CSRF()}, "name": {name}, "role": {"reception"},
			"committee": {committee}, "password": {webtest.Password}, "password2": {webtest.Password}})
		return status, page
	}
	if status, page := add(prov, "tiepdan.phuocloc", "xa-b"); status != http.StatusSeeOther {
		t.Fatalf("the province's admin adds an account of commune B: %d %.1000s", status, page)
	}
	commune := e.Browser("a-admin").Login()
	if status, page := add(commune, "ke-la", "xa-b"); status != http.StatusUnprocessableEntity || !invalidField(page, "committee") {
		t.Errorf("commune A's admin adds an account of commune B: %d", status)
	}
	if status, page := add(commune, "system", "xa-a"); status != http.StatusUnprocessableEntity || !strings.Contains(page, "dành cho hệ thống") {
		t.Errorf("an account named system: %d", status)
	}
	_, page, _ = commune.Do("GET", "/admin", nil)
	for _, other := range []string{"tiepdan.phuocloc", "b-leader"} {
		if strings.Contains(page, other) {
			t.Errorf("commune A's admin page shows %s of commune B", other)
		}
	}
	if m := committeeSelect.FindString(page); !strings.Contains(m, `"xa-a"`) || strings.Contains(m, `"xa-b"`) || strings.Contains(m, `"tinh"`) {
		t.Errorf("commune A's admin chooses among %q", m)
	}
	if status, _, _ := commune.Do("POST", "/admin/users/b-leader/disable", url.Values{"csrf": {commune.CSRF()}}); status != http.StatusNotFound {
		t.Errorf("commune A's admin disables commune B's leader: %d, want 404", status)
	}
	users, err := e.DB.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Name == "tiepdan.phuocloc" && u.Committee != "xa-b" {
			t.Errorf("the new account's committee: %q", u.Committee)
		}
		if u.Name == "b-leader" && u.Disabled {
			t.Errorf("commune A's admin disabled commune B's leader")
		}
	}
	_, out, _ := run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "user", "list")
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "tiepdan.phuocloc ") && !strings.Contains(line, "UBND xã Phước Lộc") ||
			strings.HasPrefix(line, "a-admin ") && !strings.Contains(line, "UBND xã Tuy Phước") ||
			strings.HasPrefix(line, "admin ") && !strings.Contains(line, "UBND tỉnh Gia Lai") {
			t.Errorf("user list does not name the committee: %q", line)
		}
	}
	if code, _, errOut := run(t, webtest.Password+"\n", "--db", e.Path, "--secrets-key", e.KeyFile, "user", "add", "system", "--role", "reception", "--committee", "tinh"); code == exitOK || !strings.Contains(errOut, "system") {
		t.Errorf("user add system: %d %s", code, errOut)
	}
}
