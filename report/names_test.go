package report_test

import (
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// The names are the units' as they stand on the last day of the period
// (SPEC §9): the district and its communes, named together by the level
// words of their names when the district has no lower_label, until
// 30/06/2025; the commune, which has no lower committee, after. The units a
// case went to keep their names in force or not.
func TestNamesFromTheUnitsInForce(t *testing.T) {
	d := cases.NewDate
	units := []cases.Unit{
		{Ref: "xa", Name: "UBND xã Tuy Phước", Kind: cases.Own, Level: cases.Commune, ValidFrom: d(2025, 7, 1)},
		{Ref: "huyen", Name: "UBND huyện Tuy Phước", Kind: cases.Own, Level: cases.District, ValidUntil: d(2025, 6, 30)},
		{Ref: "tnmt", Name: "Phòng Tài nguyên và Môi trường", Kind: cases.Department, Parent: "huyen", ValidUntil: d(2025, 6, 30)},
		{Ref: "xa-pl", Name: "UBND xã Phước Lộc", Kind: cases.Lower, Parent: "huyen", Level: cases.Commune, ValidUntil: d(2025, 6, 30)},
		{Ref: "tt-dt", Name: "UBND thị trấn Diêu Trì", Kind: cases.Lower, Parent: "huyen", Level: cases.Commune, ValidUntil: d(2025, 6, 30)},
		{Ref: "xa-ph", Name: "UBND xã Phước Hòa", Kind: cases.Lower, Parent: "huyen", ValidUntil: d(2023, 12, 31)},
	}
	for _, tt := range []struct {
		on   cases.Date
		want []string
	}{
		{d(2024, 6, 14), []string{"UBND huyện Tuy Phước", "UBND huyện", "district", "UBND các xã, thị trấn", "Ban Tiếp công dân huyện", "các phòng ban huyện"}},
		{d(2025, 6, 30), []string{"UBND huyện Tuy Phước", "UBND huyện", "district", "UBND các xã, thị trấn", "Ban Tiếp công dân huyện", "các phòng ban huyện"}},
		{d(2025, 7, 1), []string{"UBND xã Tuy Phước", "UBND xã", "commune", report.DefaultLower, "Bộ phận tiếp công dân UBND xã", "các cơ quan chuyên môn xã"}},
		{d(2026, 6, 14), []string{"UBND xã Tuy Phước", "UBND xã", "commune", report.DefaultLower, "Bộ phận tiếp công dân UBND xã", "các cơ quan chuyên môn xã"}},
	} {
		n := report.NamesFrom(units, tt.on)
		got := []string{n.Own, n.OwnShort, string(n.Level), n.Lower, n.Desk, n.Departments}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("on %s:\n got  %q\n want %q", tt.on, got, tt.want)
		}
		if len(n.Units) != 3 || n.Units["xa-ph"] != "UBND xã Phước Hòa" {
			t.Errorf("on %s: units %v", tt.on, n.Units)
		}
	}
	// Only the lower committees in force under the committee name the level:
	// a district with one commune says "UBND các xã".
	if n := report.NamesFrom(units[1:4], d(2023, 12, 31)); n.Lower != "UBND các xã" {
		t.Errorf("with one commune: %q", n.Lower)
	}
}

// A committee whose name does not say its level is named by its unit's
// level, in the law's words.
func TestNamesFromTheLevel(t *testing.T) {
	for _, tt := range []struct {
		level cases.Level
		want  []string
	}{
		{cases.Province, []string{"UBND cấp tỉnh", "Chủ tịch UBND cấp tỉnh", "Ban Tiếp công dân cấp tỉnh", "các sở, ban, ngành"}},
		{cases.Commune, []string{"UBND cấp xã", "Chủ tịch UBND cấp xã", "Bộ phận tiếp công dân UBND cấp xã", "các cơ quan chuyên môn cấp xã"}},
		{"", []string{"Ủy ban Gia Lai", "Chủ tịch Ủy ban Gia Lai", "Bộ phận tiếp công dân", "các cơ quan chuyên môn"}},
	} {
		n := report.NamesFrom([]cases.Unit{{Ref: "own", Name: "Ủy ban Gia Lai", Kind: cases.Own, Level: tt.level}}, cases.NewDate(2026, 6, 14))
		got := []string{n.OwnShort, n.Head, n.Desk, n.Departments}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("level %q:\n got  %q\n want %q", tt.level, got, tt.want)
		}
	}
}

// TestTextCommuneSendsOnToNoLowerCommittee: a commune is the lowest level,
// so the recommendations it sends on go to the agencies concerned, not to
// the chairmen of committees below it; a district's go to both.
func TestTextCommuneSendsOnToNoLowerCommittee(t *testing.T) {
	f := &report.Figures{Period: mustPeriod(t, "2026-H1"), PreviousPeriod: mustPeriod(t, "2025-H1")}
	f.Other = report.Other{Petitions: 2, Cases: 2, ByMethod: report.Methods{Transfer: 2}}
	commune := report.NamesFrom([]cases.Unit{{Ref: "xa", Name: "UBND xã Tuy Phước", Kind: cases.Own, Level: cases.Commune}}, f.Period.To)
	if text := writeText(t, f, commune); !strings.Contains(text, "kiến nghị, phản ánh đến các cơ quan có liên quan giải quyết theo thẩm quyền.") {
		t.Errorf("the commune's text sends recommendations to a lower committee:\n%s", text)
	}
	district := report.NamesFrom([]cases.Unit{{Ref: "h", Name: "UBND huyện Tuy Phước", Kind: cases.Own, Level: cases.District},
		{Ref: "x", Name: "UBND xã Phước Nghĩa", Kind: cases.Lower, Parent: "h"}}, mustPeriod(t, "2024-H1").To)
	if text := writeText(t, f, district); !strings.Contains(text, "các cơ quan có liên quan và Chủ tịch UBND các xã giải quyết") {
		t.Errorf("the district's text does not name its communes:\n%s", text)
	}
}
