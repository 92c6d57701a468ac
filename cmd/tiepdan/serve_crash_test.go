package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// The server killed while a desk's clients write (issue 17): every command
// the server acknowledged is in the history exactly once, a command whose
// answer was lost is applied at most once and answers as the first time
// when it is sent again (SPEC §5), the reception book has no gap, and
// verify passes. docs/security.md, "Crash test of the server", has the
// figures of a run.

const (
	crashKills   = 20
	crashClients = 8
)

// TestServeSurvivesSIGKILL kills `tiepdan serve` crashKills times, each
// after a random 100–800 ms of crashClients clients sending commands over
// the API, and starts it again on the same file. The server is this test
// binary run as the command line (TestMain), as in TestImportSurvivesSIGKILL:
// it is built once, by go test, with the test's flags, so under the race
// suite the server runs with the race detector too and any data race it
// reports under the clients' load fails the test; it is slower then, which
// only means fewer commands in each round, not a longer test.
func TestServeSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills the server 20 times")
	}
	db := filepath.Join(t.TempDir(), "crash.db")
	if code, _, stderr := run(t, webtest.Units, "--db", db, "import", "-"); code != exitOK {
		t.Fatalf("units: %s", stderr)
	}
	if code, _, stderr := run(t, webtest.Password+"\n", "--db", db, "user", "add", "desk", "--role", "reception"); code != exitOK {
		t.Fatalf("user add: %s", stderr)
	}
	code, token, stderr := run(t, "", "--db", db, "token", "create", "desk")
	if code != exitOK {
		t.Fatalf("token create: %s", stderr)
	}
	token = strings.TrimSpace(token)
	setup := eventsIn(db)

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	clients := make([]*crashClient, crashClients)
	for i := range clients {
		clients[i] = &crashClient{t: t, n: i, token: token, rng: rand.New(rand.NewPCG(seed, uint64(i+1)))}
	}
	// Each round starts the server, lets the clients write, and kills it;
	// the last round is not killed: the clients send again what they did
	// not hear the answer of, and every acknowledged command once more,
	// then the server is stopped as an operator stops it.
	for round := 0; round <= crashKills; round++ {
		srv := startCrashServer(t, db)
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: crashClients}, Timeout: time.Minute}
		var wg sync.WaitGroup
		last := round == crashKills
		for _, c := range clients {
			wg.Go(func() { c.round(hc, srv.base, last) })
		}
		if !last {
			time.Sleep(time.Duration(100+rng.IntN(701)) * time.Millisecond)
			srv.kill(t)
			wg.Wait()
		} else {
			wg.Wait()
			srv.stop(t)
		}
		hc.CloseIdleConnections()
		if strings.Contains(srv.log.String(), "DATA RACE") {
			t.Fatalf("round %d: the server reported a data race:\n%s", round, srv.log)
		}
		if t.Failed() {
			t.FailNow()
		}
	}

	var st crashStats
	for _, c := range clients {
		st.add(&c.crashStats)
		if c.pending != nil {
			t.Errorf("client %d: %s still has no answer after the server's last start", c.n, c.pending.id)
		}
	}
	events := checkCrashHistory(t, db, setup, clients)
	books := checkCrashBooks(t, db, setup)
	// verify as an operator runs it, after the crashes.
	cmd := exec.Command(os.Args[0], "--db", db, "verify")
	cmd.Env = append(os.Environ(), "TIEPDAN_BE_MAIN=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("verify after %d kills: %v\n%s", crashKills, err, out)
	}
	t.Logf("%d kills, %d clients: %d commands acknowledged (%d petitions, %d visits, %d classify, %d route); "+
		"%d responses lost, to %d commands: %d applied before the kill (sent again: 200), %d not (sent again: 201); "+
		"%d re-sent after a lost response and answered the same, %d acknowledged ones re-sent and answered the same; "+
		"%d events in the history; reception books without a gap: %s",
		crashKills, crashClients, st.acked, st.ops[cases.OpPetition], st.ops[cases.OpVisit], st.ops[cases.OpClassify], st.ops[cases.OpRoute],
		st.lost, st.lostApplied+st.lostNotApplied, st.lostApplied, st.lostNotApplied, st.resentSame, st.recheckedSame, events, books)
}

// crashServer is one run of `tiepdan serve` as a child process.
type crashServer struct {
	cmd    *exec.Cmd
	base   string
	log    *webtest.SyncBuffer
	exited chan struct{}
}

// startCrashServer starts the server on a free loopback port and waits
// until it answers /healthz.
func startCrashServer(t *testing.T, db string) *crashServer {
	t.Helper()
	s := &crashServer{log: &webtest.SyncBuffer{}, exited: make(chan struct{})}
	s.cmd = exec.Command(os.Args[0], "--db", db, "serve", "--addr", "127.0.0.1:0")
	s.cmd.Env = append(os.Environ(), "TIEPDAN_BE_MAIN=1")
	s.cmd.Stderr = s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() { s.kill(t) })
	deadline := time.Now().Add(2 * time.Minute)
	for s.base == "" {
		for line := range strings.SplitSeq(s.log.String(), "\n") {
			var l struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "serving" {
				s.base = "http://" + l.Addr
			}
		}
		select {
		case <-s.exited:
			t.Fatalf("serve exited at start: %s", s.log)
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", s.log)
		}
	}
	for {
		resp, err := http.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve does not answer /healthz: %v %s", err, s.log)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// kill SIGKILLs the server and waits for it to be gone.
func (s *crashServer) kill(t *testing.T) {
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Error(err)
	}
	<-s.exited
}

// stop stops the server with SIGTERM: it exits 0 after the crashes too.
func (s *crashServer) stop(t *testing.T) {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Error(err)
	}
	select {
	case <-s.exited:
		if code := s.cmd.ProcessState.ExitCode(); code != exitOK {
			t.Errorf("serve stopped with SIGTERM exited %d: %s", code, s.log)
		}
	case <-time.After(time.Minute):
		t.Errorf("serve did not stop on SIGTERM")
	}
}

// crashCmd is one command of the test: its body, sent again byte for byte,
// and the answer it got.
type crashCmd struct {
	id     string // op and key: no two commands of the test share it
	op     cases.Op
	body   []byte
	ans    *crashAnswer // the first 2xx answer; nil while none came
	onDone func()       // what the client learns once it is acknowledged
}

// crashAnswer is what an answer says of a command (the API's cases.Result
// less changed, which a repeat answers false).
type crashAnswer struct {
	Seq   int64  `json:"seq"`
	Op    string `json:"op"`
	Ref   string `json:"ref"`
	State string `json:"state"`
}

// crashStats are the counts a client keeps, summed at the end and logged.
type crashStats struct {
	acked          int // commands acknowledged
	ops            map[cases.Op]int
	lost           int // requests whose response was lost
	lostApplied    int // commands whose lost response was a 2xx: re-sent, 200
	lostNotApplied int // commands whose lost request applied nothing: re-sent, 201
	resentSame     int // re-sent after a lost response, then again: the same answer
	recheckedSame  int // acknowledged, re-sent later: the same answer
}

func (s *crashStats) add(o *crashStats) {
	if s.ops == nil {
		s.ops = map[cases.Op]int{}
	}
	s.acked += o.acked
	for op, n := range o.ops {
		s.ops[op] += n
	}
	s.lost += o.lost
	s.lostApplied += o.lostApplied
	s.lostNotApplied += o.lostNotApplied
	s.resentSame += o.resentSame
	s.recheckedSame += o.recheckedSame
}

// crashPetition is a petition of one client, as far as it knows.
type crashPetition struct {
	ref   string
	last  time.Time // its last event's time; the next is later
	state cases.State
}

// crashClient is one desk officer's program: it records its own petitions
// and acts on them only, so its commands on a petition never race another
// client's, and the order of a petition's events is known.
type crashClient struct {
	t       *testing.T
	n       int
	token   string
	rng     *rand.Rand
	sent    []*crashCmd
	done    []*crashCmd // acknowledged
	pending *crashCmd   // sent, its answer lost: sent again first
	mine    []*crashPetition
	crashStats
}

// crashDay is when the clients' petitions were received: a Monday of 2024,
// long before any clock the server runs with.
var crashDay = time.Date(2024, 3, 4, 7, 30, 0, 0, cases.Zone)

// round sends commands until the server is gone. It first sends again the
// command whose answer it lost, and that command once more. In the last
// round it then sends every acknowledged command again and stops.
func (c *crashClient) round(hc *http.Client, base string, last bool) {
	if p := c.pending; p != nil {
		status, ans, body, err := c.post(hc, base, p.body)
		if err != nil {
			c.lost++
			return
		}
		switch status {
		case http.StatusOK:
			c.lostApplied++
		case http.StatusCreated:
			c.lostNotApplied++
		default:
			c.t.Errorf("client %d: %s sent again after a lost response: %d %s", c.n, p.id, status, body)
			return
		}
		c.pending = nil
		c.ack(p, ans)
		status, again, body, err := c.post(hc, base, p.body)
		if err != nil {
			c.lost++
			return
		}
		if status != http.StatusOK || again != ans {
			c.t.Errorf("client %d: %s sent a third time: %d %s, want 200 and %+v", c.n, p.id, status, body, ans)
			return
		}
		c.resentSame++
	}
	if last {
		for _, a := range c.done {
			if !c.recheck(hc, base, a) {
				c.t.Errorf("client %d: %s: no answer from a server not killed", c.n, a.id)
				return
			}
		}
		return
	}
	for {
		if len(c.done) > 0 && c.rng.IntN(20) == 0 {
			if !c.recheck(hc, base, c.done[c.rng.IntN(len(c.done))]) {
				return
			}
			continue
		}
		cmd := c.next()
		c.sent = append(c.sent, cmd)
		status, ans, body, err := c.post(hc, base, cmd.body)
		if err != nil {
			c.lost++
			c.pending = cmd
			return
		}
		if status != http.StatusCreated {
			c.t.Errorf("client %d: %s: %d %s, want 201", c.n, cmd.id, status, body)
			return
		}
		c.ack(cmd, ans)
	}
}

// recheck sends an acknowledged command again: it answers 200 and as the
// first time. false when the answer was lost.
func (c *crashClient) recheck(hc *http.Client, base string, a *crashCmd) bool {
	status, ans, body, err := c.post(hc, base, a.body)
	if err != nil {
		return false
	}
	if status != http.StatusOK || ans != *a.ans {
		c.t.Errorf("client %d: %s acknowledged %+v, sent again: %d %s", c.n, a.id, *a.ans, status, body)
		return true
	}
	c.recheckedSame++
	return true
}

func (c *crashClient) ack(cmd *crashCmd, ans crashAnswer) {
	cmd.ans = &ans
	c.done = append(c.done, cmd)
	if c.ops == nil {
		c.ops = map[cases.Op]int{}
	}
	c.acked++
	c.ops[cmd.op]++
	if cmd.onDone != nil {
		cmd.onDone()
	}
}

// next is the client's next command, a desk's day: mostly new petitions,
// visits about petitions already recorded, and classifying and routing
// them.
func (c *crashClient) next() *crashCmd {
	var received, classified []*crashPetition
	for _, p := range c.mine {
		switch p.state {
		case cases.Received:
			received = append(received, p)
		case cases.Classified:
			classified = append(classified, p)
		}
	}
	at := func(p *crashPetition) time.Time { return p.last.Add(7 * time.Minute) }
	switch r := c.rng.IntN(100); {
	case r < 25 && len(c.mine) > 0:
		p := c.mine[c.rng.IntN(len(c.mine))]
		ref, t := fmt.Sprintf("KV%d-%d", c.n, len(c.sent)), at(p)
		return &crashCmd{id: "visit " + ref, op: cases.OpVisit,
			body: fmt.Appendf(nil, `{"op":"visit","ref":"%s","at":"%s","kind":"regular","petition":"%s","people":%d,"citizen":{"name":"Trần Văn Lượt"}}`,
				ref, t.Format(time.RFC3339), p.ref, 1+c.rng.IntN(3)),
			onDone: func() { p.last = t }}
	case r < 45 && len(received) > 0:
		p := received[c.rng.IntN(len(received))]
		t := at(p)
		return &crashCmd{id: "classify " + p.ref, op: cases.OpClassify,
			body: fmt.Appendf(nil, `{"op":"classify","petition":"%s","at":"%s","type":"complaint","field":"land","eligible":true}`,
				p.ref, t.Format(time.RFC3339)),
			onDone: func() { p.last, p.state = t, cases.Classified }}
	case r < 60 && len(classified) > 0:
		p := classified[c.rng.IntN(len(classified))]
		t := at(p)
		return &crashCmd{id: "route " + p.ref, op: cases.OpRoute,
			body: fmt.Appendf(nil, `{"op":"route","petition":"%s","at":"%s","to":"own","unit":"tnmt","method":"assign"}`,
				p.ref, t.Format(time.RFC3339)),
			onDone: func() { p.last, p.state = t, cases.RoutedOwn }}
	}
	ref := fmt.Sprintf("K%d-%d", c.n, len(c.sent))
	t := crashDay.Add(time.Duration(len(c.sent)*crashClients+c.n) * time.Minute)
	return &crashCmd{id: "petition " + ref, op: cases.OpPetition,
		body: fmt.Appendf(nil, `{"op":"petition","ref":"%s","received_at":"%s","channel":"reception","petitioner":{"name":"Nguyễn Thị Thử","id_number":"0790%08d"},"summary":"Kiến nghị sửa đường liên thôn"}`,
			ref, t.Format(time.RFC3339), c.n*1_000_000+len(c.sent)),
		onDone: func() { c.mine = append(c.mine, &crashPetition{ref: ref, last: t, state: cases.Received}) }}
}

// post sends one command and reads its answer; err is a lost response.
func (c *crashClient) post(hc *http.Client, base string, body []byte) (int, crashAnswer, []byte, error) {
	var ans crashAnswer
	req, err := http.NewRequestWithContext(context.Background(), "POST", base+"/api/v1/commands", bytes.NewReader(body))
	if err != nil {
		return 0, ans, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return 0, ans, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, ans, nil, err
	}
	if resp.StatusCode/100 == 2 {
		if err := json.Unmarshal(b, &ans); err != nil {
			return resp.StatusCode, ans, b, fmt.Errorf("answer %q: %w", b, err)
		}
	}
	return resp.StatusCode, ans, b, nil
}

// crashEvent is an event of the history, as the file holds it.
type crashEvent struct {
	seq   int64
	state string
	cmd   cases.Command
}

// readCrashEvents reads the events after the first setup ones.
func readCrashEvents(t *testing.T, path string, setup int) []crashEvent {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT seq, state, data FROM events WHERE seq > ? ORDER BY seq`, setup)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var evs []crashEvent
	for rows.Next() {
		var e crashEvent
		var data string
		if err := rows.Scan(&e.seq, &e.state, &data); err != nil {
			t.Fatal(err)
		}
		if e.cmd, err = cases.DecodeCommand([]byte(data)); err != nil {
			t.Fatalf("event %d: %v", e.seq, err)
		}
		evs = append(evs, e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return evs
}

// checkCrashHistory checks that every command acknowledged is in the
// history once, at the seq and with the state its answer said, and that
// the history holds nothing else than the clients' commands, each once.
func checkCrashHistory(t *testing.T, path string, setup int, clients []*crashClient) int {
	t.Helper()
	evs := readCrashEvents(t, path, setup)
	byID := map[string][]crashEvent{}
	for _, e := range evs {
		id := string(e.cmd.Op) + " " + e.cmd.Key()
		byID[id] = append(byID[id], e)
	}
	sent := map[string]bool{}
	for _, c := range clients {
		for _, cmd := range c.sent {
			sent[cmd.id] = true
			found := byID[cmd.id]
			switch {
			case cmd.ans == nil:
				// Its answer was never heard (reported above).
			case len(found) != 1:
				t.Errorf("%s acknowledged %+v is %d times in the history", cmd.id, *cmd.ans, len(found))
			case found[0].seq != cmd.ans.Seq || found[0].state != cmd.ans.State:
				t.Errorf("%s acknowledged %+v is event %d in state %s", cmd.id, *cmd.ans, found[0].seq, found[0].state)
			}
		}
	}
	for id, found := range byID {
		if !sent[id] {
			t.Errorf("%s is in the history, %d times, and no client sent it", id, len(found))
		} else if len(found) > 1 {
			t.Errorf("%s is %d times in the history", id, len(found))
		}
	}
	return len(evs)
}

// checkCrashBooks checks that the numbers of each reception book are 1 to
// N without a gap, in the history and in the book's tables alike.
func checkCrashBooks(t *testing.T, path string, setup int) string {
	t.Helper()
	type book struct {
		op   cases.Op
		year int
	}
	numbers := map[book][]int{}
	for _, e := range readCrashEvents(t, path, setup) {
		if e.cmd.Op != cases.OpPetition && e.cmd.Op != cases.OpVisit {
			continue
		}
		n, err := cases.ParseNumber(e.cmd.Number)
		if err != nil {
			t.Errorf("event %d, %s %s: number %q: %v", e.seq, e.cmd.Op, e.cmd.Ref, e.cmd.Number, err)
			continue
		}
		k := book{e.cmd.Op, n.Year}
		numbers[k] = append(numbers[k], n.N)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var summary []string
	for k, ns := range numbers {
		slices.Sort(ns)
		for i, n := range ns {
			if n != i+1 {
				t.Errorf("the %s book of %d: number %d is the %d-th: a gap or a number twice", k.op, k.year, n, i+1)
				break
			}
		}
		var rows, top, last int
		if err := db.QueryRow(`SELECT count(*), max(number) FROM reception_book WHERE book = ? AND year = ?`, string(k.op), k.year).Scan(&rows, &top); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT last FROM reception_book_last WHERE book = ? AND year = ?`, string(k.op), k.year).Scan(&last); err != nil {
			t.Fatal(err)
		}
		if rows != len(ns) || top != len(ns) || last != len(ns) {
			t.Errorf("the %s book of %d: %d numbers in the history, the book has %d rows up to %d, its last is %d",
				k.op, k.year, len(ns), rows, top, last)
		}
		summary = append(summary, fmt.Sprintf("%s %d: 1–%d", k.op, k.year, len(ns)))
	}
	slices.Sort(summary)
	return strings.Join(summary, ", ")
}
