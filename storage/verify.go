package storage

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// Verify: the hash chain checked link by link, the history replayed
// (replay.go), and every stored projection row compared with the replay.

// Verification is what Verify found: the number of events and projection rows
// checked, and every difference or broken link, in order.
type Verification struct {
	Events    int64    `json:"events"`
	Petitions int      `json:"petitions"`
	Visits    int      `json:"visits"`
	Problems  []string `json:"problems"`
}

// OK reports whether the history and the projections agree.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

func (v *Verification) problem(format string, args ...any) {
	if len(v.Problems) < 1000 {
		v.Problems = append(v.Problems, fmt.Sprintf(format, args...))
	}
}

// Verify reads the whole history in order, checks every link of the hash
// chain, replays every command through the Decider again, rebuilds every
// projection from the events alone and compares it with the stored one. It
// changes nothing.
func (db *DB) Verify(ctx context.Context) (*Verification, error) {
	ver := &Verification{Problems: []string{}}
	r := &replayed{units: map[string]*cases.Unit{}, visitCommittee: map[string]string{}, sessions: map[string]*cases.Session{},
		petitions: map[string]*cases.Petition{}, visits: map[string]cases.Visit{},
		timelines: map[string]report.Timeline{}, dialogues: map[int64]cases.Dialogue{}, books: newBooks()}
	tx, err := db.read.BeginTx(ctx, &sqlReadOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT seq, op, key, at, day, state, recorded_at, recorded_by,
		fingerprint, data, hash FROM events ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	defer rows.Close()
	prev, want := "", int64(1)
	for rows.Next() {
		var e eventRow
		if err := rows.Scan(&e.seq, &e.op, &e.key, &e.at, &e.day, &e.state, &e.recordedAt,
			&e.recordedBy, &e.fingerprint, &e.data, &e.hash); err != nil {
			return nil, fmt.Errorf("read events: %w", err)
		}
		ver.Events++
		if e.seq != want {
			ver.problem("event %d: expected event %d: events are missing", e.seq, want)
		}
		want = e.seq + 1
		if e.chain(prev) != e.hash {
			ver.problem("event %d: its content does not match its hash: it or an event before it was altered, removed or reordered", e.seq)
		}
		prev = e.hash
		r.replay(ctx, db.decide, &e, ver)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	if err := r.compare(ctx, tx, ver); err != nil {
		return nil, err
	}
	ver.Petitions, ver.Visits = len(r.petitions), len(r.visits)
	return ver, nil
}

// compare checks every stored projection row against the replayed state.
func (r *replayed) compare(ctx context.Context, tx queryer, ver *Verification) error {
	seen := map[string]bool{}
	err := each(ctx, tx, `SELECT ref, state, type, unit, received_day, version, search, petitioner, number, doc, committee, COALESCE(routed_to, '') FROM petitions`,
		func(scan func(...any) error) error {
			var ref, state, typ, unit, search, petitioner, doc, committee, routed string
			var day, version, number int64
			if err := scan(&ref, &state, &typ, &unit, &day, &version, &search, &petitioner, &number, &doc, &committee, &routed); err != nil {
				return err
			}
			seen[ref] = true
			p, ok := r.petitions[ref]
			if !ok {
				ver.problem("petition %s: stored but not in the history", ref)
				return nil
			}
			want := petitionRow(p)
			got := []any{ref, state, typ, unit, day, int(version), search, petitioner, number, doc, committee, routed}
			if !reflect.DeepEqual(want, got) {
				ver.problem("petition %s: stored projection differs from the history (stored state %s, history says %s)", ref, state, p.State)
			}
			return nil
		})
	if err != nil {
		return err
	}
	for ref := range r.petitions {
		if !seen[ref] {
			ver.problem("petition %s: in the history but missing from the projection", ref)
		}
	}
	clear(seen)
	err = each(ctx, tx, `SELECT ref, doc, committee FROM visits`, func(scan func(...any) error) error {
		var ref, doc, committee string
		if err := scan(&ref, &doc, &committee); err != nil {
			return err
		}
		seen[ref] = true
		v, ok := r.visits[ref]
		want, _ := json.Marshal(v)
		if !ok || string(want) != doc || r.visitCommittee[ref] != committee {
			ver.problem("visit %s: stored projection differs from the history", ref)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for ref := range r.visits {
		if !seen[ref] {
			ver.problem("visit %s: in the history but missing from the projection", ref)
		}
	}
	units := make(map[string]cases.Unit, len(r.units))
	for ref, u := range r.units {
		units[ref] = *u
	}
	err = compareTable(ctx, tx, ver, `SELECT `+unitColumns+` FROM units`, units,
		func(scan func(...any) error) (string, cases.Unit, error) {
			var u cases.Unit
			dest, done := unitScan(&u)
			err := scan(dest...)
			done()
			return u.Ref, u, err
		}, "unit %s: stored projection differs from the history", "unit %s: in the history but missing from the projection")
	if err != nil {
		return err
	}
	sessions := make(map[string]cases.Session, len(r.sessions))
	for ref, s := range r.sessions {
		sessions[ref] = *s
	}
	err = compareTable(ctx, tx, ver, `SELECT `+sessionColumns+` FROM sessions`, sessions,
		func(scan func(...any) error) (string, cases.Session, error) {
			var s cases.Session
			var day int64
			err := scan(sessionFields(&s, &day)...)
			s.Date = cases.Date(day)
			return s.Ref, s, err
		}, "session %s: stored projection differs from the history", "session %s: in the history but missing from the projection")
	if err != nil {
		return err
	}
	timelines := make(map[string]timelineRow, len(r.timelines))
	for ref, t := range r.timelines {
		var row timelineRow
		if p := r.petitions[ref]; p != nil {
			row = timelineRow{int64(cases.DateOf(p.ReceivedAt)), string(t)}
		}
		timelines[ref] = row
	}
	err = compareTable(ctx, tx, ver, `SELECT petition, received_day, timeline FROM report_timelines`, timelines,
		func(scan func(...any) error) (string, timelineRow, error) {
			var ref string
			var row timelineRow
			err := scan(&ref, &row.day, &row.timeline)
			return ref, row, err
		}, "petition %s: its stored timeline differs from the history", "petition %s: its timeline is missing")
	if err != nil {
		return err
	}
	if err := r.compareDays(ctx, tx, ver); err != nil {
		return err
	}
	if err := r.compareBooks(ctx, tx, ver); err != nil {
		return err
	}
	n := 0
	err = each(ctx, tx, `SELECT seq, petition, at, on_day, place FROM dialogues`, func(scan func(...any) error) error {
		var seq, at, on int64
		var d cases.Dialogue
		if err := scan(&seq, &d.Petition, &at, &on, &d.Place); err != nil {
			return err
		}
		n++
		d.At, d.On = time.UnixMicro(at), cases.Date(on)
		w, ok := r.dialogues[seq]
		if !ok || w.Petition != d.Petition || !w.At.Equal(d.At) || w.On != d.On || w.Place != d.Place {
			ver.problem("dialogue of event %d: stored projection differs from the history", seq)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n != len(r.dialogues) {
		ver.problem("dialogues: %d stored, %d in the history", n, len(r.dialogues))
	}
	return nil
}

// timelineRow is a row of report_timelines.
type timelineRow struct {
	day      int64
	timeline string
}

// compareDays checks report_days: a row for every day of receipt, and each
// fresh summary the one of the day's timelines as the history makes them.
func (r *replayed) compareDays(ctx context.Context, tx queryer, ver *Verification) error {
	byDay := map[int64][]string{}
	for ref, p := range r.petitions {
		day := int64(cases.DateOf(p.ReceivedAt))
		byDay[day] = append(byDay[day], ref)
	}
	seen := map[int64]bool{}
	err := each(ctx, tx, `SELECT day, summarized IS NOT NULL AND summarized = version, first_day, horizon, closed, open
		FROM report_days`, func(scan func(...any) error) error {
		var day int64
		var fresh bool
		var first, horizon sql.NullInt64
		var closed, open []byte
		if err := scan(&day, &fresh, &first, &horizon, &closed, &open); err != nil {
			return err
		}
		seen[day] = true
		refs := byDay[day]
		if len(refs) == 0 {
			ver.problem("report summary of %s: no petition was received that day", cases.Date(day))
			return nil
		}
		if !fresh {
			return nil
		}
		slices.Sort(refs)
		timelines := make([]report.Timeline, len(refs))
		for i, ref := range refs {
			timelines[i] = r.timelines[ref]
		}
		want, err := report.Summarize(refs, timelines)
		if err != nil {
			ver.problem("report summary of %s: %v", cases.Date(day), err)
			return nil
		}
		if int64(want.FirstDay) != first.Int64 || int64(want.Horizon) != horizon.Int64 ||
			!bytes.Equal(want.Closed, closed) || !bytes.Equal(want.Open, open) {
			ver.problem("report summary of %s: differs from the day's timelines", cases.Date(day))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for day := range byDay {
		if !seen[day] {
			ver.problem("report summary of %s: missing", cases.Date(day))
		}
	}
	return nil
}

// compareTable reads every row of query into a key and a value, and reports
// as differs (a format with the key) a row whose value is not want's for its
// key, or whose key want lacks, and as missing a key of want with no row.
func compareTable[V comparable](ctx context.Context, tx queryer, ver *Verification, query string, want map[string]V,
	read func(scan func(...any) error) (string, V, error), differs, missing string) error {
	seen := make(map[string]bool, len(want))
	err := each(ctx, tx, query, func(scan func(...any) error) error {
		key, v, err := read(scan)
		if err != nil {
			return err
		}
		seen[key] = true
		if w, ok := want[key]; !ok || w != v {
			ver.problem(differs, key)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for key := range want {
		if !seen[key] {
			ver.problem(missing, key)
		}
	}
	return nil
}

// compareBooks checks the reception book: who has each number, and the last
// number of each book, which the next number follows.
func (r *replayed) compareBooks(ctx context.Context, tx queryer, ver *Verification) error {
	holders := make(map[string]string, len(r.books.holder))
	for e, ref := range r.books.holder {
		holders[bookEntryName(e)] = ref
	}
	err := compareTable(ctx, tx, ver, `SELECT committee, book, year, number, ref FROM reception_book`, holders,
		func(scan func(...any) error) (string, string, error) {
			var e bookEntry
			var ref string
			err := scan(&e.committee, &e.book, &e.year, &e.number, &ref)
			return bookEntryName(e), ref, err
		}, "reception book: number %s differs from the history", "reception book: number %s is missing")
	if err != nil {
		return err
	}
	last := make(map[string]int, len(r.books.last))
	for k, n := range r.books.last {
		last[bookEntryName(bookEntry{bookKey: k})] = n
	}
	return compareTable(ctx, tx, ver, `SELECT committee, book, year, last FROM reception_book_last`, last,
		func(scan func(...any) error) (string, int, error) {
			var e bookEntry
			var n int
			err := scan(&e.committee, &e.book, &e.year, &n)
			return bookEntryName(e), n, err
		}, "reception book: the last number of %s differs from the history", "reception book: the last number of %s is missing")
}

// bookEntryName names a number of a book, or a book when number is 0, in
// verify's problems.
func bookEntryName(e bookEntry) string {
	s := fmt.Sprintf("%s %d", e.book, e.year)
	if e.number != 0 {
		s = fmt.Sprintf("%s %d/%d", e.book, e.number, e.year)
	}
	if e.committee != "" {
		s += " of " + e.committee
	}
	return s
}
