package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkImportInProcess imports the demo history into a fresh database in
// this process, so that go test -cpuprofile and -memprofile see the import:
//
//	go test ./cmd/tiepdan -run XXX -bench ImportInProcess -benchtime 1x -cpuprofile /tmp/import.cpu
func BenchmarkImportInProcess(b *testing.B) {
	file, lines := benchHistory(b, benchPetitions())
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var spent time.Duration
	for i := 0; i < b.N; i++ {
		db := filepath.Join(b.TempDir(), "bench.db")
		start := time.Now()
		var stderr bytes.Buffer
		if code := Main(context.Background(), []string{"--db", db, "import", "-"}, bytes.NewReader(data), io.Discard, &stderr); code != 0 {
			b.Fatalf("import: exit %d\n%s", code, stderr.String())
		}
		spent += time.Since(start)
	}
	b.ReportMetric(float64(lines)*float64(b.N)/spent.Seconds(), "commands/s")
}
