package report

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/tiepdan/tiepdan/cases"
)

// A DaySummary is what a report reads of the petitions received on one day:
// their refs and timelines in two values instead of a row each, split by
// whether the petition is open (accepted, and neither resolved nor
// terminated: every later period counts it) or closed, with the dates a
// store needs to hand over only the days a report can use.
//
// A store keeps one per day as opaque values, computed by Summarize from the
// timelines of the day's petitions. When the timeline of a petition changes,
// the store marks its day stale, and Compute reads the timelines of a stale
// day itself: no figure depends on when a summary was written.
type DaySummary struct {
	// FirstDay is the earliest date of an entry of the day's timelines (a
	// visit may be dated before its petition was received); Horizon the
	// latest date of an entry of a closed petition's timeline: no closed
	// petition of the day has anything to count in a period that starts
	// after it.
	FirstDay, Horizon cases.Date
	// Closed and Open are the two parts: each a sequence of
	// { ref (uvarint length, bytes), timeline (uvarint length, bytes) }.
	Closed, Open []byte
}

// Summarize returns the summary of the petitions refs, received on one day,
// whose timelines are timelines.
func Summarize(refs []string, timelines []Timeline) (DaySummary, error) {
	s := DaySummary{FirstDay: math.MaxInt32, Horizon: math.MinInt32}
	var r timelineReader
	var p cases.Petition
	for i, ref := range refs {
		t := timelines[i]
		for e := range r.entries(t) {
			d := dayOfMicro(e.at)
			s.FirstDay = min(s.FirstDay, d)
		}
		if err := r.failed(ref); err != nil {
			return DaySummary{}, err
		}
		p = cases.Petition{}
		if _, err := foldTimeline(&r, ref, t, math.MaxInt32, noAsOf, &p); err != nil {
			return DaySummary{}, err
		}
		if p.AcceptedAt != nil && p.ResolvedAt == nil && p.State != cases.Terminated {
			s.Open = appendSummarized(s.Open, ref, t)
			continue
		}
		for e := range r.entries(t) {
			s.Horizon = max(s.Horizon, dayOfMicro(e.at))
		}
		s.Closed = appendSummarized(s.Closed, ref, t)
	}
	return s, nil
}

func appendSummarized(b []byte, ref string, t Timeline) []byte {
	b = appendString(b, ref)
	b = binary.AppendUvarint(b, uint64(len(t)))
	return append(b, t...)
}

// eachSummarized calls fn with each petition of part b of a DaySummary; the
// ref and the timeline alias b.
func eachSummarized(b []byte, fn func(ref string, t Timeline)) error {
	next := func() ([]byte, error) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return nil, fmt.Errorf("malformed day summary")
		}
		v := b[k : k+int(n)]
		b = b[k+int(n):]
		return v, nil
	}
	for len(b) > 0 {
		ref, err := next()
		if err != nil {
			return err
		}
		t, err := next()
		if err != nil {
			return err
		}
		fn(string(ref), Timeline(t))
	}
	return nil
}
