package workflow

import (
	"github.com/tiepdan/tiepdan/cases"
)

// Planning a dialogue (đối thoại) from the petition page. The person who
// resolves a complaint holds a dialogue with the complainant when their
// demands and the verification differ (Luật Khiếu nại 2011, Điều 30); it is
// planned while the complaint is being resolved, for a working day to come.
// A dialogue is not a workflow event (SPEC §2): a history imported from
// another system may record one on any petition, on any date, and is kept;
// these rules are the page's, for what an officer plans today.

// DialogueOpen reports whether a dialogue may be planned on p now: a
// complaint accepted and not yet resolved (or suspended, ended, rejected).
func DialogueOpen(p *cases.Petition) bool {
	return p.Type == cases.Complaint && p.State == cases.Accepted
}

// CheckDialogue checks a dialogue planned from the page on petition p: p is
// a complaint being resolved, the date is given, not before the day the
// dialogue is planned (c.At), and a working day by cal (nil:
// DefaultCalendar). A refusal names the problem in English and Vietnamese.
func CheckDialogue(p *cases.Petition, c *cases.Command, cal *Calendar) error {
	if !DialogueOpen(p) {
		return cases.Errorf(cases.EConflict, "a dialogue is planned only on a complaint being resolved; petition %s is %s, %s", p.Ref, p.Type, p.State).
			VI("Chỉ hẹn đối thoại khi đang giải quyết khiếu nại (đã thụ lý, chưa giải quyết — Luật Khiếu nại 2011, Điều 30); đơn %s đang ở trạng thái «%s».", p.Ref, p.StateLabel())
	}
	if c.On == "" {
		return cases.FieldErrorf("on", "the date of the dialogue is required").VI("Chọn ngày đối thoại.")
	}
	on, err := cases.ParseDate(c.On)
	if err != nil {
		return cases.FieldErrorf("on", "%q is not a date", c.On).VI("Ngày đối thoại «%s» không phải là một ngày.", c.On)
	}
	if day := cases.DateOf(c.AtTime()); on < day {
		return cases.FieldErrorf("on", "the dialogue on %s is before the day it is planned, %s", on, day).
			VI("Ngày đối thoại %s đã qua: chọn từ ngày %s trở đi.", on.VN(), day.VN())
	}
	if cal == nil {
		cal = DefaultCalendar()
	}
	if off, why := cal.DayOff(on); off {
		return cases.FieldErrorf("on", "%s is not a working day (%s)", on, why).
			VI("Ngày %s không phải ngày làm việc (%s): chọn một ngày làm việc.", dayInText(on), why)
	}
	return nil
}
