package storage

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// The state rebuilt from the events alone, as Verify replays them: the
// same fold as the write path (cases.Petition.Apply, VisitOf,
// report.AppendTimeline), with the Decider asked again. Verify replays a
// petition at a time (verify_stream.go), so the state held is the office's
// units and sessions, each with its versions in the order of the history,
// and the one petition being replayed; every lookup answers as the history
// stood just before the event being judged.

// replayed is the state a replay holds.
type replayed struct {
	units    map[string][]version[cases.Unit]
	sessions map[string][]version[cases.Session]
	// owns are the own units, by ref, in the order recorded (OwnUnits).
	owns []version[string]
	// ownChanges are the events, in order, that recorded a version of an
	// own unit; ownsMemo the own units as they stood after the first n of
	// them (ownsAt), computed once for every event between two changes.
	ownChanges []int64
	ownRefs    map[string]bool
	ownsMemo   map[int][]cases.Unit
	// seq is the event being replayed: the lookups see only what was
	// recorded before it.
	seq int64
	// group is the petition being replayed, petition its fold so far (nil
	// before its creation) and timeline its report timeline.
	group       string
	petition    *cases.Petition
	timeline    report.Timeline
	timelineSet bool
	// other folds another petition's own events recorded before seq: the
	// Decider asks for one when an archive names the petition it
	// duplicates, or a petition sent up names the one it comes from.
	other func(ctx context.Context, ref string, before int64) (*cases.Petition, error)
	// secrets opens sealed identities; without the key that sealed one,
	// the command is checked with a stand-in (unopened counts them).
	secrets  *Secrets
	unopened int
	// unkeyed counts the events whose keyed fingerprint no key checks.
	unkeyed int
	// inClear counts the events that name a person in clear.
	inClear int
}

// version is a unit or a session as the event seq left it.
type version[T any] struct {
	seq int64
	v   *T
}

func newReplayed(s *Secrets) *replayed {
	return &replayed{units: map[string][]version[cases.Unit]{}, sessions: map[string][]version[cases.Session]{},
		ownRefs: map[string]bool{}, ownsMemo: map[int][]cases.Unit{}, secrets: s}
}

// asOf is the last of vs recorded before seq, nil when none was.
func asOf[T any](vs []version[T], seq int64) *T {
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].seq < seq {
			return vs[i].v
		}
	}
	return nil
}

// last is the last of vs, as the whole history leaves it.
func last[T any](vs []version[T]) *T { return vs[len(vs)-1].v }

// startGroup begins the replay of petition ref.
func (r *replayed) startGroup(ref string) {
	r.group, r.petition, r.timeline, r.timelineSet = ref, nil, nil, false
}

func (r *replayed) Petition(ctx context.Context, ref string) (*cases.Petition, error) {
	if ref == r.group {
		if r.petition != nil {
			return r.petition, nil
		}
	} else if r.other != nil {
		p, err := r.other(ctx, ref, r.seq)
		if p != nil || err != nil {
			return p, err
		}
	}
	return nil, cases.Errorf(cases.ENotFound, "petition %s not found", ref)
}

func (r *replayed) Unit(_ context.Context, ref string) (*cases.Unit, error) {
	if u := asOf(r.units[ref], r.seq); u != nil {
		return u, nil
	}
	return nil, cases.Errorf(cases.ENotFound, "unit %s not found", ref)
}

func (r *replayed) Session(_ context.Context, ref string) (*cases.Session, error) {
	if s := asOf(r.sessions[ref], r.seq); s != nil {
		return s, nil
	}
	return nil, cases.Errorf(cases.ENotFound, "session %s not found", ref)
}

// OwnUnits implements cases.Lookup: the own units recorded before the
// event being judged, as it stood, in the order recorded.
func (r *replayed) OwnUnits(_ context.Context) ([]cases.Unit, error) {
	return r.ownsAt(r.seq), nil
}

// ownChanged notes that event seq recorded a version of an own unit.
func (r *replayed) ownChanged(seq int64) {
	if n := len(r.ownChanges); n == 0 || r.ownChanges[n-1] != seq {
		r.ownChanges = append(r.ownChanges, seq)
	}
}

// ownsAt is the own units recorded before event seq, as they stood: the
// same for every event between two changes of an own unit, so computed
// once for them (the replay asks for every petition, visit and session).
// The slice is shared: callers read it.
func (r *replayed) ownsAt(seq int64) []cases.Unit {
	n, _ := slices.BinarySearch(r.ownChanges, seq)
	if owns, ok := r.ownsMemo[n]; ok {
		return owns
	}
	owns := r.ownsBefore(seq)
	r.ownsMemo[n] = owns
	return owns
}

// ownsBefore computes ownsAt.
func (r *replayed) ownsBefore(seq int64) []cases.Unit {
	var out []cases.Unit
	for _, o := range r.owns {
		if o.seq >= seq {
			break
		}
		if u := asOf(r.units[*o.v], seq); u != nil {
			out = append(out, *u)
		}
	}
	return out
}

// committeeOf is the committee c, of event seq, is recorded for, as the
// write path resolves it ("" when it cannot: the Decider's refusal says
// why).
func (r *replayed) committeeOf(c *cases.Command, seq int64) string {
	k, _ := cases.CommitteeOf(c.Committee, r.ownsAt(seq))
	return k
}

// command is an event's command as stored (its identities sealed, for the
// projections) and as it was received (open, for its checks).
type command struct {
	c, open cases.Command
	// unopened: sealed with a key not given, open has a stand-in;
	// unkeyed: its keyed fingerprint is not computed again; inClear: it
	// names a person in clear.
	unopened, unkeyed, inClear bool
}

// decode reads e's command and checks it as the store did: valid, and
// its columns its own, telling problem what is wrong. ok is false when the
// command cannot be replayed.
func decode(e *eventRow, s *Secrets, problem func(format string, args ...any)) (d command, ok bool) {
	c, err := cases.DecodeCommand([]byte(e.data))
	if err != nil {
		problem("event %d: unreadable command: %v", e.seq, err)
		return d, false
	}
	d.c, d.open = c, c
	switch {
	case sealed(&c):
		err := s.openCommand(&d.open)
		if errors.Is(err, ErrNoSecretsKey) {
			d.unopened = true
			standIn(&d.open)
		} else if err != nil {
			problem("event %d: %v", e.seq, err)
			return d, false
		}
	case c.Petitioner != nil || c.Citizen != nil:
		d.inClear = true
	}
	// No window: what was accepted within the window of its day stays valid.
	if err := d.open.ValidateIn(time.UnixMicro(e.recordedAt), nil); err != nil {
		problem("event %d: invalid command: %v", e.seq, err)
		return d, false
	}
	unnumbered := d.open
	unnumbered.Number = ""
	fp, known := s.fingerprintOf(e.fingerprint, unnumbered.Canonical())
	if !known || d.unopened {
		d.unkeyed = true
		fp = e.fingerprint
	}
	if fp != e.fingerprint || string(c.Op) != e.op || c.Key() != e.key {
		problem("event %d: its columns do not match its command", e.seq)
	}
	return d, true
}

// count adds what d could not check, or holds in clear, to r's counts.
func (r *replayed) count(d *command) {
	if d.unopened {
		r.unopened++
	}
	if d.unkeyed {
		r.unkeyed++
	}
	if d.inClear {
		r.inClear++
	}
}

// standIn puts a stand-in in place of the sealed persons of c, so that a
// command whose identity no key opens is checked for everything else.
func standIn(c *cases.Command) {
	if c.Petitioner != nil && c.Petitioner.Sealed != "" {
		c.Petitioner = &cases.Person{Name: "?"}
	}
	if c.Citizen != nil && c.Citizen.Sealed != "" {
		c.Citizen = &cases.Person{Name: "?"}
	}
}

// decide asks the Decider again, with the command as received, and
// compares its state with the recorded one, which is what the fold goes
// on with.
func (r *replayed) decide(ctx context.Context, decide cases.Decider, e *eventRow, open *cases.Command, p *cases.Petition,
	ver *Verification) cases.State {
	r.seq = e.seq
	state, err := decide(ctx, open, p, r)
	if err != nil {
		ver.problem("event %d (%s %s): the workflow refuses it on replay: %v", e.seq, open.Op, open.Key(), err)
	} else if string(state) != e.state {
		ver.problem("event %d (%s %s): recorded state %q, replay gives %q", e.seq, open.Op, open.Key(), e.state, state)
	}
	return cases.State(e.state)
}

// replayOffice replays a unit, unit_until or session command, in the
// order of the history: the versions of the units and sessions.
func (r *replayed) replayOffice(ctx context.Context, decide cases.Decider, e *eventRow, d *command, ver *Verification) {
	r.decide(ctx, decide, e, &d.open, nil, ver)
	c := &d.c
	switch c.Op {
	case cases.OpUnit, cases.OpUnitUntil:
		if c.Op == cases.OpUnit {
			u := cases.UnitOf(c)
			u.Committee = cases.UnitCommittee(&u, c.Replaces, func(ref string) *cases.Unit { return asOf(r.units[ref], e.seq) })
			r.units[c.Ref] = append(r.units[c.Ref], version[cases.Unit]{e.seq, &u})
			if r.ownRefs[c.Ref] {
				r.ownChanged(e.seq)
			}
			if u.Kind == cases.Own {
				ref := c.Ref
				r.owns = append(r.owns, version[string]{e.seq, &ref})
				r.ownRefs[ref] = true
				r.ownChanged(e.seq)
			}
		}
		_ = cases.EndsOf(c, func(ref string, last cases.Date) error {
			vs := r.units[ref]
			if len(vs) == 0 {
				return nil
			}
			u := *vs[len(vs)-1].v
			if u.EndOn(last) {
				r.units[ref] = append(vs, version[cases.Unit]{e.seq, &u})
				if r.ownRefs[ref] {
					r.ownChanged(e.seq)
				}
			}
			return nil
		})
	case cases.OpSession:
		day, _ := cases.ParseDate(c.Date)
		r.sessions[c.Ref] = append(r.sessions[c.Ref], version[cases.Session]{e.seq, &cases.Session{Ref: c.Ref,
			Kind: cases.VisitKind(c.Kind), Date: day, PresidedBy: c.PresidedBy, Delegated: c.Delegated,
			Location: c.Location, Online: c.Online, Committee: r.committeeOf(c, e.seq)}})
	}
}

// office reports whether op's commands are the office's (units and
// sessions), replayed in the order of the history before the petitions.
func office(op cases.Op) bool {
	return op == cases.OpUnit || op == cases.OpUnitUntil || op == cases.OpSession
}

// replayPetition replays d, an event of the petition being replayed (its
// own, or a visit about it): the Decider, the fold and the timeline. d has
// its number already when it is numbered.
func (r *replayed) replayPetition(ctx context.Context, decide cases.Decider, e *eventRow, d *command, ver *Verification) {
	c := &d.c
	var p *cases.Petition
	if c.Petition != "" {
		p, _ = r.Petition(ctx, c.Petition)
	}
	state := r.decide(ctx, decide, e, &d.open, p, ver)
	r.appendTimeline(ctx, e, c, state)
	switch c.Op {
	case cases.OpPetition:
		r.petition = cases.NewPetition(c, e.recordedBy)
		r.petition.Committee = r.committeeOf(c, e.seq)
	case cases.OpVisit, cases.OpDialogue:
		// Their rows are compared where they are read (verify_stream.go).
	default:
		if p == nil {
			ver.problem("event %d: %s of unknown petition %s", e.seq, c.Op, c.Petition)
			return
		}
		if p == r.petition {
			p.Apply(c, state)
			if c.Op == cases.OpRoute {
				p.RouteInto(c, asOf(r.units[c.Unit], e.seq))
			}
		}
	}
}

// appendTimeline appends c to the timeline of the petition being replayed
// when c is part of it: its own events and visits, and the archive of
// another petition as its duplicate (report.AppendTimelines). What c does
// to another petition's timeline is replayed with that petition.
func (r *replayed) appendTimeline(ctx context.Context, e *eventRow, c *cases.Command, state cases.State) {
	if !inTimeline(c.Op) {
		return
	}
	r.seq = e.seq
	_ = report.AppendTimelines(c, state, e.at, e.recordedAt, e.seq,
		func(ref string) (report.Timeline, error) {
			if ref == r.group {
				return r.timeline, nil
			}
			return nil, nil
		},
		func(ref string, t report.Timeline) {
			if ref == r.group {
				r.timeline, r.timelineSet = t, true
			}
		},
		func(ref string) (*cases.Session, error) { return r.Session(ctx, ref) })
}

// applies reports whether an event of op changes its petition's fold
// (cases.Petition.Apply).
func applies(op cases.Op) bool {
	return !office(op) && op != cases.OpPetition && op != cases.OpVisit && op != cases.OpDialogue
}
