package cases

import "time"

// The administrator's edits of the working-day calendar and of the reception
// plan: append-only records with who and when. The store keeps them and
// reads them back in order; what they mean is the workflow's
// (workflow.CalendarEdit, workflow.ReceptionEdit, which have the same fields
// and are converted from these where they are used).

// CalendarEdit is one edit of the holiday table: what day Date becomes
// (Kind off, working or ordinary), its name and source, who recorded it and
// when. Seq orders the edits. Committee is the key of the committee it is
// for: "" for the whole installation, another committee's key for that
// committee only (SPEC §10).
type CalendarEdit struct {
	Seq        int64
	Date       Date
	Kind       string
	Name       string
	Source     string
	RecordedAt time.Time
	RecordedBy string
	Committee  string
}

// ReceptionEdit is one version of the reception plan: the whole plan as
// JSON, what changed in words, who recorded it and when. Seq orders the
// versions. Committee is the key of the committee whose plan it is ("":
// the installation's, which a committee without a plan of its own follows).
type ReceptionEdit struct {
	Seq        int64
	Plan       string
	Note       string
	RecordedAt time.Time
	RecordedBy string
	Committee  string
}

// ScheduleRecords is the history the reception schedule of a range joins
// in, as the store reads it. Its fields are those of
// workflow.ScheduleHistory, which it is converted to.
type ScheduleRecords struct {
	Units     []Unit
	Sessions  []Session
	Visits    []Visit
	Dialogues []Dialogue
	Accepted  []*Petition
	Petitions map[string]*Petition
}
