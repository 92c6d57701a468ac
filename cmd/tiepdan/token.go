package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/web"
)

const tokenUsage = `tiepdan token create NAME [--note TEXT]   prints a new API token for user NAME
tiepdan token revoke ID                   revokes one token
tiepdan token revoke --user NAME          revokes every token of a user
tiepdan token list [NAME]`

func runToken(ctx context.Context, a *App, args []string) int {
	if len(args) > 0 && isHelp(args[0]) {
		return a.help("token", nil)
	}
	if len(args) == 0 {
		return a.badUsage("token")
	}
	sub, args := args[0], args[1:]
	fs := a.flags("token " + sub)
	note := fs.String("note", "", "what the token is for (create)")
	user := fs.String("user", "", "revoke every token of this user (revoke)")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	pos := fs.Args()
	ok := false
	switch sub {
	case "create":
		ok = len(pos) == 1 && *user == ""
	case "revoke":
		ok = (len(pos) == 1) != (*user != "") && *note == ""
	case "list":
		ok = len(pos) <= 1 && *note == "" && *user == ""
	}
	if !ok {
		return a.badUsage("token")
	}
	db, err := a.open(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()
	switch sub {
	case "create":
		token, digest, err := web.NewToken()
		if err != nil {
			return a.fail(err)
		}
		id, err := db.AddToken(ctx, pos[0], digest, *note, a.Now())
		if err != nil {
			return a.fail(err)
		}
		// The token itself is shown once and never stored.
		fmt.Fprintln(a.Stdout, token)
		fmt.Fprintf(a.Stderr, "token %d for %s: keep it secret, it is shown only now\n", id, pos[0])
	case "revoke":
		if *user != "" {
			n, err := db.RevokeTokens(ctx, *user, a.Now())
			if err != nil {
				return a.fail(err)
			}
			fmt.Fprintf(a.Stderr, "%d tokens of %s revoked\n", n, *user)
			return exitOK
		}
		id, err := strconv.ParseInt(pos[0], 10, 64)
		if err != nil {
			return a.fail(cases.FieldErrorf("id", "%q is not a token id (tiepdan token list shows them)", pos[0]))
		}
		if err := db.RevokeToken(ctx, id, a.Now()); err != nil {
			return a.fail(err)
		}
		fmt.Fprintf(a.Stderr, "token %d revoked\n", id)
	case "list":
		name := ""
		if len(pos) == 1 {
			name = pos[0]
		}
		tokens, err := db.Tokens(ctx, name)
		if err != nil {
			return a.fail(err)
		}
		w := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tUSER\tCREATED\tREVOKED\tNOTE")
		for _, t := range tokens {
			revoked := ""
			if t.Revoked != nil {
				revoked = t.Revoked.Format("2006-01-02 15:04")
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", t.ID, t.User, t.Created.Format("2006-01-02 15:04"), revoked, t.Note)
		}
		w.Flush()
	}
	return exitOK
}
