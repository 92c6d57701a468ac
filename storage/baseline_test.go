package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// TestBaselineFixture opens a copy of testdata/baseline.db — a short demo
// history (21 units, 50 petitions, 27 visits, an account and its token)
// recorded by the code of the baseline migration alone
// (migrations/0001_baseline.sql says how it was made) — with today's code,
// which runs every later migration on it. The migrated file must have the
// schema of a new database, verify, keep its accounts, and give the reports
// that the same history recorded afresh gives, from the summaries it was
// stored with as from the timelines. Its units, which have no level or
// dates, then take an end by unit_until (baselineUnitsEnd).
func TestBaselineFixture(t *testing.T) {
	ctx := context.Background()
	oldPath, freshPath := fixtureCopy(t, "baseline.db"), filepath.Join(t.TempDir(), "fresh.db")
	old := openFile(t, oldPath)
	fresh := openFile(t, freshPath)
	oldRaw, freshRaw := rawFile(t, oldPath), rawFile(t, freshPath)

	sameSchema(t, "the migrated baseline", oldRaw, freshRaw)
	ver, err := old.Verify(ctx)
	if err != nil || !ver.OK() || ver.Events == 0 || ver.Petitions != 50 {
		t.Fatalf("verify the migrated baseline: %+v, %v", ver, err)
	}
	// Migration 0003: the petitioner of a petition still unclassified is
	// protected from the first minute; a search by the name no longer finds
	// it, the duplicate check's filter by the whole name does.
	ps, _, err := old.PetitionPage(ctx, cases.Filter{Search: "DON-2024-000017 Nguyễn Hồng Hạnh"})
	if err != nil || len(ps) != 0 {
		t.Errorf("search an unclassified petitioner of the baseline by ref and name: %d petitions, %v", len(ps), err)
	}
	if ps, _, err := old.PetitionPage(ctx, cases.Filter{Petitioner: "Nguyễn Hồng Hạnh"}); err != nil || len(ps) != 1 || ps[0].Ref != "DON-2024-000017" {
		t.Errorf("the baseline's petitioner Nguyễn Hồng Hạnh: %d petitions, %v", len(ps), err)
	}
	// Migration 0005: the petitions and visits recorded before the books
	// began have the numbers of their order, in the projections and in
	// their histories.
	if p, err := old.Petition(ctx, "DON-2024-000017"); err != nil || p.Number.IsZero() || p.Number.Year != p.ReceivedAt.Year() {
		t.Errorf("the number of the baseline's petition DON-2024-000017: %+v, %v", p, err)
	} else if h, err := old.History(ctx, p.Ref); err != nil || h[0].Command.Number != p.Number.String() {
		t.Errorf("the history of the baseline's petition DON-2024-000017 (number %s): %+v, %v", p.Number, h, err)
	}
	if u, err := old.User(ctx, "quantri"); err != nil || u.Role != "admin" {
		t.Errorf("the baseline's account: %+v, %v", u, err)
	}
	if tokens, err := old.Tokens(ctx, "quantri"); err != nil || len(tokens) != 1 || tokens[0].Revoked != nil {
		t.Errorf("the baseline's token: %+v, %v", tokens, err)
	}

	// The same history recorded afresh, each event as received at its
	// recorded_at from its recorder.
	events := recordedEvents(t, oldRaw)
	recordAfresh(t, fresh, events)
	// Afresh, each petition and visit is recorded with the number of the
	// reception book that the migration derived for it (0005): its
	// command is the baseline's with that number, and the books agree.
	for _, q := range []string{
		`SELECT committee || ' ' || book, year, number, ref FROM reception_book ORDER BY book, year, number`,
		`SELECT committee || ' ' || book, year, last, '' FROM reception_book_last ORDER BY book, year`,
		`SELECT ref, number, received_day, doc FROM petitions ORDER BY ref`,
		`SELECT ref, doc, '', '' FROM visits ORDER BY ref`,
	} {
		if a, b := rows(t, oldRaw, q), rows(t, freshRaw, q); a != b || a == "" {
			t.Errorf("%s\nthe migrated baseline:\n%s\nafresh:\n%s", q, a, b)
		}
	}
	numbered, i := 0, 0
	rs, err := freshRaw.QueryContext(ctx, `SELECT data FROM events ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	for ; rs.Next(); i++ {
		var data string
		if err := rs.Scan(&data); err != nil {
			t.Fatal(err)
		}
		c, err := cases.DecodeCommand([]byte(data))
		if err != nil {
			t.Fatal(err)
		}
		if (c.Number != "") != (c.Op == cases.OpPetition || c.Op == cases.OpVisit) {
			t.Errorf("event %d afresh: %s", i+1, data)
		}
		if c.Number != "" {
			numbered++
		}
		c.Number = ""
		if string(c.Canonical()) != events[i].data {
			t.Errorf("event %d afresh: %s, the baseline's %s", i+1, c.Canonical(), events[i].data)
		}
	}
	if err := rs.Close(); err != nil || i != len(events) {
		t.Fatalf("%d events afresh of %d: %v", i, len(events), err)
	}
	if numbered != 50+27 {
		t.Errorf("afresh, %d petitions and visits have a number, want 77", numbered)
	}

	baseline := figures(t, old)
	if afresh := figures(t, fresh); afresh != baseline {
		t.Errorf("the baseline's figures differ from those of its history recorded afresh:\n%s\n%s", baseline, afresh)
	}
	if _, err := fresh.SummarizeDays(ctx); err != nil {
		t.Fatal(err)
	}
	if summarized := figures(t, fresh); summarized != baseline {
		t.Errorf("the baseline's figures differ from those of its history recorded and summarized afresh:\n%s\n%s", baseline, summarized)
	}
	baselineUnitsEnd(t, old)
}

// baselineUnitsEnd: the units of the migrated baseline (0002_unit_levels)
// have no level and no dates; one of them is ended by unit_until, after
// which a route to it the next day is refused and one on its last day is
// recorded, and the history still verifies.
func baselineUnitsEnd(t *testing.T, db *storage.DB) {
	t.Helper()
	ctx := context.Background()
	units, err := db.Units(ctx)
	if err != nil || len(units) != 21 {
		t.Fatalf("the baseline's units: %d, %v", len(units), err)
	}
	for _, u := range units {
		if u.Level != "" || u.ValidFrom != 0 || u.ValidUntil != 0 {
			t.Errorf("the baseline's unit %s has a level or dates: %+v", u.Ref, u)
		}
	}
	m := cases.Meta{Now: time.Date(2026, 11, 25, 9, 0, 0, 0, cases.Zone), User: "quantri"}
	exec := func(line string) (cases.Result, error) {
		c, err := cases.DecodeCommand([]byte(line))
		if err != nil {
			t.Fatal(err)
		}
		return db.Exec(ctx, c, m)
	}
	if res, err := exec(`{"op":"unit_until","unit":"phong-tnmt","until":"2025-01-05"}`); err != nil || !res.Changed {
		t.Fatalf("unit_until on the migrated baseline: %+v, %v", res, err)
	}
	_, err = exec(`{"op":"route","petition":"DON-2024-000019","at":"2025-01-06T08:00:00+07:00","to":"own","unit":"phong-tnmt","method":"transfer"}`)
	var ce *cases.Error
	if !errors.As(err, &ce) || !strings.Contains(ce.MessageVI, "Phòng Tài nguyên và Môi trường không còn tồn tại từ 06/01/2025") {
		t.Errorf("a route after the unit's end: %v", err)
	}
	if _, err := exec(`{"op":"route","petition":"DON-2024-000019","at":"2025-01-05T08:00:00+07:00","to":"own","unit":"phong-tnmt","method":"transfer"}`); err != nil {
		t.Errorf("a route on the unit's last day: %v", err)
	}
	if ver, err := db.Verify(ctx); err != nil || !ver.OK() {
		t.Errorf("verify after the end: %+v, %v", ver, err)
	}
}

// openFile opens the database at path as tiepdan does.
func openFile(t *testing.T, path string) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), path, workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rawFile is a plain connection to the database at path.
func rawFile(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// sameSchema checks that the database of oldRaw, a fixture migrated by
// today's code, has the schema and the migrations of freshRaw's, a new
// database.
func sameSchema(t *testing.T, what string, oldRaw, freshRaw *sql.DB) {
	t.Helper()
	for _, q := range []string{
		`SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name`,
		`SELECT version, '', '', '' FROM schema_migrations ORDER BY version`,
	} {
		if a, b := sqlText(rows(t, oldRaw, q)), sqlText(rows(t, freshRaw, q)); a != b {
			t.Errorf("%s\n%s:\n%s\na new database:\n%s", q, what, a, b)
		}
	}
}

// rows reads the rows of q, of four columns, a line each.
func rows(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	rs, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rs.Close()
	var b strings.Builder
	for rs.Next() {
		var c [4]string
		if err := rs.Scan(&c[0], &c[1], &c[2], &c[3]); err != nil {
			t.Fatal(err)
		}
		b.WriteString(strings.Join(c[:], " | ") + "\n")
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// sqlText is s without SQL's comments and with its spaces collapsed: the
// comments of a CREATE statement are kept in sqlite_schema, and a comment
// of the baseline migration changed since the fixture was made is no
// difference of schema.
func sqlText(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			line = line[:i]
		}
		out = append(out, strings.Join(strings.Fields(line), " "))
	}
	return strings.Join(out, "\n")
}

// figures computes, through db's report store, the reports of a year, of
// half a year and of a longer period as of an instant inside it, as JSON.
func figures(t *testing.T, db *storage.DB) string {
	t.Helper()
	return periodFigures(t, db, nil, []reportPeriod{
		{cases.NewDate(2023, 1, 1), cases.NewDate(2023, 12, 31), time.Time{}},
		{cases.NewDate(2024, 1, 1), cases.NewDate(2024, 6, 30), time.Time{}},
		{cases.NewDate(2022, 7, 1), cases.NewDate(2024, 12, 31), time.Date(2024, 9, 1, 0, 0, 0, 0, cases.Zone)},
	})
}

// reportPeriod is a period reported, as of asOf unless it is zero.
type reportPeriod struct {
	from, to cases.Date
	asOf     time.Time
}

// periodFigures computes, through db's report store, the report of each
// period, as JSON: of the committee or area that scope reads from the
// store (report.ForCommittee, report.ForArea), or of the whole
// installation when scope is nil.
func periodFigures(t *testing.T, db *storage.DB, scope func(context.Context, report.Store) (*report.Committee, error), periods []reportPeriod) string {
	t.Helper()
	ctx := context.Background()
	var out bytes.Buffer
	for _, c := range periods {
		p, err := report.NewPeriod(c.from, c.to)
		if err != nil {
			t.Fatal(err)
		}
		o := report.Options{Deadlines: workflow.DeadlineDates{Rules: workflow.DefaultRules(), Calendar: workflow.DefaultCalendar()}, AsOf: c.asOf}
		err = db.ReportStore(ctx, func(s report.Store) error {
			if scope != nil {
				committee, err := scope(ctx, s)
				if err != nil {
					return err
				}
				o.Committee = committee
			}
			f, err := report.Compute(ctx, s, p, o)
			if err != nil {
				return err
			}
			return f.WriteJSON(&out)
		})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	return out.String()
}

// recordedEvent is an event's command as recorded, with who recorded it
// and when.
type recordedEvent struct {
	data, by string
	at       int64
}

// recordedEvents reads every event of raw in the history's order.
func recordedEvents(t *testing.T, raw *sql.DB) []recordedEvent {
	t.Helper()
	var events []recordedEvent
	rs, err := raw.QueryContext(context.Background(), `SELECT data, recorded_at, recorded_by FROM events ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var e recordedEvent
		if err := rs.Scan(&e.data, &e.at, &e.by); err != nil {
			t.Fatal(err)
		}
		events = append(events, e)
	}
	if err := rs.Close(); err != nil {
		t.Fatal(err)
	}
	return events
}

// recordAfresh records events in db, each as received at its recorded_at
// from its recorder, but for those the store records itself (by
// cases.SystemUser: the petition a matter sent up creates), and fails the
// test on any not recorded as new.
func recordAfresh(t *testing.T, db *storage.DB, events []recordedEvent) {
	t.Helper()
	err := db.Batch(context.Background(), func(tx *storage.Tx) error {
		for _, e := range events {
			if e.by == cases.SystemUser {
				continue
			}
			c, err := cases.DecodeCommand([]byte(e.data))
			if err != nil {
				return err
			}
			res, err := tx.Exec(c, cases.Meta{Now: time.UnixMicro(e.at).In(cases.Zone), User: e.by})
			if err != nil || !res.Changed {
				t.Fatalf("%s: %+v, %v", e.data, res, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fixtureCopy copies the database testdata/name to a file of the test's
// own, which the test may migrate and change, and returns its path.
func fixtureCopy(t *testing.T, name string) string {
	t.Helper()
	fixture, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, fixture, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
