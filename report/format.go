package report

import (
	"strconv"
	"strings"
)

// The number style of section II.6 (SPEC §4): counts below ten have two
// digits, thousands are grouped with a dot, percentages have a decimal comma
// and at most two decimals without trailing zeros.
//
// Zero is "00": SPEC gives every number below ten two digits and the seed
// never prints a zero count (it writes "không" where it has none), so nothing
// argues for an exception. The text prefers "không" or leaves a clause out
// where a zero would read badly; FormatCount itself stays uniform.
//
// The two-digit rule is for counts only. A percentage keeps its natural form
// ("5%", "0,5%"): the seed's percentages ("90%", "12,5%", "99,85%") are never
// padded, and "05,5%" is not written anywhere.

// FormatCount writes a count the way the report prints it: "00", "01", "09",
// "10", "3.088", "1.234.567".
func FormatCount(n int) string {
	if n < 0 {
		return "-" + FormatCount(-n)
	}
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return groupThousands(strconv.Itoa(n))
}

// groupThousands puts a dot between every group of three digits of a string
// of digits.
func groupThousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// FormatPercent writes a percentage with a decimal comma, at most two
// decimals and no trailing zeros: "12,5%", "33,33%", "100%", "0,5%".
func FormatPercent(p Percent) string {
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	whole := groupThousands(strconv.FormatInt(int64(p/100), 10))
	frac := int64(p % 100)
	switch {
	case frac == 0:
		return sign + whole + "%"
	case frac%10 == 0:
		return sign + whole + "," + strconv.FormatInt(frac/10, 10) + "%"
	default:
		return sign + whole + "," + strconv.FormatInt(frac/10, 10) + strconv.FormatInt(frac%10, 10) + "%"
	}
}

// FormatChange compares a figure of P with the same figure of P' (cùng kỳ)
// in SPEC's words: "so cùng kỳ tăng 01 đơn (tăng 12,5%)", "so cùng kỳ giảm
// 09 lượt (giảm 90%)", "so cùng kỳ không tăng không giảm", and without a
// percentage when the earlier figure is zero: "so cùng kỳ tăng 05 đơn". The
// unit ("đơn", "lượt", "vụ", "cuộc") follows the difference; an empty unit
// leaves the bare number.
func FormatChange(now, before int, unit string) string {
	diff := now - before
	if diff == 0 {
		return "so cùng kỳ không tăng không giảm"
	}
	verb := "tăng"
	if diff < 0 {
		verb, diff = "giảm", -diff
	}
	s := "so cùng kỳ " + verb + " " + counted(diff, unit)
	if p := Ratio(diff, before); p != nil {
		s += " (" + verb + " " + FormatPercent(*p) + ")"
	}
	return s
}

// counted is a count followed by its unit: "01 đơn"; with no unit, the
// count alone.
func counted(n int, unit string) string {
	if unit == "" {
		return FormatCount(n)
	}
	return FormatCount(n) + " " + unit
}
