package storage

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// The fields of a bound share columns, three to one, and come back as
// they went in.
func TestSumListPacksAndUnpacks(t *testing.T) {
	l := sumList{bounds: []string{"1", "people"}, fields: []sumField{
		{"a", 0}, {"p", 1}, {"b", 0}, {"c", 0}, {"d", 0}, {"q", 1}}}
	if got, want := l.packs(), [][]int{{0, 2, 3}, {4}, {1, 5}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("packs = %v, want %v", got, want)
	}
	if got := l.columns(true); got != 5 {
		t.Errorf("packed columns = %d, want 5", got)
	}
	if got := l.columns(false); got != 8 {
		t.Errorf("whole columns = %d, want 8", got)
	}
	if s := l.sql(true); !strings.Contains(s, "coalesce(sum(coalesce(a, 0) + (coalesce(b, 0) << 21) + (coalesce(c, 0) << 42)), 0)") {
		t.Errorf("packed select list: %s", s)
	}
	const big = 1<<packBits - 1 // the largest a field holds
	row := []int64{big, 900, 7 | big<<packBits | big<<(2*packBits), 3, 12 | 40<<packBits}
	got, ok := l.values(row, true)
	if want := []int64{7, 12, big, big, 3, 40}; !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("values = %v %v, want %v", got, ok, want)
	}
	// A bound past the width: a field may have spilled.
	row[0] = 1 << packBits
	if _, ok := l.values(row, true); ok {
		t.Error("a packed row whose bound is 2^21 was trusted")
	}
	whole := []int64{1 << 30, 5, 1, 2, 3, 4, 5, 6}
	if got, ok := l.values(whole, false); !ok || !reflect.DeepEqual(got, []int64{1, 2, 3, 4, 5, 6}) {
		t.Errorf("whole values = %v %v", got, ok)
	}
}

// When a bound is too large to pack, the query runs again unpacked, and its
// sums are exact; a null field does not hide the others of its row.
func TestSumsRunUnpackedWhenABoundIsTooLarge(t *testing.T) {
	db, _ := openTest(t)
	rows := `(SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT NULL)`
	run := func(l sumList) sumRow {
		t.Helper()
		q := newSumQuery(l, func(sums string) string { return `SELECT ` + sums + ` FROM ` + rows })
		var out []sumRow
		err := db.ReportStore(context.Background(), func(s report.Store) error {
			var err error
			out, err = s.(*reportStore).sums(context.Background(), q, nil)
			return err
		})
		if err != nil || len(out) != 1 {
			t.Fatalf("sums: %v %v", out, err)
		}
		return out[0]
	}
	small := run(sumList{bounds: []string{"1"}, fields: []sumField{{"x >= 2", 0}, {"x = 1", 0}, {"x = 3", 0}}})
	if want := []int64{2, 1, 1}; !reflect.DeepEqual(small.sums, want) || small.bounds[0] != 4 {
		t.Errorf("packed sums = %v (bound %v), want %v (4)", small.sums, small.bounds, want)
	}
	// 6,000,000 does not fit in 21 bits: packed, it would spill into the
	// field above it.
	large := run(sumList{bounds: []string{"x * 1000000"}, fields: []sumField{{"x * 1000000", 0}, {"x = 2", 0}}})
	if want := []int64{6000000, 1}; !reflect.DeepEqual(large.sums, want) {
		t.Errorf("sums past the width = %v, want %v", large.sums, want)
	}
}

// The visit tally packed agrees with the tally that groups the visits by
// petition, which a report falls back on when the counts are too large to
// pack, and both with the counts by hand.
func TestVisitTallyPackedAndGrouped(t *testing.T) {
	db, _ := openTest(t)
	for _, ref := range []string{"P-1", "P-2", "P-3"} {
		exec(t, db, strings.Replace(petitionLine, "P-1", ref, 1))
	}
	for _, line := range []string{
		`{"op":"session","ref":"K-1","kind":"periodic","date":"2023-03-12","presided_by":"Chủ tịch"}`,
		`{"op":"session","ref":"K-2","kind":"adhoc","date":"2023-03-15","presided_by":"Chủ tịch"}`,
		`{"op":"session","ref":"K-3","kind":"periodic","date":"2023-04-05","presided_by":"Chủ tịch"}`,
		`{"op":"visit","ref":"V-1","at":"2023-03-10T08:00:00+07:00","kind":"regular","petition":"P-1","people":1}`,
		`{"op":"visit","ref":"V-2","at":"2023-03-12T08:00:00+07:00","kind":"periodic","session":"K-1","petition":"P-1","people":6}`,
		`{"op":"visit","ref":"V-3","at":"2023-03-15T08:00:00+07:00","kind":"adhoc","session":"K-2","petition":"P-2","people":2}`,
		`{"op":"visit","ref":"V-4","at":"2023-04-02T08:00:00+07:00","kind":"regular","petition":"P-1","people":1}`,
		`{"op":"visit","ref":"V-5","at":"2023-04-03T08:00:00+07:00","kind":"regular","petition":"P-3","people":7}`,
		`{"op":"visit","ref":"V-6","at":"2023-04-05T08:00:00+07:00","kind":"periodic","session":"K-3","petition":"P-2","people":1}`,
	} {
		exec(t, db, line)
	}
	tally := func(from, to cases.Date) report.VisitTally {
		t.Helper()
		var out report.VisitTally
		err := db.ReportStore(context.Background(), func(s report.Store) error {
			var err error
			out, err = s.VisitTally(context.Background(), from, to, math.MaxInt64, report.DefaultGroupThreshold)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	march := report.VisitTally{
		Visits:    report.KindCounts{Regular: 1, Periodic: 1, AdHoc: 1, Total: 3},
		People:    report.KindCounts{Regular: 1, Periodic: 6, AdHoc: 2, Total: 9},
		Petitions: report.KindCounts{Regular: 1, Periodic: 1, AdHoc: 1, Total: 2},
		First:     2, Repeat: 1, RepeatPetitions: 1,
		Groups: report.GroupCounts{Visits: 1, People: 6, Cases: 1},
	}
	april := report.VisitTally{
		Visits:    report.KindCounts{Regular: 2, Periodic: 1, Total: 3},
		People:    report.KindCounts{Regular: 8, Periodic: 1, Total: 9},
		Petitions: report.KindCounts{Regular: 2, Periodic: 1, Total: 3},
		First:     1, Repeat: 2, RepeatPetitions: 2,
		Groups: report.GroupCounts{Visits: 1, People: 7, Cases: 1},
	}
	day := func(m time.Month, d int) cases.Date { return cases.NewDate(2023, m, d) }
	periods := [][2]cases.Date{{day(time.March, 1), day(time.March, 31)}, {day(time.April, 1), day(time.April, 30)},
		{day(time.March, 1), day(time.April, 30)}, {day(time.March, 12), day(time.April, 2)}}
	packed := make([]report.VisitTally, len(periods))
	for i, p := range periods {
		packed[i] = tally(p[0], p[1])
	}
	if packed[0] != march {
		t.Errorf("March:\n%+v\nwant\n%+v", packed[0], march)
	}
	if packed[1] != april {
		t.Errorf("April:\n%+v\nwant\n%+v", packed[1], april)
	}
	defer func(l int64) { packLimit = l }(packLimit)
	packLimit = 0
	for i, p := range periods {
		if got := tally(p[0], p[1]); got != packed[i] {
			t.Errorf("%s..%s grouped by petition:\n%+v\npacked:\n%+v", p[0], p[1], got, packed[i])
		}
	}
}

// The complaints and denunciations received, packed in one sum, are those
// the grouped query counts, which a report falls back on when there are
// too many to pack.
func TestTypesReceivedPackedAndGrouped(t *testing.T) {
	db, _ := openTest(t)
	for i, typ := range []string{"complaint", "complaint", "denunciation", "recommendation", ""} {
		ref := fmt.Sprintf("P-%d", i+1)
		exec(t, db, strings.Replace(petitionLine, "P-1", ref, 1))
		if typ != "" {
			exec(t, db, `{"op":"classify","petition":"`+ref+`","at":"2023-03-02T08:00:00+07:00","type":"`+typ+`","field":"land","eligible":true}`)
		}
	}
	// Classified again after the period: folded, not counted.
	exec(t, db, `{"op":"classify","petition":"P-2","at":"2023-04-02T08:00:00+07:00","type":"denunciation","field":"land","eligible":true}`)
	count := func() (map[cases.Type]int, []string) {
		t.Helper()
		n := map[cases.Type]int{}
		var unsettled []string
		err := db.ReportStore(context.Background(), func(s report.Store) error {
			return s.TypesReceived(context.Background(), cases.NewDate(2023, time.March, 1), cases.NewDate(2023, time.March, 31),
				func(typ cases.Type, k int) error { n[typ] += k; return nil },
				func(ref string, _ report.Timeline) error { unsettled = append(unsettled, ref); return nil })
		})
		if err != nil {
			t.Fatal(err)
		}
		return map[cases.Type]int{cases.Complaint: n[cases.Complaint], cases.Denunciation: n[cases.Denunciation]}, unsettled
	}
	want := map[cases.Type]int{cases.Complaint: 1, cases.Denunciation: 1}
	packed, unsettled := count()
	if !reflect.DeepEqual(packed, want) || !reflect.DeepEqual(unsettled, []string{"P-2"}) {
		t.Errorf("packed: %v, unsettled %v; want %v, [P-2]", packed, unsettled, want)
	}
	defer func(l int64) { packLimit = l }(packLimit)
	packLimit = 0
	if grouped, unsettled := count(); !reflect.DeepEqual(grouped, want) || !reflect.DeepEqual(unsettled, []string{"P-2"}) {
		t.Errorf("grouped: %v, unsettled %v; want %v, [P-2]", grouped, unsettled, want)
	}
}
