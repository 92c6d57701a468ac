package web

import (
	"slices"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
	"golang.org/x/text/unicode/norm"
)

// How the desk compares citizens' names (issue 16, point 8). A search
// ignores diacritics, so that "vo van tam" finds "Võ Văn Tâm"; but Tám and
// Tâm are two names, and the duplicate check, which stops the officer,
// compares names with their diacritics. The search ranks the petitions whose
// petitioner or visitor bears the name searched before those found by their
// ref or summary.

// nameKey is a name as the desk compares it with its diacritics: Unicode
// NFC (a name typed with combining marks equals its precomposed form),
// lower case, runs of spaces as one.
func nameKey(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(s))), " ")
}

// sameName reports whether name is the name typed: with its diacritics when
// the officer typed any, else without (a name typed without them cannot
// tell Tám from Tâm, and the check warns rather than miss a duplicate).
func sameName(name, typed string) bool {
	if !hasDiacritics(typed) {
		return cases.Fold(name) == cases.Fold(typed)
	}
	return nameKey(name) == nameKey(typed)
}

// hasDiacritics reports whether s holds a letter that folding changes
// other than by case.
func hasDiacritics(s string) bool {
	s = strings.ToLower(norm.NFC.String(s))
	return cases.Fold(s) != strings.Join(strings.Fields(s), " ")
}

// Ranks of a desk search's match (nameRank), best first.
const (
	rankName       = iota // a name bears the words searched, diacritics as typed
	rankNameFolded        // a name bears them, diacritics ignored
	rankOther             // the ref or the summary holds them
)

// nameRank ranks a match of the search q by names, the petitioner's and
// the visitors' (a protected petition's none: it is not found by name, SPEC
// §9): rankName when one of them holds every word of q as typed, with its
// diacritics; rankNameFolded when one holds them without; rankOther else.
func nameRank(q string, names []string) int {
	words := strings.Fields(nameKey(q))
	folded := strings.Fields(cases.Fold(q))
	if len(words) == 0 {
		return rankOther
	}
	rank := rankOther
	for _, n := range names {
		if holdsAll(strings.Fields(nameKey(n)), words) {
			return rankName
		}
		if holdsAll(strings.Fields(cases.Fold(n)), folded) {
			rank = rankNameFolded
		}
	}
	return rank
}

func holdsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
