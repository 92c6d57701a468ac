package workflow

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The units of levelLookup: the district of Tuy Phước, in force until the
// reform, its commune under it, the commune formed on 1 July 2025 and a
// department without dates.
func levelLookup() *memLookup {
	look := newMemLookup()
	for _, u := range []*cases.Unit{
		{Ref: "HUYEN", Name: "UBND huyện Tuy Phước", Kind: cases.Lower, Parent: "UBND", Level: cases.District,
			ValidFrom: cases.NewDate(1976, 1, 1), ValidUntil: cases.NewDate(2025, 6, 30)},
		{Ref: "XA-CU", Name: "UBND xã Phước Hòa", Kind: cases.Lower, Parent: "HUYEN", Level: cases.Commune},
		{Ref: "XA-MOI", Name: "UBND xã Tuy Phước", Kind: cases.Lower, Parent: "UBND", Level: cases.Commune,
			ValidFrom: cases.NewDate(2025, 7, 1)},
	} {
		look.units[u.Ref] = u
	}
	return look
}

// levelNow is when the commands of these tests are received.
var levelNow = time.Date(2026, 11, 25, 9, 0, 0, 0, cases.Zone)

func levelCommand(t *testing.T, c *cases.Command) *cases.Command {
	t.Helper()
	if err := c.Validate(levelNow); err != nil {
		t.Fatalf("%+v: %v", c, err)
	}
	return c
}

// TestRouteWithinTheUnitsDates: a route to a unit with dates is accepted
// on its last day and on its first, and refused the day after its end and
// the day before its start, naming the unit and the day in both languages;
// a unit without dates takes routes at any date.
func TestRouteWithinTheUnitsDates(t *testing.T) {
	look := levelLookup()
	for _, tt := range []struct {
		name, unit, at string
		en, vi         string
	}{
		{"the district on its last day", "HUYEN", "2025-06-30T16:00:00+07:00", "", ""},
		{"the district the day after", "HUYEN", "2025-07-01T08:00:00+07:00",
			"unit HUYEN (UBND huyện Tuy Phước) no longer exists from 2025-07-01",
			"UBND huyện Tuy Phước không còn tồn tại từ 01/07/2025: không chuyển đơn đến đơn vị này ngày 01/07/2025."},
		{"the district in 2026", "HUYEN", "2026-03-02T08:00:00+07:00", "no longer exists from 2025-07-01",
			"UBND huyện Tuy Phước không còn tồn tại từ 01/07/2025: không chuyển đơn đến đơn vị này ngày 02/03/2026."},
		{"the district's last day read in +07:00", "HUYEN", "2025-06-30T17:30:00Z", "no longer exists", ""},
		{"the new commune the day before", "XA-MOI", "2025-06-30T08:00:00+07:00",
			"unit XA-MOI (UBND xã Tuy Phước) exists only from 2025-07-01",
			"UBND xã Tuy Phước chỉ có từ ngày 01/07/2025: không chuyển đơn đến đơn vị này ngày 30/06/2025."},
		{"the new commune on its first day", "XA-MOI", "2025-07-01T08:00:00+07:00", "", ""},
		{"a commune without dates, in 2026", "XA-CU", "2026-03-02T08:00:00+07:00", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := petitionIn(cases.Classified, cases.Complaint)
			c := levelCommand(t, &cases.Command{Op: cases.OpRoute, Petition: "P-1", At: tt.at,
				To: cases.ToLower, Unit: tt.unit, Method: cases.Transfer})
			got, err := Decide(context.Background(), c, p, look)
			if tt.en == "" {
				if err != nil || got != cases.RoutedLower {
					t.Errorf("Decide = %q, %v, want routed_lower", got, err)
				}
				return
			}
			e := wantRefusal(t, err, cases.EInvalid, "unit", tt.en)
			if tt.vi != "" && e.MessageVI != tt.vi {
				t.Errorf("message_vi = %q, want %q", e.MessageVI, tt.vi)
			}
		})
	}
}

// TestUnitUnderItsParentsDates: a unit with valid_from is recorded under a
// parent in force that day only; a unit without dates is not checked.
func TestUnitUnderItsParentsDates(t *testing.T) {
	look := levelLookup()
	for _, tt := range []struct {
		name, parent, from string
		want               string
	}{
		{"under the district on its last day", "HUYEN", "2025-06-30", ""},
		{"under the district the day after", "HUYEN", "2025-07-01", "UBND huyện Tuy Phước không còn tồn tại từ 01/07/2025"},
		{"under the new commune the day before", "XA-MOI", "2025-06-30", "UBND xã Tuy Phước chỉ có từ ngày 01/07/2025"},
		{"under the new commune on its first day", "XA-MOI", "2025-07-01", ""},
		{"without dates under the district", "HUYEN", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := levelCommand(t, &cases.Command{Op: cases.OpUnit, Ref: "THON", Name: "UBND thôn", Kind: "lower",
				Parent: tt.parent, ValidFrom: tt.from})
			_, err := Decide(context.Background(), c, nil, look)
			if tt.want == "" {
				if err != nil {
					t.Errorf("Decide = %v", err)
				}
				return
			}
			if e := wantRefusal(t, err, cases.EInvalid, "parent"); e != nil && !strings.Contains(e.MessageVI, tt.want) {
				t.Errorf("message_vi = %q, want it to contain %q", e.MessageVI, tt.want)
			}
		})
	}
}

// TestUnitUntil: the end of a unit names a recorded unit, does not come
// before the unit begins, and ends it earlier than it already ends.
func TestUnitUntil(t *testing.T) {
	look := levelLookup()
	for _, tt := range []struct {
		name, unit, until string
		code, field, want string
	}{
		{"a unit without dates", "XA-CU", "2025-06-30", "", "", ""},
		{"the district, earlier than it ends", "HUYEN", "2025-06-29", "", "", ""},
		{"the district, on the day it ends", "HUYEN", "2025-06-30", cases.EConflict, "until", "already ends on 2025-06-30"},
		{"the district, later than it ends", "HUYEN", "2025-12-31", cases.EConflict, "until", "already ends on 2025-06-30"},
		{"the new commune on its first day", "XA-MOI", "2025-07-01", "", "", ""},
		{"the new commune the day before it begins", "XA-MOI", "2025-06-30", cases.EInvalid, "until", "before it begins"},
		{"an unknown unit", "XA-404", "2025-06-30", cases.ENotFound, "unit", "unit XA-404 not found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := levelCommand(t, &cases.Command{Op: cases.OpUnitUntil, Unit: tt.unit, Until: tt.until})
			got, err := Decide(context.Background(), c, nil, look)
			if tt.code == "" {
				if err != nil || got != "" {
					t.Errorf("Decide = %q, %v", got, err)
				}
				return
			}
			if e := wantRefusal(t, err, tt.code, tt.field, tt.want); e != nil && e.MessageVI == "" {
				t.Errorf("%v: no Vietnamese message", err)
			}
		})
	}
}

// TestSuccessorBeginsAfterWhatItReplaces: a unit with valid_from that
// replaces a unit with valid_from must begin after it.
func TestSuccessorBeginsAfterWhatItReplaces(t *testing.T) {
	look := levelLookup()
	for _, tt := range []struct {
		from string
		ok   bool
	}{{"2025-07-01", false}, {"2025-07-02", true}, {"", true}} {
		c := levelCommand(t, &cases.Command{Op: cases.OpUnit, Ref: "XA-2026", Name: "UBND xã Tuy Phước", Kind: "lower",
			Parent: "UBND", Level: cases.Commune, ValidFrom: tt.from, Replaces: []string{"XA-MOI"}})
		_, err := Decide(context.Background(), c, nil, look)
		if tt.ok && err != nil {
			t.Errorf("valid_from %q: %v", tt.from, err)
		}
		if !tt.ok {
			wantRefusal(t, err, cases.EInvalid, "replaces", "is in force from 2025-07-01")
		}
	}
}
