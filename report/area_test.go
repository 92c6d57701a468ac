package report_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
)

// areaFigures computes period p of the area of committee key, or of the
// committee alone.
func areaFigures(tb testing.TB, db *storage.DB, p report.Period, key string, area bool) *report.Figures {
	tb.Helper()
	ctx := context.Background()
	var f *report.Figures
	err := db.ReportStore(ctx, func(rs report.Store) error {
		o := report.Options{Deadlines: testDeadlines()}
		var err error
		if area {
			o.Committee, err = report.ForArea(ctx, rs, key)
		} else {
			o.Committee, err = report.ForCommittee(ctx, rs, key)
		}
		if err != nil {
			return err
		}
		f, err = report.Compute(ctx, rs, p, o)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// areaPaths lists the numbers of the figures' JSON by path ("received.total.cases"),
// an element of a list of units by its unit ("….units.<ref>.accepted").
func areaPaths(tb testing.TB, f *report.Figures) map[string]float64 {
	tb.Helper()
	b, err := json.Marshal(f)
	if err != nil {
		tb.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		tb.Fatal(err)
	}
	out := map[string]float64{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case float64:
			out[prefix] = x
		case map[string]any:
			for k, y := range x {
				walk(strings.TrimPrefix(prefix+"."+k, "."), y)
			}
		case []any:
			for i, y := range x {
				key := strconv.Itoa(i)
				if m, ok := y.(map[string]any); ok {
					if u, ok := m["unit"].(string); ok {
						key = u
					}
				}
				walk(prefix+"."+key, y)
			}
		}
	}
	walk("", v)
	return out
}

// TestAreaIsTheSumOfItsCommittees: on a province's history of two years
// with twenty communes, for every named period of both years, each path of
// the area's report relates to the committees' own reports as
// report.AreaPaths says: a path that counts petitions, visits, people or
// sessions is their sum; one that counts matters at most their sum and at
// least the largest (a matter sent up is one matter over the area); first
// visits at most the sum, repeat visits at least it; a rate is the area's
// own. Every kind is checked on figures that are not all zero.
func TestAreaIsTheSumOfItsCommittees(t *testing.T) {
	var b strings.Builder
	o := demo.Options{Petitions: 2500, Seed: 7, Level: cases.Province, Communes: 20,
		From: cases.NewDate(2025, 1, 1), To: cases.NewDate(2026, 12, 31)}
	if testing.Short() {
		o.Petitions, o.Communes = 1200, 8
	}
	if err := demo.Generate(&b, o); err != nil {
		t.Fatal(err)
	}
	db := openStore(t, filepath.Join(t.TempDir(), "p.db"))
	importNDJSON(t, db, strings.NewReader(b.String()), time.Date(2027, 1, 2, 9, 0, 0, 0, cases.Zone))

	checked := map[report.AreaKind]int{}
	fewer := 0 // matters counted once where the committees count them apart
	var periods []string
	for _, y := range []string{"2025", "2026"} {
		for _, k := range []string{"-Q1", "-Q2", "-Q3", "-Q4", "-H1", "-H2", "-9M", ""} {
			periods = append(periods, y+k)
		}
	}
	// Every period on the history as imported here (each day's summary
	// stale: the reports read the days' timelines), then summarized, as a
	// server keeps it (the days' summaries, split among the committees by
	// the area's reader).
	for _, state := range []string{"stale", "summarized"} {
		if state == "summarized" {
			if n, err := db.SummarizeDays(context.Background()); err != nil || n == 0 {
				t.Fatalf("summarize: %d days, %v", n, err)
			}
		}
		t.Run(state, func(t *testing.T) {
			for _, name := range periods {
				p := mustPeriod(t, name)
				area := areaFigures(t, db, p, "", true)
				if !area.Area || len(area.Committees) != o.Communes+1 && !(p.To < cases.NewDate(2025, 7, 1)) {
					t.Fatalf("%s: area %v, %d committees, want %d", name, area.Area, len(area.Committees), o.Communes+1)
				}
				// Each committee's row is its own report (read through the area's
				// one reading of the history, areaReader).
				for i, c := range area.Committees {
					key := c.Committee
					if i == 0 {
						key = "" // the province: the installation's first committee
					}
					if own := areaFigures(t, db, p, key, false); jsonOf(t, own) != jsonOf(t, &c) {
						t.Errorf("%s: the area's row of %s is not its own report", name, key)
					}
				}
				a := areaPaths(t, area)
				var each []map[string]float64
				for i := range area.Committees {
					each = append(each, areaPaths(t, &area.Committees[i]))
				}
				paths := map[string]bool{}
				for path := range a {
					paths[path] = true
				}
				for _, m := range each {
					for path := range m {
						paths[path] = true
					}
				}
				for path := range paths {
					kind := report.AreaKindOf(path)
					if kind == report.AreaNotFigure {
						continue
					}
					got := a[path]
					var sum, most float64
					for _, m := range each {
						sum += m[path]
						most = max(most, m[path])
					}
					ok := true
					switch kind {
					case report.AreaSum:
						ok = got == sum
					case report.AreaMatters:
						ok = got <= sum && got >= most
						if got < sum {
							fewer++
						}
					case report.AreaFirstTime:
						ok = got <= sum
					case report.AreaRepeat:
						ok = got >= most
						if strings.HasSuffix(path, ".visits") {
							ok = got >= sum
						}
					case report.AreaRate:
						base := strings.TrimSuffix(path, ".rate")
						want := report.Ratio(int(a[base+".resolved"]), int(a[base+".must_resolve"]))
						ok = want != nil && got == want.Float()
					default:
						t.Fatalf("%s: kind %q", path, kind)
					}
					if !ok {
						t.Errorf("%s %s (%s): area %v, committees' sum %v, largest %v", name, path, kind, got, sum, most)
					}
					if sum > 0 || got > 0 {
						checked[kind]++
					}
				}
			}
		})
	}
	for _, k := range []report.AreaKind{report.AreaSum, report.AreaMatters, report.AreaFirstTime, report.AreaRepeat, report.AreaRate} {
		if checked[k] == 0 {
			t.Errorf("no path of kind %s was checked on figures that are not zero", k)
		}
	}
	if fewer == 0 {
		t.Errorf("no count of matters is below the committees' sum: no matter of two committees was counted once")
	}
	t.Logf("checked %v; %d counts of matters below the sum", checked, fewer)
}

// twoMatters: a province with two communes as committees; the province
// routes complaint T-1 down to commune A, which resolves it; commune B
// sends complaint B-1 up to the province, which takes in its linked
// petition B-1.tinh and handles it itself.
const twoMatters = `{"op":"unit","ref":"tinh","name":"UBND tỉnh Gia Lai","kind":"own","level":"province"}
{"op":"unit","ref":"so-tnmt","name":"Sở Tài nguyên và Môi trường","kind":"department","parent":"tinh"}
{"op":"unit","ref":"xa-a","name":"UBND xã Tuy Phước","kind":"own","level":"commune","parent":"tinh"}
{"op":"unit","ref":"xa-b","name":"UBND xã Phước Lộc","kind":"own","level":"commune","parent":"tinh"}
{"op":"petition","ref":"T-1","committee":"tinh","received_at":"2026-10-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Thị B"},"summary":"Khiếu nại"}
{"op":"classify","petition":"T-1","at":"2026-10-01T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"T-1","at":"2026-10-02T08:00:00+07:00","to":"lower","unit":"xa-a","method":"transfer"}
{"op":"accept","petition":"T-1","at":"2026-10-05T08:00:00+07:00"}
{"op":"resolve","petition":"T-1","at":"2026-10-20T08:00:00+07:00","verdict":"correct","decision":"01/QĐ-UBND"}
{"op":"petition","ref":"B-1","committee":"xa-b","received_at":"2026-10-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Văn C"},"summary":"Khiếu nại"}
{"op":"classify","petition":"B-1","at":"2026-10-01T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"B-1","at":"2026-10-02T08:00:00+07:00","to":"other","unit":"tinh","method":"transfer"}
{"op":"classify","petition":"B-1.tinh","at":"2026-10-03T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"route","petition":"B-1.tinh","at":"2026-10-04T08:00:00+07:00","to":"own","unit":"so-tnmt","method":"assign"}
{"op":"accept","petition":"B-1.tinh","at":"2026-10-06T08:00:00+07:00"}`

// TestAreaCountsAMatterOnce: the matter the province routes down and the
// one a commune sends up are each one matter in the area's report, and
// each committee's own report counts its part: the province T-1 under
// lower and B-1.tinh under own, commune A T-1 under own, commune B B-1
// sent on to another agency.
func TestAreaCountsAMatterOnce(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "a.db"))
	importNDJSON(t, db, strings.NewReader(twoMatters), time.Date(2026, 11, 25, 9, 0, 0, 0, cases.Zone))
	p := mustPeriod(t, "2026-H2")
	area := areaFigures(t, db, p, "", true)
	prov, xa, xb := areaFigures(t, db, p, "", false), areaFigures(t, db, p, "xa-a", false), areaFigures(t, db, p, "xa-b", false)

	if r := area.Received.Complaint; r.Cases != 2 || r.Petitions != 4 {
		t.Errorf("area: %d complaints' rows of %d matters, want 4 rows (T-1 in the province and commune A, B-1 and B-1.tinh) of 2 matters", r.Petitions, r.Cases)
	}
	if got := []int{prov.Received.Complaint.Cases, xa.Received.Complaint.Cases, xb.Received.Complaint.Cases}; got[0] != 2 || got[1] != 1 || got[2] != 1 {
		t.Errorf("matters of the province, commune A, commune B: %v, want [2 1 1]", got)
	}
	pc, ac, bc := prov.Resolution.Complaint, xa.Resolution.Complaint, xb.Resolution.Complaint
	if pc.Lower.Resolved != 1 || pc.Own.Accepted != 1 || pc.Own.Resolved != 0 {
		t.Errorf("province: lower resolved %d, own accepted %d, own resolved %d; want 1, 1 (B-1.tinh), 0", pc.Lower.Resolved, pc.Own.Accepted, pc.Own.Resolved)
	}
	if len(pc.Lower.Units) != 1 || pc.Lower.Units[0].Unit != "xa-a" || pc.Lower.Units[0].UnitName != "UBND xã Tuy Phước" {
		t.Errorf("province: lower units %+v, want commune A", pc.Lower.Units)
	}
	if ac.Own.Resolved != 1 || ac.Lower.MustResolve != 0 {
		t.Errorf("commune A: own resolved %d, lower %d; want 1, 0", ac.Own.Resolved, ac.Lower.MustResolve)
	}
	if bc.Own.MustResolve != 0 || xb.Received.Complaint.ByDestination.Other != 1 {
		t.Errorf("commune B: own %d, sent on %d; want 0, 1", bc.Own.MustResolve, xb.Received.Complaint.ByDestination.Other)
	}
	arc := area.Resolution.Complaint
	if arc.Own.Resolved != 1 || arc.Own.Accepted != 2 || arc.Lower.Resolved != 1 {
		t.Errorf("area: own resolved %d, accepted %d, lower resolved %d; want 1, 2, 1", arc.Own.Resolved, arc.Own.Accepted, arc.Lower.Resolved)
	}
	if len(area.Committees) != 3 || area.Committees[0].CommitteeName != "UBND tỉnh Gia Lai" || area.Committees[1].Committee != "xa-a" {
		t.Errorf("area's committees: %d, first %q", len(area.Committees), area.Committees[0].CommitteeName)
	}

	// Before its route, T-1 is no row of commune A's; in P' neither.
	early := areaFigures(t, db, report.Period{From: cases.NewDate(2026, 10, 1), To: cases.NewDate(2026, 10, 1)}, "xa-a", false)
	if early.Received.Complaint.Petitions != 0 {
		t.Errorf("commune A on 01/10, before the route: %d complaints, want 0", early.Received.Complaint.Petitions)
	}
	for _, tc := range []struct {
		to   cases.Date
		want int
	}{{cases.NewDate(2027, 10, 1), 0}, {cases.NewDate(2027, 10, 2), 1}} {
		p := report.Period{From: cases.NewDate(2027, 10, 1), To: tc.to}
		if got := areaFigures(t, db, p, "xa-a", false).Received.Complaint.PreviousPetitions; got != tc.want {
			t.Errorf("commune A, P' to %s: %d complaints, want %d (routed to it on 02/10/2026)", tc.to, got, tc.want)
		}
	}

}
