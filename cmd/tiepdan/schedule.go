package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// The reception schedule (SPEC §3) as a person reads it (text), as a program
// does (JSON: workflow.Schedule), and as leaders' calendars do (iCalendar,
// RFC 5545). The plan comes from --reception FILE (env TIEPDAN_RECEPTION),
// else the one shipped in workflow/reception.json.

func runSchedule(ctx context.Context, a *App, args []string) int {
	fs := a.flags("schedule")
	fromFlag := fs.String("from", "", "first day, YYYY-MM-DD (default: the first day of this month)")
	toFlag := fs.String("to", "", "last day, YYYY-MM-DD (default: the last day of next month)")
	format := fs.String("format", "text", "text, json or ics (iCalendar)")
	planFile := fs.String("reception", envOr("TIEPDAN_RECEPTION", ""),
		"the reception plan, a JSON file in the format of workflow/reception.json (env TIEPDAN_RECEPTION; default: the 9th and 24th, moved to the next working day)")
	showConfig := fs.Bool("show-config", false, "print the reception plan in force as JSON, to start a plan file from, and exit")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 0 {
		fmt.Fprintln(a.Stderr, "usage: tiepdan schedule [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format text|json|ics] [--reception FILE] [--show-config]")
		return exitUsage
	}
	plan, err := loadReceptionPlan(*planFile)
	if err != nil {
		return a.fail(err)
	}
	if *showConfig {
		return writeScheduleJSON(a, plan)
	}
	switch *format {
	case "text", "json", "ics":
	default:
		fmt.Fprintf(a.Stderr, "tiepdan: --format must be text, json or ics, not %q\n", *format)
		return exitUsage
	}
	today := cases.DateOf(a.Now())
	y, m, _ := today.YMD()
	from, to := cases.NewDate(y, m, 1), cases.NewDate(y, m+2, 0)
	for _, f := range []struct {
		name, value string
		dst         *cases.Date
	}{{"from", *fromFlag, &from}, {"to", *toFlag, &to}} {
		if f.value == "" {
			continue
		}
		d, err := cases.ParseDate(f.value)
		if err != nil {
			fmt.Fprintf(a.Stderr, "tiepdan: --%s: %v\n", f.name, err)
			return exitUsage
		}
		*f.dst = d
	}
	switch {
	case to < from:
		fmt.Fprintf(a.Stderr, "tiepdan: --to %s is before --from %s\n", to, from)
		return exitUsage
	case int(to-from) >= workflow.MaxScheduleDays:
		fmt.Fprintf(a.Stderr, "tiepdan: %s–%s spans more than %d days\n", from, to, workflow.MaxScheduleDays)
		return exitUsage
	}

	db, err := a.open(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()
	rec, err := db.ScheduleRecords(ctx, from, to, today)
	if err != nil {
		return a.fail(err)
	}
	// The two types have the same fields: the conversion fails to compile
	// the day one of them changes without the other.
	history := workflow.ScheduleHistory(*rec)
	s, err := plan.Schedule(workflow.ScheduleRequest{From: from, To: to, Today: today}, &history)
	if err != nil {
		return a.fail(err)
	}
	switch *format {
	case "json":
		return writeScheduleJSON(a, s)
	case "ics":
		err = writeScheduleICS(a.Stdout, s, a.Now())
	default:
		err = writeScheduleText(a.Stdout, s)
	}
	if err != nil {
		return a.fail(err)
	}
	return exitOK
}

// loadReceptionPlan reads the plan file, or gives the shipped plan when there
// is none.
func loadReceptionPlan(path string) (*workflow.Reception, error) {
	if path == "" {
		return workflow.DefaultReception(), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, cases.Errorf(cases.EInvalid, "reception plan: %v", err)
	}
	defer f.Close()
	plan, err := workflow.LoadReception(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return plan, nil
}

// writeScheduleJSON prints v as indented JSON.
func writeScheduleJSON(a *App, v any) int {
	enc := json.NewEncoder(a.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return a.fail(err)
	}
	return exitOK
}

var sessionKindVN = map[cases.VisitKind]string{cases.Periodic: "Kỳ tiếp định kỳ", cases.AdHoc: "Kỳ tiếp đột xuất"}

var weekdayNamesVN = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// dayTitle is "Thứ Sáu 27/01/2023".
func dayTitle(d cases.Date) string { return weekdayNamesVN[d.Weekday()] + " " + d.VN() }

func writeScheduleText(w io.Writer, s *workflow.Schedule) error {
	var b strings.Builder
	title := "Lịch tiếp công dân định kỳ"
	if s.Committee != "" {
		title += " – " + s.Committee
	}
	fmt.Fprintf(&b, "%s\nTừ ngày %s đến ngày %s (lập ngày %s)\n", title, s.From.VN(), s.To.VN(), s.Today.VN())
	if len(s.Days) == 0 {
		b.WriteString("\nKhông có ngày tiếp nào trong khoảng thời gian này.\n")
	}
	for _, d := range s.Days {
		fmt.Fprintf(&b, "\n%s: %s\n", dayTitle(d.Date), d.Status.Label())
		for _, l := range scheduleDayLines(d) {
			b.WriteString("  " + l + "\n")
		}
	}
	sum := s.Summary
	fmt.Fprintf(&b, "\nTổng hợp: %02d ngày tiếp định kỳ (%02d đã tiếp, %02d không có kỳ tiếp được ghi nhận, %02d dự kiến), %02d ngày không tiếp vì trùng ngày nghỉ; %02d kỳ tiếp đột xuất, %02d kỳ tiếp định kỳ ngoài lịch; %02d lượt, %02d người, %02d vụ việc; %02d việc dự kiến.\n",
		sum.Scheduled, sum.Held, sum.Missed, sum.Planned, sum.Skipped, sum.AdHoc, sum.OffSchedule,
		sum.Visits, sum.People, sum.Matters, sum.Expected)
	for _, n := range s.Notes {
		b.WriteString("Lưu ý: " + n + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// scheduleDayLines says what a day holds, one line each, the lines under a
// line indented: the text output prints them, the iCalendar event carries
// them as its description.
func scheduleDayLines(d workflow.Day) []string {
	var out []string
	if r := d.Reception; r != nil {
		if r.Reason != "" {
			out = append(out, r.Reason+".")
		}
		if r.Leader != "" {
			how := "luân phiên"
			if r.LeaderBy == workflow.LeaderByAssignment {
				how = "phân công"
				if r.Note != "" {
					how += ": " + r.Note
				}
			}
			out = append(out, fmt.Sprintf("Chủ trì theo lịch: %s (%s)", r.Leader, how))
		}
	}
	for _, k := range d.Sessions {
		line := fmt.Sprintf("%s %s, chủ trì: %s", sessionKindVN[k.Kind], k.Ref, k.PresidedBy)
		if k.Delegated {
			line += " (ủy quyền)"
		}
		if k.Location != "" {
			line += ", tại " + k.Location
		}
		out = append(out, fmt.Sprintf("%s: %02d lượt, %02d người, %02d vụ việc", line, len(k.Visits), k.People, len(k.Matters)))
		for _, v := range k.Visits {
			l := fmt.Sprintf("  Lượt %s: đơn %s", v.Ref, v.Petition)
			var extra []string
			if v.Type != "" {
				extra = append(extra, strings.ToLower(v.Type.Label()))
			}
			if v.Matter != v.Petition {
				extra = append(extra, "vụ việc "+v.Matter)
			}
			if len(extra) > 0 {
				l += " (" + strings.Join(extra, ", ") + ")"
			}
			out = append(out, fmt.Sprintf("%s, %02d người", l, v.People))
		}
	}
	if len(d.Expected) > 0 {
		out = append(out, "Dự kiến:")
		for _, e := range d.Expected {
			out = append(out, "  - "+e.Text)
			if e.Explanation != "" {
				out = append(out, "    "+e.Explanation)
			}
		}
	}
	return out
}

// writeScheduleICS writes the schedule as an iCalendar (RFC 5545) of all-day
// events, one per day, so that leaders' calendars show it. A day's UID stays
// the same from one export to the next (a reception day's is that of its
// scheduled date, so a day that moves is updated rather than doubled), and a
// skipped day is a cancelled event. Dates are Vietnam's, written as floating
// all-day dates.
func writeScheduleICS(w io.Writer, s *workflow.Schedule, now time.Time) error {
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
	for _, d := range s.Days {
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
		desc := append([]string{d.Status.Label()}, scheduleDayLines(d)...)
		line("DESCRIPTION:" + icsText(strings.Join(desc, "\n")))
		for _, k := range d.Sessions {
			if k.Location != "" {
				line("LOCATION:" + icsText(k.Location))
				break
			}
		}
		status := "CONFIRMED"
		if d.Status == workflow.DaySkipped {
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
func icsSummary(d workflow.Day) string {
	switch d.Status {
	case workflow.DayHeld, workflow.DayPlanned:
		s := "Tiếp công dân định kỳ"
		if d.Reception.Leader != "" {
			s += ": " + d.Reception.Leader
		}
		if d.Status == workflow.DayHeld {
			s += " (đã tiếp)"
		}
		return s
	case workflow.DayMissed:
		return "Tiếp công dân định kỳ: không có kỳ tiếp được ghi nhận"
	case workflow.DaySkipped:
		return "Không tiếp công dân định kỳ (trùng ngày nghỉ)"
	case workflow.DayAdHoc:
		return "Tiếp công dân đột xuất"
	case workflow.DayOffSchedule:
		return "Tiếp công dân định kỳ ngoài lịch"
	}
	return fmt.Sprintf("Lịch hẹn tiếp công dân: %02d việc", len(d.Expected))
}

// icsText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and
// comma are escaped, a line break is written \n.
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
