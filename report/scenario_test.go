package report_test

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
)

// scenario is a small history built by hand to reach the corners of SPEC §4
// that a demo history may miss: a case open longer than the storage's
// 120-day window, a close recorded long after it happened, a duplicate chain
// that changes a visit from first to repeat, a suspension still running, a
// recommendation routed long after its receipt, decisions implemented long
// after the case was accepted, a visit recorded after a later one, visits of
// a petition before it was received, a chain formed after the period. Each
// line is "recorded_at|command"; the command's at is in +07:00.
var scenario = []string{
	`2021-01-01T08:00:00|{"op":"unit","ref":"huyen","name":"UBND huyện Thử","kind":"own","lower_label":"UBND các xã"}`,
	`2021-01-01T08:00:00|{"op":"unit","ref":"phong-a","name":"Phòng A","kind":"department","parent":"huyen"}`,
	`2021-01-01T08:00:00|{"op":"unit","ref":"xa-b","name":"UBND xã B","kind":"lower","parent":"huyen"}`,
	`2021-01-01T08:00:00|{"op":"unit","ref":"xa-a","name":"UBND xã A","kind":"lower","parent":"huyen","remote":true}`,

	// A: received and visited in P'; B, received and visited in P, is
	// archived in P as a duplicate of A, so B's visit is a repeat visit of
	// A's matter — but that archive was recorded only on 2023-07-01.
	`2022-03-01T08:30:00|{"op":"petition","ref":"A","received_at":"2022-03-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Lê Văn A"},"summary":"Khiếu nại"}`,
	`2022-03-01T08:30:00|{"op":"visit","ref":"VA","at":"2022-03-01T08:00:00+07:00","kind":"regular","petition":"A","people":2}`,
	`2022-03-02T08:00:00|{"op":"classify","petition":"A","at":"2022-03-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`,
	`2023-01-09T08:00:00|{"op":"session","ref":"S1","kind":"periodic","date":"2023-01-09","presided_by":"Chủ tịch"}`,
	`2023-01-09T09:00:00|{"op":"visit","ref":"VA2","at":"2023-01-09T08:30:00+07:00","kind":"periodic","session":"S1","petition":"A","people":6}`,
	`2023-02-01T08:30:00|{"op":"petition","ref":"B","received_at":"2023-02-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Lê Văn A"},"summary":"Khiếu nại lại"}`,
	`2023-02-01T08:30:00|{"op":"visit","ref":"VB","at":"2023-02-01T08:00:00+07:00","kind":"regular","petition":"B","people":1}`,
	`2023-07-01T08:00:00|{"op":"archive","petition":"B","at":"2023-03-01T08:00:00+07:00","reason":"duplicate","duplicate_of":"A"}`,

	// C1: received and classified a complaint in P', classified again as a
	// denunciation after the end of P': P' counts it a complaint.
	`2022-05-02T08:00:00|{"op":"petition","ref":"C1","received_at":"2022-05-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Đinh K"},"summary":"Khiếu nại"}`,
	`2022-05-03T08:00:00|{"op":"classify","petition":"C1","at":"2022-05-03T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`,
	`2022-08-01T08:00:00|{"op":"classify","petition":"C1","at":"2022-08-01T08:00:00+07:00","type":"denunciation","field":"land","eligible":true}`,

	// K1: a complaint at a remote lower committee, accepted 188 days before
	// P and resolved late in P.
	`2022-06-01T08:00:00|{"op":"petition","ref":"K1","received_at":"2022-06-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần B"},"summary":"Khiếu nại"}`,
	`2022-06-02T08:00:00|{"op":"classify","petition":"K1","at":"2022-06-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`,
	`2022-06-05T08:00:00|{"op":"route","petition":"K1","at":"2022-06-05T08:00:00+07:00","to":"lower","unit":"xa-a","method":"transfer"}`,
	`2022-06-10T08:00:00|{"op":"accept","petition":"K1","at":"2022-06-10T08:00:00+07:00"}`,
	`2023-01-20T08:00:00|{"op":"resolve","petition":"K1","at":"2023-01-20T08:00:00+07:00","verdict":"incorrect"}`,

	// K2: resolved before P, implemented in P.
	`2022-11-01T08:00:00|{"op":"petition","ref":"K2","received_at":"2022-11-01T08:00:00+07:00","channel":"online","petitioner":{"name":"Phạm C"},"summary":"Khiếu nại"}`,
	`2022-11-02T08:00:00|{"op":"classify","petition":"K2","at":"2022-11-02T08:00:00+07:00","type":"complaint","field":"housing","eligible":true}`,
	`2022-11-03T08:00:00|{"op":"route","petition":"K2","at":"2022-11-03T08:00:00+07:00","to":"own","unit":"phong-a","method":"assign"}`,
	`2022-11-20T08:00:00|{"op":"accept","petition":"K2","at":"2022-11-20T08:00:00+07:00"}`,
	`2022-12-10T08:00:00|{"op":"resolve","petition":"K2","at":"2022-12-10T08:00:00+07:00","verdict":"correct"}`,
	`2023-01-05T08:00:00|{"op":"implement","petition":"K2","at":"2023-01-05T08:00:00+07:00"}`,

	// K7: accepted, resolved and implemented in P, more than 120 days
	// after its acceptance.
	`2022-06-14T08:00:00|{"op":"petition","ref":"K7","received_at":"2022-06-14T08:00:00+07:00","channel":"online","petitioner":{"name":"Phạm J"},"summary":"Khiếu nại"}`,
	`2022-06-14T09:00:00|{"op":"classify","petition":"K7","at":"2022-06-14T09:00:00+07:00","type":"complaint","field":"housing","eligible":true}`,
	`2022-06-14T10:00:00|{"op":"route","petition":"K7","at":"2022-06-14T10:00:00+07:00","to":"own","unit":"phong-a","method":"assign"}`,
	`2022-06-15T08:00:00|{"op":"accept","petition":"K7","at":"2022-06-15T08:00:00+07:00"}`,
	`2022-07-10T08:00:00|{"op":"resolve","petition":"K7","at":"2022-07-10T08:00:00+07:00","verdict":"correct"}`,
	`2023-02-10T08:00:00|{"op":"implement","petition":"K7","at":"2023-02-10T08:00:00+07:00"}`,

	// K8: the same for a denunciation that was extended.
	`2022-04-25T08:00:00|{"op":"petition","ref":"K8","received_at":"2022-04-25T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lâm L"},"summary":"Tố cáo"}`,
	`2022-04-26T08:00:00|{"op":"classify","petition":"K8","at":"2022-04-26T08:00:00+07:00","type":"denunciation","field":"land","eligible":true,"complex":"complex"}`,
	`2022-04-27T08:00:00|{"op":"route","petition":"K8","at":"2022-04-27T08:00:00+07:00","to":"own","unit":"phong-a","method":"assign"}`,
	`2022-05-01T08:00:00|{"op":"accept","petition":"K8","at":"2022-05-01T08:00:00+07:00"}`,
	`2022-05-25T08:00:00|{"op":"extend","petition":"K8","at":"2022-05-25T08:00:00+07:00","days":10}`,
	`2022-06-20T08:00:00|{"op":"resolve","petition":"K8","at":"2022-06-20T08:00:00+07:00","verdict":"incorrect"}`,
	`2023-03-01T08:00:00|{"op":"implement","petition":"K8","at":"2023-03-01T08:00:00+07:00"}`,

	// K3: a denunciation suspended in P and still suspended at its end.
	`2023-01-10T08:00:00|{"op":"petition","ref":"K3","received_at":"2023-01-10T08:00:00+07:00","channel":"reception","petitioner":{"name":"Võ D"},"summary":"Tố cáo"}`,
	`2023-01-11T08:00:00|{"op":"classify","petition":"K3","at":"2023-01-11T08:00:00+07:00","type":"denunciation","field":"corruption","eligible":true}`,
	`2023-01-12T08:00:00|{"op":"route","petition":"K3","at":"2023-01-12T08:00:00+07:00","to":"own","unit":"phong-a","method":"assign"}`,
	`2023-01-15T08:00:00|{"op":"accept","petition":"K3","at":"2023-01-15T08:00:00+07:00"}`,
	`2023-02-01T08:00:00|{"op":"suspend","petition":"K3","at":"2023-02-01T08:00:00+07:00","reason":"chờ giám định"}`,

	// K4: accepted in P, never resolved: overdue at the end of P.
	`2023-02-01T09:00:00|{"op":"petition","ref":"K4","received_at":"2023-02-01T09:00:00+07:00","channel":"mail","petitioner":{"name":"Đỗ E"},"summary":"Khiếu nại"}`,
	`2023-02-02T08:00:00|{"op":"classify","petition":"K4","at":"2023-02-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`,
	`2023-02-03T08:00:00|{"op":"route","petition":"K4","at":"2023-02-03T08:00:00+07:00","to":"lower","unit":"xa-b","method":"transfer"}`,
	`2023-02-05T08:00:00|{"op":"accept","petition":"K4","at":"2023-02-05T08:00:00+07:00"}`,

	// K4's visits in P: a group, then one recorded a month late that came
	// between, and a third.
	`2023-03-10T08:00:00|{"op":"visit","ref":"VK4b","at":"2023-03-10T08:00:00+07:00","kind":"regular","petition":"K4","people":5}`,
	`2023-04-10T08:00:00|{"op":"visit","ref":"VK4a","at":"2023-02-20T08:00:00+07:00","kind":"regular","petition":"K4","people":1}`,
	`2023-04-11T08:00:00|{"op":"visit","ref":"VK4c","at":"2023-04-11T08:00:00+07:00","kind":"regular","petition":"K4","people":7}`,

	// E: visited before P and in it, before it was received, after P; F,
	// received after P too, duplicates it.
	`2023-07-05T08:30:00|{"op":"petition","ref":"E","received_at":"2023-07-05T08:00:00+07:00","channel":"reception","petitioner":{"name":"Đào M"},"summary":"Khiếu nại"}`,
	`2023-07-05T09:00:00|{"op":"visit","ref":"VE1","at":"2022-12-01T08:00:00+07:00","kind":"regular","petition":"E","people":1}`,
	`2023-07-05T09:00:00|{"op":"visit","ref":"VE2","at":"2023-02-20T08:00:00+07:00","kind":"regular","petition":"E","people":1}`,
	`2023-07-06T08:30:00|{"op":"petition","ref":"F","received_at":"2023-07-06T08:00:00+07:00","channel":"reception","petitioner":{"name":"Đào M"},"summary":"Khiếu nại"}`,
	`2023-07-07T08:00:00|{"op":"archive","petition":"F","at":"2023-07-07T08:00:00+07:00","reason":"duplicate","duplicate_of":"E"}`,

	// G: received before P, visited for the first time in P. H, visited
	// before P, is archived as a duplicate of G after P: at the end of P it
	// was not, and G's visit was the first of its matter.
	`2022-10-01T08:30:00|{"op":"petition","ref":"H","received_at":"2022-10-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Lý N"},"summary":"Tố cáo"}`,
	`2022-10-05T08:30:00|{"op":"visit","ref":"VH","at":"2022-10-05T08:00:00+07:00","kind":"regular","petition":"H","people":1}`,
	`2022-11-01T08:30:00|{"op":"petition","ref":"G","received_at":"2022-11-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Lý N"},"summary":"Tố cáo"}`,
	`2023-03-01T08:30:00|{"op":"visit","ref":"VG","at":"2023-03-01T08:00:00+07:00","kind":"regular","petition":"G","people":1}`,
	`2023-08-01T08:00:00|{"op":"archive","petition":"H","at":"2023-08-01T08:00:00+07:00","reason":"duplicate","duplicate_of":"G"}`,

	// K5: accepted before P; its resolve before P was recorded only on
	// 2023-07-10.
	`2022-10-20T08:00:00|{"op":"petition","ref":"K5","received_at":"2022-10-20T08:00:00+07:00","channel":"mail","petitioner":{"name":"Ngô F"},"summary":"Khiếu nại"}`,
	`2022-10-21T08:00:00|{"op":"classify","petition":"K5","at":"2022-10-21T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`,
	`2022-10-22T08:00:00|{"op":"route","petition":"K5","at":"2022-10-22T08:00:00+07:00","to":"own","unit":"phong-a","method":"assign"}`,
	`2022-11-01T08:00:00|{"op":"accept","petition":"K5","at":"2022-11-01T08:00:00+07:00"}`,
	`2023-07-10T08:00:00|{"op":"resolve","petition":"K5","at":"2022-12-01T08:00:00+07:00","verdict":"partly_correct"}`,

	// K6: accepted long before P, resolved before P within 42 days, but
	// recorded only on 2023-07-05.
	`2022-06-10T08:00:00|{"op":"petition","ref":"K6","received_at":"2022-06-10T08:00:00+07:00","channel":"mail","petitioner":{"name":"Mai I"},"summary":"Khiếu nại"}`,
	`2022-06-11T08:00:00|{"op":"classify","petition":"K6","at":"2022-06-11T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`,
	`2022-06-12T08:00:00|{"op":"route","petition":"K6","at":"2022-06-12T08:00:00+07:00","to":"own","unit":"phong-a","method":"assign"}`,
	`2022-06-20T08:00:00|{"op":"accept","petition":"K6","at":"2022-06-20T08:00:00+07:00"}`,
	`2023-07-05T08:00:00|{"op":"resolve","petition":"K6","at":"2022-08-01T08:00:00+07:00","verdict":"correct"}`,

	// R1: a recommendation received before P and routed in P.
	`2022-12-01T08:00:00|{"op":"petition","ref":"R1","received_at":"2022-12-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Hồ G"},"summary":"Kiến nghị"}`,
	`2022-12-02T08:00:00|{"op":"classify","petition":"R1","at":"2022-12-02T08:00:00+07:00","type":"recommendation","field":"policy","eligible":true}`,
	`2023-01-03T08:00:00|{"op":"route","petition":"R1","at":"2023-01-03T08:00:00+07:00","to":"other","unit":"Sở Lao động","method":"transfer"}`,

	// T1: a complaint terminated before any route.
	`2023-03-01T08:00:00|{"op":"petition","ref":"T1","received_at":"2023-03-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Lý H"},"summary":"Khiếu nại"}`,
	`2023-03-02T08:00:00|{"op":"classify","petition":"T1","at":"2023-03-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`,
	`2023-03-05T08:00:00|{"op":"terminate","petition":"T1","at":"2023-03-05T08:00:00+07:00","reason":"withdrawn"}`,
}

// buildScenario records the scenario in a new database.
func buildScenario(t *testing.T) (*storage.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "scenario.db")
	db := openStore(t, path)
	for _, l := range scenario {
		rec, line, _ := strings.Cut(l, "|")
		recAt, err := time.ParseInLocation("2006-01-02T15:04:05", rec, cases.Zone)
		if err != nil {
			t.Fatal(err)
		}
		c, err := cases.DecodeCommand([]byte(line))
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if _, err := db.Exec(context.Background(), c, cases.Meta{Now: recAt, User: "tester"}); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	return db, path
}

func TestScenario(t *testing.T) {
	db, path := buildScenario(t)
	events := readAllEvents(t, path)
	p := mustPeriod(t, "2023-H1")
	dl := testDeadlines()
	asOf := time.Date(2023, 6, 20, 0, 0, 0, 0, cases.Zone)

	cases := []struct {
		asOf time.Time
		want map[string]string
	}{
		{want: map[string]string{
			"reception.visits.total": "7", "reception.visits.periodic": "1", "reception.visits.regular": "6",
			// VA2 and VB are both about A's matter; K4; E, received after
			// P, whose visit in P follows one before P; G.
			"reception.cases.total":       "4",
			"reception.first_time.visits": "2", "reception.repeat.visits": "5", "reception.repeat.cases": "3",
			"reception.groups.visits": "3", "reception.groups.people": "18", "reception.groups.cases": "2",
			"reception.sessions.periodic":     "1",
			"reception.previous.visits.total": "1", "reception.previous.first_time.visits": "1",
			"reception_petitions.petitions": "3", "reception_petitions.cases": "3",
			"reception_petitions.by_destination.archived": "1", "reception_petitions.by_destination.own": "1",
			"reception_petitions.by_destination.terminated": "1",
			"received.complaint.petitions":                  "2", "received.complaint.previous_petitions": "5", // A, K1, K6, K7, C1
			"received.complaint.by_destination.lower": "1", "received.complaint.by_destination.other": "1",
			"received.denunciation.petitions": "1", "received.denunciation.previous_petitions": "1", // K8
			"resolution.complaint.lower.carried_over": "1", "resolution.complaint.lower.accepted": "1",
			"resolution.complaint.lower.resolved": "1", "resolution.complaint.lower.late": "1",
			"resolution.complaint.lower.overdue": "1", "resolution.complaint.lower.rate": "50",
			"resolution.complaint.lower.units[0].unit": `"xa-b"`, "resolution.complaint.lower.units[1].unit": `"xa-a"`,
			"resolution.complaint.own.implemented": "2", "resolution.complaint.own.must_resolve": "0",
			"resolution.denunciation.own.implemented": "1",
			"resolution.complaint.own.rate":           "null",
			"resolution.denunciation.own.accepted":    "1", "resolution.denunciation.own.in_progress": "1",
			"resolution.denunciation.own.overdue": "0",
			"other.petitions":                     "1",
		}},
		{asOf: asOf, want: map[string]string{
			// B's archive is not yet recorded: B is its own matter.
			"reception.cases.total": "4", "reception.first_time.visits": "3", "reception.repeat.visits": "3",
			"reception_petitions.by_destination.archived": "0", "reception_petitions.by_destination.pending": "1",
			// The resolves of K5 and K6 are not yet recorded: carried over
			// and overdue.
			"resolution.complaint.own.carried_over": "2", "resolution.complaint.own.in_progress": "2",
			"resolution.complaint.own.overdue": "2", "resolution.complaint.own.rate": "0",
		}},
	}
	for _, tc := range cases {
		naive := jsonOf(t, naiveCompute(t, events, p, tc.asOf, report.DefaultGroupThreshold, dl))
		o := report.Options{Deadlines: dl, AsOf: tc.asOf}
		got := jsonOf(t, compute(t, db, p, o))
		if got != naive {
			t.Errorf("as of %v: Compute and the naive count differ:\n%s", tc.asOf, diffLines(naive, got))
		}
		flat := flatten(got)
		for _, path := range sortedKeys(tc.want) {
			if !sameValue(tc.want[path], flat[path]) {
				t.Errorf("as of %v: %s = %s, want %s", tc.asOf, path, flat[path], tc.want[path])
			}
		}
	}
}

// TestAsOfReproducesAnEarlierReport records a backdated event after a report
// was printed: the report changes, and as_of the first printing gives it back.
func TestAsOfReproducesAnEarlierReport(t *testing.T) {
	db, _ := buildScenario(t)
	p := mustPeriod(t, "2023-H1")
	printed := time.Date(2023, 8, 1, 9, 0, 0, 0, cases.Zone)
	before := compute(t, db, p, report.Options{})

	c, err := cases.DecodeCommand([]byte(`{"op":"resolve","petition":"K4","at":"2023-03-01T08:00:00+07:00","verdict":"correct"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(context.Background(), c, cases.Meta{Now: printed.Add(14 * 24 * time.Hour), User: "tester"}); err != nil {
		t.Fatal(err)
	}
	after := compute(t, db, p, report.Options{})
	if after.Resolution.Complaint.Lower.Resolved != before.Resolution.Complaint.Lower.Resolved+1 {
		t.Fatalf("the backdated resolve should count: resolved %d before, %d after",
			before.Resolution.Complaint.Lower.Resolved, after.Resolution.Complaint.Lower.Resolved)
	}
	again := compute(t, db, p, report.Options{AsOf: printed})
	again.AsOf = nil
	if b, a := jsonOf(t, before), jsonOf(t, again); b != a {
		t.Errorf("as of the first printing, the report differs:\n%s", diffLines(b, a))
	}
}

// TestEmptyPeriod reports a period with nothing in it: zeros, null rates, no
// error, and every path present.
func TestEmptyPeriod(t *testing.T) {
	db, _ := buildScenario(t)
	empty := openStore(t, filepath.Join(t.TempDir(), "empty.db"))
	p, err := report.NewPeriod(cases.NewDate(1999, 1, 1), cases.NewDate(1999, 12, 31))
	if err != nil {
		t.Fatal(err)
	}
	full := flatten(jsonOf(t, compute(t, db, mustPeriod(t, "2023-H1"), report.Options{})))
	for name, d := range map[string]*storage.DB{"empty database": empty, "empty period": db} {
		f := compute(t, d, p, report.Options{})
		got := flatten(jsonOf(t, f))
		for path, v := range got {
			switch {
			case strings.HasPrefix(path, "period.") || strings.HasPrefix(path, "previous_period.") || path == "version" || path == "as_of":
			case strings.HasSuffix(path, ".rate"):
				if v != "null" {
					t.Errorf("%s: %s = %s, want null", name, path, v)
				}
			case strings.HasSuffix(path, ".units"):
				if v != "[]" {
					t.Errorf("%s: %s = %s, want []", name, path, v)
				}
			default:
				if n, err := strconv.Atoi(v); err != nil || n != 0 {
					t.Errorf("%s: %s = %s, want 0", name, path, v)
				}
			}
		}
		// Every path of a full report is there (units aside).
		for path := range full {
			if _, ok := got[path]; !ok && !strings.Contains(path, ".units") {
				t.Errorf("%s: %s is missing", name, path)
			}
		}
	}
}

// TestInvariants checks what must hold between figures of any report.
func TestInvariants(t *testing.T) {
	for _, seed := range []int64{1, 2} {
		db := openStore(t, demoDB(t, 3000, seed))
		for _, name := range []string{"2023-H1", "2023-Q3", "2023", "2022-9M", "2024"} {
			p := mustPeriod(t, name)
			f := compute(t, db, p, report.Options{})
			checkInvariants(t, name, f)

			// Split in two: the additive figures add up.
			mid := p.From + cases.Date(p.Days()/2)
			a, _ := report.NewPeriod(p.From, mid-1)
			b, _ := report.NewPeriod(mid, p.To)
			fa, fb := compute(t, db, a, report.Options{}), compute(t, db, b, report.Options{})
			add := func(what string, whole, x, y int) {
				if whole != x+y {
					t.Errorf("%s split at %s: %s %d ≠ %d + %d", name, mid, what, whole, x, y)
				}
			}
			add("visits", f.Reception.Visits.Total, fa.Reception.Visits.Total, fb.Reception.Visits.Total)
			add("people", f.Reception.People.Total, fa.Reception.People.Total, fb.Reception.People.Total)
			add("sessions", f.Reception.Sessions.Total, fa.Reception.Sessions.Total, fb.Reception.Sessions.Total)
			add("group visits", f.Reception.Groups.Visits, fa.Reception.Groups.Visits, fb.Reception.Groups.Visits)
			add("reception petitions", f.ReceptionPetitions.Petitions, fa.ReceptionPetitions.Petitions, fb.ReceptionPetitions.Petitions)
			add("received petitions (handling)", handled(f.Handling), handled(fa.Handling), handled(fb.Handling))
			add("accepted complaints (own)", f.Resolution.Complaint.Own.Accepted, fa.Resolution.Complaint.Own.Accepted, fb.Resolution.Complaint.Own.Accepted)
			add("implemented denunciations (lower)", f.Resolution.Denunciation.Lower.Implemented, fa.Resolution.Denunciation.Lower.Implemented, fb.Resolution.Denunciation.Lower.Implemented)
			// First-time visits do not add up: a petition visited in the
			// first half and archived in the second as a duplicate of a matter
			// visited before makes a first visit a repeat one as of the end.
			// What the first half leaves in progress is carried over into
			// the second.
			for _, typ := range []cases.Type{cases.Complaint, cases.Denunciation} {
				ra, rb := fa.Resolution.ForType(typ), fb.Resolution.ForType(typ)
				add(string(typ)+" own carried into the second half", rb.Own.CarriedOver, ra.Own.InProgress, 0)
				add(string(typ)+" lower carried into the second half", rb.Lower.CarriedOver, ra.Lower.InProgress, 0)
				add(string(typ)+" own resolved", f.Resolution.ForType(typ).Own.Resolved, ra.Own.Resolved, rb.Own.Resolved)
			}
		}
	}
}

func handled(h report.Handling) int {
	return h.OnTime + h.Late + h.PendingInTime + h.PendingOverdue
}

func checkInvariants(t *testing.T, name string, f *report.Figures) {
	t.Helper()
	eq := func(what string, a, b int) {
		t.Helper()
		if a != b {
			t.Errorf("%s: %s: %d ≠ %d", name, what, a, b)
		}
	}
	for _, r := range []report.ReceptionFigures{f.Reception.ReceptionFigures, f.Reception.Previous} {
		eq("sessions total", r.Sessions.Total, r.Sessions.Periodic+r.Sessions.AdHoc)
		eq("visits total", r.Visits.Total, r.Visits.Regular+r.Visits.Periodic+r.Visits.AdHoc)
		eq("people total", r.People.Total, r.People.Regular+r.People.Periodic+r.People.AdHoc)
		eq("first + repeat visits", r.Visits.Total, r.FirstTime.Visits+r.Repeat.Visits)
		eq("first-time visits are one per matter", r.FirstTime.Visits, r.FirstTime.Cases)
		if r.Cases.Total > r.Cases.Regular+r.Cases.Periodic+r.Cases.AdHoc || r.Cases.Total > r.Visits.Total {
			t.Errorf("%s: %d cases for %+v", name, r.Cases.Total, r.Cases)
		}
		if r.Cases.Total != 0 && r.Cases.Total < max(r.FirstTime.Cases, r.Repeat.Cases) {
			t.Errorf("%s: %d cases, first %d, repeat %d", name, r.Cases.Total, r.FirstTime.Cases, r.Repeat.Cases)
		}
	}
	rp := f.ReceptionPetitions
	d := rp.ByDestination
	eq("reception petitions by destination", rp.Petitions, d.Own+d.Lower+d.Judicial+d.Other+d.Archived+d.Terminated+d.Pending)
	for _, rf := range []report.ReceivedFigures{f.Received.Complaint, f.Received.Denunciation, f.Received.Total} {
		b := rf.ByDestination
		eq("received by destination", rf.Petitions, b.Own+b.Lower+b.Other+b.Pending)
	}
	eq("received total", f.Received.Total.Petitions, f.Received.Complaint.Petitions+f.Received.Denunciation.Petitions)
	eq("received total (previous)", f.Received.Total.PreviousPetitions, f.Received.Complaint.PreviousPetitions+f.Received.Denunciation.PreviousPetitions)
	for _, res := range []report.ResolutionByCompetence{f.Resolution.Complaint, f.Resolution.Denunciation} {
		var units report.ResolutionFigures
		for _, u := range res.Lower.Units {
			units.CarriedOver += u.CarriedOver
			units.Accepted += u.Accepted
			units.Resolved += u.Resolved
			units.Terminated += u.Terminated
			units.Implemented += u.Implemented
			units.OnTime += u.OnTime
			units.Late += u.Late
			units.Overdue += u.Overdue
			checkResolution(t, name+" "+u.Unit, u.ResolutionFigures)
		}
		checkResolution(t, name+" own", res.Own)
		checkResolution(t, name+" lower", res.Lower.ResolutionFigures)
		l := res.Lower
		eq("lower = sum of units (carried over)", l.CarriedOver, units.CarriedOver)
		eq("lower = sum of units (accepted)", l.Accepted, units.Accepted)
		eq("lower = sum of units (resolved)", l.Resolved, units.Resolved)
		eq("lower = sum of units (terminated)", l.Terminated, units.Terminated)
		eq("lower = sum of units (implemented)", l.Implemented, units.Implemented)
		eq("lower = sum of units (on time)", l.OnTime, units.OnTime)
		eq("lower = sum of units (late)", l.Late, units.Late)
		eq("lower = sum of units (overdue)", l.Overdue, units.Overdue)
	}
}

func checkResolution(t *testing.T, name string, g report.ResolutionFigures) {
	t.Helper()
	if g.MustResolve != g.CarriedOver+g.Accepted {
		t.Errorf("%s: must_resolve %d ≠ carried_over %d + accepted %d", name, g.MustResolve, g.CarriedOver, g.Accepted)
	}
	if g.MustResolve != g.Resolved+g.Terminated+g.InProgress {
		t.Errorf("%s: must_resolve %d ≠ resolved %d + terminated %d + in_progress %d", name, g.MustResolve, g.Resolved, g.Terminated, g.InProgress)
	}
	if v := g.Verdicts; v.Correct+v.Incorrect+v.PartlyCorrect != g.Resolved {
		t.Errorf("%s: verdicts %+v do not add up to resolved %d", name, v, g.Resolved)
	}
	if g.OnTime+g.Late != g.Resolved {
		t.Errorf("%s: on_time %d + late %d ≠ resolved %d", name, g.OnTime, g.Late, g.Resolved)
	}
	if g.Overdue > g.InProgress {
		t.Errorf("%s: overdue %d > in_progress %d", name, g.Overdue, g.InProgress)
	}
	switch {
	case g.MustResolve == 0 && g.Rate != nil:
		t.Errorf("%s: rate %v with nothing to resolve", name, *g.Rate)
	case g.MustResolve > 0 && (g.Rate == nil || math.Abs(g.Rate.Float()-float64(g.Resolved)*100/float64(g.MustResolve)) > 0.005):
		t.Errorf("%s: rate %v for %d of %d", name, g.Rate, g.Resolved, g.MustResolve)
	}
}
