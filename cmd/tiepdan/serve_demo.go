package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/storage"
)

// demoPassword is the password of every demo account. A database that
// already holds history is never given demo accounts.
const demoPassword = "tiepdan-demo"

// demoAccounts are the users a demo database gets, one per role; the head
// leads the demo's department of natural resources.
var demoAccounts = []struct {
	name string
	role cases.Role
	unit string
}{
	{"admin", cases.RoleAdmin, ""},
	{"tiepdan", cases.RoleReception, ""},
	{"lanhdao", cases.RoleLeader, ""},
	{"truongphong.tnmt", cases.RoleHead, "phong-tnmt"},
	{"baocao", cases.RoleReporter, ""},
}

// seedDemo fills an empty database with a demo history of the two years up
// to today and one account per role. It does nothing to a database that
// holds any event.
func seedDemo(ctx context.Context, a *App, db *storage.DB, petitions int) error {
	seq, err := db.LastSeq(ctx)
	if err != nil || seq > 0 {
		return err
	}
	today := cases.DateOf(a.Now())
	o := demo.Options{Petitions: petitions, Seed: 1, From: today.AddDays(-730), To: today.AddDays(-1), Now: a.Now()}
	r, w := io.Pipe()
	go func() { w.CloseWithError(demo.Generate(w, o)) }()
	im := &importer{a: a, db: db, user: "import", progress: newProgress(io.Discard, 0)}
	if err := im.run(ctx, r); err != nil {
		return fmt.Errorf("demo history: %w", err)
	}
	if im.stats.Refused > 0 {
		return fmt.Errorf("demo history: %d commands refused", im.stats.Refused)
	}
	for _, acc := range demoAccounts {
		hash, err := readPassword(strings.NewReader(demoPassword + "\n"))
		if err != nil {
			return err
		}
		if err := db.AddUser(ctx, cases.User{Name: acc.name, Role: acc.role, Unit: acc.unit,
			PasswordHash: hash, Created: a.Now()}); err != nil {
			return fmt.Errorf("demo account %s: %w", acc.name, err)
		}
	}
	fmt.Fprintf(a.Stderr, "demo: %d commands imported (%d petitions, %s–%s); accounts admin, tiepdan, lanhdao, truongphong.tnmt, baocao, password %q\n",
		im.stats.Imported, petitions, o.From.VN(), o.To.VN(), demoPassword)
	return nil
}
