package export

import "github.com/tiepdan/tiepdan/cases"

// bookNumber is the number a row of the reception book (v not nil: the
// visit at position pos, from 1) or of the register of petitions (v nil:
// petition p) shows.
// TODO(numbers): it will read the number N/YYYY recorded in the history (SPEC §9 "Numbers").
func bookNumber(pos int, p *cases.Petition, v *cases.Visit) Cell {
	if v != nil {
		return pos
	}
	return p.Ref
}
