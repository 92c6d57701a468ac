package workflow

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

func TestCalendarCovers(t *testing.T) {
	cal := DefaultCalendar()
	if got, want := cal.Years(), []int{2021, 2022, 2023, 2024, 2025, 2026, 2027}; !slices.Equal(got, want) {
		t.Errorf("Years() = %v, want %v", got, want)
	}
	for y, want := range map[int]bool{2020: false, 2021: true, 2027: true, 2028: false, 2030: false} {
		if got := cal.Covers(y); got != want {
			t.Errorf("Covers(%d) = %v, want %v", y, got, want)
		}
	}
}

func TestCalendarDayOff(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		day cases.Date
		off bool
		why string
	}{
		{date(2026, 2, 16), true, "Nghỉ Tết Nguyên đán"}, // Monday in the break
		{date(2026, 2, 14), true, "Nghỉ Tết Nguyên đán"}, // the break's Saturday is named for it
		{date(2026, 2, 23), false, ""},                   // back to work
		{date(2026, 1, 2), true, "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)"},
		{date(2026, 1, 10), false, ""}, // the Saturday worked in exchange
		{date(2026, 4, 26), true, "Giỗ Tổ Hùng Vương"},
		{date(2026, 4, 27), true, "Nghỉ bù Giỗ Tổ Hùng Vương"}, // compensatory: 26/04 was a Sunday
		{date(2026, 3, 7), true, "Thứ Bảy"},
		{date(2026, 3, 8), true, "Chủ nhật"},
		{date(2026, 3, 9), false, ""},
		{date(2024, 4, 29), true, "Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2024)"},
		{date(2024, 5, 4), false, ""},
		{date(2025, 4, 26), false, ""},
		{date(2025, 5, 2), true, "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)"},
		{date(2023, 5, 2), true, "Nghỉ bù Giỗ Tổ Hùng Vương"},
		{date(2023, 5, 3), true, "Nghỉ bù Ngày Chiến thắng"},
		{date(2022, 1, 3), true, "Nghỉ bù Tết Dương lịch"},
		{date(2025, 9, 1), true, "Nghỉ lễ Quốc khánh (ngày liền kề)"},
		// Years outside the table use the computed suggestion.
		{date(2030, 2, 4), true, "Nghỉ Tết Nguyên đán"},
		{date(2020, 1, 24), true, "Nghỉ Tết Nguyên đán"},
		{date(2030, 2, 7), false, ""},
	}
	for _, tt := range tests {
		off, why := cal.DayOff(tt.day)
		if off != tt.off || why != tt.why {
			t.Errorf("DayOff(%s) = %v, %q; want %v, %q", tt.day, off, why, tt.off, tt.why)
		}
		if got := cal.IsWorkingDay(tt.day); got == tt.off {
			t.Errorf("IsWorkingDay(%s) = %v", tt.day, got)
		}
	}
}

func TestCalendarNextPrevWorkingDay(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		name       string
		day        cases.Date
		next, prev cases.Date
	}{
		{"Tết 2023 break 20/01–26/01", date(2023, 1, 22), date(2023, 1, 27), date(2023, 1, 19)},
		{"a working day is itself", date(2023, 1, 27), date(2023, 1, 27), date(2023, 1, 27)},
		{"weekend, Giỗ Tổ Sunday and its Monday", date(2026, 4, 25), date(2026, 4, 28), date(2026, 4, 24)},
		{"swap Saturday is a working day", date(2026, 1, 10), date(2026, 1, 10), date(2026, 1, 10)},
	}
	for _, tt := range tests {
		if got := cal.NextWorkingDay(tt.day); got != tt.next {
			t.Errorf("%s: NextWorkingDay(%s) = %s, want %s", tt.name, tt.day, got, tt.next)
		}
		if got := cal.PrevWorkingDay(tt.day); got != tt.prev {
			t.Errorf("%s: PrevWorkingDay(%s) = %s, want %s", tt.name, tt.day, got, tt.prev)
		}
	}
}

func TestCalendarAddWorkingDays(t *testing.T) {
	cal := DefaultCalendar()
	tests := []struct {
		name    string
		start   cases.Date
		n       int
		due     cases.Date
		skipped []cases.Date
	}{
		// The trigger day is not counted: 1 working day from Friday is Monday.
		{"over a weekend", date(2026, 3, 6), 1, date(2026, 3, 9), []cases.Date{date(2026, 3, 7), date(2026, 3, 8)}},
		{"from a Saturday", date(2026, 3, 7), 1, date(2026, 3, 9), []cases.Date{date(2026, 3, 8)}},
		{"zero days", date(2026, 3, 7), 0, date(2026, 3, 7), nil},
		// Thu 08/01/2026: Fri 09 (1), Sat 10 is worked (2), Sun 11 off, Mon 12 (3).
		{"swap Saturday counts", date(2026, 1, 8), 3, date(2026, 1, 12), []cases.Date{date(2026, 1, 11)}},
		{"backwards", date(2026, 3, 9), -1, date(2026, 3, 6), []cases.Date{date(2026, 3, 8), date(2026, 3, 7)}},
	}
	for _, tt := range tests {
		due, skipped := cal.AddWorkingDays(tt.start, tt.n)
		if due != tt.due {
			t.Errorf("%s: AddWorkingDays(%s, %d) = %s, want %s", tt.name, tt.start, tt.n, due, tt.due)
		}
		if got := skippedDates(skipped); !slices.Equal(got, tt.skipped) {
			t.Errorf("%s: skipped %v, want %v", tt.name, got, tt.skipped)
		}
	}
}

func TestCalendarAddCalendarDays(t *testing.T) {
	cal := DefaultCalendar()
	// 16/04/2026 + 10 = Sun 26/04, Giỗ Tổ; Mon 27/04 is its compensatory day;
	// the limit ends on Tue 28/04 (Civil Code Art. 148.5).
	due, skipped := cal.AddCalendarDays(date(2026, 4, 16), 10)
	if due != date(2026, 4, 28) {
		t.Errorf("due %s, want 2026-04-28", due)
	}
	want := []Skipped{{date(2026, 4, 26), "Giỗ Tổ Hùng Vương"}, {date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương"}}
	if !slices.Equal(skipped, want) {
		t.Errorf("skipped %v, want %v", skipped, want)
	}
	// 01/04/2026 + 10 = Sat 11/04 → Mon 13/04.
	if due, _ := cal.AddCalendarDays(date(2026, 4, 1), 10); due != date(2026, 4, 13) {
		t.Errorf("due %s, want 2026-04-13", due)
	}
	// Ending on a working day, nothing moves.
	if due, skipped := cal.AddCalendarDays(date(2026, 4, 1), 9); due != date(2026, 4, 10) || skipped != nil {
		t.Errorf("due %s skipped %v, want 2026-04-10 and none", due, skipped)
	}
}

// The table's Tết and Giỗ Tổ agree with our lunar computation in every year.
func TestCalendarTableMatchesLunar(t *testing.T) {
	cal := DefaultCalendar()
	for _, y := range cal.Years() {
		cy := cal.year(y)
		if want := LunarNewYear(y); cy.tet != want {
			t.Errorf("%d: table Tết %s, lunar %s", y, cy.tet, want)
		}
		if want := HungKingsDay(y); cy.hung != want {
			t.Errorf("%d: table Giỗ Tổ %s, lunar %s", y, cy.hung, want)
		}
	}
}

// The suggestion for a year the table lacks follows the pattern of the
// announced years: computed for 2021–2026, it disagrees with the table only on
// the swapped days, which cannot be foreseen; for 2027 it is what the table
// holds as provisional.
func TestCalendarSuggestionMatchesAnnouncedYears(t *testing.T) {
	table := DefaultCalendar()
	bare, err := LoadCalendar(strings.NewReader(`{"version": 1, "years": []}`))
	if err != nil {
		t.Fatal(err)
	}
	swaps := []cases.Date{
		date(2024, 4, 29), date(2024, 5, 4),
		date(2025, 4, 26), date(2025, 5, 2),
		date(2026, 1, 2), date(2026, 1, 10),
	}
	var differ []cases.Date
	for d := date(2021, 1, 1); d <= date(2027, 12, 31); d++ {
		if table.IsWorkingDay(d) != bare.IsWorkingDay(d) {
			differ = append(differ, d)
		}
	}
	if !slices.Equal(differ, swaps) {
		t.Errorf("table and suggestion differ on %v, want only the swaps %v", differ, swaps)
	}
	// 2027 is provisional in the table: exactly the suggestion, day by day.
	tbl, sug := table.year(2027).daysOff, bare.year(2027).daysOff
	if len(tbl) != len(sug) {
		t.Fatalf("2027: table has %d days off, suggestion %d", len(tbl), len(sug))
	}
	for i := range tbl {
		if tbl[i].Date != sug[i].Date || tbl[i].Name != sug[i].Name {
			t.Errorf("2027: table %s %q, suggestion %s %q", tbl[i].Date, tbl[i].Name, sug[i].Date, sug[i].Name)
		}
	}
}

// A year an administrator adds (here a made-up 2028 announcement).
const calendar2028 = `{
  "version": 1,
  "years": [{
    "year": 2028,
    "tet": "2028-01-26",
    "hung_kings": "2028-04-04",
    "source": "Thông báo giả định cho bài kiểm thử",
    "days_off": [
      {"date": "2028-01-01", "name": "Tết Dương lịch", "source": "BLLĐ 2019"},
      {"from": "2028-01-24", "to": "2028-01-30", "name": "Nghỉ Tết Nguyên đán", "source": "giả định"},
      {"date": "2028-04-04", "name": "Giỗ Tổ Hùng Vương", "source": "BLLĐ 2019"},
      {"date": "2028-05-02", "name": "Nghỉ hoán đổi", "source": "giả định"}
    ],
    "working_days": [
      {"date": "2028-05-06", "name": "Làm bù", "source": "giả định"}
    ]
  }]
}`

func TestCalendarMerge(t *testing.T) {
	base := DefaultCalendar()
	add, err := LoadCalendar(strings.NewReader(calendar2028))
	if err != nil {
		t.Fatal(err)
	}
	merged := base.Merge(add)
	if !merged.Covers(2028) || !merged.Covers(2026) {
		t.Errorf("merged covers %v, want 2021–2028", merged.Years())
	}
	if base.Covers(2028) {
		t.Error("Merge changed the default calendar")
	}
	if off, why := merged.DayOff(date(2028, 5, 2)); !off || why != "Nghỉ hoán đổi" {
		t.Errorf("2028-05-02: %v %q", off, why)
	}
	if !merged.IsWorkingDay(date(2028, 5, 6)) {
		t.Error("2028-05-06 (Saturday worked) is not a working day")
	}
	if base.IsWorkingDay(date(2028, 5, 6)) {
		t.Error("the default calendar should still see Saturday 2028-05-06 as off")
	}
	// A year loaded again replaces the old one whole.
	again := strings.ReplaceAll(calendar2028, `{"date": "2028-05-02", "name": "Nghỉ hoán đổi", "source": "giả định"}`, `{"date": "2028-04-05", "name": "Nghỉ khác", "source": "giả định"}`)
	again = strings.ReplaceAll(again, `{"date": "2028-05-06", "name": "Làm bù", "source": "giả định"}`, ``)
	repl, err := LoadCalendar(strings.NewReader(again))
	if err != nil {
		t.Fatal(err)
	}
	m2 := merged.Merge(repl)
	if !m2.IsWorkingDay(date(2028, 5, 2)) || m2.IsWorkingDay(date(2028, 4, 5)) {
		t.Error("the reloaded 2028 did not replace the earlier one")
	}
}

func TestCalendarLoadErrors(t *testing.T) {
	tests := []struct {
		name, from, to, want string
	}{
		{"syntax", `"version": 1,`, `"version": 1`, "holiday table"},
		{"unknown field", `"version": 1,`, `"version": 1, "colour": "red",`, "unknown field"},
		{"version", `"version": 1,`, `"version": 2,`, "version 2"},
		{"bad date", `"2028-04-04", "name": "Giỗ`, `"2028-04-31", "name": "Giỗ`, "not a date"},
		{"outside the year", `"date": "2028-01-01"`, `"date": "2029-01-01"`, "not inside 2028"},
		{"twice", `"date": "2028-05-02"`, `"date": "2028-01-25"`, "already listed"},
		{"weekday made working", `"date": "2028-05-06"`, `"date": "2028-05-05"`, "only a Saturday or Sunday"},
		{"no name", `"name": "Làm bù", `, ``, "name: missing"},
		{"no source", `, "source": "BLLĐ 2019"}`, `}`, "source: missing"},
		{"reversed range", `"to": "2028-01-30"`, `"to": "2028-01-20"`, "is after to"},
		{"range too long", `"to": "2028-01-30"`, `"to": "2028-03-30"`, "spans more than"},
		{"date and range", `{"from": "2028-01-24"`, `{"date": "2028-01-24", "from": "2028-01-24"`, "either date"},
		{"Tết not off", `"tet": "2028-01-26"`, `"tet": "2028-02-26"`, "not among the year's days off"},
		{"Tết missing", `"tet": "2028-01-26",`, ``, "tet: missing"},
		{"year twice", `"years": [{`, `"years": [{"year": 2028, "tet": "2028-01-01", "hung_kings": "2028-01-01", "days_off": [{"date": "2028-01-01", "name": "x", "source": "y"}], "working_days": []}, {`, "listed twice"},
	}
	for _, tt := range tests {
		in := strings.Replace(calendar2028, tt.from, tt.to, 1)
		if in == calendar2028 {
			t.Fatalf("%s: the test does not change the input", tt.name)
		}
		_, err := LoadCalendar(strings.NewReader(in))
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q, want it to say %q", tt.name, err, tt.want)
		}
		if code := cases.ErrorCode(err); code != cases.EInvalid {
			t.Errorf("%s: error code %q, want invalid", tt.name, code)
		}
	}
}

func TestCalendarSuggestedTetPattern(t *testing.T) {
	// Tết 2027 is a Saturday: two days before, mùng 1–3, and the two weekend
	// Tết days compensated on Tue 09 and Wed 10/02.
	bare, _ := LoadCalendar(strings.NewReader(`{"version": 1, "years": []}`))
	var off []cases.Date
	for d := date(2027, 2, 1); d <= date(2027, 2, 14); d++ {
		if o, why := bare.DayOff(d); o && why == "Nghỉ Tết Nguyên đán" {
			off = append(off, d)
		}
	}
	want := []cases.Date{date(2027, 2, 4), date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7),
		date(2027, 2, 8), date(2027, 2, 9), date(2027, 2, 10)}
	if !slices.Equal(off, want) {
		t.Errorf("suggested Tết 2027 %v, want %v", off, want)
	}
	// Before the 2019 Labour Code (in force 2021) 2 September was one day.
	if !bare.IsWorkingDay(date(2020, 9, 3)) || bare.IsWorkingDay(date(2020, 9, 2)) {
		t.Error("2020: 2 September alone should be off")
	}
	if got := bare.year(2027).daysOff[0].Date.Weekday(); got != time.Friday {
		t.Errorf("1/1/2027 is a %s", got)
	}
}

func skippedDates(s []Skipped) []cases.Date {
	var out []cases.Date
	for _, x := range s {
		out = append(out, x.Date)
	}
	return out
}
