package storage

import (
	"context"
	"errors"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// The state rebuilt from the events alone, as Verify replays them: the
// same fold as the write path (cases.Petition.Apply, VisitOf,
// report.AppendTimeline), with the Decider asked again.

// replayed is the state rebuilt from the events alone.
type replayed struct {
	units     map[string]*cases.Unit
	sessions  map[string]*cases.Session
	petitions map[string]*cases.Petition
	visits    map[string]cases.Visit
	timelines map[string]report.Timeline
	dialogues map[int64]cases.Dialogue
	books     *books
	// secrets opens sealed identities; without the key that sealed one,
	// the command is checked with a stand-in (unopened counts them).
	secrets  *Secrets
	unopened int
	// unkeyed counts the events whose keyed fingerprint no key checks.
	unkeyed int
	// inClear counts the events that name a person in clear.
	inClear int
}

func (r *replayed) Petition(_ context.Context, ref string) (*cases.Petition, error) {
	if p, ok := r.petitions[ref]; ok {
		return p, nil
	}
	return nil, cases.Errorf(cases.ENotFound, "petition %s not found", ref)
}

func (r *replayed) Unit(_ context.Context, ref string) (*cases.Unit, error) {
	if u, ok := r.units[ref]; ok {
		return u, nil
	}
	return nil, cases.Errorf(cases.ENotFound, "unit %s not found", ref)
}

func (r *replayed) Session(_ context.Context, ref string) (*cases.Session, error) {
	if s, ok := r.sessions[ref]; ok {
		return s, nil
	}
	return nil, cases.Errorf(cases.ENotFound, "session %s not found", ref)
}

func (r *replayed) replay(ctx context.Context, decide cases.Decider, e *eventRow, ver *Verification) {
	c, err := cases.DecodeCommand([]byte(e.data))
	if err != nil {
		ver.problem("event %d: unreadable command: %v", e.seq, err)
		return
	}
	// c stays as stored, its identities sealed, for the projections;
	// open is the command as it was received, for its checks.
	open, opened := c, true
	switch {
	case sealed(&c):
		err := r.secrets.openCommand(&open)
		if errors.Is(err, ErrNoSecretsKey) {
			opened = false
			r.unopened++
			standIn(&open)
		} else if err != nil {
			ver.problem("event %d: %v", e.seq, err)
			return
		}
	case c.Petitioner != nil || c.Citizen != nil:
		r.inClear++
	}
	recordedAt := time.UnixMicro(e.recordedAt)
	// No window: what was accepted within the window of its day stays valid.
	if err := open.ValidateIn(recordedAt, nil); err != nil {
		ver.problem("event %d: invalid command: %v", e.seq, err)
		return
	}
	unnumbered := open
	unnumbered.Number = ""
	fp, known := r.secrets.fingerprintOf(e.fingerprint, unnumbered.Canonical())
	if !known || !opened {
		r.unkeyed++
		fp = e.fingerprint
	}
	if fp != e.fingerprint || string(c.Op) != e.op || c.Key() != e.key {
		ver.problem("event %d: its columns do not match its command", e.seq)
	}
	if numbered(c.Op) {
		// An event recorded before the books began has no number: it
		// takes the next of its book, as the migration gave it.
		n, holder := r.books.take(&c)
		if holder != "" {
			ver.problem("event %d (%s %s): number %s is %s's already", e.seq, c.Op, c.Key(), n, holder)
		}
		c.Number = n.String()
		open.Number = c.Number
	}
	var p *cases.Petition
	if c.Petition != "" {
		p = r.petitions[c.Petition]
	}
	state, err := decide(ctx, &open, p, r)
	if err != nil {
		ver.problem("event %d (%s %s): the workflow refuses it on replay: %v", e.seq, c.Op, c.Key(), err)
	} else if string(state) != e.state {
		ver.problem("event %d (%s %s): recorded state %q, replay gives %q", e.seq, c.Op, c.Key(), e.state, state)
	}
	state = cases.State(e.state)
	if inTimeline(c.Op) {
		_ = report.AppendTimelines(&c, state, e.at, e.recordedAt, e.seq,
			func(ref string) (report.Timeline, error) { return r.timelines[ref], nil },
			func(ref string, t report.Timeline) { r.timelines[ref] = t },
			func(ref string) (*cases.Session, error) { return r.Session(ctx, ref) })
	}
	switch c.Op {
	case cases.OpUnit, cases.OpUnitUntil:
		if c.Op == cases.OpUnit {
			u := cases.UnitOf(&c)
			r.units[c.Ref] = &u
		}
		_ = cases.EndsOf(&c, func(ref string, last cases.Date) error {
			if u := r.units[ref]; u != nil {
				u.EndOn(last)
			}
			return nil
		})
	case cases.OpSession:
		d, _ := cases.ParseDate(c.Date)
		r.sessions[c.Ref] = &cases.Session{Ref: c.Ref, Kind: cases.VisitKind(c.Kind), Date: d,
			PresidedBy: c.PresidedBy, Delegated: c.Delegated, Location: c.Location, Online: c.Online}
	case cases.OpPetition:
		r.petitions[c.Ref] = cases.NewPetition(&c, e.recordedBy)
	case cases.OpVisit:
		v := VisitOf(&c)
		r.visits[c.Ref] = v
	case cases.OpDialogue:
		on, _ := cases.ParseDate(c.On)
		r.dialogues[e.seq] = cases.Dialogue{Petition: c.Petition, At: c.AtTime(), On: on, Place: c.Place}
	default:
		if p == nil {
			ver.problem("event %d: %s of unknown petition %s", e.seq, c.Op, c.Petition)
			return
		}
		p.Apply(&c, state)
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
