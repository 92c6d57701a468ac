package main

import (
	"cmp"
	"context"
	"slices"
	"time"

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

// PetitionList lists the petitions of f without counting them, one state at
// a time when f names several (each then a search of the index on unit and
// state), merged back into the order of PetitionPage: received day, ref.
func (s webStore) PetitionList(ctx context.Context, f web.Filter) ([]*cases.Petition, error) {
	sf := storage.Filter{State: f.State, Type: f.Type, Unit: f.Unit, Units: f.Units, From: f.From, To: f.To, Search: f.Search}
	if len(f.States) == 0 {
		return s.db.Petitions(ctx, sf)
	}
	var out []*cases.Petition
	for _, st := range f.States {
		if f.State != "" && f.State != st {
			continue
		}
		sf.State = st
		ps, err := s.db.Petitions(ctx, sf)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	if len(f.States) > 1 {
		slices.SortFunc(out, func(a, b *cases.Petition) int {
			return cmp.Or(cmp.Compare(cases.DateOf(a.ReceivedAt), cases.DateOf(b.ReceivedAt)), cmp.Compare(a.Ref, b.Ref))
		})
	}
	return out, nil
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

// AddUser records an account added on the admin page, its password hashed
// as `tiepdan user add` hashes it.
func (s webAccounts) AddUser(ctx context.Context, u web.User, password string) error {
	hash, err := web.HashPassword(password)
	if err != nil {
		return err
	}
	created := time.Now()
	if s.db.Now != nil {
		created = s.db.Now()
	}
	return s.db.AddUser(ctx, storage.User{Name: u.Name, Role: string(u.Role), Unit: u.Unit, PasswordHash: hash, Created: created})
}

// SetUserDisabled disables or enables an account from the admin page.
func (s webAccounts) SetUserDisabled(ctx context.Context, name string, disabled bool) error {
	return s.db.SetUserDisabled(ctx, name, disabled)
}

var (
	_ web.SessionReader  = webStore{}
	_ web.PetitionLister = webStore{}
	_ web.UserLister     = webAccounts{}
)
