package cases

import (
	"fmt"
	"time"
)

// Date is a civil date in Vietnam, counted in days since 1970-01-01. Dates are
// what deadlines, reception days and report periods are made of; an instant's
// date is its date in +07:00.
type Date int32

// NewDate returns the date y-m-d; out-of-range days roll over as time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return Date(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Zone is the time zone every date of the product is read in.
var Zone = time.FixedZone("ICT", 7*3600)

// DateOf returns the date of instant t in +07:00.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Zone).Date()
	return NewDate(y, m, d)
}

// ParseDate parses YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date YYYY-MM-DD", s)
	}
	return NewDate(t.Date()), nil
}

// Time is the start of the date in +07:00.
func (d Date) Time() time.Time {
	y, m, dd := d.utc().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, Zone)
}

// End is the instant the date ends (24:00 in +07:00), the start of the next day.
func (d Date) End() time.Time { return (d + 1).Time() }

func (d Date) utc() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// YMD returns the date's year, month and day.
func (d Date) YMD() (int, time.Month, int) { return d.utc().Date() }

// Weekday is the date's day of the week.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return d.utc().Format(time.DateOnly) }

// VN formats the date as an office writes it: 03/03/2023.
func (d Date) VN() string { return d.utc().Format("02/01/2006") }

// MarshalText writes YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	*d = v
	return err
}

// ParseInstant parses an RFC 3339 time that carries an offset.
func ParseInstant(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return t, fmt.Errorf("%q is not an RFC 3339 time with an offset (e.g. 2023-03-09T08:30:00+07:00)", s)
	}
	return t, nil
}
