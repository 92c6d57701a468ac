package cases

import (
	"fmt"
	"strconv"
	"strings"
)

// Number is a petition's or a visit's number in the reception book (SPEC §9):
// the Nth of its kind that its committee recorded in the calendar year
// (+07:00) of its receipt, written "125/2026". Petitions and visits are two
// books, each counted from 1 every year. The store gives the next number
// when a command carries none; a command that moves history from another
// system may carry its own (docs/decisions.md, "Reception-book numbers").
type Number struct {
	N    int
	Year int
}

// IsZero reports whether n is no number: a petition or visit read from a
// history recorded before the books were kept, before its number is derived.
func (n Number) IsZero() bool { return n.N == 0 }

// String is the number as the book writes it, "125/2026"; "" for none.
func (n Number) String() string {
	if n.IsZero() {
		return ""
	}
	return strconv.Itoa(n.N) + "/" + strconv.Itoa(n.Year)
}

// ParseNumber reads a number written "N/YYYY", N from 1.
func ParseNumber(s string) (Number, error) {
	ns, ys, ok := strings.Cut(strings.TrimSpace(s), "/")
	n, err1 := strconv.Atoi(ns)
	y, err2 := strconv.Atoi(ys)
	if !ok || err1 != nil || err2 != nil || n < 1 || n > 99999999 || y < 1900 || y > 9999 ||
		ns[0] == '+' || ys[0] == '+' {
		return Number{}, fmt.Errorf("%q is not a number of the reception book (N/YYYY, such as 125/2026)", s)
	}
	return Number{N: n, Year: y}, nil
}

// MarshalText writes the number as String does.
func (n Number) MarshalText() ([]byte, error) { return []byte(n.String()), nil }

// UnmarshalText reads a number as ParseNumber does; "" is no number.
func (n *Number) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*n = Number{}
		return nil
	}
	v, err := ParseNumber(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// NumberOf is the number a validated petition or visit command carries, zero
// when it carries none.
func (c *Command) NumberOf() Number {
	if c.Number == "" { // none: not worth ParseNumber's error
		return Number{}
	}
	n, _ := ParseNumber(c.Number)
	return n
}

// BookYear is the year of the reception book a petition or visit command
// is numbered in: the calendar year of its receipt (received_at, at) in
// +07:00.
func (c *Command) BookYear() int { return c.AtTime().In(Zone).Year() }
