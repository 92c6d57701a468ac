package workflow

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The Vietnamese lunisolar calendar, computed from astronomy.
//
// The calendar only matters to tiepdan for two holidays (Tết, the first day of
// the first lunar month, and the Hùng Kings' day, the 10th of the third), and
// the holiday table decides those; the computation suggests them for a year the
// table does not have yet. It is written here from the published rules of the
// calendar and from the astronomical formulas of Jean Meeus, "Astronomical
// Algorithms" (2nd ed., 1998): chapter 49 for the new moons, chapter 25 for the
// Sun's apparent longitude, chapter 27's correction step for the solstice, and
// the Espenak–Meeus polynomials for ΔT. It is not derived from any existing
// lunar-calendar program (the well-known Vietnamese one forbids commercial use).
//
// The rules of the calendar:
//
//   - a month begins on the civil day, in the calendar's time zone, on which a
//     new moon falls;
//   - the eleventh month is the month in which the December solstice falls;
//   - when thirteen months begin between two eleventh months, the first of them
//     in which the Sun crosses no multiple of 30° of longitude (a month without
//     a "major solar term", trung khí) is a leap month and repeats the number of
//     the month before it.
//
// Vietnam keeps the calendar in UTC+7, China in UTC+8. A new moon or a solstice
// that happens between 23:00 and midnight Chinese time lands on different days
// in the two countries, which is why Tết fell on 21 January 1985 in Vietnam and
// the Chinese New Year on 20 February, and on 17 and 18 February 2007.

// vietnamZone is the time zone of the Vietnamese calendar, in hours east of UTC.
const vietnamZone = 7.0

// LunarDate is a date of the Vietnamese lunar calendar. Year is the solar year
// in which the lunar year begins (Tết); Leap marks a leap (nhuận) month, which
// repeats the number of the month before it.
type LunarDate struct {
	Year  int  `json:"year"`
	Month int  `json:"month"`
	Day   int  `json:"day"`
	Leap  bool `json:"leap,omitempty"`
}

// String writes the lunar date as an office does: "10/3/2026", or
// "1/2 nhuận/2023" in a leap month.
func (l LunarDate) String() string {
	leap := ""
	if l.Leap {
		leap = " nhuận"
	}
	return fmt.Sprintf("%d/%d%s/%d", l.Day, l.Month, leap, l.Year)
}

// LunarNewYear returns the solar date of Tết (the first day of the first lunar
// month) of the lunar year that begins in the given solar year.
func LunarNewYear(year int) cases.Date {
	return lunarNewYearIn(year, vietnamZone)
}

// HungKingsDay returns the solar date of the Hùng Kings' commemoration, the
// 10th day of the third lunar month, in the given year. When the year has a
// leap third month the holiday is kept in the regular third month, the first
// of the two.
func HungKingsDay(year int) cases.Date {
	d, err := LunarToSolar(LunarDate{Year: year, Month: 3, Day: 10})
	if err != nil {
		// Every lunar year has a regular third month with at least 29 days.
		panic("workflow: no 10/3 lunar in " + fmt.Sprint(year) + ": " + err.Error())
	}
	return d
}

// SolarToLunar returns the lunar date of the solar date d.
func SolarToLunar(d cases.Date) LunarDate {
	return solarToLunarIn(d, vietnamZone)
}

// LunarToSolar returns the solar date of the lunar date l, or an error when l
// does not exist (a month out of 1–12, a leap month the year does not have, a
// 30th day in a 29-day month).
func LunarToSolar(l LunarDate) (cases.Date, error) {
	return lunarToSolarIn(l, vietnamZone)
}

// lunarMonth is one month of a lunar year skeleton.
type lunarMonth struct {
	start  cases.Date
	length int // 29 or 30 days
	number int // 1–12
	leap   bool
}

// lunarSkeleton is the run of months from the eleventh month that contains the
// December solstice of year−1 up to, not including, the eleventh month of
// year. Its months before first (the 11th and 12th, and a leap one among them)
// belong to lunar year year−1; the rest to lunar year year.
type lunarSkeleton struct {
	months []lunarMonth
	end    cases.Date // the first day of the next eleventh month
	first  int        // index of the first month (Tết)
}

type skeletonKey struct {
	year int
	zone float64
}

// lunarSkeletons caches skeletons: a year's months never change, and the
// holiday calendar asks for the same few years again and again.
var lunarSkeletons sync.Map // skeletonKey → *lunarSkeleton

func skeletonOf(year int, zone float64) *lunarSkeleton {
	key := skeletonKey{year, zone}
	if s, ok := lunarSkeletons.Load(key); ok {
		return s.(*lunarSkeleton)
	}
	s, _ := lunarSkeletons.LoadOrStore(key, buildSkeleton(year, zone))
	return s.(*lunarSkeleton)
}

func buildSkeleton(year int, zone float64) *lunarSkeleton {
	k0 := eleventhMonthMoon(year-1, zone)
	k1 := eleventhMonthMoon(year, zone)
	n := k1 - k0 // 12 or 13 months
	starts := make([]cases.Date, n+1)
	for i := range starts {
		starts[i] = newMoonDay(k0+i, zone)
	}
	leap := -1
	if n == 13 {
		// The first month after the eleventh that holds no major solar term.
		// The eleventh month holds the solstice, so the search starts at 1.
		for i := 1; i < n; i++ {
			if !holdsMajorTerm(starts[i], starts[i+1], zone) {
				leap = i
				break
			}
		}
	}
	s := &lunarSkeleton{months: make([]lunarMonth, n), end: starts[n], first: -1}
	number := 11
	for i := 0; i < n; i++ {
		m := lunarMonth{start: starts[i], length: int(starts[i+1] - starts[i])}
		switch {
		case i == 0:
			m.number = 11
		case i == leap:
			m.number, m.leap = number, true
		default:
			number = number%12 + 1
			m.number = number
		}
		if m.number == 1 && !m.leap && s.first < 0 {
			s.first = i
		}
		s.months[i] = m
	}
	return s
}

func lunarNewYearIn(year int, zone float64) cases.Date {
	s := skeletonOf(year, zone)
	return s.months[s.first].start
}

func solarToLunarIn(d cases.Date, zone float64) LunarDate {
	y, _, _ := d.YMD()
	s := skeletonOf(y, zone)
	if d >= s.end {
		y++
		s = skeletonOf(y, zone)
	}
	i := len(s.months) - 1
	for i > 0 && s.months[i].start > d {
		i--
	}
	m := s.months[i]
	ly := y
	if i < s.first {
		ly = y - 1
	}
	return LunarDate{Year: ly, Month: m.number, Day: int(d-m.start) + 1, Leap: m.leap}
}

func lunarToSolarIn(l LunarDate, zone float64) (cases.Date, error) {
	if l.Month < 1 || l.Month > 12 || l.Day < 1 || l.Day > 30 {
		return 0, fmt.Errorf("lunar date %s does not exist", l)
	}
	// Months 11 and 12 of lunar year Y open the skeleton of solar year Y+1;
	// months 1 to 10 (and a leap 10) belong to the skeleton of year Y.
	s, lo, hi := skeletonOf(l.Year, zone), 0, 0
	if l.Month >= 11 {
		s = skeletonOf(l.Year+1, zone)
		lo, hi = 0, s.first
	} else {
		lo, hi = s.first, len(s.months)
	}
	for _, m := range s.months[lo:hi] {
		if m.number != l.Month || m.leap != l.Leap {
			continue
		}
		if l.Day > m.length {
			return 0, fmt.Errorf("lunar date %s does not exist: the month has %d days", l, m.length)
		}
		return m.start.AddDays(l.Day - 1), nil
	}
	if l.Leap {
		return 0, fmt.Errorf("lunar date %s does not exist: lunar year %d has no leap month %d", l, l.Year, l.Month)
	}
	return 0, fmt.Errorf("lunar date %s does not exist", l)
}

// eleventhMonthMoon returns the number k (in Meeus' count of new moons from
// January 2000) of the new moon that begins the lunar month holding the
// December solstice of the given solar year.
func eleventhMonthMoon(year int, zone float64) int {
	solstice := decemberSolstice(year)
	day := localDay(solstice, zone)
	k := int(math.Floor((solstice - meeusNewMoonEpoch) / synodicMonth))
	for newMoonDay(k+1, zone) <= day {
		k++
	}
	for newMoonDay(k, zone) > day {
		k--
	}
	return k
}

// holdsMajorTerm reports whether the Sun's apparent longitude crosses a
// multiple of 30° during the month whose days run from start to next−1: from
// start's local midnight to next's.
func holdsMajorTerm(start, next cases.Date, zone float64) bool {
	a := sunApparentLongitude(midnightJDE(start, zone))
	b := sunApparentLongitude(midnightJDE(next, zone))
	return math.Floor(a/30) != math.Floor(b/30)
}

// Julian days: JD counts days from noon UT of 1 January 4713 BC; JDE is the
// same count in Terrestrial (dynamical) Time, which the orbital formulas use.
// JDE − JD is ΔT.
const (
	unixEpochJD        = 2440587.5 // 1970-01-01 00:00 UT
	j2000              = 2451545.0 // 2000-01-01 12:00 TT
	meeusNewMoonEpoch  = 2451550.09766
	synodicMonth       = 29.530588861
	secondsPerDay      = 86400.0
	degreesPerRadian   = 180 / math.Pi
	solsticeLongitude  = 270.0
	solsticeIterations = 20
)

// localDay returns the civil date, in the zone, of the instant jde.
func localDay(jde, zone float64) cases.Date {
	jd := jde - deltaT(jde)/secondsPerDay
	return cases.Date(math.Floor(jd + zone/24 - unixEpochJD))
}

// midnightJDE returns the instant (JDE) at which date d begins in the zone.
func midnightJDE(d cases.Date, zone float64) float64 {
	jd := float64(d) + unixEpochJD - zone/24
	return jd + deltaT(jd)/secondsPerDay
}

// newMoonDay returns the civil date in the zone of new moon number k.
func newMoonDay(k int, zone float64) cases.Date { return localDay(newMoon(k), zone) }

func sinDeg(x float64) float64 { return math.Sin(x / degreesPerRadian) }

// newMoon returns the instant (JDE) of new moon number k, counted from the new
// moon of 6 January 2000: Meeus chapter 49, with all periodic terms and the
// fourteen planetary arguments (accurate to well under a minute).
func newMoon(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85
	t2, t3, t4 := t*t, t*t*t, t*t*t*t
	jde := meeusNewMoonEpoch + synodicMonth*kf + 0.00015437*t2 - 0.000000150*t3 + 0.00000000073*t4

	e := 1 - 0.002516*t - 0.0000074*t2
	sun := 2.5534 + 29.10535670*kf - 0.0000014*t2 - 0.00000011*t3                      // M
	moon := 201.5643 + 385.81693528*kf + 0.0107582*t2 + 0.00001238*t3 - 0.000000058*t4 // M′
	lat := 160.7108 + 390.67050284*kf - 0.0016118*t2 - 0.00000227*t3 + 0.000000011*t4  // F
	node := 124.7746 - 1.56375588*kf + 0.0020672*t2 + 0.00000215*t3                    // Ω

	jde += -0.40720*sinDeg(moon) +
		0.17241*e*sinDeg(sun) +
		0.01608*sinDeg(2*moon) +
		0.01039*sinDeg(2*lat) +
		0.00739*e*sinDeg(moon-sun) -
		0.00514*e*sinDeg(moon+sun) +
		0.00208*e*e*sinDeg(2*sun) -
		0.00111*sinDeg(moon-2*lat) -
		0.00057*sinDeg(moon+2*lat) +
		0.00056*e*sinDeg(2*moon+sun) -
		0.00042*sinDeg(3*moon) +
		0.00042*e*sinDeg(sun+2*lat) +
		0.00038*e*sinDeg(sun-2*lat) -
		0.00024*e*sinDeg(2*moon-sun) -
		0.00017*sinDeg(node) -
		0.00007*sinDeg(moon+2*sun) +
		0.00004*sinDeg(2*moon-2*lat) +
		0.00004*sinDeg(3*sun) +
		0.00003*sinDeg(moon+sun-2*lat) +
		0.00003*sinDeg(2*moon+2*lat) -
		0.00003*sinDeg(moon+sun+2*lat) +
		0.00003*sinDeg(moon-sun+2*lat) -
		0.00002*sinDeg(moon-sun-2*lat) -
		0.00002*sinDeg(3*moon+sun) +
		0.00002*sinDeg(4*moon)

	for _, p := range planetaryTerms {
		arg := p.base + p.perK*kf + p.perT2*t2
		jde += p.coeff * sinDeg(arg)
	}
	return jde
}

// planetaryTerms are the additional corrections of Meeus (49.3): arguments
// A1…A14 in degrees and their coefficients in days.
var planetaryTerms = [...]struct{ base, perK, perT2, coeff float64 }{
	{299.77, 0.107408, -0.009173, 0.000325},
	{251.88, 0.016321, 0, 0.000165},
	{251.83, 26.651886, 0, 0.000164},
	{349.42, 36.412478, 0, 0.000126},
	{84.66, 18.206239, 0, 0.000110},
	{141.74, 53.303771, 0, 0.000062},
	{207.14, 2.453732, 0, 0.000060},
	{154.84, 7.306860, 0, 0.000056},
	{34.52, 27.261239, 0, 0.000047},
	{207.19, 0.121824, 0, 0.000042},
	{291.34, 1.844379, 0, 0.000040},
	{161.72, 24.198154, 0, 0.000037},
	{239.56, 25.513099, 0, 0.000035},
	{331.55, 3.592518, 0, 0.000023},
}

// sunApparentLongitude returns the Sun's apparent ecliptic longitude in
// degrees, [0, 360), at the instant jde: Meeus chapter 25, the method of
// "lower accuracy" (about 0.01°, a quarter of an hour of the Sun's motion).
func sunApparentLongitude(jde float64) float64 {
	t := (jde - j2000) / 36525
	mean := 280.46646 + 36000.76983*t + 0.0003032*t*t              // L0
	anomaly := 357.52911 + 35999.05029*t - 0.0001537*t*t           // M
	center := (1.914602-0.004817*t-0.000014*t*t)*sinDeg(anomaly) + // C
		(0.019993-0.000101*t)*sinDeg(2*anomaly) +
		0.000289*sinDeg(3*anomaly)
	node := 125.04 - 1934.136*t
	lon := mean + center - 0.00569 - 0.00478*sinDeg(node)
	lon = math.Mod(lon, 360)
	if lon < 0 {
		lon += 360
	}
	return lon
}

// decemberSolstice returns the instant (JDE) at which the Sun's apparent
// longitude reaches 270° in the given year, refined from 21 December by the
// correction step of Meeus chapter 27.
func decemberSolstice(year int) float64 {
	jde := float64(cases.NewDate(year, time.December, 21)) + unixEpochJD + 0.5
	for range solsticeIterations {
		step := 58 * sinDeg(solsticeLongitude-sunApparentLongitude(jde))
		jde += step
		if math.Abs(step) < 1e-7 {
			break
		}
	}
	return jde
}

// deltaT returns ΔT = TT − UT in seconds near the instant jd, from the
// polynomial expressions of Espenak and Meeus (NASA, 2006). Its errors of a
// few seconds matter only for a new moon within seconds of midnight.
func deltaT(jd float64) float64 {
	y := 2000 + (jd-j2000)/365.25
	switch {
	case y < 1800:
		u := (y - 1820) / 100
		return -20 + 32*u*u
	case y < 1860:
		t := y - 1800
		return 13.72 - 0.332447*t + 0.0068612*t*t + 0.0041116*t*t*t - 0.00037436*math.Pow(t, 4) +
			0.0000121272*math.Pow(t, 5) - 0.0000001699*math.Pow(t, 6) + 0.000000000875*math.Pow(t, 7)
	case y < 1900:
		t := y - 1860
		return 7.62 + 0.5737*t - 0.251754*t*t + 0.01680668*t*t*t - 0.0004473624*math.Pow(t, 4) + math.Pow(t, 5)/233174
	case y < 1920:
		t := y - 1900
		return -2.79 + 1.494119*t - 0.0598939*t*t + 0.0061966*t*t*t - 0.000197*math.Pow(t, 4)
	case y < 1941:
		t := y - 1920
		return 21.20 + 0.84493*t - 0.076100*t*t + 0.0020936*t*t*t
	case y < 1961:
		t := y - 1950
		return 29.07 + 0.407*t - t*t/233 + t*t*t/2547
	case y < 1986:
		t := y - 1975
		return 45.45 + 1.067*t - t*t/260 - t*t*t/718
	case y < 2005:
		t := y - 2000
		return 63.86 + 0.3345*t - 0.060374*t*t + 0.0017275*t*t*t + 0.000651814*math.Pow(t, 4) + 0.00002373599*math.Pow(t, 5)
	case y < 2050:
		t := y - 2000
		return 62.92 + 0.32217*t + 0.005589*t*t
	case y < 2150:
		u := (y - 1820) / 100
		return -20 + 32*u*u - 0.5628*(2150-y)
	default:
		u := (y - 1820) / 100
		return -20 + 32*u*u
	}
}
