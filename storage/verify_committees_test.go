package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/internal/pgtest"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// A province's history (its communes as committees, matters routed into a
// commune's inbox, matters sent up as linked petitions), with identities
// sealed at rest, verifies petition by petition on SQLite and on
// PostgreSQL (TIEPDAN_TEST_POSTGRES), its readers reading one snapshot;
// a linked petition's committee changed in its row is found.
func TestVerifyStreamsCommitteesAndSealedIdentities(t *testing.T) {
	var history bytes.Buffer
	if err := demo.Generate(&history, demo.Options{Petitions: 300, Seed: 5, Level: cases.Province, Communes: 4,
		From: cases.NewDate(2025, 5, 1), To: cases.NewDate(2026, 6, 30)}); err != nil {
		t.Fatal(err)
	}
	secrets, err := storage.ParseSecrets(storage.NewSecretsKeyFile())
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, db *storage.DB, raw *sql.DB) {
		ctx := context.Background()
		now := time.Date(2026, 7, 2, 9, 0, 0, 0, cases.Zone)
		recordHistory(t, db, bytes.NewReader(history.Bytes()), now)
		var linked, routedIn int
		if err := raw.QueryRow(`SELECT count(*) FROM petitions WHERE ref LIKE '%.%'`).Scan(&linked); err != nil {
			t.Fatal(err)
		}
		if err := raw.QueryRow(`SELECT count(*) FROM petitions WHERE COALESCE(routed_to, '') <> ''`).Scan(&routedIn); err != nil {
			t.Fatal(err)
		}
		if linked == 0 || routedIn == 0 {
			t.Fatalf("the history has %d petitions sent up and %d routed into a commune: it tests nothing", linked, routedIn)
		}
		ver, err := db.Verify(ctx)
		if err != nil || !ver.OK() || ver.Visits == 0 {
			t.Fatalf("the province's history: %+v, %v", ver, err)
		}
		var ref string
		if err := raw.QueryRow(`SELECT ref FROM petitions WHERE ref LIKE '%.%' ORDER BY ref DESC LIMIT 1`).Scan(&ref); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`UPDATE petitions SET committee = 'elsewhere' WHERE ref = ?`, ref); err != nil {
			t.Fatal(err)
		}
		ver, err = db.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(ver.Problems, "\n"), "petition "+ref+": stored projection differs from the history"; !strings.HasPrefix(got, want) || len(ver.Problems) != 1 {
			t.Errorf("problems:\n%s\nwant one:\n%s…", got, want)
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "p.db")
		db, err := storage.OpenWith(context.Background(), path, workflow.Decide, storage.OpenOptions{Secrets: secrets})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		check(t, db, rawDB(t, path))
	})
	t.Run("postgres", func(t *testing.T) {
		pgtest.URL(t) // skipped without a server
		db, raw := openPostgresWith(t, workflow.Decide, secrets)
		check(t, db.(*storage.DB), raw)
	})
}
