package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/web"
	"github.com/tiepdan/tiepdan/workflow"
)

// BenchmarkPages renders each page of issue 5 in-process (the handler, no
// network) on the history of TIEPDAN_PAGES_DB — a copy of a 100,000-petition
// demo history (docs/performance.md, section 3, says how to make one; the benchmark
// adds its accounts and sessions to it):
//
//	TIEPDAN_PAGES_DB=/tmp/pages100k.db go test ./cmd/tiepdan -run '^$' -bench Pages -benchtime 20x
//
// The report is measured as users meet it: asked again on an unchanged
// history, from the cache it shares with the API (the first computation of
// a period is report.Compute's time, measured in docs/performance.md, section 2).
func BenchmarkPages(b *testing.B) {
	path := os.Getenv("TIEPDAN_PAGES_DB")
	if path == "" {
		b.Skip("TIEPDAN_PAGES_DB names no database: set it to a copy of a 100,000-petition history")
	}
	serveGC() // the collector as tiepdan serve sets it
	ctx := context.Background()
	db, err := storage.Open(ctx, path, workflow.Decide)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	hash, err := web.HashPassword(webtest.Password)
	if err != nil {
		b.Fatal(err)
	}
	for _, u := range []cases.User{{Name: "bench.rec", Role: "reception"}, {Name: "bench.head", Role: "head", Unit: "phong-tnmt"},
		{Name: "bench.reporter", Role: "reporter"}, {Name: "bench.admin", Role: "admin"}} {
		u.PasswordHash, u.Created = hash, time.Now()
		if err := db.AddUser(ctx, u); err != nil && !strings.Contains(err.Error(), "exists") {
			b.Fatal(err)
		}
	}
	routed, _, err := db.PetitionPage(ctx, cases.Filter{Unit: "phong-tnmt", Limit: 1, Offset: 500, States: []cases.State{cases.Accepted, cases.Resolved, cases.Implemented}})
	if err != nil || len(routed) == 0 {
		b.Fatalf("no petition routed to phong-tnmt: %v", err)
	}
	ref := routed[0].Ref
	// The receipt of its last visit (a petition's receipt is its last
	// visit's), or of its receiving when it had none.
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
	srv, err := web.New(web.Config{Store: db, Accounts: db,
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	sessions := map[string][]*http.Cookie{}
	for _, u := range []string{"bench.rec", "bench.head", "bench.reporter", "bench.admin"} {
		sessions[u] = pageLogin(b, h, u)
	}
	for _, p := range []struct{ name, user, path string }{
		{"desk", "bench.rec", "/desk"},
		{"desk_search", "bench.rec", "/desk?q=" + url.QueryEscape("nguyen van")},
		// A citizen who never came: the desk's most common search finds
		// nothing.
		{"desk_search_none", "bench.rec", "/desk?q=" + url.QueryEscape("Võ Thị Chưa Đến")},
		{"desk_join", "bench.rec", "/desk?petition=" + ref},
		{"receipt", "bench.rec", receipt},
		{"petition", "bench.head", "/petitions/" + ref},
		{"inbox", "bench.head", "/inbox"},
		{"petitions", "bench.rec", "/petitions"},
		// The list searched, filtered, or its last page.
		{"petitions_search", "bench.rec", "/petitions?q=" + url.QueryEscape("nguyen")},
		{"petitions_search_none", "bench.rec", "/petitions?q=" + url.QueryEscape("Võ Thị Chưa Đến")},
		{"petitions_overdue", "bench.rec", "/petitions?overdue=true"},
		{"petitions_unit_type", "bench.rec", "/petitions?unit=phong-tnmt&type=complaint&from=2024-01-01&to=2024-06-30"},
		{"petitions_last_page", "bench.rec", "/petitions?offset=99950"},
		{"schedule", "bench.rec", "/lich-tiep?month=2024-06"},
		{"report_2024-H1", "bench.reporter", "/reports?period=2024-H1"},
		{"report_2024-H1_xlsx", "bench.reporter", "/reports/section6.xlsx?period=2024-H1"},
		{"report_2024-H1_json", "bench.reporter", "/reports/section6.json?period=2024-H1"},
		{"admin", "bench.admin", "/admin"},
		// The unit form filled to replace a department, and a year the
		// table lacks (its days computed, its edit form shown).
		{"admin_edit", "bench.admin", "/admin?replace=phong-tnmt&year=2028"},
	} {
		get := func() *httptest.ResponseRecorder { return benchGet(h, sessions[p.user], p.path) }
		start := time.Now()
		if rec := get(); rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %.300s", p.path, rec.Code, rec.Body.String())
		}
		first := time.Since(start)
		b.Run(p.name, func(b *testing.B) {
			b.ReportMetric(float64(first.Microseconds())/1000, "first-ms")
			for b.Loop() {
				if rec := get(); rec.Code != http.StatusOK {
					b.Fatalf("%s: %d", p.path, rec.Code)
				}
			}
		})
	}
	// The report page of a period not in the cache: six months, or a year,
	// starting on a different day at every iteration, so that each one
	// computes its figures (report.Compute on the history) before rendering
	// them.
	for _, c := range []struct {
		name  string
		start cases.Date
		days  int
	}{
		{"report_cold", 19723, 182},      // from 2024-01-01
		{"report_cold_year", 19358, 365}, // from 2023-01-01
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				from := c.start.AddDays(i % 360)
				path := "/reports?from=" + from.String() + "&to=" + from.AddDays(c.days-1).String()
				req := httptest.NewRequest("GET", path, nil)
				for _, c := range sessions["bench.reporter"] {
					req.AddCookie(c)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %.300s", path, rec.Code, rec.Body.String())
				}
			}
		})
	}
}

// benchGet renders path through h for a session's cookies.
func benchGet(h http.Handler, cookies []*http.Cookie, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
