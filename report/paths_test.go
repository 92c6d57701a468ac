package report_test

import (
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/tiepdan/tiepdan/report"
)

// figurePaths are the JSON paths of the figures, version 1 (SPEC §4): they
// never change meaning; more may be added, none removed. Lower units are
// listed in resolution.*.lower.units[], each with unit, unit_name and the
// figures of resolution.*.own.
var figurePaths = []string{
	"as_of", "handling.late", "handling.on_time", "handling.pending_in_time",
	"handling.pending_overdue", "other.by_method.assign", "other.by_method.guide",
	"other.by_method.transfer", "other.by_method.urge", "other.cases", "other.petitions", "period.from", "period.name",
	"period.to", "previous_period.from", "previous_period.name", "previous_period.to",
	"received.complaint.by_destination.lower", "received.complaint.by_destination.other",
	"received.complaint.by_destination.own", "received.complaint.by_destination.pending",
	"received.complaint.cases", "received.complaint.petitions",
	"received.complaint.previous_petitions", "received.denunciation.by_destination.lower",
	"received.denunciation.by_destination.other", "received.denunciation.by_destination.own",
	"received.denunciation.by_destination.pending", "received.denunciation.cases",
	"received.denunciation.petitions", "received.denunciation.previous_petitions",
	"received.total.by_destination.lower", "received.total.by_destination.other",
	"received.total.by_destination.own", "received.total.by_destination.pending",
	"received.total.cases", "received.total.petitions", "received.total.previous_petitions",
	// Added for the totals of the pages (docs/decisions.md).
	"received_by_type.archived", "received_by_type.complaint", "received_by_type.denunciation",
	"received_by_type.recommendation", "received_by_type.reflection", "received_by_type.total",
	"received_by_type.unclassified",
	"reception.cases.adhoc", "reception.cases.periodic", "reception.cases.regular",
	"reception.cases.total", "reception.first_time.cases", "reception.first_time.visits",
	"reception.groups.cases", "reception.groups.people", "reception.groups.visits",
	"reception.people.adhoc", "reception.people.periodic", "reception.people.regular",
	"reception.people.total", "reception.previous.cases.adhoc", "reception.previous.cases.periodic",
	"reception.previous.cases.regular", "reception.previous.cases.total",
	"reception.previous.first_time.cases", "reception.previous.first_time.visits",
	"reception.previous.groups.cases", "reception.previous.groups.people",
	"reception.previous.groups.visits", "reception.previous.people.adhoc",
	"reception.previous.people.periodic", "reception.previous.people.regular",
	"reception.previous.people.total", "reception.previous.repeat.cases",
	"reception.previous.repeat.visits", "reception.previous.sessions.adhoc",
	"reception.previous.sessions.periodic", "reception.previous.sessions.total",
	"reception.previous.visits.adhoc", "reception.previous.visits.periodic",
	"reception.previous.visits.regular", "reception.previous.visits.total", "reception.repeat.cases",
	"reception.repeat.visits", "reception.sessions.adhoc", "reception.sessions.periodic",
	"reception.sessions.total", "reception.visits.adhoc", "reception.visits.periodic",
	"reception.visits.regular", "reception.visits.total",
	"reception_petitions.by_destination.archived", "reception_petitions.by_destination.judicial",
	"reception_petitions.by_destination.lower", "reception_petitions.by_destination.other",
	"reception_petitions.by_destination.own", "reception_petitions.by_destination.pending",
	"reception_petitions.by_destination.terminated", "reception_petitions.cases",
	"reception_petitions.petitions", "reception_petitions.sent_on.assign",
	"reception_petitions.sent_on.guide", "reception_petitions.sent_on.transfer",
	"reception_petitions.sent_on.urge", "resolution.complaint.lower.accepted",
	"resolution.complaint.lower.carried_over", "resolution.complaint.lower.implemented",
	"resolution.complaint.lower.in_progress", "resolution.complaint.lower.late",
	"resolution.complaint.lower.must_resolve", "resolution.complaint.lower.on_time",
	"resolution.complaint.lower.overdue", "resolution.complaint.lower.rate",
	"resolution.complaint.lower.resolved", "resolution.complaint.lower.terminated",
	"resolution.complaint.lower.units", "resolution.complaint.lower.verdicts.correct",
	"resolution.complaint.lower.verdicts.incorrect",
	"resolution.complaint.lower.verdicts.partly_correct", "resolution.complaint.own.accepted",
	"resolution.complaint.own.carried_over", "resolution.complaint.own.implemented",
	"resolution.complaint.own.in_progress", "resolution.complaint.own.late",
	"resolution.complaint.own.must_resolve", "resolution.complaint.own.on_time",
	"resolution.complaint.own.overdue", "resolution.complaint.own.rate",
	"resolution.complaint.own.resolved", "resolution.complaint.own.terminated",
	"resolution.complaint.own.verdicts.correct", "resolution.complaint.own.verdicts.incorrect",
	"resolution.complaint.own.verdicts.partly_correct", "resolution.denunciation.lower.accepted",
	"resolution.denunciation.lower.carried_over", "resolution.denunciation.lower.implemented",
	"resolution.denunciation.lower.in_progress", "resolution.denunciation.lower.late",
	"resolution.denunciation.lower.must_resolve", "resolution.denunciation.lower.on_time",
	"resolution.denunciation.lower.overdue", "resolution.denunciation.lower.rate",
	"resolution.denunciation.lower.resolved", "resolution.denunciation.lower.terminated",
	"resolution.denunciation.lower.units", "resolution.denunciation.lower.verdicts.correct",
	"resolution.denunciation.lower.verdicts.incorrect",
	"resolution.denunciation.lower.verdicts.partly_correct", "resolution.denunciation.own.accepted",
	"resolution.denunciation.own.carried_over", "resolution.denunciation.own.implemented",
	"resolution.denunciation.own.in_progress", "resolution.denunciation.own.late",
	"resolution.denunciation.own.must_resolve", "resolution.denunciation.own.on_time",
	"resolution.denunciation.own.overdue", "resolution.denunciation.own.rate",
	"resolution.denunciation.own.resolved", "resolution.denunciation.own.terminated",
	"resolution.denunciation.own.verdicts.correct", "resolution.denunciation.own.verdicts.incorrect",
	"resolution.denunciation.own.verdicts.partly_correct", "version",
	// SPEC §9
	"reception.online.sessions", "reception.online.visits", "reception.online.people",
	"reception.online.cases", "reception.previous.online.sessions", "reception.previous.online.visits",
	"reception.previous.online.people", "reception.previous.online.cases",
	"resolution.complaint.own.second_instance.resolved", "resolution.complaint.own.second_instance.upheld",
	"resolution.complaint.own.second_instance.annulled", "resolution.complaint.own.second_instance.amended",
	"resolution.complaint.lower.second_instance.resolved", "resolution.complaint.lower.second_instance.upheld",
	"resolution.complaint.lower.second_instance.annulled", "resolution.complaint.lower.second_instance.amended",
}

func TestFigurePaths(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "empty.db"))
	f := compute(t, db, mustPeriod(t, "2023-H1"), report.Options{})
	var got []string
	for p := range flatten(jsonOf(t, f)) {
		got = append(got, p)
	}
	sort.Strings(got)
	for _, p := range figurePaths {
		if !slices.Contains(got, p) {
			t.Errorf("%s is missing", p)
		}
	}
	for _, p := range got {
		if !slices.Contains(figurePaths, p) {
			t.Errorf("%s is not a path of version 1: add it to figurePaths (and to SPEC §4)", p)
		}
	}
	if f.Version != 1 {
		t.Errorf("version %d", f.Version)
	}
}
