package storage

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// Verify: the hash chain checked link by link, the history replayed
// (replay.go), and every stored projection row compared with the replay.

// Verification is what Verify found: the number of events and projection rows
// checked, and every difference or broken link, in order.
type Verification struct {
	Events    int64 `json:"events"`
	Petitions int   `json:"petitions"`
	Visits    int   `json:"visits"`
	// Anchors is what was checked of the signed heads (anchors.go).
	Anchors  AnchorCheck `json:"anchors"`
	Problems []string    `json:"problems"`
	// Unchecked says what could not be checked: without the secrets key,
	// the identities sealed, the keyed fingerprints, and the search and
	// petitioner columns of the petitions whose petitioner is sealed; and,
	// with it, the events recorded before it that hold identities in clear.
	Unchecked []string `json:"unchecked,omitempty"`
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
// projection from the events alone and compares it with the stored one,
// checks the access log's chain, and the anchors kept in the database
// against the public keys recorded there. It changes nothing.
func (db *DB) Verify(ctx context.Context) (*Verification, error) {
	return db.VerifyWith(ctx, VerifyOptions{})
}

// VerifyOptions are what verify is given from outside the database: heads
// recorded elsewhere (a report's chain, a backup's record) and the public
// keys to check signatures with.
type VerifyOptions struct {
	// Anchors are heads recorded elsewhere, each named by Source[i] in
	// the problems.
	Anchors []report.Chain
	Sources []string
	// Keys are public keys by id (KeyID). With none, the keys recorded
	// in the database are used, which an insider with the file can have
	// replaced.
	Keys map[string]ed25519.PublicKey
}

// AnchorCheck is what verify found of the anchors: how many were checked,
// the last signed in the database, and where the public keys came from.
type AnchorCheck struct {
	Stored   int        `json:"stored"`
	External int        `json:"external"`
	LastSeq  int64      `json:"last_seq,omitempty"`
	LastAt   *time.Time `json:"last_signed_at,omitempty"`
	// Keys is "given" (from outside), "database" (the keys the database
	// records) or "none" (signatures not checked).
	Keys string `json:"keys"`
	// AccessRows is the number of rows of the access log checked.
	AccessRows int64 `json:"access_rows"`
}

// VerifyWith is Verify with heads recorded elsewhere and public keys given
// from outside (VerifyOptions).
func (db *DB) VerifyWith(ctx context.Context, opts VerifyOptions) (*Verification, error) {
	ver := &Verification{Problems: []string{}}
	r := &replayed{units: map[string]*cases.Unit{}, sessions: map[string]*cases.Session{},
		petitions: map[string]*cases.Petition{}, visits: map[string]cases.Visit{},
		timelines: map[string]report.Timeline{}, dialogues: map[int64]cases.Dialogue{}, books: newBooks(),
		secrets: db.secrets}
	tx, err := db.read.BeginTx(ctx, &sqlReadOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// The heads the anchors name, to be read as the chain is recomputed.
	stored, err := readAnchors(ctx, tx)
	if err != nil {
		return nil, err
	}
	heads := map[int64]string{}
	for _, a := range stored {
		heads[a.Seq] = ""
	}
	for _, a := range opts.Anchors {
		heads[a.Seq] = ""
	}
	rows, err := tx.QueryContext(ctx, `SELECT seq, op, key, at, day, state, recorded_at, recorded_by,
		fingerprint, data, hash FROM events ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	defer rows.Close()
	prev, computed, want := "", "", int64(1)
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
		// The head an anchor is checked against is the chain computed
		// from the events' content alone, not the hashes stored.
		computed = e.chain(computed)
		if _, ok := heads[e.seq]; ok {
			heads[e.seq] = computed
		}
		r.replay(ctx, db.decide, &e, ver)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	access, err := verifyAccessLog(ctx, tx, ver)
	if err != nil {
		return nil, err
	}
	if err := db.checkAnchors(ctx, ver, stored, opts, heads, access); err != nil {
		return nil, err
	}
	if err := r.compare(ctx, tx, ver); err != nil {
		return nil, err
	}
	ver.Petitions, ver.Visits = len(r.petitions), len(r.visits)
	if r.unopened > 0 {
		ver.Unchecked = append(ver.Unchecked, fmt.Sprintf("%d events hold identities encrypted with secrets key %s, not opened without it: checked with a stand-in, as are the search and petitioner columns of their petitions",
			r.unopened, strings.Join(db.keyed.ids, ", ")))
	}
	if r.unkeyed > 0 {
		ver.Unchecked = append(ver.Unchecked, fmt.Sprintf("%d events have a fingerprint keyed with a secrets key not given: not computed again", r.unkeyed))
	}
	if r.inClear > 0 && len(db.keyed.ids) > 0 {
		ver.Unchecked = append(ver.Unchecked, fmt.Sprintf("%d events, recorded before the first secrets key, hold identities in clear", r.inClear))
	}
	return ver, nil
}

// readAnchors reads the anchors kept in the database.
func readAnchors(ctx context.Context, tx queryer) ([]Anchor, error) {
	var out []Anchor
	err := each(ctx, tx, `SELECT `+anchorColumns+` FROM anchors ORDER BY id`, func(scan func(...any) error) error {
		a, err := scanAnchor(scan)
		out = append(out, a)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read the anchors: %w", err)
	}
	return out, nil
}

// verifyAccessLog checks the access log's chain row by row, as the events'
// is checked, and returns each row's hash as computed from the rows'
// content, by id.
func verifyAccessLog(ctx context.Context, tx queryer, ver *Verification) (map[int64]string, error) {
	hashes := map[int64]string{}
	prev, computed, want := "", "", int64(1)
	err := each(ctx, tx, `SELECT id, at, user_name, petition, what, hash FROM access_log ORDER BY id`, func(scan func(...any) error) error {
		var id, at int64
		var user, petition, what, hash string
		if err := scan(&id, &at, &user, &petition, &what, &hash); err != nil {
			return err
		}
		if id != want {
			ver.problem("access log row %d: expected row %d: rows are missing", id, want)
		}
		want = id + 1
		if accessHash(prev, id, at, user, petition, what) != hash {
			ver.problem("access log row %d: its content does not match its hash: it or a row before it was altered or removed", id)
		}
		prev = hash
		computed = accessHash(computed, id, at, user, petition, what)
		hashes[id] = computed
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the access log: %w", err)
	}
	ver.Anchors.AccessRows = int64(len(hashes))
	return hashes, nil
}

// checkAnchors checks each anchor, kept in the database or recorded
// elsewhere, against the history: the chain's head at its event and the
// access log's at its row must be those it recorded, and its signature the
// key's over what it says.
func (db *DB) checkAnchors(ctx context.Context, ver *Verification, stored []Anchor, opts VerifyOptions,
	heads map[int64]string, access map[int64]string) error {
	keys, source := opts.Keys, "given"
	if len(keys) == 0 {
		var err error
		if keys, err = db.PublicKeys(ctx); err != nil {
			return err
		}
		source = "database"
		if len(keys) == 0 {
			source = "none"
		}
	}
	ver.Anchors.Keys = source
	check := func(name string, a *report.Chain) {
		switch head, ok := heads[a.Seq]; {
		case a.Seq < 1:
			ver.problem("%s: names no event", name)
		case !ok || head == "":
			ver.problem("%s: event %d is not in the history (it has %d events): events were removed", name, a.Seq, ver.Events)
		case head != a.Head:
			ver.problem("%s: the history's head at event %d is %s, the anchor says %s: an event up to %d was changed, removed or inserted since", name, a.Seq, short(head), short(a.Head), a.Seq)
		}
		if a.AccessID > 0 {
			switch h, ok := access[a.AccessID]; {
			case !ok:
				ver.problem("%s: row %d of the access log is not there: rows were removed", name, a.AccessID)
			case h != a.AccessHead:
				ver.problem("%s: the access log's head at row %d is %s, the anchor says %s: a row up to %d was changed or removed since", name, a.AccessID, short(h), short(a.AccessHead), a.AccessID)
			}
		}
		if a.Signature == "" || source == "none" {
			return
		}
		pub, ok := keys[a.Key]
		switch {
		case !ok && source == "given":
			ver.problem("%s: signed by key %s, not by a key given", name, a.Key)
		case !ok:
			ver.problem("%s: signed by key %s, which the database does not record", name, a.Key)
		case !CheckSignature(a, pub):
			ver.problem("%s: its signature does not match what it says: it was changed after it was signed by key %s", name, a.Key)
		}
	}
	for i := range stored {
		a := &stored[i]
		check(fmt.Sprintf("anchor %d of event %d (signed %s, %s)", a.ID, a.Seq, a.SignedAt.Format(time.RFC3339), a.Reason), &a.Chain)
		if a.Seq >= ver.Anchors.LastSeq {
			ver.Anchors.LastSeq, ver.Anchors.LastAt = a.Seq, a.SignedAt
		}
	}
	for i := range opts.Anchors {
		name := fmt.Sprintf("head of event %d recorded elsewhere", opts.Anchors[i].Seq)
		if i < len(opts.Sources) {
			name += " (" + opts.Sources[i] + ")"
		}
		check(name, &opts.Anchors[i])
	}
	ver.Anchors.Stored, ver.Anchors.External = len(stored), len(opts.Anchors)
	return nil
}

// short is a hash's first 16 characters, enough to tell two apart.
func short(h string) string {
	if len(h) > 16 {
		return h[:16] + "…"
	}
	return h
}

// compare checks every stored projection row against the replayed state.
func (r *replayed) compare(ctx context.Context, tx queryer, ver *Verification) error {
	seen := map[string]bool{}
	err := each(ctx, tx, `SELECT ref, state, type, unit, received_day, version, search, petitioner, number, doc FROM petitions`,
		func(scan func(...any) error) error {
			var ref, state, typ, unit, search, petitioner, doc string
			var day, version, number int64
			if err := scan(&ref, &state, &typ, &unit, &day, &version, &search, &petitioner, &number, &doc); err != nil {
				return err
			}
			seen[ref] = true
			p, ok := r.petitions[ref]
			if !ok {
				ver.problem("petition %s: stored but not in the history", ref)
				return nil
			}
			want, opened := petitionRow(p, r.secrets)
			if !opened {
				// Its petitioner is sealed and no key opens it: the
				// columns made from the name are not checked.
				want[6], want[7] = search, petitioner
			}
			got := []any{ref, state, typ, unit, day, int(version), search, petitioner, number, doc}
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
	err = each(ctx, tx, `SELECT ref, doc FROM visits`, func(scan func(...any) error) error {
		var ref, doc string
		if err := scan(&ref, &doc); err != nil {
			return err
		}
		seen[ref] = true
		v, ok := r.visits[ref]
		want, _ := json.Marshal(v)
		if !ok || string(want) != doc {
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
