package cases

// RemoteUnits tells, for each unit, whether it lies in a remote area (vùng
// sâu, vùng xa): it or a unit above it is recorded remote. A remote area
// lengthens a complaint's resolution limit (Luật Khiếu nại Arts. 28, 37), so
// every deadline — a petition's page, the reports, the schedule — asks here.
func RemoteUnits(units []Unit) map[string]bool {
	byRef := make(map[string]*Unit, len(units))
	for i := range units {
		byRef[units[i].Ref] = &units[i]
	}
	remote := make(map[string]bool, len(units))
	for _, u := range units {
		seen := map[string]bool{}
		for a := byRef[u.Ref]; a != nil && !seen[a.Ref]; a = byRef[a.Parent] {
			seen[a.Ref] = true
			if a.Remote {
				remote[u.Ref] = true
				break
			}
		}
	}
	return remote
}

// ResolvedRemotely reports whether p is resolved by a unit in a remote area:
// routed to one of the committee's departments or to a lower committee that
// remote (from RemoteUnits) marks.
func (p *Petition) ResolvedRemotely(remote map[string]bool) bool {
	return (p.RouteTo == ToOwn || p.RouteTo == ToLower) && remote[p.Unit]
}
