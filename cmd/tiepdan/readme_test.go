package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/internal/demo"
)

// Every example of README.md runs (issue 16, point 9): each `tiepdan …`
// line of its ```sh blocks through Main, on the demo its first command
// serves (`serve --demo N`, made here in-process, with serve's seed and
// the tests' clock), exiting 0 with something on standard output; then
// the lines of its ```json blocks, imported in order into the same
// database, each accepted. An example added to the README that does not
// run fails this test.

// readmeBlock is a fenced block of the README: its language and lines,
// with the line of the README it starts on.
type readmeBlock struct {
	lang  string
	line  int
	lines []string
}

func readmeBlocks(t *testing.T) []readmeBlock {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []readmeBlock
	var cur *readmeBlock
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &readmeBlock{lang: strings.TrimPrefix(line, "```"), line: n + 1}
		case cur != nil && strings.HasPrefix(line, "```"):
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.lines = append(cur.lines, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cur != nil {
		t.Fatalf("README.md: the block of line %d is not closed", cur.line)
	}
	return out
}

// shellWords splits a command line as sh does for the README's examples:
// words separated by spaces, quoted with ' or ", and pipelines by |. A
// redirection or a variable is refused: the test would not run it as sh
// does.
func shellWords(line string) ([][]string, bool) {
	var cmds [][]string
	var words []string
	var w strings.Builder
	inWord, quote := false, rune(0)
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '|':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
			if r == '|' {
				cmds = append(cmds, words)
				words = nil
			}
		case strings.ContainsRune("<>$`;&\\", r):
			return nil, false
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, false
	}
	if inWord {
		words = append(words, w.String())
	}
	return append(cmds, words), true
}

var (
	demoCommand = regexp.MustCompile(`serve --demo (\d+)`)
	importTally = regexp.MustCompile(`imported (\d+), unchanged (\d+), refused (\d+)`)
)

func TestReadmeExamplesRun(t *testing.T) {
	// The demo of 2,000 petitions is written in a few seconds: the test
	// runs under -short too.
	blocks := readmeBlocks(t)
	petitions := 0
	for _, b := range blocks {
		for _, l := range b.lines {
			if m := demoCommand.FindStringSubmatch(l); m != nil && petitions == 0 {
				petitions, _ = strconv.Atoi(m[1])
			}
		}
	}
	if petitions == 0 {
		t.Fatal("README.md starts no demo (serve --demo N) for its examples to run on")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tiepdan.db")
	a := &App{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{},
		Now: func() time.Time { return fixedNow }, DB: path}
	db, err := a.openOrCreate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = seedDemo(ctx, a, db, demo.Options{Petitions: petitions})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	examples := 0
	for _, b := range blocks {
		if b.lang != "sh" {
			continue
		}
		for i, l := range b.lines {
			l = strings.TrimSpace(l)
			if !strings.HasPrefix(l, "tiepdan ") {
				continue // go run, go test: the build, not an example
			}
			examples++
			where := "README.md:" + strconv.Itoa(b.line+i)
			pipeline, ok := shellWords(l)
			if !ok {
				t.Errorf("%s: %q: the test runs words, quotes and pipes only", where, l)
				continue
			}
			stdin, out := "", ""
			for _, words := range pipeline {
				if len(words) < 2 || words[0] != "tiepdan" || words[1] == "serve" {
					t.Errorf("%s: %q: each command of an example is a tiepdan command that ends (not serve)", where, l)
					break
				}
				code, stdout, stderr := run(t, stdin, append([]string{"--db", path}, words[1:]...)...)
				if code != exitOK {
					t.Errorf("%s: %q exits %d: %s", where, l, code, stderr)
					break
				}
				stdin, out = stdout, stdout
			}
			if strings.TrimSpace(out) == "" {
				t.Errorf("%s: %q prints nothing", where, l)
			}
		}
	}
	if examples == 0 {
		t.Error("README.md has no tiepdan example in a sh block")
	}

	for _, b := range blocks {
		if b.lang != "json" {
			continue
		}
		history := strings.Join(b.lines, "\n") + "\n"
		code, _, stderr := run(t, history, "--db", path, "import", "-")
		m := importTally.FindStringSubmatch(stderr)
		if code != exitOK || m == nil || m[3] != "0" {
			t.Errorf("README.md:%d: the JSON example is not imported whole: exit %d, %s", b.line, code, stderr)
		}
	}
	if code, out, _ := run(t, "", "--db", path, "verify"); code != exitOK {
		t.Errorf("verify after the README's examples: %s", out)
	}
}
