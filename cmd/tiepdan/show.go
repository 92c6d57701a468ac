package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

func runShow(ctx context.Context, a *App, args []string) int {
	fs := a.flags("show")
	format := fs.String("format", "text", "text or json")
	if err := a.parse(fs, args); err != nil {
		return parseStatus(err)
	}
	if fs.NArg() != 1 {
		return a.badUsage("show")
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(a.Stderr, "tiepdan: --format must be text or json, not %q\n", *format)
		return exitUsage
	}
	db, err := a.open(ctx)
	if err != nil {
		return a.fail(err)
	}
	defer db.Close()
	ref := fs.Arg(0)
	p, err := db.Petition(ctx, ref)
	if err != nil {
		return a.fail(err)
	}
	history, err := db.History(ctx, ref)
	if err != nil {
		return a.fail(err)
	}
	dl, err := a.deadliner(ctx, db)
	if err != nil {
		return a.fail(err)
	}
	units, err := db.Units(ctx)
	if err != nil {
		return a.fail(err)
	}
	unitNames := cases.NamesOf(units)
	deadlines := dl.of(p, cases.DateOf(a.Now()))
	allowed := workflow.Allowed(p)

	// The command line is an operator's tool, but what it prints ends up in
	// terminals, logs and tickets: a denouncer stays masked here too.
	shown := p.Masked()
	if p.Denouncer() {
		for i := range history {
			maskCommand(&history[i].Command)
		}
	}
	if *format == "json" {
		type deadlineJSON struct {
			workflow.Deadline
			Explanation string `json:"explanation"`
		}
		out := struct {
			Petition  *cases.Petition `json:"petition"`
			History   []cases.Event   `json:"history"`
			Deadlines []deadlineJSON  `json:"deadlines"`
			Allowed   []cases.Op      `json:"allowed"`
		}{Petition: shown, History: history, Allowed: allowed}
		for _, d := range deadlines {
			out.Deadlines = append(out.Deadlines, deadlineJSON{d, d.Explain()})
		}
		enc := json.NewEncoder(a.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return a.fail(err)
		}
		return exitOK
	}
	w := tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "Đơn\t%s\n", shown.Ref)
	fmt.Fprintf(w, "Số vào sổ\t%s\n", shown.Number)
	fmt.Fprintf(w, "Ngày nhận\t%s (%s)\n", shown.ReceivedAt.In(cases.Zone).Format("15:04 02/01/2006"), shown.Channel.Label())
	fmt.Fprintf(w, "Người gửi\t%s\n", shown.Petitioner.Name)
	fmt.Fprintf(w, "Nội dung\t%s\n", shown.Summary)
	fmt.Fprintf(w, "Trạng thái\t%s (%s)\n", shown.StateLabel(), shown.State)
	if shown.Type != "" {
		fmt.Fprintf(w, "Loại đơn\t%s, %s\n", shown.Type.Label(), strings.ToLower(shown.Field.Label()))
	}
	if shown.Unit != "" {
		fmt.Fprintf(w, "Nơi xử lý\t%s: %s\n", shown.RouteTo.Label(), unitNames.Name(shown.Unit))
		if note := workflow.DenunciationGuidedNote(shown); note != "" {
			fmt.Fprintf(w, "\t%s\n", note)
		}
	}
	w.Flush()
	fmt.Fprintln(a.Stdout, "\nThời hạn:")
	for _, d := range deadlines {
		fmt.Fprintf(a.Stdout, "  %s — %s\n", d.Due.VN(), d.Explain())
	}
	fmt.Fprintln(a.Stdout, "\nLịch sử:")
	w = tabwriter.NewWriter(a.Stdout, 0, 4, 2, ' ', 0)
	// Each event in the words of the petition as it stood then (its type,
	// whether accepted: cases/words.go).
	var then cases.Petition
	for _, e := range history {
		c := &e.Command
		at := c.AtTime().In(cases.Zone).Format("15:04 02/01/2006")
		fmt.Fprintf(w, "  #%d\t%s\t%s\t%s\tghi %s bởi %s\n", e.Seq, at, then.OpLabel(c.Op),
			describe(c, then.Type, unitNames), e.RecordedAt.Format("02/01/2006 15:04"), e.RecordedBy)
		switch c.Op {
		case cases.OpClassify:
			then.Type = c.Type
		case cases.OpAccept:
			t := c.AtTime()
			then.AcceptedAt = &t
		}
	}
	w.Flush()
	names := make([]string, len(allowed))
	for i, op := range allowed {
		names[i] = fmt.Sprintf("%s (%s)", op, shown.OpLabel(op))
	}
	if len(names) == 0 {
		names = []string{"không còn thao tác nào"}
	}
	fmt.Fprintf(a.Stdout, "\nThao tác được phép: %s\n", strings.Join(names, ", "))
	return exitOK
}

// deadliner gives the deadlines of petitions, with the units' remote areas
// and the calendar read once for all of them.
type deadliner struct {
	remote map[string]bool
	cals   *workflow.Calendars
	rules  *workflow.Rules
}

func (a *App) deadliner(ctx context.Context, db *storage.DB) (*deadliner, error) {
	units, err := db.Units(ctx)
	if err != nil {
		return nil, err
	}
	cals, err := a.calendars()
	if err != nil {
		return nil, err
	}
	return &deadliner{remote: cases.RemoteUnits(units), cals: cals, rules: workflow.DefaultRules()}, nil
}

// of gives the deadlines that apply to p on day asOf.
func (d *deadliner) of(p *cases.Petition, asOf cases.Date) []workflow.Deadline {
	return d.rules.DeadlinesIn(p, p.ResolvedRemotely(d.remote), asOf, d.cals)
}

// maskCommand hides the identity a command carries about a protected denouncer.
func maskCommand(c *cases.Command) {
	if c.Petitioner != nil {
		c.Petitioner = &cases.Person{Name: cases.MaskedName}
	}
	if c.Citizen != nil {
		c.Citizen = &cases.Person{Name: cases.MaskedName}
	}
}

// describe is one line of what an event said, on a petition of type t as
// classified before it, naming units by names.
func describe(c *cases.Command, t cases.Type, names cases.UnitNames) string {
	switch c.Op {
	case cases.OpPetition:
		return fmt.Sprintf("%s, %d người", c.Petitioner.Name, c.People)
	case cases.OpVisit:
		s := fmt.Sprintf("%s, %d người", cases.VisitKind(c.Kind).Label(), c.People)
		if c.FollowUpOn != "" {
			s += ", hẹn " + c.FollowUpOn
		}
		return s
	case cases.OpClassify:
		return fmt.Sprintf("%s, %s", c.Type.Label(), strings.ToLower(c.Field.Label()))
	case cases.OpRoute:
		return fmt.Sprintf("%s %s (%s)", c.Method.Label(), names.Name(c.Unit), c.To.Label())
	case cases.OpArchive:
		s := cases.ArchiveReason(c.Reason).Label()
		if c.DuplicateOf != "" {
			s += " với " + c.DuplicateOf
		}
		return s
	case cases.OpExtend:
		return fmt.Sprintf("%d ngày", c.Days)
	case cases.OpResolve:
		return strings.TrimSpace(c.Verdict.LabelFor(t) + " " + c.Decision)
	case cases.OpDialogue:
		return "ngày " + c.On + " " + c.Place
	case cases.OpSecret:
		if c.Protected != nil && *c.Protected {
			return "giữ bí mật: " + c.Reason
		}
		return "thôi giữ bí mật: " + cases.SecretReason(c.Reason).Label()
	}
	return c.Reason
}
