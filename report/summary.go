package report

import (
	"encoding/binary"
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
	// { ref (uvarint length, bytes), first (varint), horizon (varint),
	// timeline (uvarint length, bytes) }, where first and horizon are the
	// earliest and latest dates of the petition's entries (horizon
	// openHorizon for an open one), so that a report skips a petition
	// with nothing in its period without reading its timeline.
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
		first, last := cases.Date(math.MaxInt32), cases.Date(math.MinInt32)
		for e := range r.entries(t) {
			d := dayOfMicro(e.at)
			first, last = min(first, d), max(last, d)
		}
		if err := r.failed(ref); err != nil {
			return DaySummary{}, err
		}
		s.FirstDay = min(s.FirstDay, first)
		p = cases.Petition{}
		if _, err := foldTimeline(&r, ref, t, math.MaxInt32, noAsOf, &p, nil); err != nil {
			return DaySummary{}, err
		}
		if p.AcceptedAt != nil && p.ResolvedAt == nil && p.State != cases.Terminated {
			s.Open = appendSummarized(s.Open, ref, first, openHorizon, t)
			continue
		}
		s.Horizon = max(s.Horizon, last)
		s.Closed = appendSummarized(s.Closed, ref, first, last, t)
	}
	return s, nil
}

// openHorizon is the horizon of an open petition: every later period counts
// it.
const openHorizon = cases.Date(math.MaxInt32)

func appendSummarized(b []byte, ref string, first, horizon cases.Date, t Timeline) []byte {
	b = appendString(b, ref)
	b = binary.AppendVarint(b, int64(first))
	b = binary.AppendVarint(b, int64(horizon))
	b = binary.AppendUvarint(b, uint64(len(t)))
	return append(b, t...)
}
