package cases

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Filter selects petitions for a list. Empty fields select everything;
// Limit 0 lists every match.
type Filter struct {
	State    State
	States   []State // any of them, when not empty
	Type     Type
	Unit     string
	Units    []string // any of them, when not empty
	From, To Date     // received between, inclusive; zero for open
	// Search holds words of the ref, the petitioner's name or the summary,
	// diacritics ignored; a petition matches when it holds every word.
	Search string
	// Petitioner is a petitioner's name, diacritics, case and runs of spaces
	// ignored: it matches protected petitioners too, so a list of it is for
	// checks that never show whose petition matched (the desk's duplicate
	// check, which masks as every list does).
	Petitioner string
	// Scope limits the list to what an account of a committee reads
	// (cases.Scope); nil lists every committee's. The store takes it from
	// the context (ScopeOf) when the filter has none.
	Scope  *Scope
	Limit  int
	Offset int
}

// SearchWords are the words of a search (Filter.Search) as the store
// matches them: folded (Fold), split at spaces and at what no recorded
// text holds, control characters (a NUL would end the pattern and match
// everything), U+FFFD and bytes that are not UTF-8.
func SearchWords(s string) []string {
	return strings.FieldsFunc(Fold(strings.ToValidUTF8(s, " ")), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError
	})
}
