package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func BenchmarkImportInProcess(b *testing.B) {
	file, _ := benchHistory(b, 100000)
	for i := 0; i < b.N; i++ {
		db := filepath.Join(b.TempDir(), "bench.db")
		code := mainWithClock(context.Background(), []string{"--db", db, "import", file}, os.Stdin, io.Discard, os.Stderr, func() time.Time { return fixedNow })
		if code != 0 {
			b.Fatal(code)
		}
	}
}
