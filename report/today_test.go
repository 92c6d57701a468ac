package report_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
)

// todayHistory is a commune's autumn of 2026 (SPEC §9): an ad hoc session
// held online, a periodic one held in the office; a citizen received online
// at the desk and again at the online session about the same matter, and
// another at the office; three complaints resolved, two of the second
// instance (one upheld, one annulled) and one of the first.
var todayHistory = []string{
	`{"op":"unit","ref":"xa","name":"UBND xã Tuy Phước","kind":"own","level":"commune","valid_from":"2025-07-01"}`,
	`{"op":"unit","ref":"vp","name":"Văn phòng HĐND và UBND xã","kind":"department","parent":"xa"}`,
	`{"op":"session","ref":"K-online","kind":"adhoc","date":"2026-09-10","presided_by":"Chủ tịch UBND xã","online":true}`,
	`{"op":"session","ref":"K-office","kind":"periodic","date":"2026-09-15","presided_by":"Chủ tịch UBND xã"}`,
	`{"op":"petition","ref":"P1","received_at":"2026-09-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Trần A"},"summary":"Đất"}`,
	`{"op":"visit","ref":"V1","at":"2026-09-01T08:00:00+07:00","kind":"regular","petition":"P1","people":2,"online":true}`,
	`{"op":"visit","ref":"V2","at":"2026-09-10T09:00:00+07:00","kind":"adhoc","session":"K-online","petition":"P1","people":1}`,
	`{"op":"petition","ref":"P2","received_at":"2026-09-15T08:00:00+07:00","channel":"reception","petitioner":{"name":"Trần B"},"summary":"Đất"}`,
	`{"op":"visit","ref":"V3","at":"2026-09-15T08:00:00+07:00","kind":"periodic","session":"K-office","petition":"P2","people":4}`,
}

// complaintLines are the lines of a complaint of instance, resolved on
// 2026-10-20 with outcome ("" for none).
func complaintLines(ref string, instance int, outcome string) []string {
	resolve := `{"op":"resolve","petition":"` + ref + `","at":"2026-10-20T08:00:00+07:00","verdict":"incorrect"`
	if outcome != "" {
		resolve += `,"outcome":"` + outcome + `"`
	}
	return []string{
		`{"op":"petition","ref":"` + ref + `","received_at":"2026-09-20T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê C"},"summary":"Khiếu nại"}`,
		`{"op":"classify","petition":"` + ref + `","at":"2026-09-21T08:00:00+07:00","type":"complaint","field":"land","eligible":true,"instance":` + string(rune('0'+instance)) + `}`,
		`{"op":"route","petition":"` + ref + `","at":"2026-09-22T08:00:00+07:00","to":"own","unit":"vp","method":"assign"}`,
		`{"op":"accept","petition":"` + ref + `","at":"2026-09-23T08:00:00+07:00"}`,
		resolve + `}`,
	}
}

// todayNow is when the history is recorded.
var todayNow = time.Date(2026, 12, 1, 9, 0, 0, 0, cases.Zone)

func importLines(t *testing.T, db *storage.DB, lines []string) {
	t.Helper()
	for _, l := range lines {
		c, err := cases.DecodeCommand([]byte(l))
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if _, err := db.Exec(context.Background(), c, cases.Meta{Now: todayNow, User: "tester"}); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
	}
}

// TestOnlineAndSecondInstance: the figures of SPEC §9 as a user would count
// them by hand, the same as the naive count, and the text's sentences on
// them, present when the period has them and absent when it does not.
func TestOnlineAndSecondInstance(t *testing.T) {
	path := filepath.Join(t.TempDir(), "today.db")
	db := openStore(t, path)
	lines := append([]string{}, todayHistory...)
	lines = append(lines, complaintLines("C1", 1, "")...)
	lines = append(lines, complaintLines("C2", 2, "upheld")...)
	lines = append(lines, complaintLines("C3", 2, "annulled")...)
	lines = append(lines, complaintLines("C4", 2, "")...)
	importLines(t, db, lines)
	if _, err := db.SummarizeDays(context.Background()); err != nil {
		t.Fatal(err)
	}
	events := readAllEvents(t, path)
	dl := testDeadlines()
	names := report.NamesFrom([]cases.Unit{{Ref: "xa", Name: "UBND xã Tuy Phước", Kind: cases.Own}}, mustPeriod(t, "2026-07-01..2026-11-30").To)

	p := mustPeriod(t, "2026-07-01..2026-11-30")
	f := compute(t, db, p, report.Options{Deadlines: dl})
	if naive, got := jsonOf(t, naiveCompute(t, events, p, time.Time{}, report.DefaultGroupThreshold, dl)), jsonOf(t, f); naive != got {
		t.Errorf("Compute and the naive count differ:\n%s", diffLines(naive, got))
	}
	// V1 says it is online, V2 was at the online session; V3 was not.
	if want := (report.OnlineCounts{Sessions: 1, Visits: 2, People: 3, Cases: 1}); f.Reception.Online != want {
		t.Errorf("reception.online = %+v, want %+v", f.Reception.Online, want)
	}
	if want := (report.SecondInstance{Resolved: 3, Upheld: 1, Annulled: 1}); f.Resolution.Complaint.Own.SecondInstance == nil ||
		*f.Resolution.Complaint.Own.SecondInstance != want {
		t.Errorf("resolution.complaint.own.second_instance = %+v, want %+v", f.Resolution.Complaint.Own.SecondInstance, want)
	}
	if s := f.Resolution.Complaint.Lower.SecondInstance; s == nil || *s != (report.SecondInstance{}) {
		t.Errorf("resolution.complaint.lower.second_instance = %+v, want zeros", s)
	}
	if f.Resolution.Denunciation.Own.SecondInstance != nil {
		t.Errorf("denunciations have a second_instance: %+v", f.Resolution.Denunciation.Own.SecondInstance)
	}
	text := writeText(t, f, names)
	for _, want := range []string{
		"tiếp công dân đột xuất đã tiếp 01 cuộc/01 lượt/01 vụ, so cùng kỳ tăng 01 lượt; trong đó tiếp trực tuyến 01 cuộc/02 lượt/01 vụ.",
		"Trong số đã giải quyết có 03 vụ khiếu nại lần hai: công nhận quyết định giải quyết lần đầu 01 vụ, hủy bỏ 01 vụ.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the text lacks %q:\n%s", want, text)
		}
	}
	checkClean(t, text)

	// A period with reception and resolutions, none of them online or of
	// the second instance: neither sentence.
	p = mustPeriod(t, "2026-09-15..2026-11-30")
	importLines(t, db, complaintLines("C5", 1, ""))
	f = compute(t, db, p, report.Options{Deadlines: dl})
	if f.Reception.Visits.Total == 0 || f.Reception.Online != (report.OnlineCounts{}) {
		t.Fatalf("reception = %+v", f.Reception.ReceptionFigures)
	}
	text = writeText(t, f, names)
	if strings.Contains(text, "trực tuyến") {
		t.Errorf("the text speaks of online reception without any:\n%s", text)
	}
	f.Resolution.Complaint.Own.SecondInstance = &report.SecondInstance{}
	if text := writeText(t, f, names); strings.Contains(text, "lần hai") || strings.Contains(text, "trực tuyến") {
		t.Errorf("the text speaks of the second instance without any:\n%s", text)
	}
}

// TestSeedTextHasNoOnlineNorSecondInstance: the seed's period had neither.
func TestSeedTextHasNoOnlineNorSecondInstance(t *testing.T) {
	got := writeText(t, seedFigures(t), report.NamesFrom(seedUnits(t), mustPeriod(t, "2023-H1").To))
	for _, no := range []string{"trực tuyến", "lần hai"} {
		if strings.Contains(got, no) {
			t.Errorf("the seed's text says %q", no)
		}
	}
}

// TestXLSXOnlineAndSecondInstance: the workbook lists the figures of SPEC
// §9 beside the others, as numbers.
func TestXLSXOnlineAndSecondInstance(t *testing.T) {
	f := &report.Figures{}
	f.Reception.Online = report.OnlineCounts{Sessions: 1, Visits: 2, People: 3, Cases: 1}
	f.Reception.Previous.Online = report.OnlineCounts{Visits: 1, People: 1, Cases: 1}
	f.Resolution.Complaint.Own.SecondInstance = &report.SecondInstance{Resolved: 3, Upheld: 1, Annulled: 1}
	f.Resolution.Complaint.Lower.SecondInstance = &report.SecondInstance{Resolved: 1, Amended: 1}
	w := writeXLSX(t, f, report.NamesFrom([]cases.Unit{{Ref: "xa", Name: "UBND xã Tuy Phước", Kind: cases.Own, LowerLabel: "UBND các thôn"}}, mustPeriod(t, "2026-H1").To))
	r := w.find(1, "a) Tiếp công dân", "")
	w.numbers(w.find(r, "Tiếp trực tuyến", "cuộc"), "C", 1, 0, 1)
	w.numbers(w.find(r, "Tiếp trực tuyến", "lượt"), "C", 2, 1, 1, 100.0)
	w.numbers(w.find(r, "Tiếp trực tuyến", "người"), "C", 3, 1, 2, 200.0)
	w.numbers(w.find(r, "Tiếp trực tuyến", "vụ"), "C", 1, 1, 0, 0.0)
	s := w.find(r, "Giải quyết khiếu nại lần hai", "")
	w.numbers(w.find(s, "Thuộc thẩm quyền UBND xã", ""), "B", 3, 1, 1, 0)
	w.numbers(w.find(s, "Thuộc thẩm quyền Chủ tịch UBND các thôn", ""), "B", 1, 0, 0, 1)
}
