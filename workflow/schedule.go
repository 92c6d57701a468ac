package workflow

import (
	"github.com/tiepdan/tiepdan/cases"
)

// The reception schedule of SPEC §3: the reception days of the plan
// (reception.go) joined with the recorded history, what happened on the past
// days and what is expected on the coming ones. This file holds what a
// schedule is asked for and what it is made of; schedule_build.go builds it,
// schedule_text.go words it in Vietnamese and schedule_ics.go writes it as
// iCalendar.

// ScheduleHistory is the recorded history a schedule joins in, read by the
// caller and handed in, so that building a schedule reads nothing. It may
// hold more than the range needs: Schedule keeps what belongs to it.
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
	// Committee is the key of the committee whose schedule it is (SPEC
	// §10): its units name it and give its level, its sessions are held,
	// the cases it handles are expected. "" is the installation's first.
	Committee string
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

// Schedule is the reception schedule of a range of dates, as the command line
// prints it and the API serves it as JSON. It names petitions by ref and
// counts people; it carries no one's name but the leaders'.
type Schedule struct {
	From  cases.Date `json:"from"`
	To    cases.Date `json:"to"`
	Today cases.Date `json:"today"`
	// Committee is the name of the committee (the own unit in force on the
	// range's last day), when recorded.
	Committee string          `json:"committee,omitempty"`
	Days      []Day           `json:"days"`
	Summary   ScheduleSummary `json:"summary"`
	// Notes warn of what the plan says but could not apply, in Vietnamese.
	Notes []string `json:"notes,omitempty"`
	// Level is the level of the committee in force on the range's last day,
	// when its unit records one.
	Level cases.Level `json:"level,omitempty"`
	// Shortfalls are the weeks or months of the range in which the plan
	// schedules fewer days than the law's minimum for the level of the
	// committee in force then.
	Shortfalls []Shortfall `json:"shortfalls,omitempty"`
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
	// Delegation says, in Vietnamese, that the day's periodic sessions, all
	// presided by a delegate, do not count towards the head's minimum days
	// under the law of that day.
	Delegation string `json:"delegation,omitempty"`
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
