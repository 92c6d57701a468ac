package workflow

import "github.com/tiepdan/tiepdan/cases"

// Validity is the days a rule of the law is in force: from ValidFrom to
// ValidTo, both inclusive; nil leaves that side open. Every dated rule —
// time limits, events allowed by date, the head's minimum reception days,
// delegation — embeds it.
type Validity struct {
	ValidFrom *cases.Date `json:"valid_from,omitempty"`
	ValidTo   *cases.Date `json:"valid_to,omitempty"`
}

// InForce reports whether the rule is in force on day d.
func (v Validity) InForce(d cases.Date) bool {
	return (v.ValidFrom == nil || *v.ValidFrom <= d) && (v.ValidTo == nil || d <= *v.ValidTo)
}

// Meets reports whether two rules are in force on a common day: unless one
// ends before the other begins.
func (v Validity) Meets(o Validity) bool {
	return !((v.ValidTo != nil && o.ValidFrom != nil && *v.ValidTo < *o.ValidFrom) ||
		(o.ValidTo != nil && v.ValidFrom != nil && *o.ValidTo < *v.ValidFrom))
}
