package storage_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// TestAKeyGivenToAnExistingDatabase: a database recorded in clear gets its
// first secrets key. A command recorded before, sent again, is still
// answered as the first time (its fingerprint is the plain one); what is
// recorded from then on is encrypted; a petitioner no longer protected is
// found by name and a protected one is not; verify passes with the key and
// counts the events in clear; another key, or none, is refused, and a
// rotated key file reads what the first key encrypted.
func TestAKeyGivenToAnExistingDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Zone)
	open := func(s *storage.Secrets) (*storage.DB, error) {
		return storage.OpenWith(ctx, path, workflow.Decide, storage.OpenOptions{Secrets: s})
	}
	exec := func(db *storage.DB, line string) cases.Result {
		t.Helper()
		res, err := db.Exec(ctx, command(t, line), cases.Meta{Now: now, User: "lanhdao"})
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		return res
	}
	const (
		unit        = `{"op":"unit","ref":"own","name":"UBND xã","kind":"own"}`
		old         = `{"op":"petition","ref":"P-1","received_at":"2026-11-24T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Văn Cũ"},"summary":"Khiếu nại"}`
		classifyOld = `{"op":"classify","petition":"P-1","at":"2026-11-24T09:00:00+07:00","type":"complaint","field":"land","eligible":true}`
		fresh       = `{"op":"petition","ref":"P-2","received_at":"2026-11-25T08:00:00+07:00","channel":"mail","petitioner":{"name":"Phạm Thị Mới"},"summary":"Khiếu nại"}`
		classif     = `{"op":"classify","petition":"P-2","at":"2026-11-25T09:00:00+07:00","type":"complaint","field":"land","eligible":true}`
		lift        = `{"op":"secret","petition":"P-2","at":"2026-11-25T09:30:00+07:00","protected":false,"reason":"not_denunciation"}`
		fresh3      = `{"op":"petition","ref":"P-3","received_at":"2026-11-25T08:10:00+07:00","channel":"mail","petitioner":{"name":"Võ Thị Kín"},"summary":"Phản ánh"}`
	)
	db, err := open(nil)
	if err != nil {
		t.Fatal(err)
	}
	exec(db, unit)
	exec(db, old)
	exec(db, classifyOld)
	db.Close()

	firstKey := storage.NewSecretsKeyFile()
	first, err := storage.ParseSecrets(firstKey)
	if err != nil {
		t.Fatal(err)
	}
	db, err = open(first)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{old, classifyOld} {
		if res := exec(db, line); res.Changed {
			t.Errorf("%s sent again after the key: recorded again", line)
		}
	}
	exec(db, fresh)
	exec(db, classif)
	exec(db, fresh3)
	if res := exec(db, fresh3); res.Changed {
		t.Error("a command recorded with the key, sent again: recorded again")
	}
	for name, want := range map[string]int{"tran van cu": 1, "pham thi moi": 1, "vo thi kin": 0} {
		if ps, _, err := db.PetitionPage(ctx, cases.Filter{Search: name}); err != nil || len(ps) != want {
			t.Errorf("search %q: %d petitions, want %d (%v)", name, len(ps), want, err)
		}
	}
	if ps, _, err := db.PetitionPage(ctx, cases.Filter{Petitioner: "Võ Thị Kín"}); err != nil || len(ps) != 1 || ps[0].Petitioner.Name != "Võ Thị Kín" {
		t.Errorf("the duplicate check's lookup of a protected petitioner: %v %v", ps, err)
	}
	ver, err := db.Verify(ctx)
	if err != nil || !ver.OK() || len(ver.Unchecked) != 1 || !strings.Contains(ver.Unchecked[0], "1 events, recorded before the first secrets key") {
		t.Errorf("verify with the key: %+v %v", ver, err)
	}
	db.Close()

	if _, err := open(nil); err == nil || !strings.Contains(err.Error(), "--secrets-key") {
		t.Errorf("opened without its key: %v", err)
	}
	other, _ := storage.ParseSecrets(storage.NewSecretsKeyFile())
	if _, err := open(other); err == nil {
		t.Error("opened with another key")
	}
	rotated, err := storage.AddSecretsKey(firstKey)
	if err != nil {
		t.Fatal(err)
	}
	second, err := storage.ParseSecrets(rotated)
	if err != nil {
		t.Fatal(err)
	}
	db, err = open(second)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if p, err := db.Petition(ctx, "P-3"); err != nil || p.Petitioner.Name != "Võ Thị Kín" {
		t.Errorf("after a rotation, what the first key encrypted: %v %v", p, err)
	}
	exec(db, strings.ReplaceAll(strings.ReplaceAll(fresh3, "P-3", "P-4"), "Võ Thị Kín", "Lê Văn Sau"))
	if ver, err := db.Verify(ctx); err != nil || !ver.OK() {
		t.Errorf("verify after a rotation: %+v %v", ver, err)
	}
	if _, err := db.Petition(ctx, "P-4"); errors.Is(err, storage.ErrNoSecretsKey) {
		t.Error("the new key does not open what it encrypted")
	}
}
