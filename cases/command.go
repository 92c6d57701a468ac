package cases

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
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
	// OpUnitUntil ends a unit recorded earlier (SPEC §9): it names the unit
	// in `unit`, as other commands name their petition.
	OpUnitUntil Op = "unit_until"
	// OpSecret is a leader's decision on the protection of a petitioner's
	// identity (SPEC §9): lift it, or set it again (cases/secret.go).
	OpSecret Op = "secret"
)

// Ops lists every op.
var Ops = []Op{OpUnit, OpSession, OpPetition, OpVisit, OpClassify, OpRoute, OpArchive,
	OpAccept, OpReject, OpExtend, OpSuspend, OpResume, OpResolve, OpImplement, OpTerminate,
	OpDialogue, OpUnitUntil, OpSecret}

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
	OpUnitUntil: "Kết thúc đơn vị",
	OpSecret:    "Bí mật thông tin người gửi đơn",
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
	// Sealed is the person encrypted, as the store keeps an identity at
	// rest when a secrets key is configured (storage/secrets.go): the
	// other fields are then empty. The store opens it before anyone reads
	// the person; a command received never carries it.
	Sealed string `json:"sealed,omitempty"`
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
	// Level, ValidFrom and ValidUntil say which tier a committee is and
	// when a unit was in force (SPEC §9, cases/level.go); a unit without
	// them is not checked by date. Until is unit_until's last day.
	Level      Level  `json:"level,omitempty"`
	ValidFrom  string `json:"valid_from,omitempty"`
	ValidUntil string `json:"valid_until,omitempty"`
	Until      string `json:"until,omitempty"`

	// session
	Date       string `json:"date,omitempty"`
	PresidedBy string `json:"presided_by,omitempty"`
	Delegated  bool   `json:"delegated,omitempty"`
	Location   string `json:"location,omitempty"`
	// Online (session, visit) is reception held online (tiếp công dân
	// trực tuyến, Luật Tiếp công dân Art. 3a as amended by Luật 136/2025).
	Online bool `json:"online,omitempty"`

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
	// Outcome (resolve) of a second-instance complaint: what it does to the
	// first-instance decision.
	Outcome Outcome `json:"outcome,omitempty"`
	On      string  `json:"on,omitempty"`
	Place   string  `json:"place,omitempty"`

	// Protected (secret) says whether the petitioner's identity is
	// protected from now on: false lifts the protection, true sets it again.
	Protected *bool `json:"protected,omitempty"`

	// SeveralPlaces (classify) marks a denunciation whose initial handling
	// needs verification at several places: 10 working days instead of 7
	// (Luật Tố cáo Art. 24.1).
	SeveralPlaces bool `json:"several_places,omitempty"`

	// Number (petition, visit) is the number in the reception book,
	// "125/2026" (cases.Number). Without it the store gives the next one and
	// records the command with it: the history holds every number. It is
	// left out of the fingerprint, so a command sent again without the
	// number it was given is the same command.
	Number string `json:"number,omitempty"`

	Committee       string `json:"committee,omitempty"`
	TransferredFrom string `json:"transferred_from,omitempty"`

	// Provenance, for history moved from another system.
	RecordedAt string `json:"recorded_at,omitempty"`
	RecordedBy string `json:"recorded_by,omitempty"`
}

// DecodeCommand reads one command from JSON, refusing unknown fields. The
// import's lines and the API's bodies are read by it alone. Bytes that are
// not UTF-8 are refused before decoding, which would replace them with
// U+FFFD without a word: the error names the field they are in.
func DecodeCommand(data []byte) (Command, error) {
	if !utf8.Valid(data) {
		return Command{}, badBytes(data)
	}
	return decodeCommand(data)
}

// badBytes is the error of a command that is not UTF-8: the field that
// holds the bad bytes when the JSON can be read, else their offset.
func badBytes(data []byte) error {
	if c, err := decodeCommand(data); err == nil {
		if e := c.eachText(checkText); e != nil {
			return e
		}
	}
	n := 0
	for n < len(data) {
		r, size := utf8.DecodeRune(data[n:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		n += size
	}
	return Errorf(EInvalid, "not valid UTF-8 at byte %d", n).
		VI("Dữ liệu không đúng bảng mã Unicode (UTF-8) ở byte %d: xin lưu tệp theo UTF-8 rồi gửi lại.", n)
}

func decodeCommand(data []byte) (Command, error) {
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
// unit's ref for unit_until, the petition's ref otherwise.
func (c *Command) Key() string {
	switch {
	case c.Op.Creates():
		return c.Ref
	case c.Op == OpUnitUntil:
		return c.Unit
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

// Fingerprint identifies the command's content, provenance and number aside:
// the same command sent twice has the same fingerprint, whether or not it
// carries the number the store gave it the first time. Call it after
// Validate.
func (c *Command) Fingerprint() string {
	if c.Number == "" {
		return FingerprintOf(c.Canonical())
	}
	cc := *c
	cc.Number = ""
	return FingerprintOf(cc.Canonical())
}

// FingerprintOf is the fingerprint of a command's canonical JSON.
func FingerprintOf(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:8])
}

// AtTime is the instant the command says its event happened: at, received_at,
// a session's date, or for units and their ends the zero time.
func (c *Command) AtTime() time.Time {
	var s string
	switch c.Op {
	case OpPetition:
		s = c.ReceivedAt
	case OpUnit, OpSession, OpUnitUntil:
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
