package report_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/report"
)

// comparePeriods are the periods every demo history is reported on.
var comparePeriods = []struct {
	name string
	asOf time.Time
}{
	{name: "2023-H1"},
	{name: "2023-Q3"},
	{name: "2023"},
	{name: "2022-9M"},
	{name: "2023-02-10..2023-02-20"},
	{name: "2024-Q4"},
	// as_of in the middle of the period: later recordings are ignored.
	{name: "2023-H1", asOf: time.Date(2023, 4, 20, 12, 0, 0, 0, cases.Zone)},
	// as_of shortly after the end: backdated recordings are ignored.
	{name: "2023-Q3", asOf: time.Date(2023, 9, 16, 9, 0, 0, 0, cases.Zone)},
}

// TestComputeAgreesWithNaiveCount checks every figure of Compute, which reads
// only what each period needs, against a plain count over the whole history.
func TestComputeAgreesWithNaiveCount(t *testing.T) {
	sizes := []int{300, 3000}
	if testing.Short() {
		sizes = []int{300}
	}
	for _, size := range sizes {
		for seed := int64(1); seed <= 3; seed++ {
			t.Run(fmt.Sprintf("%d-petitions-seed-%d", size, seed), func(t *testing.T) {
				path := demoDB(t, size, seed)
				events := readAllEvents(t, path)
				dl := testDeadlines()
				wants := map[string]string{}
				reached := map[string]bool{}
				for _, cp := range comparePeriods {
					for _, threshold := range []int{0, 3} {
						groups := threshold
						if groups == 0 {
							groups = report.DefaultGroupThreshold
						}
						wants[fmt.Sprint(cp, threshold)] = jsonOf(t, naiveCompute(t, events, mustPeriod(t, cp.name), cp.asOf, groups, dl))
						for path, v := range flatten(wants[fmt.Sprint(cp, threshold)]) {
							if v != "0" && (strings.Contains(path, ".online.") || strings.Contains(path, ".second_instance.")) {
								reached[path[strings.LastIndex(path, ".online.")+1:]] = true
								reached[path[strings.LastIndex(path, ".second_instance.")+1:]] = true
							}
						}
					}
				}
				// The histories reach SPEC §9's figures, or comparing
				// them proves nothing.
				for _, path := range []string{"online.sessions", "online.visits", "online.cases",
					"second_instance.resolved", "second_instance.upheld", "second_instance.annulled", "second_instance.amended"} {
					if !reached[path] {
						t.Errorf("no period of the history has %s", path)
					}
				}
				// Every day summarized (as after an import), every
				// other day's summary stale, every one stale: a report
				// reads a stale day's timelines itself.
				for _, stale := range []string{"", "day % 2 = 0", "1"} {
					db := openStore(t, path)
					if stale != "" {
						db = openStore(t, withStaleDays(t, path, stale))
					}
					for _, cp := range comparePeriods {
						p := mustPeriod(t, cp.name)
						for _, threshold := range []int{0, 3} {
							want := wants[fmt.Sprint(cp, threshold)]
							o := report.Options{Deadlines: dl, AsOf: cp.asOf, GroupThreshold: threshold}
							if got := jsonOf(t, compute(t, db, p, o)); got != want {
								t.Errorf("%s (as of %v, groups from %d, stale where %q): Compute and the naive count differ:\n%s",
									cp.name, cp.asOf, threshold, stale, diffLines(want, got))
							}
						}
					}
				}
			})
		}
	}
}

// withStaleDays copies the database at path and marks the summaries of the
// days where the SQL condition where holds stale, as a write to one of their
// petitions would.
func withStaleDays(t *testing.T, path, where string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "stale.db")
	if err := os.WriteFile(cp, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+cp)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec(`UPDATE report_days SET version = version + 1 WHERE ` + where)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatalf("no day's summary made stale where %s", where)
	}
	return cp
}

// diffLines lists the JSON paths whose values differ between want and got.
func diffLines(want, got string) string {
	w, g := flatten(want), flatten(got)
	var paths []string
	for k := range w {
		paths = append(paths, k)
	}
	for k := range g {
		if _, ok := w[k]; !ok {
			paths = append(paths, k)
		}
	}
	sort.Strings(paths)
	var b strings.Builder
	for _, k := range paths {
		if w[k] != g[k] {
			fmt.Fprintf(&b, "  %s: naive %s, compute %s\n", k, w[k], g[k])
		}
	}
	return b.String()
}

// flatten maps each leaf path of a JSON document ("a.b[0].c") to its value.
func flatten(doc string) map[string]string {
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		return map[string]string{"": "unreadable: " + err.Error()}
	}
	out := map[string]string{}
	var walk func(string, any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, e)
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
			if len(x) == 0 {
				out[path] = "[]"
			}
		default:
			b, _ := json.Marshal(x)
			out[path] = string(b)
		}
	}
	walk("", v)
	return out
}

// noFork is a Store that cannot fork, so that Compute reads both periods
// through one reader.
type noFork struct{ report.Store }

func (noFork) Fork(context.Context) (report.Store, func()) { return nil, nil }

// TestComputeWithoutFork checks that reading P' beside P, on a second reader
// of the same snapshot, and reading both through one give the same figures.
func TestComputeWithoutFork(t *testing.T) {
	db := openStore(t, demoDB(t, 300, 1))
	dl := testDeadlines()
	for _, cp := range comparePeriods {
		p := mustPeriod(t, cp.name)
		o := report.Options{Deadlines: dl, AsOf: cp.asOf}
		forked := jsonOf(t, compute(t, db, p, o))
		var f *report.Figures
		err := db.ReportStore(context.Background(), func(s report.Store) error {
			if f, release := s.Fork(context.Background()); f == nil {
				t.Error("the SQLite report store cannot fork")
			} else {
				release()
			}
			var err error
			f, err = report.Compute(context.Background(), noFork{s}, p, o)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonOf(t, f); got != forked {
			t.Errorf("%s (as of %v): forked and single-reader figures differ:\n%s", cp.name, cp.asOf, diffLines(forked, got))
		}
	}
}

// TestFoldsInParallel checks that folding a period's petitions on every
// processor (an area's view of P, view.foldParallel) gives the figures of
// folding them one after the other, its committees' reports included,
// which use again the folds the area made.
func TestFoldsInParallel(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one processor: views fold in order")
	}
	var b strings.Builder
	o := demo.Options{Petitions: 1500, Seed: 11, Level: cases.Province, Communes: 6,
		From: cases.NewDate(2025, 1, 1), To: cases.NewDate(2026, 12, 31)}
	if err := demo.Generate(&b, o); err != nil {
		t.Fatal(err)
	}
	province := openStore(t, filepath.Join(t.TempDir(), "p.db"))
	importNDJSON(t, province, strings.NewReader(b.String()), time.Date(2027, 1, 2, 9, 0, 0, 0, cases.Zone))
	if _, err := province.SummarizeDays(context.Background()); err != nil {
		t.Fatal(err)
	}
	figures := func(t *testing.T) []string {
		var out []string
		for _, name := range []string{"2025-H2", "2026-H1", "2026"} {
			out = append(out, jsonOf(t, areaFigures(t, province, mustPeriod(t, name), "", true)))
		}
		return out
	}
	inOrder := figures(t)
	t.Run("parallel", func(t *testing.T) {
		report.FoldInParallel(t)
		for i, got := range figures(t) {
			if got != inOrder[i] {
				t.Errorf("report %d: folded in parallel and in order, the figures differ:\n%s", i, diffLines(inOrder[i], got))
			}
		}
	})
}
