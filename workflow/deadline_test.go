package workflow

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// vn reads "2006-01-02 15:04" in Vietnam's time.
func vn(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, cases.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

func petition(typ cases.Type, received string) *cases.Petition {
	return &cases.Petition{Ref: "don-1", ReceivedAt: vn(received), Type: typ, State: cases.Classified, Instance: 1}
}

func accept(p *cases.Petition, at string) *cases.Petition {
	t := vn(at)
	p.AcceptedAt, p.State = &t, cases.Accepted
	return p
}

func TestDeadlineHandling(t *testing.T) {
	rules, cal := DefaultRules(), DefaultCalendar()
	tests := []struct {
		name     string
		received string
		due      cases.Date
		skipped  int
	}{
		// Thu 19/01/2023. Fri 20 – Thu 26/01 is the Tết break; Fri 27 (1),
		// Sat 28 – Sun 29 off, Mon 30 – Fri 03/02 (2–6), Sat 04 – Sun 05 off,
		// Mon 06 – Thu 09/02 (7–10). Skipped: 7 Tết days + 4 weekend days.
		{"across Tết 2023", "2023-01-19 15:00", date(2023, 2, 9), 11},
		// Thu 24/04/2025. Fri 25 (1), Sat 26 is worked in exchange for Fri 02/05
		// (2), Sun 27 off, Mon 28 (3), Tue 29 (4), Wed 30/04 – Sun 04/05 off,
		// Mon 05 – Fri 09/05 (5–9), Sat 10 – Sun 11 off, Mon 12/05 (10).
		{"across 30/4–1/5 2025", "2025-04-24 09:00", date(2025, 5, 12), 8},
		// Thu 28/08/2025. Fri 29 (1), Sat 30/08 – Tue 02/09 off (weekend,
		// adjacent day, Quốc khánh), Wed 03 – Fri 05 (2–4), Sat 06 – Sun 07
		// off, Mon 08 – Fri 12 (5–9), Sat 13 – Sun 14 off, Mon 15/09 (10).
		{"across 2/9 2025", "2025-08-28 10:00", date(2025, 9, 15), 8},
	}
	for _, tt := range tests {
		p := petition(cases.Recommendation, tt.received)
		d := rules.Handling(p, cal)
		if d.Due != tt.due || len(d.Skipped) != tt.skipped {
			t.Errorf("%s: due %s with %d days skipped, want %s with %d", tt.name, d.Due, len(d.Skipped), tt.due, tt.skipped)
		}
		if d.Kind != DeadlineHandling || d.Length != 10 || d.Unit != UnitWorkingDays || d.RuleID != "handling-tcd-2013" {
			t.Errorf("%s: %+v", tt.name, d)
		}
	}

	// The date of receipt is the date in +07:00: 20:00 UTC on 18/01 is
	// 03:00 on 19/01 in Vietnam.
	p := &cases.Petition{ReceivedAt: time.Date(2023, 1, 18, 20, 0, 0, 0, time.UTC)}
	d := rules.Handling(p, nil)
	if d.Start != date(2023, 1, 19) || d.Due != date(2023, 2, 9) {
		t.Errorf("received 18/01 20:00 UTC: start %s due %s, want 2023-01-19 and 2023-02-09", d.Start, d.Due)
	}
	want := "10 ngày làm việc kể từ ngày tiếp nhận 19/01/2023 (Luật Tiếp công dân 2013, Điều 28 khoản 1); " +
		"không tính 11 ngày nghỉ: 20/01/2023–26/01/2023 (Nghỉ Tết Nguyên đán), " +
		"28/01/2023–29/01/2023 (Thứ Bảy, Chủ nhật), 04/02/2023–05/02/2023 (Thứ Bảy, Chủ nhật)"
	if got := d.Explain(); got != want {
		t.Errorf("Explain:\n got %s\nwant %s", got, want)
	}
}

func TestDeadlineAcceptBeforeAndAfterJuly2026(t *testing.T) {
	rules := DefaultRules()
	tests := []struct {
		received string
		rule     string
		length   int
		unit     string
		due      cases.Date
	}{
		// Tue 30/06/2026 is under Luật Khiếu nại Art. 27: 30/06 + 10 days =
		// Fri 10/07, a working day.
		{"2026-06-30 16:30", "accept-complaint-kn-2011", 10, UnitDays, date(2026, 7, 10)},
		// Wed 01/07/2026 is under NĐ 124 Art. 16.1 as amended: 7 working days,
		// Thu 02, Fri 03, Mon 06 – Fri 10/07. Both end on 10/07, by different
		// rules.
		{"2026-07-01 08:00", "accept-complaint-nd155-2026", 7, UnitWorkingDays, date(2026, 7, 10)},
		// Fri 26/06/2026: 10 days = Mon 06/07; the new rule would give Tue 07/07.
		{"2026-06-26 08:00", "accept-complaint-kn-2011", 10, UnitDays, date(2026, 7, 6)},
		// Thu 12/01/2023: 10 days = Sun 22/01, mùng 1 Tết, inside the break
		// 20–26/01: the limit ends on Fri 27/01.
		{"2023-01-12 08:00", "accept-complaint-kn-2011", 10, UnitDays, date(2023, 1, 27)},
		// Thu 16/04/2026: 10 days = Sun 26/04, Giỗ Tổ; Mon 27/04 is its
		// compensatory day; the limit ends on Tue 28/04.
		{"2026-04-16 08:00", "accept-complaint-kn-2011", 10, UnitDays, date(2026, 4, 28)},
	}
	for _, tt := range tests {
		ds := rules.Deadlines(petition(cases.Complaint, tt.received), false, date(2026, 11, 25), nil)
		i := slices.IndexFunc(ds, func(d Deadline) bool { return d.Kind == DeadlineAccept })
		if i < 0 {
			t.Errorf("received %s: no acceptance deadline in %+v", tt.received, ds)
			continue
		}
		d := ds[i]
		if d.RuleID != tt.rule || d.Length != tt.length || d.Unit != tt.unit || d.Due != tt.due {
			t.Errorf("received %s: %s %d %s due %s; want %s %d %s due %s",
				tt.received, d.RuleID, d.Length, d.Unit, d.Due, tt.rule, tt.length, tt.unit, tt.due)
		}
	}
	d, _ := rules.fromReceipt(DeadlineAccept, petition(cases.Complaint, "2023-01-12 08:00"), nil)
	want := "10 ngày kể từ ngày tiếp nhận 12/01/2023 (Luật Khiếu nại 2011, Điều 27 và Điều 36); " +
		"hạn rơi vào Chủ nhật 22/01/2023 (Nghỉ Tết Nguyên đán) nên chuyển sang thứ Sáu 27/01/2023"
	if got := d.Explain(); got != want {
		t.Errorf("Explain:\n got %s\nwant %s", got, want)
	}
}

func TestDeadlineResolutionComplaint(t *testing.T) {
	rules := DefaultRules()
	// Accepted Thu 19/01/2023, the day before the Tết break (20–26/01).
	// Calendar days count through the break: 19/01 + 30 = Sat 18/02, moved to
	// Mon 20/02.
	p := accept(petition(cases.Complaint, "2023-01-10 08:00"), "2023-01-19 10:00")
	d, ok := rules.Resolution(p, false, date(2023, 3, 1), nil)
	if !ok || d.Due != date(2023, 2, 20) || d.Start != date(2023, 1, 19) || d.Length != 30 {
		t.Errorf("accepted 19/01/2023: %+v", d)
	}
	if got := skippedDates(d.Skipped); !slices.Equal(got, []cases.Date{date(2023, 2, 18), date(2023, 2, 19)}) {
		t.Errorf("skipped %v, want 18–19/02", got)
	}

	// Accepted Fri 01/03/2024 (2024 is a leap year; March has 31 days).
	tests := []struct {
		name     string
		instance int
		complex  cases.Complexity
		remote   bool
		length   int
		due      cases.Date
	}{
		// 01/03 + 30 = Sun 31/03 → Mon 01/04.
		{"first", 1, cases.Simple, false, 30, date(2024, 4, 1)},
		// 01/03 + 45 = Mon 15/04.
		{"first, complex", 1, cases.Complex, false, 45, date(2024, 4, 15)},
		{"first, very complex", 1, cases.VeryComplex, false, 45, date(2024, 4, 15)},
		{"first, remote", 1, cases.Simple, true, 45, date(2024, 4, 15)},
		// 01/03 + 60 = Tue 30/04, Ngày Chiến thắng; Wed 01/05 too → Thu 02/05.
		{"first, remote, complex", 1, cases.Complex, true, 60, date(2024, 5, 2)},
		// Instance 0 (not recorded) is treated as the first.
		{"unrecorded instance", 0, cases.Simple, false, 30, date(2024, 4, 1)},
		{"second", 2, cases.Simple, false, 45, date(2024, 4, 15)},
		{"second, complex", 2, cases.Complex, false, 60, date(2024, 5, 2)},
		{"second, remote", 2, cases.Simple, true, 60, date(2024, 5, 2)},
		// 01/03 + 70 = Fri 10/05.
		{"second, remote, complex", 2, cases.VeryComplex, true, 70, date(2024, 5, 10)},
	}
	for _, tt := range tests {
		p := accept(petition(cases.Complaint, "2024-02-20 08:00"), "2024-03-01 09:00")
		p.Instance, p.Complex = tt.instance, tt.complex
		d, ok := rules.Resolution(p, tt.remote, date(2024, 6, 1), nil)
		if !ok || d.Length != tt.length || d.Due != tt.due {
			t.Errorf("%s: length %d due %s, want %d and %s", tt.name, d.Length, d.Due, tt.length, tt.due)
		}
		wantRule := "resolve-complaint-1-kn-2011"
		if tt.instance == 2 {
			wantRule = "resolve-complaint-2-kn-2011"
		}
		if d.RuleID != wantRule {
			t.Errorf("%s: rule %s, want %s", tt.name, d.RuleID, wantRule)
		}
	}
}

func TestDeadlineResolutionDenunciation(t *testing.T) {
	rules := DefaultRules()
	tests := []struct {
		name       string
		complex    cases.Complexity
		extensions int
		days       int
		due        cases.Date
	}{
		// Accepted Mon 03/06/2024. 03/06 + 30 = Wed 03/07. Complexity alone
		// does not lengthen a denunciation's limit: extensions do.
		{"no extension", cases.VeryComplex, 0, 0, date(2024, 7, 3)},
		// + one extension of 30: 03/06 + 60 = Fri 02/08.
		{"one extension", cases.Complex, 1, 30, date(2024, 8, 2)},
		// + two extensions of 30: 03/06 + 90 = Sun 01/09; Mon 02/09 Quốc khánh
		// and Tue 03/09 its adjacent day are off → Wed 04/09.
		{"two extensions", cases.VeryComplex, 2, 60, date(2024, 9, 4)},
	}
	for _, tt := range tests {
		p := accept(petition(cases.Denunciation, "2024-05-27 08:00"), "2024-06-03 14:00")
		p.Complex, p.Extensions, p.ExtensionDays = tt.complex, tt.extensions, tt.days
		d, ok := rules.Resolution(p, true, date(2024, 12, 1), nil)
		if !ok || d.Due != tt.due || d.ExtensionDays != tt.days || d.Length != 30 || d.RuleID != "resolve-denunciation-tc-2018" {
			t.Errorf("%s: %+v, want due %s", tt.name, d, tt.due)
		}
	}
	p := accept(petition(cases.Denunciation, "2024-05-27 08:00"), "2024-06-03 14:00")
	p.Extensions, p.ExtensionDays, p.Complex = 2, 60, cases.VeryComplex
	d, _ := rules.Resolution(p, false, date(2024, 12, 1), nil)
	// The extension says its legal basis: a very complex case is extended
	// twice under Art. 30.3.
	want := "30 ngày kể từ ngày thụ lý 03/06/2024 (Luật Tố cáo 2018, Điều 30), cộng 60 ngày gia hạn " +
		"(Luật Tố cáo 2018, Điều 30 khoản 3: vụ việc đặc biệt phức tạp, gia hạn hai lần); " +
		"hạn rơi vào Chủ nhật 01/09/2024 nên chuyển sang thứ Tư 04/09/2024"
	if got := d.Explain(); got != want {
		t.Errorf("Explain:\n got %s\nwant %s", got, want)
	}

	// Initial handling, received Mon 03/06/2024: 7 working days = Tue 04 –
	// Fri 07 (1–4), Mon 10 – Wed 12/06 (5–7).
	ds := rules.Deadlines(petition(cases.Denunciation, "2024-06-03 08:00"), false, date(2024, 6, 3), nil)
	if len(ds) != 2 || ds[1].Kind != DeadlineInitial || ds[1].Due != date(2024, 6, 12) || ds[1].RuleID != "initial-denunciation-tc-2018" {
		t.Errorf("initial handling: %+v", ds)
	}
}

// A denunciation whose initial handling needs verification at several places
// gets 10 working days instead of 7 (Luật Tố cáo 2018, Art. 24.1), and its
// deadline says why.
func TestDeadlineInitialSeveralPlaces(t *testing.T) {
	rules := DefaultRules()
	initial := func(p *cases.Petition) Deadline {
		for _, d := range rules.Deadlines(p, false, date(2024, 6, 3), nil) {
			if d.Kind == DeadlineInitial {
				return d
			}
		}
		t.Fatalf("no initial handling deadline for %+v", p)
		return Deadline{}
	}
	// Received Mon 03/06/2024: 7 working days end Wed 12/06; 10 end Mon 17/06
	// (Thu 13, Fri 14, Mon 17).
	one := initial(petition(cases.Denunciation, "2024-06-03 08:00"))
	p := petition(cases.Denunciation, "2024-06-03 08:00")
	p.SeveralPlaces = true
	several := initial(p)
	if one.Due != date(2024, 6, 12) || one.Length != 7 || len(one.Because) != 0 {
		t.Errorf("one place: %+v", one)
	}
	if several.Due != date(2024, 6, 17) || several.Length != 10 || several.RuleID != "initial-denunciation-tc-2018" {
		t.Errorf("several places: %+v", several)
	}
	want := "10 ngày làm việc kể từ ngày tiếp nhận 03/06/2024 (Luật Tố cáo 2018, Điều 24 khoản 1: " +
		"phải kiểm tra, xác minh tại nhiều địa điểm); không tính 04 ngày nghỉ: 08/06/2024–09/06/2024 (Thứ Bảy, Chủ nhật), " +
		"15/06/2024–16/06/2024 (Thứ Bảy, Chủ nhật)"
	if got := several.Explain(); got != want {
		t.Errorf("Explain:\n got %s\nwant %s", got, want)
	}
	if strings.Contains(one.Explain(), "nhiều địa điểm") {
		t.Errorf("one place explains %q", one.Explain())
	}
}

func TestDeadlineSuspension(t *testing.T) {
	rules := DefaultRules()
	base := func() *cases.Petition {
		return accept(petition(cases.Complaint, "2023-02-20 08:00"), "2023-03-01 09:00")
	}
	// Ended: 10 days suspended. 01/03/2023 + 30 + 10 = Mon 10/04.
	p := base()
	p.SuspendedDays = 10
	if d, _ := rules.Resolution(p, false, date(2023, 5, 1), nil); d.Due != date(2023, 4, 10) || d.SuspendedDays != 10 {
		t.Errorf("ended suspension: due %s, suspended %d; want 2023-04-10, 10", d.Due, d.SuspendedDays)
	}
	// Still running since 20/03, counted to 25/03: 10 + 5 days.
	// 01/03 + 30 + 15 = Sat 15/04 → Mon 17/04.
	since := vn("2023-03-20 09:00")
	p.SuspendedSince, p.State = &since, cases.Suspended
	d, _ := rules.Resolution(p, false, date(2023, 3, 25), nil)
	if d.Due != date(2023, 4, 17) || d.SuspendedDays != 15 {
		t.Errorf("running suspension: due %s, suspended %d; want 2023-04-17, 15", d.Due, d.SuspendedDays)
	}
	// Counted to a later day, the deadline moves with it: to 05/04, 10 + 16
	// days; 01/03 + 56 = Wed 26/04.
	if d, _ := rules.Resolution(p, false, date(2023, 4, 5), nil); d.Due != date(2023, 4, 26) || d.SuspendedDays != 26 {
		t.Errorf("running suspension to 05/04: due %s, suspended %d; want 2023-04-26, 26", d.Due, d.SuspendedDays)
	}
	// asOf before the suspension began adds nothing.
	if d, _ := rules.Resolution(p, false, date(2023, 3, 10), nil); d.SuspendedDays != 10 {
		t.Errorf("asOf before the suspension: suspended %d, want 10", d.SuspendedDays)
	}
}

// The Explain of SPEC's example, checked verbatim.
func TestDeadlineExplain(t *testing.T) {
	// Accepted Mon 27/02/2023, suspended 4 days: 27/02 + 30 + 4 = Sun 02/04,
	// moved to Mon 03/04.
	p := accept(petition(cases.Complaint, "2023-02-20 08:00"), "2023-02-27 09:00")
	p.SuspendedDays = 4
	d, ok := DefaultRules().Resolution(p, false, date(2023, 5, 1), nil)
	if !ok {
		t.Fatal("no resolution deadline")
	}
	// The suspended days say their basis: for a complaint, the article
	// Luật 136/2025 added (a complaint is suspended only from 01/07/2026:
	// this history is SPEC's example, not one the workflow would take).
	want := "30 ngày kể từ ngày thụ lý 27/02/2023 (Luật Khiếu nại 2011, Điều 28), cộng 04 ngày tạm đình chỉ " +
		"(Luật Khiếu nại 2011, Điều 11a, bổ sung bởi Luật 136/2025/QH15); " +
		"hạn rơi vào Chủ nhật 02/04/2023 nên chuyển sang thứ Hai 03/04/2023"
	if got := d.Explain(); got != want {
		t.Errorf("Explain:\n got %s\nwant %s", got, want)
	}
	if d.Label() != "Hạn giải quyết" {
		t.Errorf("Label %q", d.Label())
	}
	// Ending on a working day (27/02 + 30 + 5 = Mon 03/04), nothing moves.
	p.SuspendedDays = 5
	d, _ = DefaultRules().Resolution(p, false, date(2023, 5, 1), nil)
	if got, want := d.Explain(), "30 ngày kể từ ngày thụ lý 27/02/2023 (Luật Khiếu nại 2011, Điều 28), cộng 05 ngày tạm đình chỉ "+
		"(Luật Khiếu nại 2011, Điều 11a, bổ sung bởi Luật 136/2025/QH15)"; got != want {
		t.Errorf("Explain:\n got %s\nwant %s", got, want)
	}
}

func TestDeadlinesWhichApply(t *testing.T) {
	rules := DefaultRules()
	tests := []struct {
		name string
		p    *cases.Petition
		want []string
	}{
		{"unclassified", &cases.Petition{ReceivedAt: vn("2025-03-03 08:00"), State: cases.Received}, []string{DeadlineHandling}},
		{"recommendation", petition(cases.Recommendation, "2025-03-03 08:00"), []string{DeadlineHandling}},
		{"complaint", petition(cases.Complaint, "2025-03-03 08:00"), []string{DeadlineHandling, DeadlineAccept}},
		{"accepted complaint", accept(petition(cases.Complaint, "2025-03-03 08:00"), "2025-03-10 08:00"),
			[]string{DeadlineHandling, DeadlineAccept, DeadlineResolution}},
		{"denunciation", petition(cases.Denunciation, "2025-03-03 08:00"), []string{DeadlineHandling, DeadlineInitial}},
		{"accepted denunciation", accept(petition(cases.Denunciation, "2025-03-03 08:00"), "2025-03-10 08:00"),
			[]string{DeadlineHandling, DeadlineInitial, DeadlineResolution}},
	}
	for _, tt := range tests {
		var kinds []string
		for _, d := range rules.Deadlines(tt.p, false, date(2025, 4, 1), nil) {
			kinds = append(kinds, d.Kind)
		}
		if !slices.Equal(kinds, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, kinds, tt.want)
		}
	}
	if _, ok := rules.Resolution(petition(cases.Complaint, "2025-03-03 08:00"), false, date(2025, 4, 1), nil); ok {
		t.Error("a complaint not accepted has a resolution deadline")
	}
}

func TestDeadlineRulesLoadErrors(t *testing.T) {
	base := string(embeddedRules)
	tests := []struct {
		name, from, to, want string
	}{
		{"unknown field", `"version": 1,`, `"version": 1, "colour": "red",`, "unknown field"},
		{"bad unit", `"unit": "days"`, `"unit": "weeks"`, "not days or working_days"},
		{"bad kind", `{"kind": "handling"}`, `{"kind": "route"}`, "not handling, accept, initial or resolution"},
		{"bad type", `"types": ["complaint"]`, `"types": ["complaints"]`, "not a petition type"},
		{"overlap", `"valid_from": "2026-07-01"`, `"valid_from": "2026-06-30"`, "both govern"},
		{"no limit", `"limit": 30`, `"limit": 0`, "must be positive"},
		{"handling gap", `"source": "Luật Tiếp công dân 2013, Điều 28 khoản 1",`, `"source": "Luật Tiếp công dân 2013, Điều 28 khoản 1", "valid_from": "2014-07-01",`, "no handling rule before"},
		{"resolution from receipt", `"from": "accept"`, `"from": "receipt"`, "resolution limit runs from accept"},
		{"empty variant", `{"complex": true, "limit": 45},`, `{"limit": 45},`, "needs complex, remote or several_places"},
		{"event of no op", `"op": "suspend"`, `"op": "pause"`, "not a workflow event"},
		{"event of no type", `"types": ["denunciation"]`, `"types": ["denunciations"]`, "not a petition type"},
		{"event without source", `"source": "Luật Tố cáo 2018, Điều 34"`, `"source": ""`, "names its legal source"},
		{"minimum of no level", `"level": "commune"`, `"level": "ward"`, "not province, district or commune"},
		{"minimum per year", `"per": "week"`, `"per": "year"`, "not week or month"},
		{"minimums overlap", `"valid_to": "2026-06-30",
      "source": "Luật Tiếp công dân 2013, Điều 13 khoản 5"`, `"valid_to": "2026-06-30", "level": "commune",
      "source": "Luật Tiếp công dân 2013, Điều 13 khoản 5"`, "both set the minimum days"},
		{"delegation overlaps", `"valid_from": "2026-07-01",
      "source": "Luật 136/2025/QH15 sửa đổi Luật Tiếp công dân"`, `"valid_from": "2026-06-30",
      "source": "Luật 136/2025/QH15 sửa đổi Luật Tiếp công dân"`, "both say whether a delegated session counts"},
		{"id twice", `"id": "delegation-136-2025"`, `"id": "delegation-tcd-2013"`, "listed twice"},
	}
	for _, tt := range tests {
		in := strings.Replace(base, tt.from, tt.to, 1)
		if in == base {
			t.Fatalf("%s: the test does not change the input", tt.name)
		}
		_, err := LoadRules(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to say %q", tt.name, err, tt.want)
		}
		if cases.ErrorCode(err) != cases.EInvalid {
			t.Errorf("%s: code %q", tt.name, cases.ErrorCode(err))
		}
	}
}

func TestDeadlineRuleFind(t *testing.T) {
	rules := DefaultRules()
	for on, want := range map[cases.Date]string{
		date(2012, 7, 1):  "accept-complaint-kn-2011",
		date(2026, 6, 30): "accept-complaint-kn-2011", // valid_to is inclusive
		date(2026, 7, 1):  "accept-complaint-nd155-2026",
		date(2030, 1, 1):  "accept-complaint-nd155-2026",
	} {
		if r, ok := rules.Find(DeadlineAccept, cases.Complaint, 1, on); !ok || r.ID != want {
			t.Errorf("Find(accept, %s) = %q, want %q", on, r.ID, want)
		}
	}
	if _, ok := rules.Find(DeadlineAccept, cases.Denunciation, 1, date(2026, 7, 1)); ok {
		t.Error("a denunciation has no acceptance limit")
	}
}

// A denunciation's suspended days cite the Luật Tố cáo; extended and
// suspended days together cite both bases; a complex complaint's longer limit
// and a very complex one's say which.
func TestDeadlineExplainBases(t *testing.T) {
	rules := DefaultRules()
	// Accepted Mon 03/06/2024, complex, one extension of 30 days and 05
	// days suspended: 03/06 + 65 = Wed 07/08/2024.
	p := accept(petition(cases.Denunciation, "2024-05-27 08:00"), "2024-06-03 14:00")
	p.Complex, p.Extensions, p.ExtensionDays, p.SuspendedDays = cases.Complex, 1, 30, 5
	d, _ := rules.Resolution(p, false, date(2024, 12, 1), nil)
	want := "30 ngày kể từ ngày thụ lý 03/06/2024 (Luật Tố cáo 2018, Điều 30), cộng 30 ngày gia hạn " +
		"(Luật Tố cáo 2018, Điều 30 khoản 2: vụ việc phức tạp, gia hạn một lần) và 05 ngày tạm đình chỉ (Luật Tố cáo 2018, Điều 34)"
	if got := d.Explain(); got != want || d.Due != date(2024, 8, 7) {
		t.Errorf("Explain (due %s):\n got %s\nwant %s", d.Due, got, want)
	}
	// Neither extended nor suspended: no basis of either is named.
	p.ExtensionDays, p.SuspendedDays = 0, 0
	if d, _ := rules.Resolution(p, false, date(2024, 12, 1), nil); strings.Contains(d.Explain(), "gia hạn") ||
		strings.Contains(d.Explain(), "Điều 34") || d.ExtensionSource != "" || d.SuspensionSource != "" {
		t.Errorf("nothing added, yet: %s (%+v)", d.Explain(), d)
	}
	// A very complex complaint in a remote area: 60 days, and why.
	c := accept(petition(cases.Complaint, "2024-05-27 08:00"), "2024-06-03 14:00")
	c.Complex = cases.VeryComplex
	d, _ = rules.Resolution(c, true, date(2024, 12, 1), nil)
	if !strings.Contains(d.Explain(), "(Luật Khiếu nại 2011, Điều 28: vụ việc đặc biệt phức tạp, vùng sâu, vùng xa đi lại khó khăn)") || d.Length != 60 {
		t.Errorf("very complex, remote: %s", d.Explain())
	}
	c.Complex = cases.Complex
	d, _ = rules.Resolution(c, false, date(2024, 12, 1), nil)
	if !strings.Contains(d.Explain(), "(Luật Khiếu nại 2011, Điều 28: vụ việc phức tạp)") || d.Length != 45 {
		t.Errorf("complex: %s", d.Explain())
	}
}

// A due date on a Saturday made a working day by a swap is marked as such;
// the Friday before it is not.
func TestDeadlineSwappedSaturday(t *testing.T) {
	rules := DefaultRules()
	// Sat 26/04/2025 is a working day (làm bù for Fri 02/05/2025). A
	// denunciation accepted Wed 26/03/2025: + 30 days = Sat 26/04/2025,
	// a working day, so the deadline stays there.
	p := accept(petition(cases.Denunciation, "2025-03-20 08:00"), "2025-03-27 09:00")
	d, _ := rules.Resolution(p, false, date(2025, 12, 1), nil)
	if d.Due != date(2025, 4, 26) || d.SwappedDay == "" {
		t.Fatalf("due %s, swapped %q; want 2025-04-26 marked", d.Due, d.SwappedDay)
	}
	want := "30 ngày kể từ ngày thụ lý 27/03/2025 (Luật Tố cáo 2018, Điều 30); " +
		"thứ Bảy 26/04/2025 là ngày làm việc bù (Làm bù cho ngày nghỉ thứ Sáu 02/05/2025)"
	if got := d.Explain(); got != want {
		t.Errorf("Explain:\n got %s\nwant %s", got, want)
	}
	// Accepted a day earlier, due Fri 25/04: nothing to mark.
	p = accept(petition(cases.Denunciation, "2025-03-20 08:00"), "2025-03-26 09:00")
	if d, _ := rules.Resolution(p, false, date(2025, 12, 1), nil); d.Due != date(2025, 4, 25) || d.SwappedDay != "" ||
		strings.Contains(d.Explain(), "làm bù") {
		t.Errorf("Friday: due %s, %s", d.Due, d.Explain())
	}
	// A handling limit in working days counts the swapped Saturday and may
	// end on it: received Mon 14/04/2025, 10 working days = Tue 15 … Fri 25
	// (9), Sat 26/04 (10).
	h := rules.Handling(petition(cases.Complaint, "2025-04-14 08:00"), nil)
	if h.Due != date(2025, 4, 26) || !strings.Contains(h.Explain(), "là ngày làm việc bù") {
		t.Errorf("handling: due %s, %s", h.Due, h.Explain())
	}
}
