package cases

import (
	"testing"
	"time"
)

// The words of the law by petition (SPEC §9).
func TestWordsOfTheLaw(t *testing.T) {
	if got := Incorrect.LabelFor(Denunciation); got != "Sai sự thật" {
		t.Errorf("a denunciation found untrue: %q", got)
	}
	if got := Incorrect.LabelFor(Complaint); got != "Sai" {
		t.Errorf("a complaint found wrong: %q", got)
	}
	if got := PartlyCorrect.LabelFor(Denunciation); got != "Đúng một phần" {
		t.Errorf("partly correct: %q", got)
	}
	if OutcomeWord(Denunciation) != "kết luận" || OutcomeWord(Complaint) != "quyết định" {
		t.Errorf("outcomes: %q, %q", OutcomeWord(Denunciation), OutcomeWord(Complaint))
	}
	for _, tt := range []struct {
		t    Type
		n    int
		want string
	}{{Denunciation, 2, "Tố cáo tiếp"}, {Complaint, 2, "Khiếu nại lần hai"}, {Denunciation, 1, "Lần đầu"}, {Complaint, 0, ""}} {
		if got := InstanceLabel(tt.t, tt.n); got != tt.want {
			t.Errorf("%s instance %d: %q, want %q", tt.t, tt.n, got, tt.want)
		}
	}

	at := time.Date(2026, 3, 2, 8, 0, 0, 0, Zone)
	desk := &Petition{Type: Complaint, State: Terminated}
	accepted := &Petition{Type: Complaint, State: Terminated, AcceptedAt: &at}
	if desk.StateLabel() != "Dừng xử lý" || accepted.StateLabel() != "Đình chỉ" {
		t.Errorf("terminated before / after acceptance: %q, %q", desk.StateLabel(), accepted.StateLabel())
	}
	if desk.OpLabel(OpTerminate) != "Dừng xử lý" || accepted.OpLabel(OpTerminate) != "Đình chỉ" {
		t.Errorf("terminate before / after acceptance: %q, %q", desk.OpLabel(OpTerminate), accepted.OpLabel(OpTerminate))
	}
	d := &Petition{Type: Denunciation, State: Implemented, AcceptedAt: &at}
	c := &Petition{Type: Complaint, State: Implemented, AcceptedAt: &at}
	if d.StateLabel() != "Đã thực hiện kết luận" || c.StateLabel() != "Đã thực hiện quyết định" {
		t.Errorf("implemented: %q, %q", d.StateLabel(), c.StateLabel())
	}
	if d.OpLabel(OpImplement) != "Thực hiện kết luận" || c.OpLabel(OpImplement) != "Thực hiện quyết định" {
		t.Errorf("implement: %q, %q", d.OpLabel(OpImplement), c.OpLabel(OpImplement))
	}
	if d.OpLabel(OpAccept) != "Thụ lý" {
		t.Errorf("accept: %q", d.OpLabel(OpAccept))
	}
}
