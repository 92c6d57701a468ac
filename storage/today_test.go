package storage_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// onlineHistory: a session held online, a visit at it, a second-instance
// complaint resolved with its outcome.
const onlineHistory = `{"op":"unit","ref":"xa","name":"UBND xã Tuy Phước","kind":"own"}
{"op":"unit","ref":"vp","name":"Văn phòng","kind":"department","parent":"xa"}
{"op":"session","ref":"K-1","kind":"adhoc","date":"2026-09-10","presided_by":"Chủ tịch","online":true}
{"op":"petition","ref":"P-1","received_at":"2026-09-10T08:00:00+07:00","channel":"reception","petitioner":{"name":"Lê A"},"summary":"Khiếu nại"}
{"op":"visit","ref":"V-1","at":"2026-09-10T08:00:00+07:00","kind":"adhoc","session":"K-1","petition":"P-1","people":1}
{"op":"classify","petition":"P-1","at":"2026-09-10T09:00:00+07:00","type":"complaint","field":"land","eligible":true,"instance":2}
{"op":"route","petition":"P-1","at":"2026-09-11T08:00:00+07:00","to":"own","unit":"vp","method":"assign"}
{"op":"accept","petition":"P-1","at":"2026-09-12T08:00:00+07:00"}
{"op":"resolve","petition":"P-1","at":"2026-10-12T08:00:00+07:00","verdict":"incorrect","outcome":"amended"}
`

// TestOnlineAndOutcomeKept: the session's online and the resolve's outcome
// are kept in the projections and read back after the store is opened
// again; verify replays them and finds a session whose online was changed
// behind the history's back.
func TestOnlineAndOutcomeKept(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := storage.Open(ctx, path, workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, cases.Zone)
	for _, line := range strings.Split(strings.TrimSpace(onlineHistory), "\n") {
		if _, err := db.Exec(ctx, command(t, line), cases.Meta{Now: now, User: "tester"}); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	db.Close()
	if db, err = storage.Open(ctx, path, workflow.Decide); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	day := cases.NewDate(2026, 9, 10)
	sessions, _, err := db.SessionsBetween(ctx, day, day)
	if err != nil || len(sessions) != 1 || !sessions[0].Online {
		t.Errorf("the session read back: %+v, %v", sessions, err)
	}
	if p, err := db.Petition(ctx, "P-1"); err != nil || p.Outcome != cases.Amended || p.State != cases.Resolved {
		t.Errorf("P-1 read back: %+v, %v", p, err)
	}
	if ver, err := db.Verify(ctx); err != nil || !ver.OK() {
		t.Fatalf("verify: %+v, %v", ver, err)
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE sessions SET online = 0`); err != nil {
		t.Fatal(err)
	}
	if ver, err := db.Verify(ctx); err != nil || ver.OK() {
		t.Errorf("verify of a session made not online: %+v, %v", ver, err)
	}
}
