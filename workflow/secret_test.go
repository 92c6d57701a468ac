package workflow

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// TestDecideSecret walks the rules of the secret command (SPEC §9) over
// short histories: each line is decided as the store would and folded when
// allowed; a line that starts with "!" must be refused with the code, field
// and words given, and leaves the petition as it was.
func TestDecideSecret(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, cases.Zone)
	const (
		petition  = `{"op":"petition","ref":"P-1","received_at":"2026-11-02T08:00:00+07:00","channel":"reception","petitioner":{"name":"Đinh Thị Sương"},"summary":"Tố cáo"}`
		waived    = `{"op":"petition","ref":"P-1","received_at":"2026-11-02T08:00:00+07:00","channel":"reception","petitioner":{"name":"Đinh Thị Sương"},"summary":"Tố cáo","secret_waived":true}`
		denounce  = `{"op":"classify","petition":"P-1","at":"2026-11-03T08:00:00+07:00","type":"denunciation","field":"land","eligible":true}`
		complaint = `{"op":"classify","petition":"P-1","at":"2026-11-04T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`
		again     = `{"op":"classify","petition":"P-1","at":"2026-11-06T08:00:00+07:00","type":"denunciation","field":"land","eligible":true}`
		liftNot   = `{"op":"secret","petition":"P-1","at":"2026-11-05T08:00:00+07:00","protected":false,"reason":"not_denunciation"}`
		liftWaive = `{"op":"secret","petition":"P-1","at":"2026-11-05T08:00:00+07:00","protected":false,"reason":"waived_in_writing"}`
		set       = `{"op":"secret","petition":"P-1","at":"2026-11-07T08:00:00+07:00","protected":true,"reason":"Người gửi đơn đề nghị giữ bí mật"}`
	)
	type step struct {
		line      string
		refused   string // "code field words" of a refusal, "" when allowed
		protected bool   // Denouncer() after the step
	}
	for _, tt := range []struct {
		name  string
		steps []step
	}{
		{"unclassified: protected, lifted only by a written waiver", []step{
			{petition, "", true},
			{liftNot, "conflict reason not classified yet", true},
			{set, "conflict protected already protected", true},
			{liftWaive, "", false},
			{set, "", true},
		}},
		{"a denunciation: lifted only by a written waiver", []step{
			{petition, "", true}, {denounce, "", true},
			{liftNot, "conflict reason classified as a denunciation", true},
			{liftWaive, "", false},
			{again, "", false}, // the waiver stands whatever the type
		}},
		{"a denunciation reclassified a complaint: lifted, then a denunciation again", []step{
			{petition, "", true}, {denounce, "", true}, {complaint, "", true},
			{liftNot, "", false},
			{again, "", true}, // lifted because it was no denunciation: it is one again
			{set, "conflict protected already protected", true},
		}},
		{"a complaint from the start: nothing to lift, can be set", []step{
			{petition, "", true}, {complaint, "", false},
			{liftNot, "conflict protected not protected", false},
			{set, "", true},
		}},
		{"the desk's waiver: not protected, can be set again", []step{
			{waived, "", false},
			{liftWaive, "conflict protected not protected", false},
			{set, "", true},
		}},
		{"not before the petition's previous event", []step{
			{petition, "", true}, {denounce, "", true}, {complaint, "", true},
			{strings.Replace(liftNot, "2026-11-05", "2026-11-03", 1), "conflict  earlier than the petition's previous event", true},
		}},
		{"a petition not recorded", []step{
			{liftWaive, "not_found petition petition P-1 not found", false},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var p *cases.Petition
			for i, st := range tt.steps {
				c, err := cases.DecodeCommand([]byte(st.line))
				if err == nil {
					err = c.Validate(now)
				}
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
				state, err := Decide(context.Background(), &c, p, newMemLookup())
				if st.refused != "" {
					parts := strings.SplitN(st.refused, " ", 3)
					wantRefusal(t, err, parts[0], parts[1], parts[2])
					if parts[0] == cases.EConflict && cases.ErrorCode(err) == cases.EConflict && parts[1] != "" {
						if e := err.(*cases.Error); e.MessageVI == "" {
							t.Errorf("step %d: no Vietnamese message: %v", i, err)
						}
					}
				} else if err != nil {
					t.Fatalf("step %d (%s): %v", i, st.line, err)
				} else if c.Op == cases.OpPetition {
					p = cases.NewPetition(&c, "tiepdan")
				} else {
					before := p.State
					p.Apply(&c, state)
					if c.Op == cases.OpSecret && p.State != before {
						t.Errorf("step %d: secret moved the petition from %s to %s", i, before, p.State)
					}
				}
				if p != nil && p.Denouncer() != st.protected {
					t.Errorf("step %d (%s): protected %v, want %v", i, st.line, p.Denouncer(), st.protected)
				}
			}
		})
	}
}
