package main

import (
	"fmt"
	"io"
	"strconv"
	"time"
)

// verifyProgress draws how far verify is on stderr, in place, at most five
// times a second, when stderr is a terminal; nothing otherwise (logs,
// tests, a pipe).
type verifyProgress struct {
	w     io.Writer
	on    bool
	last  time.Time
	phase string
}

func newVerifyProgress(w io.Writer) *verifyProgress {
	return &verifyProgress{w: w, on: isTerminal(w)}
}

// verifyPhases names the passes of storage.DB.VerifyWith and what each
// counts.
var verifyPhases = map[string][2]string{
	"file":      {"kiểm tra tệp", ""},
	"chain":     {"chuỗi băm", "sự kiện"},
	"petitions": {"dựng lại từng đơn", "sự kiện"},
	"timelines": {"dòng thời gian", "đơn"},
}

// show draws phase at done of total, now when force, at a phase's start
// and end, and else when the last drawing is old enough.
func (p *verifyProgress) show(phase string, done, total int64, force bool) {
	if !p.on || !force && phase == p.phase && done < total && time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.phase = time.Now(), phase
	name := verifyPhases[phase]
	line := "verify: " + name[0]
	if total > 0 {
		line += fmt.Sprintf(" %s/%s %s (%d%%)", groupDigits(done), groupDigits(total), name[1], done*100/total)
	}
	fmt.Fprint(p.w, "\r\033[K"+line+" …")
}

// progress is what storage.DB.VerifyWith calls.
func (p *verifyProgress) progress(phase string, done, total int64) { p.show(phase, done, total, false) }

// done clears the line.
func (p *verifyProgress) done() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// groupDigits writes n with its thousands grouped by dots, as Vietnamese
// writes them: 4.721.424.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
