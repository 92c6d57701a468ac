package storage

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"database/sql"
	"fmt"
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
// against the public keys recorded there. It changes nothing. Its memory
// does not grow with the history (verify_stream.go).
func (db *DB) Verify(ctx context.Context) (*Verification, error) {
	return db.VerifyWith(ctx, VerifyOptions{})
}

// verifyCache is the page cache of the connection that reads the
// petitions' events by key, here and there in the file, on SQLite (128
// MB, in the unit of PRAGMA cache_size: memory that does not grow with the
// history): it keeps the table's inner pages. It goes back to a reader's
// (readerCache) when verify ends. The verification's other reads are in
// the order of the tables, a reader's cache enough.
const verifyCache = "-131072"

// VerifyOptions are what verify is given from outside the database: heads
// recorded elsewhere (a report's chain, a backup's record) and the public
// keys to check signatures with; and who is told how far it is.
type VerifyOptions struct {
	// Anchors are heads recorded elsewhere, each named by Source[i] in
	// the problems.
	Anchors []report.Chain
	Sources []string
	// Keys are public keys by id (KeyID). With none, the keys recorded
	// in the database are used, which an insider with the file can have
	// replaced.
	Keys map[string]ed25519.PublicKey
	// Progress, when not nil, is told how far the verification is.
	Progress VerifyProgress
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

// VerifyWith is Verify with heads recorded elsewhere, public keys given
// from outside and a progress (VerifyOptions).
func (db *DB) VerifyWith(ctx context.Context, opts VerifyOptions) (*Verification, error) {
	ver := &Verification{Problems: []string{}}
	tx, err := db.read.BeginTx(ctx, &sqlReadOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	snap, err := db.shareSnapshot(ctx, tx)
	if err != nil {
		return nil, err
	}
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
	side, err := openSideTables(ctx)
	if err != nil {
		return nil, err
	}
	defer side.close()
	v := &verifier{db: db, tx: tx, snap: snap, side: side, ver: ver, r: newReplayed(db.secrets),
		progress: opts.Progress, last: map[bookKey]int{}, heads: heads}
	if err := tx.QueryRowContext(ctx, lastSeqQuery).Scan(&v.total); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	if err := v.verifyChain(ctx); err != nil {
		return nil, err
	}
	access, err := verifyAccessLog(ctx, tx, ver)
	if err != nil {
		return nil, err
	}
	if err := db.checkAnchors(ctx, ver, stored, opts, heads, access); err != nil {
		return nil, err
	}
	for _, pass := range []func(context.Context) error{v.verifyPetitions, v.verifyTimelines,
		v.verifyBooks, v.verifyOffice} {
		if err := pass(ctx); err != nil {
			return nil, err
		}
	}
	r := v.r
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
	err := each(ctx, tx, `SELECT id, at, user_name, petition, what, committee, hash FROM access_log ORDER BY id`, func(scan func(...any) error) error {
		var id, at int64
		var user, petition, what, committee, hash string
		if err := scan(&id, &at, &user, &petition, &what, &committee, &hash); err != nil {
			return err
		}
		if id != want {
			ver.problem("access log row %d: expected row %d: rows are missing", id, want)
		}
		want = id + 1
		if accessHash(prev, id, at, user, petition, what, committee) != hash {
			ver.problem("access log row %d: its content does not match its hash: it or a row before it was altered or removed", id)
		}
		prev = hash
		computed = accessHash(computed, id, at, user, petition, what, committee)
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

// verifyOffice compares the units and sessions, as the history leaves
// them, with their rows.
func (v *verifier) verifyOffice(ctx context.Context) error {
	units := make(map[string]cases.Unit, len(v.r.units))
	for ref, vs := range v.r.units {
		units[ref] = *last(vs)
	}
	err := compareTable(ctx, v.tx, v.ver, `SELECT `+unitColumns+` FROM units`, units,
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
	sessions := make(map[string]cases.Session, len(v.r.sessions))
	for ref, vs := range v.r.sessions {
		sessions[ref] = *last(vs)
	}
	return compareTable(ctx, v.tx, v.ver, `SELECT `+sessionColumns+` FROM sessions`, sessions,
		func(scan func(...any) error) (string, cases.Session, error) {
			var s cases.Session
			var day int64
			err := scan(sessionFields(&s, &day)...)
			s.Date = cases.Date(day)
			return s.Ref, s, err
		}, "session %s: stored projection differs from the history", "session %s: in the history but missing from the projection")
}

// maxCandidates bounds the rows of report_timelines kept aside until the
// end to be named: a timeline stored under another committee or day than
// its petition's is one difference, not a difference and a missing row.
const maxCandidates = 10000

// verifyTimelines compares report_timelines with the timelines the
// replay made, and report_days with the summaries of each committee's
// day's timelines, committee by committee and day after day: the
// timelines of a day are what is held.
func (v *verifier) verifyTimelines(ctx context.Context) error {
	var total int64
	if err := v.side.db.QueryRowContext(ctx, `SELECT count(*) FROM want`).Scan(&total); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	want, err := openStream(ctx, v.side.db, func(rows *sql.Rows, w *wantTimeline) error {
		return rows.Scan(&w.committee, &w.ref, &w.day, &w.has, &w.timeline)
	}, `SELECT committee, petition, day, has, timeline FROM want ORDER BY committee, day, petition`)
	if err != nil {
		return err
	}
	defer want.close()
	stored, err := openStream(ctx, v.tx, func(rows *sql.Rows, w *wantTimeline) error {
		return rows.Scan(&w.committee, &w.day, &w.ref, &w.timeline)
	}, `SELECT committee, received_day, petition, timeline FROM report_timelines
		ORDER BY committee COLLATE BINARY, received_day, petition COLLATE BINARY`)
	if err != nil {
		return err
	}
	defer stored.close()
	// Read beside the timelines: on a reader of its own on PostgreSQL.
	beside, end, err := v.snap.reader(ctx)
	if err != nil {
		return err
	}
	defer end()
	days, err := openStream(ctx, beside, func(rows *sql.Rows, d *storedDay) error {
		return rows.Scan(&d.committee, &d.day, &d.fresh, &d.first, &d.horizon, &d.closed, &d.open)
	}, `SELECT committee, day, summarized IS NOT NULL AND summarized = version, first_day, horizon, closed, open
		FROM report_days ORDER BY committee COLLATE BINARY, day`)
	if err != nil {
		return err
	}
	defer days.close()
	var differs, missing []string
	var refs []string
	var timelines []report.Timeline
	day := dayKey{day: -1 << 62}
	var done int64
	endDay := func() {
		// The summaries of the days before, where no petition was received.
		for ; days.ok && days.cur.key().before(day); days.advance() {
			v.ver.problem("report summary of %s: no petition was received that day", days.cur.key())
		}
		if len(refs) == 0 {
			return
		}
		if !days.ok || days.cur.key() != day {
			v.ver.problem("report summary of %s: missing", day)
		} else {
			v.compareDay(&days.cur, refs, timelines)
			days.advance()
		}
		refs, timelines = refs[:0], timelines[:0]
	}
	for want.ok || stored.ok {
		var w, s *wantTimeline
		switch {
		case !stored.ok || want.ok && (want.cur.key().before(stored.cur.key()) ||
			want.cur.key() == stored.cur.key() && want.cur.ref < stored.cur.ref):
			w = &want.cur
		case !want.ok || want.cur.key() != stored.cur.key() || want.cur.ref != stored.cur.ref:
			s = &stored.cur
		default:
			w, s = &want.cur, &stored.cur
		}
		switch {
		case s == nil && len(missing) < maxCandidates:
			missing = append(missing, w.ref)
		case w == nil && len(differs) < maxCandidates:
			differs = append(differs, s.ref)
		case w != nil && s != nil && string(w.timeline) != string(s.timeline):
			v.ver.problem("petition %s: its stored timeline differs from the history", w.ref)
		}
		if w != nil {
			if w.key() != day {
				endDay()
				day = w.key()
			}
			if w.has {
				refs = append(refs, w.ref)
				timelines = append(timelines, report.Timeline(w.timeline))
			}
			if done++; done%progressEvery == 0 {
				v.report("timelines", done, total)
			}
			want.advance()
		}
		if s != nil {
			stored.advance()
		}
	}
	endDay()
	day = dayKey{committee: "\U0010FFFF", day: 1 << 62}
	endDay()
	v.report("timelines", done, total)
	differ := map[string]bool{}
	for _, ref := range differs {
		v.ver.problem("petition %s: its stored timeline differs from the history", ref)
		differ[ref] = true
	}
	for _, ref := range missing {
		if !differ[ref] {
			v.ver.problem("petition %s: its timeline is missing", ref)
		}
	}
	for _, s := range []interface{ close() error }{want, stored, days} {
		if err := s.close(); err != nil {
			return err
		}
	}
	return nil
}

// wantTimeline is a petition's timeline: as the replay makes it (has:
// the petition is in the history), or a row of report_timelines.
type wantTimeline struct {
	committee string
	ref       string
	day       int64
	has       bool
	timeline  []byte
}

func (w *wantTimeline) key() dayKey { return dayKey{w.committee, w.day} }

// dayKey is a committee's day, in the order verify reads them.
type dayKey struct {
	committee string
	day       int64
}

func (k dayKey) before(o dayKey) bool {
	return k.committee < o.committee || k.committee == o.committee && k.day < o.day
}

func (k dayKey) String() string {
	if k.committee == "" {
		return cases.Date(k.day).String()
	}
	return cases.Date(k.day).String() + " of committee " + k.committee
}

// storedDay is a row of report_days.
type storedDay struct {
	committee      string
	day            int64
	fresh          bool
	first, horizon sql.NullInt64
	closed, open   []byte
}

func (d *storedDay) key() dayKey { return dayKey{d.committee, d.day} }

// compareDay compares a fresh summary with the one of the day's timelines
// as the history makes them, refs in order.
func (v *verifier) compareDay(d *storedDay, refs []string, timelines []report.Timeline) {
	if !d.fresh {
		return
	}
	want, err := report.Summarize(refs, timelines)
	if err != nil {
		v.ver.problem("report summary of %s: %v", d.key(), err)
		return
	}
	if int64(want.FirstDay) != d.first.Int64 || int64(want.Horizon) != d.horizon.Int64 ||
		!bytes.Equal(want.Closed, d.closed) || !bytes.Equal(want.Open, d.open) {
		v.ver.problem("report summary of %s: differs from the day's timelines", d.key())
	}
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

// verifyBooks checks the reception book: who has each number, number by
// number, and the last number of each book, which the next number
// follows. A number the history gives twice is the first's.
func (v *verifier) verifyBooks(ctx context.Context) error {
	type entry struct {
		bookEntry
		year int // the year the number is written with
		ref  string
		seq  int64
	}
	scan := func(rows *sql.Rows, e *entry) error {
		return rows.Scan(&e.committee, &e.book, &e.bookKey.year, &e.number, &e.year, &e.ref, &e.seq)
	}
	given, err := openStream(ctx, v.side.db, scan,
		`SELECT committee, book, year, number, nyear, ref, seq FROM book ORDER BY committee, book, year, number, seq`)
	if err != nil {
		return err
	}
	defer given.close()
	stored, err := openStream(ctx, v.tx, func(rows *sql.Rows, e *entry) error {
		return rows.Scan(&e.committee, &e.book, &e.bookKey.year, &e.number, &e.ref)
	}, `SELECT committee, book, year, number, ref FROM reception_book
		ORDER BY committee COLLATE BINARY, book COLLATE BINARY, year, number`)
	if err != nil {
		return err
	}
	defer stored.close()
	less := func(a, b bookEntry) bool {
		return a.committee < b.committee || a.committee == b.committee && (a.book < b.book ||
			a.book == b.book && (a.bookKey.year < b.bookKey.year || a.bookKey.year == b.bookKey.year && a.number < b.number))
	}
	for given.ok || stored.ok {
		if given.ok && (!stored.ok || !less(stored.cur.bookEntry, given.cur.bookEntry)) {
			g := given.cur
			if stored.ok && stored.cur.bookEntry == g.bookEntry {
				if stored.cur.ref != g.ref {
					v.ver.problem("reception book: number %s differs from the history", bookEntryName(g.bookEntry))
				}
				stored.advance()
			} else {
				v.ver.problem("reception book: number %s is missing", bookEntryName(g.bookEntry))
			}
			for given.advance(); given.ok && given.cur.bookEntry == g.bookEntry; given.advance() {
				d := given.cur
				v.ver.problem("event %d (%s %s): number %s is %s's already", d.seq, d.book, d.ref,
					cases.Number{N: d.number, Year: d.year}, g.ref)
			}
			continue
		}
		v.ver.problem("reception book: number %s differs from the history", bookEntryName(stored.cur.bookEntry))
		stored.advance()
	}
	if err := given.close(); err != nil {
		return err
	}
	if err := stored.close(); err != nil {
		return err
	}
	last := make(map[string]int, len(v.last))
	for k, n := range v.last {
		last[bookEntryName(bookEntry{bookKey: k})] = n
	}
	return compareTable(ctx, v.tx, v.ver, `SELECT committee, book, year, last FROM reception_book_last`, last,
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
