package cases

// UnitNames names units by their refs wherever a person reads a unit: the
// pages, the receipt, the command line's text. Refs stay in URLs, form
// values, JSON and the import format.
//
// A unit is named as it was recorded. A unit never changes once recorded
// (a renamed or merged unit is a new unit that replaces it), so a petition
// routed to a unit since replaced shows the name it had when it was routed:
// the name its letters and the reports of its period carry.
type UnitNames map[string]string

// NamesOf are the names of units by ref.
func NamesOf(units []Unit) UnitNames {
	n := make(UnitNames, len(units))
	for _, u := range units {
		n[u.Ref] = u.Name
	}
	return n
}

// Name is the name of the unit ref. A ref no unit has is itself: a petition
// transferred to a judicial or other agency names the agency in words, and
// a unit not recorded (a history imported before its units) is better shown
// by its code than not at all. "" is "".
func (n UnitNames) Name(ref string) string {
	if name, ok := n[ref]; ok && name != "" {
		return name
	}
	return ref
}
