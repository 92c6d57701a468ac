package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

func runList(ctx context.Context, a *App, args []string) int {
	fs := a.flags("list")
	filter := listFlags(fs)
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 0 {
		return a.badUsage("list")
	}
	f, overdue, err := filter()
	if err != nil {
		fmt.Fprintf(a.Stderr, "tiepdan: %v\n", err)
		return exitUsage
	}
	db, err := a.open(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()
	ps, err := db.Petitions(ctx, f)
	if err != nil {
		return a.fail(err)
	}
	today := cases.DateOf(a.Now())
	dl, err := a.deadliner(ctx, db)
	if err != nil {
		return a.fail(err)
	}
	units, err := db.Units(ctx)
	if err != nil {
		return a.fail(err)
	}
	names := cases.NamesOf(units)
	w := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	n := 0
	for _, p := range ps {
		ds := dl.of(p, today)
		due, late := "", false
		if dl, ok := workflow.WaitingOn(p, ds); ok {
			due, late = dl.Due.VN(), dl.Due < today
		}
		if overdue && !late {
			continue
		}
		// The header comes with the first row: an empty list prints no
		// table, only its count on standard error.
		if n == 0 {
			fmt.Fprintln(w, "SỐ VÀO SỔ\tSỐ ĐƠN\tNGÀY NHẬN\tTRẠNG THÁI\tLOẠI\tNƠI XỬ LÝ\tHẠN\tNGƯỜI GỬI")
		}
		n++
		mark := ""
		if late {
			mark = " (quá hạn)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s%s\t%s\n", p.Number, p.Ref, cases.DateOf(p.ReceivedAt).VN(),
			p.State.Label(), p.Type.Label(), names.Name(p.Unit), due, mark, p.Masked().Petitioner.Name)
	}
	w.Flush()
	if n == 0 {
		fmt.Fprintln(a.Stderr, "Không có đơn nào.")
		return exitOK
	}
	fmt.Fprintf(a.Stderr, "%d đơn\n", n)
	return exitOK
}

// listFlags declares the list's filters on fs (list, export petitions); the
// function it returns reads them, once fs is parsed, into a filter and
// whether only overdue petitions are asked for, or an error naming the
// flag.
func listFlags(fs *flag.FlagSet) func() (cases.Filter, bool, error) {
	var f cases.Filter
	state := fs.String("state", "", "only petitions in this state")
	typ := fs.String("type", "", "only petitions of this type")
	fs.StringVar(&f.Unit, "unit", "", "only petitions routed to this unit (ref)")
	fs.StringVar(&f.Search, "search", "", "words of the ref, the petitioner's name or the summary, diacritics ignored, or a number of the reception book (125/2026)")
	fs.StringVar(&f.Search, "q", "", "the same as --search, by the API's name (q)")
	overdue := fs.Bool("overdue", false, "only petitions past a deadline today")
	return func() (cases.Filter, bool, error) {
		f.State, f.Type = cases.State(*state), cases.Type(*typ)
		if f.State != "" && !f.State.Valid() {
			return f, false, fmt.Errorf("--state: unknown state %q", *state)
		}
		if f.Type != "" && !f.Type.Valid() {
			return f, false, fmt.Errorf("--type: unknown type %q", *typ)
		}
		return f, *overdue, nil
	}
}
