package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// The admin page's forms that change the installation: a unit (a `unit`
// command, through the same path as the API), a day of the holiday table and
// a new period of the reception plan (Settings). Only an admin sends them.

// unitForm is the unit form as typed.
type unitForm struct {
	Ref, Name, Kind, Parent string
	Remote                  bool
	LowerLabel              string
	Replaces                []string
	Level                   string
	ValidFrom, ValidUntil   string // as typed: 01/07/2025 or 2025-07-01
}

// unitEndForm is the form that ends a unit (unit_until) as typed.
type unitEndForm struct {
	Unit, Until, Reason string
}

// formDates reads the dates of a form as typed into the command's
// YYYY-MM-DD, adding to errs the field of each that is not a date.
func formDates(errs fieldErrors, fields map[string]*string) {
	for field, v := range fields {
		if *v == "" {
			continue
		}
		d, ok := parseFormDate(*v)
		if !ok {
			errs.add(field, badDate(*v))
			continue
		}
		*v = d.String()
	}
}

// holidayForm is the holiday form as typed: a day or a range of days of one
// year, what they become, their name and the announcement.
type holidayForm struct {
	From, To, Kind, Name, Source string
}

// planForm is the reception plan form as typed: a new period from a date.
type planForm struct {
	From     string
	Days     string // days of the month, "9, 24"
	Weekdays []string
	Move     string
	Leaders  string // one a line
	Source   string
	Version  int64 // the plan's version the form was shown with
}

// planFormOf is the form that starts a new period from from, with the days
// and leaders of p.
func planFormOf(p workflow.ReceptionPeriod, from cases.Date, version int64) planForm {
	days := make([]string, len(p.DaysOfMonth))
	for i, d := range p.DaysOfMonth {
		days[i] = strconv.Itoa(d)
	}
	return planForm{From: from.VN(), Days: strings.Join(days, ", "), Weekdays: p.Weekdays, Move: string(p.Move),
		Leaders: strings.Join(p.Leaders, "\n"), Version: version}
}

// parseFormDate reads a date as an office types it, 05/02/2027 (or 5/2/2027),
// or as a date input sends it, 2027-02-05.
// Years outside 1900–2199 are refused, as the holiday table refuses them.
func parseFormDate(v string) (cases.Date, bool) {
	v = strings.TrimSpace(v)
	d, err := cases.ParseDate(v)
	if err != nil {
		t, err := time.Parse("2/1/2006", v)
		if err != nil {
			return 0, false
		}
		d = cases.NewDate(t.Year(), t.Month(), t.Day())
	}
	if y := yearOf(d); y < 1900 || y > 2199 {
		return 0, false
	}
	return d, true
}

func badDate(v string) string {
	return "Ngày «" + v + "» không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 05/02/2027."
}

func yearOf(d cases.Date) int {
	y, _, _ := d.YMD()
	return y
}

// unitSubmit records a unit from the admin page: a `unit` command recorded
// as the admin, by the same path as the API. A unit never changes: renamed,
// merged or marked remote, it is recorded anew under a new ref that replaces
// the old ones (docs/decisions.md, "Units").
func (s *Server) unitSubmit(c *gin.Context) {
	u := userOf(c)
	if u.Role != cases.RoleAdmin {
		s.abortPage(c, forbidden("only an admin records units"))
		return
	}
	t := func(k string) string { return formValue(c, k) }
	uf := unitForm{Ref: t("ref"), Name: formText(c, "name"), Kind: t("kind"),
		Parent: t("parent"), Remote: c.PostForm("remote") != "", LowerLabel: t("lower_label"),
		Level: t("level"), ValidFrom: t("valid_from"), ValidUntil: t("valid_until")}
	for _, r := range c.PostFormArray("replaces") {
		if r = strings.TrimSpace(r); r != "" && !slices.Contains(uf.Replaces, r) {
			uf.Replaces = append(uf.Replaces, r)
		}
	}
	from, until := uf.ValidFrom, uf.ValidUntil
	errs := fieldErrors{}
	formDates(errs, map[string]*string{"valid_from": &from, "valid_until": &until})
	if len(errs) > 0 {
		c.Set(logCode, cases.EInvalid)
		s.showAdmin(c, http.StatusUnprocessableEntity, adminForms{unit: &uf, unitErrors: errs})
		return
	}
	cmd := cases.Command{Op: cases.OpUnit, Ref: uf.Ref, Name: uf.Name, Kind: uf.Kind, Parent: uf.Parent,
		Remote: uf.Remote, LowerLabel: uf.LowerLabel, Replaces: uf.Replaces,
		Level: cases.Level(uf.Level), ValidFrom: from, ValidUntil: until}
	setLogOp(c, cmd.Op)
	c.Set(logRef, cmd.Ref)
	res, err := s.execute(c.Request.Context(), u, cmd)
	if err != nil {
		if !shownOnForm(err) {
			s.abortPage(c, err)
			return
		}
		c.Set(logCode, cases.ErrorCode(err))
		field, msg := unitErrorVI(err, &uf)
		errs.add(field, msg)
		s.showAdmin(c, http.StatusUnprocessableEntity, adminForms{unit: &uf, unitErrors: errs})
		return
	}
	done := "Đã ghi đơn vị " + uf.Name + " (" + uf.Ref + ")"
	if len(uf.Replaces) > 0 {
		done += ", thay cho " + strings.Join(uf.Replaces, ", ")
		if d, err := cases.ParseDate(from); err == nil {
			done += " (kết thúc hết ngày " + (d - 1).VN() + ")"
		}
	}
	done += "."
	if !res.Changed {
		done = "Đơn vị " + uf.Name + " (" + uf.Ref + ") đã được ghi như vậy từ trước: không có gì thay đổi."
	}
	c.Redirect(http.StatusSeeOther, "/admin?ok="+url.QueryEscape(done)+"#units")
}

// unitEndSubmit ends a unit from the admin page: a `unit_until` command
// recorded as the admin, by the same path as the API. The unit stays in
// the history with the cases routed to it; from the day after its end, no
// route goes to it and no unit is recorded under it.
func (s *Server) unitEndSubmit(c *gin.Context) {
	u := userOf(c)
	if u.Role != cases.RoleAdmin {
		s.abortPage(c, forbidden("only an admin ends units"))
		return
	}
	ef := unitEndForm{Unit: formValue(c, "unit"), Until: formValue(c, "until"), Reason: formText(c, "reason")}
	until := ef.Until
	errs := fieldErrors{}
	switch {
	case ef.Unit == "":
		errs.add("unit", "Chọn đơn vị cần kết thúc.")
	case ef.Until == "":
		errs.add("until", "Chưa nhập ngày cuối cùng đơn vị còn hoạt động.")
	}
	formDates(errs, map[string]*string{"until": &until})
	refuse := func(status int) {
		s.showAdmin(c, status, adminForms{unitEnd: &ef, unitEndErrors: errs})
	}
	if len(errs) > 0 {
		c.Set(logCode, cases.EInvalid)
		refuse(http.StatusUnprocessableEntity)
		return
	}
	cmd := cases.Command{Op: cases.OpUnitUntil, Unit: ef.Unit, Until: until, Reason: ef.Reason}
	setLogOp(c, cmd.Op)
	c.Set(logRef, cmd.Unit)
	res, err := s.execute(c.Request.Context(), u, cmd)
	if err != nil {
		if !shownOnForm(err) {
			s.abortPage(c, err)
			return
		}
		c.Set(logCode, cases.ErrorCode(err))
		field, msg := viError(err)
		if !slices.Contains([]string{"unit", "until", "reason"}, field) {
			field = ""
		}
		errs.add(field, msg)
		refuse(statusOf(err))
		return
	}
	d, _ := cases.ParseDate(until)
	done := "Đã ghi: đơn vị " + ef.Unit + " hoạt động đến hết ngày " + d.VN() + "; từ ngày " + (d + 1).VN() +
		" không chuyển đơn đến đơn vị này."
	if !res.Changed {
		done = "Việc kết thúc đơn vị " + ef.Unit + " ngày " + d.VN() + " đã được ghi từ trước: không có gì thay đổi."
	}
	c.Redirect(http.StatusSeeOther, "/admin?ok="+url.QueryEscape(done)+"#units")
}

// unitFields are the unit form's inputs: a refusal naming another field of
// the command is shown above the form.
var unitFields = []string{"ref", "name", "kind", "parent", "remote", "lower_label", "replaces",
	"level", "valid_from", "valid_until"}

// unitErrorVI says in Vietnamese why a unit was refused, next to its field.
func unitErrorVI(err error, uf *unitForm) (field, msg string) {
	var ce *cases.Error
	if !errors.As(err, &ce) {
		field, msg = viError(err)
	} else {
		field, msg = ce.Field, ce.Message
		switch {
		case ce.MessageVI != "":
			msg = ce.MessageVI
		case ce.Field == "level":
			msg = "Chỉ ghi cấp cho chính cơ quan hoặc UBND cấp dưới; chọn cấp trong danh sách."
		case (ce.Field == "valid_from" || ce.Field == "valid_until") && strings.Contains(msg, "before valid_from"):
			msg = "Ngày hết hiệu lực không được trước ngày bắt đầu có hiệu lực."
		case ce.Field == "valid_from" || ce.Field == "valid_until":
			msg = "Ngày không hợp lệ."
		case ce.Code == cases.EConflict && ce.Field == "ref":
			msg = "Mã " + uf.Ref + " đã dùng cho một đơn vị khác. Đơn vị đã ghi thì không sửa được: muốn đổi tên, sáp nhập, " +
				"đánh dấu vùng sâu, vùng xa, hãy ghi đơn vị mới với mã mới và chọn đơn vị cũ ở mục «Thay thế cho»."
		case ce.Field == "ref" && strings.Contains(msg, "must not contain"):
			msg = "Mã đơn vị không được có dấu cách, «/», «?» hoặc «#» (ví dụ: xa-phuoc-hoa)."
		case ce.Field == "ref" && strings.Contains(msg, "is required"):
			msg = "Chưa nhập mã đơn vị."
		case ce.Field == "name" && strings.Contains(msg, "is required"):
			msg = "Chưa nhập tên đơn vị."
		case ce.Field == "kind":
			msg = "Chọn loại đơn vị trong danh sách."
		case ce.Field == "lower_label" && strings.Contains(msg, "only for the own unit"):
			msg = "Tên gọi chung của UBND cấp dưới chỉ ghi cho chính cơ quan (loại «" + cases.Own.Label() + "»)."
		case ce.Field == "parent" && ce.Code == cases.ENotFound:
			msg = "Không có đơn vị mang mã " + uf.Parent + "."
		case ce.Field == "parent" && strings.Contains(msg, "its own parent"):
			msg = "Đơn vị không thể trực thuộc chính nó."
		case ce.Field == "parent" && strings.Contains(msg, "has no parent"):
			msg = "Chính cơ quan không trực thuộc đơn vị nào trong hệ thống: để trống mục này."
		case ce.Field == "parent":
			msg = "Phòng, ban trực thuộc chính cơ quan; UBND cấp dưới trực thuộc chính cơ quan hoặc một UBND cấp dưới khác."
		case ce.Field == "replaces" && ce.Code == cases.ENotFound:
			msg = "Không có đơn vị mang mã này để thay thế."
		case ce.Field == "replaces" && strings.Contains(msg, "replace itself"):
			msg = "Đơn vị không thể thay thế chính nó: chọn mã mới cho đơn vị mới."
		case ce.Field == "replaces" && strings.Contains(msg, "of its own kind"):
			msg = "Chỉ thay thế được đơn vị cùng loại: phòng, ban thay phòng, ban; UBND cấp dưới thay UBND cấp dưới; cơ quan thay cơ quan."
		default:
			field, msg = viError(err)
		}
	}
	if !slices.Contains(unitFields, field) {
		field = ""
	}
	return field, msg
}

// settingsAdmin is the calendar and the plan in force, for an admin only.
func (s *Server) settingsAdmin(c *gin.Context) (*settingsState, bool) {
	if userOf(c).Role != cases.RoleAdmin {
		s.abortPage(c, forbidden("only an admin changes the holiday table and the reception plan"))
		return nil, false
	}
	cur, err := s.settings(c.Request.Context())
	if err != nil {
		s.abortPage(c, err)
		return nil, false
	}
	return cur, true
}

// maxEditDays bounds the days one holiday form sets: the longest Tết break
// so far is nine days.
const maxEditDays = 16

// holidaySubmit records a day, or a range of days of one year, of the
// holiday table: a day off, a weekend day made a working day, or a day taken
// out of the table. Each day is one append-only edit with who and when;
// every deadline counts with it from the next request on.
func (s *Server) holidaySubmit(c *gin.Context) {
	cur, ok := s.settingsAdmin(c)
	if !ok {
		return
	}
	u := userOf(c)
	t := func(k string) string { return formValue(c, k) }
	hf := holidayForm{From: t("from"), To: t("to"), Kind: t("kind"), Name: formText(c, "name"),
		Source: t("source")}
	year, _ := strconv.Atoi(c.PostForm("year"))
	errs := fieldErrors{}
	from, fromOK := parseFormDate(hf.From)
	switch {
	case hf.From == "":
		errs.add("from", "Chưa nhập ngày.")
	case !fromOK:
		errs.add("from", badDate(hf.From))
	}
	to, toOK := from, fromOK
	if hf.To != "" {
		if to, toOK = parseFormDate(hf.To); !toOK {
			errs.add("to", badDate(hf.To))
		}
	}
	if fromOK {
		year = yearOf(from)
	}
	if fromOK && toOK {
		switch {
		case to < from:
			errs.add("to", "Đến ngày phải từ ngày bắt đầu trở đi.")
		case yearOf(to) != yearOf(from):
			errs.add("to", "Từ ngày và đến ngày phải trong cùng một năm: mỗi năm có bảng ngày nghỉ riêng.")
		case int(to-from) >= maxEditDays:
			errs.add("to", fmt.Sprintf("Mỗi lần nhập tối đa %d ngày liên tiếp.", maxEditDays))
		}
	}
	listed := hf.Kind == workflow.EditDayOff || hf.Kind == workflow.EditWorkingDay
	switch {
	case !listed && hf.Kind != workflow.EditOrdinary:
		errs.add("kind", "Chọn loại thay đổi trong danh sách.")
	case listed && hf.Name == "":
		errs.add("name", "Chưa nhập tên ngày (ví dụ: Nghỉ Tết Nguyên đán, Làm bù cho ngày 02/01).")
	case utf8.RuneCountInString(hf.Name) > 200:
		errs.add("name", "Tên ngày dài quá 200 ký tự.")
	}
	switch {
	case listed && hf.Source == "":
		errs.add("source", "Chưa nhập căn cứ: số, ngày của văn bản công bố lịch nghỉ.")
	case utf8.RuneCountInString(hf.Source) > 500:
		errs.add("source", "Căn cứ dài quá 500 ký tự.")
	}
	var edits []workflow.CalendarEdit
	// The admin edits its committee's calendar: the installation's for the
	// first committee's, laid over by a committee's own (SPEC §10).
	key := committeeKey(c.Request.Context())
	if len(errs) == 0 {
		now := s.now()
		for d := from; d <= to; d++ {
			if hf.Kind == workflow.EditOrdinary {
				if kind, _ := cur.cal(key).Listed(d); kind == "" {
					continue // nothing to take out
				}
			}
			e := workflow.CalendarEdit{Date: d, Kind: hf.Kind, Name: hf.Name, Source: hf.Source, RecordedAt: now, RecordedBy: u.Name,
				Committee: key}
			if err := e.Check(); err != nil {
				field := "from"
				if d != from {
					field = "to"
				}
				if ce := (*cases.Error)(nil); errors.As(err, &ce) && ce.Field != "date" {
					field = ce.Field
				}
				msg := "Giá trị không hợp lệ."
				if hf.Kind == workflow.EditWorkingDay && strings.Contains(err.Error(), "only a Saturday or Sunday") {
					msg = "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật: " + workflow.DayTitle(d) + " vốn là ngày làm việc."
				}
				errs.add(field, msg)
				break
			}
			edits = append(edits, e)
		}
		if len(errs) == 0 && len(edits) == 0 {
			msg := "Ngày " + from.VN() + " không có trong bảng ngày nghỉ: không có gì để bỏ."
			if to != from {
				msg = "Từ ngày " + from.VN() + " đến ngày " + to.VN() + " không có ngày nào trong bảng ngày nghỉ: không có gì để bỏ."
			}
			errs.add("from", msg)
		}
	}
	if len(errs) > 0 {
		c.Set(logCode, cases.EInvalid)
		s.showAdmin(c, http.StatusUnprocessableEntity, adminForms{holiday: &hf, holidayErrors: errs, year: year})
		return
	}
	rows := make([]cases.CalendarEdit, len(edits))
	for i, e := range edits {
		rows[i] = cases.CalendarEdit(e)
	}
	if _, err := s.cfg.Store.AddCalendarEdits(c.Request.Context(), rows); err != nil {
		s.abortPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin?year=%d&ok=%s#holidays", year, url.QueryEscape(holidayDone(hf, edits))))
}

// holidayDone says what a holiday form recorded.
func holidayDone(hf holidayForm, edits []workflow.CalendarEdit) string {
	first, last := edits[0].Date, edits[len(edits)-1].Date
	days := first.VN()
	if len(edits) > 1 {
		days = fmt.Sprintf("%d ngày từ %s đến %s", len(edits), first.VN(), last.VN())
	}
	var done string
	switch hf.Kind {
	case workflow.EditDayOff:
		done = "Đã ghi ngày nghỉ " + days + " (" + hf.Name + ")."
		if len(edits) > 1 {
			done = "Đã ghi " + days + " là ngày nghỉ (" + hf.Name + ")."
		}
	case workflow.EditWorkingDay:
		done = "Đã ghi ngày làm bù " + days + " (" + hf.Name + ")."
		if len(edits) > 1 {
			done = "Đã ghi " + days + " là ngày làm bù (" + hf.Name + ")."
		}
	default:
		done = "Đã bỏ " + days + " khỏi bảng ngày nghỉ."
	}
	return done + " Mọi thời hạn được tính lại theo bảng mới."
}

// daySeparators split the days of the month as typed: "9, 24", "9;24", "9 24".
var daySeparators = regexp.MustCompile(`[,;\s]+`)

// receptionSubmit records a new period of the reception plan: the days, the
// rule for a day off and the leaders from a date on. The whole plan is kept
// as a new version with who and when; the days before the period keep the
// plan they had.
func (s *Server) receptionSubmit(c *gin.Context) {
	cur, ok := s.settingsAdmin(c)
	if !ok {
		return
	}
	u := userOf(c)
	t := func(k string) string { return formValue(c, k) }
	pf := planForm{From: t("from"), Days: t("days"), Weekdays: c.PostFormArray("weekdays"), Move: t("move"),
		Leaders: t("leaders"), Source: t("source")}
	pf.Version, _ = strconv.ParseInt(c.PostForm("version"), 10, 64)
	refuse := func(status int, errs fieldErrors) {
		c.Set(logCode, cases.EInvalid)
		s.showAdmin(c, status, adminForms{plan: &pf, planErrors: errs})
	}
	errs := fieldErrors{}
	if cur.planFile {
		errs.add("", "Lịch tiếp định kỳ đang lấy theo tệp được chỉ định khi khởi động (--reception): sửa tệp đó, "+
			"hoặc khởi động lại không có --reception để sửa lịch tại đây.")
		refuse(http.StatusConflict, errs)
		return
	}
	p := workflow.ReceptionPeriod{Move: workflow.MoveRule(pf.Move), Source: pf.Source}
	from, fromOK := parseFormDate(pf.From)
	switch {
	case pf.From == "":
		errs.add("from", "Chưa nhập ngày bắt đầu áp dụng.")
	case !fromOK:
		errs.add("from", badDate(pf.From))
	}
	p.From = from
	for _, f := range daySeparators.Split(pf.Days, -1) {
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		switch {
		case err != nil || n < 1 || n > 31:
			errs.add("days", "Các ngày trong tháng là số từ 1 đến 31, cách nhau bằng dấu phẩy (ví dụ: 9, 24).")
		case slices.Contains(p.DaysOfMonth, n):
			errs.add("days", fmt.Sprintf("Ngày %d được nhập hai lần.", n))
		}
		p.DaysOfMonth = append(p.DaysOfMonth, n)
	}
	for _, w := range pf.Weekdays {
		if !slices.ContainsFunc(workflow.Weekdays, func(x struct{ Name, Label string }) bool { return x.Name == w }) {
			errs.add("weekdays", "Chọn thứ trong tuần trong danh sách (thứ Hai đến thứ Sáu).")
		}
	}
	p.Weekdays = pf.Weekdays
	if len(p.DaysOfMonth) == 0 && len(p.Weekdays) == 0 {
		errs.add("days", "Chọn ít nhất một ngày trong tháng hoặc một thứ trong tuần.")
	}
	if !p.Move.Valid() {
		errs.add("move", "Chọn cách tiếp khi trùng ngày nghỉ trong danh sách.")
	}
	for _, l := range strings.Split(pf.Leaders, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			if len(l) > 200 {
				errs.add("leaders", "Mỗi người chủ trì ghi tối đa 200 ký tự.")
			}
			p.Leaders = append(p.Leaders, l)
		}
	}
	if len(p.Leaders) == 0 {
		errs.add("leaders", "Nhập ít nhất một người chủ trì (mỗi dòng một người; nhiều người thì luân phiên).")
	}
	if utf8.RuneCountInString(pf.Source) > 500 {
		errs.add("source", "Căn cứ dài quá 500 ký tự.")
	}
	if len(errs) > 0 {
		refuse(http.StatusUnprocessableEntity, errs)
		return
	}
	key := committeeKey(c.Request.Context())
	plan, err := cur.plan(key).WithPeriod(p)
	if err != nil {
		field, msg := viError(err)
		for _, f := range []struct{ suffix, input string }{{".days_of_month", "days"}, {".weekdays", "weekdays"},
			{".leaders", "leaders"}, {".move", "move"}, {".from", "from"}} {
			if strings.Contains(field, f.suffix) {
				field = f.input
			}
		}
		if !slices.Contains([]string{"days", "weekdays", "leaders", "move", "from"}, field) {
			field = ""
		}
		errs.add(field, msg)
		refuse(http.StatusUnprocessableEntity, errs)
		return
	}
	b, err := json.Marshal(plan)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	note := p.Describe()
	_, err = s.cfg.Store.AddReceptionPlan(c.Request.Context(), cases.ReceptionEdit{Plan: string(b), Note: note,
		RecordedAt: s.now(), RecordedBy: u.Name, Committee: key}, pf.Version)
	if cases.ErrorCode(err) == cases.EConflict {
		errs.add("", "Lịch tiếp vừa được người khác sửa. Xem lịch đang áp dụng bên dưới rồi lưu lại.")
		// The form goes on from the version now in force.
		if now, err := s.settings(c.Request.Context()); err == nil {
			pf.Version = now.planVersionOf(key)
		}
		refuse(http.StatusConflict, errs)
		return
	}
	if err != nil {
		s.abortPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin?ok="+url.QueryEscape("Đã lưu lịch tiếp định kỳ. "+note+".")+"#reception-days")
}
