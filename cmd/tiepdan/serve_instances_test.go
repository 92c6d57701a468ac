package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/pgtest"
	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// Several instances of the server on one database (issue 19): two
// `tiepdan serve` processes, sixteen clients sending conflicting commands
// about the same petitions through either. Every command gets a clear
// answer (applied, answered as a repeat, or refused with a code); every
// applied command is in the history once, at the seq its answer gave, and
// nothing else is; the reception books have no gap; verify passes; and
// the petitions are as a serial replay of the applied commands, in the
// order of their seqs, leaves them.

const (
	instanceClients   = 16
	instanceCommands  = 40 // per client
	instancePetitions = 6  // shared by every client
)

// TestTwoServersOnOnePostgres runs the scenario on PostgreSQL
// (TIEPDAN_TEST_POSTGRES).
func TestTwoServersOnOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	twoServers(t, pgtest.URL(t))
}

// TestTwoServersOnOneSQLiteFile runs it on one SQLite file.
func TestTwoServersOnOneSQLiteFile(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	twoServers(t, filepath.Join(t.TempDir(), "two.db"))
}

// instanceAnswer is one command sent and what it was answered.
type instanceAnswer struct {
	body   []byte
	status int
	ans    crashAnswer
}

func twoServers(t *testing.T, db string) {
	var setup strings.Builder
	setup.WriteString(webtest.Units)
	for i := range instancePetitions {
		fmt.Fprintf(&setup, `{"op":"petition","ref":"S-%d","received_at":"%s","channel":"reception","petitioner":{"name":"Lê Văn Chung"},"summary":"Kiến nghị chung số %d"}`+"\n",
			i, crashDay.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), i)
	}
	if code, _, stderr := run(t, setup.String(), "--db", db, "import", "-"); code != exitOK {
		t.Fatalf("setup: %s", stderr)
	}
	if code, _, stderr := run(t, webtest.Password+"\n", "--db", db, "user", "add", "lanhdao", "--role", "leader"); code != exitOK {
		t.Fatalf("user add: %s", stderr)
	}
	code, token, stderr := run(t, "", "--db", db, "token", "create", "lanhdao")
	if code != exitOK {
		t.Fatalf("token create: %s", stderr)
	}
	token = strings.TrimSpace(token)
	setupEvents := lastSeqOf(t, db)

	servers := []*crashServer{startCrashServer(t, db), startCrashServer(t, db)}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: instanceClients}, Timeout: time.Minute}
	defer hc.CloseIdleConnections()
	var clock atomic.Int64 // minutes after crashDay of the next command
	clock.Store(60)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	answers := make([][]instanceAnswer, instanceClients)
	var wg sync.WaitGroup
	for n := range instanceClients {
		rng := rand.New(rand.NewPCG(seed, uint64(n)))
		c := &crashClient{t: t, n: n, token: token}
		wg.Go(func() {
			for i := range instanceCommands {
				var body []byte
				if i > 0 && rng.IntN(8) == 0 {
					// A command sent before, again: a repeat when it was
					// applied, through either server.
					body = answers[n][rng.IntN(len(answers[n]))].body
				} else {
					body = instanceCommand(rng, n, i, clock.Add(1))
				}
				srv := servers[rng.IntN(len(servers))]
				status, ans, raw, err := c.post(hc, srv.base, body)
				if err != nil {
					t.Errorf("client %d: %s: no answer: %v", n, body, err)
					return
				}
				if status/100 != 2 {
					var e webtest.ErrorJSON
					if status/100 != 4 || json.Unmarshal(raw, &e) != nil || e.Error.Code == "" || e.Error.Message == "" {
						t.Errorf("client %d: %s: not a clear answer: %d %s", n, body, status, raw)
						return
					}
				}
				answers[n] = append(answers[n], instanceAnswer{body: body, status: status, ans: ans})
			}
		})
	}
	wg.Wait()
	for _, s := range servers {
		s.stop(t)
	}
	if t.Failed() {
		t.FailNow()
	}

	// Every command applied (201) is the event its answer names, once; a
	// repeat (200) names an event applied; nothing else is in the history.
	applied := map[int64][]byte{}
	var statuses = map[int]int{}
	for _, as := range answers {
		for _, a := range as {
			statuses[a.status]++
			if a.status == http.StatusCreated {
				if prev, ok := applied[a.ans.Seq]; ok {
					t.Errorf("event %d was answered as applied twice: %s and %s", a.ans.Seq, prev, a.body)
				}
				applied[a.ans.Seq] = a.body
			}
		}
	}
	for _, as := range answers {
		for _, a := range as {
			if a.status == http.StatusOK && applied[a.ans.Seq] == nil {
				t.Errorf("%s was answered as a repeat of event %d, which no command was answered as applied", a.body, a.ans.Seq)
			}
		}
	}
	raw := openRaw(t, db)
	rows, err := raw.Query(`SELECT seq, data FROM events WHERE seq > ? ORDER BY seq`, setupEvents)
	if err != nil {
		t.Fatal(err)
	}
	var evs []crashEvent
	for rows.Next() {
		var e crashEvent
		var data string
		if err := rows.Scan(&e.seq, &data); err != nil {
			t.Fatal(err)
		}
		if e.cmd, err = cases.DecodeCommand([]byte(data)); err != nil {
			t.Fatal(err)
		}
		evs = append(evs, e)
	}
	rows.Close()
	if len(evs) != len(applied) {
		t.Errorf("%d commands were answered as applied; the history has %d events after the setup", len(applied), len(evs))
	}
	for i, e := range evs {
		if e.seq != setupEvents+int64(i)+1 {
			t.Fatalf("event %d follows event %d: a gap in the history", e.seq, setupEvents+int64(i))
		}
		body, ok := applied[e.seq]
		if !ok {
			t.Errorf("event %d (%s %s) was answered to no command as applied", e.seq, e.cmd.Op, e.cmd.Key())
			continue
		}
		c, _ := cases.DecodeCommand(body)
		if c.Op != e.cmd.Op || c.Key() != e.cmd.Key() {
			t.Errorf("event %d is %s %s, its command's answer was %s", e.seq, e.cmd.Op, e.cmd.Key(), body)
		}
	}
	// The books: 1 to N without a gap.
	for _, book := range []string{"petition", "visit"} {
		var n, top, last sql.NullInt64
		if err := raw.QueryRow(`SELECT count(*), max(number) FROM reception_book WHERE book = ?`, book).Scan(&n, &top); err != nil {
			t.Fatal(err)
		}
		if err := raw.QueryRow(`SELECT max(last) FROM reception_book_last WHERE book = ?`, book).Scan(&last); err != nil {
			t.Fatal(err)
		}
		if n.Int64 != top.Int64 || top.Int64 != last.Int64 {
			t.Errorf("the %s book: %d numbers, up to %d, its last %d: a gap or a number twice", book, n.Int64, top.Int64, last.Int64)
		}
	}
	if code, out, stderr := run(t, "", "--db", db, "verify"); code != exitOK {
		t.Errorf("verify: %d %s %s", code, out, stderr)
	}

	// A serial replay of the applied commands, in the order of their
	// events, on a new store: each is applied again, and the petitions end
	// as the servers left them.
	replay, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "replay.db"), workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	defer replay.Close()
	meta := cases.Meta{Now: time.Now(), User: "lanhdao"}
	for _, line := range strings.Split(strings.TrimSpace(setup.String()), "\n") {
		c, _ := cases.DecodeCommand([]byte(line))
		if _, err := replay.Exec(context.Background(), c, meta); err != nil {
			t.Fatal(err)
		}
	}
	for _, seq := range slices.Sorted(mapsKeys(applied)) {
		c, _ := cases.DecodeCommand(applied[seq])
		if res, err := replay.Exec(context.Background(), c, meta); err != nil || !res.Changed {
			t.Errorf("replay of event %d (%s): %+v, %v", seq, applied[seq], res, err)
		}
	}
	served, err := storage.OpenWith(context.Background(), db, workflow.Decide, storage.OpenOptions{Existing: true, AsIs: true})
	if err != nil {
		t.Fatal(err)
	}
	defer served.Close()
	for i := range instancePetitions {
		ref := fmt.Sprintf("S-%d", i)
		a, errA := served.Petition(context.Background(), ref)
		b, errB := replay.Petition(context.Background(), ref)
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if a.State != b.State || a.Type != b.Type || a.Unit != b.Unit || a.Version != b.Version || a.Field != b.Field {
			t.Errorf("petition %s: the servers left it %s/%s/%s version %d, the serial replay %s/%s/%s version %d",
				ref, a.State, a.Type, a.Unit, a.Version, b.State, b.Type, b.Unit, b.Version)
		}
	}
	t.Logf("%d clients × %d commands through 2 servers: answers by status %v; %d events", instanceClients, instanceCommands, statuses, len(evs))
}

// instanceCommand is client n's i-th command, at minute m after crashDay:
// about one of the shared petitions, mostly, so that clients race.
func instanceCommand(rng *rand.Rand, n, i int, m int64) []byte {
	at := crashDay.Add(time.Duration(m) * time.Minute).Format(time.RFC3339)
	p := fmt.Sprintf("S-%d", rng.IntN(instancePetitions))
	switch r := rng.IntN(100); {
	case r < 25:
		typ := []string{"complaint", "recommendation"}[rng.IntN(2)]
		return fmt.Appendf(nil, `{"op":"classify","petition":"%s","at":"%s","type":"%s","field":"land","eligible":true}`, p, at, typ)
	case r < 45:
		unit := []string{"tnmt", "ld"}[rng.IntN(2)]
		return fmt.Appendf(nil, `{"op":"route","petition":"%s","at":"%s","to":"own","unit":"%s","method":"assign"}`, p, at, unit)
	case r < 55:
		return fmt.Appendf(nil, `{"op":"accept","petition":"%s","at":"%s"}`, p, at)
	case r < 62:
		return fmt.Appendf(nil, `{"op":"reject","petition":"%s","at":"%s","reason":"Không đủ điều kiện thụ lý"}`, p, at)
	case r < 80:
		return fmt.Appendf(nil, `{"op":"visit","ref":"V-%d-%d","at":"%s","kind":"regular","petition":"%s","people":1,"citizen":{"name":"Trần Văn Lượt"}}`, n, i, at, p)
	}
	return fmt.Appendf(nil, `{"op":"petition","ref":"N-%d-%d","received_at":"%s","channel":"reception","petitioner":{"name":"Nguyễn Thị Thử"},"summary":"Kiến nghị mới"}`, n, i, at)
}

// lastSeqOf is the last event of db.
func lastSeqOf(t *testing.T, db string) int64 {
	t.Helper()
	var seq int64
	if err := openRaw(t, db).QueryRow(`SELECT coalesce(max(seq), 0) FROM events`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	return seq
}

// openRaw is a plain connection to db, an SQLite file or a PostgreSQL URL,
// whose queries are written as the store's; closed when t ends.
func openRaw(t *testing.T, db string) *sql.DB {
	t.Helper()
	var raw *sql.DB
	var err error
	if storage.IsPostgres(db) {
		raw, err = storage.OpenPostgresSQL(db)
	} else {
		raw, err = sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(10000)")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func mapsKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
