// Package pgtest gives a test a PostgreSQL database of its own: a schema
// made for it on the server TIEPDAN_TEST_POSTGRES names, dropped when the
// test ends, so that test packages run in parallel do not meet.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Env is the variable that names the test server, as a postgres:// URL;
// the tests that need it are skipped when it is not set.
const Env = "TIEPDAN_TEST_POSTGRES"

// URL is the URL of a new, empty schema of the test server for tb, dropped
// with everything in it when tb ends; tb is skipped when Env is not set.
func URL(tb testing.TB) string {
	tb.Helper()
	base := os.Getenv(Env)
	if base == "" {
		tb.Skipf("%s is not set: no PostgreSQL to test on", Env)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "tiepdan_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.ExecContext(context.Background(), `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		tb.Fatalf("%s: %v", Env, err)
	}
	tb.Cleanup(func() {
		admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
