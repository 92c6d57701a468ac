package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
)

// A command recorded again is answered as the first time and changes
// nothing, in its own transaction or in a batch.
func testRepeat(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	first := e.exec(petitionLine)
	again := e.exec(petitionLine)
	if !first.Changed || again.Changed || again.Seq != first.Seq || again.State != first.State {
		t.Fatalf("first %+v, again %+v: the repeat must change nothing and answer as the first", first, again)
	}
	// The same instant written in another offset is the same command.
	e.exec(`{"op":"classify","petition":"P-1","at":"2023-03-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`)
	if res := e.exec(`{"op":"classify","petition":"P-1","at":"2023-03-02T01:00:00Z","type":"complaint","field":"land","eligible":true}`); res.Changed {
		t.Fatal("the same classify at the same instant was recorded twice")
	}
	// Twice in one batch, and once more after it.
	visit := command(t, `{"op":"visit","ref":"V-1","at":"2023-03-02T09:00:00+07:00","kind":"regular","petition":"P-1","people":1}`)
	var inBatch [2]cases.Result
	err := e.s.Batch(e.ctx, func(tx *storage.Tx) error {
		for i := range inBatch {
			var err error
			if inBatch[i], err = tx.Exec(visit, cases.Meta{Now: Now, User: "tester"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	later := e.exec(`{"op":"visit","ref":"V-1","at":"2023-03-02T09:00:00+07:00","kind":"regular","petition":"P-1","people":1}`)
	if !inBatch[0].Changed || inBatch[1].Changed || inBatch[1].Seq != inBatch[0].Seq || later.Changed || later.Seq != inBatch[0].Seq {
		t.Errorf("a visit recorded twice in a batch, then once more: %+v, %+v, %+v", inBatch[0], inBatch[1], later)
	}
	if seq := e.lastSeq(); seq != 3 {
		t.Fatalf("last event %d, want 3", seq)
	}
	e.verify()
}

// A creating command whose ref is taken by other content is a conflict, and
// writes nothing.
func testConflict(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.exec(`{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own"}`)
	e.exec(petitionLine)
	for _, line := range []string{
		strings.Replace(petitionLine, "Khiếu nại", "Tố cáo", 1),
		`{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước (mới)","kind":"own"}`,
	} {
		_, err := e.try(line)
		if cases.ErrorCode(err) != cases.EConflict {
			t.Errorf("%s: err = %v, want a conflict", line, err)
		}
	}
	if p, err := e.s.Petition(e.ctx, "P-1"); err != nil || p.Summary != "Khiếu nại thu hồi đất" {
		t.Errorf("P-1 after a conflicting command: %+v, %v", p, err)
	}
	if seq := e.lastSeq(); seq != 2 {
		t.Fatalf("last event %d after refused commands, want 2", seq)
	}
	e.verify()
}

// errRefused is what refuseClassify answers.
var errRefused = cases.Errorf(cases.EInvalid, "refused by the test")

// refuseClassify is Decide refusing every classification.
func refuseClassify(ctx context.Context, c *cases.Command, p *cases.Petition, look cases.Lookup) (cases.State, error) {
	if c.Op == cases.OpClassify {
		return "", errRefused
	}
	return Decide(ctx, c, p, look)
}

// A command the Decider refuses writes nothing, neither event nor
// projection: alone, or in a batch that goes on after it.
func testRefusals(t *testing.T, open Opener) {
	e := newEnv(t, open, refuseClassify)
	e.exec(petitionLine)
	classify := `{"op":"classify","petition":"P-1","at":"2023-03-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`
	if _, err := e.try(classify); !errors.Is(err, errRefused) {
		t.Fatalf("classify: %v, want the Decider's refusal", err)
	}
	if _, err := e.try(`{"op":"accept","petition":"P-9","at":"2023-03-02T08:00:00+07:00"}`); cases.ErrorCode(err) != cases.ENotFound {
		t.Fatalf("accept of no petition: %v, want not found", err)
	}
	err := e.s.Batch(e.ctx, func(tx *storage.Tx) error {
		for _, line := range []string{
			`{"op":"visit","ref":"V-1","at":"2023-03-02T09:00:00+07:00","kind":"regular","petition":"P-1","people":1}`,
			classify,
			`{"op":"visit","ref":"V-2","at":"2023-03-02T10:00:00+07:00","kind":"regular","petition":"P-9","people":1}`,
			strings.Replace(petitionLine, "P-1", "P-2", 1),
		} {
			if _, err := tx.Exec(command(t, line), cases.Meta{Now: Now, User: "tester"}); err != nil && cases.ErrorCode(err) == cases.EInternal {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seq := e.lastSeq(); seq != 3 {
		t.Errorf("last event %d, want 3: the petition, the visit V-1 and P-2", seq)
	}
	p, err := e.s.Petition(e.ctx, "P-1")
	if err != nil || p.State != cases.Received || p.Type != "" {
		t.Errorf("P-1 after a refused classification: %+v, %v", p, err)
	}
	h, err := e.s.History(e.ctx, "P-1")
	if err != nil || len(h) != 2 {
		t.Errorf("the history of P-1: %d events, %v; want its receipt and V-1", len(h), err)
	}
	e.verify()
}

// A batch whose function fails leaves nothing of its commands, and the
// store records them afresh afterwards.
func testRollback(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.exec(petitionLine)
	failed := errors.New("the batch fails")
	lines := []string{
		`{"op":"classify","petition":"P-1","at":"2023-03-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`,
		strings.Replace(petitionLine, "P-1", "P-2", 1),
	}
	err := e.s.Batch(e.ctx, func(tx *storage.Tx) error {
		for _, line := range lines {
			if _, err := tx.Exec(command(t, line), cases.Meta{Now: Now, User: "tester"}); err != nil {
				return err
			}
		}
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("Batch: %v, want the function's error", err)
	}
	if seq := e.lastSeq(); seq != 1 {
		t.Fatalf("last event %d after a rolled-back batch, want 1", seq)
	}
	if p, err := e.s.Petition(e.ctx, "P-1"); err != nil || p.State != cases.Received {
		t.Errorf("P-1 after a rolled-back classification: %+v, %v", p, err)
	}
	if _, err := e.s.Petition(e.ctx, "P-2"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("P-2 of a rolled-back batch: %v, want not found", err)
	}
	for _, line := range lines {
		if res := e.exec(line); !res.Changed {
			t.Errorf("%s: not recorded after the rollback", line)
		}
	}
	e.verify()
}

// The events can be neither changed nor removed, even behind the store's
// back.
func testAppendOnly(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.exec(petitionLine)
	for _, q := range []string{`UPDATE events SET recorded_by = 'x'`, `DELETE FROM events`} {
		if _, err := e.raw.ExecContext(e.ctx, q); err == nil {
			t.Errorf("%s: not refused", q)
		}
	}
	h, err := e.s.History(e.ctx, "P-1")
	if err != nil || len(h) != 1 || h[0].RecordedBy != "tester" {
		t.Errorf("the history after refused changes: %+v, %v", h, err)
	}
	e.verify()
}

// Each event is chained to the one before, and every projection is what a
// replay of the events folds, before the days are summarized and after.
func testVerify(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.record(History)
	ver := e.verify()
	if ver.Events != int64(len(lines(History))) || ver.Events != e.lastSeq() || ver.Petitions != 3 || ver.Visits != 2 {
		t.Errorf("verify checked %d events (last %d), %d petitions, %d visits; want %d, 3, 2",
			ver.Events, e.lastSeq(), ver.Petitions, ver.Visits, len(lines(History)))
	}
	h, err := e.s.History(e.ctx, "P-1")
	if err != nil {
		t.Fatal(err)
	}
	hashes := map[string]bool{}
	for _, ev := range h {
		if len(ev.Hash) != 64 || hashes[ev.Hash] {
			t.Errorf("event %d: hash %q, empty or given twice", ev.Seq, ev.Hash)
		}
		hashes[ev.Hash] = true
	}
	if _, err := e.s.SummarizeDays(e.ctx); err != nil {
		t.Fatal(err)
	}
	e.verify()
}

// Verify finds a projection changed behind the history's back, and names
// it.
func testAlteredProjection(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.record(History)
	if _, err := e.raw.ExecContext(e.ctx, `UPDATE petitions SET state = 'resolved' WHERE ref = 'P-3'`); err != nil {
		t.Fatal(err)
	}
	ver, err := e.s.Verify(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ver.OK() || !strings.Contains(strings.Join(ver.Problems, "\n"), "petition P-3") {
		t.Fatalf("altered projection not found: %+v", ver)
	}
}

// A petition's history is its events with its visits, in the order
// recorded, each with who recorded it.
func testHistory(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	e.record(History)
	h, err := e.s.History(e.ctx, "P-1")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, ev := range h {
		if i > 0 && ev.Seq <= h[i-1].Seq {
			t.Errorf("event %d after event %d", ev.Seq, h[i-1].Seq)
		}
		got = append(got, fmt.Sprintf("%s/%s", ev.Command.Op, ev.RecordedBy))
	}
	want := "petition/tester visit/tester classify/tester classify/tester route/tester visit/tester accept/tester " +
		"extend/tester suspend/tester resume/tester resolve/tester implement/old-system"
	if strings.Join(got, " ") != want {
		t.Errorf("the history of P-1:\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	if h, err := e.s.History(e.ctx, "P-9"); err != nil || len(h) != 0 {
		t.Errorf("the history of no petition: %+v, %v", h, err)
	}
}
