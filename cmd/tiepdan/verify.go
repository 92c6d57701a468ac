package main

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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
	var anchorFiles, keys []string
	fs.Func("anchors", "a file of heads recorded elsewhere: report JSON (its \"chain\"), backup records (backup --json), or lines of {\"seq\":…,\"head\":…}; each must be the history's head at its event (repeatable)", func(s string) error {
		anchorFiles = append(anchorFiles, s)
		return nil
	})
	fs.Func("public-key", "check the signatures with this public key (the line tiepdan keys prints, or a file holding it), kept apart from the server: not with the keys the database records, which an insider could have replaced (repeatable)", func(s string) error {
		keys = append(keys, s)
		return nil
	})
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 0 {
		return a.badUsage("verify")
	}
	var opts storage.VerifyOptions
	for _, k := range keys {
		pub, err := parsePublicKey(k)
		if err != nil {
			fmt.Fprintf(a.Stderr, "tiepdan: %v\n", err)
			return exitUsage
		}
		if opts.Keys == nil {
			opts.Keys = map[string]ed25519.PublicKey{}
		}
		opts.Keys[storage.KeyID(pub)] = pub
	}
	for _, name := range anchorFiles {
		chains, err := readAnchors(name)
		if err != nil {
			fmt.Fprintf(a.Stderr, "tiepdan: --anchors: %v\n", err)
			return exitUsage
		}
		for i, c := range chains {
			opts.Anchors = append(opts.Anchors, c)
			opts.Sources = append(opts.Sources, fmt.Sprintf("%s, head %d", name, i+1))
		}
	}
	db, err := a.openAsIs(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()
	// Verify's live heap is small and bounded; fewer collections of it.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	bar := newVerifyProgress(a.Stderr)
	rep, err := verifyAll(ctx, db, opts, bar)
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
		if rep.Verification != nil {
			for _, u := range rep.Unchecked {
				fmt.Fprintln(a.Stdout, "not checked: "+u)
			}
		}
		verdict := "OK"
		if n := len(rep.problems()); n > 0 {
			verdict = fmt.Sprintf("%d PROBLEMS", n)
		}
		if ver := rep.Verification; ver != nil {
			a.printAnchors(ver.Anchors)
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
// (fileKeeper.CheckFile: its pages, its schema against the binary's
// migrations), and, only when it has none, those of the history and the
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

// verifyAll checks db's file, and its history and projections, its access
// log and its anchors, and the heads of opts, showing how far it is on bar
// when not nil. The file is checked on a connection of its own while the
// history is read, on the machine's other core (at 1,000,000 petitions
// the check alone reads 5 GB); when it finds a problem, what the history's
// verification found, or the error it stopped on, is not reported: the
// file's problems are.
func verifyAll(ctx context.Context, db *storage.DB, opts storage.VerifyOptions, bar *verifyProgress) (verifyReport, error) {
	rep := verifyReport{File: []string{}}
	if bar != nil && bar.on {
		opts.Progress = bar.progress
		bar.show("file", 0, 0, true)
	}
	type verified struct {
		ver *storage.Verification
		err error
	}
	hctx, stop := context.WithCancel(ctx)
	defer stop()
	// The checks read the file in the order of its B-trees: from a cold
	// disk, one pass in order beside them saves most of their waiting.
	go db.ReadAhead(hctx)
	history := make(chan verified, 1)
	go func() {
		ver, err := db.VerifyWith(hctx, opts)
		history <- verified{ver, err}
	}()
	if k, err := keeperOf(db); err == nil {
		file, err := k.CheckFile(ctx)
		if err == nil && len(file) > 0 {
			rep.File = file
		}
		if err != nil || len(file) > 0 {
			stop()
			<-history
			return rep, err
		}
	}
	h := <-history
	if h.err != nil {
		return rep, h.err
	}
	rep.Verification = h.ver
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
	fs.IntVar(&o.Communes, "communes", 0, "--level province: how many communes, each a committee with its own desk, from 01/07/2025 (default 20)")
	plansDir := fs.String("plans", "", "--level province: also write each commune's reception plan to DIR/REF.json")
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
	plans, err := demo.CommitteePlans(o)
	if err != nil {
		fmt.Fprintf(a.Stderr, "tiepdan: %v\n", strings.TrimPrefix(err.Error(), "demo: "))
		return exitUsage
	}
	if *planFile != "" {
		if err := os.WriteFile(*planFile, append(plan, '\n'), 0o644); err != nil {
			return a.fail(err)
		}
	}
	if *plansDir != "" {
		if err := os.MkdirAll(*plansDir, 0o755); err != nil {
			return a.fail(err)
		}
		for _, p := range plans {
			if err := os.WriteFile(filepath.Join(*plansDir, p.Committee+".json"), append(p.Plan, '\n'), 0o644); err != nil {
				return a.fail(err)
			}
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
	committee := fs.String("committee", "", "the calendar of one committee of an installation of several, with its own days: the ref of its own unit (default: the installation's)")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	if *year < 1900 || *year > 2199 {
		fmt.Fprintf(a.Stderr, "tiepdan: --year must be between 1900 and 2199, not %d\n", *year)
		return exitUsage
	}
	key, err := a.committeeKey(*committee)
	if err != nil {
		return a.fail(err)
	}
	cals, err := a.calendars()
	if err != nil {
		return a.fail(err)
	}
	if err := workflow.WriteYear(a.Stdout, cals.Of(key), *year, *format); err != nil {
		fmt.Fprintf(a.Stderr, "tiepdan: %v\n", err)
		return exitUsage
	}
	return exitOK
}
