package workflow

import (
	"context"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// TestResolveOutcome: only the resolution of a second-instance complaint
// says what it did to the first-instance decision; any other petition's is
// refused, in English and in Vietnamese.
func TestResolveOutcome(t *testing.T) {
	look := newMemLookup()
	for _, tt := range []struct {
		name     string
		typ      cases.Type
		instance int
		outcome  cases.Outcome
		wantVI   string // "" when allowed
	}{
		{"second-instance complaint upheld", cases.Complaint, 2, cases.Upheld, ""},
		{"second-instance complaint annulled", cases.Complaint, 2, cases.Annulled, ""},
		{"second-instance complaint amended", cases.Complaint, 2, cases.Amended, ""},
		{"second-instance complaint without outcome", cases.Complaint, 2, "", ""},
		{"first-instance complaint without outcome", cases.Complaint, 1, "", ""},
		{"first-instance complaint", cases.Complaint, 1, cases.Upheld, "Đơn P-1 là đơn khiếu nại lần đầu: chỉ khi giải quyết khiếu nại lần hai"},
		{"denunciation", cases.Denunciation, 1, cases.Annulled, "Đơn P-1 là đơn tố cáo"},
		{"second denunciation", cases.Denunciation, 2, cases.Amended, "Đơn P-1 là đơn tố cáo"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := petitionIn(cases.Accepted, tt.typ)
			p.Instance = tt.instance
			c := machineCommand(t, cases.OpResolve, func(c *cases.Command) { c.Outcome = tt.outcome })
			got, err := Decide(context.Background(), c, p, look)
			if tt.wantVI == "" {
				if err != nil || got != cases.Resolved {
					t.Fatalf("Decide = %q, %v, want resolved", got, err)
				}
				return
			}
			e := wantRefusal(t, err, cases.EInvalid, "outcome", "petition P-1 is a", "second-instance complaint (instance 2)")
			if !strings.Contains(e.MessageVI, tt.wantVI) {
				t.Errorf("message_vi %q does not contain %q", e.MessageVI, tt.wantVI)
			}
		})
	}
}

// TestResolveOutcomeOfRecommendation: a recommendation answered with an
// outcome is refused too.
func TestResolveOutcomeOfRecommendation(t *testing.T) {
	p := petitionIn(cases.RoutedOwn, cases.Recommendation)
	c := machineCommand(t, cases.OpResolve, func(c *cases.Command) { c.Verdict, c.Outcome = cases.Answered, cases.Upheld })
	_, err := Decide(context.Background(), c, p, newMemLookup())
	e := wantRefusal(t, err, cases.EInvalid, "outcome", "petition P-1 is a recommendation")
	if !strings.Contains(e.MessageVI, "đơn kiến nghị") {
		t.Errorf("message_vi %q", e.MessageVI)
	}
}
