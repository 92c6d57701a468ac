package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/web"
)

const userUsage = `tiepdan user add NAME --role ROLE [--committee REF] [--unit UNIT_REF]   (password on standard input)
tiepdan user passwd NAME                              (password on standard input)
tiepdan user disable NAME
tiepdan user enable NAME
tiepdan user list
roles: reception, head (needs --unit), leader, reporter, admin`

func runUser(ctx context.Context, a *App, args []string) int {
	if len(args) > 0 && isHelp(args[0]) {
		return a.help("user", nil)
	}
	if len(args) == 0 {
		return a.badUsage("user")
	}
	sub, args := args[0], args[1:]
	fs := a.flags("user " + sub)
	role := fs.String("role", "", "the user's role")
	unit := fs.String("unit", "", "the unit (ref) a head leads")
	committee := fs.String("committee", "", "the committee (ref of its own unit) the account belongs to; required when the installation has several")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	names := fs.Args()
	want := map[string]int{"add": 1, "passwd": 1, "disable": 1, "enable": 1, "list": 0}
	n, known := want[sub]
	if !known || len(names) != n || (sub != "add" && (*role != "" || *unit != "" || *committee != "")) {
		return a.badUsage("user")
	}
	open := a.open
	if sub == "add" {
		open = a.openOrCreate
	}
	db, err := open(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()
	switch sub {
	case "add":
		err = addUser(ctx, a, db, names[0], cases.Role(*role), *unit, *committee)
	case "passwd":
		var hash string
		if hash, err = readPassword(a.Stdin); err == nil {
			err = db.SetPassword(ctx, names[0], hash)
		}
	case "disable", "enable":
		err = db.SetUserDisabled(ctx, names[0], sub == "disable")
	case "list":
		err = listUsers(ctx, a, db)
	}
	if err != nil {
		return a.fail(err)
	}
	if sub != "list" {
		fmt.Fprintf(a.Stderr, "user %s: %s done\n", names[0], sub)
	}
	return exitOK
}

// addUser adds an account by the rules the admin page uses too
// (web.CheckNewUser), the password read from standard input.
func addUser(ctx context.Context, a *App, db *storage.DB, name string, role cases.Role, unit, committee string) error {
	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	if err := web.CheckNewUser(name, role, unit, units); err != nil {
		return err
	}
	key, err := web.AccountCommittee(committee, unit, units)
	if err != nil {
		return err
	}
	hash, err := readPassword(a.Stdin)
	if err != nil {
		return err
	}
	return db.AddUser(ctx, cases.User{Name: name, Role: role, Unit: unit, Committee: key, PasswordHash: hash, Created: a.Now()})
}

// readPassword reads the password from the first line of r and hashes it.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read the password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", cases.FieldErrorf("password", "give the password on standard input")
	}
	return web.HashPassword(pw)
}

func listUsers(ctx context.Context, a *App, db *storage.DB) error {
	users, err := db.Users(ctx)
	if err != nil {
		return err
	}
	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	// Each account's committee by the name of its own unit in force today
	// (SPEC §10); the key when no own unit is recorded yet.
	owns, today := cases.OwnUnits(units), cases.DateOf(a.Now())
	committee := func(key string) string {
		if u, ok := cases.CommitteeUnit(owns, key, today); ok {
			return u.Name
		}
		if key == "" {
			return "-"
		}
		return key
	}
	w := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tROLE\tCOMMITTEE\tUNIT\tSTATE\tCREATED")
	for _, u := range users {
		state := "enabled"
		if u.Disabled {
			state = "disabled"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Name, u.Role, committee(u.Committee), u.Unit, state, u.Created.Format("2006-01-02 15:04"))
	}
	return w.Flush()
}
