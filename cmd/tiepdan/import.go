package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
)

// importBatch is how many lines one transaction carries: large enough that
// commits do not dominate and that a petition moved several times is written
// once per transaction, small enough that a killed import loses a second or
// two of work.
const importBatch = 50000

// importHeapLimit is the soft limit of the Go heap during an import, unless
// GOMEMLIMIT says otherwise: the store's petition cache (petitions with their
// timelines) lives there, and left to GOGC alone the heap grows to twice the
// cache, so an import would hold twice the memory it needs. The limit sits
// above the full cache: much below it the collector runs without pause and
// takes the CPU from the import (docs/performance.md, section 1, has the
// figures).
const importHeapLimit = 112 << 20

// importStats counts what an import did.
type importStats struct {
	Imported, Unchanged, Refused int
}

func runImport(ctx context.Context, a *App, args []string) int {
	fs := a.flags("import")
	keepGoing := fs.Bool("keep-going", false, "report every bad line and import the rest")
	user := fs.String("user", "import", "who is recorded as recording commands without recorded_by")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 1 {
		return a.badUsage("import")
	}
	var in io.Reader = a.Stdin
	var size int64
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintf(a.Stderr, "tiepdan: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		in = f
	}
	db, err := a.openOrCreate(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()

	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(importHeapLimit))
	}
	im := &importer{a: a, db: db, user: *user, keepGoing: *keepGoing, progress: newProgress(a.Stderr, size)}
	err = im.run(ctx, in)
	im.progress.done()
	fmt.Fprintf(a.Stderr, "imported %d, unchanged %d, refused %d\n", im.stats.Imported, im.stats.Unchanged, im.stats.Refused)
	if err != nil {
		return a.fail(err)
	}
	if im.stats.Refused > 0 {
		return exitFailed
	}
	return exitOK
}

type importer struct {
	a         *App
	db        *storage.DB
	user      string
	keepGoing bool
	stats     importStats
	progress  *progress
}

// line is one line of the file, read and prepared off the writing goroutine.
type line struct {
	n   int
	cmd *storage.Prepared
	err error
}

// prepare reads the lines and prepares their commands (decode, validate,
// canonical form) on their own goroutine, so that the writer, which must be
// one, only writes. Lines go out in chunks to keep channel traffic low.
func (im *importer) prepare(ctx context.Context, in io.Reader, out chan<- []line) error {
	defer close(out)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	n := 0
	chunk := make([]line, 0, 256)
	send := func() bool {
		select {
		case out <- chunk:
			chunk = make([]line, 0, 256)
			return true
		case <-ctx.Done():
			return false
		}
	}
	for sc.Scan() {
		n++
		b := sc.Bytes()
		im.progress.add(len(b) + 1)
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		l := line{n: n}
		c, err := cases.DecodeCommand(b)
		if err == nil {
			l.cmd, err = im.db.Prepare(c, im.a.Now())
		}
		l.err = err
		chunk = append(chunk, l)
		if len(chunk) == cap(chunk) && !send() {
			return ctx.Err()
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", n+1, err)
	}
	if len(chunk) > 0 && !send() {
		return ctx.Err()
	}
	return nil
}

func (im *importer) run(ctx context.Context, in io.Reader) error {
	if err := im.record(ctx, in); err != nil {
		return err
	}
	// The report reads a day from its summary: written once now, not at
	// every batch.
	_, err := im.db.SummarizeDays(ctx)
	return err
}

// record records the lines of in, a batch to a transaction.
func (im *importer) record(ctx context.Context, in io.Reader) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lines := make(chan []line, 8)
	readErr := make(chan error, 1)
	go func() { readErr <- im.prepare(ctx, in, lines) }()

	var pending []line
	next := func() (line, bool) {
		if len(pending) == 0 {
			chunk, ok := <-lines
			if !ok {
				return line{}, false
			}
			pending = chunk
		}
		l := pending[0]
		pending = pending[1:]
		return l, true
	}
	for more := true; more; {
		stopped := false
		err := im.db.Batch(ctx, func(tx *storage.Tx) error {
			for n := 0; n < importBatch; n++ {
				l, ok := next()
				if !ok {
					more = false
					return nil
				}
				err := l.err
				if err == nil {
					err = im.one(tx, l.cmd)
				}
				if err != nil {
					if cases.ErrorCode(err) == cases.EInternal {
						return fmt.Errorf("line %d: %w", l.n, err)
					}
					im.stats.Refused++
					fmt.Fprintf(im.a.Stderr, "line %d: %s\n", l.n, cases.ErrorMessage(err))
					if !im.keepGoing {
						stopped = true
						return nil
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if stopped {
			return nil
		}
	}
	return <-readErr
}

func (im *importer) one(tx *storage.Tx, c *storage.Prepared) error {
	res, err := tx.Record(c, cases.Meta{Now: im.a.Now(), User: im.user})
	if err != nil {
		return err
	}
	if res.Changed {
		im.stats.Imported++
	} else {
		im.stats.Unchanged++
	}
	return nil
}

// progress draws a bar on stderr when it is a terminal, and nothing otherwise.
type progress struct {
	w         io.Writer
	total     int64
	read      int64
	last      time.Time
	on        bool
	startedAt time.Time
}

func newProgress(w io.Writer, total int64) *progress {
	p := &progress{w: w, total: total, startedAt: time.Now()}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

func (p *progress) add(n int) {
	if !p.on {
		return
	}
	p.read += int64(n)
	if time.Since(p.last) < 200*time.Millisecond {
		return
	}
	p.last = time.Now()
	if p.total > 0 {
		pct := float64(p.read) / float64(p.total)
		bar := int(pct * 30)
		fmt.Fprintf(p.w, "\r[%-30s] %5.1f%%", strings.Repeat("#", bar), pct*100)
	} else {
		fmt.Fprintf(p.w, "\r%d MB read", p.read>>20)
	}
}

func (p *progress) done() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
