package cases

import (
	"strings"
	"testing"
	"time"
)

// several_places belongs to the classification of a denunciation: a
// complaint or a recommendation that says it is refused, naming the field.
func TestValidateSeveralPlaces(t *testing.T) {
	now := time.Date(2027, 1, 1, 8, 0, 0, 0, Zone)
	yes := true
	for _, tt := range []struct {
		typ Type
		ok  bool
	}{{Denunciation, true}, {Complaint, false}, {Recommendation, false}} {
		c := Command{Op: OpClassify, Petition: "P-1", At: "2026-11-20T09:00:00+07:00", Type: tt.typ,
			Field: FieldLand, Eligible: &yes, SeveralPlaces: true}
		err := c.Validate(now)
		if tt.ok != (err == nil) {
			t.Errorf("several_places on a %s: %v", tt.typ, err)
		}
		if e, ok := err.(*Error); !tt.ok && (!ok || e.Field != "several_places" || e.Code != EInvalid) {
			t.Errorf("several_places on a %s: %#v, want an invalid several_places", tt.typ, err)
		}
	}
	route := Command{Op: OpRoute, Petition: "P-1", At: "2026-11-20T09:00:00+07:00", To: ToJudicial, Unit: "Tòa án", Method: Transfer, SeveralPlaces: true}
	if err := route.Validate(now); err == nil {
		t.Errorf("several_places on a route is accepted")
	}
}

// outcome takes one of three values and belongs to resolve; online to
// sessions and visits.
func TestValidateOutcomeAndOnline(t *testing.T) {
	now := time.Date(2027, 1, 1, 8, 0, 0, 0, Zone)
	resolve := func(o Outcome) Command {
		return Command{Op: OpResolve, Petition: "P-1", At: "2026-11-20T09:00:00+07:00", Verdict: Incorrect, Outcome: o}
	}
	for _, o := range Outcomes {
		c := resolve(o)
		if err := c.Validate(now); err != nil {
			t.Errorf("outcome %s: %v", o, err)
		}
	}
	c := resolve("confirmed")
	err := c.Validate(now)
	if e, ok := err.(*Error); !ok || e.Field != "outcome" || !strings.Contains(e.Message, `must be upheld, annulled or amended, not "confirmed"`) {
		t.Errorf("a bad outcome: %v", err)
	}
	accept := Command{Op: OpAccept, Petition: "P-1", At: "2026-11-20T09:00:00+07:00", Outcome: Upheld}
	if err := accept.Validate(now); err == nil || err.(*Error).Field != "outcome" {
		t.Errorf("outcome on accept: %v", err)
	}
	session := Command{Op: OpSession, Ref: "K-1", Kind: "adhoc", Date: "2026-11-20", PresidedBy: "Chủ tịch", Online: true}
	visit := Command{Op: OpVisit, Ref: "V-1", At: "2026-11-20T09:00:00+07:00", Kind: "regular", Petition: "P-1", People: 1, Online: true}
	for _, c := range []Command{session, visit} {
		if err := c.Validate(now); err != nil {
			t.Errorf("online %s: %v", c.Op, err)
		}
	}
	petition := Command{Op: OpClassify, Petition: "P-1", At: "2026-11-20T09:00:00+07:00", Type: Complaint, Field: FieldLand, Eligible: new(bool), Online: true}
	if err := petition.Validate(now); err == nil || err.(*Error).Field != "online" {
		t.Errorf("online on classify: %v", err)
	}
}
