package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
)

// Accounts: who may sign in, with which role and unit. Disabling one or
// changing its password ends its page sessions (logins.go); changing its
// password revokes its API tokens too.

// AddUser records a new account.
func (db *DB) AddUser(ctx context.Context, u cases.User) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO users (name, password_hash, role, unit, disabled, created_at, committee)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, u.Name, u.PasswordHash, string(u.Role), u.Unit, u.Disabled, micros(u.Created), u.Committee)
	if isUnique(err) {
		return &cases.Error{Code: cases.EConflict, Field: "name", Message: fmt.Sprintf("user %s already exists", u.Name)}
	}
	if err != nil {
		return unavailable(fmt.Errorf("add user %s: %w", u.Name, err))
	}
	return nil
}

// SetUserDisabled disables or enables an account. A disabled user's tokens
// and page sessions stop working at once.
func (db *DB) SetUserDisabled(ctx context.Context, name string, disabled bool) error {
	r, err := db.write.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE name = ?`, disabled, name)
	if err != nil {
		return unavailable(fmt.Errorf("disable user %s: %w", name, err))
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return cases.Errorf(cases.ENotFound, "user %s not found", name)
	}
	if disabled {
		if _, err := db.write.ExecContext(ctx, `DELETE FROM logins WHERE user_name = ?`, name); err != nil {
			return unavailable(fmt.Errorf("end sessions of %s: %w", name, err))
		}
	}
	return nil
}

// SetPassword replaces a user's password hash, ends their page sessions and
// revokes their API tokens, in one transaction: a password changed because
// it leaked must not leave a way in that was opened with it.
func (db *DB) SetPassword(ctx context.Context, name, hash string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return unavailable(fmt.Errorf("set password of %s: %w", name, err))
	}
	defer tx.Rollback()
	r, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE name = ?`, hash, name)
	if err != nil {
		return unavailable(fmt.Errorf("set password of %s: %w", name, err))
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return cases.Errorf(cases.ENotFound, "user %s not found", name)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM logins WHERE user_name = ?`, name); err != nil {
		return unavailable(fmt.Errorf("end sessions of %s: %w", name, err))
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE user_name = ? AND revoked_at IS NULL`,
		micros(db.Now()), name); err != nil {
		return unavailable(fmt.Errorf("revoke tokens of %s: %w", name, err))
	}
	return unavailable(tx.Commit())
}

const userColumns = `u.name, u.role, u.unit, u.disabled, u.password_hash, u.created_at, u.committee`

func scanUser(scan func(...any) error) (cases.User, error) {
	var u cases.User
	var created int64
	err := scan(&u.Name, &u.Role, &u.Unit, &u.Disabled, &u.PasswordHash, &created, &u.Committee)
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

// AccountsVersion counts the changes to the accounts, the tokens and the
// units, made by any process on this database (migration 0013's triggers):
// what a server remembers of a token's user holds while it is unchanged.
func (db *DB) AccountsVersion(ctx context.Context) (int64, error) {
	var n int64
	if err := db.read.QueryRowContext(ctx, `SELECT n FROM accounts_version`).Scan(&n); err != nil {
		return 0, fmt.Errorf("read the accounts' version: %w", err)
	}
	return n, nil
}
