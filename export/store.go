package export

import (
	"context"

	"github.com/tiepdan/tiepdan/cases"
)

// Store is what the reception book reads.
type Store interface {
	// ReceptionVisits reads, in one snapshot, the visits dated from..to,
	// with their citizens, in the order they were recorded; the sessions
	// they were held at, the petitions they concern, and when every visit
	// of those petitions took place.
	ReceptionVisits(ctx context.Context, from, to cases.Date) (*Visits, error)
}

// Visits are the records the reception book of a period is written from.
type Visits struct {
	// Visits are the visits of the period in the order recorded.
	Visits []cases.Visit
	// Sessions are the sessions of those visits, by ref.
	Sessions map[string]cases.Session
	// Petitions are the petitions of those visits, by ref, as they stand.
	Petitions map[string]*cases.Petition
	// PetitionVisits are every visit of each of those petitions, in the
	// period or not, by the petition's ref (their citizens need not be
	// read): a visit after another about the same petition is a repeat
	// visit (tiếp nhiều lần).
	PetitionVisits map[string][]cases.Visit
}
