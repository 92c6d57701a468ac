package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/storage"
)

// demoPassword is the password of every demo account. A database that
// already holds history is never given demo accounts.
const demoPassword = "tiepdan-demo"

// demoAccounts are the users a demo database of one committee gets, one per
// role; the head leads the commune's economic office, which took over the
// district's departments of natural resources, infrastructure and
// agriculture.
var demoAccounts = []demo.Account{
	{Name: "admin", Role: cases.RoleAdmin},
	{Name: "tiepdan", Role: cases.RoleReception},
	{Name: "lanhdao", Role: cases.RoleLeader},
	{Name: "truongphong.kinhte", Role: cases.RoleHead, Unit: "xa-tuy-phuoc-phong-kinh-te"},
	{Name: "baocao", Role: cases.RoleReporter},
}

// seedDemo fills an empty database with the demo history of o's office
// (o.Level; the default, from 2024-07-01 to today, is the district, then the
// commune formed from it; a province writes its communes as committees of
// their own, SPEC §10), its reception plans, as the admin page records
// them (the installation's, and each commune's as its committee's), and
// its accounts: one per role, or for a province demo.ProvinceAccounts,
// each with its committee. It does nothing to a database that holds any
// event.
func seedDemo(ctx context.Context, a *App, db *storage.DB, o demo.Options) error {
	seq, err := db.LastSeq(ctx)
	if err != nil || seq > 0 {
		return err
	}
	o = demoOptions(a, o)
	r, w := io.Pipe()
	go func() { w.CloseWithError(demo.Generate(w, o)) }()
	im := &importer{a: a, db: db, user: "import", progress: newProgress(io.Discard, 0)}
	if err := im.run(ctx, r); err != nil {
		return fmt.Errorf("demo history: %w", err)
	}
	if im.stats.Refused > 0 {
		return fmt.Errorf("demo history: %d commands refused", im.stats.Refused)
	}
	names, err := demoSettings(ctx, a, db, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stderr, "demo: %d commands imported (%d petitions, %s–%s); accounts %s, password %q\n",
		im.stats.Imported, o.Petitions, o.From.VN(), o.To.VN(), strings.Join(names, ", "), demoPassword)
	return nil
}

// demoOptions are o with the demo installation's seed, clock and, when o
// gives none, its first and last days.
func demoOptions(a *App, o demo.Options) demo.Options {
	o.Seed, o.Now = 1, a.Now()
	if o.From == 0 {
		o.From = demo.DefaultFrom
	}
	if o.To == 0 {
		o.To = cases.DateOf(a.Now())
	}
	return o
}

// demoSettings records in db, which holds the demo history of o, what the
// administrator of its installation records: its reception plans and its
// accounts. It returns the accounts' names.
func demoSettings(ctx context.Context, a *App, db *storage.DB, o demo.Options) ([]string, error) {
	plan, err := demo.ReceptionPlan(o)
	if err != nil {
		return nil, err
	}
	plans, err := demo.CommitteePlans(o)
	if err != nil {
		return nil, err
	}
	accounts := demoAccounts
	if o.Level == cases.Province {
		if accounts, err = demo.ProvinceAccounts(o); err != nil {
			return nil, err
		}
	}
	// Recorded by the administrator the day before the history begins, so
	// that a report printed again as of any day of it names these days.
	at := (o.From - 1).Time().Add(16 * time.Hour)
	note := "Lịch tiếp công dân của lịch sử mẫu: UBND huyện ngày 09 và 24 hằng tháng; UBND xã từ 01/07/2025 thứ Năm hằng tuần"
	if o.Level == cases.Province {
		note = "Lịch tiếp công dân của lịch sử mẫu: UBND tỉnh"
	}
	if _, err = db.AddReceptionPlan(ctx, cases.ReceptionEdit{Plan: string(plan), Note: note, RecordedAt: at, RecordedBy: "admin"}, 0); err != nil {
		return nil, fmt.Errorf("demo reception plan: %w", err)
	}
	for _, p := range plans {
		key, err := db.CommitteeKey(ctx, p.Committee)
		if err != nil {
			return nil, fmt.Errorf("demo reception plan of %s: %w", p.Committee, err)
		}
		_, err = db.AddReceptionPlan(ctx, cases.ReceptionEdit{Plan: string(p.Plan), Note: "Lịch tiếp công dân của lịch sử mẫu: " + p.Name,
			RecordedAt: at, RecordedBy: "admin", Committee: key}, 0)
		if err != nil {
			return nil, fmt.Errorf("demo reception plan of %s: %w", p.Committee, err)
		}
	}
	names := make([]string, 0, len(accounts))
	for _, acc := range accounts {
		hash, err := readPassword(strings.NewReader(demoPassword + "\n"))
		if err != nil {
			return nil, err
		}
		key := ""
		if acc.Committee != "" {
			if key, err = db.CommitteeKey(ctx, acc.Committee); err != nil {
				return nil, fmt.Errorf("demo account %s: %w", acc.Name, err)
			}
		}
		if err := db.AddUser(ctx, cases.User{Name: acc.Name, Role: acc.Role, Unit: acc.Unit, Committee: key,
			PasswordHash: hash, Created: a.Now()}); err != nil {
			return nil, fmt.Errorf("demo account %s: %w", acc.Name, err)
		}
		names = append(names, acc.Name)
	}
	return names, nil
}
