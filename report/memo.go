package report

import (
	"reflect"
	"sync"

	"github.com/tiepdan/tiepdan/cases"
)

// The due days a report asks of its Deadlines by day and kind — the
// handling deadline of the petitions received on a day, the resolution
// deadline of the cases accepted on a day — are the same for every
// report that reads the same deadlines. A Deadlines of a comparable type
// (workflow.DeadlineDates: rules and a calendar that do not change once
// built; an edit of the holiday table makes a new calendar) is the key of
// a memo that the reports which follow read first. Other Deadlines (a
// DeadlineFuncs) are asked every time, once per report for each day and
// kind.

// dueKey is a kind of deadline on a day.
type dueKey struct {
	day             cases.Date
	typ             cases.Type
	instance        int
	resolution      bool // else handling
	complex, remote bool // of a resolution
	extra           int  // of a resolution: the days extensions and suspensions add
}

// dueMemo holds the due days one Deadlines gave.
type dueMemo struct {
	d   Deadlines
	mu  sync.RWMutex
	due map[dueKey]cases.Date
}

// The memos of the last few Deadlines used, the most recent first; each
// holds at most memoDays entries (about 27 years of every kind of day).
const (
	memoDeadlines = 4
	memoDays      = 200_000
)

var memos struct {
	sync.Mutex
	list []*dueMemo
}

// memoFor returns the memo of d: kept for the reports that follow when d is
// of a comparable type, else new, for one report.
func memoFor(d Deadlines) *dueMemo {
	if m := memoOf(d); m != nil {
		return m
	}
	return &dueMemo{d: d, due: map[dueKey]cases.Date{}}
}

// memoOf returns the memo kept of d, nil when d is not of a comparable type.
func memoOf(d Deadlines) *dueMemo {
	if d == nil || !reflect.TypeOf(d).Comparable() {
		return nil
	}
	memos.Lock()
	defer memos.Unlock()
	for i, m := range memos.list {
		if m.d == d {
			copy(memos.list[1:i+1], memos.list[:i])
			memos.list[0] = m
			return m
		}
	}
	m := &dueMemo{d: d, due: map[dueKey]cases.Date{}}
	memos.list = append([]*dueMemo{m}, memos.list...)
	if len(memos.list) > memoDeadlines {
		memos.list = memos.list[:memoDeadlines]
	}
	return m
}

// get returns the due day of k, from the memo or from ask.
func (m *dueMemo) get(k dueKey, ask func() (cases.Date, error)) (cases.Date, error) {
	m.mu.RLock()
	due, ok := m.due[k]
	m.mu.RUnlock()
	if ok {
		return due, nil
	}
	due, err := ask()
	if err != nil {
		return 0, err // asked again next time: an error is rare, and may pass
	}
	m.mu.Lock()
	if len(m.due) >= memoDays {
		clear(m.due)
	}
	m.due[k] = due
	m.mu.Unlock()
	return due, nil
}
