package demo

import (
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// Times inside the generator are Unix seconds; dates are cases.Date. The
// office works 07:30–11:30 and 13:30–17:00 on working days.

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

// working reports whether d is a working day by the product's own calendar:
// the demo's sessions and office hours follow the same holiday table, swaps
// and computed years as the deadlines it is judged by.
func working(d cases.Date) bool { return calendar.IsWorkingDay(d) }

var calendar = workflow.DefaultCalendar()

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
