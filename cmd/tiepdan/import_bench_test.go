package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkImportInProcess imports the demo history into a fresh database in
// this process, so that go test -cpuprofile and -memprofile see the import:
//
//	go test ./cmd/tiepdan -run XXX -bench ImportInProcess -benchtime 1x -cpuprofile /tmp/import.cpu
func BenchmarkImportInProcess(b *testing.B) {
	// Read from the file as the import reads it: held in memory, the
	// history would count against the import's heap limit.
	file, lines := benchHistory(b, benchPetitions())
	b.ResetTimer()
	var spent time.Duration
	for i := 0; i < b.N; i++ {
		db := filepath.Join(b.TempDir(), "bench.db")
		start := time.Now()
		var stderr bytes.Buffer
		if code := Main(context.Background(), []string{"--db", db, "import", file}, nil, io.Discard, &stderr); code != 0 {
			b.Fatalf("import: exit %d\n%s", code, stderr.String())
		}
		spent += time.Since(start)
	}
	b.ReportMetric(float64(lines)*float64(b.N)/spent.Seconds(), "commands/s")
}
