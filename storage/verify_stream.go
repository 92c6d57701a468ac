package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// Verify in bounded memory: the history is read twice, never held.
//
//  1. The chain (verifyChain): every event in the order of seq, its link
//     checked; the units and sessions replayed (the office's, a few
//     thousand, kept with their versions); the dialogues compared; the
//     numbers of events recorded before the books began derived; and the
//     events a petition must see besides its own noted in a side table
//     (verify_temp.go): its visits, and the archives of other petitions as
//     its duplicates.
//  2. The petitions (verifyPetitions): petition after petition in the order
//     of their refs, each one's own events (the index events_key_fingerprint
//     gives them by key) merged in the order of seq with those the side
//     table routes to it, replayed through the Decider with the office as
//     it stood at each event, and compared at once with its stored row and
//     its visits, read in the same order. Its timeline and the numbers it
//     gives go to the side tables.
//  3. The timelines and the day summaries (verifyTimelines), day by day,
//     and the reception book (verifyBooks), number by number: the side
//     tables merged with the stored rows, both in the order of their keys.
//
// A Decider that asks for another petition (an archive as a duplicate asks
// for the petition it duplicates, and those it duplicates in turn) gets it
// folded from that petition's own events recorded before the one judged.

// VerifyProgress is told how far a verification is: phase "chain" or
// "petitions" (events read of total), then "timelines" (rows of total).
type VerifyProgress func(phase string, done, total int64)

// verifier is one verification.
type verifier struct {
	db       *DB
	tx       *sql.Tx
	snap     *snapshot
	side     *sideTables
	ver      *Verification
	r        *replayed
	progress VerifyProgress
	total    int64 // the last event's seq
	routed   int64 // events replayed with the petitions
	last     map[bookKey]int
	// others reads a petition's own events recorded before one
	// (foldOther).
	others *sql.Stmt
	// heads are the chain's heads, computed from the events' content, at
	// the events the anchors name (checkAnchors).
	heads map[int64]string
}

// eventColumns are the columns of an eventRow, as scanEvent reads them.
const eventColumns = `seq, op, key, at, day, state, recorded_at, recorded_by, fingerprint, data, hash`

func scanEvent(rows *sql.Rows, e *eventRow) error {
	return rows.Scan(&e.seq, &e.op, &e.key, &e.at, &e.day, &e.state, &e.recordedAt,
		&e.recordedBy, &e.fingerprint, &e.data, &e.hash)
}

// progressEvery is how many events go by between two reports of progress.
const progressEvery = 4096

func (v *verifier) report(phase string, done, total int64) {
	if v.progress != nil {
		v.progress(phase, done, total)
	}
}

// verifyChain is the first pass, in the order of the history.
func (v *verifier) verifyChain(ctx context.Context) error {
	stx, err := v.side.begin(ctx)
	if err != nil {
		return err
	}
	defer stx.Rollback()
	route, legacy := newInserter(ctx, stx, "route", 2), newInserter(ctx, stx, "legacy", 2)
	// The dialogues are read beside the events.
	beside, end, err := v.snap.reader(ctx)
	if err != nil {
		return err
	}
	defer end()
	dialogues, err := openStream(ctx, beside, func(rows *sql.Rows, d *storedDialogue) error {
		var at, on int64
		err := rows.Scan(&d.seq, &d.Petition, &at, &on, &d.Place)
		d.At, d.On = time.UnixMicro(at), cases.Date(on)
		return err
	}, `SELECT seq, petition, at, on_day, place FROM dialogues ORDER BY seq`)
	if err != nil {
		return err
	}
	stored, replayed := 0, 0
	storedDiffers := func(seq int64) {
		v.ver.problem("dialogue of event %d: stored projection differs from the history", seq)
	}
	derived := map[bookKey]int{}
	rows, err := v.tx.QueryContext(ctx, `SELECT `+eventColumns+` FROM events ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("read events: %w", err)
	}
	defer rows.Close()
	prev, computed, want := "", "", int64(1)
	var e eventRow
	for rows.Next() {
		if err := scanEvent(rows, &e); err != nil {
			return fmt.Errorf("read events: %w", err)
		}
		v.ver.Events++
		if v.ver.Events%progressEvery == 0 {
			v.report("chain", v.ver.Events, v.total)
		}
		if e.seq != want {
			v.ver.problem("event %d: expected event %d: events are missing", e.seq, want)
		}
		want = e.seq + 1
		link := e.chain(prev)
		if link != e.hash {
			v.ver.problem("event %d: its content does not match its hash: it or an event before it was altered, removed or reordered", e.seq)
		}
		// The head an anchor is checked against is the chain computed
		// from the events' content alone, not the hashes stored: the same
		// hash as long as no link is broken.
		if computed == prev {
			computed = link
		} else {
			computed = e.chain(computed)
		}
		prev = e.hash
		if _, ok := v.heads[e.seq]; ok {
			v.heads[e.seq] = computed
		}
		op := cases.Op(e.op)
		switch {
		case office(op):
			if d, ok := decode(&e, v.db.secrets, v.ver.problem); ok {
				v.r.count(&d)
				v.r.replayOffice(ctx, v.db.decide, &e, &d, v.ver)
			}
			continue
		case op == cases.OpDialogue:
			// Replayed with its petition, which reports a command it
			// cannot read; its row is by seq, compared here.
			v.routed++
			c, err := cases.DecodeCommand([]byte(e.data))
			if err != nil || c.ValidateIn(time.UnixMicro(e.recordedAt), nil) != nil {
				continue
			}
			on, _ := cases.ParseDate(c.On)
			w := cases.Dialogue{Petition: c.Petition, At: c.AtTime(), On: on, Place: c.Place}
			replayed++
			for ; dialogues.ok && dialogues.cur.seq < e.seq; dialogues.advance() {
				stored++
				storedDiffers(dialogues.cur.seq)
			}
			if dialogues.ok && dialogues.cur.seq == e.seq {
				d := dialogues.cur.Dialogue
				stored++
				if w.Petition != d.Petition || !w.At.Equal(d.At) || w.On != d.On || w.Place != d.Place {
					storedDiffers(e.seq)
				}
				dialogues.advance()
			}
			continue
		case op != cases.OpVisit && op != cases.OpArchive && op != cases.OpPetition:
			v.routed++
			continue
		}
		v.routed++
		c, ok := routingOf(e.data)
		if !ok {
			continue // the petitions' pass reports it
		}
		switch {
		case op == cases.OpVisit:
			route.add(c.Petition, e.seq)
		case c.DuplicateOf != "" && c.DuplicateOf != e.key:
			route.add(c.DuplicateOf, e.seq)
		}
		if numbered(op) {
			// An event recorded before the books began takes the next
			// number of its book, as the migration gave it (books.take).
			committee, _ := cases.CommitteeOf(c.Committee, v.r.ownsAt(e.seq))
			k := bookKey{committee: committee, book: e.op, year: time.UnixMicro(e.at).In(cases.Zone).Year()}
			n, _ := cases.ParseNumber(c.Number)
			if n.IsZero() {
				n.N = derived[k] + 1
				legacy.add(e.seq, n.N)
			}
			derived[k] = max(derived[k], n.N)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read events: %w", err)
	}
	for ; dialogues.ok; dialogues.advance() {
		stored++
		storedDiffers(dialogues.cur.seq)
	}
	if err := dialogues.close(); err != nil {
		return err
	}
	if stored != replayed {
		v.ver.problem("dialogues: %d stored, %d in the history", stored, replayed)
	}
	v.report("chain", v.ver.Events, v.total)
	if err := route.flush(); err != nil {
		return err
	}
	if err := legacy.flush(); err != nil {
		return err
	}
	if err := stx.Commit(); err != nil {
		return err
	}
	return v.side.index(ctx, `CREATE INDEX route_grp ON route (grp, seq)`)
}

// storedDialogue is a row of dialogues.
type storedDialogue struct {
	seq int64
	cases.Dialogue
}

// storedPetition is a row of petitions, as petitionRow makes one.
type storedPetition struct {
	ref string
	row []any
}

// storedVisit is a row of visits.
type storedVisit struct {
	ref, petition string
	visitRow
}

// visitRow is what is compared of a visit: its document and committee.
type visitRow struct{ doc, committee string }

// verifyPetitions is the second pass, petition by petition.
func (v *verifier) verifyPetitions(ctx context.Context) error {
	stx, err := v.side.begin(ctx)
	if err != nil {
		return err
	}
	defer stx.Rollback()
	book, want := newInserter(ctx, stx, "book", 7), newInserter(ctx, stx, "want", 5)
	// Two goroutines read and decode the events, the petitions' own and
	// those routed to them, while this one replays: a pipeline over the
	// machine's cores.
	// Each stream of the main database has a reader of its own, ended
	// once the goroutines are: the petitions and their visits the
	// verification's (a connection each on PostgreSQL), the events a
	// connection of their own each (snapshot.apart).
	var readers [4]*sql.Tx
	for i := range readers {
		reader := v.snap.reader
		if i < 2 {
			cache := []string{verifyCache, readerCache}[i]
			reader = func(ctx context.Context) (*sql.Tx, func(), error) { return v.snap.apart(ctx, cache) }
		}
		q, end, err := reader(ctx)
		if err != nil {
			return err
		}
		defer end()
		readers[i] = q
	}
	rctx, cancel := context.WithCancel(ctx)
	own, routes := &feed{ch: make(chan *readied, 512)}, &feed{ch: make(chan *readied, 512)}
	errs := make(chan error, 2)
	go func() { errs <- v.readOwn(rctx, readers[0], own.ch) }()
	go func() { errs <- v.readRouted(rctx, readers[1], stx, routes.ch) }()
	defer func() {
		cancel()
		for range own.ch {
		}
		for range routes.ch {
		}
	}()
	own.advance()
	routes.advance()
	petitions, err := openStream(ctx, readers[2], func(rows *sql.Rows, p *storedPetition) error {
		var ref, state, typ, unit, search, petitioner, doc, committee, routed string
		var day, version, number int64
		err := rows.Scan(&ref, &state, &typ, &unit, &day, &version, &search, &petitioner, &number, &doc, &committee, &routed)
		p.ref, p.row = ref, []any{ref, state, typ, unit, day, int(version), search, petitioner, number, doc, committee, routed}
		return err
	}, `SELECT ref, state, type, unit, received_day, version, search, petitioner, number, doc, committee, COALESCE(routed_to, '')
		FROM petitions ORDER BY ref COLLATE BINARY`)
	if err != nil {
		return err
	}
	defer petitions.close()
	visits, err := openStream(ctx, readers[3], func(rows *sql.Rows, s *storedVisit) error {
		return rows.Scan(&s.ref, &s.petition, &s.visitRow.doc, &s.committee)
	}, `SELECT ref, petition, doc, committee FROM visits ORDER BY petition COLLATE BINARY, ref`)
	if err != nil {
		return err
	}
	defer visits.close()
	legacy, err := stx.PrepareContext(ctx, `SELECT number FROM legacy WHERE seq = ?`)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	defer legacy.Close()
	// The Decider asks for the petitions an archive duplicates, one
	// statement for them all.
	v.others, err = v.tx.PrepareContext(ctx, `SELECT `+eventColumns+` FROM events
		WHERE key = ? AND seq < ? AND op NOT IN ('unit', 'unit_until', 'session', 'visit') ORDER BY seq`)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	defer v.others.Close()
	v.r.other = v.foldOther
	var done, reported int64
	var events, routed []*readied
	replayedVisits := map[string]visitRow{}
	for {
		g, found := "", false
		pick := func(ok bool, key string) {
			if ok && (!found || key < g) {
				g, found = key, true
			}
		}
		pick(own.ok, own.grp())
		pick(routes.ok, routes.grp())
		pick(petitions.ok, petitions.cur.ref)
		pick(visits.ok, visits.cur.petition)
		if !found {
			break
		}
		events, routed = events[:0], routed[:0]
		for ; own.ok && own.cur.grp == g; own.advance() {
			events = append(events, own.cur)
		}
		for ; routes.ok && routes.cur.grp == g; routes.advance() {
			routed = append(routed, routes.cur)
		}
		v.r.startGroup(g)
		clear(replayedVisits)
		i, j := 0, 0
		for i < len(events) || j < len(routed) {
			var d *readied
			if j == len(routed) || i < len(events) && events[i].e.seq < routed[j].e.seq {
				d, i = events[i], i+1
			} else {
				d, j = routed[j], j+1
			}
			for _, p := range d.problems {
				v.ver.problem("%s", p)
			}
			switch {
			case !d.ok:
			case d.dup:
				// Another petition's archive as this one's duplicate:
				// judged with its own petition, in this one's timeline.
				v.r.appendTimeline(ctx, &d.e, &d.d.c, cases.State(d.e.state))
				continue
			default:
				v.r.count(&d.d)
				if err := v.replayOwn(ctx, &d.e, &d.d, book, legacy, replayedVisits); err != nil {
					return err
				}
			}
			done++
		}
		if done-reported >= progressEvery {
			v.report("petitions", done, v.routed)
			reported = done
		}
		p := v.r.petition
		var stored *storedPetition
		if petitions.ok && petitions.cur.ref == g {
			stored = &petitions.cur
		}
		switch {
		case p != nil && stored == nil:
			v.ver.problem("petition %s: in the history but missing from the projection", g)
		case p == nil && stored != nil:
			v.ver.problem("petition %s: stored but not in the history", g)
		case p != nil && !v.samePetition(p, stored.row):
			v.ver.problem("petition %s: stored projection differs from the history (stored state %s, history says %s)",
				g, stored.row[1], p.State)
		}
		if stored != nil {
			petitions.advance()
		}
		if p != nil {
			v.ver.Petitions++
		}
		for ; visits.ok && visits.cur.petition == g; visits.advance() {
			s := visits.cur
			if w, ok := replayedVisits[s.ref]; !ok || w != s.visitRow {
				v.ver.problem("visit %s: stored projection differs from the history", s.ref)
			}
			delete(replayedVisits, s.ref)
		}
		for ref := range replayedVisits {
			// Stored under another petition, it is found to differ there.
			var one int
			switch err := v.tx.QueryRowContext(ctx, `SELECT 1 FROM visits WHERE ref = ?`, ref).Scan(&one); {
			case err == sql.ErrNoRows:
				v.ver.problem("visit %s: in the history but missing from the projection", ref)
			case err != nil:
				return fmt.Errorf("verify: visit %s: %w", ref, err)
			}
		}
		if v.r.timelineSet {
			var day int64
			committee, t := "", []byte{}
			if p != nil {
				committee, day, t = p.Committee, int64(cases.DateOf(p.ReceivedAt)), v.r.timeline
			}
			want.add(committee, g, day, p != nil, t)
		}
	}
	v.report("petitions", done, v.routed)
	for range 2 {
		if err := <-errs; err != nil {
			return err
		}
	}
	for _, s := range []interface{ close() error }{petitions, visits} {
		if err := s.close(); err != nil {
			return err
		}
	}
	if err := book.flush(); err != nil {
		return err
	}
	if err := want.flush(); err != nil {
		return err
	}
	if err := stx.Commit(); err != nil {
		return err
	}
	return v.side.index(ctx, `CREATE INDEX book_number ON book (committee, book, year, number, seq)`,
		`CREATE INDEX want_day ON want (committee, day, petition)`)
}

// replayOwn replays an event of the petition being replayed: its own, or
// one of its visits. A numbered command gets its number first.
func (v *verifier) replayOwn(ctx context.Context, e *eventRow, d *command, book *inserter, legacy *sql.Stmt,
	visits map[string]visitRow) error {
	c := &d.c
	if numbered(c.Op) {
		n := c.NumberOf()
		k := bookOf(c, v.r.committeeOf(c, e.seq))
		if n.IsZero() {
			// Recorded before the books began: derived by the chain.
			if err := legacy.QueryRowContext(ctx, e.seq).Scan(&n.N); err != nil {
				return fmt.Errorf("verify: the number of event %d: %w", e.seq, err)
			}
			n.Year = k.year
		}
		book.add(k.committee, k.book, k.year, n.N, n.Year, c.Ref, e.seq)
		v.last[k] = max(v.last[k], n.N)
		c.Number = n.String()
		d.open.Number = c.Number
	}
	v.r.replayPetition(ctx, v.db.decide, e, d, v.ver)
	if c.Op == cases.OpVisit {
		doc, _ := json.Marshal(VisitOf(c))
		visits[c.Ref] = visitRow{string(doc), v.r.committeeOf(c, e.seq)}
		v.ver.Visits++
	}
	return nil
}

// samePetition reports whether a stored row of petitions is the one the
// history makes of p. When p's petitioner is sealed and no key opens it,
// the columns made from the name (search, petitioner) are not compared.
func (v *verifier) samePetition(p *cases.Petition, stored []any) bool {
	want, opened := petitionRow(p, v.db.secrets)
	if !opened {
		want[6], want[7] = stored[6], stored[7]
	}
	return reflect.DeepEqual(want, stored)
}

// foldOther is petition ref as its own events recorded before seq before
// fold it, nil when it was not yet recorded. The Decider asks for it when
// an archive names it as the petition duplicated, or a petition sent up
// (cases.LinkedPetition) as the one it comes from; whether its events are
// right is verified with it.
func (v *verifier) foldOther(ctx context.Context, ref string, before int64) (*cases.Petition, error) {
	rows, err := v.others.QueryContext(ctx, ref, before)
	if err != nil {
		return nil, fmt.Errorf("read petition %s: %w", ref, err)
	}
	defer rows.Close()
	var p *cases.Petition
	var e eventRow
	for rows.Next() {
		if err := scanEvent(rows, &e); err != nil {
			return nil, fmt.Errorf("read petition %s: %w", ref, err)
		}
		d, ok := decode(&e, v.db.secrets, func(string, ...any) {})
		if !ok {
			continue
		}
		c := &d.c
		switch {
		case c.Op == cases.OpPetition:
			p = cases.NewPetition(c, e.recordedBy)
			p.Committee = v.r.committeeOf(c, e.seq)
		case p != nil && applies(c.Op):
			p.Apply(c, cases.State(e.state))
			if c.Op == cases.OpRoute {
				p.RouteInto(c, asOf(v.r.units[c.Unit], e.seq))
			}
		}
	}
	return p, rows.Err()
}
