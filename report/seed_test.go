package report_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/report"
)

// seedExpectation is report/testdata/seed/expected-2023-H1.json: the figures
// of the seed report (from_seed), sums of figures the seed gives only
// together (from_seed_sums), the figures the fixture's author chose where the
// seed says nothing (chosen), and figures as of an earlier instant (as_of).
type seedExpectation struct {
	Period         string                        `json:"period"`
	From           string                        `json:"from"`
	To             string                        `json:"to"`
	GroupThreshold int                           `json:"group_threshold"`
	FromSeed       map[string]json.RawMessage    `json:"from_seed"`
	FromSeedSums   map[string]json.RawMessage    `json:"from_seed_sums"`
	Chosen         map[string]json.RawMessage    `json:"chosen"`
	AsOf           map[string]map[string]float64 `json:"as_of"`
}

// TestSeedReport imports the hand-built history that reproduces the seed
// report and checks every figure the fixture states.
func TestSeedReport(t *testing.T) {
	dir := filepath.Join("testdata", "seed")
	raw, err := os.ReadFile(filepath.Join(dir, "expected-2023-H1.json"))
	if os.IsNotExist(err) {
		t.Skip("no seed fixture yet")
	}
	if err != nil {
		t.Fatal(err)
	}
	var want seedExpectation
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	history, err := os.Open(filepath.Join(dir, "history.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	defer history.Close()
	db := openStore(t, filepath.Join(t.TempDir(), "seed.db"))
	importNDJSON(t, db, history, importNow)

	p := mustPeriod(t, want.Period)
	if p.From.String() != want.From || p.To.String() != want.To {
		t.Errorf("period %s is %s..%s, the fixture says %s..%s", want.Period, p.From, p.To, want.From, want.To)
	}
	o := report.Options{GroupThreshold: want.GroupThreshold}
	got := flatten(jsonOf(t, compute(t, db, p, o)))

	check := func(section string, exp map[string]json.RawMessage) {
		keys := sortedKeys(exp)
		for _, path := range keys {
			w := string(exp[path])
			var g string
			if strings.Contains(path, " + ") {
				sum := 0.0
				for _, term := range strings.Split(path, " + ") {
					f, _ := strconv.ParseFloat(got[strings.TrimSpace(term)], 64)
					sum += f
				}
				g = strconv.FormatFloat(sum, 'f', -1, 64)
			} else {
				g = got[path]
			}
			if !sameValue(w, g) {
				t.Errorf("%s: %s = %s, want %s", section, path, g, w)
			}
		}
	}
	check("from_seed", want.FromSeed)
	check("from_seed_sums", want.FromSeedSums)
	check("chosen", want.Chosen)

	for instant, exp := range want.AsOf {
		at, err := time.Parse(time.RFC3339, instant)
		if err != nil {
			t.Fatalf("as_of %q: %v", instant, err)
		}
		o.AsOf = at
		got := flatten(jsonOf(t, compute(t, db, p, o)))
		for path, w := range exp {
			if g, _ := strconv.ParseFloat(got[path], 64); g != w {
				t.Errorf("as of %s: %s = %s, want %v", instant, path, got[path], w)
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sameValue compares two JSON scalars, numbers by value (50 and 50.00 agree).
func sameValue(a, b string) bool {
	fa, errA := strconv.ParseFloat(a, 64)
	fb, errB := strconv.ParseFloat(b, 64)
	if errA == nil && errB == nil {
		return fa == fb
	}
	return a == b
}
