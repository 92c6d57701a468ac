package report

import (
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"time"

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
type Timeline []byte

// InTimeline reports whether a command of op is part of a petition's
// timeline, and AppendTimeline must be called for it.
func InTimeline(op cases.Op) bool {
	switch op {
	case cases.OpUnit, cases.OpSession, cases.OpDialogue:
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
	t = appendString(t, string(c.Op))
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

// timelineEntry is one decoded entry; its strings are interned.
type timelineEntry struct {
	op         cases.Op
	at         int64 // unix µs
	recordedAt int64 // unix µs
	state      cases.State
	seq        int64 // visits
	c          cases.Command
	eligible   bool
}

var errTimeline = errors.New("malformed timeline")

// timelineReader decodes a timeline entry by entry.
type timelineReader struct {
	b       []byte
	first   bool
	baseAt  int64
	baseRec int64
	strings *interner // nil: every string is copied
	e       timelineEntry
	err     error // why the last entries stopped early
}

// interner keeps the strings a report meets over and over (ops, states,
// types, units) so that decoding them allocates nothing: a direct-mapped
// cache, a string displacing another on a collision.
type interner struct{ slots [512]string }

func (in *interner) get(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	h := (uint(len(b))*31 + uint(b[0])*7 + uint(b[len(b)-1])*131 + uint(b[len(b)/2])*17) % uint(len(in.slots))
	if s := in.slots[h]; s == string(b) {
		return s
	}
	s := string(b)
	in.slots[h] = s
	return s
}

func (r *timelineReader) reset(b []byte) {
	r.b, r.first = b, false
}

func (r *timelineReader) uvarint() (uint64, error) {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		return 0, errTimeline
	}
	r.b = r.b[n:]
	return v, nil
}

func (r *timelineReader) varint() (int64, error) {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		return 0, errTimeline
	}
	r.b = r.b[n:]
	return v, nil
}

func (r *timelineReader) str() (string, error) {
	n, err := r.uvarint()
	if err != nil || n > uint64(len(r.b)) {
		return "", errTimeline
	}
	b := r.b[:n]
	r.b = r.b[n:]
	if r.strings == nil {
		return string(b), nil
	}
	return r.strings.get(b), nil
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

// next decodes the next entry into e; it returns false at the end.
func (r *timelineReader) next(e *timelineEntry) (bool, error) {
	if len(r.b) == 0 {
		return false, nil
	}
	op, err := r.str()
	if err != nil {
		return false, err
	}
	// Only what next sets is reset: ApplyAt reads no other field of the
	// command, and the entry is reused, command and all, for every entry.
	e.op, e.state, e.seq, e.eligible = cases.Op(op), "", 0, false
	c := &e.c
	c.Op, c.Ref, c.Channel, c.Kind, c.People = e.op, "", "", "", 0
	c.Type, c.Field, c.Complex, c.Instance = "", "", "", 0
	c.To, c.Unit, c.Method = "", "", ""
	c.Reason, c.DuplicateOf, c.Days, c.Verdict = "", "", 0, ""
	c.Eligible = nil
	if e.at, err = r.varint(); err != nil {
		return false, err
	}
	if e.recordedAt, err = r.varint(); err != nil {
		return false, err
	}
	if !r.first {
		r.first, r.baseAt, r.baseRec = true, e.at, e.recordedAt
	} else {
		e.at += r.baseAt
		e.recordedAt += r.baseRec
	}
	str := func(dst *string) {
		if err == nil {
			*dst, err = r.str()
		}
	}
	switch e.op {
	case cases.OpPetition:
		str((*string)(&c.Channel))
		return err == nil, err
	case cases.OpVisit:
		var seq, people uint64
		seq, err = r.uvarint()
		e.seq = int64(seq)
		str(&c.Kind)
		if err == nil {
			people, err = r.uvarint()
			c.People = int(people)
		}
		return err == nil, err
	case opDuplicated:
		str(&c.Ref)
		return err == nil, err
	}
	str((*string)(&e.state))
	switch e.op {
	case cases.OpClassify:
		str((*string)(&c.Type))
		str((*string)(&c.Field))
		if err == nil {
			if len(r.b) == 0 {
				return false, errTimeline
			}
			e.eligible = r.b[0] == 1
			r.b = r.b[1:]
		}
		str((*string)(&c.Complex))
		if err == nil {
			var n int64
			n, err = r.varint()
			c.Instance = int(n)
		}
	case cases.OpRoute:
		str((*string)(&c.To))
		str(&c.Unit)
		str((*string)(&c.Method))
	case cases.OpArchive:
		str(&c.Reason)
		str(&c.DuplicateOf)
	case cases.OpExtend:
		if err == nil {
			var n int64
			n, err = r.varint()
			c.Days = int(n)
		}
	case cases.OpResolve:
		str((*string)(&c.Verdict))
	}
	return err == nil, err
}

// dayOfMicro is the date, in +07:00, of unix µs t.
func dayOfMicro(t int64) cases.Date {
	s := t/1e6 + 7*3600
	if t%1e6 < 0 {
		s--
	}
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return cases.Date(d)
}

// timelineFold is a petition as its timeline shows it at the end of a day.
type timelineFold struct {
	created    bool // its creation is kept
	firstVisit visitKey
	visited    bool
	// duplicatedBy are the petitions archived as its duplicates.
	duplicatedBy []string
}

// entries yields each entry of t in order (the entry is reused: valid until
// the next); when t cannot be read, it stops and failed says why.
func (r *timelineReader) entries(t Timeline) iter.Seq[*timelineEntry] {
	return func(yield func(*timelineEntry) bool) {
		r.reset(t)
		r.err = nil
		for {
			ok, err := r.next(&r.e)
			if err != nil {
				r.err = err
				return
			}
			if !ok || !yield(&r.e) {
				return
			}
		}
	}
}

// failed is why the last entries of petition ref stopped early, if they did.
func (r *timelineReader) failed(ref string) error {
	if r.err != nil {
		return fmt.Errorf("timeline of petition %s: %w", ref, r.err)
	}
	return nil
}

// keptBy reports whether the entry counts at the end of day to, as of asOf.
func (e *timelineEntry) keptBy(to cases.Date, asOf int64) bool {
	return dayOfMicro(e.at) <= to && e.recordedAt <= asOf
}

// foldTimeline folds the entries of t dated on or before to and recorded at
// or before asOf into p, petition ref, cases.Petition.ApplyAt doing what
// each event does, and finds its first visit among those kept; it calls
// visit, when not nil, with each visit kept.
func foldTimeline(r *timelineReader, ref string, t Timeline, to cases.Date, asOf int64, p *cases.Petition,
	visit func(*timelineEntry)) (timelineFold, error) {
	var out timelineFold
	for e := range r.entries(t) {
		if !e.keptBy(to, asOf) {
			continue
		}
		switch e.op {
		case cases.OpPetition:
			if !out.created {
				e.c.Ref = ref
				p.Start(&e.c, time.UnixMicro(e.at).In(cases.Zone), "")
				out.created = true
			}
		case cases.OpVisit:
			k := visitKey{e.at, e.seq}
			if !out.visited || k.before(out.firstVisit) {
				out.firstVisit, out.visited = k, true
			}
			if visit != nil {
				visit(e)
			}
		case opDuplicated:
			out.duplicatedBy = append(out.duplicatedBy, e.c.Ref)
		default:
			if out.created {
				if e.op == cases.OpClassify {
					e.c.Eligible = &e.eligible
				}
				p.ApplyAt(&e.c, time.UnixMicro(e.at).In(cases.Zone), e.state)
			}
		}
	}
	return out, r.failed(ref)
}

// timelineLink is the link of petition ref (its duplicate_of, the
// petitions archived as its duplicates and its first visit), the date it was
// received and its type as last classified, as foldTimeline's fold would
// give them, without the fold: an archive as a duplicate sets duplicate_of,
// any other archive clears it, as cases.Petition.ApplyAt does. It calls
// visit, when not nil, with each visit kept.
func timelineLink(r *timelineReader, ref string, t Timeline, to cases.Date, asOf int64,
	visit func(*timelineEntry)) (chainLink, error) {
	l := chainLink{received: -1}
	created := false
	for e := range r.entries(t) {
		if !e.keptBy(to, asOf) {
			continue
		}
		switch e.op {
		case cases.OpPetition:
			if !created {
				created, l.received = true, dayOfMicro(e.at)
			}
		case cases.OpClassify:
			if created {
				l.typ = e.c.Type
			}
		case cases.OpVisit:
			k := visitKey{e.at, e.seq}
			if !l.visited || k.before(l.firstVisit) {
				l.firstVisit, l.visited = k, true
			}
			if visit != nil {
				visit(e)
			}
		case opDuplicated:
			l.duplicatedBy = append(l.duplicatedBy, e.c.Ref)
		case cases.OpArchive:
			if created {
				l.duplicateOf = ""
				if cases.ArchiveReason(e.c.Reason) == cases.Duplicate {
					l.duplicateOf = e.c.DuplicateOf
				}
			}
		}
	}
	if err := r.failed(ref); err != nil {
		return chainLink{}, err
	}
	if !created {
		// Not received yet: its visits dated by then still count.
		return chainLink{received: -1, visited: l.visited, firstVisit: l.firstVisit, duplicatedBy: l.duplicatedBy}, nil
	}
	return l, nil
}

// chainLink is a petition's link (see link) by refs, as its timeline gives
// it.
type chainLink struct {
	received     cases.Date // -1 when not received by then
	typ          cases.Type
	duplicateOf  string
	duplicatedBy []string
	visited      bool
	firstVisit   visitKey
}

// EarliestVisit is the at (unix µs) of the earliest visit in t, and whether
// t has any.
func EarliestVisit(t Timeline) (at int64, ok bool, err error) {
	var r timelineReader
	for e := range r.entries(t) {
		if e.op == cases.OpVisit && (!ok || e.at < at) {
			at, ok = e.at, true
		}
	}
	return at, ok, r.err
}

// LatestDeadlineChange returns the latest date of an extend, suspend or
// resume event in t, the events that change a case's resolution deadline
// beyond its accept day, type, instance, complexity and unit: false when
// there is none.
func LatestDeadlineChange(t Timeline) (day cases.Date, ok bool, err error) {
	var r timelineReader
	for e := range r.entries(t) {
		switch e.op {
		case cases.OpExtend, cases.OpSuspend, cases.OpResume:
			if d := dayOfMicro(e.at); !ok || d > day {
				day, ok = d, true
			}
		}
	}
	return day, ok, r.err
}
