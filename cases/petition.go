package cases

import "time"

// Unit is an administrative unit of the installation: the committee itself
// (own), one of its departments, or a lower-level committee. Units are data
// because the 2025 reform changed them.
type Unit struct {
	Ref        string   `json:"ref"`
	Name       string   `json:"name"`
	Kind       UnitKind `json:"kind"`
	Parent     string   `json:"parent,omitempty"`
	Remote     bool     `json:"remote,omitempty"`
	LowerLabel string   `json:"lower_label,omitempty"`
	// Level is the tier of a committee, "" when not recorded.
	Level Level `json:"level,omitempty"`
	// ValidFrom and ValidUntil bound the days the unit is in force, zero
	// when not given (cases/level.go). ValidUntil is the unit's end as
	// recorded so far: its own, its successor's valid_from less a day, or
	// a unit_until, whichever is earliest.
	ValidFrom  Date `json:"valid_from,omitempty"`
	ValidUntil Date `json:"valid_until,omitempty"`
	// Committee is the committee the unit belongs to (cases/committee.go):
	// an own unit's own line, the committee a department or a lower unit
	// is under; "" for the installation's first committee.
	Committee string `json:"committee,omitempty"`
}

// UnitRecord is a unit with the command that recorded it: the units it
// replaces, its event, who recorded it and when. A unit never changes once
// recorded (SPEC §5: the same ref with other content is a conflict); a unit
// renamed or reformed is recorded again under a new ref that replaces it.
type UnitRecord struct {
	Unit
	// Replaces are the units this one took over from (a rename, a merger).
	Replaces   []string
	Seq        int64
	RecordedAt time.Time
	RecordedBy string
}

// Session is one sitting of reception presided by the head or a delegate.
type Session struct {
	Ref        string    `json:"ref"`
	Kind       VisitKind `json:"kind"`
	Date       Date      `json:"date"`
	PresidedBy string    `json:"presided_by"`
	Delegated  bool      `json:"delegated,omitempty"`
	Location   string    `json:"location,omitempty"`
	// Online: the session was held online (tiếp trực tuyến).
	Online bool `json:"online,omitempty"`
	// Committee is the committee that held it (cases/committee.go).
	Committee string `json:"committee,omitempty"`
}

// Visit is one reception of one citizen or group about one petition.
type Visit struct {
	Ref string `json:"ref"`
	// Number is the visit's number in the book of visits (SPEC §9).
	Number     Number    `json:"number,omitzero"`
	At         time.Time `json:"at"`
	Kind       VisitKind `json:"kind"`
	Session    string    `json:"session,omitempty"`
	Petition   string    `json:"petition"`
	People     int       `json:"people"`
	Citizen    *Person   `json:"citizen,omitempty"`
	FollowUpOn *Date     `json:"follow_up_on,omitempty"`
	// Online is what the visit's command says; a visit at an online
	// session is online too (VisitOnline).
	Online bool `json:"online,omitempty"`
	// Committee is the committee whose desk received it.
	Committee string `json:"committee,omitempty"`
}

// VisitOnline reports whether a visit is online (SPEC §9): it says so, or
// its session, s (nil for a regular visit), was held online. A session
// never changes once recorded, so neither does the answer.
func VisitOnline(online bool, s *Session) bool {
	return online || (s != nil && s.Online)
}

// Dialogue is a dialogue planned with a petitioner.
type Dialogue struct {
	Petition string    `json:"petition"`
	At       time.Time `json:"at"`
	On       Date      `json:"on"`
	Place    string    `json:"place,omitempty"`
}

// Petition is the current state of one petition: the fold of its events.
type Petition struct {
	Ref string `json:"ref"`
	// Number is the petition's number in the book of petitions (SPEC §9).
	Number       Number    `json:"number,omitzero"`
	ReceivedAt   time.Time `json:"received_at"`
	Channel      Channel   `json:"channel"`
	Petitioner   Person    `json:"petitioner"`
	People       int       `json:"people"`
	Summary      string    `json:"summary"`
	SecretWaived bool      `json:"secret_waived,omitempty"`
	RecordedBy   string    `json:"recorded_by"`
	// Committee is the committee that received the petition; RoutedTo the
	// committee of the installation it was routed to (route to=lower naming
	// a committee), whose inbox holds it (cases/committee.go). Both are
	// committee keys, "" for the installation's first committee.
	Committee string `json:"committee,omitempty"`
	RoutedTo  string `json:"routed_to,omitempty"`
	// TransferredFrom is the petition of another committee that sent this
	// one up (channel transfer_in): the same matter.
	TransferredFrom string `json:"transferred_from,omitempty"`
	// Routed is set while RoutedTo names a committee ("" is a key too).
	RoutedIn bool `json:"routed_in,omitempty"`
	// Protected is set once the petition has been classified as a
	// denunciation and stays set: a denouncer does not lose the protection of
	// their identity because the petition is later reclassified.
	Protected bool `json:"protected,omitempty"`
	// SecretKept and SecretLifted are a leader's last secret command: the
	// protection set again, or lifted and why (cases/secret.go). Denouncer
	// says what they make of the rest.
	SecretKept   bool         `json:"secret_kept,omitempty"`
	SecretLifted SecretReason `json:"secret_lifted,omitempty"`

	State    State      `json:"state"`
	Type     Type       `json:"type,omitempty"`
	Field    Field      `json:"field,omitempty"`
	Eligible bool       `json:"eligible"`
	Complex  Complexity `json:"complex,omitempty"`
	Instance int        `json:"instance,omitempty"`
	// SeveralPlaces: the denunciation's initial handling needs verification
	// at several places, as last classified.
	SeveralPlaces bool `json:"several_places,omitempty"`

	RouteTo     Destination   `json:"route_to,omitempty"`
	Unit        string        `json:"unit,omitempty"`
	Method      Method        `json:"method,omitempty"`
	RoutedAt    *time.Time    `json:"routed_at,omitempty"`
	Archive     ArchiveReason `json:"archive_reason,omitempty"`
	DuplicateOf string        `json:"duplicate_of,omitempty"`
	// HandledAt is when the petition left the desk: its first route, archive
	// or termination. The handling deadline is judged against it.
	HandledAt *time.Time `json:"handled_at,omitempty"`

	AcceptedAt *time.Time `json:"accepted_at,omitempty"`
	// Extensions counts extend events; ExtensionDays adds up their days.
	Extensions    int `json:"extensions,omitempty"`
	ExtensionDays int `json:"extension_days,omitempty"`
	// SuspendedSince is the start of a running suspension; SuspendedDays the
	// calendar days of the suspensions that have ended.
	SuspendedSince *time.Time `json:"suspended_since,omitempty"`
	SuspendedDays  int        `json:"suspended_days,omitempty"`

	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	Verdict    Verdict    `json:"verdict,omitempty"`
	Decision   string     `json:"decision,omitempty"`
	// Outcome is what the second-instance decision on a complaint did to
	// the first-instance one, when recorded.
	Outcome       Outcome    `json:"outcome,omitempty"`
	ImplementedAt *time.Time `json:"implemented_at,omitempty"`
	ClosedAt      *time.Time `json:"closed_at,omitempty"` // rejected or terminated
	CloseReason   string     `json:"close_reason,omitempty"`

	// Version counts the petition's events, its creation included; the store
	// checks it to refuse a write based on a stale read.
	Version int `json:"version"`
	// LastAt is the time of its latest event: no later event may be dated before.
	LastAt time.Time `json:"last_at"`
}

// NewPetition starts a petition's fold from its creating command.
func NewPetition(c *Command, recordedBy string) *Petition {
	return NewPetitionAt(c, c.AtTime(), recordedBy)
}

// NewPetitionAt is NewPetition for a command whose time, at, is already
// known: a reader that keeps times as numbers need not format and parse them.
func NewPetitionAt(c *Command, at time.Time, recordedBy string) *Petition {
	p := new(Petition)
	p.Start(c, at, recordedBy)
	return p
}

// Start sets p to the petition c creates at at, as NewPetitionAt does, for a
// reader that keeps many petitions in one allocation.
func (p *Petition) Start(c *Command, at time.Time, recordedBy string) {
	*p = Petition{
		Ref: c.Ref, Number: c.NumberOf(), ReceivedAt: at, Channel: c.Channel, People: c.People,
		Summary: c.Summary, SecretWaived: c.SecretWaived, RecordedBy: recordedBy,
		TransferredFrom: c.TransferredFrom, State: Received, Version: 1, LastAt: at,
	}
	if c.Petitioner != nil {
		p.Petitioner = *c.Petitioner
	}
}

// Apply folds one workflow event into the petition. It trusts that the
// workflow allowed the event; it is the single definition of what each event
// does to the state, used when recording and when replaying history.
func (p *Petition) Apply(c *Command, to State) {
	p.ApplyAt(c, c.AtTime(), to)
}

// ApplyAt is Apply for a command whose time, at, is already known.
func (p *Petition) ApplyAt(c *Command, at time.Time, to State) {
	p.Version++
	p.LastAt = at
	p.State = to
	switch c.Op {
	case OpClassify:
		p.Type, p.Field, p.Eligible = c.Type, c.Field, *c.Eligible
		p.Complex, p.Instance, p.SeveralPlaces = c.Complex, c.Instance, c.SeveralPlaces
		p.Protected = p.Protected || c.Type == Denunciation
		if c.Type == Denunciation && p.SecretLifted == NotDenunciation {
			// Lifted because it was no longer a denunciation: it is one again.
			p.SecretLifted = ""
		}
	case OpSecret:
		p.applySecret(c)
	case OpRoute:
		p.RouteTo, p.Unit, p.Method, p.RoutedAt = c.To, c.Unit, c.Method, &at
		p.handled(at)
	case OpArchive:
		p.Archive, p.DuplicateOf = ArchiveReason(c.Reason), c.DuplicateOf
		p.handled(at)
	case OpAccept:
		p.AcceptedAt = &at
	case OpExtend:
		p.Extensions++
		p.ExtensionDays += c.Days
	case OpSuspend:
		p.SuspendedSince = &at
	case OpResume:
		if p.SuspendedSince != nil {
			p.SuspendedDays += int(DateOf(at) - DateOf(*p.SuspendedSince))
		}
		p.SuspendedSince = nil
	case OpResolve:
		p.ResolvedAt, p.Verdict, p.Decision, p.Outcome = &at, c.Verdict, c.Decision, c.Outcome
	case OpImplement:
		p.ImplementedAt = &at
	case OpReject, OpTerminate:
		p.ClosedAt, p.CloseReason = &at, c.Reason
		if c.Op == OpTerminate {
			p.handled(at)
		}
	}
}

func (p *Petition) handled(at time.Time) {
	if p.HandledAt == nil {
		p.HandledAt = &at
	}
}

// Event is one recorded command in the append-only history.
type Event struct {
	Seq        int64     `json:"seq"`
	Command    Command   `json:"command"`
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by"`
	// Hash chains the event to the one before it: sha256 over the previous
	// event's hash and this event's content.
	Hash string `json:"hash"`
}
