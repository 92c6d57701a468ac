package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/web"
	"github.com/tiepdan/tiepdan/workflow"
)

// BenchmarkServePetition posts one new petition command per request from 8
// concurrent clients over loopback HTTP, to the server as serve wires it
// (request log included, to io.Discard), and without the group committer to
// show what it brings. scripts/load measures the same
// against the real binary; this one is for profiling:
//
//	go test ./cmd/tiepdan -run '^$' -bench ServePetition -cpuprofile /tmp/cpu.out
func BenchmarkServePetition(b *testing.B) {
	for _, group := range []bool{true, false} {
		b.Run(fmt.Sprintf("group_commit=%t", group), func(b *testing.B) {
			benchServePetition(b, group)
		})
	}
}

func benchServePetition(b *testing.B, group bool) {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "b.db"), workflow.Decide)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.AddUser(ctx, cases.User{Name: "load", Role: "admin", PasswordHash: "x", Created: time.Now()}); err != nil {
		b.Fatal(err)
	}
	token, digest, _ := web.NewToken()
	if _, err := db.AddToken(ctx, "load", digest, "", time.Now()); err != nil {
		b.Fatal(err)
	}
	var store web.Store = db
	if group {
		writer := db.GroupCommit(64)
		defer writer.Close()
		store = writer
	}
	srv, err := web.New(web.Config{Store: store, Accounts: db,
		Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	go srv.Serve(sctx, ln)
	url := "http://" + ln.Addr().String() + "/api/v1/commands"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	var n atomic.Int64
	b.SetParallelism(max(1, 8/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			body := fmt.Appendf(nil, `{"op":"petition","ref":"B-%d","received_at":"2024-03-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn Tải"},"summary":"Khiếu nại quyết định thu hồi đất"}`, i)
			req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusCreated {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
