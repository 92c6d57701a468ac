package storage

import (
	"context"
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
	// Decider asks for one when an archive names the petition it duplicates.
	other func(ctx context.Context, ref string, before int64) (*cases.Petition, error)
}

// version is a unit or a session as the event seq left it.
type version[T any] struct {
	seq int64
	v   *T
}

func newReplayed() *replayed {
	return &replayed{units: map[string][]version[cases.Unit]{}, sessions: map[string][]version[cases.Session]{}}
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

// decode reads e's command and checks it as the store did: valid, and
// its columns its own, telling problem what is wrong. ok is false when the
// command cannot be replayed.
func decode(e *eventRow, problem func(format string, args ...any)) (c cases.Command, ok bool) {
	c, err := cases.DecodeCommand([]byte(e.data))
	if err != nil {
		problem("event %d: unreadable command: %v", e.seq, err)
		return c, false
	}
	if err := c.Validate(time.UnixMicro(e.recordedAt)); err != nil {
		problem("event %d: invalid command: %v", e.seq, err)
		return c, false
	}
	if c.Fingerprint() != e.fingerprint || string(c.Op) != e.op || c.Key() != e.key {
		problem("event %d: its columns do not match its command", e.seq)
	}
	return c, true
}

// decide asks the Decider again and compares its state with the recorded
// one, which is what the fold goes on with.
func (r *replayed) decide(ctx context.Context, decide cases.Decider, e *eventRow, c *cases.Command, p *cases.Petition,
	ver *Verification) cases.State {
	r.seq = e.seq
	state, err := decide(ctx, c, p, r)
	if err != nil {
		ver.problem("event %d (%s %s): the workflow refuses it on replay: %v", e.seq, c.Op, c.Key(), err)
	} else if string(state) != e.state {
		ver.problem("event %d (%s %s): recorded state %q, replay gives %q", e.seq, c.Op, c.Key(), e.state, state)
	}
	return cases.State(e.state)
}

// replayOffice replays a unit, unit_until or session command, in the
// order of the history: the versions of the units and sessions.
func (r *replayed) replayOffice(ctx context.Context, decide cases.Decider, e *eventRow, c *cases.Command, ver *Verification) {
	r.decide(ctx, decide, e, c, nil, ver)
	switch c.Op {
	case cases.OpUnit, cases.OpUnitUntil:
		if c.Op == cases.OpUnit {
			u := cases.UnitOf(c)
			r.units[c.Ref] = append(r.units[c.Ref], version[cases.Unit]{e.seq, &u})
		}
		_ = cases.EndsOf(c, func(ref string, last cases.Date) error {
			vs := r.units[ref]
			if len(vs) == 0 {
				return nil
			}
			u := *vs[len(vs)-1].v
			if u.EndOn(last) {
				r.units[ref] = append(vs, version[cases.Unit]{e.seq, &u})
			}
			return nil
		})
	case cases.OpSession:
		d, _ := cases.ParseDate(c.Date)
		r.sessions[c.Ref] = append(r.sessions[c.Ref], version[cases.Session]{e.seq, &cases.Session{Ref: c.Ref,
			Kind: cases.VisitKind(c.Kind), Date: d, PresidedBy: c.PresidedBy, Delegated: c.Delegated,
			Location: c.Location, Online: c.Online}})
	}
}

// office reports whether op's commands are the office's (units and
// sessions), replayed in the order of the history before the petitions.
func office(op cases.Op) bool {
	return op == cases.OpUnit || op == cases.OpUnitUntil || op == cases.OpSession
}

// replayPetition replays c, an event of the petition being replayed (its
// own, or a visit about it): the Decider, the fold and the timeline. c has
// its number already when it is numbered.
func (r *replayed) replayPetition(ctx context.Context, decide cases.Decider, e *eventRow, c *cases.Command, ver *Verification) {
	var p *cases.Petition
	if c.Petition != "" {
		p, _ = r.Petition(ctx, c.Petition)
	}
	state := r.decide(ctx, decide, e, c, p, ver)
	r.appendTimeline(ctx, e, c, state)
	switch c.Op {
	case cases.OpPetition:
		r.petition = cases.NewPetition(c, e.recordedBy)
	case cases.OpVisit, cases.OpDialogue:
		// Their rows are compared where they are read (verify_stream.go).
	default:
		if p == nil {
			ver.problem("event %d: %s of unknown petition %s", e.seq, c.Op, c.Petition)
			return
		}
		if p == r.petition {
			p.Apply(c, state)
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
