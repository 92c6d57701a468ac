package workflow

import (
	"math"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

func date(y int, m time.Month, d int) cases.Date { return cases.NewDate(y, m, d) }

// The worked examples of Meeus' book pin the two astronomical building blocks.
func TestLunarAstronomyMeeusExamples(t *testing.T) {
	// Example 49.a: the new moon of February 1977 is k = −283,
	// JDE 2443192.65118 (18 February 1977, 3:37:42 TD).
	if got, want := newMoon(-283), 2443192.65118; math.Abs(got-want) > 0.00005 {
		t.Errorf("newMoon(-283) = %.5f, want %.5f", got, want)
	}
	// Example 25.a: on 1992 October 13.0 TD (JDE 2448908.5) the Sun's apparent
	// longitude is 199.90895° by the lower-accuracy method.
	if got, want := sunApparentLongitude(2448908.5), 199.90895; math.Abs(got-want) > 0.0005 {
		t.Errorf("sunApparentLongitude = %.5f, want %.5f", got, want)
	}
	// The December solstice of 2023 fell at 03:27 UTC on 22 December, 10:27
	// in Vietnam.
	jde := decemberSolstice(2023)
	if got := localDay(jde, vietnamZone); got != date(2023, 12, 22) {
		t.Errorf("solstice 2023 on %s, want 2023-12-22", got)
	}
	ut := (jde - deltaT(jde)/secondsPerDay - unixEpochJD) * secondsPerDay
	at := time.Unix(int64(ut), 0).UTC()
	if want := time.Date(2023, 12, 22, 3, 27, 0, 0, time.UTC); at.Sub(want).Abs() > 2*time.Minute {
		t.Errorf("solstice 2023 at %s, want about %s", at, want)
	}
}

func TestLunarNewYearAndHungKings(t *testing.T) {
	// LAW.md's table (Tết and Giỗ Tổ, 2022–2027), and Tết of earlier years.
	tests := []struct {
		year      int
		tet, hung cases.Date
	}{
		{2022, date(2022, 2, 1), date(2022, 4, 10)},
		{2023, date(2023, 1, 22), date(2023, 4, 29)},
		{2024, date(2024, 2, 10), date(2024, 4, 18)},
		{2025, date(2025, 1, 29), date(2025, 4, 7)},
		{2026, date(2026, 2, 17), date(2026, 4, 26)},
		{2027, date(2027, 2, 6), date(2027, 4, 16)},
		{2021, date(2021, 2, 12), date(2021, 4, 21)},
	}
	for _, tt := range tests {
		if got := LunarNewYear(tt.year); got != tt.tet {
			t.Errorf("LunarNewYear(%d) = %s, want %s", tt.year, got, tt.tet)
		}
		if got := HungKingsDay(tt.year); got != tt.hung {
			t.Errorf("HungKingsDay(%d) = %s, want %s", tt.year, got, tt.hung)
		}
	}
	known := map[int]cases.Date{
		2000: date(2000, 2, 5), 2001: date(2001, 1, 24), 2002: date(2002, 2, 12),
		2003: date(2003, 2, 1), 2004: date(2004, 1, 22), 2005: date(2005, 2, 9),
		2006: date(2006, 1, 29), 2008: date(2008, 2, 7), 2009: date(2009, 1, 26),
		2010: date(2010, 2, 14), 2011: date(2011, 2, 3), 2012: date(2012, 1, 23),
		2013: date(2013, 2, 10), 2014: date(2014, 1, 31), 2015: date(2015, 2, 19),
		2016: date(2016, 2, 8), 2017: date(2017, 1, 28), 2018: date(2018, 2, 16),
		2019: date(2019, 2, 5), 2020: date(2020, 1, 25),
	}
	for y, want := range known {
		if got := LunarNewYear(y); got != want {
			t.Errorf("LunarNewYear(%d) = %s, want %s", y, got, want)
		}
	}
}

// The time zone is part of the calendar: computed for UTC+8 the same rules
// give the Chinese New Year, which differs from Tết in 1985, 2007 and 2030.
func TestLunarZoneMatters(t *testing.T) {
	tests := []struct {
		year            int
		vietnam, beijin cases.Date
	}{
		{1985, date(1985, 1, 21), date(1985, 2, 20)},
		{2007, date(2007, 2, 17), date(2007, 2, 18)},
		// The new moon of 2 February 2030 falls at 16:07 UTC: 23:07 in Hà Nội,
		// 00:07 the next day in Beijing.
		{2030, date(2030, 2, 2), date(2030, 2, 3)},
	}
	for _, tt := range tests {
		vn := LunarNewYear(tt.year)
		cn := lunarNewYearIn(tt.year, 8)
		if vn != tt.vietnam {
			t.Errorf("Tết %d (UTC+7) = %s, want %s", tt.year, vn, tt.vietnam)
		}
		if cn != tt.beijin {
			t.Errorf("New Year %d (UTC+8) = %s, want %s", tt.year, cn, tt.beijin)
		}
		if vn == cn {
			t.Errorf("%d: UTC+7 and UTC+8 give the same day %s", tt.year, vn)
		}
	}
	// Where nothing falls near midnight the zones agree.
	if vn, cn := LunarNewYear(2026), lunarNewYearIn(2026, 8); vn != cn {
		t.Errorf("2026: UTC+7 %s, UTC+8 %s", vn, cn)
	}
}

func TestLunarNewYearRange(t *testing.T) {
	for y := 1900; y <= 2100; y++ {
		tet := LunarNewYear(y)
		if tet < date(y, 1, 21) || tet > date(y, 2, 20) {
			t.Errorf("Tết %d = %s, outside 21 January – 20 February", y, tet)
		}
		if l := SolarToLunar(tet); l != (LunarDate{Year: y, Month: 1, Day: 1}) {
			t.Errorf("SolarToLunar(Tết %d) = %+v", y, l)
		}
		// A lunar year has 12 or 13 months: 353–355 or 383–385 days.
		n := int(LunarNewYear(y+1) - tet)
		if !(n >= 353 && n <= 355) && !(n >= 383 && n <= 385) {
			t.Errorf("lunar year %d has %d days", y, n)
		}
	}
}

func TestLunarLeapMonths(t *testing.T) {
	// Leap months of recent years and the first day of each.
	tests := []struct {
		year, month int
		start       cases.Date
	}{
		{2017, 6, date(2017, 7, 23)},
		{2020, 4, date(2020, 5, 23)},
		{2023, 2, date(2023, 3, 22)},
		{2025, 6, date(2025, 7, 25)},
		{2028, 5, date(2028, 6, 23)},
	}
	for _, tt := range tests {
		got, err := LunarToSolar(LunarDate{Year: tt.year, Month: tt.month, Day: 1, Leap: true})
		if err != nil || got != tt.start {
			t.Errorf("leap month %d/%d starts %s (%v), want %s", tt.month, tt.year, got, err, tt.start)
		}
	}
	if _, err := LunarToSolar(LunarDate{Year: 2024, Month: 3, Day: 1, Leap: true}); err == nil {
		t.Error("2024 has no leap third month, but LunarToSolar found one")
	}
	if _, err := LunarToSolar(LunarDate{Year: 2024, Month: 13, Day: 1}); err == nil {
		t.Error("month 13 accepted")
	}
}

// Giỗ Tổ stays in the regular third month. No year of 1900–2100 with a leap
// third month is in LAW.md, so the test checks the rule on every such year.
func TestLunarHungKingsLeapThirdMonth(t *testing.T) {
	found := 0
	for y := 1900; y <= 2100; y++ {
		leap, err := LunarToSolar(LunarDate{Year: y, Month: 3, Day: 10, Leap: true})
		if err != nil {
			continue
		}
		found++
		hung := HungKingsDay(y)
		if got := SolarToLunar(hung); got != (LunarDate{Year: y, Month: 3, Day: 10}) {
			t.Errorf("HungKingsDay(%d) = %s is lunar %s", y, hung, got)
		}
		if hung >= leap {
			t.Errorf("%d: Giỗ Tổ %s is not before the leap month's 10th %s", y, hung, leap)
		}
	}
	if found == 0 {
		t.Error("no leap third month in 1900–2100: the test checks nothing")
	}
}

func TestLunarRoundTrip(t *testing.T) {
	prev := SolarToLunar(date(1989, 12, 31))
	for d := date(1990, 1, 1); d <= date(2035, 12, 31); d++ {
		l := SolarToLunar(d)
		back, err := LunarToSolar(l)
		if err != nil || back != d {
			t.Fatalf("%s → %+v → %s (%v)", d, l, back, err)
		}
		// Each day is the next lunar day, or day 1 of the next month.
		if l.Day != prev.Day+1 && (l.Day != 1 || (prev.Day != 29 && prev.Day != 30)) {
			t.Fatalf("%s: lunar %s follows %s", d, l, prev)
		}
		prev = l
	}
}
