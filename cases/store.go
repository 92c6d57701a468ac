package cases

import (
	"context"
	"time"
)

// Lookup reads what is recorded. The store hands one to the Decider inside the
// transaction that will write, so what the Decider reads cannot change before
// the event is appended. Each method returns an ENotFound error for an unknown
// ref.
type Lookup interface {
	Petition(ctx context.Context, ref string) (*Petition, error)
	Unit(ctx context.Context, ref string) (*Unit, error)
	Session(ctx context.Context, ref string) (*Session, error)
	// OwnUnits lists the own units recorded, with their committees
	// (cases/committee.go).
	OwnUnits(ctx context.Context) ([]Unit, error)
}

// Decider checks a validated command against what is recorded and returns the
// state it moves its petition to: the state reached for workflow events,
// Received for a new petition, and "" for commands that move no petition.
// p is the command's petition (nil for units and sessions, and for a new
// petition). A refusal is an *Error; nothing is written when it is returned.
// The workflow package provides the Decider; the store only calls it.
type Decider func(ctx context.Context, c *Command, p *Petition, look Lookup) (State, error)

// Meta is the provenance of a command: when it was received and by whom.
type Meta struct {
	Now  time.Time
	User string
	// Accounts, when not nil, is the version of the accounts (the store's
	// count of every change to the accounts, tokens and units) at which
	// User was found and allowed to send the command: a server's token
	// cache. The store reads the version once its write lock is held and
	// refuses the command with ErrAccountsChanged, writing nothing, when
	// it is another: the user must be looked up again.
	Accounts *int64
}

// ErrAccountsChanged refuses a command whose Meta.Accounts is no longer the
// accounts' version.
var ErrAccountsChanged = &Error{Code: EConflict, Message: "the accounts changed since the user was found; look the user up again"}

// Result answers a command. Changed is false when the same command had already
// been applied: the answer is then the first one's.
type Result struct {
	Seq      int64     `json:"seq"`
	Op       Op        `json:"op"`
	Ref      string    `json:"ref"`
	Changed  bool      `json:"changed"`
	State    State     `json:"state,omitempty"`
	Petition *Petition `json:"-"`
}
