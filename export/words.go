package export

import (
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// The words both registers write about a petition: how it left the desk,
// what became of it, where it stands. They describe the petition as it
// stands when the file is made, as the list of petitions does.

// Options are what an export needs beside its rows.
type Options struct {
	// Units name the units the petitions went to, and the committee that
	// heads the file (report.NamesFrom).
	Units []cases.Unit
	// Due is the deadline p waits on today (the handling deadline at the
	// desk, the resolution deadline of an accepted case), nil when none,
	// and whether it has passed. nil shows no deadline.
	Due func(p *cases.Petition) (*cases.Date, bool)
	// GroupThreshold is the number of people from which a visit is a group
	// (đoàn đông người); 0 is report.DefaultGroupThreshold.
	GroupThreshold int
	// Today is the day the file is made.
	Today cases.Date
}

func (o Options) due(p *cases.Petition) (*cases.Date, bool) {
	if o.Due == nil {
		return nil, false
	}
	return o.Due(p)
}

// person is whom a row names: who came (the visit's citizen, when given),
// else the petitioner; a protected identity masked, as SPEC §7 wants it in
// every export, whoever makes it (cases.Petition.Masked, the one rule).
func person(p *cases.Petition, citizen *cases.Person) cases.Person {
	if p.Denouncer() {
		return p.Masked().Petitioner
	}
	if citizen != nil {
		return *citizen
	}
	return p.Petitioner
}

func day(t *time.Time) string {
	if t == nil {
		return ""
	}
	return cases.DateOf(*t).VN()
}

func typeLabel(p *cases.Petition) string {
	if p.Type == "" {
		return "Chưa phân loại"
	}
	return p.Type.Label()
}

// handling is how the petition left the desk: the route's method ("Giao",
// "Hướng dẫn", "Chuyển đơn", "Đôn đốc"), "Lưu đơn" and why, "Dừng xử lý";
// "" while it is at the desk.
func handling(p *cases.Petition) string {
	switch {
	case p.Method != "":
		return p.Method.Label()
	case p.State == cases.Archived:
		return "Lưu đơn (" + strings.ToLower(p.Archive.Label()) + dupOf(p) + ")"
	case p.State == cases.Terminated:
		return p.StateLabel()
	}
	return ""
}

func dupOf(p *cases.Petition) string {
	if p.DuplicateOf == "" {
		return ""
	}
	return " của đơn " + p.DuplicateOf
}

// result is what a petition's handling came to, "" while it goes on: the
// verdict with the decision (or conclusion, or answer) and its date, its
// implementation; a refusal to accept; an end without a verdict; an
// archive.
func result(p *cases.Petition) string {
	switch p.State {
	case cases.Resolved, cases.Implemented:
		s := "Đã giải quyết ngày " + day(p.ResolvedAt) + ": " + p.Verdict.LabelFor(p.Type)
		if p.Decision != "" {
			word := cases.OutcomeWord(p.Type)
			if !p.Type.Adjudicated() {
				word = "văn bản"
			}
			s += ", " + word + " số " + p.Decision
		}
		if p.Outcome != "" {
			s += "; " + lowerFirst(p.Outcome.Label())
		}
		if p.ImplementedAt != nil {
			s += "; đã thực hiện " + cases.OutcomeWord(p.Type) + " ngày " + day(p.ImplementedAt)
		}
		return s
	case cases.Rejected:
		return "Không thụ lý ngày " + day(p.ClosedAt) + reason(p.CloseReason)
	case cases.Terminated:
		return p.StateLabel() + " ngày " + day(p.ClosedAt) + reason(p.CloseReason)
	case cases.Archived:
		return "Lưu đơn: " + lowerFirst(p.Archive.Label()) + dupOf(p)
	}
	return ""
}

// reason is a closing reason after a colon; withdrawn and other are words
// of the command, said in Vietnamese.
func reason(r string) string {
	switch cases.TerminateReason(r) {
	case "":
		return ""
	case cases.Withdrawn:
		return ": người gửi rút đơn"
	case cases.OtherTerminate:
		return ""
	}
	return ": " + r
}

// progress is where a petition stands, for following up its result: what
// came of it (result), else the step it waits on, with its deadline.
func progress(p *cases.Petition, names cases.UnitNames, o Options) string {
	if r := result(p); r != "" {
		return r
	}
	var s string
	switch p.State {
	case cases.Received, cases.Classified:
		s = "Đang xử lý tại bộ phận tiếp công dân"
	case cases.RoutedOwn, cases.RoutedLower:
		s = "Đã " + strings.ToLower(p.Method.Label()) + " " + names.Name(p.Unit) + " ngày " + day(p.RoutedAt)
		if p.Type.Adjudicated() {
			s += ", chờ thụ lý"
		} else {
			s += ", đang giải quyết"
		}
	case cases.Transferred:
		s = "Đã " + strings.ToLower(p.Method.Label()) + " ngày " + day(p.RoutedAt)
	case cases.Accepted:
		s = "Thụ lý ngày " + day(p.AcceptedAt) + ", đang giải quyết"
	case cases.Suspended:
		s = "Thụ lý ngày " + day(p.AcceptedAt) + ", tạm đình chỉ từ ngày " + day(p.SuspendedSince)
	default:
		s = p.StateLabel()
	}
	if due, late := o.due(p); due != nil {
		s += ", hạn " + due.VN()
		if late {
			s += " (quá hạn)"
		}
	}
	return s
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToLower(string(r[0])) + string(r[1:])
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
