package storage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// TestSecretThroughTheStore: a petition's petitioner is protected from the
// first minute (not found by name); a lift while it is a denunciation is
// refused in both languages and writes nothing; reclassified as a complaint,
// a leader's lift makes the name searchable, and setting the protection
// again hides it. Opened again, verify replays the history to the same
// rows.
func TestSecretThroughTheStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := storage.Open(ctx, path, workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, cases.Zone)
	try := func(line string) error {
		_, err := db.Exec(ctx, command(t, line), cases.Meta{Now: now, User: "lanhdao"})
		return err
	}
	must := func(line string) {
		t.Helper()
		if err := try(line); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	found := func(name string) int {
		t.Helper()
		ps, _, err := db.PetitionPage(ctx, cases.Filter{Search: name})
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}
	must(`{"op":"petition","ref":"P-1","received_at":"2026-11-02T08:00:00+07:00","channel":"reception","petitioner":{"name":"Đinh Thị Sương"},"summary":"Phản ánh lấn chiếm đất"}`)
	if n := found("Đinh Thị Sương"); n != 0 {
		t.Errorf("an unclassified petitioner found by name: %d", n)
	}
	must(`{"op":"classify","petition":"P-1","at":"2026-11-02T09:00:00+07:00","type":"denunciation","field":"land","eligible":true}`)
	err = try(`{"op":"secret","petition":"P-1","at":"2026-11-03T08:00:00+07:00","protected":false,"reason":"not_denunciation"}`)
	var e *cases.Error
	if !asError(err, &e) || e.Code != cases.EConflict || e.MessageVI == "" {
		t.Fatalf("a lift of a denunciation's protection: %v", err)
	}
	if p, _ := db.Petition(ctx, "P-1"); p.Version != 2 || !p.Denouncer() {
		t.Errorf("after the refused lift: version %d, protected %v", p.Version, p.Denouncer())
	}
	must(`{"op":"classify","petition":"P-1","at":"2026-11-04T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`)
	if n := found("Đinh Thị Sương"); n != 0 {
		t.Errorf("a denouncer reclassified found by name: %d", n)
	}
	must(`{"op":"secret","petition":"P-1","at":"2026-11-05T08:00:00+07:00","protected":false,"reason":"not_denunciation"}`)
	if n := found("Đinh Thị Sương"); n != 1 {
		t.Errorf("after the lift, found by name: %d, want 1", n)
	}
	must(`{"op":"secret","petition":"P-1","at":"2026-11-06T08:00:00+07:00","protected":true,"reason":"Người gửi đơn đề nghị giữ bí mật"}`)
	if n := found("Đinh Thị Sương"); n != 0 {
		t.Errorf("protected again, found by name: %d", n)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = storage.Open(ctx, path, workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ver, err := db.Verify(ctx)
	if err != nil || !ver.OK() {
		t.Fatalf("verify: %+v, %v", ver, err)
	}
	if p, _ := db.Petition(ctx, "P-1"); p.State != cases.Classified || !p.SecretKept || p.Version != 5 {
		t.Errorf("P-1 after replay: %+v", p)
	}
}
