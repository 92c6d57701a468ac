package storage

import (
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
)

// What a write transaction writes once, when it ends: the petitions it
// changed, their timelines, and the days whose summaries are stale now.

// flush writes every petition changed in the transaction, checking that the
// stored version is still the one that was read.
func (tx *Tx) flush() error {
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
			if _, err := tx.exec(`INSERT INTO petitions (ref, state, type, unit, received_day, version, search, petitioner, number, doc, committee, routed_to)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.Ref, string(p.State), string(p.Type), p.Unit,
				int64(cases.DateOf(p.ReceivedAt)), p.Version, search, tx.db.secrets.petitionerColumn(&p.Petitioner, op.Petitioner.Name),
				p.Number.N, petitionDoc(p), p.Committee, routedTo(p)); err != nil {
				return fmt.Errorf("write petition %s: %w", ref, err)
			}
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
	days := map[committeeDay]bool{}
	for ref := range tx.timelinesDirty {
		p := tx.cache.ps[ref]
		d := committeeDay{p.Committee, int64(cases.DateOf(p.ReceivedAt))}
		if _, err := tx.exec(`INSERT INTO report_timelines (committee, received_day, petition, timeline) VALUES (?, ?, ?, ?)
			ON CONFLICT (committee, received_day, petition) DO UPDATE SET timeline = excluded.timeline`,
			d.committee, d.day, ref, []byte(tx.cache.timelines[ref])); err != nil {
			return fmt.Errorf("write the timeline of petition %s: %w", ref, err)
		}
		days[d] = true
	}
	clear(tx.timelinesDirty)
	// The summaries of those days are stale now (report_days).
	for d := range days {
		if _, err := tx.exec(`INSERT INTO report_days (committee, day, version) VALUES (?, ?, 1)
			ON CONFLICT (committee, day) DO UPDATE SET version = report_days.version + 1`, d.committee, d.day); err != nil {
			return fmt.Errorf("mark the summary of %s stale: %w", cases.Date(d.day), err)
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
