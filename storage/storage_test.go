package storage

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// The tests of this package that need its insides: the plans of its
// queries, the hand-written petition document, the benchmarks of the
// import's floor. What every backend must do is storetest's, run for SQLite
// by contract_test.go; what SQLite alone is tested for from outside is in
// sqlite_test.go.

// noCommands is the decider of a test that records no command.
func noCommands(context.Context, *cases.Command, *cases.Petition, cases.Lookup) (cases.State, error) {
	return "", cases.Errorf(cases.EInternal, "this test records no command")
}

func openTest(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "t.db"), noCommands)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
