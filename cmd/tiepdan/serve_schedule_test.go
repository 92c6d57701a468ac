package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/workflow"
)

// The reception schedule served, against the command line: the API answers
// what `tiepdan schedule` prints, and `tiepdan serve --reception FILE`
// follows that plan. The schedule's own HTTP tests are web's
// (web/schedule_test.go).

func TestScheduleAPI(t *testing.T) {
	e := webtest.NewSchedule(t)
	body := e.MustAPI(http.StatusOK, "reporter", "GET", "/api/v1/schedule?from=2023-01-01&to=2023-01-31", "")
	s := webtest.Decode[workflow.Schedule](t, body)
	if len(s.Days) != 2 {
		t.Fatalf("January 2023: %d days, want 09/01 and 27/01: %s", len(s.Days), body)
	}
	held, moved := s.Days[0], s.Days[1]
	if held.Date != cases.NewDate(2023, 1, 9) || held.Status != workflow.DayHeld || len(held.Sessions) != 1 ||
		held.Sessions[0].Ref != "K-230109" || held.Sessions[0].People != 2 {
		t.Errorf("09/01/2023: %+v", held)
	}
	r := moved.Reception
	if moved.Date != cases.NewDate(2023, 1, 27) || moved.Status != workflow.DayMissed || r == nil ||
		r.Scheduled != cases.NewDate(2023, 1, 24) || !r.Moved || r.DayOff != "Nghỉ Tết Nguyên đán" ||
		r.Reason != "Ngày tiếp định kỳ rơi vào thứ Ba 24/01/2023 (Nghỉ Tết Nguyên đán) nên chuyển sang thứ Sáu 27/01/2023" {
		t.Errorf("the reception of 24/01/2023: %+v, %+v", moved, r)
	}

	// The answer is what `tiepdan schedule --format json` prints, byte for
	// byte: the same history, plan and encoding.
	ctx := context.Background()
	today := cases.DateOf(fixedNow)
	rec, err := e.DB.ScheduleRecords(ctx, cases.NewDate(2023, 1, 1), cases.NewDate(2023, 1, 31), today)
	if err != nil {
		t.Fatal(err)
	}
	h := workflow.ScheduleHistory(*rec)
	want, err := workflow.DefaultReception().Schedule(workflow.ScheduleRequest{From: cases.NewDate(2023, 1, 1),
		To: cases.NewDate(2023, 1, 31), Today: today}, &h)
	if err != nil {
		t.Fatal(err)
	}
	var cli bytes.Buffer
	if code := writeScheduleJSON(&App{Stdout: &cli, Stderr: io.Discard}, want); code != exitOK || cli.String() != body {
		t.Errorf("the API differs from the command line:\n%s\n--- command line:\n%s", body, cli.String())
	}

	// By default: this month and the next.
	s = webtest.Decode[workflow.Schedule](t, e.MustAPI(http.StatusOK, "head", "GET", "/api/v1/schedule", ""))
	if s.From.String() != "2026-11-01" || s.To.String() != "2026-12-31" || len(s.Days) != 6 {
		t.Errorf("default range %s–%s, %d days", s.From, s.To, len(s.Days))
	}
	for _, u := range webtest.Users {
		if b := e.Bodies[u.Name]; b != nil {
			for _, secret := range webtest.ScheduleSecrets {
				if strings.Contains(b.String(), secret) {
					t.Errorf("%s read %q in a schedule", u.Name, secret)
				}
			}
		}
	}
}

// `tiepdan serve --reception FILE` serves the schedule of that plan, and the
// report page's text names its days; a bad plan stops it before it listens.
func TestServeReceptionPlan(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	run(t, webtest.Password+"\n", "--db", db, "user", "add", "leader", "--role", "leader")
	_, token, _ := run(t, "", "--db", db, "token", "create", "leader")
	token = strings.TrimSpace(token)
	plan := filepath.Join(t.TempDir(), "reception.json")
	os.WriteFile(plan, []byte(`{"version":1,"periods":[{"from":"2026-01-01","weekdays":["thursday"],"leaders":["Phó Chủ tịch Phạm Văn C"]}]}`), 0o644)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &webtest.SyncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- mainWithClock(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0", "--reception", plan},
			strings.NewReader(""), io.Discard, stderr, func() time.Time { return fixedNow })
	}()
	var addr string
	for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); {
		for _, line := range strings.Split(stderr.String(), "\n") {
			var l struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "serving" {
				addr = l.Addr
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if addr == "" {
		t.Fatalf("serve did not start: %s", stderr)
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/schedule?from=2026-12-01&to=2026-12-31", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	s := webtest.Decode[workflow.Schedule](t, string(body))
	// The Thursdays of December 2026: 3, 10, 17, 24 and 31.
	if len(s.Days) != 5 || s.Days[0].Date.String() != "2026-12-03" || s.Days[0].Reception.Leader != "Phó Chủ tịch Phạm Văn C" {
		t.Errorf("the schedule of the plan file: %s", body)
	}
	// The leader logs in to the pages: the report's text says when the
	// committee receives periodically, as the file says.
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page := func(method, path string, form url.Values) (int, string) {
		t.Helper()
		var resp *http.Response
		var err error
		if form == nil {
			resp, err = client.Get("http://" + addr + path)
		} else {
			resp, err = client.PostForm("http://"+addr+path, form)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	_, login := page("GET", "/login", nil)
	m := webtest.CSRFInput.FindStringSubmatch(login)
	if m == nil {
		t.Fatalf("the login page has no csrf field: %.500s", login)
	}
	if status, body := page("POST", "/login", url.Values{"csrf": {m[1]}, "name": {"leader"}, "password": {webtest.Password}}); status != http.StatusSeeOther {
		t.Fatalf("login: %d %.500s", status, body)
	}
	if status, report := page("GET", "/reports?period=2026-Q4", nil); status != http.StatusOK ||
		!strings.Contains(report, "vào thứ Năm hàng tuần") || strings.Contains(report, "ngày 9 và 24") {
		t.Errorf("the report page does not follow the plan file: %d %q", status, regexp.MustCompile(`[^<>]*hàng (tháng|tuần)[^<>]*`).FindAllString(report, -1))
	}
	cancel()
	if code := <-exit; code != exitOK {
		t.Errorf("serve exited %d: %s", code, stderr)
	}

	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"version":1,"periods":[{"from":"2026-01-01","weekdays":["sunday"],"leaders":["A"]}]}`), 0o644)
	code, _, errs := run(t, "", "--db", db, "serve", "--addr", "127.0.0.1:0", "--reception", bad)
	if code != exitUsage || !strings.Contains(errs, "periods[0].weekdays") {
		t.Errorf("serve with a bad plan: exit %d, %q", code, errs)
	}
}
