package storage

import (
	"crypto/ed25519"
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// DB is the case history on SQLite: one writer connection, so that writes never
// wait on each other's locks, and a pool of readers that WAL lets run beside it.
type DB struct {
	// writing is held by a write transaction from its beginning to after
	// its commit: the petition cache, the chain head it remembers and the
	// kept statements are the writer's, and the connection is free again
	// before they are updated (Batch).
	writing sync.Mutex
	write   *sql.DB
	read    *sql.DB
	dialect *dialect
	decide  cases.Decider
	cache   petitionCache
	path    string // the file (sqlite_backup.go)
	// secrets seals identities at rest; nil keeps them in clear
	// (secrets.go, secretkeys.go).
	secrets *Secrets
	// keyed is what the database says of its secrets keys (secretkeys.go).
	keyed keyState
	// signer signs anchors (anchors.go); nil without a key.
	signer ed25519.PrivateKey
	// Now is the clock; tests fix it.
	Now func() time.Time
	// Window bounds the dates a command may name (cases.Window); Open
	// sets cases.DefaultWindow.
	Window cases.Window
	// stmts are the statements of write transactions kept prepared on the
	// writer's connection (keepStmts).
	stmts struct {
		sync.Mutex
		m map[string]*sql.Stmt
	}
}

// Close closes both pools.
func (db *DB) Close() error {
	db.stmts.Lock()
	for _, st := range db.stmts.m {
		st.Close()
	}
	clear(db.stmts.m)
	db.stmts.Unlock()
	return errors.Join(db.read.Close(), db.write.Close())
}
