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
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tiepdan/tiepdan/cases"
)

// The reception schedule of SPEC §3: the days the head of the committee
// receives citizens (tiếp định kỳ), where a day off moves them, who presides,
// and, joined with the recorded history, what happened on the past days and
// what is expected on the coming ones.
//
// The plan is data (reception.json, or an installation's own file): periods
// with the days of the month or of the week, the rule for a day off and the
// leaders who take turns, plus explicit assignments by date. Everything here
// is computed from the plan, the working-day calendar and history handed in as
// plain values; nothing is read or written.

//go:embed reception.json
var embeddedReception []byte

// MoveRule says what happens to a periodic reception day that is not a
// working day.
type MoveRule string

// The move rules. LAW.md: no national rule; every circular and commune
// schedule found moves the day to the next working day, the default.
const (
	MoveNext     MoveRule = "next"
	MovePrevious MoveRule = "previous"
	MoveSkip     MoveRule = "skip"
)

var moveLabels = map[MoveRule]string{
	MoveNext:     "Chuyển sang ngày làm việc kế tiếp",
	MovePrevious: "Chuyển lên ngày làm việc liền trước",
	MoveSkip:     "Không tiếp kỳ đó",
}

// Label is the rule's Vietnamese name.
func (m MoveRule) Label() string {
	if l, ok := moveLabels[m]; ok {
		return l
	}
	return string(m)
}

// Valid reports whether m is a known rule.
func (m MoveRule) Valid() bool { _, ok := moveLabels[m]; return ok }

// How the presiding leader of a reception day was chosen.
const (
	LeaderByRotation   = "rotation"
	LeaderByAssignment = "assignment"
)

// ReceptionPeriod is one stretch of a committee's reception plan. It runs from
// From until the day before the next period's From (the last one stays in
// force), so that a new quy chế, or the 2025 reform that made a district's
// plan a commune's, is a new period and the old days still read as they were.
type ReceptionPeriod struct {
	From cases.Date `json:"from"`
	// DaysOfMonth are the days of each month (1–31); a day the month lacks
	// falls on its last day ("ngày 30 hằng tháng" is 28/02).
	DaysOfMonth []int `json:"days_of_month,omitempty"`
	// Weekdays are days of each week, monday to friday (a commune head
	// receives at least one day a week).
	Weekdays []string `json:"weekdays,omitempty"`
	// Move is the rule for a day off; empty means next.
	Move MoveRule `json:"move,omitempty"`
	// Leaders preside in turn, one reception day each, counted from the
	// period's first reception day.
	Leaders []string `json:"leaders"`
	// Source is the decision that sets the plan.
	Source string `json:"source,omitempty"`
}

// Assignment names the leader who presides on one reception day instead of
// the one whose turn it is. Date is the day the reception is held or the
// scheduled day it was moved from. The rotation goes on as if the day had been
// taken in turn: an assignment changes one day, not the order of the others.
type Assignment struct {
	Date   cases.Date `json:"date"`
	Leader string     `json:"leader"`
	Note   string     `json:"note,omitempty"`
}

// receptionFile is the plan's file format, version 1.
type receptionFile struct {
	Version     int               `json:"version"`
	Note        string            `json:"note,omitempty"`
	Periods     []ReceptionPeriod `json:"periods"`
	Assignments []Assignment      `json:"assignments,omitempty"`
}

// Reception is a committee's periodic reception plan. It is immutable once
// loaded and safe for concurrent use.
type Reception struct {
	file    receptionFile
	periods []receptionPeriod
	assign  map[cases.Date]Assignment
}

type receptionPeriod struct {
	ReceptionPeriod
	until    cases.Date // its last day; 0 for the last period
	monthDay [32]bool
	weekday  [7]bool
}

var weekdayNames = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

var defaultReception = sync.OnceValue(func() *Reception {
	r, err := LoadReception(bytes.NewReader(embeddedReception))
	if err != nil {
		panic("workflow: embedded reception.json: " + err.Error())
	}
	return r
})

// DefaultReception returns the plan shipped with tiepdan (reception.json): the
// 9th and 24th of each month, moved to the next working day, presided by the
// chairman.
func DefaultReception() *Reception { return defaultReception() }

// LoadReception reads a reception plan (the format of reception.json) and
// checks it: known fields only, periods in order of their start, each with
// days and leaders, known move rules, weekdays that are working days, one
// assignment per date. Errors are invalid-input errors naming the entry.
func LoadReception(r io.Reader) (*Reception, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f receptionFile
	if err := dec.Decode(&f); err != nil {
		return nil, cases.Errorf(cases.EInvalid, "reception plan: %v", err)
	}
	if f.Version != 1 {
		return nil, cases.FieldErrorf("version", "reception plan version %d is not supported (want 1)", f.Version)
	}
	if len(f.Periods) == 0 {
		return nil, cases.FieldErrorf("periods", "missing: the plan needs at least one period")
	}
	rc := &Reception{file: f, assign: make(map[cases.Date]Assignment, len(f.Assignments))}
	for i := range f.Periods {
		p := &rc.file.Periods[i]
		field := fmt.Sprintf("periods[%d]", i)
		if p.From == 0 {
			return nil, cases.FieldErrorf(field+".from", "missing: the day the period starts")
		}
		if i > 0 && p.From <= f.Periods[i-1].From {
			return nil, cases.FieldErrorf(field+".from", "%s is not after the previous period's start %s", p.From, f.Periods[i-1].From)
		}
		if p.Move == "" {
			p.Move = MoveNext
		}
		if !p.Move.Valid() {
			return nil, cases.FieldErrorf(field+".move", "%q is not next, previous or skip", p.Move)
		}
		if len(p.DaysOfMonth) == 0 && len(p.Weekdays) == 0 {
			return nil, cases.FieldErrorf(field, "give days_of_month, weekdays or both")
		}
		rp := receptionPeriod{ReceptionPeriod: *p}
		for _, d := range p.DaysOfMonth {
			if d < 1 || d > 31 {
				return nil, cases.FieldErrorf(field+".days_of_month", "%d is not a day of the month (1–31)", d)
			}
			if rp.monthDay[d] {
				return nil, cases.FieldErrorf(field+".days_of_month", "%d is listed twice", d)
			}
			rp.monthDay[d] = true
		}
		for _, name := range p.Weekdays {
			wd, ok := weekdayNames[name]
			switch {
			case !ok:
				return nil, cases.FieldErrorf(field+".weekdays", "%q is not monday, tuesday, wednesday, thursday or friday", name)
			case wd == time.Saturday || wd == time.Sunday:
				return nil, cases.FieldErrorf(field+".weekdays", "%s is a weekly rest day, not a working day", name)
			case rp.weekday[wd]:
				return nil, cases.FieldErrorf(field+".weekdays", "%s is listed twice", name)
			}
			rp.weekday[wd] = true
		}
		if len(p.Leaders) == 0 {
			return nil, cases.FieldErrorf(field+".leaders", "missing: at least one leader presides")
		}
		for j, l := range p.Leaders {
			if strings.TrimSpace(l) == "" || len(l) > 200 {
				return nil, cases.FieldErrorf(fmt.Sprintf("%s.leaders[%d]", field, j), "must be a name or title of at most 200 bytes")
			}
		}
		if i > 0 {
			rc.periods[i-1].until = p.From - 1
		}
		rc.periods = append(rc.periods, rp)
	}
	for i, a := range f.Assignments {
		field := fmt.Sprintf("assignments[%d]", i)
		switch {
		case a.Date == 0:
			return nil, cases.FieldErrorf(field+".date", "missing")
		case strings.TrimSpace(a.Leader) == "" || len(a.Leader) > 200:
			return nil, cases.FieldErrorf(field+".leader", "must be a name or title of at most 200 bytes")
		}
		if prev, dup := rc.assign[a.Date]; dup {
			return nil, cases.FieldErrorf(field+".date", "%s is already assigned to %s", a.Date, prev.Leader)
		}
		rc.assign[a.Date] = a
	}
	return rc, nil
}

// MarshalJSON writes the plan in its file format, defaults filled in, so that
// `tiepdan schedule --show-config` gives an administrator a file to start from.
func (r *Reception) MarshalJSON() ([]byte, error) { return json.Marshal(r.file) }

// ScheduledDay is one periodic reception day of the plan.
type ScheduledDay struct {
	// Scheduled is the day the plan names (the 9th, the 24th, a Thursday).
	Scheduled cases.Date `json:"scheduled"`
	// Date is the day the reception is held: Scheduled, or the working day it
	// moved to. A skipped day keeps its Scheduled date.
	Date    cases.Date `json:"date"`
	Moved   bool       `json:"moved,omitempty"`
	Skipped bool       `json:"skipped,omitempty"`
	// DayOff says why Scheduled is not a working day: "Nghỉ Tết Nguyên đán",
	// "Chủ nhật".
	DayOff string `json:"day_off,omitempty"`
	// Move is the rule the period applies to a day off.
	Move MoveRule `json:"move"`
	// Merged lists later scheduled days that moved onto this one: one
	// reception is held for both.
	Merged []cases.Date `json:"merged,omitempty"`
	// Reason says in Vietnamese why the day moved or was skipped.
	Reason string `json:"reason,omitempty"`
	// Leader presides (none on a skipped day); LeaderBy says whether by
	// rotation or by assignment, Note carries the assignment's note.
	Leader   string `json:"leader,omitempty"`
	LeaderBy string `json:"leader_by,omitempty"`
	Note     string `json:"note,omitempty"`
}

// key is the date the day is listed on.
func (s *ScheduledDay) key() cases.Date {
	if s.Skipped {
		return s.Scheduled
	}
	return s.Date
}

// moveMargin bounds how far a day off moves a reception day (the longest
// break so far is nine days, weekends around it included): the plan is
// computed this far beyond a range so that days moving into it are found.
const moveMargin = 31

// Days returns the reception days listed between from and to inclusive, by
// date: held on a day in the range, or skipped from a day in it. A nil cal
// means DefaultCalendar.
func (r *Reception) Days(cal *Calendar, from, to cases.Date) []ScheduledDay {
	if cal == nil {
		cal = DefaultCalendar()
	}
	var out []ScheduledDay
	for _, d := range r.plan(cal, from, to+moveMargin) {
		if k := d.key(); from <= k && k <= to {
			out = append(out, d)
		}
	}
	return out
}

// plan computes the reception days scheduled up to hi, sorted by the day they
// are listed on. The turns of a rotation are counted from the start of the
// period; with a single leader there is nothing to count and the days before
// lo are not computed.
func (r *Reception) plan(cal *Calendar, lo, hi cases.Date) []ScheduledDay {
	var out []ScheduledDay
	held := map[cases.Date]int{} // date → index in out
	for _, p := range r.periods {
		if p.From > hi {
			break
		}
		end := hi
		if p.until != 0 {
			end = min(end, p.until)
		}
		start := p.From
		if len(p.Leaders) == 1 {
			start = max(start, lo-moveMargin)
		}
		turn := 0
		for n := start; n <= end; n++ {
			if !p.scheduled(n) {
				continue
			}
			sd := ScheduledDay{Scheduled: n, Date: n, Move: p.Move}
			if off, why := cal.DayOff(n); off {
				sd.DayOff = why
				switch p.Move {
				case MoveNext:
					sd.Date = cal.NextWorkingDay(n)
				case MovePrevious:
					sd.Date = cal.PrevWorkingDay(n)
				case MoveSkip:
					sd.Skipped = true
				}
				sd.Moved = !sd.Skipped
				sd.Reason = moveReason(&sd)
			}
			if !sd.Skipped {
				if i, ok := held[sd.Date]; ok {
					// Two scheduled days fall on one: a single reception.
					first := &out[i]
					first.Merged = append(first.Merged, n)
					if first.Reason == "" {
						first.Reason = capitalize(mergedReason(&sd))
					} else {
						first.Reason += "; " + mergedReason(&sd)
					}
					continue
				}
				sd.Leader, sd.LeaderBy = p.Leaders[turn%len(p.Leaders)], LeaderByRotation
				turn++
				held[sd.Date] = len(out)
			}
			out = append(out, sd)
		}
	}
	for i := range out {
		sd := &out[i]
		if sd.Skipped {
			continue
		}
		if a, ok := r.assignmentFor(sd, held); ok {
			sd.Leader, sd.LeaderBy, sd.Note = a.Leader, LeaderByAssignment, a.Note
		}
	}
	slices.SortStableFunc(out, func(a, b ScheduledDay) int { return int(a.key() - b.key()) })
	return out
}

// assignmentFor finds the assignment of a held day: by the day it is held,
// else by the day it was scheduled on, unless that is itself another held
// day's date.
func (r *Reception) assignmentFor(sd *ScheduledDay, held map[cases.Date]int) (Assignment, bool) {
	if a, ok := r.assign[sd.Date]; ok {
		return a, true
	}
	for _, d := range append([]cases.Date{sd.Scheduled}, sd.Merged...) {
		if _, other := held[d]; other && d != sd.Date {
			continue
		}
		if a, ok := r.assign[d]; ok {
			return a, true
		}
	}
	return Assignment{}, false
}

// scheduled reports whether the period names day n.
func (p *receptionPeriod) scheduled(n cases.Date) bool {
	if p.weekday[n.Weekday()] {
		return true
	}
	_, _, d := n.YMD()
	if p.monthDay[d] {
		return true
	}
	// A day the month lacks falls on its last day.
	if _, _, next := (n + 1).YMD(); next == 1 {
		for x := d + 1; x <= 31; x++ {
			if p.monthDay[x] {
				return true
			}
		}
	}
	return false
}

// moveReason writes why a reception day moved: "Ngày tiếp định kỳ rơi vào thứ
// Ba 24/01/2023 (Nghỉ Tết Nguyên đán) nên chuyển sang thứ Sáu 27/01/2023".
func moveReason(sd *ScheduledDay) string {
	fell := dayInText(sd.Scheduled)
	if sd.DayOff != weekdayLabel(sd.Scheduled) {
		fell += " (" + sd.DayOff + ")"
	}
	switch {
	case sd.Skipped:
		return "Ngày tiếp định kỳ rơi vào " + fell + " nên không tổ chức tiếp kỳ này"
	case sd.Date < sd.Scheduled:
		return "Ngày tiếp định kỳ rơi vào " + fell + " nên chuyển lên " + dayInText(sd.Date)
	}
	return "Ngày tiếp định kỳ rơi vào " + fell + " nên chuyển sang " + dayInText(sd.Date)
}

// capitalize starts s with a capital letter.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// mergedReason says why a scheduled day is held with another: "ngày tiếp định
// kỳ 17/02/2026 (Nghỉ Tết Nguyên đán) cũng chuyển vào ngày này, tiếp chung
// một kỳ", or "trùng ngày tiếp định kỳ 23/02/2026, tiếp chung một kỳ".
func mergedReason(sd *ScheduledDay) string {
	if !sd.Moved {
		return "trùng ngày tiếp định kỳ " + sd.Scheduled.VN() + ", tiếp chung một kỳ"
	}
	s := "ngày tiếp định kỳ " + sd.Scheduled.VN()
	if sd.DayOff != weekdayLabel(sd.Scheduled) {
		s += " (" + sd.DayOff + ")"
	} else {
		s += " (" + weekdayInText[sd.Scheduled.Weekday()] + ")"
	}
	return s + " cũng chuyển vào ngày này, tiếp chung một kỳ"
}

// ScheduleHistory is the recorded history a schedule joins in, handed in as
// plain values. It may hold more than the range needs: Schedule keeps what
// belongs to it.
type ScheduleHistory struct {
	// Units give the committee's name and which units are in a remote area.
	Units []cases.Unit
	// Sessions are the sessions dated in the range.
	Sessions []cases.Session
	// Visits are the visits of those sessions and the visits that set a
	// follow-up appointment on a coming day.
	Visits []cases.Visit
	// Dialogues are the dialogues planned on coming days.
	Dialogues []cases.Dialogue
	// Accepted are the open accepted cases (state accepted).
	Accepted []*cases.Petition
	// Petitions holds the petitions the visits and dialogues are about and
	// those their duplicate chains lead to, by ref.
	Petitions map[string]*cases.Petition
}

// ScheduleRequest says which schedule to build.
type ScheduleRequest struct {
	From, To cases.Date
	// Today divides the past days (a session held or missed) from the coming
	// ones (what is expected). A reception day that is today is not missed yet.
	Today    cases.Date
	Calendar *Calendar // nil means DefaultCalendar
	Rules    *Rules    // nil means DefaultRules
}

// Validate checks the request's dates: from, to and today given, to not
// before from, the range within MaxScheduleDays. Errors name the field, so
// that a caller checks a request before reading the history it needs.
func (req ScheduleRequest) Validate() error {
	switch {
	case req.From == 0:
		return cases.FieldErrorf("from", "a schedule needs from and to dates")
	case req.To == 0:
		return cases.FieldErrorf("to", "a schedule needs from and to dates")
	case req.Today == 0:
		return cases.FieldErrorf("today", "a schedule needs today's date")
	case req.To < req.From:
		return cases.FieldErrorf("to", "%s is before from %s", req.To, req.From)
	case int(req.To-req.From) >= MaxScheduleDays:
		return cases.FieldErrorf("to", "%s–%s spans more than %d days", req.From, req.To, MaxScheduleDays)
	}
	return nil
}

// MaxScheduleDays bounds the range of one schedule.
const MaxScheduleDays = 3 * 366

// DefaultScheduleRange is the range a schedule covers when none is asked
// for: today's month and the next.
func DefaultScheduleRange(today cases.Date) (from, to cases.Date) {
	y, m, _ := today.YMD()
	return cases.NewDate(y, m, 1), cases.NewDate(y, m+2, 0)
}

// DayTitle names a day of the schedule with its weekday, as its heading:
// "Thứ Sáu 27/01/2023".
func DayTitle(d cases.Date) string { return weekdayLabel(d) + " " + d.VN() }

// DayStatus says what a day of the schedule is.
type DayStatus string

// The statuses of a schedule day.
const (
	// DayHeld is a reception day with a periodic session recorded.
	DayHeld DayStatus = "held"
	// DayMissed is a past reception day without a periodic session.
	DayMissed DayStatus = "missed"
	// DayPlanned is a reception day today or to come, no session yet.
	DayPlanned DayStatus = "planned"
	// DaySkipped is a scheduled day off, under the skip rule.
	DaySkipped DayStatus = "skipped"
	// DayAdHoc is another day with an ad hoc session.
	DayAdHoc DayStatus = "adhoc"
	// DayOffSchedule is another day with a periodic session.
	DayOffSchedule DayStatus = "off_schedule"
	// DayAppointments is another coming day with appointments only.
	DayAppointments DayStatus = "appointments"
)

var dayStatusLabels = map[DayStatus]string{
	DayHeld:         "Đã tiếp",
	DayMissed:       "Không có kỳ tiếp được ghi nhận",
	DayPlanned:      "Dự kiến tiếp",
	DaySkipped:      "Không tiếp (trùng ngày nghỉ)",
	DayAdHoc:        "Tiếp đột xuất",
	DayOffSchedule:  "Tiếp định kỳ ngoài lịch",
	DayAppointments: "Lịch hẹn",
}

// Label is the status's Vietnamese name.
func (s DayStatus) Label() string {
	if l, ok := dayStatusLabels[s]; ok {
		return l
	}
	return string(s)
}

// ExpectedKind is the kind of thing expected on a coming day.
type ExpectedKind string

// What a coming day can expect.
const (
	// ExpectFollowUp is an appointment given at an earlier visit.
	ExpectFollowUp ExpectedKind = "follow_up"
	// ExpectDialogue is a dialogue planned with a petitioner.
	ExpectDialogue ExpectedKind = "dialogue"
	// ExpectDeadline is an accepted case whose resolution deadline falls
	// before the next reception day.
	ExpectDeadline ExpectedKind = "deadline"
)

var expectedLabels = map[ExpectedKind]string{
	ExpectFollowUp: "Hẹn tiếp lại",
	ExpectDialogue: "Đối thoại",
	ExpectDeadline: "Hạn giải quyết",
}

// Label is the kind's Vietnamese name.
func (k ExpectedKind) Label() string {
	if l, ok := expectedLabels[k]; ok {
		return l
	}
	return string(k)
}

// Schedule is the reception schedule of a range of dates: a plain value that
// the command line prints and the API serves as JSON. It names petitions by
// ref and counts people; it carries no one's name but the leaders'.
type Schedule struct {
	From  cases.Date `json:"from"`
	To    cases.Date `json:"to"`
	Today cases.Date `json:"today"`
	// Committee is the name of the committee (the own unit), when recorded.
	Committee string          `json:"committee,omitempty"`
	Days      []Day           `json:"days"`
	Summary   ScheduleSummary `json:"summary"`
	// Notes warn of what the plan says but could not apply, in Vietnamese.
	Notes []string `json:"notes,omitempty"`
}

// Day is one date of the schedule: a reception day, or another day with a
// session or an appointment.
type Day struct {
	Date   cases.Date `json:"date"`
	Status DayStatus  `json:"status"`
	// Reception is the periodic reception day listed on this date.
	Reception *ScheduledDay `json:"reception,omitempty"`
	// Sessions are the sessions held this day, periodic first.
	Sessions []HeldSession `json:"sessions,omitempty"`
	// Expected is what a coming day expects: follow-ups, dialogues and
	// deadlines, in that order.
	Expected []Expected `json:"expected,omitempty"`
}

// Lines says in Vietnamese what the day holds, one line each, the lines
// under a line indented by two spaces: why the reception moved, who presides,
// the sessions held with their visits, and what is expected. The command
// line prints them under the day's title; the iCalendar event carries them
// as its description.
func (d *Day) Lines() []string {
	var out []string
	if r := d.Reception; r != nil {
		if r.Reason != "" {
			out = append(out, r.Reason+".")
		}
		if r.Leader != "" {
			out = append(out, fmt.Sprintf("Chủ trì theo lịch: %s (%s)", r.Leader, r.LeaderHow()))
		}
	}
	for i := range d.Sessions {
		k := &d.Sessions[i]
		out = append(out, fmt.Sprintf("%s: %02d lượt, %02d người, %02d vụ việc", k.Title(), len(k.Visits), k.People, len(k.Matters)))
		for _, v := range k.Visits {
			l := "  Lượt " + v.Ref + ": đơn " + v.Petition
			if x := v.Extra(); x != "" {
				l += " (" + x + ")"
			}
			out = append(out, fmt.Sprintf("%s, %02d người", l, v.People))
		}
	}
	if len(d.Expected) > 0 {
		out = append(out, "Dự kiến:")
		for _, e := range d.Expected {
			out = append(out, "  - "+e.Text)
			if e.Explanation != "" {
				out = append(out, "    "+e.Explanation)
			}
		}
	}
	return out
}

// LeaderHow says how the presiding leader was chosen: "luân phiên", or
// "phân công" with the assignment's note.
func (s *ScheduledDay) LeaderHow() string {
	if s.LeaderBy != LeaderByAssignment {
		return "luân phiên"
	}
	if s.Note != "" {
		return "phân công: " + s.Note
	}
	return "phân công"
}

var sessionKindLabels = map[cases.VisitKind]string{cases.Periodic: "Kỳ tiếp định kỳ", cases.AdHoc: "Kỳ tiếp đột xuất"}

// Title names the session in Vietnamese, with who presided and where: "Kỳ
// tiếp đột xuất K-1116, chủ trì: Phó Chủ tịch Lê Thị B (ủy quyền), tại …".
func (k *HeldSession) Title() string {
	kind, ok := sessionKindLabels[k.Kind]
	if !ok {
		kind = k.Kind.Label()
	}
	s := fmt.Sprintf("%s %s, chủ trì: %s", kind, k.Ref, k.PresidedBy)
	if k.Delegated {
		s += " (ủy quyền)"
	}
	if k.Location != "" {
		s += ", tại " + k.Location
	}
	return s
}

// Extra says what a visit's petition is beside its ref: its type and, when
// it is another petition's duplicate, its matter ("tố cáo", "vụ việc P-1").
func (v *SessionVisit) Extra() string {
	var extra []string
	if v.Type != "" {
		extra = append(extra, strings.ToLower(v.Type.Label()))
	}
	if v.Matter != v.Petition {
		extra = append(extra, "vụ việc "+v.Matter)
	}
	return strings.Join(extra, ", ")
}

// HeldSession is a recorded session with its visits, people and matters.
type HeldSession struct {
	cases.Session
	Visits []SessionVisit `json:"visits"`
	People int            `json:"people"`
	// Matters are the distinct matters (vụ việc) of its visits: the refs the
	// petitions' duplicate chains end at.
	Matters []string `json:"matters"`
}

// SessionVisit is one visit of a session, without the citizen.
type SessionVisit struct {
	Ref      string     `json:"ref"`
	Petition string     `json:"petition"`
	Matter   string     `json:"matter"`
	Type     cases.Type `json:"type,omitempty"`
	People   int        `json:"people"`
}

// Expected is one thing a coming day expects.
type Expected struct {
	Kind     ExpectedKind `json:"kind"`
	Petition string       `json:"petition"`
	Matter   string       `json:"matter"`
	Type     cases.Type   `json:"type,omitempty"`
	// On is the date given: the appointment, the dialogue, the deadline.
	On cases.Date `json:"on"`
	// Visit is the visit that gave a follow-up appointment.
	Visit string `json:"visit,omitempty"`
	// Place is where a dialogue is held.
	Place string `json:"place,omitempty"`
	// Unit is the unit resolving a case.
	Unit string `json:"unit,omitempty"`
	// Overdue marks a deadline already passed today.
	Overdue bool `json:"overdue,omitempty"`
	// Text says it in Vietnamese; Explanation says how a deadline was counted.
	Text        string `json:"text"`
	Explanation string `json:"explanation,omitempty"`
}

// ScheduleSummary counts the schedule's days and what its sessions received.
type ScheduleSummary struct {
	// Scheduled counts the reception days held on a day of the range:
	// held, missed and planned.
	Scheduled   int `json:"scheduled"`
	Held        int `json:"held"`
	Missed      int `json:"missed"`
	Planned     int `json:"planned"`
	Skipped     int `json:"skipped"`
	AdHoc       int `json:"adhoc_sessions"`
	OffSchedule int `json:"off_schedule_sessions"`
	// Visits, People and Matters are those of every session in the range;
	// Matters counts a matter once.
	Visits  int `json:"visits"`
	People  int `json:"people"`
	Matters int `json:"matters"`
	// Expected counts the follow-ups, dialogues and deadlines listed.
	Expected int `json:"expected"`
}

// Schedule builds the schedule of req.From..req.To from the plan, the calendar
// and the history h. Scheduled days on or after req.Today list what is
// expected; those before it the session held, or are flagged missed.
func (r *Reception) Schedule(req ScheduleRequest, h *ScheduleHistory) (*Schedule, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if h == nil {
		h = &ScheduleHistory{}
	}
	cal, rules := req.Calendar, req.Rules
	if cal == nil {
		cal = DefaultCalendar()
	}
	if rules == nil {
		rules = DefaultRules()
	}
	b := &scheduleBuilder{req: req, cal: cal, h: h, days: map[cases.Date]*Day{},
		units: make(map[string]cases.Unit, len(h.Units)), remote: cases.RemoteUnits(h.Units)}
	for _, u := range h.Units {
		b.units[u.Ref] = u
	}
	// The plan runs past the range so that days moving into it are found, and
	// to the reception day after it, which bounds the deadlines of the last;
	// from today, when that is earlier, so that the first coming day is known.
	lo, hi := req.From, req.To+2*moveMargin
	if req.To >= req.Today {
		lo = min(lo, req.Today)
	}
	b.plan = r.plan(cal, lo, hi)
	b.hi = hi

	s := &Schedule{From: req.From, To: req.To, Today: req.Today, Days: []Day{}}
	for _, u := range h.Units {
		if u.Kind == cases.Own {
			s.Committee = u.Name
		}
	}
	for i := range b.plan {
		sd := &b.plan[i]
		if b.inRange(sd.key()) {
			b.day(sd.key()).Reception = sd
		}
	}
	b.sessions()
	if req.To >= req.Today {
		b.followUps()
		b.dialogues()
		b.deadlines(rules)
	}
	s.Notes = r.unmatchedAssignments(b.plan, req.From, req.To)

	matters := map[string]bool{}
	for _, d := range b.days {
		d.Status = status(d, req.Today)
		switch d.Status {
		case DayHeld:
			s.Summary.Held++
		case DayMissed:
			s.Summary.Missed++
		case DayPlanned:
			s.Summary.Planned++
		case DaySkipped:
			s.Summary.Skipped++
		}
		for _, hs := range d.Sessions {
			switch {
			case hs.Kind == cases.AdHoc:
				s.Summary.AdHoc++
			case d.Reception == nil || d.Reception.Skipped:
				s.Summary.OffSchedule++
			}
			s.Summary.Visits += len(hs.Visits)
			s.Summary.People += hs.People
			for _, m := range hs.Matters {
				matters[m] = true
			}
		}
		s.Summary.Expected += len(d.Expected)
		slices.SortFunc(d.Expected, compareExpected)
		s.Days = append(s.Days, *d)
	}
	s.Summary.Scheduled = s.Summary.Held + s.Summary.Missed + s.Summary.Planned
	s.Summary.Matters = len(matters)
	slices.SortFunc(s.Days, func(a, b Day) int { return int(a.Date - b.Date) })
	return s, nil
}

var expectedOrder = map[ExpectedKind]int{ExpectFollowUp: 0, ExpectDialogue: 1, ExpectDeadline: 2}

// compareExpected orders a day's expectations: follow-ups, dialogues, then
// deadlines, each by date and petition.
func compareExpected(a, b Expected) int {
	if c := expectedOrder[a.Kind] - expectedOrder[b.Kind]; c != 0 {
		return c
	}
	if a.On != b.On {
		return int(a.On - b.On)
	}
	if c := strings.Compare(a.Petition, b.Petition); c != 0 {
		return c
	}
	if c := strings.Compare(a.Visit, b.Visit); c != 0 {
		return c
	}
	return strings.Compare(a.Place, b.Place)
}

func status(d *Day, today cases.Date) DayStatus {
	periodic, adhoc := false, false
	for _, s := range d.Sessions {
		periodic = periodic || s.Kind == cases.Periodic
		adhoc = adhoc || s.Kind == cases.AdHoc
	}
	switch {
	case d.Reception != nil && d.Reception.Skipped:
		return DaySkipped
	case d.Reception != nil && periodic:
		return DayHeld
	case d.Reception != nil && d.Date < today:
		return DayMissed
	case d.Reception != nil:
		return DayPlanned
	case periodic:
		return DayOffSchedule
	case adhoc:
		return DayAdHoc
	}
	return DayAppointments
}

// unmatchedAssignments warns of assignments dated in the range that name no
// reception day.
func (r *Reception) unmatchedAssignments(plan []ScheduledDay, from, to cases.Date) []string {
	used := map[cases.Date]bool{}
	for _, sd := range plan {
		if sd.LeaderBy != LeaderByAssignment {
			continue
		}
		used[sd.Date], used[sd.Scheduled] = true, true
		for _, m := range sd.Merged {
			used[m] = true
		}
	}
	var notes []string
	for _, a := range r.file.Assignments {
		if a.Date < from || a.Date > to || used[a.Date] {
			continue
		}
		notes = append(notes, fmt.Sprintf("Phân công %s chủ trì ngày %s không trùng ngày tiếp định kỳ nào nên không áp dụng", a.Leader, a.Date.VN()))
	}
	return notes
}

type scheduleBuilder struct {
	req    ScheduleRequest
	cal    *Calendar
	h      *ScheduleHistory
	plan   []ScheduledDay
	hi     cases.Date
	days   map[cases.Date]*Day
	units  map[string]cases.Unit
	remote map[string]bool
}

func (b *scheduleBuilder) inRange(d cases.Date) bool { return b.req.From <= d && d <= b.req.To }

func (b *scheduleBuilder) day(d cases.Date) *Day {
	if x, ok := b.days[d]; ok {
		return x
	}
	x := &Day{Date: d}
	b.days[d] = x
	return x
}

// matter is the matter of petition ref: the end of its chain of petitions
// archived as duplicates. A petition missing from the history ends the chain;
// so does a cycle, which the workflow refuses to record.
func (b *scheduleBuilder) matter(ref string) string {
	seen := map[string]bool{}
	for {
		p := b.h.Petitions[ref]
		if p == nil || p.Archive != cases.Duplicate || p.DuplicateOf == "" || seen[p.DuplicateOf] {
			return ref
		}
		seen[ref] = true
		ref = p.DuplicateOf
	}
}

func (b *scheduleBuilder) typeOf(ref string) cases.Type {
	if p := b.h.Petitions[ref]; p != nil {
		return p.Type
	}
	return ""
}

// sessions lists the sessions of the range with their visits.
func (b *scheduleBuilder) sessions() {
	visits := map[string][]cases.Visit{}
	for _, v := range b.h.Visits {
		if v.Session != "" && v.Kind != cases.Regular {
			visits[v.Session] = append(visits[v.Session], v)
		}
	}
	for _, s := range b.h.Sessions {
		if !b.inRange(s.Date) {
			continue
		}
		hs := HeldSession{Session: s, Visits: []SessionVisit{}, Matters: []string{}}
		vs := visits[s.Ref]
		slices.SortFunc(vs, func(a, b cases.Visit) int {
			if c := a.At.Compare(b.At); c != 0 {
				return c
			}
			return strings.Compare(a.Ref, b.Ref)
		})
		seen := map[string]bool{}
		for i, v := range vs {
			if i > 0 && v.Ref == vs[i-1].Ref {
				continue
			}
			m := b.matter(v.Petition)
			hs.Visits = append(hs.Visits, SessionVisit{Ref: v.Ref, Petition: v.Petition, Matter: m,
				Type: b.typeOf(v.Petition), People: v.People})
			hs.People += v.People
			if !seen[m] {
				seen[m] = true
				hs.Matters = append(hs.Matters, m)
			}
		}
		d := b.day(s.Date)
		d.Sessions = append(d.Sessions, hs)
	}
	for _, d := range b.days {
		slices.SortFunc(d.Sessions, func(x, y HeldSession) int {
			if (x.Kind == cases.Periodic) != (y.Kind == cases.Periodic) {
				if x.Kind == cases.Periodic {
					return -1
				}
				return 1
			}
			return strings.Compare(x.Ref, y.Ref)
		})
	}
}

// place returns the day an appointment dated on is kept: the day a reception
// scheduled on it is held, the next reception held when that one is skipped
// (skipped is then true), the next working day when it is a day off, else on
// itself.
func (b *scheduleBuilder) place(on cases.Date) (kept cases.Date, skipped bool) {
	for i, sd := range b.plan {
		if sd.Scheduled != on && !slices.Contains(sd.Merged, on) {
			continue
		}
		if !sd.Skipped {
			return sd.Date, false
		}
		for _, next := range b.plan[i+1:] {
			if !next.Skipped && next.Date > on {
				return next.Date, true
			}
		}
		break
	}
	return b.cal.NextWorkingDay(on), false
}

// coming reports whether an appointment kept on day d belongs to the
// schedule: a coming day of the range.
func (b *scheduleBuilder) coming(d cases.Date) bool { return d >= b.req.Today && b.inRange(d) }

func (b *scheduleBuilder) followUps() {
	seen := map[string]bool{}
	for _, v := range b.h.Visits {
		if v.FollowUpOn == nil || seen[v.Ref] {
			continue
		}
		seen[v.Ref] = true
		d, skipped := b.place(*v.FollowUpOn)
		if !b.coming(d) {
			continue
		}
		e := Expected{Kind: ExpectFollowUp, Petition: v.Petition, Matter: b.matter(v.Petition),
			Type: b.typeOf(v.Petition), On: *v.FollowUpOn, Visit: v.Ref}
		e.Text = fmt.Sprintf("Hẹn tiếp lại %s: hẹn ngày %s tại lượt tiếp %s ngày %s",
			b.petitionText(&e), e.On.VN(), v.Ref, cases.DateOf(v.At).VN())
		if d != e.On {
			e.Text += movedText(b.cal, e.On, d, skipped)
		}
		b.day(d).Expected = append(b.day(d).Expected, e)
	}
}

func (b *scheduleBuilder) dialogues() {
	for _, dl := range b.h.Dialogues {
		d, skipped := b.place(dl.On)
		if !b.coming(d) {
			continue
		}
		e := Expected{Kind: ExpectDialogue, Petition: dl.Petition, Matter: b.matter(dl.Petition),
			Type: b.typeOf(dl.Petition), On: dl.On, Place: dl.Place}
		e.Text = fmt.Sprintf("Đối thoại %s ngày %s", b.petitionText(&e), e.On.VN())
		if dl.Place != "" {
			e.Text += " tại " + dl.Place
		}
		if d != e.On {
			e.Text += movedText(b.cal, e.On, d, skipped)
		}
		x := b.day(d)
		if !slices.ContainsFunc(x.Expected, func(o Expected) bool {
			return o.Kind == e.Kind && o.Petition == e.Petition && o.On == e.On && o.Place == e.Place
		}) {
			x.Expected = append(x.Expected, e)
		}
	}
}

// deadlines lists each open accepted case on the coming reception day before
// its resolution deadline: the last one on or before it, or the first coming
// one for a deadline before that (already passed, or due before the first
// reception).
func (b *scheduleBuilder) deadlines(rules *Rules) {
	var coming []cases.Date
	for _, sd := range b.plan {
		if !sd.Skipped && sd.Date >= b.req.Today {
			coming = append(coming, sd.Date)
		}
	}
	if len(coming) == 0 {
		return
	}
	seen := map[string]bool{}
	for _, p := range b.h.Accepted {
		if p.State != cases.Accepted || seen[p.Ref] {
			continue
		}
		seen[p.Ref] = true
		dl, ok := rules.Resolution(p, p.ResolvedRemotely(b.remote), b.req.Today, b.cal)
		if !ok {
			continue
		}
		i := max(0, lastOnOrBefore(coming, dl.Due))
		if i == len(coming)-1 && dl.Due > b.hi {
			continue // past the last reception day the plan knows of
		}
		d := coming[i]
		if !b.coming(d) {
			continue
		}
		e := Expected{Kind: ExpectDeadline, Petition: p.Ref, Matter: b.matter(p.Ref), Type: p.Type,
			On: dl.Due, Unit: p.Unit, Overdue: dl.Due < b.req.Today, Explanation: dl.Explain()}
		e.Text = fmt.Sprintf("%s %s: %s", dl.Label(), b.petitionText(&e), dl.Due.VN())
		if p.Unit != "" {
			name := p.Unit
			if u, ok := b.units[p.Unit]; ok {
				name = u.Name
			}
			e.Text += ", " + name + " giải quyết"
		}
		if e.Overdue {
			e.Text += " (đã quá hạn)"
		}
		b.day(d).Expected = append(b.day(d).Expected, e)
	}
}

// lastOnOrBefore returns the index of the last date in ds on or before d, -1
// if none.
func lastOnOrBefore(ds []cases.Date, d cases.Date) int {
	i, found := slices.BinarySearch(ds, d)
	if found {
		return i
	}
	return i - 1
}

// petitionText names a petition by ref, with its type and matter: "đơn P-7
// (khiếu nại, vụ việc P-2)".
func (b *scheduleBuilder) petitionText(e *Expected) string {
	var extra []string
	if e.Type != "" {
		extra = append(extra, strings.ToLower(e.Type.Label()))
	}
	if e.Matter != e.Petition {
		extra = append(extra, "vụ việc "+e.Matter)
	}
	s := "đơn " + e.Petition
	if len(extra) > 0 {
		s += " (" + strings.Join(extra, ", ") + ")"
	}
	return s
}

// movedText says why an appointment is kept on another day: "(thứ Bảy,
// chuyển sang thứ Hai 11/01/2027)", or, when the reception of that day is
// skipped, "(thứ Bảy, không tổ chức tiếp; chuyển sang kỳ tiếp thứ Tư
// 24/02/2027)".
func movedText(cal *Calendar, on, kept cases.Date, skipped bool) string {
	fell := "không tổ chức tiếp"
	if off, why := cal.DayOff(on); off {
		fell = weekdayInText[on.Weekday()]
		if why != weekdayLabel(on) {
			fell += ", " + why
		}
		if skipped {
			fell += ", không tổ chức tiếp;"
		} else {
			fell += ","
		}
	}
	if skipped {
		return fmt.Sprintf(" (%s chuyển sang kỳ tiếp %s)", fell, dayInText(kept))
	}
	return fmt.Sprintf(" (%s chuyển sang %s)", fell, dayInText(kept))
}
