package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/storage/storetest"
)

// TestGroupCommit sends commands from many goroutines at once through the
// group committer: new petitions, repeats of them, refused commands, and
// commands that fail inside the transaction (storetest.Decide lets a
// classify of an unknown petition through, and its projection fails). Each
// gets the answer DB.Exec would give; a fault fails its own command only,
// and nothing is lost or doubled.
func TestGroupCommit(t *testing.T) {
	s, _ := openSQLite(t, storetest.Decide)
	db := s.(*storage.DB)
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
				res, err := g.Exec(ctx, command(t, s), cases.Meta{Now: storetest.Now, User: "tester"})
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
	if _, err := g.Exec(ctx, command(t, `{"op":"unit","ref":"own","name":"UBND","kind":"own"}`), cases.Meta{Now: storetest.Now, User: "tester"}); err == nil {
		t.Error("a closed committer took a command")
	}
}
