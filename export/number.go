package export

import "github.com/tiepdan/tiepdan/cases"

// bookNumber is the number a row of the reception book (v not nil: the
// visit) or of the register of petitions (v nil: petition p) shows: the
// number N/YYYY recorded in the history (SPEC §9 "Numbers"), or, for a visit
// that has none, its ref; a petition's ref has a column of its own.
func bookNumber(p *cases.Petition, v *cases.Visit) Cell {
	if v != nil {
		if v.Number.IsZero() {
			return v.Ref
		}
		return v.Number.String()
	}
	if p.Number.IsZero() {
		return ""
	}
	return p.Number.String()
}
