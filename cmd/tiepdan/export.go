package main

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/export"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// runExport writes the reception book of a period, or the register of the
// petitions the list's filters select, as CSV or XLSX (package export).
// Whoever runs it holds the database; protected identities are masked all
// the same, as in every export.
func runExport(ctx context.Context, a *App, args []string) int {
	if len(args) > 0 && isHelp(args[0]) {
		return a.help("export", nil)
	}
	if len(args) == 0 || (args[0] != "reception-book" && args[0] != "petitions") {
		return a.badUsage("export")
	}
	what := args[0]
	fs := a.flags("export " + what)
	name := fs.String("period", "", "a named period: 2023-Q1…Q4, 2023-H1, 2023-9M, 2023")
	from := fs.String("from", "", "first day of a custom period (YYYY-MM-DD)")
	to := fs.String("to", "", "last day of a custom period (YYYY-MM-DD)")
	formatName := fs.String("format", "csv", "csv (UTF-8, for Excel) or xlsx (a workbook)")
	output := fs.String("output", "", "write the file here instead of standard output")
	var filter func() (cases.Filter, bool, error)
	if what == "petitions" {
		filter = listFlags(fs)
	}
	if err := a.parse(fs, args[1:]); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 0 {
		return a.badUsage("export")
	}
	format, err := export.ParseFormat(*formatName)
	if err != nil {
		fmt.Fprintf(a.Stderr, "tiepdan: --format must be csv or xlsx, not %q\n", *formatName)
		return exitUsage
	}
	// The period: required for the book; for the register, none lists
	// every petition, and --from or --to alone leaves the other end open.
	var p report.Period
	var f cases.Filter
	var overdue bool
	if what == "petitions" {
		if f, overdue, err = filter(); err == nil {
			p, err = openPeriod(*name, *from, *to)
			f.From, f.To = p.From, p.To
		}
	} else {
		p, err = periodFlags(*name, *from, *to)
	}
	if err != nil {
		fmt.Fprintf(a.Stderr, "tiepdan: %v\n", err)
		return exitUsage
	}
	if format == export.XLSX && *output == "" && isTerminal(a.Stdout) {
		fmt.Fprintf(a.Stderr, "tiepdan: --format xlsx writes a binary workbook, not for a terminal: give --output FILE.xlsx, or redirect standard output to a file\n")
		return exitUsage
	}
	db, err := a.open(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()
	o, err := a.exportOptions(ctx, db)
	if err != nil {
		return a.fail(err)
	}
	var t *export.Table
	if what == "petitions" {
		t, err = a.register(ctx, db, export.Selection{Period: p, Filter: f, Overdue: overdue}, o)
	} else {
		t, err = export.ReceptionBook(ctx, db, p, o)
	}
	if err != nil {
		return a.fail(err)
	}
	var out bytes.Buffer
	if err := t.Write(&out, format); err != nil {
		return a.fail(err)
	}
	if *output != "" {
		if err := os.WriteFile(*output, out.Bytes(), 0o644); err != nil {
			return a.fail(cases.Errorf(cases.EInvalid, "--output: %v", err))
		}
		return exitOK
	}
	if _, err := a.Stdout.Write(out.Bytes()); err != nil {
		return a.fail(err)
	}
	return exitOK
}

// openPeriod is the register's period: --period, or --from and --to,
// either of which may be left out for an open end, or none.
func openPeriod(name, from, to string) (report.Period, error) {
	if name != "" || (from != "" && to != "") {
		return periodFlags(name, from, to)
	}
	var p report.Period
	var err error
	if from != "" {
		if p.From, err = cases.ParseDate(from); err != nil {
			return p, fmt.Errorf("--from: %v", err)
		}
	}
	if to != "" {
		if p.To, err = cases.ParseDate(to); err != nil {
			return p, fmt.Errorf("--to: %v", err)
		}
	}
	return p, nil
}

// exportOptions are the units and today's deadlines, as tiepdan list
// counts them.
func (a *App) exportOptions(ctx context.Context, db *storage.DB) (export.Options, error) {
	units, err := db.Units(ctx)
	if err != nil {
		return export.Options{}, err
	}
	dl, err := a.deadliner(ctx, db)
	if err != nil {
		return export.Options{}, err
	}
	today := cases.DateOf(a.Now())
	due := func(p *cases.Petition) (*cases.Date, bool) {
		d, ok := workflow.WaitingOn(p, dl.of(p, today))
		if !ok {
			return nil, false
		}
		return &d.Due, d.Due < today
	}
	return export.Options{Units: units, Due: due, Today: today}, nil
}

// register is the register of the petitions sel selects.
func (a *App) register(ctx context.Context, db *storage.DB, sel export.Selection, o export.Options) (*export.Table, error) {
	ps, err := db.Petitions(ctx, sel.Filter)
	if err != nil {
		return nil, err
	}
	kept := ps[:0]
	for _, p := range ps {
		if _, late := o.Due(p); sel.Overdue && !late {
			continue
		}
		kept = append(kept, p)
	}
	return export.Register(kept, sel, o), nil
}
