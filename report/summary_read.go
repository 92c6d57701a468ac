package report

import (
	"encoding/binary"
	"errors"

	"github.com/tiepdan/tiepdan/cases"
)

var errSummary = errors.New("malformed day summary")

// eachSummarized calls fn with each petition of part b of a DaySummary
// that has an entry on or before to and, unless every, one on or after
// from or is open; the timeline aliases b.
func eachSummarized(b []byte, from, to cases.Date, every bool, fn func(ref string, t Timeline)) error {
	return eachEntry(b, from, to, every, func(ref, t, _ []byte) { fn(string(ref), Timeline(t)) })
}

// eachEntry calls fn with the ref, the timeline and the whole entry (bytes
// that are a part of a DaySummary on their own) of each petition of part b
// of a DaySummary that eachSummarized keeps; all three alias b.
func eachEntry(b []byte, from, to cases.Date, every bool, fn func(ref, t, entry []byte)) error {
	bytes := func() ([]byte, error) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return nil, errSummary
		}
		v := b[k : k+int(n)]
		b = b[k+int(n):]
		return v, nil
	}
	date := func() (cases.Date, error) {
		v, k := binary.Varint(b)
		if k <= 0 {
			return 0, errSummary
		}
		b = b[k:]
		return cases.Date(v), nil
	}
	for len(b) > 0 {
		start := b
		ref, err := bytes()
		if err != nil {
			return err
		}
		first, err := date()
		if err != nil {
			return err
		}
		horizon, err := date()
		if err != nil {
			return err
		}
		t, err := bytes()
		if err != nil {
			return err
		}
		if first <= to && (every || horizon >= from) {
			fn(ref, t, start[:len(start)-len(b)])
		}
	}
	return nil
}
