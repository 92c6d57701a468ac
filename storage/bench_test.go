package storage

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkEventRowFloor appends bare rows to the event table of the real
// schema, with its indexes and triggers, 20,000 to a transaction, and nothing
// else: no decision, no projection, no JSON. It is the ceiling of any import
// on this machine, which docs/performance.md compares the import with.
func BenchmarkEventRowFloor(b *testing.B) {
	db, _ := openBench(b)
	ctx := context.Background()
	data := `{"op":"classify","petition":"DON-2023-000123","at":"2023-03-02T09:00:00+07:00","type":"complaint","field":"land","eligible":true,"complex":"none","instance":1}`
	b.ResetTimer()
	for i := 0; i < b.N; i += 20000 {
		err := db.Batch(ctx, func(tx *Tx) error {
			for j := i; j < i+20000 && j < b.N; j++ {
				e := eventRow{seq: int64(j + 1), op: "classify", key: fmt.Sprintf("DON-2023-%06d", j/5),
					at: 1677722400000000 + int64(j), day: 19418, state: "classified",
					recordedAt: 1677722400000000 + int64(j), recordedBy: "canbo.tiepdan1",
					fingerprint: fmt.Sprintf("%016x", j), data: data}
				e.hash = e.chain(tx.hash)
				tx.hash = e.hash
				if _, err := tx.exec(`INSERT INTO events (seq, op, key, at, day, state,
					recorded_at, recorded_by, fingerprint, data, hash)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.seq, e.op, e.key, e.at, e.day, e.state,
					e.recordedAt, e.recordedBy, e.fingerprint, e.data, e.hash); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func openBench(b *testing.B) (*DB, string) {
	b.Helper()
	path := b.TempDir() + "/bench.db"
	db, err := Open(context.Background(), path, noCommands)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db, path
}
