package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// reportFacts are what the statistics count of a petition in SQL: its
// columns in report_timelines and, once it is an accepted complaint or
// denunciation, its row of report_cases (migration 0009). Days are +07:00
// dates; a day not set (an event that did not happen) is NULL.
type reportFacts struct {
	reception bool
	instance  int
	complex   bool
	// dest is where it went from the desk: its route's destination,
	// "archived" or "terminated", on handledDay; "" while at the desk.
	dest                                string
	handledDay, routeDay                sql.NullInt64
	routeTo, unit                       string
	acceptDay, resolveDay, implementDay sql.NullInt64
	terminateDay                        sql.NullInt64
	verdict                             string
	adjudicated                         bool // a complaint or a denunciation
	// extraDays are the days its extensions and ended suspensions added
	// to its resolution deadline, suspendedSince the start of a suspension
	// still running.
	extraDays      int
	suspendedSince sql.NullInt64
	// Unless another petition duplicates it, notDuplicate makes the
	// petition alone (on no chain of duplicates), plainAlone plain (alone,
	// never extended or suspended).
	notDuplicate, plainAlone bool
}

// factsOf reads p's facts from its current state.
func factsOf(p *cases.Petition) reportFacts {
	day := func(t *time.Time) sql.NullInt64 {
		if t == nil {
			return sql.NullInt64{}
		}
		return sql.NullInt64{Int64: int64(cases.DateOf(*t)), Valid: true}
	}
	f := reportFacts{
		reception: p.Channel == cases.ByReception, instance: p.Instance,
		complex:    p.Complex == cases.Complex || p.Complex == cases.VeryComplex,
		handledDay: day(p.HandledAt), routeDay: day(p.RoutedAt), routeTo: string(p.RouteTo), unit: p.Unit,
		acceptDay: day(p.AcceptedAt), resolveDay: day(p.ResolvedAt), implementDay: day(p.ImplementedAt),
		verdict: string(p.Verdict), adjudicated: p.Type.Adjudicated(),
		extraDays: p.ExtensionDays + p.SuspendedDays, suspendedSince: day(p.SuspendedSince),
		notDuplicate: p.Archive != cases.Duplicate,
		plainAlone: p.Extensions == 0 && p.SuspendedDays == 0 && p.SuspendedSince == nil &&
			p.Archive != cases.Duplicate,
	}
	if p.State == cases.Terminated {
		f.terminateDay = day(p.ClosedAt)
	}
	// The petition left the desk (handledDay) by its first route, archive
	// or terminate, and no later move changes where it went.
	switch {
	case p.RouteTo != "":
		f.dest = string(p.RouteTo)
	case p.Archive != "":
		f.dest = report.DestinationArchived
	case f.terminateDay.Valid:
		f.dest = report.DestinationTerminated
	}
	return f
}

// notDuplicated completes a petition's alone and plain marks (?1 is its
// ref): no petition is archived as a duplicate of it.
const notDuplicated = `NOT EXISTS (SELECT 1 FROM report_duplicates INDEXED BY report_duplicates_of WHERE of = ?1)`

// Writing the facts: a timeline row's columns, and a case's row. ?1 is the
// petition's ref in both.
const (
	writeTimelineFacts = `UPDATE report_timelines SET reception = ?3, instance = ?4, dest = ?5,
		handled_day = ?6, route_day = ?7, alone = ?8 AND ` + notDuplicated + `
		WHERE received_day = ?2 AND petition = ?1`
	// upsertTimeline writes a timeline (?9, with the type ?10 and the day of
	// the last classification ?11) with its facts.
	upsertTimeline = `INSERT INTO report_timelines (petition, received_day, reception, instance, dest,
			handled_day, route_day, alone, timeline, type, type_day)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 AND ` + notDuplicated + `, ?9, ?10, ?11)
		ON CONFLICT (received_day, petition) DO UPDATE SET reception = excluded.reception,
			instance = excluded.instance, dest = excluded.dest, handled_day = excluded.handled_day,
			route_day = excluded.route_day, alone = excluded.alone, timeline = excluded.timeline,
			type = excluded.type, type_day = excluded.type_day`
	writeCase = `INSERT INTO report_cases (petition, accept_day, type, instance, complex, route_to, unit, plain,
			resolve_day, verdict, terminate_day, implement_day, extra_days, suspended_since, knot_day)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 AND ` + notDuplicated + `, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
		ON CONFLICT (accept_day, petition) DO UPDATE SET type = excluded.type, instance = excluded.instance,
			complex = excluded.complex, route_to = excluded.route_to, unit = excluded.unit, plain = excluded.plain,
			resolve_day = excluded.resolve_day, verdict = excluded.verdict,
			terminate_day = excluded.terminate_day, implement_day = excluded.implement_day,
			extra_days = excluded.extra_days, suspended_since = excluded.suspended_since, knot_day = excluded.knot_day`
	// A petition archived as a duplicate of ?1 makes ?1 neither alone nor
	// plain.
	duplicatedTimeline = `UPDATE report_timelines SET alone = 0
		WHERE received_day = (SELECT received_day FROM petitions WHERE ref = ?1) AND petition = ?1 AND alone = 1
		RETURNING received_day`
	duplicatedCase = `UPDATE report_cases SET plain = 0
		WHERE accept_day = (SELECT accept_day FROM report_accepted WHERE petition = ?1) AND petition = ?1 AND plain = 1
		RETURNING accept_day`
)

// timelineArgs are the arguments of writeTimelineFacts.
func (f *reportFacts) timelineArgs(ref string, receivedDay int64) []any {
	return []any{ref, receivedDay, f.reception, f.instance, f.dest, f.handledDay, f.routeDay, f.notDuplicate}
}

// isCase says that the petition is an accepted complaint or denunciation,
// with a row in report_cases.
func (f *reportFacts) isCase() bool { return f.acceptDay.Valid && f.adjudicated }

// caseArgs are the arguments of writeCase, or nil when the petition is no
// case; knotDay is the latest date of its extend, suspend and resume
// events, 0 for none.
func (f *reportFacts) caseArgs(ref, typ string, knotDay int64) []any {
	if !f.isCase() {
		return nil
	}
	return []any{ref, f.acceptDay, typ, f.instance, f.complex, f.routeTo, f.unit, f.plainAlone,
		f.resolveDay, f.verdict, f.terminateDay, f.implementDay, f.extraDays, f.suspendedSince,
		sql.NullInt64{Int64: knotDay, Valid: knotDay != 0}}
}

// writtenFacts are what a timeline's row, and its case's, hold beside the
// timeline: typeDay is the day of its last classification, knotDay the
// latest date of its extend, suspend and resume events (0 for none).
type writtenFacts struct {
	facts            reportFacts
	typ              string
	typeDay, knotDay int64
}

// writeTimeline writes a timeline (?3) alone, its facts unchanged.
const writeTimeline = `UPDATE report_timelines SET timeline = ?3 WHERE received_day = ?2 AND petition = ?1`

// writeFacts writes w, the facts of p: with its timeline t, or, when t is
// nil, in the row of its timeline. It marks the days of the rows it writes
// stale (blocks.go) with mark.
func writeFacts(exec func(q string, args ...any) (sql.Result, error), mark func(*factKind, int64),
	p *cases.Petition, w writtenFacts, t []byte) error {
	f := &w.facts
	received := int64(cases.DateOf(p.ReceivedAt))
	mark(receivedFacts, received)
	args := f.timelineArgs(p.Ref, received)
	q := writeTimelineFacts
	if t != nil {
		q, args = upsertTimeline, append(args, t, string(p.Type), w.typeDay)
	}
	if _, err := exec(q, args...); err != nil {
		return fmt.Errorf("write the timeline of petition %s: %w", p.Ref, err)
	}
	if args := f.caseArgs(p.Ref, string(p.Type), w.knotDay); args != nil {
		mark(caseFacts, f.acceptDay.Int64)
		if _, err := exec(writeCase, args...); err != nil {
			return fmt.Errorf("write the case of petition %s: %w", p.Ref, err)
		}
	}
	return nil
}

// backfillFacts gives every petition of a history recorded before migration
// 0009 its facts, from its projection, and every visit its marks, in the
// migration's transaction.
func backfillFacts(ctx context.Context, tx *sql.Tx) error {
	if err := backfillVisitMarks(ctx, tx); err != nil {
		return err
	}
	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	exec := func(q string, args ...any) (sql.Result, error) {
		st := stmts[q]
		if st == nil {
			var err error
			if st, err = tx.PrepareContext(ctx, q); err != nil {
				return nil, err
			}
			stmts[q] = st
		}
		return st.ExecContext(ctx, args...)
	}
	// In chunks, by ref: a large history's petitions do not fit in memory.
	const chunk = 10000
	after := ""
	for {
		ps, err := readPetitionDocs(ctx, tx, `SELECT ref, doc FROM petitions WHERE ref > ? ORDER BY ref LIMIT ?`, after, chunk)
		if err != nil {
			return err
		}
		for _, p := range ps {
			// Migration 0018, later, fills in the cases' extensions and
			// suspensions and encodes every block.
			if err := writeFacts(exec, func(*factKind, int64) {}, p, writtenFacts{facts: factsOf(p)}, nil); err != nil {
				return err
			}
		}
		if len(ps) < chunk {
			return nil
		}
		after = ps[len(ps)-1].Ref
	}
}

func readPetitionDocs(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]*cases.Petition, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read petitions: %w", err)
	}
	defer rows.Close()
	var ps []*cases.Petition
	for rows.Next() {
		var ref string
		var doc []byte
		if err := rows.Scan(&ref, &doc); err != nil {
			return nil, fmt.Errorf("read petitions: %w", err)
		}
		p := new(cases.Petition)
		if err := json.Unmarshal(doc, p); err != nil {
			return nil, fmt.Errorf("read petition %s: %w", ref, err)
		}
		ps = append(ps, p)
	}
	return ps, rows.Err()
}

// backfillCaseKnots gives each case of a history recorded before migration
// 0018 the days its extensions and suspensions added, the start of a
// suspension still running and the latest date of those events, from its
// petition and timeline; then encodes every block (those of cases hold
// the new columns).
func backfillCaseKnots(ctx context.Context, tx *sql.Tx) error {
	type knot struct {
		ref                     string
		extra                   int
		suspendedSince, knotDay sql.NullInt64
	}
	var knots []knot
	err := each(ctx, tx, `SELECT p.ref, p.doc, t.timeline FROM report_cases c
		CROSS JOIN petitions p INDEXED BY petitions_ref_day ON p.ref = c.petition
		CROSS JOIN report_timelines t ON t.received_day = p.received_day AND t.petition = p.ref
		WHERE c.plain = 0`, func(scan func(...any) error) error {
		var ref, doc string
		var t []byte
		if err := scan(&ref, &doc, &t); err != nil {
			return err
		}
		p := new(cases.Petition)
		if err := json.Unmarshal([]byte(doc), p); err != nil {
			return fmt.Errorf("decode petition %s: %w", ref, err)
		}
		day, err := latestDeadlineChange(p, t)
		if err != nil {
			return fmt.Errorf("timeline of petition %s: %w", ref, err)
		}
		f := factsOf(p)
		knots = append(knots, knot{ref, f.extraDays, f.suspendedSince, sql.NullInt64{Int64: day, Valid: day != 0}})
		return nil
	})
	if err != nil {
		return fmt.Errorf("read the cases not plain: %w", err)
	}
	for _, k := range knots {
		_, err := tx.ExecContext(ctx, `UPDATE report_cases SET extra_days = ?, suspended_since = ?, knot_day = ?
			WHERE petition = ? AND accept_day = (SELECT accept_day FROM report_accepted WHERE petition = ?)`,
			k.extra, k.suspendedSince, k.knotDay, k.ref, k.ref)
		if err != nil {
			return fmt.Errorf("write the case of petition %s: %w", k.ref, err)
		}
	}
	return backfillBlocks(ctx, tx)
}
