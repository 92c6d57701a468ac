package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// Token is an API token as listed: never its digest.
type Token struct {
	ID      int64
	User    string
	Note    string
	Created time.Time
	Revoked *time.Time
}

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).In(cases.Zone) }

// AddUser records a new account.
func (db *DB) AddUser(ctx context.Context, u cases.User) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO users (name, password_hash, role, unit, disabled, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, u.Name, u.PasswordHash, string(u.Role), u.Unit, u.Disabled, micros(u.Created))
	if isUnique(err) {
		return &cases.Error{Code: cases.EConflict, Field: "name", Message: fmt.Sprintf("user %s already exists", u.Name)}
	}
	if err != nil {
		return fmt.Errorf("add user %s: %w", u.Name, err)
	}
	return nil
}

// SetUserDisabled disables or enables an account. A disabled user's tokens
// and page sessions stop working at once.
func (db *DB) SetUserDisabled(ctx context.Context, name string, disabled bool) error {
	r, err := db.write.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE name = ?`, disabled, name)
	if err != nil {
		return fmt.Errorf("disable user %s: %w", name, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return cases.Errorf(cases.ENotFound, "user %s not found", name)
	}
	if disabled {
		if _, err := db.write.ExecContext(ctx, `DELETE FROM logins WHERE user_name = ?`, name); err != nil {
			return fmt.Errorf("end sessions of %s: %w", name, err)
		}
	}
	return nil
}

// SetPassword replaces a user's password hash and ends their page sessions.
func (db *DB) SetPassword(ctx context.Context, name, hash string) error {
	r, err := db.write.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE name = ?`, hash, name)
	if err != nil {
		return fmt.Errorf("set password of %s: %w", name, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return cases.Errorf(cases.ENotFound, "user %s not found", name)
	}
	if _, err := db.write.ExecContext(ctx, `DELETE FROM logins WHERE user_name = ?`, name); err != nil {
		return fmt.Errorf("end sessions of %s: %w", name, err)
	}
	return nil
}

const userColumns = `u.name, u.role, u.unit, u.disabled, u.password_hash, u.created_at`

func scanUser(scan func(...any) error) (cases.User, error) {
	var u cases.User
	var created int64
	err := scan(&u.Name, &u.Role, &u.Unit, &u.Disabled, &u.PasswordHash, &created)
	u.Created = fromMicros(created)
	return u, err
}

// User returns one account, disabled or not.
func (db *DB) User(ctx context.Context, name string) (cases.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.name = ?`, name).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return u, cases.Errorf(cases.ENotFound, "user %s not found", name)
	}
	if err != nil {
		return u, fmt.Errorf("read user %s: %w", name, err)
	}
	return u, nil
}

// Users lists every account by name.
func (db *DB) Users(ctx context.Context) ([]cases.User, error) {
	var out []cases.User
	err := each(ctx, db.read, `SELECT `+userColumns+` FROM users u ORDER BY u.name`, func(scan func(...any) error) error {
		u, err := scanUser(scan)
		out = append(out, u)
		return err
	})
	return out, err
}

// AddToken records the digest of a new API token of user and returns its id.
func (db *DB) AddToken(ctx context.Context, user, digest, note string, now time.Time) (int64, error) {
	if _, err := db.User(ctx, user); err != nil {
		return 0, err
	}
	r, err := db.write.ExecContext(ctx, `INSERT INTO tokens (digest, user_name, note, created_at) VALUES (?, ?, ?, ?)`,
		digest, user, note, micros(now))
	if err != nil {
		return 0, fmt.Errorf("add token of %s: %w", user, err)
	}
	return r.LastInsertId()
}

// RevokeToken revokes the token with that id; revoking it again is a no-op.
func (db *DB) RevokeToken(ctx context.Context, id int64, now time.Time) error {
	r, err := db.write.ExecContext(ctx, `UPDATE tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?`, micros(now), id)
	if err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
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
		return 0, fmt.Errorf("revoke tokens of %s: %w", user, err)
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
		WHERE t.digest = ? AND t.revoked_at IS NULL AND u.disabled = 0`, digest).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return u, cases.Errorf(cases.ENotFound, "no such token")
	}
	if err != nil {
		return u, fmt.Errorf("read token: %w", err)
	}
	return u, nil
}

// AddLogin records a page session by the digest of its cookie, with its CSRF
// token, and drops the sessions that have expired.
func (db *DB) AddLogin(ctx context.Context, digest, user, csrf string, now, expires time.Time) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM logins WHERE expires_at <= ?`, micros(now)); err != nil {
		return fmt.Errorf("drop expired sessions: %w", err)
	}
	if _, err := db.write.ExecContext(ctx, `INSERT INTO logins (digest, user_name, csrf, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, digest, user, csrf, micros(now), micros(expires)); err != nil {
		return fmt.Errorf("add session of %s: %w", user, err)
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
			WHERE l.digest = ? AND l.expires_at > ? AND u.disabled = 0`, digest, micros(now)).
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

// LogAccess appends rows to the access log, all or none.
func (db *DB) LogAccess(ctx context.Context, rows []cases.Access) error {
	if len(rows) == 0 {
		return nil
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO access_log (at, user_name, petition, what) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	defer st.Close()
	for _, a := range rows {
		if _, err := st.ExecContext(ctx, micros(a.At), a.User, a.Petition, a.What); err != nil {
			return fmt.Errorf("log access: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("log access: %w", err)
	}
	return nil
}

// AccessLog reads the access log, newest first.
func (db *DB) AccessLog(ctx context.Context, f cases.AccessFilter) ([]cases.Access, error) {
	q := `SELECT id, at, user_name, petition, what FROM access_log WHERE 1 = 1`
	var args []any
	if f.User != "" {
		q += ` AND user_name = ?`
		args = append(args, f.User)
	}
	if f.Petition != "" {
		q += ` AND petition = ?`
		args = append(args, f.Petition)
	}
	q += ` ORDER BY id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, f.Offset)
	}
	var out []cases.Access
	err := each(ctx, db.read, q, func(scan func(...any) error) error {
		var a cases.Access
		var at int64
		if err := scan(&a.ID, &at, &a.User, &a.Petition, &a.What); err != nil {
			return err
		}
		a.At = fromMicros(at)
		out = append(out, a)
		return nil
	}, args...)
	return out, err
}
