package cases

import (
	"strings"
	"unicode"
)

// foldTable maps each Vietnamese letter with diacritics to its bare letter.
var foldTable = func() map[rune]rune {
	m := map[rune]rune{'đ': 'd'}
	for base, variants := range map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ",
		'e': "èéẻẽẹêềếểễệ",
		'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ",
		'u': "ùúủũụưừứửữự",
		'y': "ỳýỷỹỵ",
	} {
		for _, r := range variants {
			m[r] = base
		}
	}
	return m
}()

// Fold lower-cases s and strips Vietnamese diacritics, so that a search for
// "nguyen van a" finds "Nguyễn Văn A". Runs of spaces become one space.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		r = unicode.ToLower(r)
		if f, ok := foldTable[r]; ok {
			r = f
		}
		if unicode.IsSpace(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " ")
}
