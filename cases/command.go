package cases

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Op names a command.
type Op string

// The ops of SPEC §5. The first four create something and carry a ref; the
// others name their petition.
const (
	OpUnit      Op = "unit"
	OpSession   Op = "session"
	OpPetition  Op = "petition"
	OpVisit     Op = "visit"
	OpClassify  Op = "classify"
	OpRoute     Op = "route"
	OpArchive   Op = "archive"
	OpAccept    Op = "accept"
	OpReject    Op = "reject"
	OpExtend    Op = "extend"
	OpSuspend   Op = "suspend"
	OpResume    Op = "resume"
	OpResolve   Op = "resolve"
	OpImplement Op = "implement"
	OpTerminate Op = "terminate"
	OpDialogue  Op = "dialogue"
)

// Ops lists every op.
var Ops = []Op{OpUnit, OpSession, OpPetition, OpVisit, OpClassify, OpRoute, OpArchive,
	OpAccept, OpReject, OpExtend, OpSuspend, OpResume, OpResolve, OpImplement, OpTerminate,
	OpDialogue}

// WorkflowEvents are the ops that move a petition through the state machine.
var WorkflowEvents = []Op{OpClassify, OpRoute, OpArchive, OpAccept, OpReject, OpExtend,
	OpSuspend, OpResume, OpResolve, OpImplement, OpTerminate}

var opLabels = map[Op]string{
	OpUnit:      "Đơn vị",
	OpSession:   "Kỳ tiếp",
	OpPetition:  "Tiếp nhận đơn",
	OpVisit:     "Lượt tiếp",
	OpClassify:  "Phân loại",
	OpRoute:     "Xử lý, chuyển đơn",
	OpArchive:   "Lưu đơn",
	OpAccept:    "Thụ lý",
	OpReject:    "Không thụ lý",
	OpExtend:    "Gia hạn",
	OpSuspend:   "Tạm đình chỉ",
	OpResume:    "Tiếp tục giải quyết",
	OpResolve:   "Giải quyết",
	OpImplement: "Thực hiện quyết định",
	OpTerminate: "Đình chỉ",
	OpDialogue:  "Hẹn đối thoại",
}

// Label is the op's Vietnamese name.
func (o Op) Label() string { return label(opLabels, o) }

// Creates reports whether the op creates something named by its own ref.
func (o Op) Creates() bool {
	return o == OpUnit || o == OpSession || o == OpPetition || o == OpVisit
}

// Person is a petitioner or a visiting citizen.
type Person struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number,omitempty"`
	Address  string `json:"address,omitempty"`
	Phone    string `json:"phone,omitempty"`
}

// Command is one change, as the API takes it and as an import line carries it.
// It is one flat record: each op uses the fields SPEC §5 gives it and Validate
// refuses the rest. Times and dates stay the strings that were sent until
// Validate parses them; Validate rewrites times in the canonical +07:00 form so
// that the same instant always reads the same.
type Command struct {
	Op Op `json:"op"`

	Ref      string `json:"ref,omitempty"`
	Petition string `json:"petition,omitempty"`

	// unit
	Name       string `json:"name,omitempty"`
	Kind       string `json:"kind,omitempty"` // unit, session and visit kinds
	Parent     string `json:"parent,omitempty"`
	Remote     bool   `json:"remote,omitempty"`
	LowerLabel string `json:"lower_label,omitempty"`
	// Replaces names the units this one takes over from: a unit renamed,
	// merged or otherwise reformed is recorded again under a new ref, and
	// the old ones stay in the history (docs/decisions.md, "Units").
	Replaces []string `json:"replaces,omitempty"`

	// session
	Date       string `json:"date,omitempty"`
	PresidedBy string `json:"presided_by,omitempty"`
	Delegated  bool   `json:"delegated,omitempty"`
	Location   string `json:"location,omitempty"`

	// petition
	ReceivedAt string  `json:"received_at,omitempty"`
	Channel    Channel `json:"channel,omitempty"`
	Petitioner *Person `json:"petitioner,omitempty"`
	People     int     `json:"people,omitempty"`
	Summary    string  `json:"summary,omitempty"`
	// SecretWaived records a denouncer's explicit waiver of the protection of
	// their identity (Luật Tố cáo Art. 47).
	SecretWaived bool `json:"secret_waived,omitempty"`

	// visit
	Session    string  `json:"session,omitempty"`
	Citizen    *Person `json:"citizen,omitempty"`
	FollowUpOn string  `json:"follow_up_on,omitempty"`

	// workflow events
	At          string      `json:"at,omitempty"`
	Type        Type        `json:"type,omitempty"`
	Field       Field       `json:"field,omitempty"`
	Eligible    *bool       `json:"eligible,omitempty"`
	Complex     Complexity  `json:"complex,omitempty"`
	Instance    int         `json:"instance,omitempty"`
	To          Destination `json:"to,omitempty"`
	Unit        string      `json:"unit,omitempty"`
	Method      Method      `json:"method,omitempty"`
	Reason      string      `json:"reason,omitempty"`
	DuplicateOf string      `json:"duplicate_of,omitempty"`
	Days        int         `json:"days,omitempty"`
	Verdict     Verdict     `json:"verdict,omitempty"`
	Decision    string      `json:"decision,omitempty"`
	On          string      `json:"on,omitempty"`
	Place       string      `json:"place,omitempty"`

	// Provenance, for history moved from another system.
	RecordedAt string `json:"recorded_at,omitempty"`
	RecordedBy string `json:"recorded_by,omitempty"`
}

// Zone is the time zone every date of the product is read in.
var Zone = time.FixedZone("ICT", 7*3600)

// DecodeCommand reads one command from JSON, refusing unknown fields.
func DecodeCommand(data []byte) (Command, error) {
	var c Command
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, decodeError(err)
	}
	if dec.More() {
		return c, Errorf(EInvalid, "more than one JSON value on the line")
	}
	return c, nil
}

func decodeError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return FieldErrorf(te.Field, "must be a JSON %s, not %s", te.Type.Kind(), te.Value)
	case errors.As(err, &se):
		return Errorf(EInvalid, "not valid JSON at byte %d: %v", se.Offset, err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Errorf(EInvalid, "not valid JSON: the line ends in the middle of a value")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return FieldErrorf(f, "unknown field")
	}
	return Errorf(EInvalid, "not a JSON command: %v", err)
}

// Key is the command's target: its own ref for ops that create something, the
// petition's ref otherwise.
func (c *Command) Key() string {
	if c.Op.Creates() {
		return c.Ref
	}
	return c.Petition
}

// Canonical is the command as the history stores it: its JSON without
// provenance (recorded_at, recorded_by), which the event carries beside it.
// Call it after Validate, which normalises times.
func (c *Command) Canonical() []byte {
	cc := *c
	cc.RecordedAt, cc.RecordedBy = "", ""
	b, _ := json.Marshal(cc)
	return b
}

// Fingerprint identifies the command's content, provenance aside: the same
// command sent twice has the same fingerprint. Call it after Validate.
func (c *Command) Fingerprint() string { return FingerprintOf(c.Canonical()) }

// FingerprintOf is the fingerprint of a command's canonical JSON.
func FingerprintOf(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:8])
}

// AtTime is the instant the command says its event happened: at, received_at,
// or for units and sessions the zero time.
func (c *Command) AtTime() time.Time {
	var s string
	switch c.Op {
	case OpPetition:
		s = c.ReceivedAt
	case OpUnit, OpSession:
		if c.Op == OpSession {
			d, err := ParseDate(c.Date)
			if err == nil {
				return d.Time()
			}
		}
		return time.Time{}
	default:
		s = c.At
	}
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

// Validate checks the command's shape against SPEC §5: its op, the fields its
// op needs and no others, enum values and formats. now is the instant the
// command is received; no event may be dated after it. Validate normalises
// times to +07:00. It knows nothing of what is recorded: the workflow checks
// that.
func (c *Command) Validate(now time.Time) error {
	v := validator{c: c, now: now}
	v.check()
	return v.err
}

type validator struct {
	c   *Command
	now time.Time
	err error
}

func (v *validator) fail(field, format string, args ...any) {
	if v.err == nil {
		v.err = FieldErrorf(field, format, args...)
	}
}

func (v *validator) text(field, s string, required bool, max int) {
	switch {
	case required && strings.TrimSpace(s) == "":
		v.fail(field, "is required for %s", v.c.Op)
	case !utf8.ValidString(s):
		v.fail(field, "is not valid UTF-8")
	case utf8.RuneCountInString(s) > max:
		v.fail(field, "is longer than %d characters", max)
	}
}

func (v *validator) ref(field, s string) {
	v.text(field, s, true, 100)
	if strings.ContainsAny(s, " \t\r\n/?#") {
		v.fail(field, "must not contain spaces, '/', '?' or '#'")
	}
}

// instant parses an RFC 3339 time and rewrites it in +07:00.
func (v *validator) instant(field string, s *string) time.Time {
	if *s == "" {
		v.fail(field, "is required for %s", v.c.Op)
		return time.Time{}
	}
	t, err := ParseInstant(*s)
	if err != nil {
		v.fail(field, "%v", err)
		return time.Time{}
	}
	if t.After(v.now) {
		v.fail(field, "%s lies in the future (now is %s)", *s, v.now.In(Zone).Format(time.RFC3339))
	}
	*s = t.In(Zone).Format(time.RFC3339Nano)
	return t
}

func (v *validator) date(field, s string, required bool) {
	if s == "" {
		if required {
			v.fail(field, "is required for %s", v.c.Op)
		}
		return
	}
	if _, err := ParseDate(s); err != nil {
		v.fail(field, "%v", err)
	}
}

func (v *validator) person(field string, p *Person, required bool) {
	if p == nil {
		if required {
			v.fail(field, "is required for %s", v.c.Op)
		}
		return
	}
	v.text(field+".name", p.Name, true, 200)
	v.text(field+".id_number", p.IDNumber, false, 20)
	v.text(field+".address", p.Address, false, 300)
	v.text(field+".phone", p.Phone, false, 20)
}

// only refuses the fields that op does not take.
func (v *validator) only(allowed ...string) {
	c := v.c
	present := [...]struct {
		name string
		set  bool
	}{
		{"ref", c.Ref != ""}, {"petition", c.Petition != ""}, {"name", c.Name != ""},
		{"kind", c.Kind != ""}, {"parent", c.Parent != ""}, {"remote", c.Remote},
		{"lower_label", c.LowerLabel != ""}, {"replaces", len(c.Replaces) > 0}, {"date", c.Date != ""}, {"presided_by", c.PresidedBy != ""},
		{"delegated", c.Delegated}, {"location", c.Location != ""}, {"received_at", c.ReceivedAt != ""},
		{"channel", c.Channel != ""}, {"petitioner", c.Petitioner != nil}, {"people", c.People != 0},
		{"summary", c.Summary != ""}, {"secret_waived", c.SecretWaived}, {"session", c.Session != ""},
		{"citizen", c.Citizen != nil}, {"follow_up_on", c.FollowUpOn != ""}, {"at", c.At != ""},
		{"type", c.Type != ""}, {"field", c.Field != ""}, {"eligible", c.Eligible != nil},
		{"complex", c.Complex != ""}, {"instance", c.Instance != 0}, {"to", c.To != ""},
		{"unit", c.Unit != ""}, {"method", c.Method != ""}, {"reason", c.Reason != ""},
		{"duplicate_of", c.DuplicateOf != ""}, {"days", c.Days != 0}, {"verdict", c.Verdict != ""},
		{"decision", c.Decision != ""}, {"on", c.On != ""}, {"place", c.Place != ""},
	}
	for _, f := range present {
		if f.set && !slices.Contains(allowed, f.name) {
			v.fail(f.name, "is not a field of %s", c.Op)
		}
	}
}

func (v *validator) check() {
	c := v.c
	if c.Op == "" {
		v.fail("op", "is required")
		return
	}
	if _, ok := opLabels[c.Op]; !ok {
		v.fail("op", "unknown op %q", c.Op)
		return
	}
	if c.RecordedAt != "" {
		v.instant("recorded_at", &c.RecordedAt)
	}
	v.text("recorded_by", c.RecordedBy, false, 100)
	switch c.Op {
	case OpUnit:
		v.only("ref", "name", "kind", "parent", "remote", "lower_label", "replaces")
		v.ref("ref", c.Ref)
		v.text("name", c.Name, true, 200)
		v.text("lower_label", c.LowerLabel, false, 200)
		if !UnitKind(c.Kind).Valid() {
			v.fail("kind", "must be own, department or lower, not %q", c.Kind)
		}
		if c.LowerLabel != "" && UnitKind(c.Kind) != Own {
			v.fail("lower_label", "is only for the own unit")
		}
		if c.Parent != "" {
			v.ref("parent", c.Parent)
		}
		v.replaces()
	case OpSession:
		v.only("ref", "kind", "date", "presided_by", "delegated", "location")
		v.ref("ref", c.Ref)
		if k := VisitKind(c.Kind); k != Periodic && k != AdHoc {
			v.fail("kind", "must be periodic or adhoc, not %q", c.Kind)
		}
		v.date("date", c.Date, true)
		if d, err := ParseDate(c.Date); err == nil && d.Time().After(v.now) {
			v.fail("date", "%s lies in the future", c.Date)
		}
		v.text("presided_by", c.PresidedBy, true, 200)
		v.text("location", c.Location, false, 200)
	case OpPetition:
		v.only("ref", "received_at", "channel", "petitioner", "people", "summary", "secret_waived")
		v.ref("ref", c.Ref)
		v.instant("received_at", &c.ReceivedAt)
		if !c.Channel.Valid() {
			v.fail("channel", "must be reception, mail, online or transfer_in, not %q", c.Channel)
		}
		v.person("petitioner", c.Petitioner, true)
		if c.People < 0 || c.People > 10000 {
			v.fail("people", "must be between 1 and 10000")
		}
		if c.People == 0 {
			c.People = 1
		}
		v.text("summary", c.Summary, true, 4000)
	case OpVisit:
		v.only("ref", "at", "kind", "session", "petition", "people", "citizen", "follow_up_on")
		v.ref("ref", c.Ref)
		v.instant("at", &c.At)
		k := VisitKind(c.Kind)
		if !k.Valid() {
			v.fail("kind", "must be regular, periodic or adhoc, not %q", c.Kind)
		}
		if k == Regular && c.Session != "" {
			v.fail("session", "a regular visit has no session")
		}
		if (k == Periodic || k == AdHoc) && c.Session == "" {
			v.fail("session", "is required for a %s visit", k)
		}
		v.ref("petition", c.Petition)
		if c.People < 1 || c.People > 10000 {
			v.fail("people", "is required for visit and must be between 1 and 10000")
		}
		v.person("citizen", c.Citizen, false)
		v.date("follow_up_on", c.FollowUpOn, false)
	case OpDialogue:
		v.only("petition", "at", "on", "place")
		v.ref("petition", c.Petition)
		v.instant("at", &c.At)
		v.date("on", c.On, true)
		v.text("place", c.Place, false, 200)
	case OpClassify:
		v.only("petition", "at", "type", "field", "eligible", "complex", "instance")
		v.event()
		if !c.Type.Valid() {
			v.fail("type", "must be complaint, denunciation, recommendation or reflection, not %q", c.Type)
		}
		if !c.Field.Valid() {
			v.fail("field", "must be land, housing, policy, civil_service, corruption, judicial, party or other, not %q", c.Field)
		}
		if c.Eligible == nil {
			v.fail("eligible", "is required for classify (true or false)")
		}
		if c.Complex == "" {
			c.Complex = Simple
		}
		if !c.Complex.Valid() {
			v.fail("complex", "must be none, complex or very_complex, not %q", c.Complex)
		}
		switch {
		case c.Type.Adjudicated() && c.Instance == 0:
			c.Instance = 1
		case c.Type.Adjudicated() && c.Instance != 1 && c.Instance != 2:
			v.fail("instance", "must be 1 or 2, not %d", c.Instance)
		case !c.Type.Adjudicated() && c.Instance != 0:
			v.fail("instance", "is only for complaints and denunciations")
		}
	case OpRoute:
		v.only("petition", "at", "to", "unit", "method")
		v.event()
		if !c.To.Valid() {
			v.fail("to", "must be own, lower, judicial or other, not %q", c.To)
		}
		v.text("unit", c.Unit, true, 200)
		if !c.Method.Valid() {
			v.fail("method", "must be assign, guide, transfer or urge, not %q", c.Method)
		}
	case OpArchive:
		v.only("petition", "at", "reason", "duplicate_of")
		v.event()
		r := ArchiveReason(c.Reason)
		if !r.Valid() {
			v.fail("reason", "must be duplicate, anonymous, unclear, not_eligible or other, not %q", c.Reason)
		}
		if r == Duplicate {
			v.ref("duplicate_of", c.DuplicateOf)
			if c.DuplicateOf == c.Petition {
				v.fail("duplicate_of", "a petition cannot duplicate itself")
			}
		} else if c.DuplicateOf != "" {
			v.fail("duplicate_of", "is only for reason duplicate")
		}
	case OpAccept, OpImplement, OpResume:
		v.only("petition", "at")
		v.event()
	case OpReject, OpSuspend:
		v.only("petition", "at", "reason")
		v.event()
		v.text("reason", c.Reason, true, 1000)
	case OpTerminate:
		v.only("petition", "at", "reason")
		v.event()
		if r := TerminateReason(c.Reason); r != Withdrawn && r != OtherTerminate {
			v.fail("reason", "must be withdrawn or other, not %q", c.Reason)
		}
	case OpExtend:
		v.only("petition", "at", "days")
		v.event()
		if c.Days < 1 || c.Days > 30 {
			v.fail("days", "must be between 1 and 30, not %d", c.Days)
		}
	case OpResolve:
		v.only("petition", "at", "verdict", "decision")
		v.event()
		if !c.Verdict.Valid() {
			v.fail("verdict", "must be correct, incorrect, partly_correct or answered, not %q", c.Verdict)
		}
		v.text("decision", c.Decision, false, 100)
	}
	if v.err == nil && c.RecordedAt != "" && c.Op != OpUnit && c.Op != OpSession {
		if rec, _ := ParseInstant(c.RecordedAt); c.AtTime().After(rec) {
			v.fail("at", "is later than recorded_at")
		}
	}
}

// maxReplaces bounds the units one unit replaces: the 2025 reform merged
// two to five communes into one.
const maxReplaces = 50

// replaces checks a unit's replaces: refs of other units, each once.
func (v *validator) replaces() {
	c := v.c
	if len(c.Replaces) > maxReplaces {
		v.fail("replaces", "lists more than %d units", maxReplaces)
		return
	}
	for i, r := range c.Replaces {
		v.ref("replaces", r)
		switch {
		case r == c.Ref:
			v.fail("replaces", "a unit cannot replace itself")
		case slices.Contains(c.Replaces[:i], r):
			v.fail("replaces", "%s is listed twice", r)
		}
	}
}

func (v *validator) event() {
	v.ref("petition", v.c.Petition)
	v.instant("at", &v.c.At)
}

// ParseInstant parses an RFC 3339 time that carries an offset.
func ParseInstant(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return t, fmt.Errorf("%q is not an RFC 3339 time with an offset (e.g. 2023-03-09T08:30:00+07:00)", s)
	}
	return t, nil
}
