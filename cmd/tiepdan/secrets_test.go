package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// Two petitioners whose identities are protected (SPEC §9): a denouncer,
// and the petitioner of a petition not classified yet, each also the
// citizen of a visit. Every part distinctive.
var (
	denouncer    = cases.Person{Name: "Lý Thị Tố Giác", IDNumber: "079188004455", Address: "Số 14 hẻm Kín Đáo, phường Ghềnh Ráng", Phone: "0912004455"}
	unclassified = cases.Person{Name: "Đinh Văn Chưa Rõ", IDNumber: "052077001122", Address: "Thôn Đá Mọc, xã Nhơn Lý", Phone: "0905001122"}
)

func personJSON(p cases.Person) string {
	b, _ := json.Marshal(p)
	return string(b)
}

// identityForms are the ways a person may sit in a file: as typed, folded
// as the search folds, in capitals.
func identityForms(p cases.Person) []string {
	return []string{p.Name, p.IDNumber, p.Address, p.Phone, cases.Fold(p.Name), strings.ToUpper(p.Name),
		cases.Fold(p.Address)}
}

// recordProtected records through the API the denouncer's petition, classified
// a denunciation, and the unclassified petition, each with a visit.
func recordProtected(t *testing.T, e *webtest.Env) {
	t.Helper()
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"petition","ref":"P-D","received_at":"2026-11-24T08:00:00+07:00","channel":"reception","petitioner":`+personJSON(denouncer)+`,"summary":"Tố cáo cán bộ địa chính nhận tiền"}`)
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"visit","ref":"V-D","at":"2026-11-24T08:05:00+07:00","kind":"regular","petition":"P-D","people":1,"citizen":`+personJSON(denouncer)+`}`)
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"classify","petition":"P-D","at":"2026-11-24T09:00:00+07:00","type":"denunciation","field":"land","eligible":true}`)
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"petition","ref":"P-U","received_at":"2026-11-25T08:00:00+07:00","channel":"reception","petitioner":`+personJSON(unclassified)+`,"summary":"Phản ánh việc san lấp ao"}`)
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"visit","ref":"V-U","at":"2026-11-25T08:05:00+07:00","kind":"regular","petition":"P-U","people":1,"citizen":`+personJSON(unclassified)+`}`)
}

// revealed lists the forms of the protected identities found in the files.
func revealed(t *testing.T, files ...string) []string {
	t.Helper()
	var found []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []cases.Person{denouncer, unclassified} {
			for _, s := range identityForms(p) {
				if bytes.Contains(b, []byte(s)) {
					found = append(found, filepath.Base(f)+": "+s)
				}
			}
		}
	}
	return found
}

// TestCopiedDatabaseRevealsNoDenouncer: with a secrets key, a copy of the
// database file and its -wal, and a backup made with tiepdan backup, hold
// no part of a denouncer's or an unclassified petitioner's identity, in
// any form a search would fold it to; the leader reads both in clear as
// before, the desk's duplicate check still finds them, and verify passes
// with the key and, without it, checks all but the sealed identities.
func TestCopiedDatabaseRevealsNoDenouncer(t *testing.T) {
	e := webtest.New(t, "")
	recordProtected(t, e)

	// The leader reads the denouncer, and the recorder the unclassified
	// petitioner, as before: the store opens what it sealed.
	if _, body := e.API("leader", "GET", "/api/v1/petitions/P-D", ""); !strings.Contains(body, denouncer.IDNumber) || !strings.Contains(body, denouncer.Name) {
		t.Errorf("the leader does not read the denouncer: %s", body)
	}
	if _, body := e.API("rec", "GET", "/api/v1/petitions/P-U", ""); !strings.Contains(body, unclassified.Phone) {
		t.Errorf("the recorder does not read the unclassified petitioner: %s", body)
	}
	// The desk's duplicate check finds a protected petitioner by the
	// keyed digest of the name, diacritics as typed.
	ps, _, err := e.DB.PetitionPage(context.Background(), cases.Filter{Petitioner: "dinh van chua ro"})
	if err != nil || len(ps) != 1 || ps[0].Ref != "P-U" || ps[0].Petitioner.Name != unclassified.Name {
		t.Errorf("the duplicate check's lookup of the unclassified petitioner: %v %v", ps, err)
	}

	if found := revealed(t, e.Path, e.Path+"-wal"); len(found) > 0 {
		t.Errorf("the database file reveals: %q", found)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if code, out, errOut := run(t, "", "--db", e.Path, "--secrets-key", e.KeyFile, "backup", backup); code != exitOK {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	if found := revealed(t, backup, backup+"-wal"); len(found) > 0 {
		t.Errorf("the backup reveals: %q", found)
	}

	code, out, _ := run(t, "", "--db", backup, "--secrets-key", e.KeyFile, "verify")
	// With the key nothing of the identities is left unchecked (the
	// signatures' "not checked" is the anchors', without a public key).
	if code != exitOK || strings.Contains(out, "secrets key") {
		t.Errorf("verify with the key: %d %s", code, out)
	}
	code, out, _ = run(t, "", "--db", backup, "verify")
	if code != exitOK || !strings.Contains(out, "4 events hold identities encrypted with secrets key") ||
		!strings.Contains(out, "fingerprint keyed with a secrets key not given") {
		t.Errorf("verify without the key: %d %s", code, out)
	}
	// Without the key, the commands that read identities refuse to start.
	if code, _, errOut := run(t, "", "--db", backup, "show", "P-D"); code != exitUsage || !strings.Contains(errOut, "--secrets-key") {
		t.Errorf("show without the key: %d %s", code, errOut)
	}
	if code, out, _ := run(t, "", "--db", backup, "--secrets-key", e.KeyFile, "show", "P-D"); code != exitOK || !strings.Contains(out, cases.MaskedName) {
		t.Errorf("show with the key: %d %s", code, out)
	}
}

// TestFingerprintIsKeyed: whoever holds the file cannot confirm a guessed
// command — a petition with the denouncer's name — by its SHA-256: with a
// key, the fingerprints are keyed; without one, the same guess is found,
// which the key is there to prevent.
func TestFingerprintIsKeyed(t *testing.T) {
	guess, err := cases.DecodeCommand([]byte(`{"op":"petition","ref":"P-D","received_at":"2026-11-24T08:00:00+07:00","channel":"reception","petitioner":` + personJSON(denouncer) + `,"summary":"Tố cáo cán bộ địa chính nhận tiền"}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := guess.Validate(webtest.Now); err != nil {
		t.Fatal(err)
	}
	plain := guess.Fingerprint()

	e := webtest.New(t, "")
	recordProtected(t, e)
	if n := countIn(t, plain, e.Path, e.Path+"-wal"); n > 0 {
		t.Errorf("with a key, the guessed command's SHA-256 fingerprint is in the file %d times", n)
	}

	db := filepath.Join(t.TempDir(), "clear.db")
	line := `{"op":"unit","ref":"own","name":"UBND xã","kind":"own"}` + "\n" + string(guess.Canonical()) + "\n"
	if code, out, errOut := run(t, line, "--db", db, "import", "-"); code != exitOK {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	if n := countIn(t, plain, db, db+"-wal"); n == 0 {
		t.Error("without a key, the plain fingerprint is not in the file: the test looks for the wrong thing")
	}
	if found := revealed(t, db, db+"-wal"); len(found) == 0 {
		t.Error("without a key, the denouncer is not found in the file: the scan looks for the wrong thing")
	}
}

func countIn(t *testing.T, s string, files ...string) int {
	t.Helper()
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		n += bytes.Count(b, []byte(s))
	}
	return n
}

// TestServeSaysSecretsAreInClear: started without a secrets key, the
// server says in its log that identities are stored in clear; with one,
// it does not, and a history imported with the key is encrypted on the
// way in.
func TestServeSaysSecretsAreInClear(t *testing.T) {
	const warning = "thông tin người tố cáo được lưu không mã hóa"
	dir := t.TempDir()
	key := filepath.Join(dir, "secrets.key")
	if code, out, errOut := run(t, "", "secrets-key", "--out", key); code != exitOK {
		t.Fatalf("secrets-key: %d %s %s", code, out, errOut)
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the key file: %v %v", fi, err)
	}
	if code, _, _ := run(t, "", "secrets-key", "--out", key); code != exitUsage {
		t.Errorf("a second secrets-key over the file: %d, want it refused", code)
	}

	if log := serveLog(t, "--db", filepath.Join(dir, "clear.db")); !strings.Contains(log, warning) {
		t.Errorf("without a key, the log does not warn: %s", log)
	}
	keyed := filepath.Join(dir, "keyed.db")
	history := `{"op":"unit","ref":"own","name":"UBND xã","kind":"own"}` + "\n" +
		`{"op":"petition","ref":"P-D","received_at":"2026-11-24T08:00:00+07:00","channel":"mail","petitioner":` + personJSON(denouncer) + `,"summary":"Tố cáo"}` + "\n"
	if code, out, errOut := run(t, history, "--db", keyed, "--secrets-key", key, "import", "-"); code != exitOK {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	if log := serveLog(t, "--db", keyed, "--secrets-key", key); strings.Contains(log, warning) {
		t.Errorf("with a key, the log warns: %s", log)
	}
	if found := revealed(t, keyed, keyed+"-wal"); len(found) > 0 {
		t.Errorf("the imported history reveals: %q", found)
	}
	// Without the key, serve refuses a database that holds identities
	// encrypted, rather than store new ones in clear beside them.
	if code, _, errOut := run(t, "", "--db", keyed, "serve", "--addr", "127.0.0.1:0"); code != exitUsage || !strings.Contains(errOut, "--secrets-key") {
		t.Errorf("serve without the key: %d %s", code, errOut)
	}
}

// serveLog starts serve with args, waits until it serves, stops it and
// returns its log.
func serveLog(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &webtest.SyncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- mainWithClock(ctx, append(args, "serve", "--addr", "127.0.0.1:0"), strings.NewReader(""),
			io.Discard, stderr, func() time.Time { return fixedNow })
	}()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(stderr.String(), `"msg":"serving"`); {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if code := <-exit; code != exitOK {
		t.Errorf("serve exited %d: %s", code, stderr)
	}
	return stderr.String()
}
