package storage_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/pgtest"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/storage/storetest"
)

// TestPostgresKeepsTheStoreContract runs the shared suite on PostgreSQL
// (TIEPDAN_TEST_POSTGRES), each test in a schema of its own.
func TestPostgresKeepsTheStoreContract(t *testing.T) {
	pgtest.URL(t) // skips the suite without a server
	storetest.Run(t, openPostgres)
}

// TestPostgresWithASecretsKeyKeepsTheStoreContract is the suite on
// PostgreSQL with identities sealed at rest.
func TestPostgresWithASecretsKeyKeepsTheStoreContract(t *testing.T) {
	pgtest.URL(t)
	secrets, err := storage.ParseSecrets(storage.NewSecretsKeyFile())
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, decide cases.Decider) (storetest.Store, *sql.DB) {
		return openPostgresWith(t, decide, secrets)
	})
}

func openPostgres(t *testing.T, decide cases.Decider) (storetest.Store, *sql.DB) {
	return openPostgresWith(t, decide, nil)
}

func openPostgresWith(t *testing.T, decide cases.Decider, secrets *storage.Secrets) (storetest.Store, *sql.DB) {
	t.Helper()
	url := pgtest.URL(t)
	db, err := storage.OpenWith(context.Background(), url, decide, storage.OpenOptions{Secrets: secrets})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	raw, err := storage.OpenPostgresSQL(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return db, raw
}
