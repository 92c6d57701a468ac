package storage_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// FuzzSearch sends anything as the list's search to the store: it never
// fails, and finds exactly the petitions whose ref, petitioner and summary,
// folded, hold every folded word, as a person reading the list would — or
// whose number in the reception book the word is (125/2026 that number
// alone; 125, digits without a leading 0, that number in any year too).
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"nguyen", "Nguyễn Văn", "ĐẤT", "P-2", "100%", "a_b", `\`, "'; DROP TABLE petitions; --", "\x00", "\xff", "  ", "thu hồi đất ruộng"} {
		f.Add(s)
	}
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(f.TempDir(), "t.db"), workflow.Decide)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, cases.Zone)
	people := []struct{ name, summary string }{
		{"Nguyễn Văn An", "Khiếu nại thu hồi đất ruộng"},
		{"Trần Thị Bích", "Kiến nghị sửa đường 100% bê tông"},
		{"Lê Đức Anh", `Phản ánh a_b \ c`},
		{"NGUYỄN THỊ ĐÀO", "Khiếu nại bồi thường đất ở"},
	}
	type row struct {
		ref, text string
		number    int // in the book of 2026, in the order recorded
	}
	var rows []row
	yes := true
	for i, p := range people {
		ref := fmt.Sprintf("P-%d", i+1)
		for _, c := range []cases.Command{
			{Op: cases.OpPetition, Ref: ref, ReceivedAt: "2026-10-01T08:00:00+07:00", Channel: cases.ByMail,
				Petitioner: &cases.Person{Name: p.name}, Summary: p.summary},
			{Op: cases.OpClassify, Petition: ref, At: "2026-10-02T08:00:00+07:00", Type: cases.Complaint, Field: cases.FieldLand, Eligible: &yes},
		} {
			if _, err := db.Exec(ctx, c, cases.Meta{Now: now, User: "import"}); err != nil {
				f.Fatal(err)
			}
		}
		rows = append(rows, row{ref, cases.Fold(ref + " " + p.name + " " + p.summary), i + 1})
	}
	f.Fuzz(func(t *testing.T, search string) {
		got, n, err := db.PetitionPage(ctx, cases.Filter{Search: search})
		if err != nil {
			t.Fatalf("search %q: %v", search, err)
		}
		var refs, want []string
		for _, p := range got {
			refs = append(refs, p.Ref)
		}
		words := strings.Fields(cases.Fold(search))
		if slices.ContainsFunc(words, func(w string) bool {
			return !utf8.ValidString(w) || strings.ContainsFunc(w, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError })
		}) {
			// What no recorded text holds separates words, as a space does.
			words = cases.SearchWords(search)
		}
		holds := func(r row, w string) bool {
			if n, err := cases.ParseNumber(w); err == nil {
				return n.N == r.number && n.Year == 2026
			}
			if w[0] >= '1' && w[0] <= '9' && strings.Trim(w, "0123456789") == "" && w == strconv.Itoa(r.number) {
				return true
			}
			return strings.Contains(r.text, w)
		}
		for _, r := range rows {
			if !slices.ContainsFunc(words, func(w string) bool { return !holds(r, w) }) {
				want = append(want, r.ref)
			}
		}
		if !slices.Equal(refs, want) || n != len(want) {
			t.Fatalf("search %q (words %q) finds %v (%d), want %v", search, words, refs, n, want)
		}
	})
}
