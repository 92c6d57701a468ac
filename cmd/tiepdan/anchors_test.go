package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/backups"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
	"github.com/xuri/excelize/v2"
)

// The tests of issue 17's "Trust the file": an insider who has the
// database file rewrites a petitioner's name, with the triggers dropped and
// every later hash recomputed by the algorithm docs/security.md gives;
// without the signing key (TestRewriteWithoutTheKey) and with it
// (TestRewriteWithTheKey). The access log's rows are removed
// (TestAccessLogRowsRemoved). Every report and backup gives the head it
// was made from (TestReportsCarryTheHead, TestBackupSignsItsHead).

// The seed's petition whose petitioner the insider renames.
const (
	rewrittenRef  = "2021-kpa-001"
	trueName      = "Hà Xuân Hòa"
	rewrittenName = "Lê Văn Giả"
)

// signingKeyFile writes a new key with tiepdan keys generate into a
// directory of its own and returns its file and its public key as printed.
func signingKeyFile(t *testing.T) (string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "signing.pem")
	code, out, stderr := run(t, "", "keys", "generate", "--out", path)
	if code != exitOK {
		t.Fatalf("keys generate: %d %s", code, stderr)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the key file: %v, %v", info, err)
	}
	pub := strings.TrimSpace(out)
	if code, again, _ := run(t, "", "keys", "public", "--signing-key", path); code != exitOK || strings.TrimSpace(again) != pub {
		t.Fatalf("keys public: %d %q, keys generate printed %q", code, again, pub)
	}
	return path, pub
}

// verifyOut runs tiepdan verify with args and returns its status and
// output.
func verifyOut(t *testing.T, db string, args ...string) (int, string) {
	t.Helper()
	code, out, stderr := run(t, "", append([]string{"--db", db, "verify"}, args...)...)
	if code != exitOK && code != exitFailed {
		t.Fatalf("verify %v: %d %s", args, code, stderr)
	}
	return code, out
}

// rawDB is a plain connection to the file, as an insider's sqlite3 is.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	t.Cleanup(func() { raw.Close() })
	return raw
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// documentedHash is an event's hash as docs/security.md gives it: sha256,
// hex, over the previous event's hash and the event's columns, each on a
// line of its own.
func documentedHash(prev string, seq int64, op, key string, at, day int64, state string, recordedAt int64, recordedBy, fingerprint, data string) string {
	var b strings.Builder
	for _, s := range []string{prev, strconv.FormatInt(seq, 10), op, key, strconv.FormatInt(at, 10), strconv.FormatInt(day, 10),
		state, strconv.FormatInt(recordedAt, 10), recordedBy, fingerprint, data} {
		b.WriteString(s + "\n")
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// rewriteName renames the petitioner of rewrittenRef in the file at path,
// as an insider with the file does: the triggers dropped, the petition's
// event changed, every hash from it on recomputed, the projections made to
// agree. It returns the number of the event changed.
func rewriteName(t *testing.T, path string) int64 {
	t.Helper()
	raw := rawDB(t, path)
	mustExec(t, raw, `DROP TRIGGER events_no_update`)
	mustExec(t, raw, `DROP TRIGGER events_no_delete`)
	// The petition's event, and its visits' that name the citizen.
	rs, err := raw.Query(`SELECT seq, data FROM events WHERE data LIKE ? ORDER BY seq`, "%"+trueName+"%")
	if err != nil {
		t.Fatal(err)
	}
	changed := map[int64]string{}
	var seq int64
	for rs.Next() {
		var n int64
		var data string
		if err := rs.Scan(&n, &data); err != nil {
			t.Fatal(err)
		}
		if seq == 0 {
			seq = n
		}
		changed[n] = strings.ReplaceAll(data, trueName, rewrittenName)
	}
	rs.Close()
	if len(changed) < 2 {
		t.Fatalf("the events naming %s: %d", trueName, len(changed))
	}
	for n, data := range changed {
		c, err := cases.DecodeCommand([]byte(data))
		if err != nil {
			t.Fatal(err)
		}
		mustExec(t, raw, `UPDATE events SET data = ?, fingerprint = ? WHERE seq = ?`, data, c.Fingerprint(), n)
	}
	rehash(t, raw)
	mustExec(t, raw, `UPDATE petitions SET doc = replace(doc, ?, ?), search = replace(search, ?, ?), petitioner = replace(petitioner, ?, ?)`,
		trueName, rewrittenName, cases.Fold(trueName), cases.Fold(rewrittenName), cases.Fold(trueName), cases.Fold(rewrittenName))
	mustExec(t, raw, `UPDATE visits SET doc = replace(doc, ?, ?)`, trueName, rewrittenName)
	return seq
}

// rehash recomputes every event's hash with the documented algorithm.
func rehash(t *testing.T, raw *sql.DB) {
	t.Helper()
	type row struct {
		seq, at, day, recordedAt                            int64
		op, key, state, recordedBy, fingerprint, data, hash string
	}
	rs, err := raw.Query(`SELECT seq, op, key, at, day, state, recorded_at, recorded_by, fingerprint, data FROM events ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	var all []row
	prev := ""
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.seq, &r.op, &r.key, &r.at, &r.day, &r.state, &r.recordedAt, &r.recordedBy, &r.fingerprint, &r.data); err != nil {
			t.Fatal(err)
		}
		r.hash = documentedHash(prev, r.seq, r.op, r.key, r.at, r.day, r.state, r.recordedAt, r.recordedBy, r.fingerprint, r.data)
		prev = r.hash
		all = append(all, r)
	}
	rs.Close()
	for _, r := range all {
		mustExec(t, raw, `UPDATE events SET hash = ? WHERE seq = ?`, r.hash, r.seq)
	}
}

// resignAnchors makes the anchors kept in the file agree with the
// rewritten history: each takes the head now at its event, signed with key;
// an insider without the server's key signs with a key of their own and
// puts its public key in the place of the server's.
func resignAnchors(t *testing.T, path string, key ed25519.PrivateKey, replaceKey bool) {
	t.Helper()
	raw := rawDB(t, path)
	mustExec(t, raw, `DROP TRIGGER anchors_no_update`)
	rs, err := raw.Query(`SELECT id, seq, access_id, access_head, signed_at FROM anchors`)
	if err != nil {
		t.Fatal(err)
	}
	type anchor struct {
		id     int64
		c      report.Chain
		signed int64
	}
	var all []anchor
	for rs.Next() {
		var a anchor
		if err := rs.Scan(&a.id, &a.c.Seq, &a.c.AccessID, &a.c.AccessHead, &a.signed); err != nil {
			t.Fatal(err)
		}
		all = append(all, a)
	}
	rs.Close()
	for _, a := range all {
		if err := raw.QueryRow(`SELECT hash FROM events WHERE seq = ?`, a.c.Seq).Scan(&a.c.Head); err != nil {
			t.Fatal(err)
		}
		storage.SignChain(&a.c, key, time.UnixMicro(a.signed))
		mustExec(t, raw, `UPDATE anchors SET head = ?, key = ?, signature = ? WHERE id = ?`, a.c.Head, a.c.Key, a.c.Signature, a.id)
	}
	if replaceKey {
		pub := key.Public().(ed25519.PublicKey)
		mustExec(t, raw, `DELETE FROM signing_keys`)
		mustExec(t, raw, `INSERT INTO signing_keys (id, public_key, added_at) VALUES (?, ?, 0)`,
			storage.KeyID(pub), base64.StdEncoding.EncodeToString(pub))
	}
}

// signedSeed is the seed's history with a report of 2023-H1 sent (its
// JSON saved outside the database, signed) and the day's heads signed as
// serve signs them.
func signedSeed(t *testing.T) (db, keyFile, pub, sent string) {
	t.Helper()
	db = seedDB(t)
	keyFile, pub = signingKeyFile(t)
	code, out, stderr := run(t, "", "--db", db, "report", "section6", "--period", "2023-H1", "--format", "json", "--signing-key", keyFile)
	if code != exitOK {
		t.Fatalf("report: %d %s", code, stderr)
	}
	sent = filepath.Join(t.TempDir(), "bao-cao-gui-tinh.json")
	if err := os.WriteFile(sent, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	var f report.Figures
	if err := json.Unmarshal([]byte(out), &f); err != nil || !f.Chain.Signed() {
		t.Fatalf("the report sent gives no signed head: %v\n%s", err, out)
	}
	// A day's anchor, as serve signs it at the first minute of the next
	// day, after one more event.
	s := openSigning(t, db, keyFile, fixedNow.Add(24*time.Hour))
	unit, err := cases.DecodeCommand([]byte(`{"op":"unit","ref":"ban-tiep-cong-dan","name":"Ban Tiếp công dân huyện","kind":"department","parent":"ubnd-huyen-tuy-phuoc"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exec(context.Background(), unit, cases.Meta{Now: fixedNow, User: "admin"}); err != nil {
		t.Fatal(err)
	}
	if c, err := s.SignDay(context.Background()); err != nil || c == nil {
		t.Fatalf("sign the day: %v, %v", c, err)
	}
	s.Close()
	if code, out := verifyOut(t, db, "--anchors", sent, "--public-key", pub); code != exitOK || !strings.Contains(out, "2 signed heads checked") {
		t.Fatalf("verify of the history as recorded: %d\n%s", code, out)
	}
	return db, keyFile, pub, sent
}

// openSigning opens the database with the key of keyFile, its clock at
// now.
func openSigning(t *testing.T, path, keyFile string, now time.Time) *storage.DB {
	t.Helper()
	a := &App{SigningKey: keyFile}
	key, err := a.signingKey()
	if err != nil {
		t.Fatal(err)
	}
	db, err := storage.OpenWith(context.Background(), path, workflow.Decide, storage.OpenOptions{Existing: true})
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return now }
	if err := db.SetSigningKey(context.Background(), key); err != nil {
		t.Fatal(err)
	}
	return db
}

// An insider with the file and without the key renames a petitioner. With
// the projections and the anchors left alone, verify finds the anchors'
// heads changed. With the anchors' heads rewritten too and signed with a
// key of the insider's own, put in the database in the place of the
// server's, verify without anything from outside passes: the file alone
// cannot tell (docs/security.md). The public key kept apart, or the report
// sent before, shows it.
func TestRewriteWithoutTheKey(t *testing.T) {
	db, _, pub, sent := signedSeed(t)
	seq := rewriteName(t, db)

	code, out := verifyOut(t, db)
	if code != exitFailed || !strings.Contains(out, "the history's head at event") || strings.Contains(out, "its content does not match its hash") {
		t.Fatalf("verify after the rewrite, the anchors left as signed: %d\n%s", code, out)
	}

	_, insider, _ := ed25519.GenerateKey(rand.Reader)
	resignAnchors(t, db, insider, true)
	if code, out := verifyOut(t, db); code != exitOK {
		t.Fatalf("verify of the file alone after the insider re-signed with their own key: %d (expected to pass: the file alone cannot tell)\n%s", code, out)
	} else if !strings.Contains(out, "public keys the database records, which an insider with the file can replace") {
		t.Errorf("verify with the database's keys does not say they can be replaced:\n%s", out)
	}

	code, out = verifyOut(t, db, "--public-key", pub)
	if code != exitFailed || !strings.Contains(out, "not by a key given") {
		t.Errorf("verify --public-key after the rewrite: %d\n%s", code, out)
	}
	code, out = verifyOut(t, db, "--anchors", sent)
	want := "head of event " + strconv.FormatInt(firstSeq(t, sent), 10) + " recorded elsewhere"
	if code != exitFailed || !strings.Contains(out, want) || !strings.Contains(out, "an event up to") {
		t.Errorf("verify --anchors with the report sent before the rewrite of event %d: %d\n%s", seq, code, out)
	}
	// The petitioner's name is what the insider made it: the rewrite is
	// real, not a file verify fails on for another reason.
	s, err := storage.OpenWith(context.Background(), db, workflow.Decide, storage.OpenOptions{Existing: true, AsIs: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if p, err := s.Petition(context.Background(), rewrittenRef); err != nil || p.Petitioner.Name != rewrittenName {
		t.Errorf("the rewritten petition: %+v, %v", p, err)
	}
}

// firstSeq is the event of the head a report saved at path gives.
func firstSeq(t *testing.T, path string) int64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f report.Figures
	if err := json.Unmarshal(b, &f); err != nil || f.Chain == nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f.Chain.Seq
}

// An insider who has the key too rewrites the history and signs the
// anchors again with it: the file, even with the public key, agrees. The
// report sent before the rewrite does not.
func TestRewriteWithTheKey(t *testing.T) {
	db, keyFile, pub, sent := signedSeed(t)
	rewriteName(t, db)
	key, err := (&App{SigningKey: keyFile}).signingKey()
	if err != nil {
		t.Fatal(err)
	}
	resignAnchors(t, db, key, false)
	if code, out := verifyOut(t, db, "--public-key", pub); code != exitOK {
		t.Fatalf("verify --public-key after a rewrite signed with the key: %d (expected to pass: the key signs what its holder wants)\n%s", code, out)
	}
	code, out := verifyOut(t, db, "--public-key", pub, "--anchors", sent)
	if code != exitFailed || !strings.Contains(out, "recorded elsewhere") || !strings.Contains(out, "the anchor says") {
		t.Errorf("verify --anchors with the report sent before a rewrite signed with the key: %d\n%s", code, out)
	}
	// What was sent is the server's signature: it checks with the key.
	var f report.Figures
	b, _ := os.ReadFile(sent)
	json.Unmarshal(b, &f)
	pk, _ := parsePublicKey(pub)
	if !storage.CheckSignature(f.Chain, pk) {
		t.Errorf("the signature of the report sent does not check with the public key")
	}
}

// Rows removed from the access log (who saw which denouncer) break its
// chain; recomputed and renumbered, they no longer match the day's
// anchor; the anchor rewritten, its signature no longer checks.
func TestAccessLogRowsRemoved(t *testing.T) {
	db := seedDB(t)
	keyFile, pub := signingKeyFile(t)
	s := openSigning(t, db, keyFile, fixedNow)
	var rows []cases.Access
	for i, who := range []string{"lanhdao", "quantri", "lanhdao"} {
		rows = append(rows, cases.Access{At: fixedNow.Add(time.Duration(i) * time.Minute), User: who, Petition: "2022-tc-01", What: "petitioner"})
	}
	if err := s.LogAccess(context.Background(), rows); err != nil {
		t.Fatal(err)
	}
	// The day's anchor signs the access log's head (row 3).
	s.Now = func() time.Time { return fixedNow.Add(24 * time.Hour) }
	if c, err := s.SignDay(context.Background()); err != nil || c == nil || c.AccessID != 3 {
		t.Fatalf("sign the day: %+v, %v", c, err)
	}
	s.Close()
	if code, out := verifyOut(t, db, "--public-key", pub); code != exitOK || !strings.Contains(out, "access log: 3 rows") {
		t.Fatalf("verify before: %d\n%s", code, out)
	}

	raw := rawDB(t, db)
	mustExec(t, raw, `DROP TRIGGER access_log_no_delete`)
	mustExec(t, raw, `DROP TRIGGER access_log_no_update`)
	mustExec(t, raw, `DELETE FROM access_log WHERE id = 2`)
	if code, out := verifyOut(t, db); code != exitFailed || !strings.Contains(out, "access log row 3: expected row 2: rows are missing") ||
		!strings.Contains(out, "access log row 3: its content does not match its hash") {
		t.Errorf("verify after a row of the access log was deleted: %d\n%s", code, out)
	}
	// Renumbered and chained again by the documented algorithm.
	mustExec(t, raw, `UPDATE access_log SET id = 2 WHERE id = 3`)
	var at int64
	var user, petition, what, first string
	if err := raw.QueryRow(`SELECT hash FROM access_log WHERE id = 1`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`SELECT at, user_name, petition, what FROM access_log WHERE id = 2`).Scan(&at, &user, &petition, &what); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, s := range []string{first, "2", strconv.FormatInt(at, 10), user, petition, what} {
		b.WriteString(s + "\n")
	}
	sum := sha256.Sum256([]byte(b.String()))
	mustExec(t, raw, `UPDATE access_log SET hash = ? WHERE id = 2`, hex.EncodeToString(sum[:]))
	code, out := verifyOut(t, db)
	if code != exitFailed || !strings.Contains(out, "row 3 of the access log is not there") || strings.Contains(out, "access log row") {
		t.Errorf("verify after the access log was renumbered and chained again: %d\n%s", code, out)
	}
	// The anchor rewritten to the new head: its signature fails.
	mustExec(t, raw, `DROP TRIGGER anchors_no_update`)
	mustExec(t, raw, `UPDATE anchors SET access_id = 2, access_head = ?`, hex.EncodeToString(sum[:]))
	code, out = verifyOut(t, db, "--public-key", pub)
	if code != exitFailed || !strings.Contains(out, "its signature does not match what it says") || strings.Contains(out, "of the access log is not there") {
		t.Errorf("verify after the anchor was rewritten: %d\n%s", code, out)
	}
}

// Every report gives the head of the history it was made from and its
// signature: the JSON, the workbook (a line under the figures and each
// page's footer), never the text of section II.6, which is byte for byte
// the seed's.
func TestReportsCarryTheHead(t *testing.T) {
	db := seedDB(t)
	keyFile, pub := signingKeyFile(t)
	pk, _ := parsePublicKey(pub)
	code, js, stderr := run(t, "", "--db", db, "report", "section6", "--period", "2023-H1", "--format", "json", "--signing-key", keyFile)
	if code != exitOK {
		t.Fatal(stderr)
	}
	var f report.Figures
	if err := json.Unmarshal([]byte(js), &f); err != nil {
		t.Fatal(err)
	}
	head, err := lastHead(db)
	if err != nil {
		t.Fatal(err)
	}
	if f.Chain == nil || f.Chain.Seq != head.Seq || f.Chain.Head != head.Hash || !storage.CheckSignature(f.Chain, pk) {
		t.Fatalf("the report's chain %+v, the history's head %+v", f.Chain, head)
	}
	// As of an instant: the head of the last event recorded by then.
	_, js, _ = run(t, "", "--db", db, "report", "section6", "--period", "2023-H1", "--format", "json", "--as-of", "2023-06-15T00:00:00+07:00")
	var sent report.Figures
	json.Unmarshal([]byte(js), &sent)
	if sent.Chain == nil || sent.Chain.Seq >= head.Seq || sent.Chain.RecordedAt.After(time.Date(2023, 6, 15, 0, 0, 0, 0, cases.Zone)) || sent.Chain.AsOf == nil {
		t.Errorf("the chain of a report as of 15/06/2023: %+v (the last event is %d)", sent.Chain, head.Seq)
	}

	code, text, stderr := run(t, "", "--db", db, "report", "section6", "--period", "2023-H1", "--signing-key", keyFile)
	want, _ := os.ReadFile("../../report/testdata/text/seed-2023-H1.txt")
	if code != exitOK || text != string(want) {
		t.Errorf("the text of section II.6 with a signing key differs from the seed's golden text: %d %s", code, stderr)
	}

	out := filepath.Join(t.TempDir(), "bao-cao.xlsx")
	if code, _, stderr := run(t, "", "--db", db, "report", "section6", "--period", "2023-H1", "--format", "xlsx", "--output", out, "--signing-key", keyFile); code != exitOK {
		t.Fatal(stderr)
	}
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows(report.FiguresSheet)
	line := f.Chain.Line()
	if last := rows[len(rows)-1]; len(last) == 0 || last[0] != line || !strings.Contains(line, f.Chain.Signature) || !strings.Contains(line, "Chuỗi sự kiện đến số "+strconv.FormatInt(head.Seq, 10)+": mã "+head.Hash) {
		t.Errorf("the workbook's last line %q, want %q", last, line)
	}
	for _, sheet := range []string{report.FiguresSheet, report.TextSheet} {
		if hf, err := x.GetHeaderFooter(sheet); err != nil || hf == nil || !strings.Contains(hf.OddFooter, line) {
			t.Errorf("the footer of %s: %+v, %v", sheet, hf, err)
		}
	}
	texts, _ := x.GetRows(report.TextSheet)
	for _, r := range texts {
		if len(r) > 0 && strings.Contains(r[0], head.Hash) {
			t.Errorf("the text sheet names the chain: %q", r[0])
		}
	}
}

// lastHead is the head of the history of the database at path.
func lastHead(path string) (storage.Head, error) {
	db, err := storage.OpenWith(context.Background(), path, workflow.Decide, storage.OpenOptions{Existing: true, AsIs: true})
	if err != nil {
		return storage.Head{}, err
	}
	defer db.Close()
	return db.LastEvent(context.Background())
}

// A backup prints the heads it holds, signed with the key, as the line to
// keep apart; its record is what verify --anchors reads, which a rewrite
// after the backup fails.
func TestBackupSignsItsHead(t *testing.T) {
	db := seedDB(t)
	keyFile, pub := signingKeyFile(t)
	dest := filepath.Join(t.TempDir(), "copy.db")
	code, out, stderr := run(t, "", "--db", db, "backup", dest, "--signing-key", keyFile)
	if code != exitOK || !strings.Contains(out, "anchor: {\"seq\":607,") || !strings.Contains(out, `"signature":"`) {
		t.Fatalf("backup with a signing key: %d %s %s", code, out, stderr)
	}
	code, out, stderr = run(t, "", "--db", db, "backup", dest, "--force", "--json", "--signing-key", keyFile)
	var rec backups.Record
	if err := json.Unmarshal([]byte(out), &rec); code != exitOK || err != nil {
		t.Fatalf("backup --json: %d %v %s", code, err, stderr)
	}
	pk, _ := parsePublicKey(pub)
	c := report.Chain{Seq: rec.Seq, Head: rec.Head, AccessID: rec.AccessID, AccessHead: rec.AccessHead, SignedAt: rec.SignedAt, Key: rec.Key, Signature: rec.Signature}
	if rec.Seq != 607 || !storage.CheckSignature(&c, pk) {
		t.Fatalf("the backup's record: %+v", rec)
	}
	receipt := filepath.Join(t.TempDir(), "backup.json")
	os.WriteFile(receipt, []byte(out), 0o644)
	if code, out := verifyOut(t, db, "--anchors", receipt, "--public-key", pub); code != exitOK {
		t.Fatalf("verify --anchors with the backup's record: %d\n%s", code, out)
	}
	rewriteName(t, db)
	if code, out := verifyOut(t, db, "--anchors", receipt, "--public-key", pub); code != exitFailed || !strings.Contains(out, "head of event 607 recorded elsewhere") {
		t.Errorf("verify --anchors with the backup's record after a rewrite: %d\n%s", code, out)
	}
}

// A signing key others may read is refused; serve without a key says that
// days are not signed, with one it records the public key.
func TestSigningKeyKeptApart(t *testing.T) {
	db := seedDB(t)
	keyFile, pub := signingKeyFile(t)
	os.Chmod(keyFile, 0o644)
	code, _, stderr := run(t, "", "--db", db, "report", "section6", "--period", "2023-H1", "--signing-key", keyFile)
	if code != exitUsage || !strings.Contains(stderr, "chmod 600") {
		t.Errorf("a key readable by others: %d %s", code, stderr)
	}
	os.Chmod(keyFile, 0o600)
	if code, _, stderr := run(t, "", "keys", "generate", "--out", keyFile); code != exitUsage || !strings.Contains(stderr, "exists") {
		t.Errorf("keys generate over a key: %d %s", code, stderr)
	}
	_, log := serveFor(t)
	if !strings.Contains(log.String(), "days are not signed") {
		t.Errorf("serve without a key does not say the days are not signed:\n%s", log)
	}
	_, log = serveFor(t, "--signing-key", keyFile)
	pk, _ := parsePublicKey(pub)
	if s := log.String(); strings.Contains(s, "days are not signed") || !strings.Contains(s, storage.KeyID(pk)) {
		t.Errorf("serve with a key:\n%s", s)
	}
}
