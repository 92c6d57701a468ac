package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// The reception schedule (SPEC §3) as a person reads it (text), as a program
// does (JSON: workflow.Schedule), and as leaders' calendars do (iCalendar,
// RFC 5545). The schedule is one committee's (--committee, SPEC §10): its
// plan is its own last version recorded on the admin page, else the
// installation's: --reception FILE (env TIEPDAN_RECEPTION), else the last
// plan the admin page recorded in the database, else the one shipped in
// workflow/reception.json (App.receptionPlan).

func runSchedule(ctx context.Context, a *App, args []string) int {
	fs := a.flags("schedule")
	fromFlag := fs.String("from", "", "first day, YYYY-MM-DD (default: the first day of this month)")
	toFlag := fs.String("to", "", "last day, YYYY-MM-DD (default: the last day of next month)")
	format := fs.String("format", "text", "text, json or ics (iCalendar)")
	planFile := fs.String("reception", envOr("TIEPDAN_RECEPTION", ""),
		"the reception plan, a JSON file in the format of workflow/reception.json (env TIEPDAN_RECEPTION; default: the plan recorded on the admin page, else the 9th and 24th, moved to the next working day)")
	showConfig := fs.Bool("show-config", false, "print the reception plan in force as JSON, to start a plan file from, and exit")
	committee := fs.String("committee", "", "the schedule of one committee of an installation of several: the ref of its own unit (default: the installation's first committee)")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 0 {
		return a.badUsage("schedule")
	}
	key, err := a.committeeKey(*committee)
	if err != nil {
		return a.fail(err)
	}
	plan, err := a.receptionPlan(*planFile, key)
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
	from, to := workflow.DefaultScheduleRange(today)
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
	cals, err := a.calendars()
	if err != nil {
		return a.fail(err)
	}
	s, err := plan.Schedule(workflow.ScheduleRequest{From: from, To: to, Today: today, Calendar: cals.Of(key), Committee: key}, &history)
	if err != nil {
		return a.fail(err)
	}
	switch *format {
	case "json":
		return writeScheduleJSON(a, s)
	case "ics":
		err = s.WriteICS(a.Stdout, a.Now())
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
		fmt.Fprintf(&b, "\n%s: %s\n", workflow.DayTitle(d.Date), d.Status.Label())
		for _, l := range d.Lines() {
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
	for _, sf := range s.Shortfalls {
		b.WriteString("Kế hoạch chưa đủ số ngày tiếp tối thiểu — " + sf.Text + ".\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
