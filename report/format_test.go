package report_test

import (
	"math"
	"testing"

	"github.com/tiepdan/tiepdan/report"
)

func TestFormatCount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		// SPEC: below ten, two digits. The seed prints no zero count, so
		// zero follows the rule too.
		{0, "00"},
		{1, "01"},
		{9, "09"},
		{10, "10"},
		{22, "22"},
		{83, "83"},
		{999, "999"},
		{1000, "1.000"},
		{3088, "3.088"},
		{20335, "20.335"},
		{100000, "100.000"},
		{1234567, "1.234.567"},
		{-5, "-05"},
		{-3088, "-3.088"},
	} {
		if got := report.FormatCount(tc.n); got != tc.want {
			t.Errorf("FormatCount(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

// pct is a percentage given as a number, rounded to hundredths as a rate is.
func pct(f float64) report.Percent { return report.Percent(math.Round(f * 100)) }

func TestFormatPercent(t *testing.T) {
	for _, tc := range []struct {
		p    report.Percent
		want string
	}{
		{pct(12.5), "12,5%"},
		{pct(33.333), "33,33%"},
		{pct(100), "100%"},
		{pct(0.5), "0,5%"},
		{pct(0), "0%"},
		{pct(0.05), "0,05%"},
		{pct(5), "5%"}, // a percentage is not a count: no "05%"
		{pct(90), "90%"},
		{pct(99.85), "99,85%"},
		{pct(12.50), "12,5%"},
		{pct(66.67), "66,67%"},
		{pct(1234.5), "1.234,5%"},
		{pct(-12.5), "-12,5%"},
		{*report.Ratio(1, 3), "33,33%"},
		{*report.Ratio(2, 3), "66,67%"},
		{*report.Ratio(1, 8), "12,5%"},
		{*report.Ratio(9, 10), "90%"},
		{*report.Ratio(92, 94), "97,87%"},
	} {
		if got := report.FormatPercent(tc.p); got != tc.want {
			t.Errorf("FormatPercent(%d) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestFormatChange(t *testing.T) {
	for _, tc := range []struct {
		now, before int
		unit        string
		want        string
	}{
		// The seed's comparisons, in SPEC's form.
		{9, 8, "đơn", "so cùng kỳ tăng 01 đơn (tăng 12,5%)"},
		{4, 3, "đơn", "so cùng kỳ tăng 01 đơn (tăng 33,33%)"},
		{5, 5, "đơn", "so cùng kỳ không tăng không giảm"},
		{1, 10, "lượt", "so cùng kỳ giảm 09 lượt (giảm 90%)"},
		// No percentage when the earlier figure is zero.
		{5, 0, "đơn", "so cùng kỳ tăng 05 đơn"},
		{0, 0, "vụ", "so cùng kỳ không tăng không giảm"},
		{0, 4, "cuộc", "so cùng kỳ giảm 04 cuộc (giảm 100%)"},
		{30, 10, "vụ", "so cùng kỳ tăng 20 vụ (tăng 200%)"},
		{3088, 1000, "đơn", "so cùng kỳ tăng 2.088 đơn (tăng 208,8%)"},
		{2, 3, "lượt", "so cùng kỳ giảm 01 lượt (giảm 33,33%)"},
		// The seed's "tăng 01 (tăng 33,33%)" has no unit.
		{4, 3, "", "so cùng kỳ tăng 01 (tăng 33,33%)"},
	} {
		if got := report.FormatChange(tc.now, tc.before, tc.unit); got != tc.want {
			t.Errorf("FormatChange(%d, %d, %q) = %q, want %q", tc.now, tc.before, tc.unit, got, tc.want)
		}
	}
}
