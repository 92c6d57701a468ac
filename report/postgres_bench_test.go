package report_test

import (
	"context"
	"os"
	"testing"

	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// benchPostgresEnv names an installation on PostgreSQL for
// BenchmarkComputePostgres, as a postgres:// URL with its search_path
// (one tiepdan copy made from a history of the report benchmarks, e.g.
// docs/performance.md's 1,000,000).
const benchPostgresEnv = "TIEPDAN_BENCH_POSTGRES"

// BenchmarkComputePostgres is BenchmarkCompute through the PostgreSQL
// store: section II.6, both periods and every figure, on a snapshot of the
// installation TIEPDAN_BENCH_POSTGRES names (skipped when unset), opened
// and migrated once before the clock starts, so that what it times is the
// report's reading and counting, as BenchmarkCompute does on SQLite.
func BenchmarkComputePostgres(b *testing.B) {
	url := os.Getenv(benchPostgresEnv)
	if url == "" {
		b.Skipf("%s is not set: no PostgreSQL installation to report on", benchPostgresEnv)
	}
	db, err := storage.OpenWith(context.Background(), url, workflow.Decide, storage.OpenOptions{Existing: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	dl := testDeadlines()
	for _, name := range benchPeriods {
		p := mustPeriod(b, name)
		b.Run("period="+name, func(b *testing.B) {
			// This process's CPU only: PostgreSQL's server processes work
			// beside it (time them with pidstat).
			benchReport(b, db, p, dl)
		})
	}
}
