package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/workflow"
)

func runReport(ctx context.Context, a *App, args []string) int {
	if len(args) > 0 && isHelp(args[0]) {
		return a.help("report", nil)
	}
	if len(args) == 0 || args[0] != "section6" {
		return a.badUsage("report")
	}
	fs := a.flags("report section6")
	name := fs.String("period", "", "a named period: 2023-Q1…Q4, 2023-H1, 2023-H2, 2023-9M, 2023; one not ended today is reported as of today")
	from := fs.String("from", "", "first day of a custom period (YYYY-MM-DD)")
	to := fs.String("to", "", "last day of a custom period (YYYY-MM-DD)")
	asOf := fs.String("as-of", "", "ignore events recorded after this instant (RFC 3339), to print a sent report again")
	committee := fs.String("committee", "", "report one committee of an installation of several: the ref of its own unit")
	area := fs.Bool("area", false, "report the committee (--committee, else the installation's first) with every committee under it (toàn tỉnh), each matter once, with a table of the committees")
	format := fs.String("format", "text", "text, json or xlsx (a workbook: the figures' tables and the text)")
	output := fs.String("output", "", "write the report to this file instead of standard output")
	group := fs.Int("group", 5, "people from which a visit counts as a group (đoàn đông người)")
	planFile := fs.String("reception", envOr("TIEPDAN_RECEPTION", ""),
		"the reception plan whose days the text names, as for tiepdan schedule (env TIEPDAN_RECEPTION; default: the plan recorded on the admin page, else the shipped one)")
	if err := a.parse(fs, args[1:]); err != nil {
		return parseStatus(err)
	}
	p, o, err := reportRequest(*name, *from, *to, *asOf, *format)
	if err == nil {
		var w cases.Window
		if w, err = a.window(); err == nil {
			err = p.InWindow("period", w, a.Now())
		}
	}
	if err != nil {
		fmt.Fprintf(a.Stderr, "tiepdan: %v\n", err)
		return exitUsage
	}
	// The deadlines count with the holiday table as it stood at as_of (now
	// without one): a report printed again as of an instant is unchanged.
	cals, err := a.calendarsAsOf(o.AsOf)
	if err != nil {
		return a.fail(err)
	}
	o.Deadlines = workflow.DeadlineDates{Rules: workflow.DefaultRules(), Calendars: cals}
	if fs.NArg() != 0 || *group < 2 {
		fmt.Fprintln(a.Stderr, "tiepdan: report section6 takes only flags, and --group of at least 2")
		return exitUsage
	}
	if *format == "xlsx" && *output == "" && isTerminal(a.Stdout) {
		fmt.Fprintf(a.Stderr, "tiepdan: --format xlsx writes a binary workbook, not for a terminal: give --output %s, or redirect standard output to a file\n",
			report.FileName(p, "xlsx"))
		return exitUsage
	}
	o.GroupThreshold = *group
	// A period not ended today is reported as of today (SPEC §9).
	o.Today = cases.DateOf(a.Now())
	key, err := a.signingKey()
	if err != nil {
		return a.fail(err)
	}
	db, err := a.open(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()
	if key != nil {
		if err := db.SetSigningKey(ctx, key); err != nil {
			return a.fail(err)
		}
	}
	// The committee reported: the one named, else the installation's first.
	committeeKey := ""
	if *committee != "" {
		if committeeKey, err = db.CommitteeKey(ctx, *committee); err != nil {
			return a.fail(err)
		}
	}
	// The text names the days of periodic reception of the committee's plan
	// in force at the end of the period: the plan tiepdan schedule follows.
	var plan *workflow.Reception
	if *format != "json" {
		if plan, err = a.receptionPlanAsOf(*planFile, committeeKey, o.AsOf); err != nil {
			return a.fail(err)
		}
	}
	var f *report.Figures
	scope := committeeKey // the committee reported: the first, without --committee
	err = db.ReportStore(ctx, func(rs report.Store) error {
		var err error
		switch {
		case *area:
			o.Committee, err = report.ForArea(ctx, rs, scope)
		case *committee != "":
			o.Committee, err = report.ForCommittee(ctx, rs, scope)
		}
		if err != nil {
			return err
		}
		f, err = report.Compute(ctx, rs, p, o)
		return err
	})
	if err != nil {
		return a.fail(err)
	}
	// The head of the history the figures were made from, signed with
	// --signing-key (docs/security.md): in the JSON and the workbook,
	// never in the text of section II.6.
	if c, err := db.ChainAsOf(ctx, o.AsOf); err != nil {
		return a.fail(err)
	} else if c.Seq > 0 {
		f.Chain = &c
	}
	// The whole report is rendered before anything is written, so that a
	// failure leaves no half a file.
	var out bytes.Buffer
	if *format == "json" {
		err = f.WriteJSON(&out)
	} else {
		var units []cases.Unit
		if units, err = db.Units(ctx); err == nil {
			names := report.NamesOf(units, p.To, scope, *area)
			names.ReceptionDays, names.ReceptionWeekdays = plan.DaysOn(p.To)
			if *format == "xlsx" {
				err = f.WriteXLSX(&out, names)
			} else {
				err = f.WriteText(&out, names)
			}
		}
	}
	if err != nil {
		return a.fail(err)
	}
	if *output != "" {
		err = os.WriteFile(*output, out.Bytes(), 0o644)
		if err != nil {
			err = cases.Errorf(cases.EInvalid, "--output: %v", err)
		}
	} else {
		_, err = a.Stdout.Write(out.Bytes())
	}
	if err != nil {
		return a.fail(err)
	}
	return exitOK
}

// isTerminal reports whether w is a terminal (a character device), where a
// workbook's bytes would only garble the screen.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// reportRequest reads the period and options a report is asked for, with an
// error that names what is wrong.
func reportRequest(name, from, to, asOf, format string) (report.Period, report.Options, error) {
	var o report.Options
	if format != "text" && format != "json" && format != "xlsx" {
		return report.Period{}, o, fmt.Errorf("--format must be text, json or xlsx, not %q", format)
	}
	p, err := periodFlags(name, from, to)
	if err != nil {
		return p, o, err
	}
	if asOf != "" {
		t, err := cases.ParseInstant(asOf)
		if err != nil {
			return p, o, fmt.Errorf("--as-of: %v", err)
		}
		o.AsOf = t.In(time.UTC)
	}
	return p, o, nil
}

// periodFlags reads the period of --period, or --from and --to (report,
// export).
func periodFlags(name, from, to string) (report.Period, error) {
	switch {
	case name != "" && (from != "" || to != ""):
		return report.Period{}, fmt.Errorf("give --period or --from and --to, not both")
	case name != "":
		return report.ParsePeriod(name)
	case from != "" && to != "":
		f, err := cases.ParseDate(from)
		if err != nil {
			return report.Period{}, fmt.Errorf("--from: %v", err)
		}
		t, err := cases.ParseDate(to)
		if err != nil {
			return report.Period{}, fmt.Errorf("--to: %v", err)
		}
		return report.NewPeriod(f, t)
	}
	return report.Period{}, fmt.Errorf("give --period (e.g. 2023-H1) or both --from and --to")
}
