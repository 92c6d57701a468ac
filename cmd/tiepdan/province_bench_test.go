package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/demo"
	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/web"
	"github.com/tiepdan/tiepdan/workflow"
)

// A province at scale (issue 18): the demo's province of 100 communes over
// ten years, 2016-07-01 to 2026-06-30, as `tiepdan serve --demo N --level
// province --communes 100` installs it — the history `tiepdan demo` writes
// and `tiepdan import` records, then its reception plans and accounts.
// TIEPDAN_BENCH_PROVINCE_PETITIONS sets its petitions (default 5,000, so
// that a plain go test -bench builds no large history; the figures
// are at 500,000):
//
//	TIEPDAN_BENCH_PROVINCE_PETITIONS=500000 go test ./cmd/tiepdan -run '^$' -bench 'Province' -benchtime 10x -timeout 3h
//
// The installation is made once and cached in the temp dir, keyed by the
// checkout and the size.
var provinceDemo = demo.Options{Level: cases.Province, Communes: 100,
	From: cases.NewDate(2016, 7, 1), To: cases.NewDate(2026, 6, 30)}

// provincePeriod is the half-year the benchmarks report: the history's last.
const provincePeriod = "2026-H1"

func provincePetitions() int {
	if n, err := strconv.Atoi(os.Getenv("TIEPDAN_BENCH_PROVINCE_PETITIONS")); err == nil && n > 0 {
		return n
	}
	return 5000
}

// provinceInstallation returns the path of the cached province database and
// the demo options it was made with. Its history alone (what `tiepdan
// import` leaves) is kept at the path with ".history" before its extension
// until its settings are recorded, so that a history imported by the
// command line (docs/performance.md) can be put there instead of imported
// again.
func provinceInstallation(b *testing.B) (string, demo.Options) {
	b.Helper()
	o := provinceDemo
	o.Petitions = provincePetitions()
	_, here, _, _ := runtime.Caller(0)
	checkout := sha256.Sum256([]byte(filepath.Dir(here)))
	base := filepath.Join(os.TempDir(), fmt.Sprintf("tiepdan-province-%x-%d-%d", checkout[:4], o.Communes, o.Petitions))
	path, history := base+".db", base+".history.db"
	a := &App{Stdout: io.Discard, Stderr: io.Discard, Now: time.Now, DB: history}
	o = demoOptions(a, o)
	if _, err := os.Stat(path); err == nil {
		return path, o
	}
	if _, err := os.Stat(history); err != nil {
		ndjson := base + ".ndjson"
		f, err := os.Create(ndjson)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if err := demo.Generate(f, o); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
		importing := base + ".importing.db"
		for _, f := range []string{importing, importing + "-wal", importing + "-shm"} {
			os.Remove(f)
		}
		var stderr strings.Builder
		if code := Main(context.Background(), []string{"--db", importing, "import", ndjson}, nil, io.Discard, &stderr); code != 0 {
			b.Fatalf("import: exit %d\n%s", code, stderr.String())
		}
		os.Remove(ndjson)
		if err := os.Rename(importing, history); err != nil {
			b.Fatal(err)
		}
		b.Logf("province of %d communes, %d petitions imported in %s", o.Communes, o.Petitions, time.Since(start).Round(time.Second))
	}
	db, err := a.open(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := demoSettings(context.Background(), a, db, o); err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(history, path); err != nil {
		b.Fatal(err)
	}
	return path, o
}

// provinceCommune is a commune of the province: its own unit's ref, its
// committee's key, how many petitions it received.
type provinceCommune struct {
	what, ref, key string
	petitions      int
}

// provinceCommunes are a typical commune (the median by petitions
// received) and the largest.
func provinceCommunes(b *testing.B, path string) []provinceCommune {
	b.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT committee, count(*) FROM petitions WHERE committee != '' GROUP BY committee ORDER BY 2, 1`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var all []provinceCommune
	for rows.Next() {
		var c provinceCommune
		if err := rows.Scan(&c.key, &c.petitions); err != nil {
			b.Fatal(err)
		}
		// A commune's key is its own unit's ref (cases/committee.go).
		c.ref = c.key
		all = append(all, c)
	}
	if err := rows.Err(); err != nil || len(all) == 0 {
		b.Fatalf("no commune's petitions: %v", err)
	}
	typical, largest := all[len(all)/2], all[len(all)-1]
	typical.what, largest.what = "commune_typical", "commune_largest"
	return []provinceCommune{typical, largest}
}

// BenchmarkProvinceReport computes the half-year report of section II.6 —
// both periods, every figure — of each scope of the province, as `tiepdan
// report section6` does: a typical commune's and the largest's
// (--committee), the province's own committee's, and the province's area
// (--area: every committee, each matter once, with the table of its 101
// committees side by side).
func BenchmarkProvinceReport(b *testing.B) {
	path, _ := provinceInstallation(b)
	ctx := context.Background()
	a := &App{Stdout: io.Discard, Stderr: io.Discard, Now: time.Now, DB: path}
	db, err := a.open(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cals, err := a.calendarsAsOf(time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	p, err := report.ParsePeriod(provincePeriod)
	if err != nil {
		b.Fatal(err)
	}
	// The province is the installation's first committee, key "" (what
	// --committee with its own unit's ref resolves to).
	const province = ""
	type scope struct {
		name string
		key  string
		area bool
	}
	var scopes []scope
	for _, c := range provinceCommunes(b, path) {
		scopes = append(scopes, scope{fmt.Sprintf("%s(%d_petitions)", c.what, c.petitions), c.key, false})
	}
	scopes = append(scopes, scope{"province", province, false}, scope{"province_area", province, true})
	for _, s := range scopes {
		b.Run(s.name, func(b *testing.B) {
			var f *report.Figures
			cpu0 := processCPU()
			for b.Loop() {
				err := db.ReportStore(ctx, func(rs report.Store) error {
					ro := report.Options{Deadlines: workflow.DeadlineDates{Rules: workflow.DefaultRules(), Calendars: cals},
						GroupThreshold: 5, Today: cases.DateOf(a.Now())}
					var err error
					if s.area {
						ro.Committee, err = report.ForArea(ctx, rs, s.key)
					} else {
						ro.Committee, err = report.ForCommittee(ctx, rs, s.key)
					}
					if err != nil {
						return err
					}
					f, err = report.Compute(ctx, rs, p, ro)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(f.Received.Total.Petitions), "received")
			if s.area {
				b.ReportMetric(float64(len(f.Committees)), "committees")
			}
		})
	}
}

// BenchmarkProvincePages renders, through the server's handler, every page
// a commune's reception officer and its leader (chủ tịch) open, for a
// typical commune and the largest, on the province's history.
func BenchmarkProvincePages(b *testing.B) {
	path, _ := provinceInstallation(b)
	serveGC() // the collector as tiepdan serve sets it
	ctx := context.Background()
	a := &App{Stdout: io.Discard, Stderr: io.Discard, Now: time.Now, DB: path}
	db, err := a.open(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cal, err := a.tableCalendar()
	if err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(web.Config{Calendar: cal, Store: db, Accounts: db, Now: a.Now, Window: db.Window,
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	hash, err := web.HashPassword(webtest.Password)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	for _, c := range provinceCommunes(b, path) {
		rec, leader := "bench.tiepdan."+c.ref, "bench.chutich."+c.ref
		for _, u := range []cases.User{{Name: rec, Role: cases.RoleReception}, {Name: leader, Role: cases.RoleLeader}} {
			u.PasswordHash, u.Created, u.Committee = hash, time.Now(), c.key
			if err := db.AddUser(ctx, u); err != nil && !strings.Contains(err.Error(), "exists") {
				b.Fatal(err)
			}
		}
		// A petition the commune received in the half-year reported, with
		// its last visit's receipt (or its receiving's, without one).
		var ref string
		err := raw.QueryRow(`SELECT ref FROM petitions WHERE committee = ? AND received_day >= ? ORDER BY received_day, ref LIMIT 1`,
			c.key, int(cases.NewDate(2026, 3, 1))).Scan(&ref)
		if err != nil {
			b.Fatalf("a petition of %s: %v", c.ref, err)
		}
		receipt := "/petitions/" + ref + "/receipt"
		history, err := db.History(ctx, ref)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range history {
			if e.Command.Op == cases.OpVisit {
				receipt = "/petitions/" + ref + "/visits/" + e.Command.Ref + "/receipt"
			}
		}
		sessions := map[string][]*http.Cookie{rec: pageLogin(b, h, rec), leader: pageLogin(b, h, leader)}
		for _, p := range []struct{ name, user, path string }{
			{"desk", rec, "/desk"},
			{"desk_search", rec, "/desk?q=" + url.QueryEscape("nguyễn văn")},
			{"desk_search_none", rec, "/desk?q=" + url.QueryEscape("Võ Thị Chưa Đến")},
			{"desk_join", rec, "/desk?petition=" + ref},
			{"petition", rec, "/petitions/" + ref},
			{"receipt", rec, receipt},
			{"petitions", rec, "/petitions"},
			{"petitions_search", rec, "/petitions?q=" + url.QueryEscape("nguyễn")},
			{"petitions_overdue", rec, "/petitions?overdue=true"},
			{"petitions_last_page", rec, "/petitions?offset=100000"},
			{"schedule", rec, "/lich-tiep?month=2026-06"},
			{"overview", leader, "/tong-quan"},
			{"inbox", leader, "/inbox"},
			{"petition_leader", leader, "/petitions/" + ref},
			{"report_" + provincePeriod, leader, "/reports?period=" + provincePeriod},
		} {
			get := func() *httptest.ResponseRecorder { return benchGet(h, sessions[p.user], p.path) }
			// The first render: for the report page, the report computed.
			start := time.Now()
			if rec := get(); rec.Code != http.StatusOK {
				b.Fatalf("%s: %d %.300s", p.path, rec.Code, rec.Body.String())
			}
			first := time.Since(start)
			b.Run(c.what+"/"+p.name, func(b *testing.B) {
				b.ReportMetric(float64(first.Microseconds())/1000, "first-ms")
				for b.Loop() {
					if rec := get(); rec.Code != http.StatusOK {
						b.Fatalf("%s: %d", p.path, rec.Code)
					}
				}
			})
		}
	}
}

// pageLogin logs user in on the pages of h, with webtest.Password, and
// returns its session's cookies.
func pageLogin(b *testing.B, h http.Handler, user string) []*http.Cookie {
	b.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/login", nil))
	cookies := rec.Result().Cookies()
	token := webtest.CSRFInput.FindStringSubmatch(rec.Body.String())[1]
	req := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"csrf": {token}, "name": {user}, "password": {webtest.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		b.Fatalf("login %s: %d", user, rec.Code)
	}
	return rec.Result().Cookies()
}

// processCPU is the CPU time the process has used, user and system, both
// cores together: steadier than the wall clock on a shared machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
