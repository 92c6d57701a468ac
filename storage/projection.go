package storage

import (
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// The projections folded from each event in the transaction that appends
// it: units, sessions, visits and dialogues get their rows at once; a
// petition and its report timeline are changed in the petition cache and
// written when the transaction ends (flush.go).

// project folds the event into its projection table.
func (tx *Tx) project(pc *Prepared, p *cases.Petition, state cases.State, recordedBy string, seq, recordedAt int64) error {
	c := &pc.Command
	var committee string
	var err error
	if c.Op == cases.OpSession || c.Op == cases.OpVisit || c.Op == cases.OpPetition {
		if committee, err = tx.committeeOf(c); err != nil {
			return err
		}
	}
	switch c.Op {
	case cases.OpUnit:
		u := cases.UnitOf(c)
		u.Committee = cases.UnitCommittee(&u, c.Replaces, func(ref string) *cases.Unit {
			r, _ := tx.Unit(tx.ctx, ref)
			return r
		})
		err = tx.insertNew(`INSERT INTO units (`+unitColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.Ref, u.Name, u.Kind, u.Parent, u.Remote, u.LowerLabel,
			u.Level, nullDate(u.ValidFrom), nullDate(u.ValidUntil), u.Committee)
		if err == nil {
			tx.cache.units[c.Ref] = &u
			tx.cache.owns = nil
			err = tx.endUnits(c)
		}
	case cases.OpUnitUntil:
		err = tx.endUnits(c)
	case cases.OpSession:
		d, _ := cases.ParseDate(c.Date)
		err = tx.insertNew(`INSERT INTO sessions (`+sessionColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Ref, c.Kind, int64(d), c.PresidedBy, c.Delegated, c.Location, c.Online, committee)
	case cases.OpVisit:
		v := VisitOf(c)
		var follow any
		if v.FollowUpOn != nil {
			follow = int64(*v.FollowUpOn)
		}
		err = tx.insertNew(`INSERT INTO visits (ref, petition, day, kind, session, people, follow_up_on, doc, committee)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.Ref, v.Petition, int64(cases.DateOf(v.At)), v.Kind, v.Session,
			v.People, follow, pc.visit, committee)
	case cases.OpDialogue:
		on, _ := cases.ParseDate(c.On)
		_, err = tx.exec(`INSERT INTO dialogues (seq, petition, at, on_day, place)
			VALUES (?, ?, ?, ?, ?)`, seq, c.Petition, c.AtTime().UnixMicro(), int64(on), c.Place)
	case cases.OpPetition:
		// Written by flush with whatever else the transaction does to it;
		// a ref already taken was refused before it took a number
		// (Tx.refTaken).
		np := cases.NewPetition(pc.stored(), recordedBy)
		np.Committee = committee
		tx.cache.ps[np.Ref] = np
		tx.cache.stored[np.Ref] = 0 // not in the table yet
		tx.dirty[np.Ref] = true
	default:
		if p == nil {
			return fmt.Errorf("project %s: no petition %s", c.Op, c.Petition)
		}
		p.Apply(c, state)
		if c.Op == cases.OpRoute {
			u, _ := tx.Unit(tx.ctx, c.Unit)
			p.RouteInto(c, u)
		}
		// Written once when the transaction ends: an import batch often
		// moves one petition several times.
		tx.dirty[p.Ref] = true
	}
	if err != nil {
		return fmt.Errorf("project %s %s: %w", c.Op, c.Key(), err)
	}
	return nil
}

// endUnits ends the units that c ends (cases.EndsOf): the units a unit
// with valid_from replaces, or the unit of unit_until.
func (tx *Tx) endUnits(c *cases.Command) error {
	return cases.EndsOf(c, func(ref string, last cases.Date) error {
		u, err := tx.Unit(tx.ctx, ref)
		if err != nil {
			return err
		}
		if !u.EndOn(last) {
			return nil
		}
		if _, err := tx.exec(`UPDATE units SET valid_until = ? WHERE ref = ?`, int64(last), ref); err != nil {
			return err
		}
		tx.cache.units[ref] = u
		return nil
	})
}

// VisitOf builds the visit a validated visit command records.
func VisitOf(c *cases.Command) cases.Visit {
	v := cases.Visit{Ref: c.Ref, Number: c.NumberOf(), At: c.AtTime(), Kind: cases.VisitKind(c.Kind), Session: c.Session,
		Petition: c.Petition, People: c.People, Citizen: c.Citizen, Online: c.Online}
	if c.FollowUpOn != "" {
		d, _ := cases.ParseDate(c.FollowUpOn)
		v.FollowUpOn = &d
	}
	return v
}

// timeline appends the event to its petition's timeline (report.Timeline),
// and an archive as a duplicate to the timeline of the petition it
// duplicates too; flush writes them. The petition is in the cache: the
// command's decision or projection read or created it.
func (tx *Tx) timeline(c *cases.Command, ev *eventRow) error {
	if !inTimeline(c.Op) {
		return nil
	}
	tc := tx.cache
	return report.AppendTimelines(c, cases.State(ev.state), ev.at, ev.recordedAt, ev.seq,
		func(ref string) (report.Timeline, error) {
			// The command's petition is in the cache; the one an archive
			// duplicates is read into it.
			switch _, err := tx.Petition(tx.ctx, ref); {
			case cases.ErrorCode(err) == cases.ENotFound:
				return nil, nil // the workflow let it name none recorded
			case err != nil:
				return nil, fmt.Errorf("timeline of petition %s: %w", ref, err)
			}
			return tc.timelines[ref], nil
		},
		func(ref string, t report.Timeline) {
			tc.timelines[ref] = t
			tx.timelinesDirty[ref] = true
		},
		func(ref string) (*cases.Session, error) { return tx.Session(tx.ctx, ref) })
}

// inTimeline reports whether a command of op is part of a petition's
// timeline: report.InTimeline says so of every op but unit_until, which
// names a unit, not a petition.
func inTimeline(op cases.Op) bool { return op != cases.OpUnitUntil && report.InTimeline(op) }
