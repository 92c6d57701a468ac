package storage

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
)

// The reception book (SPEC §9): a petition's or a visit's number, given in
// the transaction that records it and written into its command, so that the
// history holds it (migrations/0005_reception_book.sql).

// oneCommittee is the key of the installation's first committee (the own
// units without a parent and their successors, cases/committee.go), whose
// books every history recorded before SPEC §10 kept. A committee below it
// (a commune of a province) keeps its books under its own key. Not the own
// unit's ref: that changes at the 2025 reform, and the book of a year goes
// on across it, as the committee's key does.
const oneCommittee = ""

// bookKey names one book: a committee's petitions or visits of a year.
type bookKey struct {
	committee, book string
	year            int
}

// bookOf is the book a petition or visit command of committee (its key,
// oneCommittee for the first) is numbered in.
func bookOf(c *cases.Command, committee string) bookKey {
	return bookKey{committee: committee, book: string(c.Op), year: c.BookYear()}
}

// numbered reports whether op's commands have a number in a book.
func numbered(op cases.Op) bool { return op == cases.OpPetition || op == cases.OpVisit }

// numberTaken is the refusal of a carried number that another petition or
// visit of the same book has.
func numberTaken(c *cases.Command, n cases.Number, holder string) error {
	w := bookWordVI(c.Op)
	return (&cases.Error{Code: cases.EConflict, Field: "number",
		Message: fmt.Sprintf("number %s of the %s book is already %s %s's", n, c.Op, c.Op, holder)}).
		VI("Số %s trong sổ tiếp nhận %s đã là số của %s %s.", n, w, w, holder)
}

// bookWordVI is what a book numbers, in Vietnamese: "đơn", "lượt tiếp".
func bookWordVI(op cases.Op) string {
	if op == cases.OpVisit {
		return "lượt tiếp"
	}
	return "đơn"
}

// number gives c its number in its book: the one it carries, refused when
// another has it, or the next after the last of the book. It writes the
// book's rows and nothing else; the caller records c with the number.
func (tx *Tx) number(c *cases.Command) (cases.Number, error) {
	committee, err := tx.committeeOf(c)
	if err != nil {
		return cases.Number{}, err
	}
	k := bookOf(c, committee)
	n := c.NumberOf()
	if !n.IsZero() {
		var holder string
		switch err := tx.queryRow(`SELECT ref FROM reception_book WHERE committee = ? AND book = ? AND year = ? AND number = ?`,
			k.committee, k.book, k.year, n.N).Scan(&holder); {
		case err == nil:
			return n, numberTaken(c, n, holder)
		case !errors.Is(err, sql.ErrNoRows):
			return n, fmt.Errorf("look up number %s: %w", n, err)
		}
	}
	b, err := tx.book(k)
	if err != nil {
		return n, err
	}
	if n.IsZero() {
		n = cases.Number{N: b.last + 1, Year: k.year}
	}
	// A number carried beyond the last is the book's last now.
	if n.N > b.last {
		b.last, b.dirty = n.N, true
	}
	if _, err := tx.exec(`INSERT INTO reception_book (committee, book, year, number, ref) VALUES (?, ?, ?, ?, ?)`,
		k.committee, k.book, k.year, n.N, c.Ref); err != nil {
		return n, fmt.Errorf("write number %s: %w", n, err)
	}
	return n, nil
}

// bookCount is the last number of a book as a write transaction has it:
// read once, then counted in memory and written by flush when dirty. The
// transaction holds the write lock (BEGIN IMMEDIATE, or PostgreSQL's
// writer lock taken by every instance), so no other writer numbers in the
// book meanwhile; a server's transaction numbers several petitions in one
// book, and reading and writing its counter for each cost a round trip
// each on PostgreSQL.
type bookCount struct {
	last  int
	dirty bool
}

// book is the counter of book k, its last number read once per
// transaction.
func (tx *Tx) book(k bookKey) (*bookCount, error) {
	if b, ok := tx.books[k]; ok {
		return b, nil
	}
	var last int
	err := tx.queryRow(`SELECT last FROM reception_book_last WHERE committee = ? AND book = ? AND year = ?`,
		k.committee, k.book, k.year).Scan(&last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("last number of the %s book of %d: %w", k.book, k.year, err)
	}
	b := &bookCount{last: last}
	tx.books[k] = b
	return b, nil
}

// writeBooks writes the counters of the books numbered in since the last
// flush.
func (tx *Tx) writeBooks() error {
	for k, b := range tx.books {
		if !b.dirty {
			continue
		}
		if _, err := tx.exec(`INSERT INTO reception_book_last (committee, book, year, last) VALUES (?, ?, ?, ?)
			ON CONFLICT (committee, book, year) DO UPDATE SET last = excluded.last`,
			k.committee, k.book, k.year, b.last); err != nil {
			return fmt.Errorf("write the last number of the %s book of %d: %w", k.book, k.year, err)
		}
		b.dirty = false
	}
	return nil
}

// withNumber is pc as recorded with its number n: the number in its
// command, its stored JSON and a visit's doc; its fingerprint, which leaves
// the number out, stays. pc itself is left as it is, for a retry.
func withNumber(pc *Prepared, n cases.Number) *Prepared {
	if pc.Command.Number == n.String() {
		return pc
	}
	np := *pc
	np.Command.Number = n.String()
	if pc.sealed != nil {
		sc := *pc.sealed
		sc.Number = n.String()
		np.sealed = &sc
	}
	np.data = string(np.stored().Canonical())
	if np.Command.Op == cases.OpVisit {
		doc, _ := json.Marshal(VisitOf(np.stored()))
		np.visit = string(doc)
	}
	return &np
}

// books is the reception book folded from the history in order, as replay
// and the migration that began the books read it: the last number of each
// book and who has each number.
type books struct {
	last   map[bookKey]int
	holder map[bookEntry]string
}

// bookEntry is one number of a book.
type bookEntry struct {
	bookKey
	number int
}

func newBooks() *books {
	return &books{last: map[bookKey]int{}, holder: map[bookEntry]string{}}
}

// take gives c its number as the store gave it: the one it carries (every
// command recorded since the books began carries one), or for a command
// recorded before, the next after the last of its book. holder is who has
// the number already, "" when nobody did.
func (b *books) take(c *cases.Command, committee string) (n cases.Number, holder string) {
	k := bookOf(c, committee)
	n = c.NumberOf()
	if n.IsZero() {
		n = cases.Number{N: b.last[k] + 1, Year: k.year}
	}
	e := bookEntry{k, n.N}
	if h, ok := b.holder[e]; ok {
		return n, h
	}
	b.holder[e] = c.Ref
	b.last[k] = max(b.last[k], n.N)
	return n, ""
}
