package storage

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The store's own tests use a decider that allows everything it is asked and
// names a fixed state per op: what is tested here is how the store records,
// not the workflow (which has its own tests).
func stubDecide(_ context.Context, c *cases.Command, p *cases.Petition, _ cases.Lookup) (cases.State, error) {
	switch c.Op {
	case cases.OpPetition:
		return cases.Received, nil
	case cases.OpClassify:
		return cases.Classified, nil
	case cases.OpRoute:
		return cases.RoutedOwn, nil
	case cases.OpUnit, cases.OpSession, cases.OpVisit, cases.OpDialogue:
		if c.Petition != "" && p == nil {
			return "", cases.Errorf(cases.ENotFound, "petition %s not found", c.Petition)
		}
		return "", nil
	}
	if p == nil {
		return "", cases.Errorf(cases.ENotFound, "petition %s not found", c.Petition)
	}
	return p.State, nil
}

var now = time.Date(2026, 11, 25, 9, 0, 0, 0, cases.Zone)

func openTest(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := Open(context.Background(), path, stubDecide)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func cmd(t *testing.T, s string) cases.Command {
	t.Helper()
	c, err := cases.DecodeCommand([]byte(s))
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return c
}

func exec(t *testing.T, db *DB, s string) cases.Result {
	t.Helper()
	res, err := db.Exec(context.Background(), cmd(t, s), cases.Meta{Now: now, User: "tester"})
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return res
}

const petitionLine = `{"op":"petition","ref":"P-1","received_at":"2023-03-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn An","id_number":"052080001234"},"summary":"Khiếu nại thu hồi đất"}`

func TestRepeatAnswersAsTheFirstTime(t *testing.T) {
	db, _ := openTest(t)
	first := exec(t, db, petitionLine)
	again := exec(t, db, petitionLine)
	if !first.Changed || again.Changed || again.Seq != first.Seq || again.State != first.State {
		t.Fatalf("first %+v, again %+v: the repeat must change nothing and answer as the first", first, again)
	}
	// The same instant written in another offset is the same command.
	exec(t, db, `{"op":"classify","petition":"P-1","at":"2023-03-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`)
	res := exec(t, db, `{"op":"classify","petition":"P-1","at":"2023-03-02T01:00:00Z","type":"complaint","field":"land","eligible":true}`)
	if res.Changed {
		t.Fatal("the same classify at the same instant was recorded twice")
	}
	if n := count(t, db, "events"); n != 2 {
		t.Fatalf("%d events, want 2", n)
	}
}

func TestSameRefOtherContentIsAConflict(t *testing.T) {
	db, _ := openTest(t)
	exec(t, db, petitionLine)
	_, err := db.Exec(context.Background(), cmd(t, strings.Replace(petitionLine, "Khiếu nại", "Tố cáo", 1)),
		cases.Meta{Now: now, User: "tester"})
	if cases.ErrorCode(err) != cases.EConflict || !strings.Contains(err.Error(), "P-1") {
		t.Fatalf("err = %v, want a conflict naming P-1", err)
	}
	if n := count(t, db, "events"); n != 1 {
		t.Fatalf("%d events after a refused command, want 1", n)
	}
}

func TestEventsAreAppendOnly(t *testing.T) {
	db, _ := openTest(t)
	exec(t, db, petitionLine)
	for _, q := range []string{`UPDATE events SET recorded_by = 'x'`, `DELETE FROM events`} {
		if _, err := db.write.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want refused as append-only", q, err)
		}
	}
}

func TestVerifyFindsTampering(t *testing.T) {
	db, path := openTest(t)
	exec(t, db, `{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own"}`)
	exec(t, db, petitionLine)
	exec(t, db, `{"op":"classify","petition":"P-1","at":"2023-03-02T08:00:00+07:00","type":"complaint","field":"land","eligible":true}`)
	exec(t, db, `{"op":"visit","ref":"V-1","at":"2023-03-02T08:00:00+07:00","kind":"regular","petition":"P-1","people":2}`)
	ctx := context.Background()
	ver, err := db.Verify(ctx)
	if err != nil || !ver.OK() || ver.Events != 4 || ver.Petitions != 1 || ver.Visits != 1 {
		t.Fatalf("clean history: %+v, %v", ver, err)
	}

	// A projection changed behind the history's back.
	if _, err := db.write.Exec(`UPDATE petitions SET state = 'resolved'`); err != nil {
		t.Fatal(err)
	}
	ver, _ = db.Verify(ctx)
	if ver.OK() || !strings.Contains(strings.Join(ver.Problems, "\n"), "petition P-1") {
		t.Fatalf("altered projection not found: %+v", ver)
	}

	// An event altered with the triggers dropped, as an attacker with the file would.
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{`DROP TRIGGER events_no_update`,
		`UPDATE events SET data = replace(data, 'land', 'housing') WHERE seq = 3`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	ver, _ = db.Verify(ctx)
	if !strings.Contains(strings.Join(ver.Problems, "\n"), "event 3: its content does not match its hash") {
		t.Fatalf("altered event not found: %+v", ver.Problems)
	}
}

func count(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.read.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
