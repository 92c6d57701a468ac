package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

func runVerify(ctx context.Context, a *App, args []string) int {
	fs := a.flags("verify")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	db, err := a.openAsIs(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()
	// Verify's live heap is small and bounded; fewer collections of it.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	bar := newVerifyProgress(a.Stderr)
	rep, err := verifyAll(ctx, db, bar)
	bar.done()
	if err != nil {
		return a.fail(err)
	}
	if *asJSON {
		json.NewEncoder(a.Stdout).Encode(rep)
	} else {
		for _, p := range rep.problems() {
			fmt.Fprintln(a.Stdout, p)
		}
		verdict := "OK"
		if n := len(rep.problems()); n > 0 {
			verdict = fmt.Sprintf("%d PROBLEMS", n)
		}
		if ver := rep.Verification; ver != nil {
			fmt.Fprintf(a.Stdout, "verify: %s — %d events, %d petitions, %d visits checked\n",
				verdict, ver.Events, ver.Petitions, ver.Visits)
		} else {
			fmt.Fprintf(a.Stdout, "verify: %s — in the file %s itself: its history was not read\n", verdict, a.DB)
		}
	}
	if len(rep.problems()) > 0 {
		return exitFailed
	}
	return exitOK
}

// verifyReport is what verify found: the problems of the file itself
// first (fileKeeper.CheckFile: its pages, its schema against the binary's
// migrations), then, only when it has none, those of the history and the
// projections (storage.DB.Verify), which a damaged file cannot be trusted
// to answer.
type verifyReport struct {
	File []string `json:"file"`
	*storage.Verification
}

func (r verifyReport) problems() []string {
	out := r.File
	if r.Verification != nil {
		out = append(slices.Clip(out), r.Verification.Problems...)
	}
	return out
}

// verifyAll checks db's file first, then its history and projections,
// showing how far it is on bar when not nil.
func verifyAll(ctx context.Context, db *storage.DB, bar *verifyProgress) (verifyReport, error) {
	rep := verifyReport{File: []string{}}
	var progress storage.VerifyProgress
	if bar != nil && bar.on {
		progress = bar.progress
		bar.show("file", 0, 0, true)
	}
	if k, err := keeperOf(db); err == nil {
		if rep.File, err = k.CheckFile(ctx); err != nil {
			return rep, err
		}
		if len(rep.File) > 0 {
			return rep, nil
		}
		rep.File = []string{}
	}
	ver, err := db.VerifyWith(ctx, progress)
	if err != nil {
		return rep, err
	}
	rep.Verification = ver
	return rep, nil
}

func runDemo(ctx context.Context, a *App, args []string) int {
	fs := a.flags("demo")
	o := demo.Options{Now: a.Now()}
	fs.IntVar(&o.Petitions, "petitions", 1000, "how many petitions")
	fs.Int64Var(&o.Seed, "seed", 1, "random seed: the same seed gives the same history")
	level := fs.String("level", string(cases.Commune), "whose history: commune (the district until 30/06/2025, then the commune formed from the merger), district (until 30/06/2025) or province")
	from := fs.String("from", demo.DefaultFrom.String(), "first day of the history")
	to := fs.String("to", "", "last day of the history (default today)")
	planFile := fs.String("plan", "", "also write the history's reception plan to this file, for --reception FILE")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	var err error
	if o.From, err = cases.ParseDate(*from); err != nil {
		fmt.Fprintf(a.Stderr, "tiepdan: --from: %v\n", err)
		return exitUsage
	}
	o.To = cases.DateOf(a.Now())
	if *to != "" {
		if o.To, err = cases.ParseDate(*to); err != nil {
			fmt.Fprintf(a.Stderr, "tiepdan: --to: %v\n", err)
			return exitUsage
		}
	}
	if o.To < o.From {
		fmt.Fprintln(a.Stderr, "tiepdan: --from is after --to")
		return exitUsage
	}
	if o.Petitions < 1 {
		fmt.Fprintln(a.Stderr, "tiepdan: --petitions must be at least 1")
		return exitUsage
	}
	o.Level = cases.Level(*level)
	plan, err := demo.ReceptionPlan(o)
	if err != nil {
		fmt.Fprintf(a.Stderr, "tiepdan: %v\n", strings.TrimPrefix(err.Error(), "demo: "))
		return exitUsage
	}
	if *planFile != "" {
		if err := os.WriteFile(*planFile, append(plan, '\n'), 0o644); err != nil {
			return a.fail(err)
		}
	}
	if err := demo.Generate(a.Stdout, o); err != nil {
		return a.fail(err)
	}
	return exitOK
}

func runCalendar(ctx context.Context, a *App, args []string) int {
	fs := a.flags("calendar")
	year := fs.Int("year", a.Now().In(cases.Zone).Year(), "the year")
	format := fs.String("format", "text", "text or json")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	if *year < 1900 || *year > 2199 {
		fmt.Fprintf(a.Stderr, "tiepdan: --year must be between 1900 and 2199, not %d\n", *year)
		return exitUsage
	}
	cal, err := a.calendar()
	if err != nil {
		return a.fail(err)
	}
	if err := workflow.WriteYear(a.Stdout, cal, *year, *format); err != nil {
		fmt.Fprintf(a.Stderr, "tiepdan: %v\n", err)
		return exitUsage
	}
	return exitOK
}
