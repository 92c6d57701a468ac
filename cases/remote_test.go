package cases

import "testing"

func TestRemoteUnitsInheritFromAbove(t *testing.T) {
	units := []Unit{
		{Ref: "tinh", Kind: Own},
		{Ref: "huyen", Kind: Lower, Parent: "tinh", Remote: true},
		{Ref: "xa", Kind: Lower, Parent: "huyen"},
		{Ref: "so", Kind: Department, Parent: "tinh"},
		{Ref: "loop-a", Kind: Lower, Parent: "loop-b"},
		{Ref: "loop-b", Kind: Lower, Parent: "loop-a"},
	}
	remote := RemoteUnits(units)
	for ref, want := range map[string]bool{"tinh": false, "huyen": true, "xa": true, "so": false, "loop-a": false} {
		if remote[ref] != want {
			t.Errorf("%s: remote %v, want %v", ref, remote[ref], want)
		}
	}
	p := &Petition{RouteTo: ToLower, Unit: "xa"}
	if !p.ResolvedRemotely(remote) {
		t.Error("a petition routed to a commune of a remote district is not resolved remotely")
	}
	p.RouteTo, p.Unit = ToOther, "xa"
	if p.ResolvedRemotely(remote) {
		t.Error("a petition sent to another agency is resolved remotely")
	}
}
