package storage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/workflow"
)

// The visit tally counted from the visits' facts agrees with the tally
// that groups the visits by petition in SQL (a report as of an instant), and
// both with the counts by hand, whether the facts are read from their rows
// (days stale) or from their blocks.
func TestVisitTallyFromFactsAndGrouped(t *testing.T) {
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
	asOf := int64(math.MaxInt64)
	tally := func(from, to cases.Date) report.VisitTally {
		t.Helper()
		var out report.VisitTally
		err := db.ReportStore(context.Background(), func(s report.Store) error {
			var err error
			out, err = s.VisitTally(context.Background(), from, to, asOf, report.DefaultGroupThreshold)
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
	fromRows := make([]report.VisitTally, len(periods))
	for i, p := range periods {
		fromRows[i] = tally(p[0], p[1])
	}
	if fromRows[0] != march {
		t.Errorf("March:\n%+v\nwant\n%+v", fromRows[0], march)
	}
	if fromRows[1] != april {
		t.Errorf("April:\n%+v\nwant\n%+v", fromRows[1], april)
	}
	refresh(t, db)
	for i, p := range periods {
		if got := tally(p[0], p[1]); got != fromRows[i] {
			t.Errorf("%s..%s from blocks:\n%+v\nfrom rows:\n%+v", p[0], p[1], got, fromRows[i])
		}
	}
	asOf = math.MaxInt64 - 1
	for i, p := range periods {
		if got := tally(p[0], p[1]); got != fromRows[i] {
			t.Errorf("%s..%s grouped by petition:\n%+v\nfrom facts:\n%+v", p[0], p[1], got, fromRows[i])
		}
	}
}

// refresh encodes the blocks of every stale day, and fails unless some
// were.
func refresh(t *testing.T, db *DB) {
	t.Helper()
	n, err := db.RefreshReportBlocks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no stale day to refresh")
	}
}

// The complaints and denunciations received are counted by the type they
// were last classified as by the end of the period, from the rows or from
// the blocks; those classified again later are folded.
func TestTypesReceivedFromRowsAndBlocks(t *testing.T) {
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
	fromRows, unsettled := count()
	if !reflect.DeepEqual(fromRows, want) || !reflect.DeepEqual(unsettled, []string{"P-2"}) {
		t.Errorf("from rows: %v, unsettled %v; want %v, [P-2]", fromRows, unsettled, want)
	}
	refresh(t, db)
	if fromBlocks, unsettled := count(); !reflect.DeepEqual(fromBlocks, want) || !reflect.DeepEqual(unsettled, []string{"P-2"}) {
		t.Errorf("from blocks: %v, unsettled %v; want %v, [P-2]", fromBlocks, unsettled, want)
	}
}

// A block gives back the rows it encodes: days before and after the
// block's, NULL days, texts, and the integers as they were.
func TestBlockDecodesItsRows(t *testing.T) {
	const day = 19400
	rows := [][]int64{
		{day, 0, 1, 1, 1, noDay, 1, day},
		{day, 1, 2, 0, 2, day - 3, 0, 0},
		{day, 2, 0, 1, 0, day + 400, 1, day + 2},
		{day, 1, 1, 0, 1, day, 0, day - 1},
	}
	texts := []string{"complaint", "denunciation", "", "lower"}
	var flat []int64
	for _, r := range rows {
		flat = append(flat, r...)
	}
	b := receivedFacts.encodeBlock(flat, texts)
	var got [][]int64
	var gotTexts []string
	err := receivedFacts.decodeBlock(day, b, func(r *factRow) error {
		got = append(got, append([]int64{r.day}, r.v...))
		gotTexts = r.texts
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, rows) || !reflect.DeepEqual(gotTexts, texts) {
		t.Errorf("decoded:\n%v %q\nwant:\n%v %q", got, gotTexts, rows, texts)
	}
	// Cut short, or with a byte too many, it is refused.
	for _, bad := range [][]byte{b[:len(b)-1], append(bytes.Clone(b), 0), {2}, nil} {
		if err := receivedFacts.decodeBlock(day, bad, func(*factRow) error { return nil }); !errors.Is(err, errBlock) {
			t.Errorf("a damaged block (%d bytes) decoded: %v", len(bad), err)
		}
	}
}

// Every change that a command makes to the facts counted marks its day
// stale: a whole demo history recorded in small batches, the blocks
// refreshed after each, never leaves a block that differs from its rows
// (Verify compares every block that is not stale with its rows). And the
// refresh leaves nothing stale.
func TestEveryChangeOfTheFactsMarksItsDay(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var buf bytes.Buffer
	if err := demo.Generate(&buf, demo.Options{Petitions: 120, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	ctx := context.Background()
	const batch = 40
	for i := 0; i < len(lines); i += batch {
		err := db.Batch(ctx, func(tx *Tx) error {
			for _, l := range lines[i:min(i+batch, len(lines))] {
				c, err := cases.DecodeCommand([]byte(l))
				if err != nil {
					return err
				}
				if _, err := tx.Exec(c, cases.Meta{Now: now, User: "tester"}); err != nil {
					return fmt.Errorf("%s: %w", l, err)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := db.Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Fatalf("after line %d: %s", i+batch, strings.Join(rep.Problems, "\n"))
		}
		if _, err := db.RefreshReportBlocks(ctx); err != nil {
			t.Fatal(err)
		}
		var stale int
		if err := db.read.QueryRow(`SELECT count(*) FROM report_stale`).Scan(&stale); err != nil || stale != 0 {
			t.Fatalf("after a refresh, %d days stale (%v)", stale, err)
		}
	}
	var blocks int
	if err := db.read.QueryRow(`SELECT count(DISTINCT kind) FROM report_blocks`).Scan(&blocks); err != nil || blocks != 3 {
		t.Fatalf("blocks of %d kinds of facts (%v), want 3", blocks, err)
	}
}

// A visit recorded late, dated before its petition's other visits, changes
// the marks of those on other days: their days are stale too.
func TestALateVisitMarksTheDaysOfThoseItPrecedes(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	timelineHistory(t, db)
	if _, err := db.RefreshReportBlocks(ctx); err != nil {
		t.Fatal(err)
	}
	exec(t, db, `{"op":"visit","ref":"V-0","at":"2023-03-01T07:00:00+07:00","kind":"regular","petition":"P-1","people":1}`)
	rep, err := db.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", rep.Problems, err)
	}
	days := dump(t, db.read, `SELECT date(day * 86400, 'unixepoch') FROM report_stale WHERE kind = 3 ORDER BY day`)
	if want := "[\"2023-03-01\"]\n[\"2023-03-09\"]\n"; days != want {
		t.Errorf("stale days of visits:\n%s\nwant:\n%s", days, want)
	}
}

// march1 is 2023-03-01 in SQL.
var march1 = strconv.Itoa(int(cases.NewDate(2023, time.March, 1)))

// A writer remembers the days it marked stale and does not mark them again;
// when another process refreshes the blocks, it forgets them, and marks the
// day of its next change again.
func TestAnotherProcessRefreshesTheBlocks(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	other, err := Open(ctx, path, stubDecide)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	exec(t, db, petitionLine)
	if _, err := other.RefreshReportBlocks(ctx); err != nil {
		t.Fatal(err)
	}
	// The same day as P-1's, which db marked before the refresh.
	exec(t, db, strings.Replace(petitionLine, "P-1", "P-2", 1))
	rep, err := db.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", rep.Problems, err)
	}
	if got := dump(t, db.read, `SELECT kind, date(day * 86400, 'unixepoch') FROM report_stale`); got != "['\\x01' \"2023-03-01\"]\n" {
		t.Errorf("stale days: %s", got)
	}
}
