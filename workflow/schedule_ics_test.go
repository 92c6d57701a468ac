package workflow

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// icsEvents unfolds an iCalendar and returns its events as property maps,
// failing the test on a line that breaks RFC 5545's framing: a line without
// CRLF, longer than 75 octets or cut inside a character.
func icsEvents(t *testing.T, out string) []map[string]string {
	t.Helper()
	if !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Fatalf("not a calendar: %q…", out[:min(len(out), 60)])
	}
	if strings.Count(out, "\n") != strings.Count(out, "\r\n") {
		t.Fatal("a line ends without CRLF")
	}
	var lines []string
	for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("physical line %d: %d octets, valid UTF-8 %t: %q", i+1, len(l), utf8.ValidString(l), l)
		}
		if strings.HasPrefix(l, " ") {
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var events []map[string]string
	var cur map[string]string
	for _, l := range lines {
		name, value, _ := strings.Cut(l, ":")
		switch {
		case l == "BEGIN:VEVENT":
			cur = map[string]string{}
		case l == "END:VEVENT":
			events = append(events, cur)
			cur = nil
		case cur != nil:
			cur[name] = value
		}
	}
	return events
}

// The case in iCalendar: the 24/01/2023 reception, moved by Tết, is
// an all-day event on Friday 27/01 known by its scheduled date, so that an
// export made before the move is updated, not doubled.
func TestScheduleICSMovedDay(t *testing.T) {
	s := build(t, DefaultReception(), date(2023, 1, 1), date(2023, 1, 31), date(2023, 1, 10), history2023())
	var b strings.Builder
	now := time.Date(2023, 1, 10, 9, 30, 0, 0, time.FixedZone("ICT", 7*3600))
	if err := s.WriteICS(&b, now); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	events := icsEvents(t, out)
	if len(events) != len(s.Days) {
		t.Fatalf("%d events for %d days", len(events), len(s.Days))
	}
	var moved map[string]string
	for _, e := range events {
		if e["DTSTAMP"] != "20230110T023000Z" {
			t.Errorf("DTSTAMP %q, want the export time in UTC", e["DTSTAMP"])
		}
		if e["DTSTART;VALUE=DATE"] == "20230127" {
			moved = e
		}
	}
	if moved == nil {
		t.Fatalf("no event on 27/01/2023:\n%s", out)
	}
	if !strings.HasPrefix(moved["UID"], "tiepdan-reception-20230124-") || moved["DTEND;VALUE=DATE"] != "20230128" ||
		moved["STATUS"] != "CONFIRMED" || moved["SUMMARY"] != "Tiếp công dân định kỳ: Chủ tịch UBND" {
		t.Errorf("27/01/2023: %v", moved)
	}
	// Commas are escaped, line breaks written \n.
	want := `Dự kiến tiếp\nNgày tiếp định kỳ rơi vào thứ Ba 24/01/2023 (Nghỉ Tết Nguyên đán) nên chuyển sang thứ Sáu 27/01/2023.\n`
	if !strings.HasPrefix(moved["DESCRIPTION"], want) {
		t.Errorf("description %q\nwant prefix %q", moved["DESCRIPTION"], want)
	}
	if !strings.Contains(moved["DESCRIPTION"], `Hẹn tiếp lại đơn P-3 (tố cáo): hẹn ngày 24/01/2023 tại lượt tiếp V-3 ngày 09/01/2023 (thứ Ba\, Nghỉ Tết Nguyên đán\, chuyển sang thứ Sáu 27/01/2023)`) {
		t.Errorf("description lacks the follow-up: %q", moved["DESCRIPTION"])
	}
	// The denouncer of P-3 came to the session of 09/01: not in the calendar.
	for _, secret := range []string{"Võ Thị Tố", "Phước Lộc", "Nguyễn Văn An"} {
		if strings.Contains(strings.ReplaceAll(out, "\r\n ", ""), secret) {
			t.Errorf("the calendar shows %q", secret)
		}
	}
}

// Under the skip rule a reception day off is a cancelled event; its UID is
// the one the day had, so a calendar that had it shows it cancelled.
func TestScheduleICSSkippedDayIsCancelled(t *testing.T) {
	s := build(t, planWith(t, "skip", []string{"Chủ tịch"}, ""), date(2023, 1, 1), date(2023, 1, 31), date(2023, 1, 10), nil)
	var b strings.Builder
	if err := s.WriteICS(&b, time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	var skipped map[string]string
	for _, e := range icsEvents(t, b.String()) {
		if e["DTSTART;VALUE=DATE"] == "20230124" {
			skipped = e
		}
	}
	if skipped == nil || skipped["STATUS"] != "CANCELLED" || !strings.HasPrefix(skipped["UID"], "tiepdan-reception-20230124-") ||
		skipped["SUMMARY"] != "Không tiếp công dân định kỳ (trùng ngày nghỉ)" {
		t.Errorf("24/01/2023 under skip: %v", skipped)
	}
}

// A content line is folded at 75 octets, never inside a character, and
// unfolds to what was written.
func TestWriteICSLineFolds(t *testing.T) {
	for _, l := range []string{
		"SUMMARY:" + strings.Repeat("ệ", 40), // 3 octets each: the limit falls inside one
		"DESCRIPTION:" + strings.Repeat("a", 63),
		"DESCRIPTION:" + strings.Repeat("a", 64),
		"X:",
	} {
		var b strings.Builder
		writeICSLine(&b, l)
		out := b.String()
		if !strings.HasSuffix(out, "\r\n") {
			t.Fatalf("%q: no CRLF at the end", out)
		}
		parts := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		var unfolded string
		for i, p := range parts {
			if len(p) > 75 || !utf8.ValidString(p) {
				t.Errorf("%q: part %d has %d octets: %q", l, i, len(p), p)
			}
			if i > 0 {
				if !strings.HasPrefix(p, " ") {
					t.Errorf("%q: continuation %q does not start with a space", l, p)
				}
				p = p[1:]
			}
			unfolded += p
		}
		if unfolded != l {
			t.Errorf("unfolds to %q, want %q", unfolded, l)
		}
		if len(l) <= 75 && len(parts) != 1 {
			t.Errorf("%q (%d octets) folded", l, len(l))
		}
	}
}
