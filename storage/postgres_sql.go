package storage

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// The store's queries, written in SQLite's dialect, as PostgreSQL reads
// them: ? and ?N placeholders become $n, and the few SQLite phrases the
// store uses have their PostgreSQL equivalents. A query with another
// SQLite-only phrase fails on PostgreSQL, which storetest runs on
// (TIEPDAN_TEST_POSTGRES).

// postgresPhrases are SQLite's phrases and what PostgreSQL says instead.
var postgresPhrases = []struct {
	sqlite *regexp.Regexp
	pg     string
}{
	// A list of refs passed as one JSON array (sqlite_lists.go).
	{regexp.MustCompile(`json_each\(\?\)`), `json_array_elements_text(?::json)`},
	// A planner's hint of SQLite's: PostgreSQL chooses its index itself.
	{regexp.MustCompile(`INDEXED BY \w+`), ``},
	{regexp.MustCompile(`NOT INDEXED`), ``},
	// Text ordered byte by byte, as Go compares strings (verify merges
	// sorted streams): SQLite's BINARY collation is PostgreSQL's "C".
	{regexp.MustCompile(`COLLATE BINARY`), `COLLATE "C"`},
}

// pgQueries keeps each query rewritten: the same few are run again and again.
var pgQueries sync.Map

// postgresSQL is q as PostgreSQL reads it.
func postgresSQL(q string) string {
	if out, ok := pgQueries.Load(q); ok {
		return out.(string)
	}
	out := q
	for _, p := range postgresPhrases {
		out = p.sqlite.ReplaceAllString(out, p.pg)
	}
	out = dollarPlaceholders(out)
	pgQueries.Store(q, out)
	return out
}

// dollarPlaceholders numbers q's placeholders as PostgreSQL's: each ? the
// next $n, ?N $N; not within quotes, quoted names, comments or
// dollar-quoted bodies.
func dollarPlaceholders(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c { // doubled: still inside
						j += 2
						continue
					}
					break
				}
				j++
			}
			j = min(j+1, len(q))
			b.WriteString(q[i:j])
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := strings.Index(q[i+2:], "*/")
			end := len(q)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(q[i:end])
			i = end
		case c == '$' && i+1 < len(q) && (q[i+1] == '$' || isIdentStart(q[i+1])):
			// A dollar-quoted body: $$ … $$ or $tag$ … $tag$.
			k := i + 1
			for k < len(q) && q[k] != '$' && isIdentChar(q[k]) {
				k++
			}
			if k >= len(q) || q[k] != '$' {
				b.WriteByte(c)
				i++
				continue
			}
			tag := q[i : k+1]
			j := strings.Index(q[k+1:], tag)
			end := len(q)
			if j >= 0 {
				end = k + 1 + j + len(tag)
			}
			b.WriteString(q[i:end])
			i = end
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 {
				b.WriteString(q[i+1 : j])
			} else {
				n++
				b.WriteString(strconv.Itoa(n))
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentChar(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') }
