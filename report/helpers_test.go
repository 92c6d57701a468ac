package report_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// importNow is the instant imports are received at: after every demo event.
var importNow = time.Date(2025, 6, 1, 9, 0, 0, 0, cases.Zone)

// testDeadlines wires the workflow's shipped rules and calendar, as cmd does.
func testDeadlines() report.Deadlines {
	rules, cal := workflow.DefaultRules(), workflow.DefaultCalendar()
	return report.DeadlineFuncs{
		HandlingFunc: func(p *cases.Petition) (cases.Date, error) {
			return rules.Handling(p, cal).Due, nil
		},
		ResolutionFunc: func(p *cases.Petition, remote bool, asOf cases.Date) (cases.Date, error) {
			d, ok := rules.Resolution(p, remote, asOf, cal)
			if !ok {
				return 0, fmt.Errorf("no resolution rule for petition %s", p.Ref)
			}
			return d.Due, nil
		},
	}
}

// openStore opens the database at path as tiepdan does.
func openStore(tb testing.TB, path string) *storage.DB {
	tb.Helper()
	return openDefault(tb, path)
}

// openDefault opens the database at path as tiepdan does.
func openDefault(tb testing.TB, path string) *storage.DB {
	tb.Helper()
	db, err := storage.Open(context.Background(), path, workflow.Decide)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// importNDJSON imports every line of r at importNow, failing on any refusal.
func importNDJSON(tb testing.TB, db *storage.DB, r io.Reader, now time.Time) int {
	tb.Helper()
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<22)
	n := 0
	for more := true; more; {
		err := db.Batch(context.Background(), func(tx *storage.Tx) error {
			for i := 0; i < 5000; i++ {
				if !sc.Scan() {
					more = false
					return nil
				}
				n++
				if len(bytes.TrimSpace(sc.Bytes())) == 0 {
					continue
				}
				c, err := cases.DecodeCommand(sc.Bytes())
				if err != nil {
					return fmt.Errorf("line %d: %w", n, err)
				}
				if _, err := tx.Exec(c, cases.Meta{Now: now, User: "import"}); err != nil {
					return fmt.Errorf("line %d: %w", n, err)
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return n
}

// codeHash identifies the code that makes a cached demo database. Tests
// key their databases by the demo generator, the workflow, the domain and
// the storage that records (a change to any of them makes a new database);
// benchmarks, whose large histories take minutes to import, by what decides
// the bytes stored only: the generator, the schema, and the encoders of the
// timelines (timeline.go) and the day summaries (summary.go).
func codeHash(patterns ...string) string {
	_, here, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(here))
	h := sha256.New()
	var files []string
	for _, pat := range patterns {
		m, _ := filepath.Glob(filepath.Join(root, pat))
		for _, f := range m {
			// What the report reads with does not change what is stored.
			if !strings.HasSuffix(f, "_test.go") && filepath.Base(f) != "report.go" {
				files = append(files, f)
			}
		}
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err == nil {
			h.Write([]byte(filepath.Base(f)))
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

var (
	testHash = sync.OnceValue(func() string {
		return codeHash("internal/demo/*.go", "workflow/*.go", "workflow/*.json", "storage/*.go", "storage/migrations/*/*.sql", "cases/*.go",
			"report/timeline.go", "report/summary.go")
	})
	benchHash = sync.OnceValue(func() string {
		return codeHash("internal/demo/*.go", "storage/migrations/*/*.sql", "report/timeline.go", "report/summary.go")
	})
)

var demoMu sync.Mutex

// demoDB returns the path of a database holding the demo history of that
// size and seed, imported once and cached in the temp dir.
func demoDB(tb testing.TB, petitions int, seed int64) string {
	hash := testHash()
	if _, ok := tb.(*testing.B); ok {
		hash = benchHash()
	}
	return cachedDemoDB(tb, petitions, seed, hash)
}

func cachedDemoDB(tb testing.TB, petitions int, seed int64, hash string) string {
	tb.Helper()
	demoMu.Lock()
	defer demoMu.Unlock()
	// Keyed by the checkout too: two checkouts' tests may run at once,
	// and each removes the databases of code other than its own.
	_, here, _, _ := runtime.Caller(0)
	checkout := sha256.Sum256([]byte(filepath.Dir(here)))
	prefix := filepath.Join(os.TempDir(), fmt.Sprintf("tiepdan-report-%x-%s%d-%d-", checkout[:4], mixVersion, petitions, seed))
	path := prefix + hash + ".db"
	if _, err := os.Stat(path); err == nil {
		return path
	}
	// Databases of older code are of no more use.
	old, _ := filepath.Glob(prefix + "*")
	for _, f := range old {
		os.Remove(f)
	}
	tmp := path + ".tmp"
	pr, pw := io.Pipe()
	go func() {
		o := demo.Options{Petitions: petitions, Seed: seed,
			Level: cases.District, From: demo.DistrictFrom, To: demo.DistrictTo}
		if _, bench := tb.(*testing.B); bench {
			// The benchmarks' histories stay the demo's own, so that
			// measurements before and after compare.
			pw.CloseWithError(demo.Generate(pw, o))
			return
		}
		gr, gw := io.Pipe()
		go func() {
			gw.CloseWithError(demo.Generate(gw, o))
		}()
		pw.CloseWithError(mixToday(pw, gr))
	}()
	db, err := storage.Open(context.Background(), tmp, workflow.Decide)
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	n := importNDJSON(tb, db, pr, importNow)
	// As the import command does at its end.
	if _, err := db.SummarizeDays(context.Background()); err != nil {
		tb.Fatal(err)
	}
	if err := db.Close(); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("imported demo history of %d petitions (seed %d): %d commands in %s", petitions, seed, n, time.Since(start).Round(time.Millisecond))
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// compute runs report.Compute on a snapshot of db.
func compute(tb testing.TB, db *storage.DB, p report.Period, o report.Options) *report.Figures {
	tb.Helper()
	if o.Deadlines == nil {
		o.Deadlines = testDeadlines()
	}
	var f *report.Figures
	err := db.ReportStore(context.Background(), func(s report.Store) error {
		var err error
		f, err = report.Compute(context.Background(), s, p, o)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func jsonOf(tb testing.TB, f *report.Figures) string {
	tb.Helper()
	var b bytes.Buffer
	if err := f.WriteJSON(&b); err != nil {
		tb.Fatal(err)
	}
	return b.String()
}

func mustPeriod(tb testing.TB, name string) report.Period {
	tb.Helper()
	p, err := report.ParsePeriod(name)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// mixVersion names what mixToday adds to the demo's histories: a change to
// it must change the name, since the cached databases are keyed by the
// code outside the tests only.
const mixVersion = "mix3-"

// mixToday copies the demo history in r to w, adding what today's offices
// record and the demo does not (SPEC §9), so that the tests' random
// histories reach it: some sessions held online, some visits online
// themselves (at a session that is not, or regular ones), more complaints
// of the second instance, and the outcome of most resolutions of second-instance complaints, chosen by the refs'
// hash and the order of the history, so that it is the same every time.
func mixToday(w io.Writer, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<22)
	bw := bufio.NewWriter(w)
	instance2 := map[string]bool{} // a complaint of instance 2, as last classified
	resolved2 := 0
	pick := func(ref string, n uint32) uint32 {
		h := fnv.New32a()
		h.Write([]byte(ref))
		return h.Sum32() % n
	}
	for sc.Scan() {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		c, err := cases.DecodeCommand(line)
		if err != nil {
			return err
		}
		switch c.Op {
		case cases.OpSession:
			c.Online = pick(c.Ref, 4) == 0
		case cases.OpVisit:
			c.Online = pick(c.Ref, 7) == 0
		case cases.OpClassify:
			if c.Type == cases.Complaint && pick(c.Petition, 3) == 0 {
				c.Instance = 2
			}
			instance2[c.Petition] = c.Type == cases.Complaint && c.Instance == 2
		case cases.OpResolve:
			if instance2[c.Petition] {
				// In turn each outcome, then none, as a history recorded
				// before outcomes were would have it.
				if k := resolved2 % 4; k < 3 {
					c.Outcome = cases.Outcomes[k]
				}
				resolved2++
			}
		}
		b, err := json.Marshal(c)
		if err != nil {
			return err
		}
		bw.Write(b)
		bw.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return bw.Flush()
}
