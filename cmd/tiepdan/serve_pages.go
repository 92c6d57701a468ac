package main

import (
	"context"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/web"
)

// What the pages read beside web.Store and web.Accounts (web's optional
// SessionReader and UserLister).

// SessionsBetween lists the sessions dated from..to and their visits, for the
// reception desk. The schedule's read does it without the appointments and
// open cases when "today" lies after the range.
func (s webStore) SessionsBetween(ctx context.Context, from, to cases.Date) ([]cases.Session, []cases.Visit, error) {
	r, err := s.db.ScheduleRecords(ctx, from, to, to+1)
	if err != nil {
		return nil, nil, err
	}
	return r.Sessions, r.Visits, nil
}

// Petitions lists the petitions of f without counting them.
func (s webStore) Petitions(ctx context.Context, f cases.Filter) ([]*cases.Petition, error) {
	return s.db.Petitions(ctx, f)
}

var (
	_ web.SessionReader  = webStore{}
	_ web.PetitionLister = webStore{}
	_ web.UserLister     = (*storage.DB)(nil)
	_ web.UserAdmin      = (*storage.DB)(nil)
)
