package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// Report is what Verify found: the number of events and projection rows
// checked, and every difference or broken link, in order.
type Report struct {
	Events    int64    `json:"events"`
	Petitions int      `json:"petitions"`
	Visits    int      `json:"visits"`
	Problems  []string `json:"problems"`
}

// OK reports whether the history and the projections agree.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) problem(format string, args ...any) {
	if len(r.Problems) < 1000 {
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	}
}

// replayed is the state rebuilt from the events alone.
type replayed struct {
	units     map[string]*cases.Unit
	sessions  map[string]*cases.Session
	petitions map[string]*cases.Petition
	visits    map[string]cases.Visit
	timelines map[string]report.Timeline
	typeDays  map[string]int64 // the day of each petition's last classification
	knotDays  map[string]int64 // the latest date of each petition's extend, suspend and resume events
	// duplicates are the rows of report_duplicates, by petition.
	duplicates map[string]reportDuplicate
	// reportVisits are the rows of report_visits, by visit ref.
	reportVisits map[string]reportVisit
	dialogues    map[int64]cases.Dialogue
}

func (r *replayed) Petition(_ context.Context, ref string) (*cases.Petition, error) {
	if p, ok := r.petitions[ref]; ok {
		return p, nil
	}
	return nil, cases.Errorf(cases.ENotFound, "petition %s not found", ref)
}

func (r *replayed) Unit(_ context.Context, ref string) (*cases.Unit, error) {
	if u, ok := r.units[ref]; ok {
		return u, nil
	}
	return nil, cases.Errorf(cases.ENotFound, "unit %s not found", ref)
}

func (r *replayed) Session(_ context.Context, ref string) (*cases.Session, error) {
	if s, ok := r.sessions[ref]; ok {
		return s, nil
	}
	return nil, cases.Errorf(cases.ENotFound, "session %s not found", ref)
}

// Verify reads the whole history in order, checks every link of the hash
// chain, replays every command through the Decider again, rebuilds every
// projection from the events alone and compares it with the stored one. It
// changes nothing.
func (db *DB) Verify(ctx context.Context) (*Report, error) {
	rep := &Report{Problems: []string{}}
	r := &replayed{units: map[string]*cases.Unit{}, sessions: map[string]*cases.Session{},
		petitions: map[string]*cases.Petition{}, visits: map[string]cases.Visit{},
		timelines: map[string]report.Timeline{}, typeDays: map[string]int64{}, knotDays: map[string]int64{}, duplicates: map[string]reportDuplicate{}, reportVisits: map[string]reportVisit{}, dialogues: map[int64]cases.Dialogue{}}
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
		rep.Events++
		if e.seq != want {
			rep.problem("event %d: expected event %d: events are missing", e.seq, want)
		}
		want = e.seq + 1
		if e.chain(prev) != e.hash {
			rep.problem("event %d: its content does not match its hash: it or an event before it was altered, removed or reordered", e.seq)
		}
		prev = e.hash
		r.replay(ctx, db.decide, &e, rep)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	if err := r.compare(ctx, tx, rep); err != nil {
		return nil, err
	}
	rep.Petitions, rep.Visits = len(r.petitions), len(r.visits)
	return rep, nil
}

func (r *replayed) replay(ctx context.Context, decide cases.Decider, e *eventRow, rep *Report) {
	c, err := cases.DecodeCommand([]byte(e.data))
	if err != nil {
		rep.problem("event %d: unreadable command: %v", e.seq, err)
		return
	}
	recordedAt := time.UnixMicro(e.recordedAt)
	if err := c.Validate(recordedAt); err != nil {
		rep.problem("event %d: invalid command: %v", e.seq, err)
		return
	}
	if c.Fingerprint() != e.fingerprint || string(c.Op) != e.op || c.Key() != e.key {
		rep.problem("event %d: its columns do not match its command", e.seq)
	}
	var p *cases.Petition
	if c.Petition != "" {
		p = r.petitions[c.Petition]
	}
	state, err := decide(ctx, &c, p, r)
	if err != nil {
		rep.problem("event %d (%s %s): the workflow refuses it on replay: %v", e.seq, c.Op, c.Key(), err)
	} else if string(state) != e.state {
		rep.problem("event %d (%s %s): recorded state %q, replay gives %q", e.seq, c.Op, c.Key(), e.state, state)
	}
	state = cases.State(e.state)
	if report.InTimeline(c.Op) {
		ref := timelineRef(&c)
		r.timelines[ref] = report.AppendTimeline(r.timelines[ref], &c, state, e.at, e.recordedAt, e.seq)
		switch c.Op {
		case cases.OpClassify:
			r.typeDays[ref] = e.day
		case cases.OpExtend, cases.OpSuspend, cases.OpResume:
			r.knotDays[ref] = max(r.knotDays[ref], e.day)
		}
	}
	switch c.Op {
	case cases.OpUnit:
		r.units[c.Ref] = &cases.Unit{Ref: c.Ref, Name: c.Name, Kind: cases.UnitKind(c.Kind),
			Parent: c.Parent, Remote: c.Remote, LowerLabel: c.LowerLabel}
	case cases.OpSession:
		d, _ := cases.ParseDate(c.Date)
		r.sessions[c.Ref] = &cases.Session{Ref: c.Ref, Kind: cases.VisitKind(c.Kind), Date: d,
			PresidedBy: c.PresidedBy, Delegated: c.Delegated, Location: c.Location}
	case cases.OpPetition:
		r.petitions[c.Ref] = cases.NewPetition(&c, e.recordedBy)
	case cases.OpVisit:
		v := VisitOf(&c)
		r.visits[c.Ref] = v
		r.reportVisits[c.Ref] = reportVisit{day: int64(cases.DateOf(v.At)), seq: e.seq, petition: v.Petition,
			kind: string(v.Kind), people: v.People, at: v.At.UnixMicro(), recordedAt: e.recordedAt}
	case cases.OpDialogue:
		on, _ := cases.ParseDate(c.On)
		r.dialogues[e.seq] = cases.Dialogue{Petition: c.Petition, At: c.AtTime(), On: on, Place: c.Place}
	default:
		if p == nil {
			rep.problem("event %d: %s of unknown petition %s", e.seq, c.Op, c.Petition)
			return
		}
		p.Apply(&c, state)
		if c.Op == cases.OpArchive && p.Archive == cases.Duplicate && p.DuplicateOf != "" {
			r.duplicates[p.Ref] = reportDuplicate{of: p.DuplicateOf, day: e.day, recordedAt: e.recordedAt}
		}
	}
}

// compare checks every stored projection row against the replayed state.
func (r *replayed) compare(ctx context.Context, tx queryer, rep *Report) error {
	seen := map[string]bool{}
	err := each(ctx, tx, `SELECT ref, state, type, unit, received_day, version, search, doc FROM petitions`,
		func(scan func(...any) error) error {
			var ref, state, typ, unit, search, doc string
			var day, version int64
			if err := scan(&ref, &state, &typ, &unit, &day, &version, &search, &doc); err != nil {
				return err
			}
			seen[ref] = true
			p, ok := r.petitions[ref]
			if !ok {
				rep.problem("petition %s: stored but not in the history", ref)
				return nil
			}
			want := petitionRow(p)
			got := []any{ref, state, typ, unit, day, int(version), search, doc}
			if !reflect.DeepEqual(want, got) {
				rep.problem("petition %s: stored projection differs from the history (stored state %s, history says %s)", ref, state, p.State)
			}
			return nil
		})
	if err != nil {
		return err
	}
	for ref := range r.petitions {
		if !seen[ref] {
			rep.problem("petition %s: in the history but missing from the projection", ref)
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
			rep.problem("visit %s: stored projection differs from the history", ref)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for ref := range r.visits {
		if !seen[ref] {
			rep.problem("visit %s: in the history but missing from the projection", ref)
		}
	}
	units := make(map[string]cases.Unit, len(r.units))
	for ref, u := range r.units {
		units[ref] = *u
	}
	err = compareTable(ctx, tx, rep, `SELECT ref, name, kind, parent, remote, lower_label FROM units`, units,
		func(scan func(...any) error) (string, cases.Unit, error) {
			var u cases.Unit
			err := scan(&u.Ref, &u.Name, &u.Kind, &u.Parent, &u.Remote, &u.LowerLabel)
			return u.Ref, u, err
		}, "unit %s: stored projection differs from the history", "unit %s: in the history but missing from the projection")
	if err != nil {
		return err
	}
	sessions := make(map[string]cases.Session, len(r.sessions))
	for ref, s := range r.sessions {
		sessions[ref] = *s
	}
	err = compareTable(ctx, tx, rep, `SELECT ref, kind, day, presided_by, delegated, location FROM sessions`, sessions,
		func(scan func(...any) error) (string, cases.Session, error) {
			var s cases.Session
			var day int64
			err := scan(&s.Ref, &s.Kind, &day, &s.PresidedBy, &s.Delegated, &s.Location)
			s.Date = cases.Date(day)
			return s.Ref, s, err
		}, "session %s: stored projection differs from the history", "session %s: in the history but missing from the projection")
	if err != nil {
		return err
	}
	duplicated := map[string]bool{}
	for _, d := range r.duplicates {
		duplicated[d.of] = true
	}
	timelines := make(map[string]timelineRow, len(r.timelines))
	reportCases := map[string]caseRow{}
	for ref, t := range r.timelines {
		var row timelineRow
		if p := r.petitions[ref]; p != nil {
			f := factsOf(p)
			plain := f.plainAlone && !duplicated[ref]
			row = timelineRow{int64(cases.DateOf(p.ReceivedAt)), string(t), string(p.Type), r.typeDays[ref],
				f.reception, f.instance, f.dest, f.handledDay, f.routeDay, f.notDuplicate && !duplicated[ref]}
			if f.isCase() {
				knot := r.knotDays[ref]
				reportCases[ref] = caseRow{f.acceptDay.Int64, string(p.Type), f.instance, f.complex, f.routeTo, f.unit,
					plain, f.resolveDay, f.verdict, f.terminateDay, f.implementDay, f.extraDays, f.suspendedSince,
					sql.NullInt64{Int64: knot, Valid: knot != 0}}
			}
		}
		timelines[ref] = row
	}
	err = compareTable(ctx, tx, rep, `SELECT petition, received_day, timeline, type, type_day, reception, instance,
		dest, handled_day, route_day, alone FROM report_timelines`, timelines,
		func(scan func(...any) error) (string, timelineRow, error) {
			var ref string
			var row timelineRow
			err := scan(&ref, &row.day, &row.timeline, &row.typ, &row.typeDay, &row.reception, &row.instance,
				&row.dest, &row.handledDay, &row.routeDay, &row.alone)
			return ref, row, err
		}, "petition %s: its stored timeline differs from the history", "petition %s: its timeline is missing")
	if err != nil {
		return err
	}
	err = compareTable(ctx, tx, rep, `SELECT petition, accept_day, type, instance, complex, route_to, unit, plain,
		resolve_day, verdict, terminate_day, implement_day, extra_days, suspended_since, knot_day FROM report_cases`, reportCases,
		func(scan func(...any) error) (string, caseRow, error) {
			var ref string
			var c caseRow
			err := scan(&ref, &c.acceptDay, &c.typ, &c.instance, &c.complex, &c.routeTo, &c.unit, &c.plain,
				&c.resolveDay, &c.verdict, &c.terminateDay, &c.implementDay, &c.extraDays, &c.suspendedSince, &c.knotDay)
			return ref, c, err
		}, "petition %s: its row in report_cases differs from the history", "petition %s: missing from report_cases")
	if err != nil {
		return err
	}
	r.visitFlags()
	err = compareTable(ctx, tx, rep, `SELECT ref, day, seq, petition, kind, people, at, recorded_at, chained,
		first, prev_first, prev_day, prev_kind_day, prev_group_day FROM report_visits`,
		r.reportVisits, func(scan func(...any) error) (string, reportVisit, error) {
			var ref string
			var v reportVisit
			m := &v.marks
			err := scan(&ref, &v.day, &v.seq, &v.petition, &v.kind, &v.people, &v.at, &v.recordedAt, &v.chained,
				&m.first, &m.prevFirst, &m.prevDay, &m.prevKindDay, &m.prevGroupDay)
			return ref, v, err
		}, "visit %s: its row in report_visits differs from the history", "visit %s: missing from report_visits")
	if err != nil {
		return err
	}
	if err := compareBlocks(ctx, tx, rep); err != nil {
		return err
	}
	err = compareTable(ctx, tx, rep, `SELECT petition, of, day, recorded_at FROM report_duplicates`, r.duplicates,
		func(scan func(...any) error) (string, reportDuplicate, error) {
			var ref string
			var d reportDuplicate
			err := scan(&ref, &d.of, &d.day, &d.recordedAt)
			return ref, d, err
		}, "petition %s: its row in report_duplicates differs from the history", "petition %s: missing from report_duplicates")
	if err != nil {
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
			rep.problem("dialogue of event %d: stored projection differs from the history", seq)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n != len(r.dialogues) {
		rep.problem("dialogues: %d stored, %d in the history", n, len(r.dialogues))
	}
	return nil
}

// reportVisit is a row of report_visits.
type reportVisit struct {
	day, seq       int64
	petition, kind string
	people         int
	at, recordedAt int64
	chained        bool
	marks          visitMarks
}

// visitFlags sets the marks and chained on the replayed rows of
// report_visits: where each visit stands among its petition's (markVisits);
// the visits of every petition on a chain of duplicates.
func (r *replayed) visitFlags() {
	chained := map[string]bool{}
	for ref, d := range r.duplicates {
		chained[ref], chained[d.of] = true, true
	}
	byPetition := map[string][]visitOrder{}
	refs := map[int64]string{} // by seq
	for ref, v := range r.reportVisits {
		byPetition[v.petition] = append(byPetition[v.petition],
			visitOrder{day: v.day, seq: v.seq, at: v.at, kind: v.kind, people: v.people})
		refs[v.seq] = ref
	}
	for p, vs := range byPetition {
		markVisits(vs)
		for _, o := range vs {
			v := r.reportVisits[refs[o.seq]]
			v.marks, v.chained = o.marks, chained[p]
			r.reportVisits[refs[o.seq]] = v
		}
	}
}

// reportDuplicate is a row of report_duplicates.
type reportDuplicate struct {
	of              string
	day, recordedAt int64
}

// timelineRow is a row of report_timelines.
type timelineRow struct {
	day                  int64
	timeline             string
	typ                  string
	typeDay              int64
	reception            bool
	instance             int
	dest                 string
	handledDay, routeDay sql.NullInt64
	alone                bool
}

// caseRow is a row of report_cases.
type caseRow struct {
	acceptDay                  int64
	typ                        string
	instance                   int
	complex                    bool
	routeTo, unit              string
	plain                      bool
	resolveDay                 sql.NullInt64
	verdict                    string
	terminateDay, implementDay sql.NullInt64
	extraDays                  int
	suspendedSince, knotDay    sql.NullInt64
}

// compareTable reads every row of query into a key and a value, and reports
// as differs (a format with the key) a row whose value is not want's for its
// key, or whose key want lacks, and as missing a key of want with no row.
func compareTable[V comparable](ctx context.Context, tx queryer, rep *Report, query string, want map[string]V,
	read func(scan func(...any) error) (string, V, error), differs, missing string) error {
	seen := make(map[string]bool, len(want))
	err := each(ctx, tx, query, func(scan func(...any) error) error {
		key, v, err := read(scan)
		if err != nil {
			return err
		}
		seen[key] = true
		if w, ok := want[key]; !ok || w != v {
			rep.problem(differs, key)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for key := range want {
		if !seen[key] {
			rep.problem(missing, key)
		}
	}
	return nil
}
