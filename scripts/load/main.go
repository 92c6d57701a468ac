// Command load measures `tiepdan serve` on this machine: it starts the
// server on a loopback port over a database (or -instances of it, on the
// same database), gives it a user and a token, sends requests from a few
// concurrent clients (bounded in count and time; client k talks to
// instance k mod N), reports throughput and latency percentiles, and stops
// the servers with SIGTERM. It only ever talks to 127.0.0.1 (and to the
// PostgreSQL server -pg names).
//
//	go build -o /tmp/tiepdan ./cmd/tiepdan
//	go run ./scripts/load -bin /tmp/tiepdan -mode petition -c 8 -n 60000
//	/tmp/tiepdan --db /tmp/h100k.db demo --petitions 100000 --level district --from 2022-01-01 --to 2024-12-31 | /tmp/tiepdan --db /tmp/h100k.db import -
//	go run ./scripts/load -bin /tmp/tiepdan -db /tmp/h100k.db -mode report -period 2024-H1 -c 8 -n 400
//	go run ./scripts/load -bin /tmp/tiepdan -db /tmp/h100k.db -mode report -period 2024-H1 -c 1 -n 20 -cold
//	go run ./scripts/load -bin /tmp/tiepdan -pg 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable' -instances 2 -c 16 -n 40000
//
// -pg makes a new schema on that server for the run (search_path), serves
// it and drops it at the end; -db serves a database as it is (an SQLite
// file or a postgres:// URL).
//
// Modes: petition (POST a new petition command each request), visit (POST a
// regular visit about one of the petitions created first), report (GET
// section II.6 of -period).
package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func loadMain() {
	bin := flag.String("bin", "", "the tiepdan binary (go build -o /tmp/tiepdan ./cmd/tiepdan)")
	db := flag.String("db", "", "database to serve; a fresh one in a temp dir when empty")
	mode := flag.String("mode", "petition", "petition, visit or report")
	clients := flag.Int("c", 8, "concurrent clients")
	n := flag.Int("n", 50000, "requests in all (at most)")
	limit := flag.Duration("max", 60*time.Second, "stop after this long in any case")
	warm := flag.Int("warmup", 500, "requests sent before measuring")
	period := flag.String("period", "2024-H1", "the report's period (mode report)")
	cold := flag.Bool("cold", false, "mode report: a different as_of each request (after every event), so that no answer comes from the server's cache")
	keep := flag.Bool("keep-log", false, "keep the servers' request logs (printed paths)")
	instances := flag.Int("instances", 1, "how many servers to start on the database")
	pg := flag.String("pg", "", "a postgres:// URL: serve a new schema of that server, dropped at the end (instead of -db)")
	flag.Parse()
	if *bin == "" || *clients < 1 || *n < 1 || *n > 2_000_000 || *limit > 10*time.Minute ||
		*instances < 1 || *instances > 8 || (*pg != "" && *db != "") {
		flag.Usage()
		os.Exit(2)
	}
	fresh := *db == ""
	if *pg != "" {
		url, drop, err := freshSchema(*pg)
		if err != nil {
			fmt.Fprintln(os.Stderr, "load:", err)
			exit = 1
			return
		}
		*db = url
		defer drop()
	}
	if err := run(*bin, *db, fresh, *mode, *clients, *instances, *n, *warm, *limit, *period, *cold, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		exit = 1
	}
}

// exit is the status main exits with, after its deferred calls.
var exit int

func main() {
	loadMain()
	os.Exit(exit)
}

// freshSchema makes a new schema on the server base names and returns
// base with search_path set to it, and a function that drops it.
func freshSchema(base string) (string, func(), error) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	schema := fmt.Sprintf("tiepdan_load_%d", time.Now().UnixNano())
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create schema: %w", err)
	}
	fmt.Printf("schema %s\n", schema)
	drop := func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			fmt.Fprintln(os.Stderr, "load: drop schema:", err)
		}
		admin.Close()
	}
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

func run(bin, db string, fresh bool, mode string, clients, instances, n, warm int, limit time.Duration, period string, cold, keep bool) error {
	dir, err := os.MkdirTemp("", "tiepdan-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if fresh {
		if db == "" {
			db = filepath.Join(dir, "load.db")
		}
		units := `{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own","lower_label":"UBND các xã, thị trấn"}
{"op":"unit","ref":"tnmt","name":"Phòng Tài nguyên và Môi trường","kind":"department","parent":"own"}
`
		if _, err := tiepdan(bin, db, units, "import", "-"); err != nil {
			return err
		}
	}
	user := fmt.Sprintf("load%d", time.Now().UnixNano()%1e9)
	if _, err := tiepdan(bin, db, "mật khẩu của phép đo tải\n", "user", "add", user, "--role", "admin"); err != nil {
		return err
	}
	token, err := tiepdan(bin, db, "", "token", "create", user)
	if err != nil {
		return err
	}
	token = strings.TrimSpace(token)

	bases := make([]string, instances)
	for k := range instances {
		base, stop, err := serve(bin, db, dir, k, keep)
		if err != nil {
			return err
		}
		defer stop()
		bases[k] = base
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients * 2, MaxConnsPerHost: clients * 2},
		Timeout: 30 * time.Second}
	for _, base := range bases {
		if err := waitHealthy(client, base); err != nil {
			return err
		}
	}

	run := time.Now().UnixNano() % 1e9
	// next is request i, sent by client k (to instance k mod N).
	var next func(k, i int) *http.Request
	switch mode {
	case "petition", "visit":
		newPetition := func(ref string) []byte {
			return fmt.Appendf(nil, `{"op":"petition","ref":"%s","received_at":"2024-03-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn Tải","id_number":"079000000001"},"summary":"Khiếu nại quyết định thu hồi đất của UBND xã"}`, ref)
		}
		post := func(k int, body []byte) *http.Request {
			req, _ := http.NewRequest("POST", bases[k%instances]+"/api/v1/commands", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			return req
		}
		if mode == "petition" {
			next = func(k, i int) *http.Request { return post(k, newPetition(fmt.Sprintf("L%d-%d", run, i))) }
			break
		}
		const targets = 1000
		for i := range targets {
			if status, err := send(client, post(i, newPetition(fmt.Sprintf("LV%d-%d", run, i)))); err != nil || status != 201 {
				return fmt.Errorf("creating the visits' petitions: %d %v", status, err)
			}
		}
		next = func(k, i int) *http.Request {
			return post(k, fmt.Appendf(nil, `{"op":"visit","ref":"V%d-%d","at":"2024-03-02T08:00:00+07:00","kind":"regular","petition":"LV%d-%d","people":2,"citizen":{"name":"Nguyễn Văn Tải"}}`,
				run, i, run, i%targets))
		}
	case "report":
		asOf := time.Now().Add(-time.Hour)
		next = func(k, i int) *http.Request {
			q := "?period=" + period
			if cold {
				q += "&as_of=" + url.QueryEscape(asOf.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
			}
			req, _ := http.NewRequest("GET", bases[k%instances]+"/api/v1/reports/section6"+q, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			return req
		}
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}

	// Warm up (not measured), then measure.
	if warm > 0 {
		if _, _, _, err := load(client, next, clients, min(warm, n), 0, limit); err != nil {
			return err
		}
	}
	lat, statuses, elapsed, err := load(client, next, clients, n, warm, limit)
	if err != nil {
		return err
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(float64(len(lat))*p))] }
	fmt.Printf("mode %s, %d instances, %d clients, %d requests in %s: %.0f requests/s\n", mode, instances, clients, len(lat),
		elapsed.Round(time.Millisecond), float64(len(lat))/elapsed.Seconds())
	fmt.Printf("latency p50 %s, p90 %s, p99 %s, p99.9 %s, max %s\n", pct(0.50), pct(0.90), pct(0.99), pct(0.999), lat[len(lat)-1])
	fmt.Printf("statuses %v\n", statuses)
	return nil
}

// load sends up to n requests from clients goroutines, numbering them from
// first, and stops early after limit.
func load(client *http.Client, next func(k, i int) *http.Request, clients, n, first int, limit time.Duration) ([]time.Duration, map[int]int, time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	var counter atomic.Int64
	var mu sync.Mutex
	lat := make([]time.Duration, 0, n)
	statuses := map[int]int{}
	var firstErr error
	var wg sync.WaitGroup
	start := time.Now()
	for k := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, n/clients+1)
			codes := map[int]int{}
			for ctx.Err() == nil {
				i := int(counter.Add(1)) - 1
				if i >= n {
					break
				}
				t0 := time.Now()
				status, err := send(client, next(k, first+i))
				d := time.Since(t0)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					cancel()
					break
				}
				mine = append(mine, d)
				codes[status]++
			}
			mu.Lock()
			lat = append(lat, mine...)
			for k, v := range codes {
				statuses[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, nil, 0, firstErr
	}
	if len(lat) == 0 {
		return nil, nil, 0, errors.New("no request completed")
	}
	return lat, statuses, time.Since(start), nil
}

// serve starts instance k of the server on a free loopback port, its log
// in dir (or kept in the temporary directory), and returns its address and
// a function that stops it with SIGTERM.
func serve(bin, db, dir string, k int, keep bool) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	logPath := filepath.Join(dir, fmt.Sprintf("serve%d.log", k))
	if keep {
		logPath = filepath.Join(os.TempDir(), fmt.Sprintf("tiepdan-load-serve%d.log", k))
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return "", nil, err
	}
	srv := exec.Command(bin, "--db", db, "serve", "--addr", addr)
	srv.Stderr = logFile
	if err := srv.Start(); err != nil {
		logFile.Close()
		return "", nil, err
	}
	stop := func() {
		srv.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- srv.Wait() }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			srv.Process.Kill()
		}
		logFile.Close()
		if keep {
			fmt.Printf("server log: %s\n", logPath)
		}
	}
	return "http://" + addr, stop, nil
}

func send(client *http.Client, req *http.Request) (int, error) {
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func waitHealthy(client *http.Client, base string) error {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if status, err := send(client, mustRequest("GET", base+"/healthz")); err == nil && status == 200 {
			return nil
		}
	}
	return errors.New("the server did not become healthy")
}

func mustRequest(method, url string) *http.Request {
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		panic(err)
	}
	return req
}

// tiepdan runs the binary on db with stdin and returns its standard output.
func tiepdan(bin, db, stdin string, args ...string) (string, error) {
	cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("tiepdan %s: %v: %s", strings.Join(args, " "), err, firstLine(errb.String()))
	}
	return out.String(), nil
}

func firstLine(s string) string {
	line, _, _ := bufio.NewReader(strings.NewReader(s)).ReadLine()
	return string(line)
}
