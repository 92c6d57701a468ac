package storage_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
	"github.com/tiepdan/tiepdan/storage"
)

func petitionLine(i int) string {
	return fmt.Sprintf(`{"op":"petition","ref":"P-FULL-%d","received_at":"2026-11-20T08:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn %d"},"summary":"%s"}`,
		i, i, strings.Repeat("Khiếu nại việc thu hồi đất. ", 40))
}

// A database that cannot grow (the disk is full) or cannot be written
// (read-only) answers 503 with the cause in English and Vietnamese, on the
// API and on the pages, and nothing is half-written: the events are those
// before the refusal, and verify finds the history whole.
func TestFullOrReadOnlyDiskAnswers503(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ name, pragma, vi string }{
		{"full", "max_page_count", "Ổ đĩa của máy chủ đã đầy"},
		{"read-only", "query_only(1)", "chỉ cho đọc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := webtest.New(t, "")
			pragma := tc.pragma
			if pragma == "max_page_count" {
				pages, err := storage.PageCount(e.DB)
				if err != nil {
					t.Fatal(err)
				}
				pragma = fmt.Sprintf("max_page_count = %d", pages)
			}
			if err := storage.WriterPragma(e.DB, pragma); err != nil {
				t.Fatal(err)
			}
			// The pages already there may hold a few commands: go on until
			// the database must grow.
			var status int
			var body string
			for i := range 200 {
				before, _ := e.DB.LastSeq(ctx)
				status, body = e.API("admin", "POST", "/api/v1/commands", petitionLine(i))
				if status == http.StatusCreated {
					continue
				}
				if after, _ := e.DB.LastSeq(ctx); after != before {
					t.Errorf("a refused command wrote events %d..%d", before+1, after)
				}
				break
			}
			got := webtest.Decode[webtest.ErrorJSON](t, body)
			if status != http.StatusServiceUnavailable || got.Error.Code != cases.EUnavailable ||
				!strings.Contains(got.Error.MessageVI, tc.vi) || !strings.Contains(got.Error.Message, "nothing was written") {
				t.Fatalf("a write on a %s database: %d %s", tc.name, status, body)
			}
			// The pages say it in Vietnamese: a login writes its session
			// (small enough to fit in a full file's free room, so only a
			// read-only one refuses it).
			b := e.Browser("admin")
			_, page, _ := b.Do("GET", "/login", nil)
			m := webtest.CSRFInput.FindStringSubmatch(page)
			status, page, _ = b.Do("POST", "/login", url.Values{"csrf": {m[1]}, "name": {"admin"}, "password": {webtest.Password}})
			if tc.name == "read-only" && (status != http.StatusServiceUnavailable || !strings.Contains(webtest.Text(page), tc.vi)) {
				t.Errorf("login on a %s database: %d %.300s", tc.name, status, webtest.Text(page))
			}
			// The admin's writes say it too: an account, a day off, a
			// user disabled (the admin page answers 503 with it).
			if tc.name == "read-only" {
				now := webtest.Now
				for what, err := range map[string]error{
					"an account": e.DB.AddUser(ctx, cases.User{Name: "moi", PasswordHash: "x", Role: cases.RoleReception, Created: now}),
					"a day off": func() error {
						_, err := e.DB.AddCalendarEdits(ctx, []cases.CalendarEdit{{Date: cases.NewDate(2026, 12, 31), Kind: "holiday", Name: "Nghỉ", RecordedAt: now, RecordedBy: "admin"}})
						return err
					}(),
					"a user disabled": e.DB.SetUserDisabled(ctx, "rec", true),
				} {
					var ce *cases.Error
					if !errors.As(err, &ce) || ce.Code != cases.EUnavailable {
						t.Errorf("%s on a read-only database: %v, want %s", what, err, cases.EUnavailable)
					}
				}
			}
			if err := storage.WriterPragma(e.DB, "query_only(0)"); err != nil {
				t.Fatal(err)
			}
			if ver, err := e.DB.Verify(ctx); err != nil || !ver.OK() {
				t.Errorf("verify after the refusal: %+v, %v", ver, err)
			}
		})
	}
}
