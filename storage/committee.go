package storage

import (
	"context"
	"maps"
	"slices"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/export"
)

// Committees in the store (SPEC §10, cases/committee.go): the key of the
// committee a session, visit or petition command is recorded for, and the
// petition a route sends up to another committee.

// committeeOf is the key of the committee c is recorded for: the one it
// names, or the installation's one committee. The Decider has refused a
// command this cannot answer.
func (tx *Tx) committeeOf(c *cases.Command) (string, error) {
	owns, err := tx.OwnUnits(tx.ctx)
	if err != nil {
		return "", err
	}
	return cases.CommitteeOf(c.Committee, owns)
}

// routedTo is a petition's routed_to column: the committee it was routed
// to, NULL when none.
func routedTo(p *cases.Petition) any {
	if !p.RoutedIn {
		return nil
	}
	return p.RoutedTo
}

// routedToText is routed_to as verify reads it back: "" for NULL.
func routedToText(p *cases.Petition) string {
	if !p.RoutedIn {
		return ""
	}
	return p.RoutedTo
}

// linked records the petition that route c of p creates in another
// committee (cases.LinkedPetition), if any: a command of its own, recorded
// by the system at the same time, in the route's transaction.
func (tx *Tx) linked(c *cases.Command, recordedAt int64) error {
	if c.Op != cases.OpRoute || c.To != cases.ToOther {
		return nil
	}
	u, err := tx.Unit(tx.ctx, c.Unit)
	if cases.ErrorCode(err) == cases.ENotFound {
		return nil
	}
	if err != nil {
		return err
	}
	p, err := tx.Petition(tx.ctx, c.Petition)
	if err != nil {
		return err
	}
	// The linked petition names the petitioner in clear, to be sealed
	// again as any command is (Prepare).
	op, err := tx.db.secrets.openPetition(p)
	if err != nil {
		return err
	}
	lc := cases.LinkedPetition(c, op, u)
	if lc == nil {
		return nil
	}
	at := fromMicros(recordedAt)
	pc, err := tx.db.Prepare(*lc, at)
	if err != nil {
		return err
	}
	_, err = tx.execPrepared(pc, cases.Meta{Now: at, User: cases.SystemUser}, false)
	return err
}

// scopeSchedule keeps of r what scope reads: its committees' sessions, the
// petitions it sees and the visits, dialogues and cases about them.
func scopeSchedule(scope *cases.Scope, r *cases.ScheduleRecords) {
	if scope == nil {
		return
	}
	r.Sessions = slices.DeleteFunc(r.Sessions, func(s cases.Session) bool { return !scope.SeesCommittee(s.Committee) })
	maps.DeleteFunc(r.Petitions, func(_ string, p *cases.Petition) bool { return !scope.Sees(p) })
	r.Visits = slices.DeleteFunc(r.Visits, func(v cases.Visit) bool { return r.Petitions[v.Petition] == nil })
	r.Dialogues = slices.DeleteFunc(r.Dialogues, func(d cases.Dialogue) bool { return r.Petitions[d.Petition] == nil })
	r.Accepted = slices.DeleteFunc(r.Accepted, func(p *cases.Petition) bool { return !scope.Sees(p) })
}

// scopeVisits keeps of the reception book's visits what scope reads: those
// about the petitions it sees, at its committees' sessions.
func scopeVisits(scope *cases.Scope, v *export.Visits) {
	if scope == nil {
		return
	}
	maps.DeleteFunc(v.Petitions, func(_ string, p *cases.Petition) bool { return !scope.Sees(p) })
	maps.DeleteFunc(v.Sessions, func(_ string, s cases.Session) bool { return !scope.SeesCommittee(s.Committee) })
	v.Visits = slices.DeleteFunc(v.Visits, func(x cases.Visit) bool { return v.Petitions[x.Petition] == nil })
	maps.DeleteFunc(v.PetitionVisits, func(ref string, _ []cases.Visit) bool { return v.Petitions[ref] == nil })
}

// CommitteeKey is the key of the committee whose own unit is ref, or a
// refusal naming ref when it is no committee of the installation.
func (db *DB) CommitteeKey(ctx context.Context, ref string) (string, error) {
	units, err := db.Units(ctx)
	if err != nil {
		return "", err
	}
	return cases.CommitteeOf(ref, cases.OwnUnits(units))
}
