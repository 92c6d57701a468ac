package storage

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// SQLite calls an aggregate function once per row for each sum of a query:
// fifteen sums over the visits of a year cost five times what counting the
// same rows does. Counts of rows that pass a test are small, so a query
// adds up several of them in one integer, each in a field of packBits bits.
//
// A field never holds more than its bound, a sum kept exact beside it (the
// number of rows for a test passed or not, the people of the visits for
// the people of some): when every bound is below 2^packBits no field spills
// into the next, and when one is not the query runs again unpacked.
const (
	packBits   = 21
	packFields = 63 / packBits // fields to an int64, the sign bit unused
)

// packLimit is what every bound of a packed row must stay below: 2^packBits,
// lower in tests that make the unpacked queries run.
var packLimit int64 = 1 << packBits

// sumList is the select list of an aggregate: sums of the bounds, each
// alone, and of the fields, packed or one by one.
type sumList struct {
	bounds []string // expressions summed alone
	fields []sumField
}

// sumField is an expression, non-negative on every row, whose sum is at most
// that of its bound.
type sumField struct {
	expr  string
	bound int // index in bounds
}

// packs returns the columns of the packed select list after the bounds:
// for each, the fields it holds, lowest bits first. Fields of one bound
// share columns, in the order given.
func (l sumList) packs() [][]int {
	var cols [][]int
	for b := range l.bounds {
		var col []int
		for i, f := range l.fields {
			if f.bound != b {
				continue
			}
			if len(col) == packFields {
				cols = append(cols, col)
				col = nil
			}
			col = append(col, i)
		}
		if col != nil {
			cols = append(cols, col)
		}
	}
	return cols
}

// sql returns the select list: the bounds' sums, then the fields' sums,
// packed or one column each.
func (l sumList) sql(packed bool) string {
	var cols []string
	for _, b := range l.bounds {
		cols = append(cols, "coalesce(sum("+b+"), 0)")
	}
	if !packed {
		for _, f := range l.fields {
			cols = append(cols, "coalesce(sum("+f.expr+"), 0)")
		}
		return strings.Join(cols, ", ")
	}
	for _, col := range l.packs() {
		terms := make([]string, len(col))
		for j, i := range col {
			// A null field would make the whole packed value null, and
			// the sum skip the other fields of the row.
			terms[j] = "coalesce(" + l.fields[i].expr + ", 0)"
			if j > 0 {
				terms[j] = "(" + terms[j] + " << " + strconv.Itoa(j*packBits) + ")"
			}
		}
		cols = append(cols, "coalesce(sum("+strings.Join(terms, " + ")+"), 0)")
	}
	return strings.Join(cols, ", ")
}

// columns is the number of columns of l.sql(packed).
func (l sumList) columns(packed bool) int {
	if packed {
		return len(l.bounds) + len(l.packs())
	}
	return len(l.bounds) + len(l.fields)
}

// values returns the sums of the fields from a row read with l.sql(packed),
// or false when a packed row cannot be trusted: a bound reached
// 2^packBits, so a field may have spilled into the next.
func (l sumList) values(row []int64, packed bool) ([]int64, bool) {
	out := make([]int64, len(l.fields))
	nb := len(l.bounds)
	if !packed {
		copy(out, row[nb:])
		return out, true
	}
	for _, b := range row[:nb] {
		if b < 0 || b >= packLimit {
			return nil, false
		}
	}
	for c, col := range l.packs() {
		for j, i := range col {
			out[i] = int64(unpack(row[nb+c], j))
		}
	}
	return out, true
}

// unpack returns field i of a packed sum.
func unpack(v int64, i int) int {
	return int(v >> (i * packBits) & (1<<packBits - 1))
}

// sumQuery is an aggregate query over a sumList, in both forms.
type sumQuery struct {
	list   sumList
	packed string // the query with l.sql(true)
	whole  string // with l.sql(false)
}

// newSumQuery returns the query q makes of a select list.
func newSumQuery(l sumList, q func(sums string) string) sumQuery {
	return sumQuery{list: l, packed: q(l.sql(true)), whole: q(l.sql(false))}
}

// sumRow is a row of a sumQuery: its leading columns, the sums of its
// bounds and of its fields.
type sumRow struct {
	keys   []any
	bounds []int64
	sums   []int64
}

// sums runs q packed, and again unpacked when a row of it cannot be
// trusted. Each row's leading columns are scanned into the destinations
// keys returns, new for each row.
func (rs *reportStore) sums(ctx context.Context, q sumQuery, keys func() []any, args ...any) ([]sumRow, error) {
	for _, packed := range []bool{true, false} {
		query := q.whole
		if packed {
			query = q.packed
		}
		var out []sumRow
		trusted := true
		err := rs.each(ctx, query, func(scan func(...any) error) error {
			var r sumRow
			if keys != nil {
				r.keys = keys()
			}
			raw := make([]int64, q.list.columns(packed))
			dest := slices.Clone(r.keys)
			for i := range raw {
				dest = append(dest, &raw[i])
			}
			if err := scan(dest...); err != nil {
				return err
			}
			r.bounds = raw[:len(q.list.bounds)]
			var ok bool
			if r.sums, ok = q.list.values(raw, packed); !ok {
				trusted = false
			}
			out = append(out, r)
			return nil
		}, args...)
		if err != nil || trusted {
			return out, err
		}
	}
	panic("unreachable: an unpacked row is always trusted")
}
