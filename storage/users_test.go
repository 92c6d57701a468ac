package storage

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

func TestUsersAndTokens(t *testing.T) {
	db, path := openTest(t)
	ctx := context.Background()
	u := cases.User{Name: "rec", Role: "reception", PasswordHash: "$argon2id$x", Created: now}
	if err := db.AddUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := db.AddUser(ctx, u); cases.ErrorCode(err) != cases.EConflict {
		t.Errorf("the same name twice: %v", err)
	}
	if err := db.AddUser(ctx, cases.User{Name: "x", Role: "janitor", Created: now}); err == nil {
		t.Error("an unknown role was stored")
	}
	got, err := db.User(ctx, "rec")
	if err != nil || got.Role != "reception" || got.PasswordHash != u.PasswordHash || !got.Created.Equal(now) {
		t.Errorf("User: %+v, %v", got, err)
	}
	if _, err := db.User(ctx, "nobody"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("unknown user: %v", err)
	}

	id, err := db.AddToken(ctx, "rec", "digest-1", "tích hợp", now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddToken(ctx, "nobody", "digest-2", "", now); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a token for nobody: %v", err)
	}
	if got, err := db.TokenUser(ctx, "digest-1"); err != nil || got.Name != "rec" {
		t.Errorf("TokenUser: %+v, %v", got, err)
	}
	if _, err := db.TokenUser(ctx, "digest-x"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("unknown digest: %v", err)
	}

	// Disabling stops tokens and ends sessions.
	if err := db.AddLogin(ctx, "login-1", "rec", "csrf-1", now, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, csrf, err := db.LoginUser(ctx, "login-1", now); err != nil || got.Name != "rec" || csrf != "csrf-1" {
		t.Errorf("LoginUser: %+v %q %v", got, csrf, err)
	}
	if _, _, err := db.LoginUser(ctx, "login-1", now.Add(time.Hour)); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("an expired session: %v", err)
	}
	if err := db.SetUserDisabled(ctx, "rec", true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TokenUser(ctx, "digest-1"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a disabled user's token: %v", err)
	}
	if _, _, err := db.LoginUser(ctx, "login-1", now); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a disabled user's session: %v", err)
	}
	if err := db.SetUserDisabled(ctx, "rec", false); err != nil {
		t.Fatal(err)
	}
	if err := db.SetUserDisabled(ctx, "nobody", true); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("disable nobody: %v", err)
	}

	if err := db.RevokeToken(ctx, id, now); err != nil {
		t.Fatal(err)
	}
	if _, err := db.TokenUser(ctx, "digest-1"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a revoked token: %v", err)
	}
	if err := db.RevokeToken(ctx, 999, now); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("revoke token 999: %v", err)
	}
	tokens, err := db.Tokens(ctx, "rec")
	if err != nil || len(tokens) != 1 || tokens[0].Revoked == nil || tokens[0].Note != "tích hợp" {
		t.Errorf("Tokens: %+v, %v", tokens, err)
	}

	// The digest is all that is kept of a token.
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var cols int
	raw.QueryRow(`SELECT count(*) FROM pragma_table_info('tokens')`).Scan(&cols)
	if cols != 6 {
		t.Errorf("tokens has %d columns", cols)
	}
}

func TestAccessLogIsAppendOnly(t *testing.T) {
	db, path := openTest(t)
	ctx := context.Background()
	rows := []cases.Access{
		{At: now, User: "leader", Petition: "P-1", What: "api GET /api/v1/petitions/:ref"},
		{At: now.Add(time.Second), User: "admin", Petition: "P-2", What: "page /petitions/:ref"},
	}
	if err := db.LogAccess(ctx, rows); err != nil {
		t.Fatal(err)
	}
	got, err := db.AccessLog(ctx, cases.AccessFilter{})
	if err != nil || len(got) != 2 || got[0].User != "admin" || got[1].Petition != "P-1" || !got[1].At.Equal(now) {
		t.Errorf("AccessLog: %+v, %v", got, err)
	}
	if got, _ := db.AccessLog(ctx, cases.AccessFilter{Petition: "P-1"}); len(got) != 1 || got[0].User != "leader" {
		t.Errorf("by petition: %+v", got)
	}
	if got, _ := db.AccessLog(ctx, cases.AccessFilter{User: "admin", Limit: 1}); len(got) != 1 || got[0].Petition != "P-2" {
		t.Errorf("by user: %+v", got)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`DELETE FROM access_log`); err == nil {
		t.Error("the access log could be deleted")
	}
	if _, err := raw.Exec(`UPDATE access_log SET user_name = 'nobody'`); err == nil {
		t.Error("the access log could be changed")
	}
}
