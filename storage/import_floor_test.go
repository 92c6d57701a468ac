package storage

import (
	"bufio"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/workflow"
)

// statement is one statement a write transaction ran, with its arguments.
type statement struct {
	q     string
	args  []any
	query bool   // rows to read, not a result
	table string // what its time is counted under (tableOf)
}

// BenchmarkImportStatements is the floor of any import that writes what
// this one writes. It imports the demo history once (the import's loop: a
// transaction of 50,000 lines, each line decoded, prepared and recorded),
// keeping every statement its transactions run with their arguments; then,
// timed, it runs the same statements in the same transactions on a fresh
// database: no decoding, no decision, no projection, nothing in Go but the
// binding of the arguments and the reading of rows. Compared with the
// import's own rate it shows what SQLite itself costs the import
// (docs/performance.md):
//
//	TIEPDAN_BENCH_PETITIONS=100000 go test ./storage -run XXX -bench ImportStatements -benchtime 1x
//
// With TIEPDAN_BENCH_SHRINK=1 the statements store less: half of each
// event's command and of each petition's document, the hash as 32 bytes
// instead of 64 hex digits. It answers how much a more compact store of the
// same rows would gain.
func BenchmarkImportStatements(b *testing.B) {
	petitions := 20000
	if n, err := strconv.Atoi(os.Getenv("TIEPDAN_BENCH_PETITIONS")); err == nil && n > 0 {
		petitions = n
	}
	ctx := context.Background()
	history := filepath.Join(b.TempDir(), "history.ndjson")
	f, err := os.Create(history)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := demo.Generate(w, demo.Options{Petitions: petitions, Seed: 1,
		Level: cases.District, From: demo.DistrictFrom, To: demo.DistrictTo}); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if _, err := f.Seek(0, 0); err != nil {
		b.Fatal(err)
	}

	// The import, recorded.
	db, err := Open(ctx, filepath.Join(b.TempDir(), "recorded.db"), workflow.Decide)
	if err != nil {
		b.Fatal(err)
	}
	var batches [][]statement
	var batch []statement
	traceStatement = func(q string, args []any) {
		query := strings.HasPrefix(strings.TrimSpace(q), "SELECT")
		batch = append(batch, statement{q, append([]any(nil), args...), query, tableOf(q)})
	}
	defer func() { traceStatement = nil }()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	lines := 0
	for more := true; more; {
		err := db.Batch(ctx, func(tx *Tx) error {
			for n := 0; n < 50000; n++ {
				if !sc.Scan() {
					more = false
					return sc.Err()
				}
				lines++
				c, err := cases.DecodeCommand(sc.Bytes())
				if err != nil {
					return err
				}
				pc, err := db.Prepare(c, now)
				if err != nil {
					return err
				}
				if _, err := tx.Record(pc, cases.Meta{Now: now, User: "import"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		batches, batch = append(batches, batch), nil
	}
	traceStatement = nil
	if os.Getenv("TIEPDAN_BENCH_SHRINK") != "" {
		shrink(batches)
	}
	f.Close()
	db.Close()

	// The statements kept are a large live heap: the collector, scanning
	// it over and over, would be most of what is timed. It is off while
	// they run: their garbage is a few hundred megabytes.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	runtime.GC()
	b.ResetTimer()
	var spent time.Duration
	byTable := map[string]time.Duration{}
	for i := 0; i < b.N; i++ {
		db, err := Open(ctx, filepath.Join(b.TempDir(), "replayed.db"), workflow.Decide)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		for _, statements := range batches {
			err := db.Batch(ctx, func(tx *Tx) error {
				for _, s := range statements {
					t0 := time.Now()
					if err := s.run(tx); err != nil {
						return err
					}
					byTable[s.table] += time.Since(t0)
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		spent += time.Since(start)
		db.Close()
	}
	var statements time.Duration
	for table, d := range byTable {
		statements += d
		b.ReportMetric(d.Seconds()/float64(b.N), table+"-s")
	}
	b.ReportMetric((spent-statements).Seconds()/float64(b.N), "commits-s")
	n := 0
	for _, s := range batches {
		n += len(s)
	}
	b.ReportMetric(float64(lines)*float64(b.N)/spent.Seconds(), "commands/s")
	b.ReportMetric(float64(n)/float64(lines), "statements/command")
}

// run runs the statement in tx, reading its rows to the end.
func (s *statement) run(tx *Tx) error {
	if !s.query {
		_, err := tx.exec(s.q, s.args...)
		return err
	}
	rows, err := tx.query(s.q, s.args...)
	if err != nil {
		return err
	}
	for rows.Next() {
	}
	return rows.Close()
}

// tableOf is what the time of statement q is counted under: the events,
// the petitions, the other projections, or the report's tables.
func tableOf(q string) string {
	f := strings.Fields(q)
	for i, w := range f {
		if (w == "INTO" || w == "UPDATE" || w == "FROM") && i+1 < len(f) {
			switch t := f[i+1]; {
			case t == "events" || t == "petitions":
				return t
			case strings.HasPrefix(t, "report_"):
				return "report"
			default:
				return "projections"
			}
		}
	}
	return "other"
}

// shrink halves what the statements store of the events' commands and the
// petitions' documents, and stores the events' hashes as bytes.
func shrink(batches [][]statement) {
	half := func(a any) any {
		switch v := a.(type) {
		case string:
			return v[:len(v)/2]
		case []byte:
			return v[:len(v)/2]
		}
		return a
	}
	for _, statements := range batches {
		for i := range statements {
			s := &statements[i]
			switch {
			case strings.HasPrefix(s.q, "INSERT INTO events"):
				s.args[9] = half(s.args[9])
				if h, err := hex.DecodeString(s.args[10].(string)); err == nil {
					s.args[10] = h
				}
			case strings.HasPrefix(s.q, "INSERT INTO petitions"):
				s.args[7] = half(s.args[7])
			case strings.HasPrefix(s.q, "UPDATE petitions"):
				s.args[5] = half(s.args[5])
			}
		}
	}
}
