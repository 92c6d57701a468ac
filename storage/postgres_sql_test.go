package storage

import "testing"

// TestPostgresSQL checks the rewriting of the store's queries for
// PostgreSQL: placeholders numbered, but not inside quotes, comments or
// dollar-quoted bodies, and SQLite's phrases replaced.
func TestPostgresSQL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, `SELECT a FROM t WHERE b = $1 AND c = $2`},
		{`SELECT '?', "x?" FROM t WHERE b = ? -- why?
			AND c = ? /* ? */`, `SELECT '?', "x?" FROM t WHERE b = $1 -- why?
			AND c = $2 /* ? */`},
		{`SELECT 'it''s ?' WHERE a = ?`, `SELECT 'it''s ?' WHERE a = $1`},
		{`CASE WHEN ?3 OR horizon >= ?1 THEN closed END WHERE first_day <= ?2`, `CASE WHEN $3 OR horizon >= $1 THEN closed END WHERE first_day <= $2`},
		{`CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '?'; END $$; SELECT ?`,
			`CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '?'; END $$; SELECT $1`},
		{`SELECT value FROM json_each(?)`, `SELECT value FROM json_array_elements_text($1::json)`},
		{`FROM json_each(?) j JOIN petitions p INDEXED BY petitions_ref_day ON p.ref = j.value`,
			`FROM json_array_elements_text($1::json) j JOIN petitions p  ON p.ref = j.value`},
		{`SELECT key FROM events WHERE seq < ? ORDER BY key COLLATE BINARY, seq`,
			`SELECT key FROM events WHERE seq < $1 ORDER BY key COLLATE "C", seq`},
	} {
		if got := postgresSQL(c.in); got != c.want {
			t.Errorf("postgresSQL(%q)\n = %q\nwant %q", c.in, got, c.want)
		}
	}
}
