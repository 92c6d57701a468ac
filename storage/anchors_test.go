package storage_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"path/filepath"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
)

// TestBaselineAccessLogChained: the access log of a database of the
// baseline (testdata/baseline.db, with rows logged before the access log
// had a chain) is chained by the migration 0007_chain_anchors in the order
// of its rows, and stays append-only; rows logged afterwards continue the
// chain, a day's anchor signs its head, and the history verifies with it.
func TestBaselineAccessLogChained(t *testing.T) {
	ctx := context.Background()
	path := fixtureCopy(t, "baseline.db")
	raw := rawFile(t, path)
	for _, who := range []string{"lanhdao", "quantri"} {
		if _, err := raw.Exec(`INSERT INTO access_log (at, user_name, petition, what) VALUES (?, ?, 'DON-2024-000017', 'petitioner')`,
			time.Date(2025, 1, 2, 9, 0, 0, 0, cases.Zone).UnixMicro(), who); err != nil {
			t.Fatal(err)
		}
	}
	db := openFile(t, path)
	var unchained int
	if err := raw.QueryRow(`SELECT count(*) FROM access_log WHERE hash = ''`).Scan(&unchained); err != nil || unchained != 0 {
		t.Errorf("rows of the access log without a hash after the migration: %d, %v", unchained, err)
	}
	if _, err := raw.Exec(`UPDATE access_log SET user_name = 'ai-do' WHERE id = 1`); err == nil {
		t.Errorf("the migrated access log takes an update")
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Zone)
	if err := db.LogAccess(ctx, []cases.Access{{At: now, User: "lanhdao", Petition: "DON-2024-000017", What: "petitioner"}}); err != nil {
		t.Fatal(err)
	}
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return now }
	if err := db.SetSigningKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	c, err := db.SignDay(ctx)
	if err != nil || c == nil || c.AccessID != 3 || c.Seq == 0 {
		t.Fatalf("the day's anchor: %+v, %v", c, err)
	}
	if again, err := db.SignDay(ctx); err != nil || again != nil {
		t.Errorf("a second anchor the same day: %+v, %v", again, err)
	}
	ver, err := db.Verify(ctx)
	if err != nil || !ver.OK() || ver.Anchors.AccessRows != 3 || ver.Anchors.Stored != 1 || ver.Anchors.Keys != "database" {
		t.Fatalf("verify the migrated baseline with its access log chained and signed: %+v, %v", ver, err)
	}
	// The next day, with nothing recorded since, nothing more to sign.
	db.Now = func() time.Time { return now.Add(24 * time.Hour) }
	if again, err := db.SignDay(ctx); err != nil || again != nil {
		t.Errorf("an anchor of nothing new: %+v, %v", again, err)
	}
	anchors, err := db.Anchors(ctx)
	if err != nil || len(anchors) != 1 || anchors[0].Reason != storage.AnchorDay || !storage.CheckSignature(&anchors[0].Chain, key.Public().(ed25519.PublicKey)) {
		t.Errorf("the anchors kept: %+v, %v", anchors, err)
	}
}

// TestAccessLogChainCoversTheCommittee: the committee whose reader read an
// identity is part of the access log's chain: moved to another committee
// (or to none) by someone with the file and without the triggers, the row
// no longer matches its hash, and verify says so.
func TestAccessLogChainCoversTheCommittee(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	db := openFile(t, path)
	at := time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Zone)
	if err := db.LogAccess(ctx, []cases.Access{
		{At: at, User: "lanhdao-xa-a", Petition: "P-1", What: "petitioner", Committee: "xa-a"},
		{At: at, User: "lanhdao-tinh", Petition: "P-2", What: "petitioner"},
	}); err != nil {
		t.Fatal(err)
	}
	if ver, err := db.Verify(ctx); err != nil || !ver.OK() || ver.Anchors.AccessRows != 2 {
		t.Fatalf("verify before: %+v, %v", ver, err)
	}
	raw := rawFile(t, path)
	if _, err := raw.Exec(`DROP TRIGGER access_log_no_update`); err != nil {
		t.Fatal(err)
	}
	for _, change := range []string{
		`UPDATE access_log SET committee = 'xa-b' WHERE id = 1`,
		`UPDATE access_log SET committee = '' WHERE id = 1`,
		`UPDATE access_log SET committee = 'xa-a' WHERE id = 2`,
	} {
		tx, err := raw.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(change); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		ver, err := db.Verify(ctx)
		if err != nil || ver.OK() {
			t.Errorf("%s: verify finds nothing (%v)", change, err)
		}
		if _, err := raw.Exec(`UPDATE access_log SET committee = CASE id WHEN 1 THEN 'xa-a' ELSE '' END`); err != nil {
			t.Fatal(err)
		}
	}
	if ver, err := db.Verify(ctx); err != nil || !ver.OK() {
		t.Errorf("verify with the committees put back: %+v, %v", ver, err)
	}
}
