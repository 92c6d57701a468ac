package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/internal/webtest"
)

func TestUserAndTokenCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, stderr := run(t, webtest.Units, "--db", db, "import", "-"); code != exitOK {
		t.Fatal(stderr)
	}
	for _, tc := range []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{webtest.Password + "\n", []string{"user", "add", "rec", "--role", "reception"}, exitOK, "add done"},
		{webtest.Password + "\n", []string{"user", "add", "rec", "--role", "reception"}, exitFailed, "already exists"},
		{webtest.Password + "\n", []string{"user", "add", "h", "--role", "head"}, exitUsage, "needs the unit"},
		{webtest.Password + "\n", []string{"user", "add", "h", "--role", "head", "--unit", "nowhere"}, exitUsage, "not recorded"},
		{webtest.Password + "\n", []string{"user", "add", "h", "--role", "head", "--unit", "own"}, exitUsage, "committee itself"},
		{webtest.Password + "\n", []string{"user", "add", "h", "--role", "head", "--unit", "tnmt"}, exitOK, "add done"},
		{webtest.Password + "\n", []string{"user", "add", "boss", "--role", "king"}, exitUsage, "role"},
		{webtest.Password + "\n", []string{"user", "add", "Nguyễn Văn A", "--role", "leader"}, exitUsage, "lower-case"},
		{"short\n", []string{"user", "add", "l", "--role", "leader"}, exitUsage, "at least"},
		{"", []string{"user", "add", "l", "--role", "leader"}, exitUsage, "standard input"},
		{"", []string{"user", "disable", "nobody"}, exitFailed, "not found"},
		{"", []string{"user", "frobnicate"}, exitUsage, "usage"},
		{"", []string{"token", "create", "nobody"}, exitFailed, "not found"},
		{"", []string{"token", "revoke", "x"}, exitUsage, "not a token id"},
		{"", []string{"token", "revoke", "42"}, exitFailed, "not found"},
	} {
		code, _, stderr := run(t, tc.stdin, append([]string{"--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: %d %q, want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
	code, out, _ := run(t, "", "--db", db, "user", "list")
	if code != exitOK || !regexp.MustCompile(`h\s+head\s+UBND huyện Tuy Phước\s+tnmt\s+enabled`).MatchString(out) {
		t.Errorf("user list: %s", out)
	}
	code, token, stderr := run(t, "", "--db", db, "token", "create", "rec", "--note", "tích hợp")
	if code != exitOK || !regexp.MustCompile(`^tdn_[A-Za-z0-9_-]{43}\n$`).MatchString(token) || !strings.Contains(stderr, "token 1 ") {
		t.Errorf("token create: %d %q %q", code, token, stderr)
	}
	code, out, _ = run(t, "", "--db", db, "token", "list")
	if code != exitOK || !strings.Contains(out, "tích hợp") || strings.Contains(out, strings.TrimSpace(token)) {
		t.Errorf("token list: %s", out)
	}
	if code, _, stderr := run(t, "", "--db", db, "token", "revoke", "1"); code != exitOK {
		t.Errorf("token revoke: %s", stderr)
	}
	if code, _, stderr := run(t, "", "--db", db, "token", "revoke", "--user", "rec"); code != exitOK || !strings.Contains(stderr, "0 tokens") {
		t.Errorf("token revoke --user: %s", stderr)
	}
	if code, _, stderr := run(t, "", "--db", db, "user", "disable", "rec"); code != exitOK {
		t.Errorf("user disable: %s", stderr)
	}
}

// TestServeUntilSignalled runs `tiepdan serve` through Main, asks it for
// /healthz and an API answer, then cancels its context as SIGTERM does: it
// stops and exits 0.
func TestServeUntilSignalled(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	run(t, webtest.Password+"\n", "--db", db, "user", "add", "leader", "--role", "leader")
	_, token, _ := run(t, "", "--db", db, "token", "create", "leader")
	token = strings.TrimSpace(token)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &webtest.SyncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- mainWithClock(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""),
			io.Discard, stderr, func() time.Time { return fixedNow })
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
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/api/v1/me: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case code := <-exit:
		if code != exitOK {
			t.Errorf("serve exited %d: %s", code, stderr)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(stderr.String(), `"msg":"stopped"`) || !strings.Contains(stderr.String(), `"route":"/api/v1/me"`) {
		t.Errorf("the log: %s", stderr)
	}
}
