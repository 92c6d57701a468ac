package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// An import line with bytes that are not UTF-8, a control character or a
// date outside the window is refused with its line number and the field;
// the lines before it stay, nothing of it is written.
func TestImportRefusesBadTextAndDates(t *testing.T) {
	for _, tc := range []struct{ name, bad, want string }{
		{"latin-1", "{\"op\":\"petition\",\"ref\":\"P-2\",\"received_at\":\"2023-03-01T08:00:00+07:00\",\"channel\":\"mail\",\"petitioner\":{\"name\":\"Nguy\xe9n\"},\"summary\":\"x\"}", "petitioner.name: is not valid UTF-8"},
		{"NUL in a ref", `{"op":"petition","ref":"P-2\u0000","received_at":"2023-03-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"A"},"summary":"x"}`, "ref: contains the control character U+0000"},
		{"received in 0001", `{"op":"petition","ref":"P-2","received_at":"0001-01-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"A"},"summary":"x"}`, "received_at: 0001-01-01 lies outside the dates accepted"},
		{"received in 1900", `{"op":"petition","ref":"P-2","received_at":"1900-01-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"A"},"summary":"x"}`, "received_at: 1900-01-01 lies outside"},
		{"follow-up in 9999", `{"op":"visit","ref":"V-2","at":"2023-03-03T08:00:00+07:00","kind":"regular","petition":"P-1","people":1,"follow_up_on":"9999-12-31"}`, "follow_up_on: 9999-12-31 lies outside"},
		{"session in 2999", `{"op":"session","ref":"S-2999","kind":"adhoc","date":"2999-01-01","presided_by":"Chủ tịch"}`, "date: 2999-01-01 lies outside"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "t.db")
			code, _, stderr := run(t, units+goodLines+tc.bad+"\n", "--db", db, "import", "-")
			if code != exitFailed || !strings.Contains(stderr, "line 5: ") || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q: want line 5 refused with %q", code, stderr, tc.want)
			}
			if n := eventsIn(db); n != 4 {
				t.Errorf("%d events, want the 4 lines before the refused one", n)
			}
		})
	}
}

// The window is the operator's: TIEPDAN_FIRST_DATE and TIEPDAN_YEARS_AHEAD
// move it, for imports and reports alike; a bad setting is a usage error.
func TestDateWindowFromTheEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	t.Setenv("TIEPDAN_FIRST_DATE", "2023-03-02")
	code, _, stderr := run(t, units+goodLines, "--db", db, "import", "-")
	if code != exitFailed || !strings.Contains(stderr, "line 3: received_at: 2023-03-01 lies outside the dates accepted, 2023-03-02 to 2027-12-31") {
		t.Fatalf("a petition before TIEPDAN_FIRST_DATE: %d %q", code, stderr)
	}
	if code, _, stderr := run(t, "", "--db", db, "report", "section6", "--period", "2022"); code != exitUsage || !strings.Contains(stderr, "outside the dates accepted") {
		t.Errorf("a report before TIEPDAN_FIRST_DATE: %d %q", code, stderr)
	}
	t.Setenv("TIEPDAN_FIRST_DATE", "")
	if code, _, stderr := run(t, "", "--db", db, "report", "section6", "--period", "0001"); code != exitUsage || !strings.Contains(stderr, "outside the dates accepted, 1945-01-01 to 2027-12-31") {
		t.Errorf("a report of 0001: %d %q", code, stderr)
	}
	t.Setenv("TIEPDAN_YEARS_AHEAD", "many")
	if code, _, stderr := run(t, units, "--db", db, "import", "-"); code != exitUsage || !strings.Contains(stderr, "TIEPDAN_YEARS_AHEAD") {
		t.Errorf("a bad TIEPDAN_YEARS_AHEAD: %d %q", code, stderr)
	}
}

// `tiepdan user passwd` revokes the user's API tokens: a token made with the
// old password no longer opens the API.
func TestPasswdRevokesTokens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, stderr := run(t, "mật khẩu đủ dài\n", "--db", db, "user", "add", "rec", "--role", "reception"); code != exitOK {
		t.Fatalf("user add: %s", stderr)
	}
	if code, _, stderr := run(t, "", "--db", db, "token", "create", "rec"); code != exitOK {
		t.Fatalf("token create: %s", stderr)
	}
	if code, _, stderr := run(t, "một mật khẩu mới dài\n", "--db", db, "user", "passwd", "rec"); code != exitOK {
		t.Fatalf("user passwd: %s", stderr)
	}
	if code, _, stderr := run(t, "", "--db", db, "token", "revoke", "--user", "rec"); code != exitOK || !strings.Contains(stderr, "0 tokens") {
		t.Errorf("tokens still live after a new password: %s", stderr)
	}
}
