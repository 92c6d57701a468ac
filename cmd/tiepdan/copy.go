package main

import (
	"context"
	"fmt"

	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// tiepdan copy --from DB --to DB: an installation moved from one database
// to another, SQLite to PostgreSQL or back (storage.DB.CopyTo), then the
// target verified as verify does.

const copyUsage = "tiepdan copy --from DB --to DB (an SQLite file or a postgres:// URL each; --to must be new or empty)"

func runCopy(ctx context.Context, a *App, args []string) int {
	fs := a.flags("copy")
	from := fs.String("from", "", "the database copied from: an SQLite file or a postgres:// URL")
	to := fs.String("to", "", "the database copied to, new or empty: an SQLite file (created) or a postgres:// URL")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 0 || *from == "" || *to == "" {
		return a.badUsage("copy")
	}
	if *from == *to {
		fmt.Fprintf(a.Stderr, "tiepdan: copy: --from and --to are the same database\n")
		return exitUsage
	}
	secrets, err := a.secrets()
	if err != nil {
		return a.fail(err)
	}
	src, err := storage.OpenWith(ctx, *from, workflow.Decide, storage.OpenOptions{Existing: true, AsIs: true, Secrets: secrets})
	if err != nil {
		return a.fail(err)
	}
	defer src.Close()
	if problems, err := src.SchemaProblems(ctx); err != nil || len(problems) > 0 {
		if err == nil {
			err = fmt.Errorf("copy: %s: %v (open it with this binary first: any command that writes migrates it)", *from, problems)
		}
		return a.fail(err)
	}
	// The target is made by this binary's migrations; the rows copied
	// bring their own secrets keys' records.
	dst, err := storage.OpenWith(ctx, *to, workflow.Decide, storage.OpenOptions{})
	if err != nil {
		return a.fail(err)
	}
	st, err := src.CopyTo(ctx, dst)
	dst.Close()
	if err != nil {
		return a.fail(err)
	}
	fmt.Fprintf(a.Stderr, "copied %d events, %d petitions, %d visits, %d users, %d tokens, %d access log rows, %d anchors\n",
		st.Rows["events"], st.Rows["petitions"], st.Rows["visits"], st.Rows["users"], st.Rows["tokens"], st.Rows["access_log"], st.Rows["anchors"])
	check, err := storage.OpenWith(ctx, *to, workflow.Decide, storage.OpenOptions{Existing: true, AsIs: true, Secrets: secrets})
	if err != nil {
		return a.fail(err)
	}
	defer check.Close()
	rep, err := verifyAll(ctx, check, storage.VerifyOptions{}, nil)
	if err != nil {
		return a.fail(err)
	}
	for _, p := range rep.problems() {
		fmt.Fprintln(a.Stdout, p)
	}
	if n := len(rep.problems()); n > 0 {
		fmt.Fprintf(a.Stdout, "copy: the target does NOT verify: %d problems\n", n)
		return exitFailed
	}
	fmt.Fprintf(a.Stdout, "copy: OK — the target verifies: %d events, %d petitions, %d visits checked\n",
		rep.Events, rep.Petitions, rep.Visits)
	return exitOK
}
