package cases

import (
	"strings"
	"testing"
	"time"
)

// TestValidateSecret: the secret command takes petition, at, protected and
// reason only; a lift names one of the two reasons the law leaves (in both
// languages when it does not), a protection set again says why.
func TestValidateSecret(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, Zone)
	for _, tt := range []struct {
		line, field, words string
	}{
		{`{"op":"secret","petition":"P-1","at":"2026-11-05T08:00:00+07:00","protected":false,"reason":"not_denunciation"}`, "", ""},
		{`{"op":"secret","petition":"P-1","at":"2026-11-05T08:00:00+07:00","protected":false,"reason":"waived_in_writing"}`, "", ""},
		{`{"op":"secret","petition":"P-1","at":"2026-11-05T08:00:00+07:00","protected":true,"reason":"Đề nghị của người gửi đơn"}`, "", ""},
		{`{"op":"secret","petition":"P-1","at":"2026-11-05T08:00:00+07:00","reason":"waived_in_writing"}`, "protected", "is required"},
		{`{"op":"secret","petition":"P-1","at":"2026-11-05T08:00:00+07:00","protected":false,"reason":"complaint"}`, "reason", "not_denunciation"},
		{`{"op":"secret","petition":"P-1","at":"2026-11-05T08:00:00+07:00","protected":false}`, "reason", "waived_in_writing"},
		{`{"op":"secret","petition":"P-1","at":"2026-11-05T08:00:00+07:00","protected":true}`, "reason", "is required"},
		{`{"op":"secret","petition":"P-1","at":"2026-12-05T08:00:00+07:00","protected":true,"reason":"x"}`, "at", "future"},
		{`{"op":"secret","at":"2026-11-05T08:00:00+07:00","protected":true,"reason":"x"}`, "petition", ""},
		{`{"op":"secret","petition":"P-1","at":"2026-11-05T08:00:00+07:00","protected":true,"reason":"x","type":"complaint"}`, "type", "not a field of secret"},
		{`{"op":"classify","petition":"P-1","at":"2026-11-05T08:00:00+07:00","type":"complaint","field":"land","eligible":true,"protected":true}`, "protected", "not a field of classify"},
	} {
		c, err := DecodeCommand([]byte(tt.line))
		if err == nil {
			err = c.Validate(now)
		}
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.line, err)
			}
			continue
		}
		e, ok := err.(*Error)
		if !ok || e.Field != tt.field || !strings.Contains(e.Message, tt.words) {
			t.Errorf("%s: %v, want a refusal of %s saying %q", tt.line, err, tt.field, tt.words)
			continue
		}
		if tt.field == "reason" && tt.words == "not_denunciation" && !strings.Contains(e.MessageVI, "tố cáo") {
			t.Errorf("%s: Vietnamese message %q", tt.line, e.MessageVI)
		}
	}
}
