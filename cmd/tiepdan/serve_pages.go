package main

import (
	"context"

	"github.com/tiepdan/tiepdan/cases"
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

// UserList lists the accounts, without their password hashes, for the admin
// page.
func (s webAccounts) UserList(ctx context.Context) ([]web.User, error) {
	users, err := s.db.Users(ctx)
	out := make([]web.User, len(users))
	for i, u := range users {
		out[i] = webUser(u)
		out[i].PasswordHash = ""
	}
	return out, err
}

var (
	_ web.SessionReader = webStore{}
	_ web.UserLister    = webAccounts{}
)
