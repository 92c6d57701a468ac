package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// Page sessions, kept by the digest of their cookie, with their CSRF
// token.

// AddLogin records a page session by the digest of its cookie, with its CSRF
// token, and drops the sessions that have expired.
func (db *DB) AddLogin(ctx context.Context, digest, user, csrf string, now, expires time.Time) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM logins WHERE expires_at <= ?`, micros(now)); err != nil {
		return unavailable(fmt.Errorf("drop expired sessions: %w", err))
	}
	if _, err := db.write.ExecContext(ctx, `INSERT INTO logins (digest, user_name, csrf, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, digest, user, csrf, micros(now), micros(expires)); err != nil {
		return unavailable(fmt.Errorf("add session of %s: %w", user, err))
	}
	return nil
}

// LoginUser returns the enabled user of the unexpired page session with that
// digest, and the session's CSRF token, or an ENotFound error.
func (db *DB) LoginUser(ctx context.Context, digest string, now time.Time) (cases.User, string, error) {
	var csrf string
	u, err := scanUser(func(dest ...any) error {
		return db.read.QueryRowContext(ctx, `SELECT `+userColumns+`, l.csrf FROM logins l
			JOIN users u ON u.name = l.user_name
			WHERE l.digest = ? AND l.expires_at > ? AND NOT u.disabled`, digest, micros(now)).
			Scan(append(dest, &csrf)...)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", cases.Errorf(cases.ENotFound, "no such session")
	}
	if err != nil {
		return u, "", fmt.Errorf("read session: %w", err)
	}
	return u, csrf, nil
}

// DeleteLogin ends a page session.
func (db *DB) DeleteLogin(ctx context.Context, digest string) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM logins WHERE digest = ?`, digest); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}
