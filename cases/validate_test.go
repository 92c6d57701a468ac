package cases

import (
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
