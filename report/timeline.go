package report

import (
	"encoding/binary"

	"github.com/tiepdan/tiepdan/cases"
)

// A Timeline is one petition's history as the statistics read it: its
// creation, its workflow events and its visits, in the order they were
// recorded, each with its time, its recording time and what the fold
// (cases.Petition.ApplyAt) and the figures need. It holds no personal data
// and no free text: not the petitioner, the summary, the reasons of a
// rejection, suspension or termination, nor a decision's number.
//
// A store keeps one per petition, appended to in the transaction that records
// the event (it is a projection of the history like any other, rebuilt and
// compared by verify), so that a report reads a petition's history in one
// short value instead of its events, and sees it as it stood at the end of any
// day and as of any recording instant.
//
// Encoding: a sequence of entries, each
//
//	op (string) | at (varint) | recorded_at (varint) | op's fields
//
// where a string is a uvarint length and its bytes, at and recorded_at are
// unix microseconds, absolute in the first entry (the creation) and
// differences from the first entry's in the others, and the fields are:
// petition: channel; classify: state, type, field, eligible (0/1), complex,
// instance; route: state, to, unit, method; archive: state, reason,
// duplicate_of; extend: state, days; resolve: state, verdict; accept, reject,
// suspend, resume, implement, terminate: state; visit: seq (uvarint), kind,
// people (uvarint); duplicated (see opDuplicated): the duplicate's ref.
//
// An online visit is written as op visit_online (opOnlineVisit) and a
// resolve with an outcome as resolve_outcome (opResolveOutcome), the latter
// with the outcome after the verdict: new ops rather than new fields, so
// that every timeline written before them reads as it did.
type Timeline []byte

// opOnlineVisit is the entry of a visit that is online (cases.VisitOnline):
// a visit's fields, read as a visit with Online set.
const opOnlineVisit cases.Op = "visit_online"

// opResolveOutcome is the entry of a resolve that records an outcome: a
// resolve's fields and the outcome, read as a resolve with Outcome set.
const opResolveOutcome cases.Op = "resolve_outcome"

// InTimeline reports whether a command of op is part of a petition's
// timeline, and AppendTimeline must be called for it.
func InTimeline(op cases.Op) bool {
	switch op {
	case cases.OpUnit, cases.OpSession, cases.OpDialogue, cases.OpSecret:
		return false
	}
	return true
}

// AppendTimeline appends to t the event that recorded c: dated at and
// recorded at recordedAt (unix µs), its sequence number seq, and the state it
// left the petition in. t is the petition's timeline so far (empty for its
// creation). It returns t unchanged for a command that is not part of a
// timeline (see InTimeline).
func AppendTimeline(t Timeline, c *cases.Command, state cases.State, at, recordedAt, seq int64) Timeline {
	if !InTimeline(c.Op) {
		return t
	}
	if len(t) > 0 {
		r := timelineReader{b: t}
		if baseAt, baseRec, err := r.header(); err == nil {
			at, recordedAt = at-baseAt, recordedAt-baseRec
		}
	}
	op := c.Op
	switch {
	case op == cases.OpVisit && c.Online:
		op = opOnlineVisit
	case op == cases.OpResolve && c.Outcome != "":
		op = opResolveOutcome
	}
	t = appendString(t, string(op))
	t = binary.AppendVarint(t, at)
	t = binary.AppendVarint(t, recordedAt)
	switch c.Op {
	case cases.OpPetition:
		return appendString(t, string(c.Channel))
	case cases.OpVisit:
		t = binary.AppendUvarint(t, uint64(seq))
		t = appendString(t, c.Kind)
		return binary.AppendUvarint(t, uint64(max(c.People, 0)))
	}
	t = appendString(t, string(state))
	switch c.Op {
	case cases.OpClassify:
		t = appendString(t, string(c.Type))
		t = appendString(t, string(c.Field))
		eligible := byte(0)
		if c.Eligible != nil && *c.Eligible {
			eligible = 1
		}
		t = append(t, eligible)
		t = appendString(t, string(c.Complex))
		t = binary.AppendVarint(t, int64(c.Instance))
	case cases.OpRoute:
		t = appendString(t, string(c.To))
		t = appendString(t, c.Unit)
		t = appendString(t, string(c.Method))
	case cases.OpArchive:
		t = appendString(t, c.Reason)
		t = appendString(t, c.DuplicateOf)
	case cases.OpExtend:
		t = binary.AppendVarint(t, int64(c.Days))
	case cases.OpResolve:
		t = appendString(t, string(c.Verdict))
		if c.Outcome != "" {
			t = appendString(t, string(c.Outcome))
		}
	}
	return t
}

// opDuplicated is the entry, in the timeline of the petition another is
// archived as a duplicate of, that records it: so that a petition's timeline
// tells which petitions share its matter. Its field is the other's ref; it
// has the archive's at, recorded_at and seq.
const opDuplicated cases.Op = "duplicated"

// AppendDuplicated appends to t, the timeline of the petition that c (an
// archive as a duplicate, dated at and recorded at recordedAt) names as
// duplicate_of, the entry that records it. It returns t unchanged for any
// other command.
func AppendDuplicated(t Timeline, c *cases.Command, at, recordedAt int64) Timeline {
	if c.Op != cases.OpArchive || cases.ArchiveReason(c.Reason) != cases.Duplicate || c.DuplicateOf == "" || len(t) == 0 {
		return t
	}
	r := timelineReader{b: t}
	if baseAt, baseRec, err := r.header(); err == nil {
		at, recordedAt = at-baseAt, recordedAt-baseRec
	}
	t = appendString(t, string(opDuplicated))
	t = binary.AppendVarint(t, at)
	t = binary.AppendVarint(t, recordedAt)
	return appendString(t, c.Petition)
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// header decodes the times of the first entry only.
func (r *timelineReader) header() (at, recordedAt int64, err error) {
	if _, err := r.str(); err != nil {
		return 0, 0, err
	}
	if at, err = r.varint(); err != nil {
		return 0, 0, err
	}
	recordedAt, err = r.varint()
	return at, recordedAt, err
}
