package storage_test

// testdata/committees_0011.db is a province of several committees (SPEC
// §10) as the code of migration 0011 recorded it, before the report's
// tables were keyed by committee (0012) and the accounts counted (0013):
// the demo province of three communes, 220 petitions from 01/04/2025 to
// 30/06/2026 (224 with the 4 a commune sent up), 58 matters the province
// routed down to a commune, an account of a commune and its token. Make it
// again only with the code of dd36214 (the parent of d5f0304, which added
// 0012; its last migration is 0011), never with a binary that has run a
// later migration, from the module's root:
//
//	git worktree add /tmp/at0011 dd36214
//	(cd /tmp/at0011 && go build -o /tmp/tiepdan-0011 ./cmd/tiepdan)
//	git worktree remove /tmp/at0011
//	/tmp/tiepdan-0011 demo --level province --communes 3 --petitions 220 \
//	  --from 2025-04-01 --to 2026-06-30 > /tmp/committees_0011.ndjson
//	rm -f storage/testdata/committees_0011.db
//	/tmp/tiepdan-0011 --db storage/testdata/committees_0011.db import /tmp/committees_0011.ndjson
//	echo mat-khau-thu-nghiem-2026 | /tmp/tiepdan-0011 --db storage/testdata/committees_0011.db \
//	  user add tiepdan.phuongpleiku --role reception --committee phuong-pleiku
//	/tmp/tiepdan-0011 --db storage/testdata/committees_0011.db \
//	  token create tiepdan.phuongpleiku --note "committees fixture" >/dev/null
//	sqlite3 storage/testdata/committees_0011.db 'VACUUM; PRAGMA wal_checkpoint(TRUNCATE);'

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
)

// The committees of testdata/committees_0011.db: the province's (the
// installation's first, key "") and its three communes'.
var fixtureCommittees = []string{"", "phuong-pleiku", "phuong-quy-nhon", "xa-tuy-phuoc"}

// TestCommitteesFixture opens a copy of testdata/committees_0011.db with
// today's code, which runs every migration from 0012 on on it. The
// migrated file must have the schema of a new database and verify, keep
// its account; each petition's timeline and each day's summary must be the
// receiving committee's (a commune's petition the commune's, a matter the
// province routed down the province's, a matter a commune sent up in both,
// as two petitions); and each committee's report, the area's and the
// installation's, and each committee's list of petitions, must be those of
// the same history recorded afresh, from the stored timelines as after the
// days are summarized again.
func TestCommitteesFixture(t *testing.T) {
	ctx := context.Background()
	oldPath, freshPath := fixtureCopy(t, "committees_0011.db"), filepath.Join(t.TempDir(), "fresh.db")
	// The fixture is of 0011, not migrated already by a later binary.
	before := rawFile(t, oldPath)
	if last := rows(t, before, `SELECT max(version), '', '', '' FROM schema_migrations`); last != "0011_committee_states |  |  | \n" {
		t.Fatalf("the fixture's last migration: %s", last)
	}
	before.Close()

	old := openFile(t, oldPath)
	fresh := openFile(t, freshPath)
	oldRaw, freshRaw := rawFile(t, oldPath), rawFile(t, freshPath)
	sameSchema(t, "the migrated province", oldRaw, freshRaw)
	ver, err := old.Verify(ctx)
	if err != nil || !ver.OK() || ver.Events != 1302 || ver.Petitions != 224 || ver.Visits != 166 {
		t.Errorf("verify the migrated province: %+v, %v", ver, err)
	}
	if u, err := old.User(ctx, "tiepdan.phuongpleiku"); err != nil || u.Role != cases.RoleReception || u.Committee != "phuong-pleiku" {
		t.Errorf("the province's account: %+v, %v", u, err)
	}
	if tokens, err := old.Tokens(ctx, "tiepdan.phuongpleiku"); err != nil || len(tokens) != 1 || tokens[0].Revoked != nil {
		t.Errorf("the province's token: %+v, %v", tokens, err)
	}

	// Each petition's timeline is the committee's that received it, by
	// the petitions' rows, which 0012 left as they were: the history has
	// petitions of every committee, matters routed down to each commune
	// and matters sent up.
	const byCommittee = `SELECT p.committee, count(*), count(p.routed_to), sum(p.ref LIKE '%.%')
		FROM petitions p JOIN report_timelines t ON t.petition = p.ref AND t.committee = p.committee
		GROUP BY p.committee ORDER BY p.committee`
	if got := rows(t, oldRaw, byCommittee); got != " | 165 | 58 | 4\nphuong-pleiku | 32 | 0 | 0\nphuong-quy-nhon | 19 | 0 | 0\nxa-tuy-phuoc | 8 | 0 | 0\n" {
		t.Errorf("the migrated province's petitions with a timeline under their committee, those routed down and those sent up:\n%s", got)
	}
	if n := rows(t, oldRaw, `SELECT count(*), '', '', '' FROM report_timelines`); n != "224 |  |  | \n" {
		t.Errorf("the migrated province's timelines: %s", n)
	}
	sentUp := rows(t, oldRaw, `SELECT s.ref, s.committee, t.committee, count(*) FROM petitions s
		JOIN petitions p ON p.ref LIKE '%.%' AND json_extract(p.doc, '$.transferred_from') = s.ref
		JOIN report_timelines t ON t.petition = s.ref GROUP BY s.ref ORDER BY s.ref`)
	if sentUp != "DON-2025-000053 | phuong-quy-nhon | phuong-quy-nhon | 1\nDON-2025-000110 | phuong-pleiku | phuong-pleiku | 1\n"+
		"DON-2026-000007 | xa-tuy-phuoc | xa-tuy-phuoc | 1\nDON-2026-000066 | phuong-pleiku | phuong-pleiku | 1\n" {
		t.Errorf("the petitions sent up, their committee and their timelines':\n%s", sentUp)
	}

	// The same history recorded afresh, each event as received at its
	// recorded_at from its recorder, but for those the store records itself
	// (the petition a matter sent up creates): the same events, chained the
	// same.
	events := recordedEvents(t, oldRaw)
	recordAfresh(t, fresh, events)
	for _, q := range []string{
		`SELECT seq, key, recorded_by, hash FROM events ORDER BY seq`,
		`SELECT ref, committee, coalesce(routed_to, '-'), doc FROM petitions ORDER BY ref`,
		`SELECT committee, received_day, petition, hex(timeline) FROM report_timelines ORDER BY committee, received_day, petition`,
	} {
		if a, b := rows(t, oldRaw, q), rows(t, freshRaw, q); a != b || a == "" {
			t.Errorf("%s\nthe migrated province:\n%s\nafresh:\n%s", q, a, b)
		}
	}

	// Each committee's list: its own petitions and those routed down to
	// it, the province's the petitions sent up to it too.
	for _, key := range fixtureCommittees {
		sc := cases.WithScope(ctx, &cases.Scope{Committee: key, Reads: []string{key}})
		a, b := petitionRefs(t, old, sc), petitionRefs(t, fresh, sc)
		if !slices.Equal(a, b) || len(a) == 0 {
			t.Errorf("committee %q lists in the migrated province %v, afresh %v", key, a, b)
		}
	}
	routedDown := rows(t, oldRaw, `SELECT p.ref, p.committee, p.routed_to, t.committee FROM petitions p
		JOIN report_timelines t ON t.petition = p.ref WHERE p.routed_to = 'phuong-quy-nhon' ORDER BY p.ref LIMIT 1`)
	if routedDown != "DON-2025-000042 |  | phuong-quy-nhon | \n" {
		t.Errorf("the first petition routed down to phuong-quy-nhon, its committee and its timeline's: %s", routedDown)
	}
	for _, c := range []struct {
		committee, ref string
		lists          bool
	}{
		{"phuong-quy-nhon", "DON-2025-000042", true}, // routed down to it
		{"", "DON-2025-000042", true},                // which received it
		{"xa-tuy-phuoc", "DON-2025-000042", false},
		{"phuong-quy-nhon", "DON-2025-000053", true}, // sent up from it
		{"", "DON-2025-000053", false},
		{"", "DON-2025-000053.ubnd-tinh-gia-lai", true}, // the matter the province received
		{"phuong-quy-nhon", "DON-2025-000053.ubnd-tinh-gia-lai", false},
	} {
		sc := cases.WithScope(ctx, &cases.Scope{Committee: c.committee, Reads: []string{c.committee}})
		if got := slices.Contains(petitionRefs(t, old, sc), c.ref); got != c.lists {
			t.Errorf("committee %q lists %s: %v, want %v", c.committee, c.ref, got, c.lists)
		}
	}

	// The reports: the installation's, each committee's own and the
	// province's area, before and after the migrated days are summarized,
	// equal to those afresh, summarized or not.
	periods := []reportPeriod{
		{cases.NewDate(2025, 4, 1), cases.NewDate(2025, 6, 30), time.Time{}},
		{cases.NewDate(2025, 7, 1), cases.NewDate(2025, 12, 31), time.Time{}},
		{cases.NewDate(2026, 1, 1), cases.NewDate(2026, 6, 30), time.Time{}},
		{cases.NewDate(2025, 1, 1), cases.NewDate(2026, 12, 31), time.Date(2025, 11, 15, 0, 0, 0, 0, cases.Zone)},
	}
	scopes := map[string]func(context.Context, report.Store) (*report.Committee, error){
		"the installation": nil,
		"the area of the province": func(ctx context.Context, s report.Store) (*report.Committee, error) {
			return report.ForArea(ctx, s, "")
		},
	}
	for _, key := range fixtureCommittees {
		scopes[fmt.Sprintf("committee %q", key)] = func(ctx context.Context, s report.Store) (*report.Committee, error) {
			return report.ForCommittee(ctx, s, key)
		}
	}
	want := map[string]string{}
	for what, scope := range scopes {
		want[what] = periodFigures(t, fresh, scope, periods)
	}
	compare := func(when string, db *storage.DB) {
		t.Helper()
		for what, scope := range scopes {
			if got := periodFigures(t, db, scope, periods); got != want[what] {
				t.Errorf("%s, %s: the figures differ from those of the history recorded afresh:\n%s\n%s", what, when, got, want[what])
			}
		}
	}
	compare("the migrated province", old)
	if _, err := old.SummarizeDays(ctx); err != nil {
		t.Fatal(err)
	}
	compare("the migrated province summarized", old)
	if _, err := fresh.SummarizeDays(ctx); err != nil {
		t.Fatal(err)
	}
	compare("afresh summarized", fresh)
	const days = `SELECT committee, day, first_day || ' ' || horizon, hex(closed) || ' ' || hex(open) FROM report_days ORDER BY committee, day`
	if a, b := rows(t, oldRaw, days), rows(t, freshRaw, days); a != b || a == "" {
		t.Errorf("the day summaries\nof the migrated province:\n%s\nafresh:\n%s", a, b)
	}
	if ver, err := old.Verify(ctx); err != nil || !ver.OK() {
		t.Errorf("verify the migrated province summarized: %+v, %v", ver, err)
	}
}

// petitionRefs lists the refs of every petition db lists for the scope ctx
// carries.
func petitionRefs(t *testing.T, db *storage.DB, ctx context.Context) []string {
	t.Helper()
	ps, n, err := db.PetitionPage(ctx, cases.Filter{})
	if err != nil || n != len(ps) {
		t.Fatalf("list petitions: %d of %d, %v", len(ps), n, err)
	}
	refs := make([]string, len(ps))
	for i, p := range ps {
		refs[i] = p.Ref
	}
	return refs
}
