package cases

import "time"

// The people who use the system (SPEC §7) and the access log of who saw a
// protected identity. web decides what each role may do; the store keeps the
// accounts and the log.

// Role is what a user is in the office. docs/security.md has the matrix of
// what each role may do.
type Role string

// The roles.
const (
	// RoleReception officers log sessions and visits and record, classify
	// and route petitions: the desk.
	RoleReception Role = "reception"
	// A RoleHead leads one department or lower committee and acts on what
	// is routed to it.
	RoleHead Role = "head"
	// A RoleLeader of the committee sees and acts on everything.
	RoleLeader Role = "leader"
	// A RoleReporter writes the periodic statistics: figures only, no
	// personal data.
	RoleReporter Role = "reporter"
	// A RoleAdmin runs the installation: units, accounts, history moved
	// from other systems, the access log.
	RoleAdmin Role = "admin"
)

// Roles lists every role.
var Roles = []Role{RoleReception, RoleHead, RoleLeader, RoleReporter, RoleAdmin}

var roleLabels = map[Role]string{
	RoleReception: "Cán bộ tiếp công dân",
	RoleHead:      "Lãnh đạo đơn vị được giao",
	RoleLeader:    "Lãnh đạo UBND",
	RoleReporter:  "Cán bộ tổng hợp báo cáo",
	RoleAdmin:     "Quản trị hệ thống",
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// Label is the role's Vietnamese name.
func (r Role) Label() string { return label(roleLabels, r) }

// User is an account. Unit is the unit a head leads. PasswordHash is
// opaque outside web, which hashes and checks it.
type User struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
	Unit string `json:"unit,omitempty"`
	// Committee is the key of the committee the account belongs to
	// (cases/committee.go): "" the installation's first.
	Committee    string    `json:"committee,omitempty"`
	Disabled     bool      `json:"disabled,omitempty"`
	PasswordHash string    `json:"-"`
	Created      time.Time `json:"created"`
}

// Access is one row of the access log: who saw a protected denouncer's
// identity, when, which petition, and through what.
type Access struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	User     string    `json:"user"`
	Petition string    `json:"petition"`
	What     string    `json:"what"`
	// Committee is the key of the reader's committee.
	Committee string `json:"committee,omitempty"`
}

// AccessFilter selects rows of the access log; empty fields select
// everything, Limit 0 every row.
type AccessFilter struct {
	User     string
	Petition string
	Limit    int
	Offset   int
}
