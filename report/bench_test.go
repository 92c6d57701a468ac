package report_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
)

// benchSizes are the history sizes (petitions over a district's demo history
// of 2022–2024, demo.DistrictFrom–DistrictTo, the shape the figures in
// docs/performance.md were measured on) the report benchmarks run on: TIEPDAN_BENCH_REPORT_SIZES
// overrides them, e.g. "10000,100000,1000000". Each history is imported once
// and cached in the temp dir.
func benchSizes() []int {
	s := os.Getenv("TIEPDAN_BENCH_REPORT_SIZES")
	if s == "" {
		return []int{10000, 100000}
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// benchPeriods are periods of several lengths: a week, a quarter, the six
// months of section II.6 (recent and older) and a year.
var benchPeriods = []string{"2024-06-03..2024-06-09", "2024-Q2", "2024-H1", "2023-H1", "2023"}

// BenchmarkCompute times section II.6 — both periods, every figure — on a
// snapshot of the store, for each history size and period.
func BenchmarkCompute(b *testing.B) {
	dl := testDeadlines()
	for _, size := range benchSizes() {
		db := openDefault(b, demoDB(b, size, 1))
		for _, name := range benchPeriods {
			p := mustPeriod(b, name)
			b.Run(fmt.Sprintf("petitions=%d/period=%s", size, name), func(b *testing.B) {
				benchReport(b, db, p, dl)
			})
		}
	}
}

// benchReport times section II.6 of p on a snapshot of db, and reports the
// process's CPU time per report (both cores together, garbage collection
// included: steadier than the wall clock on a shared machine) and how many
// petitions the period received.
func benchReport(b *testing.B, db *storage.DB, p report.Period, dl report.Deadlines) {
	var f *report.Figures
	cpu0 := cpuTime()
	for b.Loop() {
		err := db.ReportStore(context.Background(), func(s report.Store) error {
			var err error
			f, err = report.Compute(context.Background(), s, p, report.Options{Deadlines: dl})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(f.Handling.OnTime+f.Handling.Late+f.Handling.PendingInTime+f.Handling.PendingOverdue), "received")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReadAllEvents is the floor of a report that reads the whole
// history: every event read and decoded once, as the naive count does.
func BenchmarkReadAllEvents(b *testing.B) {
	for _, size := range benchSizes() {
		if size > 100000 {
			continue
		}
		path := demoDB(b, size, 1)
		b.Run(fmt.Sprintf("petitions=%d", size), func(b *testing.B) {
			for b.Loop() {
				readAllEvents(b, path)
			}
		})
	}
}
