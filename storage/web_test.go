package storage

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// TestGroupCommit sends commands from many goroutines at once through the
// group committer: new petitions, repeats of them, refused commands, and
// commands that fail inside the transaction (the stub decider lets a
// classify of an unknown petition through, and its projection fails). Each
// gets the answer DB.Exec would give; a fault fails its own command only,
// and nothing is lost or doubled.
func TestGroupCommit(t *testing.T) {
	db, _ := openTest(t)
	g := db.GroupCommit(16)
	defer g.Close()
	ctx := context.Background()
	const n = 200
	type answer struct {
		res cases.Result
		err error
	}
	answers := make([][4]answer, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			line := fmt.Sprintf(`{"op":"petition","ref":"G-%d","received_at":"2023-03-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Người %d"},"summary":"Kiến nghị"}`, i, i)
			for k, s := range []string{line, line,
				fmt.Sprintf(`{"op":"accept","petition":"NONE-%d","at":"2023-03-02T08:00:00+07:00"}`, i),
				fmt.Sprintf(`{"op":"classify","petition":"NONE-%d","at":"2023-03-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`, i)} {
				res, err := g.Exec(ctx, cmd(t, s), cases.Meta{Now: now, User: "tester"})
				answers[i][k] = answer{res, err}
			}
		}()
	}
	wg.Wait()
	seqs := map[int64]bool{}
	for i, a := range answers {
		first, again, refused, fault := a[0], a[1], a[2], a[3]
		if first.err != nil || !first.res.Changed || again.err != nil || again.res.Changed || again.res.Seq != first.res.Seq {
			t.Errorf("G-%d: first %+v, again %+v", i, first, again)
		}
		if cases.ErrorCode(refused.err) != cases.ENotFound {
			t.Errorf("accept NONE-%d: %v, want not found", i, refused.err)
		}
		if fault.err == nil || cases.ErrorCode(fault.err) != cases.EInternal {
			t.Errorf("classify NONE-%d: %v, want an internal error", i, fault.err)
		}
		if seqs[first.res.Seq] {
			t.Errorf("seq %d given twice", first.res.Seq)
		}
		seqs[first.res.Seq] = true
	}
	ps, total, err := db.PetitionPage(ctx, cases.Filter{})
	if err != nil || total != n || len(ps) != n {
		t.Errorf("%d petitions recorded, want %d (%v)", total, n, err)
	}
	if last, err := db.LastSeq(ctx); err != nil || last != n {
		t.Errorf("last event %d, want %d (%v)", last, n, err)
	}
	g.Close()
	if _, err := g.Exec(ctx, cmd(t, `{"op":"unit","ref":"own","name":"UBND","kind":"own"}`), cases.Meta{Now: now, User: "tester"}); err == nil {
		t.Error("a closed committer took a command")
	}
}

func TestPetitionPage(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	for i, name := range []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"} {
		exec(t, db, `{"op":"petition","ref":"P-`+string(rune('1'+i))+`","received_at":"2023-03-0`+string(rune('1'+i))+
			`T08:00:00+07:00","channel":"mail","petitioner":{"name":"`+name+`"},"summary":"Khiếu nại"}`)
	}
	ps, total, err := db.PetitionPage(ctx, cases.Filter{Limit: 2, Offset: 1})
	if err != nil || total != 3 || len(ps) != 2 || ps[0].Ref != "P-2" {
		t.Errorf("page: %d of %d, %v", len(ps), total, err)
	}
	ps, total, _ = db.PetitionPage(ctx, cases.Filter{Search: "van"})
	if total != 2 || len(ps) != 2 {
		t.Errorf("search van: %d", total)
	}
	exec(t, db, `{"op":"classify","petition":"P-1","at":"2023-03-05T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`)
	ps, total, _ = db.PetitionPage(ctx, cases.Filter{States: []cases.State{cases.Classified, cases.Accepted}})
	if total != 1 || ps[0].Ref != "P-1" {
		t.Errorf("states: %d", total)
	}
}

// TestPetitionsOfSeveralStates checks the list that searches state by state
// against the page of one query: the same petitions in the same order, with
// the same limit and offset.
func TestPetitionsOfSeveralStates(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	for i := range 6 {
		exec(t, db, fmt.Sprintf(`{"op":"petition","ref":"P-%d","received_at":"2023-03-%02dT08:00:00+07:00","channel":"mail","petitioner":{"name":"Người %d"},"summary":"Khiếu nại"}`, i, 6-i, i))
		if i%2 == 0 {
			exec(t, db, fmt.Sprintf(`{"op":"classify","petition":"P-%d","at":"2023-03-07T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`, i))
		}
	}
	refs := func(ps []*cases.Petition) string {
		s := ""
		for _, p := range ps {
			s += p.Ref + " "
		}
		return s
	}
	both := []cases.State{cases.Classified, cases.Received}
	for _, f := range []cases.Filter{
		{States: both},
		{States: both, Limit: 2, Offset: 3},
		{States: both, Limit: 10, Offset: 5},
		{States: both, State: cases.Classified},
		{States: both, State: cases.Accepted},
		{States: []cases.State{cases.Received}},
	} {
		want, _, err := db.PetitionPage(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Petitions(ctx, f)
		if err != nil || refs(got) != refs(want) {
			t.Errorf("%+v: %q (%v), want %q", f, refs(got), err, refs(want))
		}
	}
	if all, _ := db.Petitions(ctx, cases.Filter{States: both}); len(all) != 6 || all[0].Ref != "P-5" {
		t.Errorf("every petition of both states, oldest first: %q", refs(all))
	}
}
