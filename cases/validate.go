package cases

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Validate checks the command's shape against SPEC §5: its op, the fields its
// op needs and no others, enum values and formats. now is the instant the
// command is received; no event may be dated after it. Validate normalises
// times to +07:00. It knows nothing of what is recorded: the workflow checks
// that. Its dates lie in DefaultWindow.
func (c *Command) Validate(now time.Time) error {
	return c.ValidateIn(now, &DefaultWindow)
}

// ValidateIn is Validate with the dates bounded by w; nil bounds them only
// as the law does (replay, which judges what was accepted).
func (c *Command) ValidateIn(now time.Time, w *Window) error {
	v := validator{c: c, now: now, window: w}
	v.check()
	return v.err
}

type validator struct {
	c      *Command
	now    time.Time
	window *Window
	err    error
}

// inWindow refuses a date outside the window, naming field.
func (v *validator) inWindow(field string, d Date) {
	if v.window != nil {
		if e := v.window.Check(field, d, v.now); e != nil {
			v.refuse(e)
		}
	}
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
	if strings.ContainsAny(s, "/?#") || strings.ContainsFunc(s, unicode.IsSpace) {
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
	v.inWindow(field, DateOf(t))
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
	d, err := ParseDate(s)
	if err != nil {
		v.fail(field, "%v", err)
		return
	}
	v.inWindow(field, d)
}

func (v *validator) person(field string, p *Person, required bool) {
	if p == nil {
		if required {
			v.fail(field, "is required for %s", v.c.Op)
		}
		return
	}
	if p.Sealed != "" {
		v.fail(field+".sealed", "is written by the store when it encrypts an identity, never sent")
		return
	}
	v.text(field+".name", p.Name, true, 200)
	v.text(field+".id_number", p.IDNumber, false, 20)
	v.text(field+".address", p.Address, false, 300)
	v.text(field+".phone", p.Phone, false, 20)
}

// number checks a carried reception-book number: N/YYYY, of the year of
// receipt, rewritten without spaces or leading zeros.
func (v *validator) number() {
	c := v.c
	if c.Number == "" || v.err != nil {
		return
	}
	n, err := ParseNumber(c.Number)
	if err != nil {
		v.fail("number", "%v", err)
		return
	}
	if y := c.BookYear(); n.Year != y {
		v.fail("number", "%s is a number of the book of %d, but the %s was received in %d", n, n.Year, c.Op, y)
		return
	}
	c.Number = n.String()
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
		{"delegated", c.Delegated}, {"location", c.Location != ""}, {"online", c.Online}, {"received_at", c.ReceivedAt != ""},
		{"channel", c.Channel != ""}, {"petitioner", c.Petitioner != nil}, {"people", c.People != 0},
		{"summary", c.Summary != ""}, {"secret_waived", c.SecretWaived}, {"session", c.Session != ""},
		{"citizen", c.Citizen != nil}, {"follow_up_on", c.FollowUpOn != ""}, {"at", c.At != ""},
		{"type", c.Type != ""}, {"field", c.Field != ""}, {"eligible", c.Eligible != nil},
		{"complex", c.Complex != ""}, {"instance", c.Instance != 0}, {"several_places", c.SeveralPlaces}, {"to", c.To != ""},
		{"unit", c.Unit != ""}, {"method", c.Method != ""}, {"reason", c.Reason != ""},
		{"duplicate_of", c.DuplicateOf != ""}, {"days", c.Days != 0}, {"verdict", c.Verdict != ""},
		{"decision", c.Decision != ""}, {"outcome", c.Outcome != ""}, {"on", c.On != ""}, {"place", c.Place != ""},
		{"level", c.Level != ""}, {"valid_from", c.ValidFrom != ""}, {"valid_until", c.ValidUntil != ""},
		{"until", c.Until != ""}, {"protected", c.Protected != nil}, {"number", c.Number != ""},
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
	if e := c.eachText(checkText); e != nil {
		v.refuse(e)
		return
	}
	if c.RecordedAt != "" {
		v.instant("recorded_at", &c.RecordedAt)
	}
	v.text("recorded_by", c.RecordedBy, false, 100)
	switch c.Op {
	case OpUnit:
		v.only("ref", "name", "kind", "parent", "remote", "lower_label", "replaces", "level", "valid_from", "valid_until")
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
		v.levelDates()
	case OpUnitUntil:
		v.only("unit", "until", "reason")
		v.ref("unit", c.Unit)
		if c.Until == "" {
			v.fail("until", "is required for %s", c.Op)
		}
		v.unitDate("until", c.Until)
		v.text("reason", c.Reason, false, 1000)
	case OpSession:
		v.only("ref", "kind", "date", "presided_by", "delegated", "location", "online")
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
		v.only("ref", "received_at", "channel", "petitioner", "people", "summary", "secret_waived", "number")
		v.ref("ref", c.Ref)
		v.instant("received_at", &c.ReceivedAt)
		v.number()
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
		v.only("ref", "at", "kind", "session", "petition", "people", "citizen", "follow_up_on", "online", "number")
		v.ref("ref", c.Ref)
		v.instant("at", &c.At)
		v.number()
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
	case OpSecret:
		v.only("petition", "at", "protected", "reason")
		v.event()
		v.secret()
	case OpClassify:
		v.only("petition", "at", "type", "field", "eligible", "complex", "instance", "several_places")
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
		if c.SeveralPlaces && c.Type != Denunciation {
			v.fail("several_places", "is only for denunciations (verification of a denunciation at several places), not for a %s", c.Type)
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
		v.only("petition", "at", "verdict", "decision", "outcome")
		v.event()
		if !c.Verdict.Valid() {
			v.fail("verdict", "must be correct, incorrect, partly_correct or answered, not %q", c.Verdict)
		}
		if c.Outcome != "" && !c.Outcome.Valid() {
			v.fail("outcome", "must be upheld, annulled or amended, not %q", c.Outcome)
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
