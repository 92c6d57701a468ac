package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// twoCommunes: a province and two communes as committees; commune B's
// petition names a marker no account of commune A may ever read.
const twoCommunes = `{"op":"unit","ref":"tinh","name":"UBND tỉnh Gia Lai","kind":"own","level":"province"}
{"op":"unit","ref":"xa-a","name":"UBND xã Tuy Phước","kind":"own","level":"commune","parent":"tinh"}
{"op":"unit","ref":"xa-a-dc","name":"Địa chính xã Tuy Phước","kind":"department","parent":"xa-a"}
{"op":"unit","ref":"xa-b","name":"UBND xã Phước Lộc","kind":"own","level":"commune","parent":"tinh"}
{"op":"petition","ref":"A-1","committee":"xa-a","received_at":"2026-11-02T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn An"},"summary":"Khiếu nại của xã A"}
{"op":"petition","ref":"B-1","committee":"xa-b","received_at":"2026-11-02T08:00:00+07:00","channel":"reception","petitioner":{"name":"Bùi Thị Bimat"},"summary":"BIMATXAB khiếu nại"}
{"op":"classify","petition":"B-1","at":"2026-11-02T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"session","ref":"S-B","committee":"xa-b","kind":"periodic","date":"2026-11-09","presided_by":"Chủ tịch xã B"}
{"op":"visit","ref":"V-B","committee":"xa-b","at":"2026-11-09T09:00:00+07:00","kind":"periodic","session":"S-B","petition":"B-1","people":1}
`

// TestCommuneSeesNothingOfAnother: every route of the engine (listed from
// it, so that a new route cannot be forgotten), for an account of commune
// A of each role, shows nothing of commune B's petition, session or visit,
// and no POST changes commune B's petition.
func TestCommuneSeesNothingOfAnother(t *testing.T) {
	e := webtest.NewWith(t, twoCommunes)
	roles := map[string]cases.User{
		"a-reception": {Name: "a-reception", Role: cases.RoleReception, Committee: "xa-a"},
		"a-leader":    {Name: "a-leader", Role: cases.RoleLeader, Committee: "xa-a"},
		"a-reporter":  {Name: "a-reporter", Role: cases.RoleReporter, Committee: "xa-a"},
		"a-admin":     {Name: "a-admin", Role: cases.RoleAdmin, Committee: "xa-a"},
		"a-head":      {Name: "a-head", Role: cases.RoleHead, Committee: "xa-a", Unit: "xa-a-dc"},
	}
	for _, u := range roles {
		e.AddUser(u)
	}
	before, err := e.DB.Petition(t.Context(), "B-1")
	if err != nil {
		t.Fatal(err)
	}
	engine, ok := e.TS.Config.Handler.(*gin.Engine)
	if !ok {
		t.Fatalf("the server's handler is %T, not the gin engine", e.TS.Config.Handler)
	}
	path := func(p string) string {
		r := strings.NewReplacer(":ref", "B-1", "*filepath", "app.css", ":name", "a-reception", ":id", "1", ":unit", "xa-b", ":kind", "petitions")
		return r.Replace(p)
	}
	query := "?from=2026-11-01&to=2026-11-30&period=2026-H2&q=khieu&format=json"
	secrets := []string{"BIMATXAB", "Bimat", "S-B", "V-B", "B-1"}
	n := 0
	for name := range roles {
		b := e.Browser(name).Login()
		for _, r := range engine.Routes() {
			if r.Path == "/login" || r.Path == "/logout" || strings.HasPrefix(r.Path, "/static") {
				continue
			}
			n++
			var status int
			var body string
			api := strings.HasPrefix(r.Path, "/api/")
			switch {
			case r.Method == http.MethodGet && api:
				status, body = e.API(name, "GET", path(r.Path)+query, "")
			case r.Method == http.MethodGet:
				status, body, _ = b.Do("GET", path(r.Path)+query, nil)
			case api:
				status, body = e.API(name, r.Method, path(r.Path),
					`{"op":"classify","petition":"B-1","at":"2026-11-10T09:00:00+07:00","type":"denunciation","field":"land","eligible":true}`)
			default:
				status, body, _ = b.Do(r.Method, path(r.Path), url.Values{"csrf": {b.CSRF()}, "petition": {"B-1"}, "ref": {"B-1"},
					"op": {"classify"}, "at": {"2026-11-10T09:00"}, "type": {"denunciation"}, "field": {"land"}, "eligible": {"true"}})
			}
			// The route may echo the ref asked for in a refusal; never the
			// petition's content, its session or its visit.
			for _, s := range secrets[:2] {
				if strings.Contains(body, s) {
					t.Errorf("%s %s %s (%d): shows %q of commune B", name, r.Method, r.Path, status, s)
				}
			}
			if r.Method == http.MethodGet && status == http.StatusOK && !strings.Contains(r.Path, ":ref") {
				for _, s := range secrets[2:] {
					if strings.Contains(body, s) {
						t.Errorf("%s GET %s: lists %q of commune B", name, r.Path, s)
					}
				}
			}
			if r.Method != http.MethodGet && strings.Contains(r.Path, ":ref") && status < 400 {
				t.Errorf("%s %s %s on commune B's petition: %d, want a refusal", name, r.Method, r.Path, status)
			}
		}
	}
	after, err := e.DB.Petition(t.Context(), "B-1")
	if err != nil || after.Version != before.Version || after.Type != cases.Complaint {
		t.Errorf("commune B's petition changed: %+v (%v)", after, err)
	}
	if n < 40 {
		t.Errorf("only %d requests: the routes were not listed", n)
	}
}

// TestAdminRecordsTheUnitsOfItsCommittee: a commune's admin records and
// ends its own commune's units only; the province's admin records and ends
// its communes, not their departments; a refused unit command names the
// unit and records nothing.
func TestAdminRecordsTheUnitsOfItsCommittee(t *testing.T) {
	e := webtest.NewWith(t, twoCommunes)
	e.AddUser(cases.User{Name: "a-admin", Role: cases.RoleAdmin, Committee: "xa-a"})
	e.AddUser(cases.User{Name: "tinh-admin", Role: cases.RoleAdmin, Committee: ""})
	for _, tc := range []struct {
		who, command string
		want         int
	}{
		{"a-admin", `{"op":"unit_until","unit":"xa-b","until":"2026-11-30"}`, http.StatusForbidden},
		{"a-admin", `{"op":"unit","ref":"xa-b-tp","name":"Tư pháp xã Phước Lộc","kind":"department","parent":"xa-b"}`, http.StatusForbidden},
		{"a-admin", `{"op":"unit","ref":"xa-c","name":"UBND xã Phước Hòa","kind":"own","level":"commune","parent":"tinh"}`, http.StatusForbidden},
		{"a-admin", `{"op":"unit","ref":"xa-ab","name":"UBND xã Tuy Phước mới","kind":"own","level":"commune","parent":"tinh","replaces":["xa-a","xa-b"],"valid_from":"2026-12-01"}`, http.StatusForbidden},
		{"tinh-admin", `{"op":"unit_until","unit":"xa-a-dc","until":"2026-11-30"}`, http.StatusForbidden},
		{"a-admin", `{"op":"unit","ref":"xa-a-tp","name":"Tư pháp xã Tuy Phước","kind":"department","parent":"xa-a"}`, http.StatusCreated},
		{"a-admin", `{"op":"unit_until","unit":"xa-a-dc","until":"2026-11-30"}`, http.StatusCreated},
		{"tinh-admin", `{"op":"unit","ref":"xa-c","name":"UBND xã Phước Hòa","kind":"own","level":"commune","parent":"tinh"}`, http.StatusCreated},
		{"tinh-admin", `{"op":"unit_until","unit":"xa-b","until":"2026-11-30"}`, http.StatusCreated},
	} {
		status, body := e.API(tc.who, "POST", "/api/v1/commands", tc.command)
		if status != tc.want {
			t.Errorf("%s %s: %d %s, want %d", tc.who, tc.command, status, body, tc.want)
		}
		if status == http.StatusForbidden && !strings.Contains(body, "another committee") {
			t.Errorf("%s %s: %s, want a refusal naming another committee's unit", tc.who, tc.command, body)
		}
	}
	units, err := e.DB.Units(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.Ref == "xa-b-tp" || u.Ref == "xa-ab" {
			t.Errorf("a refused unit was recorded: %+v", u)
		}
	}
}
