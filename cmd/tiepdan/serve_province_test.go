package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// TestServeProvinceDemo: `serve --demo N --level province` starts a
// province with its communes, each a committee with its desk, plan and
// accounts (demo.ProvinceAccounts); a commune's reception officer lands on
// its desk, under its commune's name, and reads only the petitions its
// commune received or was routed; its schedule is its commune's, by its
// own plan.
func TestServeProvinceDemo(t *testing.T) {
	base, db := startServeWith(t, "--demo", "400", "--level", "province")
	accounts, err := demo.ProvinceAccounts(demo.Options{Level: cases.Province})
	if err != nil {
		t.Fatal(err)
	}
	var desk demo.Account
	for _, a := range accounts {
		if a.Role == cases.RoleReception && a.Committee != accounts[1].Committee {
			desk = a
			break
		}
	}
	if desk.Name == "" {
		t.Fatalf("no commune's desk among %+v", accounts)
	}
	t.Logf("%s of %s", desk.Name, desk.Committee)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (int, string, http.Header) {
		t.Helper()
		resp, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header
	}
	_, page, _ := get("/login")
	m := webtest.CSRFInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the login page: %.500s", page)
	}
	resp, err := c.PostForm(base+"/login", url.Values{"csrf": {m[1]}, "name": {desk.Name}, "password": {demoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s logs in: %d", desk.Name, resp.StatusCode)
	}
	if status, _, h := get("/"); status != http.StatusSeeOther || h.Get("Location") != "/desk" {
		t.Fatalf("%s's home: %d → %s, want its desk", desk.Name, status, h.Get("Location"))
	}
	status, page, _ := get("/desk")
	if status != http.StatusOK || !strings.Contains(page, "Bàn tiếp công dân") {
		t.Fatalf("%s's desk: %d %.300s", desk.Name, status, page)
	}
	if _, page, _ := get("/lich-tiep"); strings.Contains(page, "chưa đủ") {
		t.Errorf("%s's schedule warns: its commune's own plan was not given to it", desk.Name)
	}

	// The API, with a token the command line makes on the same database.
	code, token, errOut := run(t, "", "--db", db, "token", "create", desk.Name)
	if code != exitOK {
		t.Fatalf("token create: %d %s", code, errOut)
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/petitions?limit=500", nil)
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(token))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct {
		Petitions []cases.Petition `json:"petitions"`
		Total     int              `json:"total"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the desk's petitions: %d %v", resp.StatusCode, err)
	}
	if list.Total == 0 {
		t.Fatalf("%s reads no petition: its commune's desk received none", desk.Name)
	}
	for _, p := range list.Petitions {
		if !p.Handles(desk.Committee) {
			t.Errorf("%s reads %s of committee %q (routed to %q)", desk.Name, p.Ref, p.Committee, p.RoutedTo)
		}
	}
}
