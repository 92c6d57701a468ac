package web_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// successorHistory: the department of natural resources is renamed in 2026
// (tnmt-2026 replaces tnmt) and merged again in 2027 (nnmt-2027 replaces
// tnmt-2026 and nn); two complaints routed to the old department still
// wait, one accepted, one only routed; one went to the department of labour.
const successorHistory = `{"op":"unit","ref":"nn","name":"Phòng Nông nghiệp","kind":"department","parent":"own"}
{"op":"petition","ref":"P-CU","received_at":"2026-10-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Văn Cũ"},"summary":"Khiếu nại quyết định thu hồi đất"}
{"op":"classify","petition":"P-CU","at":"2026-10-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-CU","at":"2026-10-03T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"P-CU","at":"2026-10-05T08:00:00+07:00"}
{"op":"petition","ref":"P-CHO","received_at":"2026-10-06T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Thị Chờ"},"summary":"Khiếu nại việc cấp giấy chứng nhận"}
{"op":"classify","petition":"P-CHO","at":"2026-10-07T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"P-CHO","at":"2026-10-08T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"petition","ref":"P-LD","received_at":"2026-10-06T09:00:00+07:00","channel":"mail","petitioner":{"name":"Phạm Văn Lao"},"summary":"Khiếu nại chế độ trợ cấp"}
{"op":"classify","petition":"P-LD","at":"2026-10-07T09:00:00+07:00","type":"complaint","field":"policy","eligible":true}
{"op":"route","petition":"P-LD","at":"2026-10-08T09:00:00+07:00","to":"own","unit":"ld","method":"assign"}
{"op":"unit","ref":"tnmt-2026","name":"Phòng Tài nguyên và Môi trường","kind":"department","parent":"own","replaces":["tnmt"]}
{"op":"unit","ref":"nnmt-2027","name":"Phòng Nông nghiệp và Môi trường","kind":"department","parent":"own","replaces":["tnmt-2026","nn"]}
`

// TestHeadOfASuccessorUnit: the head of a unit that replaced another reads
// and acts on what was routed to the old one and still waits, through the
// API and the pages, and so does the head of a unit that replaced that one;
// the old unit's head keeps its petitions; a head of an unrelated unit sees
// none of them.
func TestHeadOfASuccessorUnit(t *testing.T) {
	ctx := context.Background()
	e := webtest.New(t, successorHistory)
	e.AddUser(cases.User{Name: "head-2026", Role: "head", Unit: "tnmt-2026"})
	e.AddUser(cases.User{Name: "head-2027", Role: "head", Unit: "nnmt-2027"})
	listed := func(user, query string) []string {
		t.Helper()
		return webtest.Decode[listJSON](t, e.MustAPI(http.StatusOK, user, "GET", "/api/v1/petitions?"+query, "")).refs()
	}
	for user, want := range map[string][]string{
		"head": {"P-CU", "P-CHO"}, "head-2026": {"P-CU", "P-CHO"}, "head-2027": {"P-CU", "P-CHO"}, "head-ld": {"P-LD"},
	} {
		if got := listed(user, "limit=100"); !slices.Equal(got, want) {
			t.Errorf("%s lists %v, want %v", user, got, want)
		}
	}
	if got := listed("head-2027", "unit=tnmt"); !slices.Equal(got, []string{"P-CU", "P-CHO"}) {
		t.Errorf("head-2027 asking for the old unit: %v", got)
	}
	for _, c := range []struct{ user, path string }{
		{"head-2026", "/api/v1/petitions?unit=ld"}, {"head-ld", "/api/v1/petitions?unit=tnmt"},
		{"head-ld", "/api/v1/petitions/P-CU"}, {"head-2026", "/api/v1/petitions/P-LD"},
	} {
		if status, body := e.API(c.user, "GET", c.path, ""); status != http.StatusForbidden {
			t.Errorf("%s GET %s: %d, want 403: %s", c.user, c.path, status, body)
		}
	}
	e.MustAPI(http.StatusOK, "head-2027", "GET", "/api/v1/petitions/P-CU", "")
	if status, body := e.API("head-ld", "POST", "/api/v1/commands",
		`{"op":"accept","petition":"P-CHO","at":"2026-11-24T09:00:00+07:00"}`); status != http.StatusForbidden {
		t.Errorf("head-ld accepting P-CHO: %d, want 403: %s", status, body)
	}
	e.MustAPI(http.StatusCreated, "head-2026", "POST", "/api/v1/commands",
		`{"op":"resolve","petition":"P-CU","at":"2026-11-24T09:00:00+07:00","verdict":"correct","decision":"12/QĐ-UBND"}`)

	// The inbox of the newest unit's head offers the one still waiting to be
	// accepted; accepting it from there works.
	head := e.Browser("head-2027").Login()
	_, page, _ := head.Do("GET", "/inbox", nil)
	if !strings.Contains(page, "P-CHO") || strings.Contains(page, "P-LD") {
		t.Errorf("head-2027's inbox: %.3000s", page)
	}
	status, _, _ := head.Do("POST", "/petitions/P-CHO/events", map[string][]string{"csrf": {head.CSRF()}, "op": {"accept"}, "back": {"/inbox"}})
	if status != http.StatusSeeOther {
		t.Errorf("head-2027 accepting P-CHO from the inbox: %d", status)
	}
	p, err := e.DB.Petition(ctx, "P-CHO")
	if err != nil || p.State != "accepted" || p.Unit != "tnmt" {
		t.Errorf("P-CHO after head-2027 accepted it: %+v %v", p, err)
	}
	ld := e.Browser("head-ld").Login()
	if _, page, _ := ld.Do("GET", "/inbox", nil); strings.Contains(page, "P-CHO") || strings.Contains(page, "P-CU") {
		t.Errorf("head-ld's inbox shows the other department's petitions")
	}
}
