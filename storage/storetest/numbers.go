package storetest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
)

// The reception book (SPEC §9): numbers N/YYYY per book (petitions,
// visits) and calendar year of receipt, given in the order recorded without
// gaps, carried from another system, and kept in the history.

// petitionAt is a petition received at at, carrying number when not "".
func petitionAt(ref, at, number string) string {
	n := ""
	if number != "" {
		n = `,"number":"` + number + `"`
	}
	return `{"op":"petition","ref":"` + ref + `","received_at":"` + at + `","channel":"reception","petitioner":{"name":"Trần Văn Bình"},"summary":"Kiến nghị đường giao thông"` + n + `}`
}

// visitAt is a regular visit about petition at at.
func visitAt(ref, petition, at string) string {
	return `{"op":"visit","ref":"` + ref + `","at":"` + at + `","kind":"regular","petition":"` + petition + `","people":1}`
}

// numbers are the numbers of the petitions and the visits, by ref, as the
// history of each petition holds them.
func (e *env) numbers(petitions ...string) (ps, vs map[string]string) {
	e.t.Helper()
	ps, vs = map[string]string{}, map[string]string{}
	for _, ref := range petitions {
		p, err := e.s.Petition(e.ctx, ref)
		if err != nil {
			e.t.Fatal(err)
		}
		ps[ref] = p.Number.String()
		h, err := e.s.History(e.ctx, ref)
		if err != nil {
			e.t.Fatal(err)
		}
		for _, ev := range h {
			switch ev.Command.Op {
			case cases.OpPetition:
				if ev.Command.Number != ps[ref] {
					e.t.Errorf("petition %s: number %q in its event, %q in its projection", ref, ev.Command.Number, ps[ref])
				}
			case cases.OpVisit:
				vs[ev.Command.Ref] = ev.Command.Number
			}
		}
	}
	return ps, vs
}

// gapless fails the test unless numbers, of one book, are 1 to len(numbers)
// of year, each once.
func gapless(t *testing.T, book string, year int, numbers map[string]string) {
	t.Helper()
	seen := map[string]string{}
	for ref, n := range numbers {
		if other, ok := seen[n]; ok {
			t.Errorf("%s book: %s and %s both have number %s", book, other, ref, n)
		}
		seen[n] = ref
	}
	for i := 1; i <= len(numbers); i++ {
		if n := fmt.Sprintf("%d/%d", i, year); seen[n] == "" {
			t.Errorf("%s book: no number %s among %d", book, n, len(numbers))
		}
	}
}

// Sixteen writers recording petitions and visits at once: each book of the
// year is numbered 1 to N, no number twice, none missing, and verify agrees.
func testNumbersConcurrent(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	const writers, each = 16, 6
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*2)
	var refs []string
	for w := range writers {
		for i := range each {
			refs = append(refs, fmt.Sprintf("P-%d-%d", w, i))
		}
	}
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				ref := fmt.Sprintf("P-%d-%d", w, i)
				for _, line := range []string{
					petitionAt(ref, "2026-03-02T08:00:00+07:00", ""),
					visitAt("V-"+ref[2:], ref, "2026-03-02T08:30:00+07:00"),
				} {
					c, err := cases.DecodeCommand([]byte(line))
					if err == nil {
						_, err = e.s.Exec(e.ctx, c, cases.Meta{Now: Now, User: fmt.Sprintf("writer-%d", w)})
					}
					if err != nil {
						errs <- fmt.Errorf("%s: %w", line, err)
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	ps, vs := e.numbers(refs...)
	if len(ps) != writers*each || len(vs) != writers*each {
		t.Fatalf("%d petitions and %d visits numbered, want %d of each", len(ps), len(vs), writers*each)
	}
	gapless(t, "petition", 2026, ps)
	gapless(t, "visit", 2026, vs)
	// The lists order the day's petitions by their numbers.
	list, _, err := e.s.PetitionPage(e.ctx, cases.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range list {
		if want := fmt.Sprintf("%d/2026", i+1); p.Number.String() != want {
			t.Errorf("the list's petition %d is %s, number %s; want number %s", i+1, p.Ref, p.Number, want)
		}
	}
	e.verify()
}

// The book of a year is the calendar year of receipt in +07:00: a petition
// received on 31/12 late in the evening is the year's last, one received
// minutes later on 01/01 (still 31/12 in UTC) the next year's first.
func testNumbersByYear(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.record(petitionAt("P-1", "2025-12-31T08:00:00+07:00", "") + "\n" +
		petitionAt("P-2", "2025-12-31T23:59:00+07:00", "") + "\n" +
		petitionAt("P-3", "2025-12-31T17:10:00Z", "") + "\n" + // 01/01/2026 00:10 in +07
		visitAt("V-1", "P-1", "2025-12-31T23:30:00+07:00") + "\n" +
		visitAt("V-2", "P-1", "2026-01-01T07:30:00+07:00") + "\n" +
		petitionAt("P-4", "2026-01-01T08:00:00+07:00", "") + "\n")
	ps, vs := e.numbers("P-1", "P-2", "P-3", "P-4")
	want := map[string]string{"P-1": "1/2025", "P-2": "2/2025", "P-3": "1/2026", "P-4": "2/2026", "V-1": "1/2025", "V-2": "1/2026"}
	for ref, n := range vs {
		ps[ref] = n
	}
	for ref, n := range want {
		if ps[ref] != n {
			t.Errorf("%s: number %q, want %s", ref, ps[ref], n)
		}
	}
	// The search finds a petition by its number, and by the number alone
	// in any year.
	for q, want := range map[string]string{"1/2026": "P-3", "2/2025": "P-2", "2": "P-2 P-4", "3/2026": ""} {
		ps, _, err := e.s.PetitionPage(e.ctx, cases.Filter{Search: q})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range ps {
			got = append(got, p.Ref)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("search %q: %v, want %s", q, got, want)
		}
	}
	e.verify()
}

// A command moving history from another system carries its number: it
// keeps it, the numbers the store gives continue after the highest of the
// year, and a number another petition has is refused with nothing written.
func testNumbersCarried(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.record(petitionAt("P-1", "2026-02-01T08:00:00+07:00", "") + "\n" +
		petitionAt("P-2", "2026-02-01T09:00:00+07:00", "40/2026") + "\n" +
		petitionAt("P-3", "2026-02-02T08:00:00+07:00", "") + "\n" +
		petitionAt("P-4", "2026-02-02T09:00:00+07:00", "7/2026") + "\n" +
		petitionAt("P-5", "2026-02-03T08:00:00+07:00", "") + "\n")
	ps, _ := e.numbers("P-1", "P-2", "P-3", "P-4", "P-5")
	for ref, want := range map[string]string{"P-1": "1/2026", "P-2": "40/2026", "P-3": "41/2026", "P-4": "7/2026", "P-5": "42/2026"} {
		if ps[ref] != want {
			t.Errorf("%s: number %s, want %s", ref, ps[ref], want)
		}
	}
	// The same petition sent again, with or without its number, is the
	// same; with another number it is not.
	for _, line := range []string{petitionAt("P-3", "2026-02-02T08:00:00+07:00", ""), petitionAt("P-3", "2026-02-02T08:00:00+07:00", "41/2026")} {
		if res := e.exec(line); res.Changed {
			t.Errorf("%s: recorded again", line)
		}
	}
	seq := e.lastSeq()
	for _, c := range []struct{ line, code, message string }{
		{petitionAt("P-6", "2026-02-04T08:00:00+07:00", "40/2026"), cases.EConflict, "P-2"},
		{petitionAt("P-3", "2026-02-02T08:00:00+07:00", "43/2026"), cases.EConflict, "41/2026"},
		{petitionAt("P-7", "2026-02-04T08:00:00+07:00", "8/2025"), cases.EInvalid, "2026"},
		{petitionAt("P-8", "2026-02-04T08:00:00+07:00", "8"), cases.EInvalid, "N/YYYY"},
	} {
		_, err := e.try(c.line)
		var ce *cases.Error
		if !errors.As(err, &ce) || ce.Code != c.code || ce.Field != "number" || !strings.Contains(ce.Message, c.message) {
			t.Errorf("%s: %v, want a refusal %s of number naming %s", c.line, err, c.code, c.message)
		}
		if ce != nil && ce.Code == cases.EConflict && ce.MessageVI == "" {
			t.Errorf("%s: no Vietnamese message", c.line)
		}
	}
	if got := e.lastSeq(); got != seq {
		t.Errorf("the refused numbers wrote events %d to %d", seq+1, got)
	}
	if _, err := e.s.Petition(e.ctx, "P-6"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("the petition refused for its number: %v", err)
	}
	// The number refused is still free for the store to give in turn.
	e.exec(petitionAt("P-9", "2026-02-04T08:00:00+07:00", ""))
	if ps, _ := e.numbers("P-9"); ps["P-9"] != "43/2026" {
		t.Errorf("after the refusals, the next number is %s, want 43/2026", ps["P-9"])
	}
	e.verify()
}

// The numbers are in the history: the same events recorded again in order
// (a copy of the history, as an import from it) give every petition and
// visit the same number and chain to the same hash; verify finds a number
// altered in a projection.
func testNumbersCopied(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.record(History)
	e.record(petitionAt("P-4", "2026-02-02T09:00:00+07:00", "7/2026") + "\n" +
		petitionAt("P-5", "2026-02-03T08:00:00+07:00", "") + "\n")
	copied := newEnv(t, open, Decide)
	var cmds []cases.Command
	var metas []cases.Meta
	err := e.s.Commands(e.ctx, func(c cases.Command, at time.Time, by string) error {
		cmds, metas = append(cmds, c), append(metas, cases.Meta{Now: at, User: by})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = copied.s.Batch(copied.ctx, func(tx *storage.Tx) error {
		for i, c := range cmds {
			if _, err := tx.Exec(c, metas[i]); err != nil {
				return fmt.Errorf("%+v: %w", c, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The chain is the same unless identities are sealed: each seal has a
	// nonce of its own.
	var sealed bool
	if err := e.raw.QueryRowContext(e.ctx, `SELECT count(*) > 0 FROM events WHERE data LIKE '%"sealed":%'`).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	const head = `SELECT seq || ' ' || hash FROM events ORDER BY seq DESC LIMIT 1`
	var a, b string
	if err := e.raw.QueryRowContext(e.ctx, head).Scan(&a); err != nil {
		t.Fatal(err)
	}
	if err := copied.raw.QueryRowContext(copied.ctx, head).Scan(&b); err != nil {
		t.Fatal(err)
	}
	if a != b && !sealed {
		t.Errorf("the chain's head: %s, copied %s", a, b)
	}
	refs := []string{"P-1", "P-2", "P-3", "P-4", "P-5"}
	ps, vs := e.numbers(refs...)
	cps, cvs := copied.numbers(refs...)
	if fmt.Sprint(ps, vs) != fmt.Sprint(cps, cvs) || ps["P-3"] != "3/2023" || vs["V-2"] != "2/2023" || ps["P-5"] != "8/2026" {
		t.Errorf("numbers %v %v, copied %v %v", ps, vs, cps, cvs)
	}
	copied.verify()

	if _, err := e.raw.ExecContext(e.ctx, `UPDATE petitions SET number = 9 WHERE number = 8`); err != nil {
		t.Fatal(err)
	}
	ver, err := e.s.Verify(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ver.OK() || !strings.Contains(strings.Join(ver.Problems, "\n"), "petition P-5") {
		t.Errorf("a number altered in the projection: %+v", ver)
	}
}
