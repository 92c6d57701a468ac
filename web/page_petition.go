package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// The petition page: its history as a timeline, its deadlines with a colour,
// and the forms of the events the workflow and the user's role allow now.

// nearDays is how many days before a deadline it shows as near.
const nearDays = 3

// timelineItem is one event of a petition's history as a page tells it.
type timelineItem struct {
	Seq        int64
	At         time.Time
	Label      string
	Detail     string
	RecordedBy string
	RecordedAt time.Time
	Backdated  bool // recorded more than a day after it happened
}

// timeline tells the events of a (masked) history, oldest first, each in
// the words of the petition as it stood then: its type as classified so far,
// whether it had been accepted (cases/words.go).
func timeline(history []cases.Event, units cases.UnitNames) []timelineItem {
	out := make([]timelineItem, 0, len(history))
	var then cases.Petition
	for _, e := range history {
		c := &e.Command
		at := c.AtTime()
		it := timelineItem{Seq: e.Seq, At: at, Label: then.OpLabel(c.Op), Detail: eventDetail(c, units, then.Type),
			RecordedBy: e.RecordedBy, RecordedAt: e.RecordedAt}
		it.Backdated = !at.IsZero() && e.RecordedAt.Sub(at) > 24*time.Hour
		out = append(out, it)
		switch c.Op {
		case cases.OpClassify:
			then.Type = c.Type
		case cases.OpAccept:
			then.AcceptedAt = &at
		}
	}
	return out
}

// petitionWords are the words of the law for one petition (SPEC §9) that
// its page shows beside the enums' labels.
type petitionWords struct {
	// Instance is "Tố cáo tiếp" or "Khiếu nại lần hai" for a second
	// instance, "" for a first.
	Instance string
	// Verdict is the verdict's name for the petition's type, Outcome what is
	// carried out after it ("quyết định", "kết luận").
	Verdict, Outcome string
	// MethodNote says that a denunciation recorded as guided should have
	// been transferred (workflow.DenunciationGuidedNote).
	MethodNote string
}

func wordsOf(p *cases.Petition) petitionWords {
	w := petitionWords{Outcome: cases.OutcomeWord(p.Type), MethodNote: workflow.DenunciationGuidedNote(p)}
	if p.Instance == 2 {
		w.Instance = cases.InstanceLabel(p.Type, p.Instance)
	}
	if p.Verdict != "" {
		w.Verdict = p.Verdict.LabelFor(p.Type)
	}
	return w
}

// eventDetail says in Vietnamese what an event recorded, on a petition of
// type t as classified before it.
func eventDetail(c *cases.Command, units cases.UnitNames, t cases.Type) string {
	var parts []string
	add := func(format string, args ...any) { parts = append(parts, fmt.Sprintf(format, args...)) }
	if c.Number != "" {
		add("số vào sổ %s", c.Number)
	}
	switch c.Op {
	case cases.OpPetition:
		add("%s", c.Channel.Label())
		if c.Petitioner != nil {
			add("người gửi: %s", c.Petitioner.Name)
		}
		add("%d người", max(1, c.People))
	case cases.OpVisit:
		add("%s", cases.VisitKind(c.Kind).Label())
		if c.Session != "" {
			add("kỳ tiếp %s", c.Session)
		}
		add("%d người", c.People)
		if c.People >= GroupThreshold {
			add("đoàn đông người")
		}
		if c.Citizen != nil {
			add("công dân: %s", c.Citizen.Name)
		}
		if d, err := cases.ParseDate(c.FollowUpOn); err == nil {
			add("hẹn trở lại %s", d.VN())
		}
	case cases.OpClassify:
		add("%s", c.Type.Label())
		add("lĩnh vực %s", strings.ToLower(c.Field.Label()))
		if c.Eligible != nil && *c.Eligible {
			add("đủ điều kiện xử lý")
		} else {
			add("không đủ điều kiện xử lý")
		}
		if c.Complex != "" {
			add("%s", strings.ToLower(c.Complex.Label()))
		}
		if c.Instance == 2 {
			add("%s", strings.ToLower(cases.InstanceLabel(c.Type, c.Instance)))
		}
	case cases.OpRoute:
		add("%s: %s", c.To.Label(), units.Name(c.Unit))
		add("hình thức %s", strings.ToLower(c.Method.Label()))
	case cases.OpArchive:
		add("%s", cases.ArchiveReason(c.Reason).Label())
		if c.DuplicateOf != "" {
			add("trùng với đơn %s", c.DuplicateOf)
		}
	case cases.OpReject, cases.OpSuspend:
		add("lý do: %s", c.Reason)
	case cases.OpTerminate:
		if cases.TerminateReason(c.Reason) == cases.Withdrawn {
			add("rút đơn")
		} else {
			add("lý do khác")
		}
	case cases.OpExtend:
		add("thêm %d ngày", c.Days)
	case cases.OpResolve:
		add("kết quả: %s", c.Verdict.LabelFor(t))
		if c.Decision != "" {
			add("%s số %s", cases.OutcomeWord(t), c.Decision)
		}
		if c.Outcome != "" {
			add("%s", strings.ToLower(c.Outcome.Label()))
		}
	case cases.OpSecret:
		if c.Protected != nil && *c.Protected {
			add("giữ bí mật thông tin người gửi đơn")
			add("lý do: %s", c.Reason)
		} else {
			add("thôi giữ bí mật thông tin người gửi đơn")
			add("lý do: %s", strings.ToLower(cases.SecretReason(c.Reason).Label()))
		}
	case cases.OpDialogue:
		if d, err := cases.ParseDate(c.On); err == nil {
			add("đối thoại ngày %s", d.VN())
		}
		if c.Place != "" {
			add("tại %s", c.Place)
		}
	}
	return strings.Join(parts, "; ")
}

// dueView is a deadline as the petition page shows it, with its colour:
// done (met or no longer running), past, near or ok.
type dueView struct {
	Label       string
	Due         cases.Date
	Explanation string
	Class       string // due-done, due-past, due-near, due-ok
	Status      string
}

// dueViews colours p's deadlines as of today.
func dueViews(p *cases.Petition, ds []deadlineJSON, today cases.Date) []dueView {
	out := make([]dueView, 0, len(ds))
	for _, d := range ds {
		v := dueView{Label: d.Label, Due: d.Due, Explanation: d.Explanation}
		done, running := deadlineMet(p, d.Kind)
		switch {
		case done != nil:
			v.Class = "due-done"
			if cases.DateOf(*done) <= d.Due {
				v.Status = "đã thực hiện ngày " + cases.DateOf(*done).VN() + ", đúng hạn"
			} else {
				v.Class = "due-done late"
				v.Status = fmt.Sprintf("đã thực hiện ngày %s, trễ %d ngày", cases.DateOf(*done).VN(), int(cases.DateOf(*done)-d.Due))
			}
		case !running:
			v.Class, v.Status = "due-done", "không còn tính ("+p.StateLabel()+")"
		case d.Due < today:
			v.Class, v.Status = "due-past", fmt.Sprintf("quá hạn %d ngày", int(today-d.Due))
		case int(d.Due-today) <= nearDays:
			v.Class = "due-near"
			v.Status = fmt.Sprintf("sắp đến hạn: còn %d ngày", int(d.Due-today))
			if d.Due == today {
				v.Status = "đến hạn hôm nay"
			}
		default:
			v.Class, v.Status = "due-ok", fmt.Sprintf("còn %d ngày", int(d.Due-today))
		}
		out = append(out, v)
	}
	return out
}

// deadlineMet says when p met a deadline of kind, if it did, and whether the
// deadline still runs.
func deadlineMet(p *cases.Petition, kind string) (*time.Time, bool) {
	closed := p.State == cases.Archived || p.State == cases.Transferred || p.State == cases.Terminated ||
		p.State == cases.Rejected
	switch kind {
	case workflow.DeadlineHandling:
		if p.HandledAt != nil {
			return p.HandledAt, false
		}
	case workflow.DeadlineAccept, workflow.DeadlineInitial:
		if p.AcceptedAt != nil {
			return p.AcceptedAt, false
		}
		if p.State == cases.Rejected && p.ClosedAt != nil {
			return p.ClosedAt, false
		}
	case workflow.DeadlineResolution:
		if p.ResolvedAt != nil {
			return p.ResolvedAt, false
		}
	}
	return nil, !closed && p.State != cases.Resolved && p.State != cases.Implemented
}

// formSet is the event forms of one petition, as the petition page and the
// inbox show them: the petition, where to go back after a success, and for
// a refused form the values typed and the error.
type formSet struct {
	Ref   string
	CSRF  string
	Back  string
	Forms []eventForm
}

// fillForms puts the values typed in a refused form back, with its errors.
func fillForms(forms []eventForm, failed cases.Op, values func(string) string, field, msg string) {
	for i := range forms {
		f := &forms[i]
		if f.Op != failed {
			continue
		}
		f.Open = true
		f.At = values("at")
		placed := false
		for j := range f.Fields {
			fld := &f.Fields[j]
			fld.Value = values(fld.Name)
			fld.Set = true
			if fld.Name == field {
				fld.Error, placed = msg, true
			}
		}
		if field == "at" {
			f.AtError, placed = msg, true
		}
		if !placed {
			f.Error = msg
		}
	}
}

// secretForm is a leader's form of the secret command on p's page: lift a
// protection in force, for one of the two reasons the law leaves, or set it
// again with the leader's reason.
func secretForm(p *cases.Petition) eventForm {
	f := formFor(cases.OpSecret, nil, p)
	if p.Denouncer() {
		f.Label = "Thôi giữ bí mật thông tin người gửi đơn"
		f.Fields[0].Value = "false"
		f.Fields[1] = formField{Name: "reason", Label: "Lý do", Kind: "select",
			Options: options(cases.SecretReasons, cases.SecretReason.Label)}
		return f
	}
	f.Label = "Giữ bí mật thông tin người gửi đơn"
	f.Fields[0].Value = "true"
	return f
}

// secretStatus says in Vietnamese whether p's petitioner is protected, and
// why; "" for a petitioner no rule or decision ever protected.
func secretStatus(p *cases.Petition) string {
	switch {
	case p.Denouncer() && p.SecretKept:
		return "Đang giữ bí mật (theo quyết định của lãnh đạo)"
	case p.Denouncer() && p.Type == "":
		return "Đang giữ bí mật: đơn chưa được phân loại"
	case p.Denouncer():
		return "Đang giữ bí mật: đơn đã được phân loại là đơn tố cáo"
	case p.SecretLifted != "":
		return "Không giữ bí mật: " + strings.ToLower(p.SecretLifted.Label())
	case p.SecretWaived:
		return "Không giữ bí mật: người tố cáo đồng ý khi nộp đơn"
	}
	return ""
}
