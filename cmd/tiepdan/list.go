package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

func runList(ctx context.Context, a *App, args []string) int {
	fs := a.flags("list")
	var f cases.Filter
	state := fs.String("state", "", "only petitions in this state")
	typ := fs.String("type", "", "only petitions of this type")
	fs.StringVar(&f.Unit, "unit", "", "only petitions routed to this unit (ref)")
	fs.StringVar(&f.Search, "search", "", "words of the petitioner's name or the summary, diacritics ignored")
	fs.StringVar(&f.Search, "q", "", "the same as --search, by the API's name (q)")
	overdue := fs.Bool("overdue", false, "only petitions past a deadline today")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 0 {
		return a.badUsage("list")
	}
	f.State, f.Type = cases.State(*state), cases.Type(*typ)
	if f.State != "" && !f.State.Valid() {
		fmt.Fprintf(a.Stderr, "tiepdan: --state: unknown state %q\n", *state)
		return exitUsage
	}
	if f.Type != "" && !f.Type.Valid() {
		fmt.Fprintf(a.Stderr, "tiepdan: --type: unknown type %q\n", *typ)
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
		if *overdue && !late {
			continue
		}
		// The header comes with the first row: an empty list prints no
		// table, only its count on standard error.
		if n == 0 {
			fmt.Fprintln(w, "SỐ ĐƠN\tNGÀY NHẬN\tTRẠNG THÁI\tLOẠI\tNƠI XỬ LÝ\tHẠN\tNGƯỜI GỬI")
		}
		n++
		mark := ""
		if late {
			mark = " (quá hạn)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s%s\t%s\n", p.Ref, cases.DateOf(p.ReceivedAt).VN(),
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
