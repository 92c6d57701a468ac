package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// Accounts and their API tokens: a name is taken once, a role must be
// known, a token finds its enabled user until it is revoked.
func testUsersAndTokens(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	ctx, s := e.ctx, e.s
	u := cases.User{Name: "rec", Role: "reception", PasswordHash: "$argon2id$x", Created: Now}
	if err := s.AddUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := s.AddUser(ctx, u); cases.ErrorCode(err) != cases.EConflict {
		t.Errorf("the same name twice: %v", err)
	}
	if err := s.AddUser(ctx, cases.User{Name: "x", Role: "janitor", Created: Now}); err == nil {
		t.Error("an unknown role was stored")
	}
	if err := s.AddUser(ctx, cases.User{Name: "head", Role: "head", Unit: "phong-tnmt", PasswordHash: "$argon2id$y", Created: Now}); err != nil {
		t.Fatal(err)
	}
	got, err := s.User(ctx, "rec")
	if err != nil || got.Role != "reception" || got.PasswordHash != u.PasswordHash || !got.Created.Equal(Now) || got.Disabled {
		t.Errorf("User: %+v, %v", got, err)
	}
	if _, err := s.User(ctx, "nobody"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("unknown user: %v", err)
	}
	users, err := s.Users(ctx)
	if err != nil || len(users) != 2 || users[0].Name != "head" || users[0].Unit != "phong-tnmt" || users[1].Name != "rec" {
		t.Errorf("Users: %+v, %v", users, err)
	}

	id, err := s.AddToken(ctx, "rec", "digest-1", "tích hợp", Now)
	if err != nil {
		t.Fatal(err)
	}
	id2, err := s.AddToken(ctx, "rec", "digest-2", "", Now)
	if err != nil || id2 == id {
		t.Fatalf("a second token: id %d (the first %d), %v", id2, id, err)
	}
	if _, err := s.AddToken(ctx, "nobody", "digest-3", "", Now); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a token for nobody: %v", err)
	}
	if got, err := s.TokenUser(ctx, "digest-1"); err != nil || got.Name != "rec" {
		t.Errorf("TokenUser: %+v, %v", got, err)
	}
	if _, err := s.TokenUser(ctx, "digest-x"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("unknown digest: %v", err)
	}

	// Disabling stops the tokens; enabling starts them again.
	if err := s.SetUserDisabled(ctx, "rec", true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, "digest-1"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a disabled user's token: %v", err)
	}
	if got, err := s.User(ctx, "rec"); err != nil || !got.Disabled {
		t.Errorf("a disabled user: %+v, %v", got, err)
	}
	if err := s.SetUserDisabled(ctx, "rec", false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, "digest-1"); err != nil {
		t.Errorf("an enabled user's token: %v", err)
	}
	if err := s.SetUserDisabled(ctx, "nobody", true); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("disable nobody: %v", err)
	}

	later := Now.Add(time.Hour)
	if err := s.RevokeToken(ctx, id, later); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, id, later.Add(time.Hour)); err != nil {
		t.Errorf("revoking again: %v", err)
	}
	if _, err := s.TokenUser(ctx, "digest-1"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a revoked token: %v", err)
	}
	if err := s.RevokeToken(ctx, 999, Now); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("revoke token 999: %v", err)
	}
	tokens, err := s.Tokens(ctx, "rec")
	if err != nil || len(tokens) != 2 || tokens[0].ID != id || tokens[0].Revoked == nil || !tokens[0].Revoked.Equal(later) ||
		tokens[0].Note != "tích hợp" || tokens[1].Revoked != nil || !tokens[1].Created.Equal(Now) {
		t.Errorf("Tokens: %+v, %v", tokens, err)
	}
	if n, err := s.RevokeTokens(ctx, "rec", later); err != nil || n != 1 {
		t.Errorf("RevokeTokens: %d, %v; want the one live token", n, err)
	}
	if _, err := s.TokenUser(ctx, "digest-2"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a token revoked with all of its user's: %v", err)
	}
	if all, err := s.Tokens(ctx, ""); err != nil || len(all) != 2 {
		t.Errorf("every token: %+v, %v", all, err)
	}
}

// A page session finds its enabled user and its CSRF token until it
// expires, is ended, or its account is disabled or given a new password;
// a new password revokes the account's API tokens too.
func testLogins(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	ctx, s := e.ctx, e.s
	if err := s.AddUser(ctx, cases.User{Name: "rec", Role: "reception", PasswordHash: "$argon2id$x", Created: Now}); err != nil {
		t.Fatal(err)
	}
	login := func(digest string) {
		t.Helper()
		if err := s.AddLogin(ctx, digest, "rec", "csrf-"+digest, Now, Now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	ended := func(digest, why string) {
		t.Helper()
		if _, _, err := s.LoginUser(ctx, digest, Now); cases.ErrorCode(err) != cases.ENotFound {
			t.Errorf("a session %s: %v", why, err)
		}
	}
	login("1")
	if got, csrf, err := s.LoginUser(ctx, "1", Now); err != nil || got.Name != "rec" || csrf != "csrf-1" {
		t.Errorf("LoginUser: %+v %q %v", got, csrf, err)
	}
	if _, _, err := s.LoginUser(ctx, "1", Now.Add(time.Hour)); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("an expired session: %v", err)
	}
	if err := s.DeleteLogin(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	ended("1", "ended")
	login("2")
	if err := s.SetUserDisabled(ctx, "rec", true); err != nil {
		t.Fatal(err)
	}
	ended("2", "of a disabled account")
	if err := s.SetUserDisabled(ctx, "rec", false); err != nil {
		t.Fatal(err)
	}
	ended("2", "of a disabled account enabled again")
	login("3")
	if _, err := s.AddToken(ctx, "rec", "digest-before", "tích hợp", Now); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, "rec", "$argon2id$z"); err != nil {
		t.Fatal(err)
	}
	ended("3", "after a new password")
	if _, err := s.TokenUser(ctx, "digest-before"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a token made before a new password still works: %v", err)
	}
	if got, err := s.User(ctx, "rec"); err != nil || got.PasswordHash != "$argon2id$z" {
		t.Errorf("the new password: %+v, %v", got, err)
	}
	if err := s.SetPassword(ctx, "nobody", "x"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a password for nobody: %v", err)
	}
}

// The access log reads back newest first, by user or petition, a page at a
// time, and can be neither changed nor removed.
func testAccessLog(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	ctx, s := e.ctx, e.s
	rows := []cases.Access{
		{At: Now, User: "leader", Petition: "P-1", What: "api GET /api/v1/petitions/:ref"},
		{At: Now.Add(time.Second), User: "admin", Petition: "P-2", What: "page /petitions/:ref"},
		{At: Now.Add(2 * time.Second), User: "admin", Petition: "P-1", What: "page /petitions/:ref"},
	}
	if err := s.LogAccess(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if err := s.LogAccess(ctx, nil); err != nil {
		t.Errorf("nothing to log: %v", err)
	}
	what := func(as []cases.Access) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.User+" "+a.Petition)
		}
		return out
	}
	for _, c := range []struct {
		f    cases.AccessFilter
		want []string
	}{
		{cases.AccessFilter{}, []string{"admin P-1", "admin P-2", "leader P-1"}},
		{cases.AccessFilter{Petition: "P-1"}, []string{"admin P-1", "leader P-1"}},
		{cases.AccessFilter{User: "admin", Limit: 1}, []string{"admin P-1"}},
		{cases.AccessFilter{User: "admin", Limit: 1, Offset: 1}, []string{"admin P-2"}},
	} {
		got, err := s.AccessLog(ctx, c.f)
		if err != nil || !slices.Equal(what(got), c.want) {
			t.Errorf("%+v: %v, %v; want %v", c.f, what(got), err, c.want)
		}
	}
	if got, _ := s.AccessLog(ctx, cases.AccessFilter{User: "leader"}); len(got) != 1 || !got[0].At.Equal(Now) || got[0].What != rows[0].What {
		t.Errorf("the leader's access: %+v", got)
	}
	for _, q := range []string{`DELETE FROM access_log`, `UPDATE access_log SET user_name = 'nobody'`} {
		if _, err := e.raw.ExecContext(ctx, q); err == nil {
			t.Errorf("%s: not refused", q)
		}
	}
	if got, _ := s.AccessLog(ctx, cases.AccessFilter{}); len(got) != 3 {
		t.Errorf("%d rows in the access log after refused changes, want 3", len(got))
	}
}

// The accounts' version moves with every change to an account, a token or
// a unit, whoever makes it (a server keeps a token's user while it stands
// still, web/auth.go), and stands still while petitions are recorded.
func testAccountsVersion(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	ctx, s := e.ctx, e.s
	last, err := s.AccountsVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	moved := func(what string) {
		t.Helper()
		v, err := s.AccountsVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v == last {
			t.Errorf("the accounts' version stood still at %d after %s", v, what)
		}
		last = v
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.AddUser(ctx, cases.User{Name: "rec", Role: "reception", PasswordHash: "$argon2id$x", Created: Now}))
	moved("a user added")
	id, err := s.AddToken(ctx, "rec", "digest-1", "", Now)
	must(err)
	moved("a token created")
	must(s.RevokeToken(ctx, id, Now))
	moved("a token revoked")
	_, err = s.AddToken(ctx, "rec", "digest-2", "", Now)
	must(err)
	moved("a token created")
	_, err = s.RevokeTokens(ctx, "rec", Now)
	must(err)
	moved("a user's tokens revoked")
	must(s.SetUserDisabled(ctx, "rec", true))
	moved("a user disabled")
	must(s.SetUserDisabled(ctx, "rec", false))
	moved("a user enabled")
	must(s.SetPassword(ctx, "rec", "$argon2id$y"))
	moved("a new password")
	_, err = e.raw.ExecContext(ctx, `UPDATE users SET role = 'leader' WHERE name = 'rec'`)
	must(err)
	moved("a role changed behind the store's back")
	e.exec(`{"op":"unit","ref":"own","name":"UBND huyện","kind":"own","lower_label":"UBND các xã"}`)
	moved("a unit recorded")
	e.exec(`{"op":"petition","ref":"P-1","received_at":"2026-11-20T08:00:00+07:00","channel":"reception","petitioner":{"name":"Lê Văn Chung"},"summary":"Kiến nghị"}`)
	if v, err := s.AccountsVersion(ctx); err != nil || v != last {
		t.Errorf("a petition recorded moved the accounts' version from %d to %d (%v)", last, v, err)
	}
}

// A command sent for a user found at an accounts' version (a server's token
// cache) is refused, writing nothing, once the accounts have changed since:
// a revoked token cannot record anything through a cache that still holds
// it. At the version in force it is recorded.
func testCommandChecksAccounts(t *testing.T, open Opener) {
	e := newEnv(t, open, Decide)
	ctx, s := e.ctx, e.s
	// The first command of a history without events, from a user found
	// at the version in force, is recorded: a new installation's first
	// requests come from a server's token cache too.
	first, err := s.AccountsVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	unit := command(t, `{"op":"unit","ref":"own","name":"UBND huyện","kind":"own","lower_label":"UBND các xã"}`)
	if res, err := s.Exec(ctx, unit, cases.Meta{Now: Now, User: "tester", Accounts: &first}); err != nil || !res.Changed {
		t.Fatalf("the first command of a history, at the version in force: %+v, %v", res, err)
	}
	petition := func(ref string) cases.Command {
		return command(t, `{"op":"petition","ref":"`+ref+`","received_at":"2026-11-20T08:00:00+07:00","channel":"reception","petitioner":{"name":"Lê Văn Chung"},"summary":"Kiến nghị"}`)
	}
	at, err := s.AccountsVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res, err := s.Exec(ctx, petition("P-1"), cases.Meta{Now: Now, User: "tester", Accounts: &at}); err != nil || !res.Changed {
		t.Fatalf("at the version in force: %+v, %v", res, err)
	}
	if err := s.AddUser(ctx, cases.User{Name: "rec", Role: "reception", PasswordHash: "$argon2id$x", Created: Now}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exec(ctx, petition("P-2"), cases.Meta{Now: Now, User: "tester", Accounts: &at}); !errors.Is(err, cases.ErrAccountsChanged) {
		t.Fatalf("at a version since changed: %v, want ErrAccountsChanged", err)
	}
	if _, err := s.Petition(ctx, "P-2"); cases.ErrorCode(err) != cases.ENotFound {
		t.Fatalf("the refused petition: %v, want not found", err)
	}
	now, err := s.AccountsVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exec(ctx, petition("P-2"), cases.Meta{Now: Now, User: "tester", Accounts: &now}); err != nil {
		t.Fatalf("at the version in force now: %v", err)
	}
	p, err := s.Petition(ctx, "P-2")
	if err != nil {
		t.Fatal(err)
	}
	if p.Number.N != 2 {
		t.Errorf("the petition sent again has number %s, want 2 (the refusal took none)", p.Number)
	}
}
