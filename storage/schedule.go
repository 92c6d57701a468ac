package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// scheduleLookback is how many days before the first coming day of a range an
// appointment (a follow-up or a dialogue) is read: one set on a day off moves
// to the next working day, one set on a skipped reception day to the next
// reception day, never this far.
const scheduleLookback = 62

// The schedule's queries, each served by an index (schedule_test.go checks
// the plans): sessions_day, visits_day, visits_follow_up, dialogues_on,
// petitions_state (a committee's: petitions_committee_state and
// petitions_routed_to_state, petitionWhere) and the petitions' primary key. visits_follow_up
// (0001_baseline.sql) is partial, WHERE follow_up_on IS NOT NULL: SQLite uses
// it because BETWEEN implies the column is not null, so the follow-up query
// needs no IS NOT NULL of its own.
const (
	// %s: the scope's condition (scheduleScope).
	scheduleSessionsSQL = `SELECT ` + sessionColumns + ` FROM sessions
		WHERE day BETWEEN ? AND ? AND %s ORDER BY day, ref`
	scheduleSessionVisitsSQL = `SELECT doc FROM visits
		WHERE day BETWEEN ? AND ? AND kind IN ('periodic', 'adhoc') AND %s`
	scheduleFollowUpsSQL = `SELECT doc FROM visits
		WHERE follow_up_on BETWEEN ? AND ? AND %s`
	scheduleDialoguesSQL = `SELECT petition, at, on_day, place FROM dialogues
		WHERE on_day BETWEEN ? AND ? AND %s ORDER BY on_day, seq`
	scheduleAcceptedSQL  = `SELECT doc FROM petitions WHERE `
	schedulePetitionsSQL = `SELECT doc FROM petitions
		WHERE ref IN (` + refsSQL + `)`
	scheduleUnitsSQL = `SELECT ` + unitColumns + ` FROM units ORDER BY ref`
)

// ScheduleRecords reads, in one consistent snapshot, what the reception
// schedule of from..to needs: the units; the sessions dated in the range and
// their visits; and, when the range reaches today, the visits that set a
// follow-up and the dialogues planned from shortly before the first coming
// day to the range's end, and the open accepted cases. The petitions all of
// these concern come with them, and those their duplicate chains lead to.
// Visits come without the citizen: a schedule never shows who came.
func (db *DB) ScheduleRecords(ctx context.Context, from, to, today cases.Date) (*cases.ScheduleRecords, error) {
	tx, err := db.read.BeginTx(ctx, &sqlReadOnly)
	if err != nil {
		return nil, fmt.Errorf("begin schedule: %w", err)
	}
	defer tx.Rollback()
	out := &cases.ScheduleRecords{Petitions: map[string]*cases.Petition{}}
	// The open accepted cases of the scope alone: a commune's schedule does
	// not read the whole province's.
	accepted, acceptedArgs := db.petitionWhere(cases.Filter{State: cases.Accepted, Scope: cases.ScopeOf(ctx)})
	if err := scheduleRead(ctx, tx, out, cases.ScopeOf(ctx), from, to, today, scheduleAcceptedSQL+accepted, acceptedArgs); err != nil {
		return nil, fmt.Errorf("read schedule %s–%s: %w", from, to, err)
	}
	for ref, p := range out.Petitions {
		op, err := db.secrets.openPetition(p)
		if err != nil {
			return nil, fmt.Errorf("read schedule %s–%s: %w", from, to, err)
		}
		out.Petitions[ref] = op
	}
	for i, p := range out.Accepted {
		out.Accepted[i] = out.Petitions[p.Ref]
	}
	scopeSchedule(cases.ScopeOf(ctx), out)
	return out, nil
}

// SessionsBetween lists the sessions dated from..to and their visits, for
// the reception desk: the schedule's read, which leaves out the
// appointments and the open cases when "today" lies after the range.
func (db *DB) SessionsBetween(ctx context.Context, from, to cases.Date) ([]cases.Session, []cases.Visit, error) {
	r, err := db.ScheduleRecords(ctx, from, to, to+1)
	if err != nil {
		return nil, nil, err
	}
	return r.Sessions, r.Visits, nil
}

// scheduleScope is the condition that keeps, of the rows the schedule
// reads, the sessions of scope's committees (of sessions) and the rows
// about a petition it may see (of the others, col naming the petition:
// one received by or routed into one of its committees, cases.Scope.Sees),
// and its arguments. scopeSchedule decides what the schedule shows; this
// spares reading, and decoding, the rest of the installation's month (a
// commune's of a province's 100 communes). nil: every row.
func scheduleScope(scope *cases.Scope, sessions bool) (string, []any) {
	if scope == nil {
		return `1 = 1`, nil
	}
	if len(scope.Reads) == 0 {
		return `1 = 0`, nil
	}
	in := `(?` + strings.Repeat(`, ?`, len(scope.Reads)-1) + `)`
	var args []any
	for _, k := range scope.Reads {
		args = append(args, k)
	}
	if sessions {
		return `committee IN ` + in, args
	}
	return `(EXISTS (SELECT 1 FROM petitions p INDEXED BY petitions_ref_day WHERE p.ref = petition AND p.committee IN ` + in + `)
		OR petition IN (SELECT ref FROM petitions WHERE routed_to IN ` + in + `))`, append(args, args...)
}

// scheduleRead reads the schedule of scope into out; accepted (with its
// args) is the query of the open accepted cases.
func scheduleRead(ctx context.Context, tx *sql.Tx, out *cases.ScheduleRecords, scope *cases.Scope, from, to, today cases.Date,
	accepted string, acceptedArgs []any) error {
	sessionsIn, sessionsArgs := scheduleScope(scope, true)
	petitionIn, petitionArgs := scheduleScope(scope, false)
	dates := func(from, to cases.Date, args []any) []any { return append([]any{int64(from), int64(to)}, args...) }
	err := each(ctx, tx, scheduleUnitsSQL, func(scan func(...any) error) error {
		var u cases.Unit
		dest, done := unitScan(&u)
		err := scan(dest...)
		done()
		if err != nil {
			return err
		}
		out.Units = append(out.Units, u)
		return nil
	})
	if err != nil {
		return err
	}
	err = each(ctx, tx, fmt.Sprintf(scheduleSessionsSQL, sessionsIn), func(scan func(...any) error) error {
		var s cases.Session
		var day int64
		if err := scan(sessionFields(&s, &day)...); err != nil {
			return err
		}
		s.Date = cases.Date(day)
		out.Sessions = append(out.Sessions, s)
		return nil
	}, dates(from, to, sessionsArgs)...)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	visit := func(scan func(...any) error) error {
		var doc string
		if err := scan(&doc); err != nil {
			return err
		}
		var v cases.Visit
		if err := json.Unmarshal([]byte(doc), &v); err != nil {
			return fmt.Errorf("decode visit: %w", err)
		}
		if seen[v.Ref] {
			return nil
		}
		seen[v.Ref] = true
		v.Citizen = nil
		out.Visits = append(out.Visits, v)
		return nil
	}
	if err := each(ctx, tx, fmt.Sprintf(scheduleSessionVisitsSQL, petitionIn), visit, dates(from, to, petitionArgs)...); err != nil {
		return err
	}
	if to >= today {
		lo := max(from, today) - scheduleLookback
		if err := each(ctx, tx, fmt.Sprintf(scheduleFollowUpsSQL, petitionIn), visit, dates(lo, to, petitionArgs)...); err != nil {
			return err
		}
		err = each(ctx, tx, fmt.Sprintf(scheduleDialoguesSQL, petitionIn), func(scan func(...any) error) error {
			var d cases.Dialogue
			var at, on int64
			if err := scan(&d.Petition, &at, &on, &d.Place); err != nil {
				return err
			}
			d.At, d.On = time.UnixMicro(at).In(cases.Zone), cases.Date(on)
			out.Dialogues = append(out.Dialogues, d)
			return nil
		}, dates(lo, to, petitionArgs)...)
		if err != nil {
			return err
		}
		err = each(ctx, tx, accepted, func(scan func(...any) error) error {
			p, err := scanPetitionDoc(scan)
			if err != nil {
				return err
			}
			out.Accepted = append(out.Accepted, p)
			out.Petitions[p.Ref] = p
			return nil
		}, acceptedArgs...)
		if err != nil {
			return err
		}
	}
	slices.SortFunc(out.Visits, func(a, b cases.Visit) int { return a.At.Compare(b.At) })

	var want []string
	for _, v := range out.Visits {
		want = append(want, v.Petition)
	}
	for _, d := range out.Dialogues {
		want = append(want, d.Petition)
	}
	return schedulePetitions(ctx, tx, out.Petitions, want)
}

// schedulePetitions reads the petitions refs and, round after round, those
// their duplicate chains lead to, into ps. A ref that names no petition is
// asked for once and left out.
func schedulePetitions(ctx context.Context, tx *sql.Tx, ps map[string]*cases.Petition, refs []string) error {
	asked := map[string]bool{}
	for len(refs) > 0 {
		var missing []string
		for _, r := range refs {
			if _, ok := ps[r]; !ok && !asked[r] {
				asked[r] = true
				missing = append(missing, r)
			}
		}
		if len(missing) == 0 {
			return nil
		}
		list, err := listArg(missing)
		if err != nil {
			return err
		}
		refs = refs[:0]
		err = each(ctx, tx, schedulePetitionsSQL, func(scan func(...any) error) error {
			p, err := scanPetitionDoc(scan)
			if err != nil {
				return err
			}
			ps[p.Ref] = p
			if p.Archive == cases.Duplicate && p.DuplicateOf != "" {
				refs = append(refs, p.DuplicateOf)
			}
			return nil
		}, list)
		if err != nil {
			return err
		}
	}
	return nil
}

func scanPetitionDoc(scan func(...any) error) (*cases.Petition, error) {
	var doc string
	if err := scan(&doc); err != nil {
		return nil, err
	}
	return decodePetition(doc)
}
