package storage

import (
	"fmt"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
)

// What a write transaction writes once, when it ends: the petitions it
// changed, their timelines, and the days whose summaries are stale now.
// The new rows go several to an INSERT (insertRows): on PostgreSQL each
// statement is a round trip to the server made while the writer lock is
// held, and a group commit's transaction records several petitions.

// flush writes every petition changed in the transaction, checking that the
// stored version is still the one that was read.
func (tx *Tx) flush() error {
	var newPetitions, timelines, days [][]any
	for ref := range tx.dirty {
		p := tx.cache.ps[ref]
		search, err := tx.cache.searchText(p, tx.db.secrets)
		if err != nil {
			return fmt.Errorf("write petition %s: %w", ref, err)
		}
		if tx.cache.stored[ref] == 0 {
			op, err := tx.db.secrets.openPetition(p)
			if err != nil {
				return fmt.Errorf("write petition %s: %w", ref, err)
			}
			newPetitions = append(newPetitions, []any{p.Ref, string(p.State), string(p.Type), p.Unit,
				int64(cases.DateOf(p.ReceivedAt)), p.Version, search, tx.db.secrets.petitionerColumn(&p.Petitioner, op.Petitioner.Name),
				p.Number.N, petitionDoc(p), p.Committee, routedTo(p)})
			tx.cache.stored[ref] = p.Version
			continue
		}
		r, err := tx.exec(`UPDATE petitions SET state = ?, type = ?, unit = ?, version = ?, search = ?, doc = ?, routed_to = ?
			WHERE ref = ? AND version = ?`, string(p.State), string(p.Type), p.Unit, p.Version,
			search, petitionDoc(p), routedTo(p), p.Ref, tx.cache.stored[ref])
		if err != nil {
			return fmt.Errorf("write petition %s: %w", ref, err)
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return fmt.Errorf("write petition %s: it changed under us (version %d)", ref, tx.cache.stored[ref])
		}
		tx.cache.stored[ref] = p.Version
	}
	clear(tx.dirty)
	if err := tx.insertRows(`INSERT INTO petitions (ref, state, type, unit, received_day, version, search, petitioner, number, doc, committee, routed_to)`,
		newPetitions, ""); err != nil {
		return fmt.Errorf("write the new petitions: %w", err)
	}
	seen := map[int64]bool{}
	for ref := range tx.timelinesDirty {
		p := tx.cache.ps[ref]
		day := int64(cases.DateOf(p.ReceivedAt))
		timelines = append(timelines, []any{day, ref, []byte(tx.cache.timelines[ref])})
		if !seen[day] {
			seen[day] = true
			days = append(days, []any{day, 1})
		}
	}
	clear(tx.timelinesDirty)
	if err := tx.insertRows(`INSERT INTO report_timelines (received_day, petition, timeline)`, timelines,
		`ON CONFLICT (received_day, petition) DO UPDATE SET timeline = excluded.timeline`); err != nil {
		return fmt.Errorf("write the timelines: %w", err)
	}
	// The summaries of those days are stale now (report_days).
	if err := tx.insertRows(`INSERT INTO report_days (day, version)`, days,
		`ON CONFLICT (day) DO UPDATE SET version = report_days.version + 1`); err != nil {
		return fmt.Errorf("mark the days' summaries stale: %w", err)
	}
	return nil
}

// rowsPerInsert bounds the rows of one insertRows statement: 64 petitions
// are 768 parameters, and a statement of each count up to it is kept
// prepared (Tx.stmt).
const rowsPerInsert = 64

// insertRows runs insert (its INSERT INTO … (columns)) with rows as its
// VALUES, rowsPerInsert at a time, followed by tail (an ON CONFLICT
// clause, or ""). Each row of a statement must have a key of its own.
func (tx *Tx) insertRows(insert string, rows [][]any, tail string) error {
	for len(rows) > 0 {
		chunk := rows[:min(len(rows), rowsPerInsert)]
		rows = rows[len(chunk):]
		var q strings.Builder
		q.WriteString(insert)
		q.WriteString(" VALUES ")
		place := "(?" + strings.Repeat(", ?", len(chunk[0])-1) + ")"
		args := make([]any, 0, len(chunk)*len(chunk[0]))
		for i, row := range chunk {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(place)
			args = append(args, row...)
		}
		if tail != "" {
			q.WriteString(" ")
			q.WriteString(tail)
		}
		if _, err := tx.exec(q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// petitionRow is the row of the petitions table that flush writes for p,
// as stored (its petitioner sealed with a key), column by column: verify
// compares the stored rows with it. s opens the petitioner for the search
// and petitioner columns; without the key that sealed it, ok is false and
// those two columns are empty.
func petitionRow(p *cases.Petition, s *Secrets) (row []any, ok bool) {
	var search, petitioner string
	op, err := s.openPetition(p)
	if ok = err == nil; ok {
		search, petitioner = searchText(op), s.petitionerColumn(&p.Petitioner, op.Petitioner.Name)
	}
	return []any{p.Ref, string(p.State), string(p.Type), p.Unit, int64(cases.DateOf(p.ReceivedAt)),
		p.Version, search, petitioner, int64(p.Number.N), petitionDoc(p),
		p.Committee, routedToText(p)}, ok
}

// searchText is what a search matches, of a petition whose petitioner is
// in clear. A protected petitioner's name is left out: finding a petition
// by a name would tell who denounced. The column petitioner holds every
// name, folded or, sealed, as its keyed digest (Secrets.petitionerColumn),
// for the desk's duplicate check (cases.Filter.Petitioner), which shows no
// protected match's petition. The name of a petitioner no longer protected
// is in the search text folded, sealed or not: the office finds it by name
// (docs/security.md, "Secrets at rest").
func searchText(p *cases.Petition) string {
	if p.Denouncer() {
		return cases.Fold(p.Ref + " " + p.Summary)
	}
	return cases.Fold(p.Ref + " " + p.Petitioner.Name + " " + p.Summary)
}
