package storage

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// plan is SQLite's plan of query q with args, a step a line.
func plan(t *testing.T, db *DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.read.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return steps
}

// TestQueriesUseIndexes checks that the queries that must not read a whole
// table do not: the report store's, which read a period of a long history,
// and UnitRecords', which every page reads through Units (its CROSS JOIN is
// what keeps it off the events).
func TestQueriesUseIndexes(t *testing.T) {
	db := openTest(t)
	for q, args := range map[string][]any{
		timelinesQuery: {`["a"]`},
		fmt.Sprintf(receivedQuery, "committee IN ("+refsSQL+")"): {`["a"]`, 1, 2},
		fmt.Sprintf(daysQuery, "", "committee IN ("+refsSQL+")"): {true, 1, `["a"]`, 2},
	} {
		steps := plan(t, db, q, args...)
		for _, step := range steps {
			// The subqueries a query reads as it makes them are no tables.
			if strings.HasPrefix(step, "SCAN ") && !strings.Contains(step, "json_each") &&
				!strings.Contains(step, "INDEX") && step != "SCAN p" && !strings.HasPrefix(step, "SCAN (subquery-") {
				t.Errorf("%s\nreads a whole table: %s", q, strings.Join(steps, "; "))
			}
		}
	}
	// The units are few; their events are not.
	if steps := strings.Join(plan(t, db, unitRecordsSQL), "; "); !strings.HasPrefix(steps, "SCAN u") ||
		!strings.Contains(steps, "SEARCH e USING INDEX events_key_fingerprint") {
		t.Errorf("UnitRecords does not read each unit's event by its key: %s", steps)
	}
}

// TestScheduleQueriesUseIndexes checks that every query the schedule runs is
// served by an index, so that a month's schedule reads a month of history;
// the follow-up query by the partial index of 0001_baseline.sql.
func TestScheduleQueriesUseIndexes(t *testing.T) {
	db := openTest(t)
	commune := &cases.Scope{Committee: "UBX", Reads: []string{"UBX"}}
	communeSessions, communeSessionsArgs := scheduleScope(commune, true)
	communePetitions, communePetitionsArgs := scheduleScope(commune, false)
	for _, tc := range []struct {
		name, query string
		args        []any
		table       string
		index       string // the index it must use, when it matters
	}{
		{"sessions", fmt.Sprintf(scheduleSessionsSQL, "1 = 1"), []any{1, 2}, "sessions", ""},
		{"session visits", fmt.Sprintf(scheduleSessionVisitsSQL, "1 = 1"), []any{1, 2}, "visits", ""},
		{"follow-ups", fmt.Sprintf(scheduleFollowUpsSQL, "1 = 1"), []any{1, 2}, "visits", "visits_follow_up"},
		{"dialogues", fmt.Sprintf(scheduleDialoguesSQL, "1 = 1"), []any{1, 2}, "dialogues", ""},
		// A commune's: its month, not its whole history.
		{"a commune's sessions", fmt.Sprintf(scheduleSessionsSQL, communeSessions), append([]any{1, 2}, communeSessionsArgs...), "sessions", ""},
		{"a commune's session visits", fmt.Sprintf(scheduleSessionVisitsSQL, communePetitions), append([]any{1, 2}, communePetitionsArgs...), "visits", "visits_day"},
		{"a commune's follow-ups", fmt.Sprintf(scheduleFollowUpsSQL, communePetitions), append([]any{1, 2}, communePetitionsArgs...), "visits", "visits_follow_up"},
		{"a commune's dialogues", fmt.Sprintf(scheduleDialoguesSQL, communePetitions), append([]any{1, 2}, communePetitionsArgs...), "dialogues", "dialogues_on"},
		{"accepted", scheduleAcceptedSQL + `state = 'accepted'`, nil, "petitions", ""},
		{"petitions", schedulePetitionsSQL, []any{`["P-1"]`}, "petitions", ""},
	} {
		text := strings.Join(plan(t, db, tc.query, tc.args...), "; ")
		if !strings.Contains(text, "SEARCH "+tc.table+" USING") {
			t.Errorf("%s: plan %q does not search %s by an index", tc.name, text, tc.table)
		}
		if tc.index != "" && !strings.Contains(text, "USING INDEX "+tc.index+" ") {
			t.Errorf("%s: plan %q does not use %s", tc.name, text, tc.index)
		}
	}
}

// TestCommitteeListsUseIndexes checks that a committee's petitions in a
// state (the inbox, the overview, the schedule's accepted cases) are two
// searches, of its petitions and of those routed to it, by committee or
// routed_to and state, not a read of every committee's petitions in that
// state.
func TestCommitteeListsUseIndexes(t *testing.T) {
	db := openTest(t)
	for _, f := range []cases.Filter{
		{State: cases.Accepted, Scope: &cases.Scope{Committee: "c", Reads: []string{"c"}}},
		{State: cases.Resolved, From: 10, Scope: &cases.Scope{Committee: "c", Reads: []string{"c", "d"}}},
	} {
		where, args := db.petitionWhere(f)
		text := strings.Join(plan(t, db, `SELECT doc FROM petitions WHERE `+where+` ORDER BY received_day, number, ref`, args...), "; ")
		for _, index := range []string{"petitions_committee_state (committee=? AND state=?", "petitions_routed_to_state (routed_to=? AND state=?"} {
			if !strings.Contains(text, "USING COVERING INDEX "+index) {
				t.Errorf("%+v: plan %q does not search %s", f, text, index)
			}
		}
		if strings.Contains(text, "petitions_state") {
			t.Errorf("%+v: plan %q reads every committee's petitions in the state", f, text)
		}
	}
}

// TestVerifyReadsEventsByKey checks that verify reads the petitions' events
// by the index of their keys, sorting only each key's events: sorting them
// all would hold the whole history in memory.
func TestVerifyReadsEventsByKey(t *testing.T) {
	db := openTest(t)
	steps := strings.Join(plan(t, db, ownEventsQuery, 100), "; ")
	if !strings.Contains(steps, "USING INDEX events_key_fingerprint") || strings.Contains(steps, "TEMP B-TREE FOR ORDER BY") {
		t.Errorf("verify does not read the events by their key: %s", steps)
	}
}
