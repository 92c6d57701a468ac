package storage_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/storage/storetest"
)

var _ storetest.Store = (*storage.DB)(nil)

// TestSQLiteKeepsTheStoreContract runs the shared suite on SQLite, each
// test on a file of its own (":memory:" would give every pooled connection
// a database of its own).
func TestSQLiteKeepsTheStoreContract(t *testing.T) {
	storetest.Run(t, openSQLite)
}

// TestSQLiteWithASecretsKeyKeepsTheStoreContract runs the shared suite on
// SQLite with a secrets key: identities sealed at rest, fingerprints keyed.
func TestSQLiteWithASecretsKeyKeepsTheStoreContract(t *testing.T) {
	secrets, err := storage.ParseSecrets(storage.NewSecretsKeyFile())
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, decide cases.Decider) (storetest.Store, *sql.DB) {
		return openSQLiteWith(t, decide, secrets)
	})
}

// openSQLite opens a new database file as tiepdan does, and a plain
// connection to the same file.
func openSQLite(t *testing.T, decide cases.Decider) (storetest.Store, *sql.DB) {
	return openSQLiteWith(t, decide, nil)
}

func openSQLiteWith(t *testing.T, decide cases.Decider, secrets *storage.Secrets) (storetest.Store, *sql.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := storage.OpenWith(context.Background(), path, decide, storage.OpenOptions{Secrets: secrets})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return db, raw
}
