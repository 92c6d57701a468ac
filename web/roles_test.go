package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
)

// matrixHistory has one petition in the right state for each op a user may
// send: the routed ones at unit tnmt (whose head is "head"), P-LD at ld.
var matrixHistory = func() string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	petition := func(ref string) {
		line(`{"op":"petition","ref":"%s","received_at":"2026-10-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Người gửi %s"},"summary":"Nội dung %s"}`, ref, ref, ref)
	}
	classify := func(ref, typ string) {
		line(`{"op":"classify","petition":"%s","at":"2026-10-02T08:00:00+07:00","type":"%s","field":"land","eligible":true,"complex":"complex"}`, ref, typ)
	}
	route := func(ref, unit string) {
		line(`{"op":"route","petition":"%s","at":"2026-10-03T08:00:00+07:00","to":"own","unit":"%s","method":"assign"}`, ref, unit)
	}
	accept := func(ref string) { line(`{"op":"accept","petition":"%s","at":"2026-10-05T08:00:00+07:00"}`, ref) }
	line(`{"op":"session","ref":"S-1","kind":"periodic","date":"2026-10-09","presided_by":"Chủ tịch UBND huyện"}`)
	for _, ref := range []string{"P-VIS", "P-CLS", "P-ARC", "P-TRD"} {
		petition(ref)
	}
	petition("P-RT")
	classify("P-RT", "complaint")
	for _, ref := range []string{"P-ACC", "P-REJ", "P-DLG", "P-EXT", "P-SUS", "P-RSM", "P-SLV", "P-IMP", "P-TRM"} {
		petition(ref)
		typ := "complaint"
		if ref == "P-EXT" {
			typ = "denunciation"
		}
		classify(ref, typ)
		route(ref, "tnmt")
	}
	for _, ref := range []string{"P-EXT", "P-SUS", "P-RSM", "P-SLV", "P-IMP", "P-TRM"} {
		accept(ref)
	}
	line(`{"op":"suspend","petition":"P-RSM","at":"2026-10-10T08:00:00+07:00","reason":"Chờ giám định"}`)
	line(`{"op":"resolve","petition":"P-IMP","at":"2026-10-20T08:00:00+07:00","verdict":"correct","decision":"12/QĐ-UBND"}`)
	petition("P-LD")
	classify("P-LD", "complaint")
	route("P-LD", "ld")
	return b.String()
}()

// matrixRoles are the columns of the matrix: a user of each role, and the
// head of another unit than the petitions'.
var matrixRoles = []string{"rec", "head", "head-ld", "leader", "reporter", "admin"}

// commandMatrix is the table of docs/security.md, "Commands": each op, the
// command that tries it, and the users allowed (201); every other user gets
// 403 and nothing is written.
var commandMatrix = []struct {
	name    string
	command string
	allowed string
}{
	{"unit", `{"op":"unit","ref":"u-new","name":"Phòng Tư pháp","kind":"department","parent":"own"}`, "admin"},
	{"session", `{"op":"session","ref":"S-new","kind":"adhoc","date":"2026-11-20","presided_by":"Phó Chủ tịch"}`, "rec leader admin"},
	{"petition", `{"op":"petition","ref":"P-new","received_at":"2026-11-20T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Thị Bé"},"summary":"Kiến nghị sửa đường"}`, "rec leader admin"},
	{"visit", `{"op":"visit","ref":"V-new","at":"2026-11-20T09:00:00+07:00","kind":"regular","petition":"P-VIS","people":1}`, "rec leader admin"},
	{"dialogue", `{"op":"dialogue","petition":"P-DLG","at":"2026-11-20T09:00:00+07:00","on":"2026-11-30"}`, "rec head leader admin"},
	{"classify", `{"op":"classify","petition":"P-CLS","at":"2026-11-20T09:00:00+07:00","type":"complaint","field":"land","eligible":true}`, "rec leader admin"},
	{"route", `{"op":"route","petition":"P-RT","at":"2026-11-20T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}`, "rec leader admin"},
	{"archive", `{"op":"archive","petition":"P-ARC","at":"2026-11-20T09:00:00+07:00","reason":"unclear"}`, "rec leader admin"},
	{"accept", `{"op":"accept","petition":"P-ACC","at":"2026-11-20T09:00:00+07:00"}`, "head leader admin"},
	{"reject", `{"op":"reject","petition":"P-REJ","at":"2026-11-20T09:00:00+07:00","reason":"Đã được giải quyết"}`, "head leader admin"},
	{"extend", `{"op":"extend","petition":"P-EXT","at":"2026-11-20T09:00:00+07:00","days":30}`, "head leader admin"},
	{"suspend", `{"op":"suspend","petition":"P-SUS","at":"2026-11-20T09:00:00+07:00","reason":"Chờ kết quả giám định"}`, "head leader admin"},
	{"resume", `{"op":"resume","petition":"P-RSM","at":"2026-11-20T09:00:00+07:00"}`, "head leader admin"},
	{"resolve", `{"op":"resolve","petition":"P-SLV","at":"2026-11-20T09:00:00+07:00","verdict":"partly_correct"}`, "head leader admin"},
	{"implement", `{"op":"implement","petition":"P-IMP","at":"2026-11-20T09:00:00+07:00"}`, "head leader admin"},
	{"terminate at the desk", `{"op":"terminate","petition":"P-TRD","at":"2026-11-20T09:00:00+07:00","reason":"withdrawn"}`, "rec leader admin"},
	{"terminate once routed", `{"op":"terminate","petition":"P-TRM","at":"2026-11-20T09:00:00+07:00","reason":"withdrawn"}`, "head leader admin"},
	{"accept at another unit", `{"op":"accept","petition":"P-LD","at":"2026-11-20T09:00:00+07:00"}`, "head-ld leader admin"},
	// A leader's decision on the secret (SPEC §9): not an admin's, nor the
	// handling head's.
	{"secret", `{"op":"secret","petition":"P-EXT","at":"2026-11-20T09:00:00+07:00","protected":false,"reason":"waived_in_writing"}`, "leader"},
	{"secret set again", `{"op":"secret","petition":"P-ACC","at":"2026-11-20T09:00:00+07:00","protected":true,"reason":"Người khiếu nại đề nghị giữ bí mật"}`, "leader"},
	{"recorded_by someone else", `{"op":"petition","ref":"P-moved","received_at":"2020-01-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Văn Cũ"},"summary":"Chuyển từ hệ thống cũ","recorded_by":"nguyenvana"}`, "admin"},
	{"recorded_at", `{"op":"petition","ref":"P-moved2","received_at":"2020-01-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Văn Cũ"},"summary":"Chuyển từ hệ thống cũ","recorded_at":"2020-01-03T08:00:00+07:00"}`, "admin"},
}

// TestRoleMatrixCommands sends every command as every role, each role on a
// fresh store, and checks the answer against commandMatrix: 201 where
// allowed, 403 elsewhere.
func TestRoleMatrixCommands(t *testing.T) {
	for _, user := range matrixRoles {
		t.Run(user, func(t *testing.T) {
			e := webtest.New(t, matrixHistory)
			for _, row := range commandMatrix {
				want := http.StatusForbidden
				if strings.Contains(" "+row.allowed+" ", " "+user+" ") {
					want = http.StatusCreated
				}
				status, body := e.API(user, "POST", "/api/v1/commands", row.command)
				if status != want {
					t.Errorf("%s as %s: %d, want %d: %s", row.name, user, status, want, body)
				}
			}
		})
	}
}

// routeMatrix is the table of docs/security.md, "Routes": each route and the
// users for whom it answers 200; the others get 403 (401 without a token).
var routeMatrix = []struct {
	path    string
	allowed string
}{
	{"/api/v1/me", "rec head head-ld leader reporter admin"},
	{"/api/v1/units", "rec head head-ld leader reporter admin"},
	{"/api/v1/petitions", "rec head head-ld leader admin"},
	{"/api/v1/petitions/P-ACC", "rec head leader admin"},
	{"/api/v1/petitions/P-LD", "rec head-ld leader admin"},
	{"/api/v1/petitions/P-CLS", "rec leader admin"},
	{"/api/v1/reports/section6?period=2026-Q4", "rec leader reporter admin"},
	{"/api/v1/reports/section6?period=2026-Q4&format=xlsx", "rec leader reporter admin"},
	{"/api/v1/access-log", "admin"},
	// The reception schedule names no citizen: every role reads it.
	{"/api/v1/schedule", "rec head head-ld leader reporter admin"},
	{"/api/v1/schedule?from=2026-10-01&to=2026-10-31&format=ics", "rec head head-ld leader reporter admin"},
}

// pageMatrix is the same for the pages (GET).
var pageMatrix = []struct {
	path    string
	allowed string
}{
	{"/petitions", "rec head head-ld leader admin"},
	{"/petitions/P-ACC", "rec head leader admin"},
	{"/petitions/P-LD", "rec head-ld leader admin"},
	{"/petitions/P-CLS", "rec leader admin"},
	{"/reports", "rec leader reporter admin"},
	{"/reports?period=2026-Q4", "rec leader reporter admin"},
	{"/reports/section6.json?period=2026-Q4", "rec leader reporter admin"},
	{"/reports/section6.xlsx?period=2026-Q4", "rec leader reporter admin"},
	{"/tong-quan", "leader admin"},
	{"/lich-tiep", "rec head head-ld leader reporter admin"},
	{"/lich-tiep?month=2026-10", "rec head head-ld leader reporter admin"},
	{"/lich-tiep.ics?from=2026-10-01&to=2026-10-31", "rec head head-ld leader reporter admin"},
}

func TestRoleMatrixRoutes(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	if status, _ := e.API("", "GET", "/healthz", ""); status != http.StatusOK {
		t.Errorf("/healthz without a token: %d", status)
	}
	for _, row := range routeMatrix {
		if status, body := e.API("", "GET", row.path, ""); status != http.StatusUnauthorized {
			t.Errorf("%s without a token: %d, want 401: %s", row.path, status, body)
		}
		for _, user := range matrixRoles {
			want := http.StatusForbidden
			if strings.Contains(" "+row.allowed+" ", " "+user+" ") {
				want = http.StatusOK
			}
			if status, body := e.API(user, "GET", row.path, ""); status != want {
				t.Errorf("%s as %s: %d, want %d: %s", row.path, user, status, want, body)
			}
		}
	}
	anon := e.Browser("")
	for _, row := range pageMatrix {
		if status, _, h := anon.Do("GET", row.path, nil); status != http.StatusSeeOther || h.Get("Location") != "/login" {
			t.Errorf("%s without a session: %d to %q, want 303 to /login", row.path, status, h.Get("Location"))
		}
	}
	for _, user := range matrixRoles {
		b := e.Browser(user).Login()
		for _, row := range pageMatrix {
			want := http.StatusForbidden
			if strings.Contains(" "+row.allowed+" ", " "+user+" ") {
				want = http.StatusOK
			}
			if status, body, _ := b.Do("GET", row.path, nil); status != want {
				t.Errorf("page %s as %s: %d, want %d: %.300s", row.path, user, status, want, body)
			}
		}
	}
}

// TestRoleMatrixPageEvents sends the workflow events of commandMatrix from
// the petition pages' forms: the same rules hold there.
func TestRoleMatrixPageEvents(t *testing.T) {
	forms := []struct {
		name, ref string
		form      url.Values
	}{
		{"classify", "P-CLS", url.Values{"op": {"classify"}, "type": {"complaint"}, "field": {"land"}, "eligible": {"true"}, "complex": {"none"}, "instance": {"1"}}},
		{"accept", "P-ACC", url.Values{"op": {"accept"}, "at": {"2026-11-20T09:00"}}},
		{"resolve", "P-SLV", url.Values{"op": {"resolve"}, "verdict": {"correct"}, "decision": {"15/QĐ"}}},
		{"accept at another unit", "P-LD", url.Values{"op": {"accept"}}},
		{"secret", "P-EXT", url.Values{"op": {"secret"}, "protected": {"false"}, "reason": {"waived_in_writing"}}},
	}
	for _, user := range matrixRoles {
		t.Run(user, func(t *testing.T) {
			e := webtest.New(t, matrixHistory)
			b := e.Browser(user).Login()
			csrf := b.CSRF()
			for _, f := range forms {
				allowed := ""
				for _, row := range commandMatrix {
					if row.name == f.name {
						allowed = row.allowed
					}
				}
				want := http.StatusForbidden
				if strings.Contains(" "+allowed+" ", " "+user+" ") {
					want = http.StatusSeeOther
				}
				form := url.Values{"csrf": {csrf}}
				for k, v := range f.form {
					form[k] = v
				}
				if status, body, _ := b.Do("POST", "/petitions/"+f.ref+"/events", form); status != want {
					t.Errorf("%s as %s: %d, want %d: %.300s", f.name, user, status, want, body)
				}
			}
		})
	}
}

// TestRoleMatrixAdminForms sends the admin page's forms (docs/security.md,
// "Routes": POST /admin/users, /admin/users/{name}/disable and /enable,
// /admin/units, /admin/units/end, /admin/holidays, /admin/reception) as every role: 303 for an
// admin, 403 for the others, nothing changed.
func TestRoleMatrixAdminForms(t *testing.T) {
	e := webtest.New(t, matrixHistory)
	for _, user := range matrixRoles {
		b := e.Browser(user).Login()
		csrf := b.CSRF()
		want := http.StatusForbidden
		if user == "admin" {
			want = http.StatusSeeOther
		}
		name := "moi." + user
		for _, f := range []struct {
			path string
			form url.Values
		}{
			{"/admin/users", url.Values{"csrf": {csrf}, "name": {name}, "role": {"reporter"}, "password": {webtest.Password}, "password2": {webtest.Password}}},
			{"/admin/users/rec2/disable", url.Values{"csrf": {csrf}}},
			{"/admin/users/rec2/enable", url.Values{"csrf": {csrf}}},
			{"/admin/units", url.Values{"csrf": {csrf}, "ref": {"u-" + user}, "name": {"Phòng Tư pháp"}, "kind": {"department"}, "parent": {"own"}}},
			{"/admin/units/end", url.Values{"csrf": {csrf}, "unit": {"u-" + user}, "until": {"30/11/2026"}}},
			{"/admin/holidays", url.Values{"csrf": {csrf}, "from": {"04/11/2026"}, "kind": {"off"}, "name": {"Nghỉ lễ (thử)"}, "source": {"Thông báo (thử)"}}},
			{"/admin/reception", url.Values{"csrf": {csrf}, "from": {"01/12/2026"}, "days": {"10, 25"}, "move": {"next"}, "leaders": {"Chủ tịch UBND"}, "version": {"0"}}},
		} {
			if status, body, _ := b.Do("POST", f.path, f.form); status != want {
				t.Errorf("%s as %s: %d, want %d: %.300s", f.path, user, status, want, body)
			}
		}
		_, err := e.DB.User(context.Background(), name)
		if added := err == nil; added != (user == "admin") {
			t.Errorf("%s as %s: account added %v", "/admin/users", user, added)
		}
	}
	ctx := context.Background()
	units, _ := e.DB.Units(ctx)
	var added []string
	for _, u := range units {
		if strings.HasPrefix(u.Ref, "u-") {
			added = append(added, u.Ref)
		}
	}
	edits, _ := e.DB.CalendarEdits(ctx)
	plans, _ := e.DB.ReceptionEdits(ctx)
	if len(added) != 1 || added[0] != "u-admin" || len(edits) != 1 || len(plans) != 1 {
		t.Errorf("recorded by the admin forms: units %v, %d calendar edits, %d plans; want the admin's only", added, len(edits), len(plans))
	}
}
