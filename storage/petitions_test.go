package storage

import (
	"context"
	"fmt"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

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
