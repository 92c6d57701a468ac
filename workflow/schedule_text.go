package workflow

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tiepdan/tiepdan/cases"
)

// The schedule in Vietnamese: why a reception day moved, the headings and
// lines of a day as the command line prints them and the iCalendar event
// describes them, and how an expected petition is named. The wording of a
// schedule is here, so that it reads the same everywhere it is shown.

// moveReason writes why a reception day moved: "Ngày tiếp định kỳ rơi vào thứ
// Ba 24/01/2023 (Nghỉ Tết Nguyên đán) nên chuyển sang thứ Sáu 27/01/2023".
func moveReason(sd *ScheduledDay) string {
	fell := dayInText(sd.Scheduled)
	if sd.DayOff != weekdayLabel(sd.Scheduled) {
		fell += " (" + sd.DayOff + ")"
	}
	switch {
	case sd.Skipped:
		return "Ngày tiếp định kỳ rơi vào " + fell + " nên không tổ chức tiếp kỳ này"
	case sd.Date < sd.Scheduled:
		return "Ngày tiếp định kỳ rơi vào " + fell + " nên chuyển lên " + dayInText(sd.Date)
	}
	return "Ngày tiếp định kỳ rơi vào " + fell + " nên chuyển sang " + dayInText(sd.Date)
}

// capitalize starts s with a capital letter.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// mergedReason says why a scheduled day is held with another: "ngày tiếp định
// kỳ 17/02/2026 (Nghỉ Tết Nguyên đán) cũng chuyển vào ngày này, tiếp chung
// một kỳ", or "trùng ngày tiếp định kỳ 23/02/2026, tiếp chung một kỳ".
func mergedReason(sd *ScheduledDay) string {
	if !sd.Moved {
		return "trùng ngày tiếp định kỳ " + sd.Scheduled.VN() + ", tiếp chung một kỳ"
	}
	s := "ngày tiếp định kỳ " + sd.Scheduled.VN()
	if sd.DayOff != weekdayLabel(sd.Scheduled) {
		s += " (" + sd.DayOff + ")"
	} else {
		s += " (" + weekdayInText[sd.Scheduled.Weekday()] + ")"
	}
	return s + " cũng chuyển vào ngày này, tiếp chung một kỳ"
}

// DayTitle names a day of the schedule with its weekday, as its heading:
// "Thứ Sáu 27/01/2023".
func DayTitle(d cases.Date) string { return weekdayLabel(d) + " " + d.VN() }

// Lines says in Vietnamese what the day holds, one line each, the lines
// under a line indented by two spaces: why the reception moved, who presides,
// the sessions held with their visits, and what is expected. The command
// line prints them under the day's title; the iCalendar event carries them
// as its description.
func (d *Day) Lines() []string {
	var out []string
	if r := d.Reception; r != nil {
		if r.Reason != "" {
			out = append(out, r.Reason+".")
		}
		if r.Leader != "" {
			out = append(out, fmt.Sprintf("Chủ trì theo lịch: %s (%s)", r.Leader, r.LeaderHow()))
		}
	}
	for i := range d.Sessions {
		k := &d.Sessions[i]
		out = append(out, fmt.Sprintf("%s: %02d lượt, %02d người, %02d vụ việc", k.Title(), len(k.Visits), k.People, len(k.Matters)))
		for _, v := range k.Visits {
			l := "  Lượt " + v.Ref + ": đơn " + v.Petition
			if x := v.Extra(); x != "" {
				l += " (" + x + ")"
			}
			out = append(out, fmt.Sprintf("%s, %02d người", l, v.People))
		}
	}
	if d.Delegation != "" {
		out = append(out, d.Delegation+".")
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

// LeaderHow says how the presiding leader was chosen: "luân phiên", or
// "phân công" with the assignment's note.
func (s *ScheduledDay) LeaderHow() string {
	if s.LeaderBy != LeaderByAssignment {
		return "luân phiên"
	}
	if s.Note != "" {
		return "phân công: " + s.Note
	}
	return "phân công"
}

var sessionKindLabels = map[cases.VisitKind]string{cases.Periodic: "Kỳ tiếp định kỳ", cases.AdHoc: "Kỳ tiếp đột xuất"}

// Title names the session in Vietnamese, with who presided and where: "Kỳ
// tiếp đột xuất K-1116, chủ trì: Phó Chủ tịch Lê Thị B (ủy quyền), tại …";
// "Kỳ tiếp định kỳ trực tuyến …" for one held online.
func (k *HeldSession) Title() string {
	kind, ok := sessionKindLabels[k.Kind]
	if !ok {
		kind = k.Kind.Label()
	}
	if k.Online {
		kind += " trực tuyến"
	}
	s := fmt.Sprintf("%s %s, chủ trì: %s", kind, k.Ref, k.PresidedBy)
	if k.Delegated {
		s += " (ủy quyền)"
	}
	if k.Location != "" {
		s += ", tại " + k.Location
	}
	return s
}

// Extra says what a visit's petition is beside its ref: its type and, when
// it is another petition's duplicate, its matter ("tố cáo", "vụ việc P-1").
func (v *SessionVisit) Extra() string { return petitionExtra(v.Petition, v.Matter, v.Type) }

// petitionExtra says what a petition is beside its ref: its type, and its
// matter when the petition duplicates another ("khiếu nại, vụ việc P-2").
func petitionExtra(petition, matter string, t cases.Type) string {
	var extra []string
	if t != "" {
		extra = append(extra, strings.ToLower(t.Label()))
	}
	if matter != petition {
		extra = append(extra, "vụ việc "+matter)
	}
	return strings.Join(extra, ", ")
}

// petitionText names a petition by ref, with its type and matter: "đơn P-7
// (khiếu nại, vụ việc P-2)".
func petitionText(e *Expected) string {
	s := "đơn " + e.Petition
	if x := petitionExtra(e.Petition, e.Matter, e.Type); x != "" {
		s += " (" + x + ")"
	}
	return s
}

// movedText says why an appointment is kept on another day: "(thứ Bảy,
// chuyển sang thứ Hai 11/01/2027)", or, when the reception of that day is
// skipped, "(thứ Bảy, không tổ chức tiếp; chuyển sang kỳ tiếp thứ Tư
// 24/02/2027)".
func movedText(cal *Calendar, on, kept cases.Date, skipped bool) string {
	fell := "không tổ chức tiếp"
	if off, why := cal.DayOff(on); off {
		fell = weekdayInText[on.Weekday()]
		if why != weekdayLabel(on) {
			fell += ", " + why
		}
		if skipped {
			fell += ", không tổ chức tiếp;"
		} else {
			fell += ","
		}
	}
	if skipped {
		return fmt.Sprintf(" (%s chuyển sang kỳ tiếp %s)", fell, dayInText(kept))
	}
	return fmt.Sprintf(" (%s chuyển sang %s)", fell, dayInText(kept))
}
