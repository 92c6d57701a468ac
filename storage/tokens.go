package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// API tokens, kept by their digest alone.

// Token is an API token as listed: never its digest.
type Token struct {
	ID      int64
	User    string
	Note    string
	Created time.Time
	Revoked *time.Time
}

// AddToken records the digest of a new API token of user and returns its id.
func (db *DB) AddToken(ctx context.Context, user, digest, note string, now time.Time) (int64, error) {
	if _, err := db.User(ctx, user); err != nil {
		return 0, err
	}
	var id int64
	err := db.write.QueryRowContext(ctx, `INSERT INTO tokens (digest, user_name, note, created_at) VALUES (?, ?, ?, ?)
		RETURNING id`, digest, user, note, micros(now)).Scan(&id)
	if err != nil {
		return 0, unavailable(fmt.Errorf("add token of %s: %w", user, err))
	}
	return id, nil
}

// RevokeToken revokes the token with that id; revoking it again is a no-op.
func (db *DB) RevokeToken(ctx context.Context, id int64, now time.Time) error {
	r, err := db.write.ExecContext(ctx, `UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`, micros(now), id)
	if err != nil {
		return unavailable(fmt.Errorf("revoke token %d: %w", id, err))
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return cases.Errorf(cases.ENotFound, "token %d not found", id)
	}
	return nil
}

// RevokeTokens revokes every token of user and returns how many were live.
func (db *DB) RevokeTokens(ctx context.Context, user string, now time.Time) (int, error) {
	if _, err := db.User(ctx, user); err != nil {
		return 0, err
	}
	r, err := db.write.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE user_name = ? AND revoked_at IS NULL`, micros(now), user)
	if err != nil {
		return 0, unavailable(fmt.Errorf("revoke tokens of %s: %w", user, err))
	}
	n, _ := r.RowsAffected()
	return int(n), nil
}

// Tokens lists the tokens of user, or of everyone when user is "".
func (db *DB) Tokens(ctx context.Context, user string) ([]Token, error) {
	var out []Token
	err := each(ctx, db.read, `SELECT id, user_name, note, created_at, revoked_at FROM tokens
		WHERE ? = '' OR user_name = ? ORDER BY id`, func(scan func(...any) error) error {
		var t Token
		var created int64
		var revoked sql.NullInt64
		if err := scan(&t.ID, &t.User, &t.Note, &created, &revoked); err != nil {
			return err
		}
		t.Created = fromMicros(created)
		if revoked.Valid {
			r := fromMicros(revoked.Int64)
			t.Revoked = &r
		}
		out = append(out, t)
		return nil
	}, user, user)
	return out, err
}

// TokenUser returns the enabled user whose live token has that digest, or an
// ENotFound error.
func (db *DB) TokenUser(ctx context.Context, digest string) (cases.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM tokens t
		JOIN users u ON u.name = t.user_name
		WHERE t.digest = ? AND t.revoked_at IS NULL AND NOT u.disabled`, digest).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return u, cases.Errorf(cases.ENotFound, "no such token")
	}
	if err != nil {
		return u, fmt.Errorf("read token: %w", err)
	}
	return u, nil
}
