package report_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/report"
)

// One committee's report (SPEC §10), counted the naive way: the naive count
// of naive_test.go over the events that committee's report counts, chosen
// here from the words of SPEC §10 and docs/decisions.md ("Reports by
// scope"), not from report/committee.go:
//
//   - the sessions its desk held (their `committee`);
//   - the petitions its desk received (their `committee`), with every event
//     of theirs and their visits, wherever the matter went;
//   - the petitions another committee routed down to it (route to=lower
//     naming one of its own units), once that route is dated by the end of
//     the period: the committee handles such a matter as its own, so the
//     route is counted as to=own; their visits stay with the committee that
//     received them.
//
// A committee is known by its key: "" for the own unit without a parent
// (the province), an own unit's ref when it has a parent (a commune), the
// key of the unit it replaces for a successor.

// naiveCommittees maps each own unit's ref to its committee's key, from
// the unit events of the history.
func naiveCommittees(events []naiveEvent) map[string]string {
	keys := map[string]string{}
	for i := range events {
		c := &events[i].cmd
		if c.Op != cases.OpUnit || c.Kind != string(cases.Own) {
			continue
		}
		key := ""
		if c.Parent != "" {
			key = c.Ref
		}
		for _, r := range c.Replaces {
			if k, ok := keys[r]; ok {
				key = k
				break
			}
		}
		keys[c.Ref] = key
	}
	return keys
}

// naiveCommitteeEvents returns the events committee key's report counts at
// the end of day to (a route down to it counts once dated by then).
func naiveCommitteeEvents(events []naiveEvent, key string, to cases.Date) []naiveEvent {
	owns := naiveCommittees(events)
	receivedBy := map[string]string{} // petition → the committee that received it
	routedIn := map[string]bool{}     // petition of another committee whose last route by `to` is down to key
	for i := range events {
		e := &events[i]
		c := &e.cmd
		switch {
		case c.Op == cases.OpPetition:
			receivedBy[c.Ref] = owns[c.Committee]
		case c.Op == cases.OpRoute && e.day <= to:
			k, own := owns[c.Unit]
			routedIn[c.Petition] = c.To == cases.ToLower && own && k == key && receivedBy[c.Petition] != key
		}
	}
	var out []naiveEvent
	for _, e := range events {
		c := &e.cmd
		switch c.Op {
		case cases.OpUnit, cases.OpUnitUntil:
			out = append(out, e)
		case cases.OpSession:
			if owns[c.Committee] == key {
				out = append(out, e)
			}
		case cases.OpVisit, cases.OpDialogue:
			if p, ok := receivedBy[c.Petition]; ok && p == key {
				out = append(out, e)
			}
		default:
			ref := c.Ref
			if c.Op != cases.OpPetition {
				ref = c.Petition
			}
			switch {
			case receivedBy[ref] == key:
				out = append(out, e)
			case routedIn[ref]:
				if c.Op == cases.OpRoute && c.To == cases.ToLower {
					e.cmd.To = cases.ToOwn
				}
				out = append(out, e)
			}
		}
	}
	return out
}

// naiveCommitteeCompute is naiveCompute of one committee's report: P from
// the events it counts at the end of P, P′'s figures from those it counts
// at the end of P′.
func naiveCommitteeCompute(tb testing.TB, events []naiveEvent, key string, p report.Period, dl report.Deadlines) *report.Figures {
	tb.Helper()
	f := naiveCompute(tb, naiveCommitteeEvents(events, key, p.To), p, time.Time{}, report.DefaultGroupThreshold, dl)
	prev := naiveCompute(tb, naiveCommitteeEvents(events, key, p.Previous().To), p, time.Time{}, report.DefaultGroupThreshold, dl)
	f.Reception.Previous = prev.Reception.Previous
	f.Received.Complaint.PreviousPetitions = prev.Received.Complaint.PreviousPetitions
	f.Received.Denunciation.PreviousPetitions = prev.Received.Denunciation.PreviousPetitions
	f.Received.Total.PreviousPetitions = prev.Received.Total.PreviousPetitions
	return f
}

// TestCommitteeReportsAgreeWithNaiveCount checks each committee's own
// report of a generated province — the province's committee and every
// commune — against the naive count of the events it counts, for the named
// periods of two years: matters routed down to a commune and sent up to the
// province included.
func TestCommitteeReportsAgreeWithNaiveCount(t *testing.T) {
	var b strings.Builder
	o := demo.Options{Petitions: 1500, Seed: 11, Level: cases.Province, Communes: 6,
		From: cases.NewDate(2025, 1, 1), To: cases.NewDate(2026, 12, 31)}
	if err := demo.Generate(&b, o); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "p.db")
	db := openStore(t, path)
	importNDJSON(t, db, strings.NewReader(b.String()), time.Date(2027, 1, 2, 9, 0, 0, 0, cases.Zone))
	events := readAllEvents(t, path)
	dl := testDeadlines()

	// The history reaches both kinds of matter that move, or comparing
	// proves little.
	owns := naiveCommittees(events)
	var keys []string
	seen := map[string]bool{}
	for _, k := range owns {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	down, up := 0, 0
	for i := range events {
		c := &events[i].cmd
		if k, ok := owns[c.Unit]; c.Op == cases.OpRoute && c.To == cases.ToLower && ok && k != "" {
			down++
		}
		if c.Op == cases.OpPetition && c.TransferredFrom != "" {
			up++
		}
	}
	if len(keys) != o.Communes+1 || down == 0 || up == 0 {
		t.Fatalf("the province's history has %d committees, %d matters routed down to a commune, %d sent up: want %d, some, some",
			len(keys), down, up, o.Communes+1)
	}

	periods := []string{"2025-H1", "2025-H2", "2025", "2026-Q1", "2026-Q3", "2026-H1", "2026-9M", "2026"}
	if testing.Short() {
		periods = []string{"2025-H2", "2026-H1", "2026"}
	}
	for _, name := range periods {
		p := mustPeriod(t, name)
		for _, key := range keys {
			got := areaFigures(t, db, p, key, false)
			want := naiveCommitteeCompute(t, events, key, p, dl)
			// The committee's name is the report's heading, not a figure.
			want.Committee, want.CommitteeName = got.Committee, got.CommitteeName
			if w, g := jsonOf(t, want), jsonOf(t, got); w != g {
				t.Errorf("%s, committee %q: its report and the naive count differ:\n%s", name, key, diffLines(w, g))
			}
		}
	}
	t.Logf("%d committees, %d routes down to a commune, %d petitions sent up, %d periods", len(keys), down, up, len(periods))
}
