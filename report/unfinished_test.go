package report_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
)

// unfinishedHistory is a commune's second half of 2026, recorded by the
// morning of 07/12/2026, and of the same months of 2025: D-old, a
// denunciation accepted in July, long overdue; D-soon, one accepted on
// 10/11, due a few days after 07/12 and before 14/12; W, a petition received
// on 27/11 and not handled, whose handling deadline falls between the same
// days; and two complaints of 2025, one received on 01/09/2025, the other on
// 10/12/2025, after the same day a year earlier.
var unfinishedHistory = []string{
	`{"op":"unit","ref":"xa","name":"UBND xã Tuy Phước","kind":"own","level":"commune","valid_from":"2025-07-01"}`,
	`{"op":"unit","ref":"vp","name":"Văn phòng HĐND và UBND xã","kind":"department","parent":"xa"}`,
	`{"op":"petition","ref":"K-2025a","received_at":"2025-09-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê A"},"summary":"Khiếu nại"}`,
	`{"op":"classify","petition":"K-2025a","at":"2025-09-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true,"instance":1}`,
	`{"op":"petition","ref":"K-2025b","received_at":"2025-12-10T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê B"},"summary":"Khiếu nại"}`,
	`{"op":"classify","petition":"K-2025b","at":"2025-12-10T09:00:00+07:00","type":"complaint","field":"land","eligible":true,"instance":1}`,
	`{"op":"petition","ref":"D-old","received_at":"2026-07-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Võ C"},"summary":"Tố cáo"}`,
	`{"op":"classify","petition":"D-old","at":"2026-07-01T09:00:00+07:00","type":"denunciation","field":"land","eligible":true}`,
	`{"op":"route","petition":"D-old","at":"2026-07-01T10:00:00+07:00","to":"own","unit":"vp","method":"assign"}`,
	`{"op":"accept","petition":"D-old","at":"2026-07-02T08:00:00+07:00"}`,
	`{"op":"petition","ref":"D-soon","received_at":"2026-11-05T08:00:00+07:00","channel":"mail","petitioner":{"name":"Võ D"},"summary":"Tố cáo"}`,
	`{"op":"classify","petition":"D-soon","at":"2026-11-05T09:00:00+07:00","type":"denunciation","field":"land","eligible":true}`,
	`{"op":"route","petition":"D-soon","at":"2026-11-05T10:00:00+07:00","to":"own","unit":"vp","method":"assign"}`,
	`{"op":"accept","petition":"D-soon","at":"2026-11-10T08:00:00+07:00"}`,
	`{"op":"petition","ref":"W","received_at":"2026-11-27T08:00:00+07:00","channel":"reception","petitioner":{"name":"Trần E"},"summary":"Đất"}`,
	`{"op":"visit","ref":"V-W","at":"2026-11-27T08:00:00+07:00","kind":"regular","petition":"W","people":1}`,
}

// recordedOn is when unfinishedHistory is recorded: the morning of the day
// the first report is printed.
var recordedOn = time.Date(2026, 12, 7, 8, 0, 0, 0, cases.Zone)

func buildUnfinished(t *testing.T) (*storage.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "unfinished.db")
	db := openStore(t, path)
	for _, l := range unfinishedHistory {
		c, err := cases.DecodeCommand([]byte(l))
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if _, err := db.Exec(context.Background(), c, cases.Meta{Now: recordedOn, User: "tester"}); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
	}
	if _, err := db.SummarizeDays(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db, path
}

// TestUnfinishedPeriod reports the same history of 2026-H2 on 07/12/2026,
// inside the period, and on 20/12/2026, after it (SPEC §9, "Unfinished
// periods"): inside, what falls due after 07/12 is not overdue, P' stops at
// 07/12/2025 and the text says the day the figures stop at; after, the
// figures are those of the whole period; and a reprint as of the first
// printing gives the first printing back.
func TestUnfinishedPeriod(t *testing.T) {
	db, path := buildUnfinished(t)
	events := readAllEvents(t, path)
	dl := testDeadlines()
	p := mustPeriod(t, "2026-H2")
	inside, after := cases.NewDate(2026, 12, 7), cases.NewDate(2026, 12, 20)

	// The history reaches what the test is about: D-soon and W fall due
	// after 07/12 and by 14/12.
	var soon, waiting *cases.Petition
	for _, ref := range []string{"D-soon", "W"} {
		q, err := db.Petition(context.Background(), ref)
		if err != nil {
			t.Fatal(err)
		}
		if ref == "D-soon" {
			soon = q
		} else {
			waiting = q
		}
	}
	soonDue, err := dl.Resolution(soon, false, p.To)
	if err != nil {
		t.Fatal(err)
	}
	waitingDue, err := dl.Handling(waiting)
	if err != nil {
		t.Fatal(err)
	}
	for what, due := range map[string]cases.Date{"D-soon's resolution": soonDue, "W's handling": waitingDue} {
		if due <= inside || due >= p.To {
			t.Fatalf("%s deadline %s is not between %s and %s: the history proves nothing", what, due, inside, p.To)
		}
	}

	type report6 struct {
		f    *report.Figures
		text string
	}
	run := func(o report.Options) report6 {
		t.Helper()
		o.Deadlines = dl
		f := compute(t, db, p, o)
		if naive, got := jsonOf(t, naiveComputeOn(t, events, p, o.AsOf, o.Today, report.DefaultGroupThreshold, dl)), jsonOf(t, f); naive != got {
			t.Errorf("today %s, as of %v: Compute and the naive count differ:\n%s", o.Today, o.AsOf, diffLines(naive, got))
		}
		var b bytes.Buffer
		if err := f.WriteText(&b, report.Names{}); err != nil {
			t.Fatal(err)
		}
		return report6{f, b.String()}
	}

	in := run(report.Options{Today: inside})
	if d := in.f.AsOfDay; d == nil || *d != inside {
		t.Errorf("inside: as_of_day %v, want %s", d, inside)
	}
	if d := in.f.PreviousAsOfDay; d == nil || *d != cases.NewDate(2025, 12, 7) {
		t.Errorf("inside: previous_as_of_day %v, want 2025-12-07", d)
	}
	if !strings.Contains(jsonOf(t, in.f), `"as_of_day": "2026-12-07"`) {
		t.Errorf("inside: the JSON does not say as_of_day 2026-12-07:\n%s", jsonOf(t, in.f))
	}
	if got := in.f.Resolution.Denunciation.Own.Overdue; got != 1 {
		t.Errorf("inside: %d denunciations overdue, want 01 (D-old; D-soon is due on %s)", got, soonDue)
	}
	if h := in.f.Handling; h.PendingOverdue != 0 || h.PendingInTime != 1 {
		t.Errorf("inside: handling pending in time %d, overdue %d; want 1 and 0 (W is due on %s)", h.PendingInTime, h.PendingOverdue, waitingDue)
	}
	if got := in.f.Received.Complaint.PreviousPetitions; got != 1 {
		t.Errorf("inside: %d complaints in P' (to 07/12/2025), want 1 (K-2025b came on 10/12/2025)", got)
	}
	heading, _, _ := strings.Cut(in.text, "\n")
	if !strings.Contains(heading, "số liệu tính đến ngày 07/12/2026") {
		t.Errorf("inside: the heading does not say the day the figures stop at: %q", heading)
	}
	if !strings.Contains(in.text, "Từ ngày 15/06/2026 đến ngày 07/12/2026") {
		t.Errorf("inside: the text does not give the days counted:\n%s", in.text)
	}

	out := run(report.Options{Today: after})
	if out.f.AsOfDay != nil || strings.Contains(jsonOf(t, out.f), "as_of_day") {
		t.Errorf("after: as_of_day %v, want none", out.f.AsOfDay)
	}
	if got := out.f.Resolution.Denunciation.Own.Overdue; got != 2 {
		t.Errorf("after: %d denunciations overdue, want 2", got)
	}
	if got := out.f.Handling.PendingOverdue; got != 1 {
		t.Errorf("after: %d petitions pending overdue, want 1", got)
	}
	if got := out.f.Received.Complaint.PreviousPetitions; got != 2 {
		t.Errorf("after: %d complaints in P', want 2", got)
	}
	if strings.Contains(out.text, "số liệu tính đến ngày") {
		t.Errorf("after: the text says the period is cut:\n%s", out.text)
	}
	if whole := run(report.Options{}); jsonOf(t, whole.f) != jsonOf(t, out.f) {
		t.Errorf("after the period, the figures differ from those of the whole period:\n%s", diffLines(jsonOf(t, whole.f), jsonOf(t, out.f)))
	}

	// Printed again on 20/12 as of the first printing: as it was sent.
	sent := time.Date(2026, 12, 7, 16, 30, 0, 0, cases.Zone)
	again := run(report.Options{Today: after, AsOf: sent})
	if d := again.f.AsOfDay; d == nil || *d != inside {
		t.Errorf("as of %v: as_of_day %v, want %s", sent, d, inside)
	}
	again.f.AsOf = nil
	if a, b := jsonOf(t, again.f), jsonOf(t, in.f); a != b {
		t.Errorf("as of the first printing, the report differs:\n%s", diffLines(b, a))
	}

	// The workbook says it too.
	w := writeXLSX(t, in.f, report.Names{})
	found := false
	for _, row := range w.rows[report.FiguresSheet][:8] {
		if len(row) > 0 && strings.Contains(row[0], "Kỳ báo cáo chưa kết thúc: số liệu tính đến ngày 07/12/2026") {
			found = true
		}
	}
	if !found {
		t.Errorf("the workbook's heading does not say the period is unfinished: %q", w.rows[report.FiguresSheet][:8])
	}

	// A period that has not begun has nothing to report.
	var f *report.Figures
	err = db.ReportStore(context.Background(), func(s report.Store) error {
		f, err = report.Compute(context.Background(), s, mustPeriod(t, "2027-Q1"), report.Options{Deadlines: dl, Today: inside})
		return err
	})
	if err == nil || !strings.Contains(cases.ErrorMessage(err), "has no figures yet") {
		t.Errorf("2027-Q1 on %s: %v, %v; want an error saying it has no figures yet", inside, f, err)
	}
}

// TestH2 names the last six months as an office does, and the workbook
// gives that name.
func TestH2(t *testing.T) {
	p := mustPeriod(t, "2026-H2")
	if got := p.Label(); got != "6 tháng cuối năm 2026" {
		t.Errorf("label %q", got)
	}
	for name, want := range map[string]string{"2023-H1": "6 tháng đầu năm 2023", "2023-Q1": "Quý I năm 2023",
		"2023-9M": "9 tháng năm 2023", "2023": "Năm 2023", "2023-02-10..2023-02-20": ""} {
		if got := mustPeriod(t, name).Label(); got != want {
			t.Errorf("%s: label %q, want %q", name, got, want)
		}
	}
	_, err := report.ParsePeriod("2026-H3")
	if err == nil || !strings.Contains(err.Error(), "2023-H2") {
		t.Errorf("2026-H3: %v, want an error listing H2", err)
	}
}
