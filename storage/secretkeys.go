package storage

import (
	"context"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
)

// The secrets keys a database was sealed with (table secret_keys): checked
// against the key file when the database opens, so that a wrong or missing
// key is refused at once rather than found at the first name read.

// keyState is what a database's secret_keys say.
type keyState struct {
	// ids are the keys that have sealed identities in the database, in
	// the order they began.
	ids []string
	// since is, for the key that seals now, the last event recorded before
	// it began: the events up to it have other fingerprints (clear, or an
	// earlier key's), which a repeat of one of their commands is looked up
	// by before it is decided (Tx.earlier). 0 when every event has the
	// current key's, or there is no key.
	since int64
	// clearUntil is the last event recorded before any key: its identities
	// are in clear. 0 when the first key sealed from the first event.
	clearUntil int64
}

// checkSecrets compares the database's secret_keys with db.secrets: every
// key recorded must be in the key file and be the same key; a database with
// keys recorded is refused without a key file unless it is opened to be
// checked or copied (write false). With write, the key that seals now is
// recorded when it is new.
func (db *DB) checkSecrets(ctx context.Context, write bool) error {
	type row struct {
		id, check string
		since     int64
	}
	var rows []row
	err := each(ctx, db.read, `SELECT id, check_value, since_seq FROM secret_keys ORDER BY since_seq, id`,
		func(scan func(...any) error) error {
			var r row
			err := scan(&r.id, &r.check, &r.since)
			rows = append(rows, r)
			return err
		})
	if err != nil {
		if !write {
			// A file of a schema before secret_keys, opened as it is:
			// it has sealed nothing.
			return nil
		}
		return fmt.Errorf("read the secrets keys: %w", err)
	}
	s := db.secrets
	db.keyed = keyState{}
	for i, r := range rows {
		db.keyed.ids = append(db.keyed.ids, r.id)
		if i == 0 {
			db.keyed.clearUntil = r.since
		}
		switch {
		case s == nil && write:
			return cases.Errorf(cases.EInvalid, "the database holds identities encrypted with secrets key %s: give its key file (--secrets-key FILE, env TIEPDAN_SECRETS_KEY)", r.id)
		case s == nil:
		case s.byID[r.id] == nil:
			return cases.Errorf(cases.EInvalid, "the database holds identities encrypted with secrets key %s, which the key file does not hold (a key file keeps its earlier keys)", r.id)
		case s.byID[r.id].check != r.check:
			return cases.Errorf(cases.EInvalid, "key %s of the key file is not the secrets key %s the database was encrypted with", r.id, r.id)
		}
	}
	if s == nil {
		return nil
	}
	k := s.sealing()
	for _, r := range rows {
		if r.id == k.id {
			db.keyed.since = r.since
			return nil
		}
	}
	if !write {
		// Checked or copied: nothing is sealed with it.
		return nil
	}
	var last int64
	if err := db.write.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM events`).Scan(&last); err != nil {
		return fmt.Errorf("read the last event: %w", err)
	}
	if _, err := db.write.ExecContext(ctx, `INSERT INTO secret_keys (id, check_value, since_seq) VALUES (?, ?, ?)`,
		k.id, k.check, last); err != nil {
		return fmt.Errorf("record the secrets key: %w", err)
	}
	if len(rows) == 0 {
		db.keyed.clearUntil = last
	}
	db.keyed.ids = append(db.keyed.ids, k.id)
	db.keyed.since = last
	return nil
}

// SecretsKeyed reports whether identities are sealed as they are written:
// the database was opened with a secrets key.
func (db *DB) SecretsKeyed() bool { return db.secrets != nil }

// Secrets is the secrets key the database was opened with; nil for none.
func (db *DB) Secrets() *Secrets { return db.secrets }
