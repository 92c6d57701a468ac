package workflow

import (
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// The desk proposes transfer for a denunciation sent away, never guide
// (Luật Tố cáo 2018, Điều 24 khoản 2); other petitions at reception are
// guided, and what stays with the committee is assigned.
func TestProposedMethod(t *testing.T) {
	for _, tt := range []struct {
		t    cases.Type
		dest cases.Destination
		want cases.Method
	}{
		{cases.Denunciation, cases.ToLower, cases.Transfer},
		{cases.Denunciation, cases.ToJudicial, cases.Transfer},
		{cases.Denunciation, cases.ToOther, cases.Transfer},
		{cases.Denunciation, cases.ToOwn, cases.Assign},
		{cases.Complaint, cases.ToLower, cases.Guide},
		{cases.Recommendation, cases.ToOther, cases.Guide},
		{cases.Reflection, cases.ToOwn, cases.Assign},
		{"", cases.ToLower, cases.Guide},
	} {
		if got := ProposedMethod(tt.t, tt.dest); got != tt.want {
			t.Errorf("%s to %s: %s, want %s", tt.t, tt.dest, got, tt.want)
		}
	}
}

// A denunciation recorded as guided (an imported history) gets the note; a
// transferred one, a guided complaint and a denunciation kept at home do not.
func TestDenunciationGuidedNote(t *testing.T) {
	p := &cases.Petition{Type: cases.Denunciation, RouteTo: cases.ToLower, Method: cases.Guide}
	note := DenunciationGuidedNote(p)
	for _, want := range []string{"chuyển đơn", "Luật Tố cáo 2018, Điều 24 khoản 2", "Thông tư 05/2021/TT-TTCP, Điều 14 khoản 1", "giữ như lịch sử đã ghi"} {
		if !strings.Contains(note, want) {
			t.Errorf("note %q lacks %q", note, want)
		}
	}
	for _, q := range []cases.Petition{
		{Type: cases.Denunciation, RouteTo: cases.ToLower, Method: cases.Transfer},
		{Type: cases.Complaint, RouteTo: cases.ToLower, Method: cases.Guide},
		{Type: cases.Denunciation, RouteTo: cases.ToOwn, Method: cases.Guide},
	} {
		if n := DenunciationGuidedNote(&q); n != "" {
			t.Errorf("%+v: note %q", q, n)
		}
	}
}
