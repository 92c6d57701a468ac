package demo

import (
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// Times inside the generator are Unix seconds; dates are cases.Date. The
// office works 07:30–11:30 and 13:30–17:00, Monday to Friday, except on the
// public holidays below.

const (
	zoneOffset = 7 * 3600
	daySeconds = 86400
)

// dayStart is the first second of date d in +07:00.
func dayStart(d cases.Date) int64 { return int64(d)*daySeconds - zoneOffset }

// dateOf is the date of instant s in +07:00.
func dateOf(s int64) cases.Date {
	l := s + zoneOffset
	q := l / daySeconds
	if l%daySeconds < 0 {
		q--
	}
	return cases.Date(q)
}

// secOfDay is the second of the day of instant s in +07:00.
func secOfDay(s int64) int { return int(s - dayStart(dateOf(s))) }

// weekday is d's day of the week (1970-01-01 was a Thursday).
func weekday(d cases.Date) time.Weekday {
	w := (int(d)%7 + 7 + 4) % 7
	return time.Weekday(w)
}

// holidays are the official days off, 2022–2026, as in workflow/holidays.json
// (Bộ luật Lao động 2019 Art. 112 and the yearly announcements, see LAW.md).
// They only shape the demo data; the product's own holiday table decides
// deadlines.
var holidays = func() map[cases.Date]bool {
	m := map[cases.Date]bool{}
	span := func(y int, mo time.Month, d, n int) {
		for i := 0; i < n; i++ {
			m[cases.NewDate(y, mo, d+i)] = true
		}
	}
	// 2022
	span(2022, 1, 3, 1)
	span(2022, 1, 29, 9) // Tết 29/01–06/02
	span(2022, 4, 11, 1)
	span(2022, 5, 2, 2)
	span(2022, 9, 1, 2)
	// 2023
	span(2023, 1, 2, 1)
	span(2023, 1, 20, 7) // Tết 20/01–26/01
	span(2023, 5, 1, 3)
	span(2023, 9, 1, 4)
	// 2024
	span(2024, 1, 1, 1)
	span(2024, 2, 8, 7) // Tết 08/02–14/02
	span(2024, 4, 18, 1)
	span(2024, 4, 29, 3)
	span(2024, 9, 2, 2)
	// 2025
	span(2025, 1, 1, 1)
	span(2025, 1, 25, 9) // Tết 25/01–02/02
	span(2025, 4, 7, 1)
	span(2025, 4, 30, 3)
	span(2025, 9, 1, 2)
	// 2026
	span(2026, 1, 1, 2)
	span(2026, 2, 14, 9) // Tết 14/02–22/02
	span(2026, 4, 27, 1)
	span(2026, 4, 30, 2)
	span(2026, 9, 1, 2)
	return m
}()

var (
	tableFrom = cases.NewDate(2022, 1, 1)
	tableTo   = cases.NewDate(2026, 12, 31)
)

// working reports whether d is a working day.
func working(d cases.Date) bool {
	w := weekday(d)
	if w == time.Saturday || w == time.Sunday {
		return false
	}
	if d >= tableFrom && d <= tableTo {
		return !holidays[d]
	}
	// Outside the table only the fixed-date holidays are known.
	_, m, dd := d.YMD()
	switch {
	case m == 1 && dd == 1, m == 4 && dd == 30, m == 5 && dd == 1, m == 9 && dd == 2:
		return false
	}
	return true
}

// nextWorking is d if it is a working day, else the next one.
func nextWorking(d cases.Date) cases.Date {
	for !working(d) {
		d++
	}
	return d
}

// addWorking is the n-th working day after d (d itself when n is 0 and d is
// a working day).
func addWorking(d cases.Date, n int) cases.Date {
	if n == 0 {
		return nextWorking(d)
	}
	for n > 0 {
		d++
		if working(d) {
			n--
		}
	}
	return d
}

// periodicOn is the periodic reception day of the scheduled day y-m-dd: the
// day itself or, when it is not a working day, the next working day.
func periodicOn(y int, m time.Month, dd int) cases.Date {
	return nextWorking(cases.NewDate(y, m, dd))
}

// nextPeriodic is the first periodic reception day strictly after d (the 9th
// and 24th of each month, moved to the next working day).
func nextPeriodic(d cases.Date) cases.Date {
	y, m, _ := d.YMD()
	for i := -1; i < 3; i++ {
		mm := time.Month(int(m) + i)
		for _, dd := range []int{9, 24} {
			if p := periodicOn(y, mm, dd); p > d {
				return p
			}
		}
	}
	panic("unreachable")
}

// Office hours, in seconds of the day.
const (
	morningStart   = 7*3600 + 30*60
	morningEnd     = 11*3600 + 30*60
	afternoonStart = 13*3600 + 30*60
	afternoonEnd   = 17 * 3600
	officeSeconds  = (morningEnd - morningStart) + (afternoonEnd - afternoonStart)
)

// officeSec is a random second of office hours.
func officeSec(r *rng) int {
	s := r.intn(officeSeconds)
	if s < morningEnd-morningStart {
		return morningStart + s
	}
	return afternoonStart + s - (morningEnd - morningStart)
}

// morningSec is a random second of a morning reception session.
func morningSec(r *rng) int { return morningStart + r.intn(morningEnd-morningStart) }

// officeAt is a random office-hours instant of date d.
func officeAt(r *rng, d cases.Date) int64 { return dayStart(d) + int64(officeSec(r)) }

// laterSameDay returns an office-hours instant of prev's date at least a
// minute after prev, if there is one.
func laterSameDay(r *rng, prev int64) (int64, bool) {
	sec := secOfDay(prev) + 60
	if sec < morningStart {
		sec = morningStart
	}
	if sec > morningEnd && sec < afternoonStart {
		sec = afternoonStart
	}
	if sec >= afternoonEnd || !working(dateOf(prev)) {
		return 0, false
	}
	// Offices hours left after sec, then a random point in them.
	var left int
	if sec < morningEnd {
		left = (morningEnd - sec) + (afternoonEnd - afternoonStart)
	} else {
		left = afternoonEnd - sec
	}
	// Most follow-ups of the same day come within a couple of hours.
	span := min(left, 3*3600)
	off := r.intn(span)
	s := sec + off
	if sec < morningEnd && s >= morningEnd {
		s = afternoonStart + (s - morningEnd)
	}
	return dayStart(dateOf(prev)) + int64(s), true
}

// afterWD returns an office-hours instant between lo and hi working days after
// prev, never before prev.
func afterWD(r *rng, prev int64, lo, hi int) int64 {
	k := r.between(lo, hi)
	if k == 0 {
		if t, ok := laterSameDay(r, prev); ok {
			return t
		}
		k = 1
	}
	return officeAt(r, addWorking(dateOf(prev), k))
}

// afterDays returns an office-hours instant n calendar days after base (moved
// to the next working day), and in any case later than prev.
func afterDays(r *rng, base int64, n int, prev int64) int64 {
	d := nextWorking(dateOf(base) + cases.Date(n))
	t := officeAt(r, d)
	if t <= prev {
		return afterWD(r, prev, 0, 1)
	}
	return t
}
