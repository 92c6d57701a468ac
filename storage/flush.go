package storage

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
)

// What a write transaction writes once, when it ends: the counters of the
// books it numbered in, the petitions it changed, their timelines, and the
// days whose summaries are stale now.
// The new rows go several to an INSERT (rowBatch): a group commit's or an
// import's transaction records several petitions, and the server runs one
// statement for them; the updates' rows are counted after all are sent
// (on PostgreSQL they go together, postgres_pipeline.go).

// flush writes every petition changed in the transaction, checking that the
// stored version is still the one that was read.
func (tx *Tx) flush() error {
	if err := tx.writeBooks(); err != nil {
		return err
	}
	newPetitions := tx.rowBatch(`INSERT INTO petitions (ref, state, type, unit, received_day, version, search, petitioner, number, doc, committee, routed_to)`, "")
	// The updates' rows are counted once all are sent (on PostgreSQL, in
	// one round trip with the last).
	type update struct {
		ref     string
		version int
		r       sql.Result
	}
	var updates []update
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
			if err := newPetitions.add(p.Ref, string(p.State), string(p.Type), p.Unit,
				int64(cases.DateOf(p.ReceivedAt)), p.Version, search, tx.db.secrets.petitionerColumn(&p.Petitioner, op.Petitioner.Name),
				p.Number.N, petitionDoc(p), p.Committee, routedTo(p)); err != nil {
				return fmt.Errorf("write the new petitions: %w", err)
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
		updates = append(updates, update{ref, tx.cache.stored[ref], r})
		tx.cache.stored[ref] = p.Version
	}
	clear(tx.dirty)
	if err := newPetitions.write(); err != nil {
		return fmt.Errorf("write the new petitions: %w", err)
	}
	for _, u := range updates {
		if n, err := u.r.RowsAffected(); err != nil {
			return fmt.Errorf("write petition %s: %w", u.ref, err)
		} else if n != 1 {
			return fmt.Errorf("write petition %s: it changed under us (version %d)", u.ref, u.version)
		}
	}
	timelines := tx.rowBatch(`INSERT INTO report_timelines (committee, received_day, petition, timeline)`,
		`ON CONFLICT (committee, received_day, petition) DO UPDATE SET timeline = excluded.timeline`)
	days := tx.rowBatch(`INSERT INTO report_days (committee, day, version)`,
		`ON CONFLICT (committee, day) DO UPDATE SET version = report_days.version + 1`)
	seen := map[committeeDay]bool{}
	for ref := range tx.timelinesDirty {
		p := tx.cache.ps[ref]
		d := committeeDay{p.Committee, int64(cases.DateOf(p.ReceivedAt))}
		if err := timelines.add(d.committee, d.day, ref, []byte(tx.cache.timelines[ref])); err != nil {
			return fmt.Errorf("write the timelines: %w", err)
		}
		if !seen[d] {
			seen[d] = true
			if err := days.add(d.committee, d.day, 1); err != nil {
				return fmt.Errorf("mark the days' summaries stale: %w", err)
			}
		}
	}
	clear(tx.timelinesDirty)
	if err := timelines.write(); err != nil {
		return fmt.Errorf("write the timelines: %w", err)
	}
	// The summaries of those days are stale now (report_days).
	if err := days.write(); err != nil {
		return fmt.Errorf("mark the days' summaries stale: %w", err)
	}
	return nil
}

// rowBatch gathers the rows of one INSERT (insert, its INSERT INTO …
// (columns), then tail, an ON CONFLICT clause or "") and writes them
// rowsPerInsert at a time. Each row must have a key of its own.
type rowBatch struct {
	tx           *Tx
	insert, tail string
	rows         [][]any
}

func (tx *Tx) rowBatch(insert, tail string) *rowBatch {
	return &rowBatch{tx: tx, insert: insert, tail: tail}
}

// add adds a row, and writes the rows when they are rowsPerInsert.
func (b *rowBatch) add(row ...any) error {
	b.rows = append(b.rows, row)
	if len(b.rows) < rowsPerInsert {
		return nil
	}
	return b.write()
}

// write writes the rows gathered.
func (b *rowBatch) write() error {
	if len(b.rows) == 0 {
		return nil
	}
	rows := b.rows
	b.rows = b.rows[:0]
	return b.tx.insertRows(b.insert, rows, b.tail)
}

// rowsPerInsert bounds the rows of one insertRows statement: 64 petitions
// are 768 parameters, and a statement of each count up to it is kept
// prepared (Tx.stmt).
const rowsPerInsert = 64

// insertRows runs insert with rows (at most rowsPerInsert) as its VALUES,
// followed by tail.
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
