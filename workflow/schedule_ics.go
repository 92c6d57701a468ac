package workflow

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// The schedule as leaders' calendars read it: iCalendar (RFC 5545). It lives
// beside the schedule so that the command line (`tiepdan schedule --format
// ics`) and the API (`GET /api/v1/schedule?format=ics`) write the same bytes.

// WriteICS writes the schedule as an iCalendar of all-day events, one per
// day, so that leaders' calendars show it; now is the export's time
// (DTSTAMP). A day's UID stays the same from one export to the next (a
// reception day's is that of its scheduled date, so a day that moves is
// updated rather than doubled), and a skipped day is a cancelled event. Dates
// are Vietnam's, written as floating all-day dates. Like the schedule, it
// carries no citizen's name: it may go to outside calendar services.
func (s *Schedule) WriteICS(w io.Writer, now time.Time) error {
	sum := sha256.Sum256([]byte(s.Committee))
	domain := hex.EncodeToString(sum[:4])
	name := "Lịch tiếp công dân"
	if s.Committee != "" {
		name += " – " + s.Committee
	}
	var b strings.Builder
	line := func(l string) { writeICSLine(&b, l) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//tiepdan//Lich tiep cong dan//VI")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + icsText(name))
	line("X-WR-TIMEZONE:Asia/Ho_Chi_Minh")
	stamp := now.UTC().Format("20060102T150405Z")
	for i := range s.Days {
		d := &s.Days[i]
		kind, key := "day", d.Date
		if d.Reception != nil {
			kind, key = "reception", d.Reception.Scheduled
		}
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:tiepdan-%s-%s-%s", kind, key.Time().Format("20060102"), domain))
		line("DTSTAMP:" + stamp)
		line("DTSTART;VALUE=DATE:" + d.Date.Time().Format("20060102"))
		line("DTEND;VALUE=DATE:" + (d.Date + 1).Time().Format("20060102"))
		line("SUMMARY:" + icsText(icsSummary(d)))
		desc := append([]string{d.Status.Label()}, d.Lines()...)
		line("DESCRIPTION:" + icsText(strings.Join(desc, "\n")))
		for _, k := range d.Sessions {
			if k.Location != "" {
				line("LOCATION:" + icsText(k.Location))
				break
			}
		}
		status := "CONFIRMED"
		if d.Status == DaySkipped {
			status = "CANCELLED"
		}
		line("STATUS:" + status)
		line("CATEGORIES:" + icsText("Tiếp công dân"))
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

// icsSummary is an event's title.
func icsSummary(d *Day) string {
	switch d.Status {
	case DayHeld, DayPlanned:
		s := "Tiếp công dân định kỳ"
		if d.Reception.Leader != "" {
			s += ": " + d.Reception.Leader
		}
		if d.Status == DayHeld {
			s += " (đã tiếp)"
		}
		return s
	case DayMissed:
		return "Tiếp công dân định kỳ: không có kỳ tiếp được ghi nhận"
	case DaySkipped:
		return "Không tiếp công dân định kỳ (trùng ngày nghỉ)"
	case DayAdHoc:
		return "Tiếp công dân đột xuất"
	case DayOffSchedule:
		return "Tiếp công dân định kỳ ngoài lịch"
	}
	return fmt.Sprintf("Lịch hẹn tiếp công dân: %02d việc", len(d.Expected))
}

// icsEscaper escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon
// and comma are escaped, a line break is written \n.
var icsEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)

func icsText(s string) string { return icsEscaper.Replace(s) }

// writeICSLine writes one content line, folded (RFC 5545 §3.1) so that no
// line is longer than 75 octets, CRLF and a space starting each continuation,
// never inside a UTF-8 sequence.
func writeICSLine(b *strings.Builder, l string) {
	const limit = 75
	n := 0
	for len(l) > 0 {
		_, size := utf8.DecodeRuneInString(l)
		if n+size > limit {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteString(l[:size])
		n += size
		l = l[size:]
	}
	b.WriteString("\r\n")
}
