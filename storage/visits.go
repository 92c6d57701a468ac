package storage

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/tiepdan/tiepdan/report"
)

// visitOrder is one visit of a petition as report_visits orders them (by
// at, then seq), with the marks kept beside it.
type visitOrder struct {
	day, seq, at int64
	kind         string
	people       int
	marks        visitMarks
}

// visitMarks say where a visit stands among its petition's visits, so that
// the statistics of a period count distinct petitions with sums (migration
// 0009): a visit is the first of its petition in a period starting on D when
// the visit before it (of any kind, of its kind, of a group) is dated
// before D or there is none.
type visitMarks struct {
	first     bool // the petition's first visit
	prevFirst bool // the visit before it is the petition's first
	// The days of the visit before it, of the one of its kind before it,
	// and of the visit of a group (report.DefaultGroupThreshold people or
	// more) before it.
	prevDay, prevKindDay, prevGroupDay sql.NullInt64
}

// markVisits sorts a petition's visits and sets their marks.
func markVisits(vs []visitOrder) {
	slices.SortFunc(vs, func(a, b visitOrder) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.seq, b.seq))
	})
	var prev, prevGroup sql.NullInt64
	prevKind := map[string]sql.NullInt64{}
	for i := range vs {
		v := &vs[i]
		v.marks = visitMarks{first: i == 0, prevFirst: i == 1, prevDay: prev, prevKindDay: prevKind[v.kind],
			prevGroupDay: prevGroup}
		day := sql.NullInt64{Int64: v.day, Valid: true}
		prev, prevKind[v.kind] = day, day
		if v.people >= report.DefaultGroupThreshold {
			prevGroup = day
		}
	}
}

// args are the marks as the arguments of updateVisitMarks after the
// visit's key.
func (m *visitMarks) args() []any {
	return []any{m.first, m.prevFirst, m.prevDay, m.prevKindDay, m.prevGroupDay}
}

const (
	petitionVisitsQuery = `SELECT day, seq, at, kind, people, first, prev_first, prev_day, prev_kind_day, prev_group_day
		FROM report_visits INDEXED BY report_visits_petition WHERE petition = ?`
	updateVisitMarks = `UPDATE report_visits SET first = ?3, prev_first = ?4, prev_day = ?5, prev_kind_day = ?6,
		prev_group_day = ?7 WHERE day = ?1 AND seq = ?2`
)

// remarkVisits reads the visits of petition ref that report_visits holds,
// adds v (not written yet) to them, marks them all, writes the marks that
// changed, calling changed with the day of each, and returns v's.
func remarkVisits(query func(q string, args ...any) (*sql.Rows, error), exec func(q string, args ...any) (sql.Result, error),
	changed func(day int64), ref string, v visitOrder) (visitMarks, error) {
	rows, err := query(petitionVisitsQuery, ref)
	if err != nil {
		return visitMarks{}, err
	}
	var vs []visitOrder
	for rows.Next() {
		var o visitOrder
		m := &o.marks
		if err := rows.Scan(&o.day, &o.seq, &o.at, &o.kind, &o.people, &m.first, &m.prevFirst, &m.prevDay,
			&m.prevKindDay, &m.prevGroupDay); err != nil {
			rows.Close()
			return visitMarks{}, err
		}
		vs = append(vs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return visitMarks{}, err
	}
	old := map[int64]visitMarks{}
	for _, o := range vs {
		old[o.seq] = o.marks
	}
	vs = append(vs, v)
	markVisits(vs)
	var mine visitMarks
	for _, o := range vs {
		if o.seq == v.seq {
			mine = o.marks
			continue
		}
		if old[o.seq] != o.marks {
			if _, err := exec(updateVisitMarks, append([]any{o.day, o.seq}, o.marks.args()...)...); err != nil {
				return visitMarks{}, err
			}
			changed(o.day)
		}
	}
	return mine, nil
}

// backfillVisitMarks marks the visits of a history recorded before
// migration 0009, in its transaction.
func backfillVisitMarks(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT petition, day, seq, at, kind, people FROM report_visits ORDER BY petition`)
	if err != nil {
		return fmt.Errorf("read visits: %w", err)
	}
	byPetition := map[string][]visitOrder{}
	for rows.Next() {
		var ref string
		var o visitOrder
		if err := rows.Scan(&ref, &o.day, &o.seq, &o.at, &o.kind, &o.people); err != nil {
			rows.Close()
			return fmt.Errorf("read visits: %w", err)
		}
		byPetition[ref] = append(byPetition[ref], o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read visits: %w", err)
	}
	st, err := tx.PrepareContext(ctx, updateVisitMarks)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, vs := range byPetition {
		markVisits(vs)
		for _, o := range vs {
			if _, err := st.ExecContext(ctx, append([]any{o.day, o.seq}, o.marks.args()...)...); err != nil {
				return fmt.Errorf("mark visits: %w", err)
			}
		}
	}
	return nil
}
