package report

import (
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// timelineEntry is one decoded entry; its strings are interned.
type timelineEntry struct {
	op         cases.Op
	at         int64 // unix µs
	recordedAt int64 // unix µs
	state      cases.State
	seq        int64 // visits
	// c is the entry's command as far as the timeline tells it: c.Online
	// of a visit is whether it is online (its session's online included).
	c        cases.Command
	eligible bool
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
	c.Online, c.Outcome = false, ""
	switch e.op {
	case opOnlineVisit:
		e.op, c.Online = cases.OpVisit, true
	case opResolveOutcome:
		e.op = cases.OpResolve
	}
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
		if cases.Op(op) == opResolveOutcome {
			str((*string)(&c.Outcome))
		}
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
