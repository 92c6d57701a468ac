package workflow

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/tiepdan/tiepdan/cases"
)

// The legal time limits of a petition. The limits changed under the product
// (the complaint acceptance limit on 1 July 2026) and will change again, so
// they are data with effective dates (rules.json) and a petition is judged by
// the rule in force on the day that matters for it: the day of receipt for the
// handling, acceptance and initial-handling limits, the day of acceptance for
// the resolution limit. rules.json also holds the other rules of the law that
// change by date (lawrules.go).

//go:embed rules.json
var embeddedRules []byte

// The kinds of deadline.
const (
	// DeadlineHandling is the limit to route or archive a petition and tell
	// the citizen (every petition).
	DeadlineHandling = "handling"
	// DeadlineAccept is the limit to accept or refuse a complaint.
	DeadlineAccept = "accept"
	// DeadlineInitial is the limit of the initial handling of a denunciation.
	DeadlineInitial = "initial"
	// DeadlineResolution is the limit to resolve an accepted complaint or
	// denunciation.
	DeadlineResolution = "resolution"
)

// The units of a limit: "ngày" is calendar days, "ngày làm việc" working days.
const (
	UnitDays        = "days"
	UnitWorkingDays = "working_days"
)

// The events a limit is counted from.
const (
	FromReceipt = "receipt" // the petition's received_at
	FromAccept  = "accept"  // the accept event
)

// Rule is one legal time limit and the period it is in force.
type Rule struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	AppliesTo RuleScope `json:"applies_to"`
	// Validity bounds the days (of receipt or acceptance) the rule governs.
	Validity
	Limit int    `json:"limit"`
	Unit  string `json:"unit"`
	From  string `json:"from"`
	// Source is the legal text, in Vietnamese, that sets the limit.
	Source   string    `json:"source"`
	Variants []Variant `json:"variants,omitempty"`
	// ExtensionSources name the legal basis of an extension of the limit by
	// the case's complexity (complex, very_complex): "Luật Tố cáo 2018,
	// Điều 30 khoản 2". A deadline extended says it (Explain).
	ExtensionSources map[cases.Complexity]string `json:"extension_sources,omitempty"`
	Note             string                      `json:"note,omitempty"`
}

// RuleScope says which deadline a rule sets and for which petitions. No types
// means every type, unclassified petitions included; instance 0 means either.
type RuleScope struct {
	Kind     string       `json:"kind"`
	Types    []cases.Type `json:"types,omitempty"`
	Instance int          `json:"instance,omitempty"`
}

// Variant is a longer limit the law grants a complex case (complex or very
// complex), a committee in a remote area (vùng sâu, vùng xa), a denunciation
// verified at several places, or several of these. The variant with the most
// conditions that hold wins.
type Variant struct {
	Complex       bool `json:"complex,omitempty"`
	Remote        bool `json:"remote,omitempty"`
	SeveralPlaces bool `json:"several_places,omitempty"`
	Limit         int  `json:"limit"`
}

// Conditions are the facts of a case that may lengthen its limit.
type Conditions struct {
	// Complex: the case is complex or very complex.
	Complex bool
	// Remote: the resolving committee is in a remote area.
	Remote bool
	// SeveralPlaces: the denunciation is verified at several places.
	SeveralPlaces bool
}

// The Vietnamese words for each condition, as a deadline explains a longer
// limit.
const (
	becauseComplex       = "vụ việc phức tạp"
	becauseVeryComplex   = "vụ việc đặc biệt phức tạp"
	becauseRemote        = "vùng sâu, vùng xa đi lại khó khăn"
	becauseSeveralPlaces = "phải kiểm tra, xác minh tại nhiều địa điểm"
)

func (r *Rule) covers(kind string, t cases.Type, instance int) bool {
	return r.AppliesTo.Kind == kind &&
		(len(r.AppliesTo.Types) == 0 || slices.Contains(r.AppliesTo.Types, t)) &&
		(r.AppliesTo.Instance == 0 || r.AppliesTo.Instance == instance)
}

// LimitFor returns the rule's limit for a case in conditions c, and the
// conditions that made it longer, in Vietnamese (none for the rule's own
// limit).
func (r *Rule) LimitFor(c Conditions) (limit int, because []string) {
	limit, best := r.Limit, 0
	var won *Variant
	for i, v := range r.Variants {
		if (v.Complex && !c.Complex) || (v.Remote && !c.Remote) || (v.SeveralPlaces && !c.SeveralPlaces) {
			continue
		}
		if n := btoi(v.Complex) + btoi(v.Remote) + btoi(v.SeveralPlaces); n > best {
			limit, best, won = v.Limit, n, &r.Variants[i]
		}
	}
	if won != nil {
		for _, w := range []struct {
			on  bool
			why string
		}{{won.Complex, becauseComplex}, {won.Remote, becauseRemote}, {won.SeveralPlaces, becauseSeveralPlaces}} {
			if w.on {
				because = append(because, w.why)
			}
		}
	}
	return limit, because
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Rules is a set of legal rules with their effective dates: the time limits,
// when an event is allowed at all (lawrules.go), and the head's minimum
// reception days (lawrules.go). It is immutable and safe for concurrent use.
type Rules struct {
	rules      []Rule
	events     []EventRule
	minimums   []ReceptionMinimum
	delegation []DelegationRule
}

var defaultRules = sync.OnceValue(func() *Rules {
	r, err := LoadRules(bytes.NewReader(embeddedRules))
	if err != nil {
		panic("workflow: embedded rules.json: " + err.Error())
	}
	return r
})

// DefaultRules returns the time limits shipped with tiepdan (rules.json),
// parsed once.
func DefaultRules() *Rules { return defaultRules() }

type rulesFile struct {
	Version int    `json:"version"`
	Note    string `json:"note,omitempty"`
	Rules   []Rule `json:"rules"`

	EventsNote        string             `json:"events_note,omitempty"`
	Events            []EventRule        `json:"events,omitempty"`
	ReceptionNote     string             `json:"reception_note,omitempty"`
	ReceptionMinimums []ReceptionMinimum `json:"reception_minimums,omitempty"`
	Delegation        []DelegationRule   `json:"delegation,omitempty"`
}

// LoadRules reads a rule set (the format of rules.json) and checks it: known
// kinds, units and start events, positive limits, no two rules governing the
// same petition on the same day, and a handling rule for every petition on
// every day, since every petition has a handling deadline; then the rules of
// events, minimum reception days and delegation (checkLawRules).
func LoadRules(r io.Reader) (*Rules, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f rulesFile
	if err := dec.Decode(&f); err != nil {
		return nil, cases.Errorf(cases.EInvalid, "deadline rules: %v", err)
	}
	if f.Version != 1 {
		return nil, cases.FieldErrorf("version", "deadline rules version %d is not supported (want 1)", f.Version)
	}
	ids := map[string]bool{}
	for i := range f.Rules {
		r := &f.Rules[i]
		field := fmt.Sprintf("rules[%d]", i)
		if err := r.check(field); err != nil {
			return nil, err
		}
		if ids[r.ID] {
			return nil, cases.FieldErrorf(field+".id", "rule %q is listed twice", r.ID)
		}
		ids[r.ID] = true
		for _, o := range f.Rules[:i] {
			if overlap(r, &o) {
				return nil, cases.FieldErrorf(field, "rules %q and %q both govern the same petitions on the same days", o.ID, r.ID)
			}
		}
	}
	if err := checkHandlingCoverage(f.Rules); err != nil {
		return nil, err
	}
	if err := checkLawRules(&f); err != nil {
		return nil, err
	}
	return &Rules{rules: f.Rules, events: f.Events, minimums: f.ReceptionMinimums, delegation: f.Delegation}, nil
}

func (r *Rule) check(field string) error {
	switch {
	case r.ID == "":
		return cases.FieldErrorf(field+".id", "missing")
	case !slices.Contains([]string{DeadlineHandling, DeadlineAccept, DeadlineInitial, DeadlineResolution}, r.AppliesTo.Kind):
		return cases.FieldErrorf(field+".applies_to.kind", "%q is not handling, accept, initial or resolution", r.AppliesTo.Kind)
	case r.Unit != UnitDays && r.Unit != UnitWorkingDays:
		return cases.FieldErrorf(field+".unit", "%q is not days or working_days", r.Unit)
	case r.From != FromReceipt && r.From != FromAccept:
		return cases.FieldErrorf(field+".from", "%q is not receipt or accept", r.From)
	case r.Limit <= 0:
		return cases.FieldErrorf(field+".limit", "must be positive, not %d", r.Limit)
	case r.Source == "":
		return cases.FieldErrorf(field+".source", "missing: every rule names its legal source")
	case r.ValidFrom != nil && r.ValidTo != nil && *r.ValidTo < *r.ValidFrom:
		return cases.FieldErrorf(field, "valid_to %s is before valid_from %s", *r.ValidTo, *r.ValidFrom)
	case r.AppliesTo.Instance < 0 || r.AppliesTo.Instance > 2:
		return cases.FieldErrorf(field+".applies_to.instance", "%d is not 1 or 2", r.AppliesTo.Instance)
	case (r.AppliesTo.Kind == DeadlineResolution) != (r.From == FromAccept):
		return cases.FieldErrorf(field+".from", "a resolution limit runs from accept, the others from receipt")
	}
	for _, t := range r.AppliesTo.Types {
		if !t.Valid() {
			return cases.FieldErrorf(field+".applies_to.types", "%q is not a petition type", t)
		}
	}
	for j, v := range r.Variants {
		f := fmt.Sprintf("%s.variants[%d]", field, j)
		if v.Limit <= 0 {
			return cases.FieldErrorf(f+".limit", "must be positive, not %d", v.Limit)
		}
		if !v.Complex && !v.Remote && !v.SeveralPlaces {
			return cases.FieldErrorf(f, "a variant needs complex, remote or several_places")
		}
	}
	return nil
}

// overlap reports whether two rules could both govern one petition on one day.
func overlap(a, b *Rule) bool {
	if a.AppliesTo.Kind != b.AppliesTo.Kind {
		return false
	}
	if a.AppliesTo.Instance != 0 && b.AppliesTo.Instance != 0 && a.AppliesTo.Instance != b.AppliesTo.Instance {
		return false
	}
	if len(a.AppliesTo.Types) > 0 && len(b.AppliesTo.Types) > 0 &&
		!slices.ContainsFunc(a.AppliesTo.Types, func(t cases.Type) bool { return slices.Contains(b.AppliesTo.Types, t) }) {
		return false
	}
	return a.Validity.Meets(b.Validity)
}

// checkHandlingCoverage requires handling rules for every type and every day:
// rules without types whose periods follow one another with no gap, the first
// open at the start and the last open at the end.
func checkHandlingCoverage(rules []Rule) error {
	var hs []Rule
	for _, r := range rules {
		if r.AppliesTo.Kind != DeadlineHandling {
			continue
		}
		if len(r.AppliesTo.Types) > 0 || r.AppliesTo.Instance != 0 {
			return cases.FieldErrorf("rules", "handling rule %q must apply to every petition: no types, no instance", r.ID)
		}
		hs = append(hs, r)
	}
	if len(hs) == 0 {
		return cases.FieldErrorf("rules", "no handling rule: every petition has a handling deadline")
	}
	slices.SortFunc(hs, func(a, b Rule) int {
		switch {
		case a.ValidFrom == nil:
			return -1
		case b.ValidFrom == nil:
			return 1
		}
		return int(*a.ValidFrom - *b.ValidFrom)
	})
	if hs[0].ValidFrom != nil {
		return cases.FieldErrorf("rules", "no handling rule before %s", *hs[0].ValidFrom)
	}
	for i := 1; i < len(hs); i++ {
		prev := hs[i-1]
		if prev.ValidTo == nil || *prev.ValidTo+1 != *hs[i].ValidFrom {
			return cases.FieldErrorf("rules", "handling rules %q and %q leave a gap", prev.ID, hs[i].ID)
		}
	}
	if last := hs[len(hs)-1]; last.ValidTo != nil {
		return cases.FieldErrorf("rules", "no handling rule after %s", *last.ValidTo)
	}
	return nil
}

// Find returns the rule of the kind in force on day on for a petition of type
// t and instance (1 or 2; 0 counts as 1).
func (r *Rules) Find(kind string, t cases.Type, instance int, on cases.Date) (Rule, bool) {
	if instance == 0 {
		instance = 1
	}
	for _, rule := range r.rules {
		if rule.covers(kind, t, instance) && rule.InForce(on) {
			return rule, true
		}
	}
	return Rule{}, false
}

// Deadline is one legal limit of one petition: when it ends and how that was
// counted.
type Deadline struct {
	Kind string     `json:"kind"` // handling, accept, initial, resolution
	Due  cases.Date `json:"due"`
	// Start is the day of the trigger (receipt or acceptance); it is not
	// counted.
	Start  cases.Date `json:"start"`
	From   string     `json:"from"` // receipt or accept
	Length int        `json:"length"`
	Unit   string     `json:"unit"`
	RuleID string     `json:"rule_id"`
	Source string     `json:"source"`
	// Because are the conditions that made the limit longer than the rule's
	// own, in Vietnamese: "vụ việc phức tạp", "phải kiểm tra, xác minh tại
	// nhiều địa điểm".
	Because []string `json:"because,omitempty"`
	// ExtensionDays and SuspendedDays are the calendar days added to a
	// resolution limit by extensions and by suspensions.
	ExtensionDays int `json:"extension_days,omitempty"`
	SuspendedDays int `json:"suspended_days,omitempty"`
	// ExtensionSource and SuspensionSource are the legal basis of those
	// days: "Luật Tố cáo 2018, Điều 30 khoản 2" (an extension of a complex
	// denunciation), "Luật Tố cáo 2018, Điều 34" (its suspension).
	ExtensionSource  string `json:"extension_source,omitempty"`
	SuspensionSource string `json:"suspension_source,omitempty"`
	// SwappedDay, when the due date is a Saturday or Sunday made a working
	// day by a swap (ngày làm bù), is the holiday table's name for it.
	SwappedDay string `json:"swapped_day,omitempty"`
	// Skipped are the days off the count stepped over (working days) or that
	// the end moved over (calendar days).
	Skipped []Skipped `json:"skipped,omitempty"`
}

var deadlineLabels = map[string]string{
	DeadlineHandling:   "Hạn xử lý đơn",
	DeadlineAccept:     "Hạn thụ lý khiếu nại",
	DeadlineInitial:    "Hạn xử lý ban đầu tố cáo",
	DeadlineResolution: "Hạn giải quyết",
}

// Label is the deadline's Vietnamese name: "Hạn giải quyết".
func (d Deadline) Label() string { return deadlineLabels[d.Kind] }

// Explain says in Vietnamese how the deadline was counted, as an office would
// write it: "30 ngày kể từ ngày thụ lý 27/02/2023 (Luật Khiếu nại 2011,
// Điều 28), cộng 04 ngày tạm đình chỉ; hạn rơi vào Chủ nhật 02/04/2023 nên
// chuyển sang thứ Hai 03/04/2023". A longer limit says why, after its source:
// "10 ngày làm việc kể từ ngày tiếp nhận 02/03/2023 (Luật Tố cáo 2018, Điều 24
// khoản 1: phải kiểm tra, xác minh tại nhiều địa điểm)". Days added say their
// legal basis ("cộng 30 ngày gia hạn (Luật Tố cáo 2018, Điều 30 khoản 2)"),
// and a due date on a swapped working Saturday says so ("thứ Bảy 26/04/2025
// là ngày làm việc bù (Làm bù cho ngày nghỉ thứ Sáu 02/05/2025)").
func (d Deadline) Explain() string {
	var b strings.Builder
	unit := "ngày"
	if d.Unit == UnitWorkingDays {
		unit = "ngày làm việc"
	}
	from := "tiếp nhận"
	if d.From == FromAccept {
		from = "thụ lý"
	}
	fmt.Fprintf(&b, "%02d %s kể từ ngày %s %s (%s", d.Length, unit, from, d.Start.VN(), d.Source)
	if len(d.Because) > 0 {
		b.WriteString(": " + strings.Join(d.Because, ", "))
	}
	b.WriteString(")")
	var extra []string
	withSource := func(s, source string) string {
		if source != "" {
			s += " (" + source + ")"
		}
		return s
	}
	if d.ExtensionDays > 0 {
		extra = append(extra, withSource(fmt.Sprintf("%02d ngày gia hạn", d.ExtensionDays), d.ExtensionSource))
	}
	if d.SuspendedDays > 0 {
		extra = append(extra, withSource(fmt.Sprintf("%02d ngày tạm đình chỉ", d.SuspendedDays), d.SuspensionSource))
	}
	if len(extra) > 0 {
		b.WriteString(", cộng " + strings.Join(extra, " và "))
	}
	switch {
	case len(d.Skipped) == 0:
	case d.Unit == UnitWorkingDays:
		fmt.Fprintf(&b, "; không tính %02d ngày nghỉ: %s", len(d.Skipped), skippedRuns(d.Skipped))
	default:
		s := d.Skipped[0]
		fell := dayInText(s.Date)
		if s.Why != weekdayLabel(s.Date) {
			fell += " (" + s.Why + ")"
		}
		fmt.Fprintf(&b, "; hạn rơi vào %s nên chuyển sang %s", fell, dayInText(d.Due))
	}
	if d.SwappedDay != "" {
		// A due date on a Saturday surprises: say that offices work that day.
		fmt.Fprintf(&b, "; %s là ngày làm việc bù (%s)", dayInText(d.Due), d.SwappedDay)
	}
	return b.String()
}

// skippedRuns writes days off as runs of consecutive days with their reasons:
// "20/01/2023–26/01/2023 (Nghỉ Tết Nguyên đán), 28/01/2023–29/01/2023 (Thứ
// Bảy, Chủ nhật)".
func skippedRuns(s []Skipped) string {
	var parts []string
	for i := 0; i < len(s); {
		j, whys := i, []string{s[i].Why}
		for j+1 < len(s) && s[j+1].Date == s[j].Date+1 {
			j++
			if !slices.Contains(whys, s[j].Why) {
				whys = append(whys, s[j].Why)
			}
		}
		span := s[i].Date.VN()
		if j > i {
			span += "–" + s[j].Date.VN()
		}
		parts = append(parts, span+" ("+strings.Join(whys, ", ")+")")
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// Deadlines returns the deadlines that apply to the petition now: always the
// handling deadline; the acceptance deadline of a complaint; the initial
// handling deadline of a denunciation; and the resolution deadline of an
// accepted complaint or denunciation. Remote says whether the resolving
// committee is in a remote area; asOf is the day a running suspension is
// counted to. A nil cal means DefaultCalendar.
func (r *Rules) Deadlines(p *cases.Petition, remote bool, asOf cases.Date, cal *Calendar) []Deadline {
	return r.deadlines(p, remote, asOf, cal, cal)
}

// DeadlinesIn is Deadlines in an installation of several committees, each
// counted on the calendar of the committee that holds p when it starts:
// those from the day of receipt on the calendar of the committee that
// received p, the resolution deadline on the calendar of the committee
// handling it (cs.Handling: the commune a province routed it down to).
func (r *Rules) DeadlinesIn(p *cases.Petition, remote bool, asOf cases.Date, cs *Calendars) []Deadline {
	return r.deadlines(p, remote, asOf, cs.Received(p), cs.Handling(p))
}

func (r *Rules) deadlines(p *cases.Petition, remote bool, asOf cases.Date, received, handling *Calendar) []Deadline {
	cal := received
	out := []Deadline{r.Handling(p, cal)}
	switch p.Type {
	case cases.Complaint:
		if d, ok := r.fromReceipt(DeadlineAccept, p, cal); ok {
			out = append(out, d)
		}
	case cases.Denunciation:
		if d, ok := r.fromReceipt(DeadlineInitial, p, cal); ok {
			out = append(out, d)
		}
	}
	if d, ok := r.Resolution(p, remote, asOf, handling); ok {
		out = append(out, d)
	}
	return out
}

// Handling returns the petition's handling deadline: 10 working days from the
// day of receipt under the rule in force on that day. Every petition has one
// (LoadRules refuses a rule set with a gap). A nil cal means DefaultCalendar.
func (r *Rules) Handling(p *cases.Petition, cal *Calendar) Deadline {
	d, ok := r.fromReceipt(DeadlineHandling, p, cal)
	if !ok {
		panic("workflow: no handling rule for " + cases.DateOf(p.ReceivedAt).String())
	}
	return d
}

func (r *Rules) fromReceipt(kind string, p *cases.Petition, cal *Calendar) (Deadline, bool) {
	if cal == nil {
		cal = DefaultCalendar()
	}
	start := cases.DateOf(p.ReceivedAt)
	rule, ok := r.Find(kind, p.Type, p.Instance, start)
	if !ok {
		return Deadline{}, false
	}
	limit, because := rule.LimitFor(Conditions{SeveralPlaces: p.SeveralPlaces && p.Type == cases.Denunciation})
	d := newDeadline(kind, start, rule, limit)
	d.Because = because
	d.Due, d.Skipped = count(cal, rule.Unit, start, d.Length)
	d.SwappedDay, _ = cal.SwappedWorkingDay(d.Due)
	return d, true
}

// Resolution returns the resolution deadline of an accepted complaint or
// denunciation, as SPEC §4 defines it: the accept date, plus the limit of the
// rule in force that day (longer for a complex case or a remote committee),
// plus the extension days, plus the calendar days spent suspended (those of
// ended suspensions and, for one still running, the days from its start to
// asOf), moved once to the next working day if that is a day off. It reports
// false for a petition not accepted, of another type, or without a rule. A nil
// cal means DefaultCalendar.
func (r *Rules) Resolution(p *cases.Petition, remote bool, asOf cases.Date, cal *Calendar) (Deadline, bool) {
	if p.AcceptedAt == nil || !p.Type.Adjudicated() {
		return Deadline{}, false
	}
	if cal == nil {
		cal = DefaultCalendar()
	}
	d, ok := r.resolution(p, remote, asOf, cal)
	if ok {
		d.SwappedDay, _ = cal.SwappedWorkingDay(d.Due)
	}
	return d, ok
}

func (r *Rules) resolution(p *cases.Petition, remote bool, asOf cases.Date, cal *Calendar) (Deadline, bool) {
	start := cases.DateOf(*p.AcceptedAt)
	rule, ok := r.Find(DeadlineResolution, p.Type, p.Instance, start)
	if !ok {
		return Deadline{}, false
	}
	complexCase := p.Complex == cases.Complex || p.Complex == cases.VeryComplex
	limit, because := rule.LimitFor(Conditions{Complex: complexCase, Remote: remote})
	if p.Complex == cases.VeryComplex {
		for i, w := range because {
			if w == becauseComplex {
				because[i] = becauseVeryComplex
			}
		}
	}
	d := newDeadline(DeadlineResolution, start, rule, limit)
	d.Because = because
	d.ExtensionDays = p.ExtensionDays
	if d.ExtensionDays > 0 {
		d.ExtensionSource = rule.ExtensionSources[p.Complex]
		if d.ExtensionSource == "" {
			d.ExtensionSource = rule.Source
		}
	}
	d.SuspendedDays = p.SuspendedDays
	if p.SuspendedSince != nil {
		d.SuspendedDays += max(0, int(asOf-cases.DateOf(*p.SuspendedSince)))
	}
	if d.SuspendedDays > 0 {
		d.SuspensionSource = r.eventSource(cases.OpSuspend, p.Type, start)
	}
	extra := d.ExtensionDays + d.SuspendedDays
	if rule.Unit == UnitDays {
		d.Due, d.Skipped = cal.AddCalendarDays(start, d.Length+extra)
		return d, true
	}
	// A limit in working days (none so far) is counted first; the extension
	// and suspension days the law gives in calendar days are added after.
	d.Due, d.Skipped = cal.AddWorkingDays(start, d.Length)
	if extra > 0 {
		var moved []Skipped
		d.Due, moved = cal.AddCalendarDays(d.Due, extra)
		d.Skipped = append(d.Skipped, moved...)
	}
	return d, true
}

// eventSource is the legal basis of an event on a petition of type t whose
// case started on start: the first rule of the event for t that is still in
// force on or after start (a complaint accepted in 2026 may be suspended
// only under the rule of 01/07/2026), "" when none.
func (r *Rules) eventSource(op cases.Op, t cases.Type, start cases.Date) string {
	for i := range r.events {
		e := &r.events[i]
		if e.covers(op, t) && (e.ValidTo == nil || start <= *e.ValidTo) {
			return e.Source
		}
	}
	return ""
}

func newDeadline(kind string, start cases.Date, rule Rule, length int) Deadline {
	return Deadline{Kind: kind, Start: start, From: rule.From, Length: length, Unit: rule.Unit,
		RuleID: rule.ID, Source: rule.Source}
}

// count ends a limit of n units from start.
func count(cal *Calendar, unit string, start cases.Date, n int) (cases.Date, []Skipped) {
	if unit == UnitWorkingDays {
		return cal.AddWorkingDays(start, n)
	}
	return cal.AddCalendarDays(start, n)
}

// DeadlineDates gives the due dates of the handling and resolution deadlines
// by rules and calendar, in the shape the report package reads them through
// (report.Deadlines), without workflow importing report.
type DeadlineDates struct {
	Rules    *Rules
	Calendar *Calendar
	// Calendars, when set, are the committees' calendars, and Calendar is
	// not read: each deadline counts on the calendar of the committee that
	// holds the petition when it starts (Rules.DeadlinesIn).
	Calendars *Calendars
}

// received and handling are the calendars of p's deadlines from receipt
// and of its resolution deadline.
func (d DeadlineDates) received(p *cases.Petition) *Calendar {
	if d.Calendars != nil {
		return d.Calendars.Received(p)
	}
	return d.Calendar
}

func (d DeadlineDates) handling(p *cases.Petition) *Calendar {
	if d.Calendars != nil {
		return d.Calendars.Handling(p)
	}
	return d.Calendar
}

// Handling is the due date of p's handling deadline.
func (d DeadlineDates) Handling(p *cases.Petition) (cases.Date, error) {
	return d.Rules.Handling(p, d.received(p)).Due, nil
}

// Resolution is the due date of p's resolution deadline, with suspensions
// still running counted up to asOf.
func (d DeadlineDates) Resolution(p *cases.Petition, remote bool, asOf cases.Date) (cases.Date, error) {
	dl, ok := d.Rules.Resolution(p, remote, asOf, d.handling(p))
	if !ok {
		return 0, fmt.Errorf("no resolution rule applies to petition %s", p.Ref)
	}
	return dl.Due, nil
}

// WaitingOn picks, among p's deadlines ds, the one p waits on: the handling
// deadline until p leaves the desk, the resolution deadline while an accepted
// case is open, none otherwise. The list of petitions and its "overdue"
// filter read it, on the command line and on the pages alike.
func WaitingOn(p *cases.Petition, ds []Deadline) (Deadline, bool) {
	want := ""
	switch {
	case p.HandledAt == nil && (p.State == cases.Received || p.State == cases.Classified):
		want = DeadlineHandling
	case p.State == cases.Accepted || p.State == cases.Suspended:
		want = DeadlineResolution
	default:
		return Deadline{}, false
	}
	for _, d := range ds {
		if d.Kind == want {
			return d, true
		}
	}
	return Deadline{}, false
}
