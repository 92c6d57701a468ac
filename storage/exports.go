package storage

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/export"
)

// The reception book's read (export.Store). The visits come in the order
// they were recorded: the order of their events.
const (
	exportVisitsSQL = `SELECT v.doc FROM visits v JOIN events e ON e.key = v.ref AND e.op = 'visit'
		WHERE v.day BETWEEN ? AND ? ORDER BY e.seq`
	exportPetitionVisitsSQL = `SELECT doc FROM visits WHERE petition IN (` + refsSQL + `)`
	exportSessionsSQL       = `SELECT ` + sessionColumns + ` FROM sessions WHERE ref IN (` + refsSQL + `)`
)

var _ export.Store = (*DB)(nil)

// ReceptionVisits implements export.Store.
func (db *DB) ReceptionVisits(ctx context.Context, from, to cases.Date) (*export.Visits, error) {
	tx, err := db.read.BeginTx(ctx, &sqlReadOnly)
	if err != nil {
		return nil, fmt.Errorf("begin reception book: %w", err)
	}
	defer tx.Rollback()
	out := &export.Visits{Sessions: map[string]cases.Session{}, Petitions: map[string]*cases.Petition{},
		PetitionVisits: map[string][]cases.Visit{}}
	decode := func(scan func(...any) error) (cases.Visit, error) {
		var doc string
		var v cases.Visit
		if err := scan(&doc); err != nil {
			return v, err
		}
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			return v, fmt.Errorf("decode visit: %w", err)
		}
		return v, db.secrets.openVisit(&v)
	}
	err = each(ctx, tx, exportVisitsSQL, func(scan func(...any) error) error {
		v, err := decode(scan)
		out.Visits = append(out.Visits, v)
		return err
	}, int64(from), int64(to))
	if err != nil {
		return nil, fmt.Errorf("read the visits of %s–%s: %w", from, to, err)
	}
	var petitions, sessions []string
	seen := map[string]bool{}
	for _, v := range out.Visits {
		if !seen["p "+v.Petition] {
			seen["p "+v.Petition] = true
			petitions = append(petitions, v.Petition)
		}
		if v.Session != "" && !seen["s "+v.Session] {
			seen["s "+v.Session] = true
			sessions = append(sessions, v.Session)
		}
	}
	err = eachList(petitions, func(list any) error {
		if err := each(ctx, tx, exportPetitionVisitsSQL, func(scan func(...any) error) error {
			v, err := decode(scan)
			v.Citizen = nil
			out.PetitionVisits[v.Petition] = append(out.PetitionVisits[v.Petition], v)
			return err
		}, list); err != nil {
			return err
		}
		return each(ctx, tx, schedulePetitionsSQL, func(scan func(...any) error) error {
			p, err := scanPetitionDoc(scan)
			if err == nil {
				p, err = db.secrets.openPetition(p)
			}
			if err == nil {
				out.Petitions[p.Ref] = p
			}
			return err
		}, list)
	})
	if err != nil {
		return nil, fmt.Errorf("read the petitions of the visits: %w", err)
	}
	err = eachList(sessions, func(list any) error {
		return each(ctx, tx, exportSessionsSQL, func(scan func(...any) error) error {
			var s cases.Session
			var day int64
			if err := scan(sessionFields(&s, &day)...); err != nil {
				return err
			}
			s.Date = cases.Date(day)
			out.Sessions[s.Ref] = s
			return nil
		}, list)
	})
	if err != nil {
		return nil, fmt.Errorf("read the sessions of the visits: %w", err)
	}
	return out, nil
}
