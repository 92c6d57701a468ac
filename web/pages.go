package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/workflow"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages are the page templates, parsed once at start: each page is its own
// set of the layout and the page's content.
type pages struct {
	sets map[string]*template.Template
}

var pageNames = []string{"login", "petitions", "petition", "report", "error", "desk", "receipt", "inbox", "admin"}

// pagePartials are the templates a page uses beside the layout and its own.
var pagePartials = map[string][]string{
	"petition": {"templates/petition_forms.html"},
	"inbox":    {"templates/petition_forms.html"},
}

var templateFuncs = template.FuncMap{
	"time": func(t time.Time) string { return t.In(cases.Zone).Format("15:04 02/01/2006") },
	"timep": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(cases.Zone).Format("15:04 02/01/2006")
	},
	"date":  func(d cases.Date) string { return d.VN() },
	"count": report.FormatCount,
	"hhmm":  func(t time.Time) string { return t.In(cases.Zone).Format("15:04") },
	"datep": func(d *cases.Date) string {
		if d == nil {
			return ""
		}
		return d.VN()
	},
}

func parsePages() (*pages, error) {
	p := &pages{sets: map[string]*template.Template{}}
	for _, name := range pageNames {
		files := append([]string{"templates/layout.html", "templates/" + name + ".html"}, pagePartials[name]...)
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("web: page %s: %w", name, err)
		}
		p.sets[name] = t
	}
	return p, nil
}

// layout is what every page's frame shows.
type layout struct {
	Title string
	User  *User
	CSRF  string
}

func (s *Server) layout(c *gin.Context, title string) layout {
	l := layout{Title: title}
	if u, ok := c.Get(userKey); ok {
		l.User = u.(*User)
	}
	l.CSRF = c.GetString(csrfKey)
	return l
}

// render writes a page; a template that fails is an internal error logged
// before anything is sent.
func (s *Server) render(c *gin.Context, status int, name string, data any) {
	var b bytes.Buffer
	if err := s.pages.sets[name].ExecuteTemplate(&b, "layout", data); err != nil {
		c.Set(logErr, err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("internal error\n"))
		c.Abort()
		return
	}
	c.Header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Referrer-Policy", "same-origin")
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", b.Bytes())
}

type errorPage struct {
	layout
	Status  int
	Message string
}

// errorTitles are the headings of the error page by status; any other
// status is "Lỗi".
var errorTitles = map[int]string{
	http.StatusNotFound:            "Không tìm thấy",
	http.StatusForbidden:           "Không có quyền",
	http.StatusInternalServerError: "Lỗi hệ thống",
	http.StatusConflict:            "Không thực hiện được",
	http.StatusUnprocessableEntity: "Dữ liệu không hợp lệ",
	http.StatusMethodNotAllowed:    "Thao tác không hợp lệ",

	http.StatusRequestEntityTooLarge: "Dữ liệu quá lớn",
	http.StatusServiceUnavailable:    "Tạm thời không ghi được",
}

// abortPage answers a page request with err, in Vietnamese (viError); the
// English text is for the log only, an internal error's whole text too.
func (s *Server) abortPage(c *gin.Context, err error) {
	e := errorOf(err)
	status := statusOf(err)
	c.Set(logCode, e.Code)
	if status >= 500 {
		c.Set(logErr, err)
	}
	title, ok := errorTitles[status]
	if !ok {
		title = "Lỗi"
	}
	s.render(c, status, "error", errorPage{layout: s.layout(c, title), Status: status, Message: e.MessageVI})
	c.Abort()
}

type option struct {
	Value, Label string
	Selected     bool
}

type petitionPage struct {
	layout
	D *petitionDetail
	// Secret says whether the petitioner's identity is protected and why,
	// or why it is not, when a rule or a decision made it so.
	Secret   string
	Units    cases.UnitNames
	Timeline []timelineItem
	Dues     []dueView
	Set      formSet
	Error    string
	Notice   string // the event just recorded
	Words    petitionWords
}

func (s *Server) petitionPage(c *gin.Context) {
	s.showPetition(c, http.StatusOK, "", "", "")
}

// showPetition renders a petition's page; after a refused event, failed is
// its op, and field and msg say what was wrong (in Vietnamese), shown next to
// the form with what was typed.
func (s *Server) showPetition(c *gin.Context, status int, failed cases.Op, field, msg string) {
	u := userOf(c)
	ref := c.Param("ref")
	c.Set(logRef, ref)
	rv := newReveals(u, "page /petitions/:ref")
	d, err := s.detail(c.Request.Context(), u, ref, rv)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	if err := s.writeReveals(c.Request.Context(), rv); err != nil {
		s.abortPage(c, err)
		return
	}
	units, err := s.cfg.Store.Units(c.Request.Context())
	if err != nil {
		s.abortPage(c, err)
		return
	}
	names := cases.NamesOf(units)
	pg := petitionPage{layout: s.layout(c, "Đơn "+ref), D: d, Units: names, Timeline: timeline(d.History, names),
		Dues: dueViews(d.Petition, d.Deadlines, cases.DateOf(s.now()))}
	pg.Set = formSet{Ref: ref, CSRF: pg.CSRF, Back: safeBack(c.PostForm("back"))}
	if slices.Contains(d.Allowed, cases.OpRoute) {
		// A route goes to a unit in force, not to one another replaced.
		if units, err = s.unitsInForce(c.Request.Context()); err != nil {
			s.abortPage(c, err)
			return
		}
	}
	for _, op := range d.Allowed {
		pg.Set.Forms = append(pg.Set.Forms, formFor(op, units, d.Petition))
	}
	if n := len(pg.Timeline); n > 0 && failed == "" && string(d.History[n-1].Command.Op) == c.Query("recorded") {
		// Only the petition's last event: a notice of what its history holds.
		pg.Notice = recordedNotice(c, ref, pg.Timeline[n-1].Label)
	}
	pg.Secret = secretStatus(d.Petition)
	if u.may(cases.OpSecret) {
		pg.Set.Forms = append(pg.Set.Forms, secretForm(d.Petition))
	}
	if u.mayPlanDialogue(d.Petition) {
		pg.Set.Forms = append(pg.Set.Forms, formFor(cases.OpDialogue, nil, d.Petition))
	}
	pg.Words = wordsOf(d.Petition)
	if failed != "" {
		if !slices.Contains(d.Allowed, failed) && (failed != cases.OpSecret || !u.may(cases.OpSecret)) &&
			(failed != cases.OpDialogue || !u.mayPlanDialogue(d.Petition)) {
			pg.Error = msg
		}
		fillForms(pg.Set.Forms, failed, func(k string) string { return c.PostForm(k) }, field, msg)
	}
	s.render(c, status, "petition", pg)
}

// checkDialogue checks a dialogue planned from the petition page: the page
// offers it to u on this petition (mayPlanDialogue), and its date is one a
// dialogue can be planned for (workflow.CheckDialogue).
func (s *Server) checkDialogue(ctx context.Context, u *User, cmd *cases.Command) error {
	p, err := s.cfg.Store.Petition(ctx, cmd.Petition)
	if err != nil {
		return err
	}
	if !u.inScope(p) {
		return notRouted("", p.Ref, u.Unit)
	}
	if u.Role != cases.RoleHead && u.Role != cases.RoleLeader && u.Role != cases.RoleAdmin {
		return forbiddenField("op", "a %s does not plan dialogues from the petition page", u.Role)
	}
	dl, err := s.deadlineContext(ctx)
	if err != nil {
		return err
	}
	return workflow.CheckDialogue(p, cmd, dl.cals.Handling(p))
}

// safeBack is where a form may send the user after it succeeds: a path of
// this site, never another site.
func safeBack(back string) string {
	path, _, _ := strings.Cut(back, "?")
	dec, err := url.PathUnescape(path)
	if err != nil || !utf8.ValidString(back) {
		return ""
	}
	// The whole of it must read as a URL of this site (a fragment or query
	// a browser cannot parse is no place to go back to).
	if u, err := url.Parse(back); err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	}
	bad := func(r rune) bool { return r == '\\' || unicode.IsSpace(r) || unicode.IsControl(r) }
	// Browsers drop tabs and line breaks from a URL and read "\" as "/":
	// "/\t/evil.example/" and "/\\evil.example" would lead off the site. The
	// path is judged as sent and decoded; the query only as sent, where an
	// encoded space is a search's.
	if strings.ContainsFunc(back, bad) || strings.ContainsFunc(dec, bad) {
		return ""
	}
	for _, p := range []string{path, dec} {
		if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
			return ""
		}
	}
	return back
}

// eventSubmit applies a workflow event sent from a petition's page or the
// inbox, through the same checks as the API. A refused event shows the page
// again with what was typed and the error next to its field.
func (s *Server) eventSubmit(c *gin.Context) {
	u := userOf(c)
	ref := c.Param("ref")
	cmd, err := commandFromForm(c, ref, s.now())
	c.Set(logRef, ref)
	setLogOp(c, cmd.Op)
	if err == nil && cmd.Op == cases.OpDialogue {
		err = s.checkDialogue(c.Request.Context(), u, &cmd)
	}
	if err == nil {
		_, err = s.execute(c.Request.Context(), u, cmd)
	}
	if err != nil {
		e := errorOf(err)
		c.Set(logCode, e.Code)
		if statusOf(err) >= 500 {
			c.Set(logErr, err)
		}
		if !shownOnForm(err) || e.Code == cases.ENotFound {
			s.abortPage(c, err)
			return
		}
		field, msg := viError(err)
		s.showPetition(c, statusOf(err), cmd.Op, field, msg)
		return
	}
	target := "/petitions/" + url.PathEscape(ref)
	if back := safeBack(c.PostForm("back")); back != "" {
		target = back
	}
	c.Redirect(http.StatusSeeOther, withRecorded(target, ref, cmd.Op))
}

// withRecorded is the page to show after op was recorded on petition ref,
// saying so: ?recorded=OP&recorded_ref=REF, which the petition page and the
// inbox turn into a notice (recordedNotice), and on the inbox the row.
func withRecorded(target, ref string, op cases.Op) string {
	u, err := url.Parse(target)
	if err != nil {
		return target
	}
	q := u.Query()
	q.Set("recorded", string(op))
	q.Set("recorded_ref", ref)
	u.RawQuery = q.Encode()
	if u.Path == "/inbox" {
		u.Fragment = "row-" + ref
	}
	return u.String()
}

// recordedNotice is the notice of an event just recorded on p from the
// petition page or the inbox (withRecorded), in p's words, when the request
// says one was and it was on p: "Đã ghi: Thụ lý — đơn DON-…". label names
// the event; "" when there is nothing to say.
func recordedNotice(c *gin.Context, ref, label string) string {
	if label == "" || c.Query("recorded_ref") != ref {
		return ""
	}
	return "Đã ghi: " + label + " — đơn " + ref + "."
}

// eventForm is the form of one workflow event on a petition's page.
type eventForm struct {
	Op     cases.Op
	Label  string
	Fields []formField
	// A refused form: open, with what was typed and the errors.
	Open    bool
	At      string
	AtError string
	Error   string
}

type formField struct {
	Name, Label string
	Kind        string // select, text, number, checkbox
	Options     []option
	List        []option // suggestions of a text field
	Required    bool
	// Value is what was typed in a refused form (Set says there was one).
	Value string
	Set   bool
	Error string
	// Proposals, on a route's method, are the methods proposed for each
	// destination (data-propose), which the page's script selects when the
	// destination changes, until the officer picks a method.
	Proposals string
}

// methodProposals are the methods proposed for a petition of type t by
// destination, as "own=assign lower=transfer …" (workflow.ProposedMethod).
func methodProposals(t cases.Type) string {
	var parts []string
	for _, d := range []cases.Destination{cases.ToOwn, cases.ToLower, cases.ToJudicial, cases.ToOther} {
		parts = append(parts, string(d)+"="+string(workflow.ProposedMethod(t, d)))
	}
	return strings.Join(parts, " ")
}

func options[T interface{ ~string }](vals []T, label func(T) string) []option {
	out := make([]option, len(vals))
	for i, v := range vals {
		out[i] = option{Value: string(v), Label: label(v)}
	}
	return out
}

// secondInstance reports whether p is a complaint of the second instance,
// whose resolution records what it did to the first-instance decision.
func secondInstance(p *cases.Petition) bool {
	return p != nil && p.Type == cases.Complaint && p.Instance == 2
}

// formFor is the form of op on petition p (nil: any petition), with the
// fields of the event beside at, in the words of p's law (cases/words.go):
// a denunciation's verdict "Sai sự thật", its "Số kết luận", "Thực hiện kết
// luận"; "Dừng xử lý" before acceptance. A route proposes the method the law
// expects for p's type (workflow.ProposedMethod).
func formFor(op cases.Op, units []cases.Unit, p *cases.Petition) eventForm {
	if p == nil {
		p = &cases.Petition{}
	}
	f := eventForm{Op: op, Label: p.OpLabel(op)}
	switch op {
	case cases.OpClassify:
		f.Fields = []formField{
			{Name: "type", Label: "Loại đơn", Kind: "select", Options: options([]cases.Type{cases.Complaint, cases.Denunciation, cases.Recommendation, cases.Reflection}, cases.Type.Label)},
			{Name: "field", Label: "Lĩnh vực", Kind: "select", Options: options([]cases.Field{cases.FieldLand, cases.FieldHousing, cases.FieldPolicy, cases.FieldCivilService, cases.FieldCorruption, cases.FieldJudicial, cases.FieldParty, cases.FieldOther}, cases.Field.Label)},
			{Name: "eligible", Label: "Đủ điều kiện xử lý", Kind: "checkbox"},
			{Name: "complex", Label: "Tính chất", Kind: "select", Options: options([]cases.Complexity{cases.Simple, cases.Complex, cases.VeryComplex}, cases.Complexity.Label)},
			{Name: "instance", Label: "Lần giải quyết", Kind: "select", Options: []option{{Value: "1", Label: "Lần đầu"}, {Value: "2", Label: "Lần hai (khiếu nại lần hai, tố cáo tiếp)"}}},
			{Name: "several_places", Label: "Tố cáo phải xác minh tại nhiều địa điểm", Kind: "checkbox"},
		}
	case cases.OpRoute:
		var list []option
		for _, u := range units {
			if u.Kind != cases.Own {
				list = append(list, option{Value: u.Ref, Label: u.Name})
			}
		}
		f.Fields = []formField{
			{Name: "to", Label: "Chuyển đến", Kind: "select", Options: options([]cases.Destination{cases.ToOwn, cases.ToLower, cases.ToJudicial, cases.ToOther}, cases.Destination.Label)},
			{Name: "unit", Label: "Đơn vị (mã) hoặc cơ quan", Kind: "text", List: list, Required: true},
			{Name: "method", Label: "Hình thức", Kind: "select", Options: options([]cases.Method{cases.Assign, cases.Guide, cases.Transfer, cases.Urge}, cases.Method.Label),
				Value: string(workflow.ProposedMethod(p.Type, cases.ToOwn)), Proposals: methodProposals(p.Type)},
		}
	case cases.OpArchive:
		f.Fields = []formField{
			{Name: "reason", Label: "Lý do", Kind: "select", Options: options([]cases.ArchiveReason{cases.Duplicate, cases.Anonymous, cases.Unclear, cases.NotEligible, cases.OtherReason}, cases.ArchiveReason.Label)},
			{Name: "duplicate_of", Label: "Trùng với đơn", Kind: "text"},
		}
	case cases.OpReject, cases.OpSuspend:
		f.Fields = []formField{{Name: "reason", Label: "Lý do, căn cứ", Kind: "text", Required: true}}
	case cases.OpTerminate:
		f.Fields = []formField{{Name: "reason", Label: "Lý do", Kind: "select", Options: []option{{Value: "withdrawn", Label: "Rút đơn"}, {Value: "other", Label: "Lý do khác"}}}}
	case cases.OpExtend:
		f.Fields = []formField{{Name: "days", Label: "Số ngày", Kind: "number", Required: true}}
	case cases.OpSecret:
		f.Fields = []formField{
			{Name: "protected", Kind: "hidden"},
			{Name: "reason", Label: "Lý do", Kind: "text", Required: true},
		}
	case cases.OpResolve:
		f.Fields = []formField{
			{Name: "verdict", Label: "Kết quả", Kind: "select", Options: options(cases.VerdictsFor(p.Type),
				func(v cases.Verdict) string { return v.LabelFor(p.Type) })},
			{Name: "decision", Label: "Số " + cases.OutcomeWord(p.Type), Kind: "text"},
		}
		if secondInstance(p) {
			f.Fields = append(f.Fields, formField{Name: "outcome", Label: "Đối với quyết định giải quyết lần đầu", Kind: "select",
				Options: append([]option{{Value: "", Label: "— chưa ghi —"}}, options(cases.Outcomes, cases.Outcome.Label)...)})
		}
	case cases.OpDialogue:
		f.Fields = []formField{
			{Name: "on", Label: "Ngày đối thoại", Kind: "date", Required: true},
			{Name: "place", Label: "Địa điểm", Kind: "text"},
		}
	}
	return f
}

// commandFromForm builds the command a petition page's form sends: its op,
// the petition, at (a local date and time in +07:00, now when empty) and the
// fields of its op only.
func commandFromForm(c *gin.Context, ref string, now time.Time) (cases.Command, error) {
	cmd := cases.Command{Op: cases.Op(c.PostForm("op")), Petition: ref}
	if at := c.PostForm("at"); at != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", at, cases.Zone)
		if err != nil {
			return cmd, cases.FieldErrorf("at", "%q is not a date and time", at)
		}
		cmd.At = t.Format(time.RFC3339)
	} else {
		cmd.At = now.In(cases.Zone).Format(time.RFC3339)
	}
	if !cmd.Op.Creates() {
		// A resolve's form may carry the outcome (a second-instance
		// complaint's); the workflow refuses it on any other petition.
		for _, fld := range formFor(cmd.Op, nil, &cases.Petition{Type: cases.Complaint, Instance: 2}).Fields {
			v := strings.TrimSpace(c.PostForm(fld.Name))
			var err error
			switch fld.Name {
			case "type":
				cmd.Type = cases.Type(v)
			case "field":
				cmd.Field = cases.Field(v)
			case "eligible":
				e := v != ""
				cmd.Eligible = &e
			case "complex":
				cmd.Complex = cases.Complexity(v)
			case "several_places":
				cmd.SeveralPlaces = v != ""
			case "instance":
				cmd.Instance, err = atoiField("instance", v)
			case "to":
				cmd.To = cases.Destination(v)
			case "unit":
				cmd.Unit = v
			case "method":
				cmd.Method = cases.Method(v)
			case "reason":
				cmd.Reason = v
			case "protected":
				if v != "" {
					b := v == "true"
					cmd.Protected = &b
				}
			case "duplicate_of":
				cmd.DuplicateOf = v
			case "days":
				cmd.Days, err = atoiField("days", v)
			case "verdict":
				cmd.Verdict = cases.Verdict(v)
			case "decision":
				cmd.Decision = v
			case "outcome":
				cmd.Outcome = cases.Outcome(v)
			case "on":
				cmd.On = v
			case "place":
				cmd.Place = strings.Join(strings.Fields(v), " ")
			}
			if err != nil {
				return cmd, err
			}
		}
	}
	return cmd, nil
}

func atoiField(field, v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, cases.FieldErrorf(field, "%q is not a number", v)
	}
	return n, nil
}

// formValue is a form field as typed, without the spaces around it.
func formValue(c *gin.Context, k string) string { return strings.TrimSpace(c.PostForm(k)) }

// formText is a form field of free text, its runs of spaces made one.
func formText(c *gin.Context, k string) string {
	return strings.Join(strings.Fields(c.PostForm(k)), " ")
}
