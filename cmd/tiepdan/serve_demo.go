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

// demoAccounts are the users a demo database gets, one per role; the head
// leads the commune's economic office, which took over the district's
// departments of natural resources, infrastructure and agriculture.
var demoAccounts = []struct {
	name string
	role cases.Role
	unit string
}{
	{"admin", cases.RoleAdmin, ""},
	{"tiepdan", cases.RoleReception, ""},
	{"lanhdao", cases.RoleLeader, ""},
	{"truongphong.kinhte", cases.RoleHead, "xa-tuy-phuoc-phong-kinh-te"},
	{"baocao", cases.RoleReporter, ""},
}

// seedDemo fills an empty database with the demo history of today's office
// (demo.Options' default: from 2024-07-01 to today, the district, then the
// commune formed from it), its reception plan, as the admin page records
// one, and one account per role. It does nothing to a database that holds
// any event.
func seedDemo(ctx context.Context, a *App, db *storage.DB, petitions int) error {
	seq, err := db.LastSeq(ctx)
	if err != nil || seq > 0 {
		return err
	}
	o := demo.Options{Petitions: petitions, Seed: 1, From: demo.DefaultFrom, To: cases.DateOf(a.Now()), Now: a.Now()}
	plan, err := demo.ReceptionPlan(o)
	if err != nil {
		return err
	}
	r, w := io.Pipe()
	go func() { w.CloseWithError(demo.Generate(w, o)) }()
	im := &importer{a: a, db: db, user: "import", progress: newProgress(io.Discard, 0)}
	if err := im.run(ctx, r); err != nil {
		return fmt.Errorf("demo history: %w", err)
	}
	if im.stats.Refused > 0 {
		return fmt.Errorf("demo history: %d commands refused", im.stats.Refused)
	}
	// Recorded by the administrator the day before the history begins, so
	// that a report printed again as of any day of it names these days.
	_, err = db.AddReceptionPlan(ctx, cases.ReceptionEdit{Plan: string(plan),
		Note:       "Lịch tiếp công dân của lịch sử mẫu: UBND huyện ngày 09 và 24 hằng tháng; UBND xã từ 01/07/2025 thứ Năm hằng tuần",
		RecordedAt: (o.From - 1).Time().Add(16 * time.Hour), RecordedBy: "admin"}, 0)
	if err != nil {
		return fmt.Errorf("demo reception plan: %w", err)
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
	fmt.Fprintf(a.Stderr, "demo: %d commands imported (%d petitions, %s–%s); accounts admin, tiepdan, lanhdao, truongphong.kinhte, baocao, password %q\n",
		im.stats.Imported, petitions, o.From.VN(), o.To.VN(), demoPassword)
	return nil
}
