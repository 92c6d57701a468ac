package storetest

import (
	"fmt"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// A page of the petitions, in the order received, with the count of all
// that match: by search (diacritics folded), by states.
func testPetitionPage(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	for i, name := range []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"} {
		e.exec(fmt.Sprintf(`{"op":"petition","ref":"P-%d","received_at":"2023-03-0%dT08:00:00+07:00","channel":"mail","petitioner":{"name":"%s"},"summary":"Khiếu nại"}`,
			i+1, i+1, name))
	}
	ps, total, err := e.s.PetitionPage(e.ctx, cases.Filter{Limit: 2, Offset: 1})
	if err != nil || total != 3 || len(ps) != 2 || ps[0].Ref != "P-2" {
		t.Errorf("page: %d of %d, %v", len(ps), total, err)
	}
	// Not classified yet, every petitioner is protected (SPEC §9): a
	// search by name finds none, by the summary every one; the duplicate
	// check's filter by the whole name finds a protected petitioner.
	if _, total, _ = e.s.PetitionPage(e.ctx, cases.Filter{Search: "van"}); total != 0 {
		t.Errorf("search van among unclassified petitions: %d, want none", total)
	}
	if _, total, _ = e.s.PetitionPage(e.ctx, cases.Filter{Search: "khieu nai"}); total != 3 {
		t.Errorf("search by the summary: %d, want 3", total)
	}
	if ps, _, _ = e.s.PetitionPage(e.ctx, cases.Filter{Petitioner: "  tran  THI binh"}); len(ps) != 1 || ps[0].Ref != "P-2" {
		t.Errorf("petitioner Trần Thị Bình: %d petitions", len(ps))
	}
	if _, total, _ = e.s.PetitionPage(e.ctx, cases.Filter{Petitioner: "Trần Thị"}); total != 0 {
		t.Errorf("petitioner Trần Thị: %d, want none (the whole name only)", total)
	}
	for _, ref := range []string{"P-1", "P-2", "P-3"} {
		e.exec(`{"op":"classify","petition":"` + ref + `","at":"2023-03-04T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`)
	}
	if ps, total, _ = e.s.PetitionPage(e.ctx, cases.Filter{Search: "van"}); total != 2 || len(ps) != 2 {
		t.Errorf("search van among complaints: %d", total)
	}
	// A search's % and _ are letters, not patterns.
	for _, q := range []string{"%", "_", `\`} {
		if _, total, _ = e.s.PetitionPage(e.ctx, cases.Filter{Search: q}); total != 0 {
			t.Errorf("search %s: %d, want none", q, total)
		}
	}
	e.exec(`{"op":"route","petition":"P-1","at":"2023-03-05T08:00:00+07:00","to":"other","unit":"Công an xã","method":"transfer"}`)
	ps, total, _ = e.s.PetitionPage(e.ctx, cases.Filter{States: []cases.State{cases.Classified, cases.Accepted}})
	if total != 2 || len(ps) != 2 || ps[0].Ref != "P-2" {
		t.Errorf("states: %d", total)
	}
}

// The list that searches state by state gives what the page of one query
// gives: the same petitions in the same order, with the same limit and
// offset.
func testPetitionsOfSeveralStates(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	for i := range 6 {
		e.exec(fmt.Sprintf(`{"op":"petition","ref":"P-%d","received_at":"2023-03-%02dT08:00:00+07:00","channel":"mail","petitioner":{"name":"Người %d"},"summary":"Khiếu nại"}`, i, 6-i, i))
		if i%2 == 0 {
			e.exec(fmt.Sprintf(`{"op":"classify","petition":"P-%d","at":"2023-03-07T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`, i))
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
		want, _, err := e.s.PetitionPage(e.ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.s.Petitions(e.ctx, f)
		if err != nil || refs(got) != refs(want) {
			t.Errorf("%+v: %q (%v), want %q", f, refs(got), err, refs(want))
		}
	}
	if all, _ := e.s.Petitions(e.ctx, cases.Filter{States: both}); len(all) != 6 || all[0].Ref != "P-5" {
		t.Errorf("every petition of both states, oldest first: %q", refs(all))
	}
}
