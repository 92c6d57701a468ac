package storage

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
)

// The petitions as read: one by its ref, and the lists and their search:
// every list of the pages, the API and tiepdan list reads the projection
// (the petitions table) through petitionWhere.

// Petition returns the current state of one petition.
func (db *DB) Petition(ctx context.Context, ref string) (*cases.Petition, error) {
	p, err := db.petition(ctx, ref)
	if err == nil && !cases.ScopeOf(ctx).Sees(p) {
		// Another committee's petition is not there for this account.
		return nil, cases.Errorf(cases.ENotFound, "petition %s not found", ref)
	}
	return p, err
}

// petition reads one petition, whatever the scope.
func (db *DB) petition(ctx context.Context, ref string) (*cases.Petition, error) {
	var doc string
	err := db.read.QueryRowContext(ctx, `SELECT doc FROM petitions WHERE ref = ?`, ref).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "petition %s not found", ref)
	}
	if err != nil {
		return nil, fmt.Errorf("read petition %s: %w", ref, err)
	}
	p, err := decodePetition(doc)
	if err != nil {
		return nil, err
	}
	return db.secrets.openPetition(p)
}

func decodePetition(doc string) (*cases.Petition, error) {
	p := new(cases.Petition)
	if err := json.Unmarshal([]byte(doc), p); err != nil {
		return nil, fmt.Errorf("decode petition: %w", err)
	}
	return p, nil
}

// PetitionPage lists one page of the petitions that match f (f.Limit and
// f.Offset; no limit lists them all) and counts every petition that matches.
// Both queries read one snapshot, so the count agrees with the page.
func (db *DB) PetitionPage(ctx context.Context, f cases.Filter) ([]*cases.Petition, int, error) {
	where, args := db.petitionWhere(scoped(ctx, f))
	tx, err := db.read.BeginTx(ctx, &sqlReadOnly)
	if err != nil {
		return nil, 0, fmt.Errorf("list petitions: %w", err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM petitions WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count petitions: %w", err)
	}
	q := `SELECT doc FROM petitions WHERE ` + where + ` ORDER BY received_day, number, ref` + page(f, &args)
	out, err := db.readPetitions(ctx, tx, q, args)
	return out, total, err
}

// scoped is f limited to the scope ctx carries, when f has none.
func scoped(ctx context.Context, f cases.Filter) cases.Filter {
	if f.Scope == nil {
		f.Scope = cases.ScopeOf(ctx)
	}
	return f
}

// petitionWhere is the condition that selects the petitions of f. A
// committee's scope (the petitions it received and those routed to it) is
// two searches, one of the index by committee and one by routed_to, each
// with every other condition of f; their refs select the petitions. (As
// one condition, committee IN … OR routed_to IN …, the planners of SQLite
// and PostgreSQL read by the index of states every petition of every
// committee in a state, to keep the committee's.)
func (db *DB) petitionWhere(f cases.Filter) (string, []any) {
	rest, restArgs := db.petitionConditions(f)
	if f.Scope == nil {
		return rest, restArgs
	}
	in := `(?` + strings.Repeat(`, ?`, len(f.Scope.Reads)-1) + `)`
	if len(f.Scope.Reads) == 0 {
		in = `('')`
		rest += ` AND 1 = 0`
	}
	var args []any
	for range 2 {
		for _, k := range f.Scope.Reads {
			args = append(args, k)
		}
		args = append(args, restArgs...)
	}
	return `ref IN (SELECT ref FROM petitions WHERE committee IN ` + in + ` AND ` + rest +
		` UNION ALL SELECT ref FROM petitions WHERE routed_to IN ` + in + ` AND ` + rest + `)`, args
}

// petitionConditions is the condition that selects the petitions of f, its
// scope aside.
func (db *DB) petitionConditions(f cases.Filter) (string, []any) {
	q := `1 = 1`
	var args []any
	if f.State != "" {
		q += ` AND state = ?`
		args = append(args, string(f.State))
	}
	if len(f.States) > 0 {
		q += ` AND state IN (?` + strings.Repeat(`, ?`, len(f.States)-1) + `)`
		for _, s := range f.States {
			args = append(args, string(s))
		}
	}
	if f.Type != "" {
		q += ` AND type = ?`
		args = append(args, string(f.Type))
	}
	if f.Unit != "" {
		q += ` AND unit = ?`
		args = append(args, f.Unit)
	}
	if len(f.Units) > 0 {
		q += ` AND unit IN (?` + strings.Repeat(`, ?`, len(f.Units)-1) + `)`
		for _, u := range f.Units {
			args = append(args, u)
		}
	}
	if f.From != 0 {
		q += ` AND received_day >= ?`
		args = append(args, int64(f.From))
	}
	if f.To != 0 {
		q += ` AND received_day <= ?`
		args = append(args, int64(f.To))
	}
	if f.Petitioner != "" {
		// The name folded, and its keyed digest under each key: a
		// petitioner is in the column as one or the other
		// (Secrets.petitionerColumn).
		keys := db.secrets.petitionerKeys(f.Petitioner)
		q += ` AND petitioner IN (?` + strings.Repeat(`, ?`, len(keys)-1) + `)`
		args = append(args, keys...)
	}
	for _, w := range cases.SearchWords(f.Search) {
		// A word written as a number of the book, 125/2026, finds that
		// petition; a word of digits alone finds the number in any year
		// besides the refs and summaries that hold it.
		if n, err := cases.ParseNumber(w); err == nil {
			q += ` AND number = ? AND received_day BETWEEN ? AND ?`
			args = append(args, n.N, int64(cases.NewDate(n.Year, 1, 1)), int64(cases.NewDate(n.Year, 12, 31)))
			continue
		}
		// (As a person reads a number: digits, the first not 0.)
		if n, err := strconv.Atoi(w); err == nil && w[0] >= '1' && w[0] <= '9' {
			q += ` AND (number = ? OR search LIKE ? ESCAPE '\')`
			args = append(args, n, "%"+w+"%")
			continue
		}
		q += ` AND search LIKE ? ESCAPE '\'`
		args = append(args, "%"+likeEscape.Replace(w)+"%")
	}
	return q, args
}

// Petitions lists the petitions that match f in the order of PetitionPage
// (received day, then number in the book, then ref), without counting
// them. When f names several states, each is one search of the index on unit and state (a list of
// several states would scan the unit's petitions), merged back into that
// order.
func (db *DB) Petitions(ctx context.Context, f cases.Filter) ([]*cases.Petition, error) {
	f = scoped(ctx, f)
	if len(f.States) < 2 {
		where, args := db.petitionWhere(f)
		return db.readPetitions(ctx, db.read, `SELECT doc FROM petitions WHERE `+where+` ORDER BY received_day, number, ref`+page(f, &args), args)
	}
	one := f
	one.Limit, one.Offset = 0, 0
	if f.Limit > 0 {
		one.Limit = f.Offset + f.Limit
	}
	var out []*cases.Petition
	for _, st := range f.States {
		if f.State != "" && f.State != st {
			continue
		}
		one.State, one.States = st, nil
		ps, err := db.Petitions(ctx, one)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	slices.SortFunc(out, func(a, b *cases.Petition) int {
		return cmp.Or(cmp.Compare(cases.DateOf(a.ReceivedAt), cases.DateOf(b.ReceivedAt)),
			cmp.Compare(a.Number.N, b.Number.N), cmp.Compare(a.Ref, b.Ref))
	})
	out = out[min(f.Offset, len(out)):]
	if f.Limit > 0 {
		out = out[:min(f.Limit, len(out))]
	}
	return out, nil
}

// page is the LIMIT clause of f, its arguments appended to args; none
// without a limit.
func page(f cases.Filter, args *[]any) string {
	if f.Limit <= 0 {
		return ""
	}
	*args = append(*args, f.Limit, f.Offset)
	return ` LIMIT ? OFFSET ?`
}

// readPetitions decodes the petitions that query q, selecting doc, reads,
// their petitioners opened.
func (db *DB) readPetitions(ctx context.Context, qr queryer, q string, args []any) ([]*cases.Petition, error) {
	var out []*cases.Petition
	err := each(ctx, qr, q, func(scan func(...any) error) error {
		var doc string
		if err := scan(&doc); err != nil {
			return err
		}
		p, err := decodePetition(doc)
		if err == nil {
			p, err = db.secrets.openPetition(p)
		}
		if err != nil {
			return err
		}
		out = append(out, p)
		return nil
	}, args...)
	return out, err
}

var likeEscape = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
