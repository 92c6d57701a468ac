package main

import (
	"os"
	"strconv"

	"github.com/tiepdan/tiepdan/cases"
)

// window is the span of dates commands and report periods may name: the
// default (1945-01-01 to 31 December of next year), or the one the
// environment sets with TIEPDAN_FIRST_DATE (YYYY-MM-DD) and
// TIEPDAN_YEARS_AHEAD (docs/operations.md).
func (a *App) window() (cases.Window, error) {
	first, ahead := os.Getenv("TIEPDAN_FIRST_DATE"), os.Getenv("TIEPDAN_YEARS_AHEAD")
	if first == "" && ahead == "" {
		return cases.DefaultWindow, nil
	}
	if first == "" {
		first = cases.DefaultWindow.First.String()
	}
	years := cases.DefaultWindow.YearsAhead
	if ahead != "" {
		n, err := strconv.Atoi(ahead)
		if err != nil {
			return cases.Window{}, cases.FieldErrorf("TIEPDAN_YEARS_AHEAD", "%q is not a number", ahead)
		}
		years = n
	}
	w, err := cases.ParseWindow(first, years)
	if err != nil {
		return cases.Window{}, cases.FieldErrorf("TIEPDAN_FIRST_DATE", "%v", err)
	}
	return w, nil
}
