package report

import (
	"slices"
	"strings"
)

// How each figure of an area's report relates to the reports of its
// committees (SPEC §10): the area counts the union of its committees' rows
// (committee.go), so a figure that counts petitions, visits, people or
// sessions is their sum, and a figure that counts matters counts a matter
// once over the area. docs/decisions.md ("Reports by scope") mirrors
// AreaPaths; the area's test checks every path against it.

// AreaKind is how a figure of an area's report relates to the same figure
// of its committees' reports.
type AreaKind string

const (
	// AreaSum: the sum of the committees' figures.
	AreaSum AreaKind = "sum"
	// AreaMatters: distinct matters, a matter counted once over the area:
	// at most the sum, at least the largest.
	AreaMatters AreaKind = "matters"
	// AreaFirstTime: first visits of a matter and their matters. A matter a
	// commune sent up is first visited there; its later visit at the
	// province is a first visit in the province's report, a repeat one in
	// the area's: at most the sum.
	AreaFirstTime AreaKind = "first_time"
	// AreaRepeat: the other visits and their matters: at least the sum of
	// the visits, at least the largest count of matters.
	AreaRepeat AreaKind = "repeat"
	// AreaRate: a rate, computed from the area's own figures.
	AreaRate AreaKind = "rate"
	// AreaNotFigure: what names the report (version, period, committee…).
	AreaNotFigure AreaKind = "not a figure"
)

// AreaPaths are the rules, first match wins, that give the AreaKind of a
// path of the figures' JSON ("received.total.cases"; an element of
// resolution.*.lower.units is named by its unit: "….units.<ref>.accepted").
// Top names a top-level key, Last a last key, Part a key anywhere.
var AreaPaths = []struct {
	Top, Last, Part string
	Kind            AreaKind
}{
	{Top: "version", Kind: AreaNotFigure}, {Top: "period", Kind: AreaNotFigure},
	{Top: "previous_period", Kind: AreaNotFigure}, {Top: "as_of", Kind: AreaNotFigure},
	{Top: "as_of_day", Kind: AreaNotFigure}, {Top: "previous_as_of_day", Kind: AreaNotFigure},
	{Top: "committee", Kind: AreaNotFigure}, {Top: "committee_name", Kind: AreaNotFigure},
	{Top: "area", Kind: AreaNotFigure}, {Top: "committees", Kind: AreaNotFigure}, {Top: "chain", Kind: AreaNotFigure},
	{Last: "unit", Kind: AreaNotFigure}, {Last: "unit_name", Kind: AreaNotFigure},
	{Last: "rate", Kind: AreaRate},
	{Part: "first_time", Kind: AreaFirstTime},
	{Part: "repeat", Kind: AreaRepeat},
	{Part: "cases", Kind: AreaMatters}, // received.total.cases, reception.cases.total
	{Kind: AreaSum},                    // every other: petitions, visits, people, sessions
}

// AreaKindOf is the AreaKind of path (AreaPaths).
func AreaKindOf(path string) AreaKind {
	keys := strings.Split(path, ".")
	for _, r := range AreaPaths {
		switch {
		case r.Top != "" && keys[0] != r.Top:
		case r.Last != "" && keys[len(keys)-1] != r.Last:
		case r.Part != "" && !slices.Contains(keys, r.Part):
		default:
			return r.Kind
		}
	}
	return AreaSum
}

// AreaColumn is a column of the table of committees side by side (the
// workbook's AreaSheet, the report page): one row per committee, each
// from its own report, and the area's row last.
type AreaColumn struct {
	Head string
	// Kind is AreaSum when the area's row is the sum of the rows above it.
	Kind AreaKind
	// Count reads the column's figure; Rate, for a rate, instead.
	Count func(f *Figures) int
	Rate  func(f *Figures) *Percent
}

// ownMustResolve and ownResolved are the complaints and denunciations of
// the committee's own competence to resolve, and those resolved.
func ownMustResolve(f *Figures) int {
	return f.Resolution.Complaint.Own.MustResolve + f.Resolution.Denunciation.Own.MustResolve
}

func ownResolved(f *Figures) int {
	return f.Resolution.Complaint.Own.Resolved + f.Resolution.Denunciation.Own.Resolved
}

// AreaColumns are the columns of the table of committees.
var AreaColumns = []AreaColumn{
	{Head: "Kỳ tiếp (cuộc)", Kind: AreaSum, Count: func(f *Figures) int { return f.Reception.Sessions.Total }},
	{Head: "Lượt tiếp", Kind: AreaSum, Count: func(f *Figures) int { return f.Reception.Visits.Total }},
	{Head: "Người", Kind: AreaSum, Count: func(f *Figures) int { return f.Reception.People.Total }},
	{Head: "Vụ việc tiếp", Kind: AreaMatters, Count: func(f *Figures) int { return f.Reception.Cases.Total }},
	{Head: "Đơn khiếu nại, tố cáo", Kind: AreaSum, Count: func(f *Figures) int { return f.Received.Total.Petitions }},
	{Head: "Vụ việc khiếu nại, tố cáo", Kind: AreaMatters, Count: func(f *Figures) int { return f.Received.Total.Cases }},
	{Head: "Tổng số đơn nhận", Kind: AreaSum, Count: func(f *Figures) int { return f.ReceivedByType.Total }},
	{Head: "Phải giải quyết (thuộc thẩm quyền)", Kind: AreaSum, Count: ownMustResolve},
	{Head: "Đã giải quyết", Kind: AreaSum, Count: ownResolved},
	{Head: "Tỷ lệ giải quyết", Kind: AreaRate, Rate: func(f *Figures) *Percent { return Ratio(ownResolved(f), ownMustResolve(f)) }},
	{Head: "Giao cấp dưới giải quyết", Kind: AreaSum, Count: func(f *Figures) int {
		return f.Resolution.Complaint.Lower.MustResolve + f.Resolution.Denunciation.Lower.MustResolve
	}},
}

// AreaTotalLabel labels the area's row of the table of committees: "Toàn
// tỉnh" (Names.Area), else "Tổng cộng".
func (n Names) AreaTotalLabel() string {
	if n = n.withDefaults(); n.Area != "" {
		return capitalize(n.Area)
	}
	return "Tổng cộng"
}
