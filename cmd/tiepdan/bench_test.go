package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// benchPetitions sizes the import and verify benchmarks; TIEPDAN_BENCH_PETITIONS
// overrides the 100,000 of the issue (e.g. 1000000 to see how it scales).
func benchPetitions() int {
	if n, err := strconv.Atoi(os.Getenv("TIEPDAN_BENCH_PETITIONS")); err == nil && n > 0 {
		return n
	}
	return 100000
}

// benchHistory writes the demo history once per size into the temp dir and
// reuses it across runs.
func benchHistory(b *testing.B, petitions int) (string, int) {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("tiepdan-bench-%d.ndjson", petitions))
	if _, err := os.Stat(path); err != nil {
		if err := os.WriteFile(path+".tmp", []byte(demoHistory(b, petitions, 1)), 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(path+".tmp", path); err != nil {
			b.Fatal(err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	lines := 0
	buf := make([]byte, 1<<20)
	for {
		n, err := f.Read(buf)
		lines += bytes.Count(buf[:n], []byte{'\n'})
		if err == io.EOF {
			break
		} else if err != nil {
			b.Fatal(err)
		}
	}
	return path, lines
}

// runMain runs the command line as a child process, as a user would, and
// returns its peak resident memory. Linux counts in a child's peak the
// memory of the parent it was forked from, before its exec: the parent
// gives its free memory back first, so that the peak is the child's.
func runMain(b *testing.B, args ...string) (maxRSS int64) {
	b.Helper()
	debug.FreeOSMemory()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "TIEPDAN_BE_MAIN=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("%v: %v\n%s", args, err, out)
	}
	return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
}

// BenchmarkImport imports the demo history into a fresh database, in a child
// process, and reports commands per second and the child's peak memory.
func BenchmarkImport(b *testing.B) {
	file, lines := benchHistory(b, benchPetitions())
	var peak int64
	var spent time.Duration
	for i := 0; i < b.N; i++ {
		db := filepath.Join(b.TempDir(), "bench.db")
		start := time.Now()
		rss := runMain(b, "--db", db, "import", file)
		spent += time.Since(start)
		peak = max(peak, rss)
	}
	b.ReportMetric(float64(lines)*float64(b.N)/spent.Seconds(), "commands/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}

// BenchmarkVerify verifies the imported demo history.
func BenchmarkVerify(b *testing.B) {
	file, lines := benchHistory(b, benchPetitions())
	db := filepath.Join(os.TempDir(), fmt.Sprintf("tiepdan-bench-%d.db", benchPetitions()))
	if _, err := os.Stat(db); err != nil {
		runMain(b, "--db", db+".tmp", "import", file)
		os.Rename(db+".tmp", db)
		os.Remove(db + ".tmp-wal")
		os.Remove(db + ".tmp-shm")
	}
	b.ResetTimer()
	var peak int64
	for i := 0; i < b.N; i++ {
		peak = max(peak, runMain(b, "--db", db, "verify"))
	}
	b.ReportMetric(float64(lines), "events")
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}
