package main

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// On a terminal, verify shows how far it is on stderr, in place, and
// clears the line before its verdict; elsewhere (a log, a pipe) it writes
// nothing there.
func TestVerifyShowsProgressOnATerminal(t *testing.T) {
	db := seedDB(t)
	tty := openTerminalEcho(t)
	var stdout strings.Builder
	code := mainWithClock(context.Background(), []string{"--db", db, "verify"},
		strings.NewReader(""), &stdout, tty.f, func() time.Time { return fixedNow })
	if code != exitOK || !strings.Contains(stdout.String(), "verify: OK") {
		t.Fatalf("verify: exit %d, %q", code, stdout.String())
	}
	seen := tty.read(t)
	for _, want := range []string{"verify: kiểm tra tệp", "verify: chuỗi băm", " sự kiện (100%)", "\r\033[K"} {
		if !strings.Contains(seen, want) {
			t.Errorf("the terminal shows %q, without %q", seen, want)
		}
	}
	var stderr strings.Builder
	stdout.Reset()
	code = mainWithClock(context.Background(), []string{"--db", db, "verify"},
		strings.NewReader(""), &stdout, &stderr, func() time.Time { return fixedNow })
	if code != exitOK || stderr.Len() != 0 {
		t.Errorf("verify to a non-terminal: exit %d, stderr %q", code, stderr.String())
	}
}

// groupDigits groups thousands as Vietnamese writes numbers.
func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 4721424: "4.721.424", -12345: "-12.345"} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}

// echoTerminal is a pseudo-terminal whose output is kept.
type echoTerminal struct {
	f   *os.File
	out chan string
}

// openTerminalEcho opens a pseudo-terminal as openTerminal does, keeping
// what is written to it.
func openTerminalEcho(t *testing.T) *echoTerminal {
	t.Helper()
	ptmx, tty := openPTY(t)
	e := &echoTerminal{f: tty, out: make(chan string, 1)}
	go func() {
		b, _ := io.ReadAll(ptmx)
		e.out <- string(b)
	}()
	return e
}

// read is what was written to the terminal, once it is closed.
func (e *echoTerminal) read(t *testing.T) string {
	t.Helper()
	e.f.Close()
	select {
	case s := <-e.out:
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("the terminal's output never ended")
		return ""
	}
}
