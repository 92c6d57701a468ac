package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
	"golang.org/x/text/unicode/norm"
)

// The reception desk (bàn tiếp công dân): today's sessions, a search of the
// citizen or the matter with their earlier visits, and the visit form that
// records a petition and its visit — and, when they are known, its
// classification and route — through the same command path as the API.

// GroupThreshold is the number of people from which a visit is a group
// (đoàn đông người, SPEC §1).
const GroupThreshold = 5

// deskSearchLimit bounds the petitions a desk search shows.
const deskSearchLimit = 10

// visitForm is what the visit form carries, as typed: a refused form is shown
// again with every value.
type visitForm struct {
	PetitionRef, VisitRef string
	Join                  string // the ref of an earlier petition the visit is about
	At                    string
	Session               string
	Name, IDNumber        string
	Address, Phone        string
	People                string
	Summary               string
	FollowUp              string
	Online                bool // tiếp trực tuyến
	ConfirmNew            bool
	Type, Field           string
	Eligible              bool
	SeveralPlaces         bool // a denunciation verified at several places
	Complex, Instance     string
	To, Unit, Method      string
	// Filled and IdentityHidden are not typed: the form about an earlier
	// petition was filled from its last visitor, or left empty because
	// that identity is protected from the user (lastVisitor).
	Filled, IdentityHidden bool
}

// sessionForm is the form that opens a session today.
type sessionForm struct {
	Ref, Kind, PresidedBy, Location string
	Delegated, Online               bool
}

// deskSession is one of today's sessions with its visits so far.
type deskSession struct {
	cases.Session
	Visits, People int
}

// deskMatch is a petition found by the desk's search, with its visits.
type deskMatch struct {
	P         *cases.Petition
	Masked    bool
	Visits    []cases.Visit
	names     []string // the petitioner's and visitors' names, none when protected
	Duplicate bool     // same petitioner, still open: a new petition would likely duplicate it
	AtDesk    bool     // still received or classified
}

type deskPage struct {
	layout
	Today          cases.Date
	Sessions       []deskSession
	SessionForm    sessionForm
	SessionErrors  fieldErrors
	Q              string
	Searched       bool
	Matches        []deskMatch
	Join           *deskMatch
	Form           visitForm
	Errors         fieldErrors
	Notice         string
	GroupThreshold int
	Group          bool
	Kinds          []option
	Types          []option
	Fields         []option
	Complexities   []option
	Destinations   []option
	Methods        []option
	// MethodProposals are the methods proposed by type and destination
	// (workflow.ProposedMethod), as "type/dest=method …", for the script
	// that follows the officer's choices.
	MethodProposals string
	Units           []option
}

func (s *Server) deskPage(c *gin.Context) {
	u := userOf(c)
	if !u.Desk() {
		s.abortPage(c, forbidden("a %s does not work at the reception desk", u.Role))
		return
	}
	now := s.now()
	form := visitForm{PetitionRef: newRef("DON", now), VisitRef: newRef("LT", now), At: localMinute(now), People: "1",
		Eligible: true, Join: c.Query("petition"), Session: c.Query("session")}
	if form.Join != "" {
		var err error
		if form.IdentityHidden, err = s.lastVisitor(c, u, &form); err != nil {
			s.abortPage(c, err)
			return
		}
	}
	s.showDesk(c, http.StatusOK, form, sessionForm{Ref: newRef("KT", now), Kind: string(cases.Periodic)}, nil, nil, norm.NFC.String(c.Query("q")))
}

// lastVisitor fills the citizen of the form about an earlier petition from
// the petition's last visit that recorded one, else its petitioner as
// recorded: the citizen who comes back is most often the one who came
// last. When that identity is protected from the user (reveals.citizen),
// the fields stay empty and hidden is true. A petition the user may not read
// fills nothing: the desk says so when it shows the form.
func (s *Server) lastVisitor(c *gin.Context, u *User, f *visitForm) (hidden bool, err error) {
	ctx := c.Request.Context()
	p, err := s.cfg.Store.Petition(ctx, f.Join)
	if cases.ErrorCode(err) == cases.ENotFound || (err == nil && !u.inScope(p)) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	history, err := s.cfg.Store.History(ctx, f.Join)
	if err != nil {
		return false, err
	}
	var last *cases.Event
	for i, e := range history {
		if (e.Command.Op == cases.OpVisit && e.Command.Citizen != nil) || (last == nil && e.Command.Op == cases.OpPetition) {
			last = &history[i]
		}
	}
	if last == nil {
		return false, nil
	}
	rv := newReveals(u, "page /desk?petition= (the form filled)")
	who, masked := rv.citizen(p, *last)
	if masked {
		return true, nil
	}
	if err := s.writeReveals(ctx, rv); err != nil {
		return false, err
	}
	f.Name, f.IDNumber, f.Address, f.Phone = who.Name, who.IDNumber, who.Address, who.Phone
	f.Filled = true
	return false, nil
}

// showDesk renders the desk with the forms as given and their errors.
func (s *Server) showDesk(c *gin.Context, status int, form visitForm, sf sessionForm, errs, serrs fieldErrors, q string) {
	ctx := c.Request.Context()
	u := userOf(c)
	today := cases.DateOf(s.now())
	pg := deskPage{layout: s.layout(c, "Bàn tiếp công dân"), Today: today, Form: form, SessionForm: sf,
		Errors: errs, SessionErrors: serrs, Q: strings.TrimSpace(q), GroupThreshold: GroupThreshold}
	if pg.Errors == nil {
		pg.Errors = fieldErrors{}
	}
	if pg.SessionErrors == nil {
		pg.SessionErrors = fieldErrors{}
	}
	if n, err := strconv.Atoi(form.People); err == nil && n >= GroupThreshold {
		pg.Group = true
	}
	pg.Notice = c.Query("ok")
	sessions, err := s.todaySessions(ctx, today)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	pg.Sessions = sessions
	rv := newReveals(u, "page /desk")
	if pg.Q != "" {
		pg.Searched = true
		pg.Matches, err = s.deskSearch(ctx, u, pg.Q, form.Name, rv)
		if err != nil {
			s.abortPage(c, err)
			return
		}
	} else if form.Name != "" && errs["name"] != "" {
		// A likely duplicate refused the form: show what it duplicates.
		pg.Matches, err = s.deskSearch(ctx, u, form.Name, form.Name, rv)
		if err != nil {
			s.abortPage(c, err)
			return
		}
	}
	if form.Join != "" {
		// The form about an earlier petition shows its ref, state, summary
		// and visits, never its petitioner: no reveal to log.
		m, err := s.deskMatchOf(ctx, u, form.Join, newReveals(u, ""))
		if err != nil && cases.ErrorCode(err) != cases.ENotFound {
			s.abortPage(c, err)
			return
		}
		if err == nil {
			pg.Join = m
		} else {
			pg.Errors.add("join", "Không có đơn "+form.Join+".")
		}
	}
	if err := s.writeReveals(ctx, rv); err != nil {
		s.abortPage(c, err)
		return
	}
	units, err := s.unitsInForce(ctx)
	if err != nil {
		s.abortPage(c, err)
		return
	}
	pg.Kinds = []option{{Value: string(cases.Periodic), Label: cases.Periodic.Label()}, {Value: string(cases.AdHoc), Label: cases.AdHoc.Label()}}
	pg.Types = append([]option{{Value: "", Label: "— chưa phân loại —"}}, options([]cases.Type{cases.Complaint, cases.Denunciation, cases.Recommendation, cases.Reflection}, cases.Type.Label)...)
	pg.Fields = options([]cases.Field{cases.FieldLand, cases.FieldHousing, cases.FieldPolicy, cases.FieldCivilService, cases.FieldCorruption, cases.FieldJudicial, cases.FieldParty, cases.FieldOther}, cases.Field.Label)
	pg.Complexities = options([]cases.Complexity{cases.Simple, cases.Complex, cases.VeryComplex}, cases.Complexity.Label)
	pg.Destinations = append([]option{{Value: "", Label: "— chưa chuyển —"}}, options([]cases.Destination{cases.ToOwn, cases.ToLower, cases.ToJudicial, cases.ToOther}, cases.Destination.Label)...)
	pg.Methods = options([]cases.Method{cases.Assign, cases.Guide, cases.Transfer, cases.Urge}, cases.Method.Label)
	// The desk proposes the method the law expects: a denunciation sent
	// away is transferred, not guided (Luật Tố cáo 2018, Điều 24 khoản 2).
	if form.Method == "" {
		form.Method = string(workflow.ProposedMethod(cases.Type(form.Type), cases.Destination(form.To)))
	}
	var proposals []string
	for _, t := range []cases.Type{"", cases.Complaint, cases.Denunciation, cases.Recommendation, cases.Reflection} {
		for _, d := range []cases.Destination{"", cases.ToOwn, cases.ToLower, cases.ToJudicial, cases.ToOther} {
			proposals = append(proposals, string(t)+"/"+string(d)+"="+string(workflow.ProposedMethod(t, d)))
		}
	}
	pg.MethodProposals = strings.Join(proposals, " ")
	for _, un := range units {
		if un.Kind != cases.Own {
			pg.Units = append(pg.Units, option{Value: un.Ref, Label: un.Name + " (" + un.Kind.Label() + ")"})
		}
	}
	for _, list := range [][]option{pg.Types, pg.Fields, pg.Complexities, pg.Destinations, pg.Methods} {
		for i := range list {
			switch list[i].Value {
			case form.Type, form.Field, form.Complex, form.To, form.Method:
				list[i].Selected = true
			}
		}
	}
	for i := range pg.Kinds {
		pg.Kinds[i].Selected = pg.Kinds[i].Value == sf.Kind
	}
	s.render(c, status, "desk", pg)
}

// SessionReader is what the reception desk reads of the sessions, beside
// Store: the sessions dated between two days (inclusive) and their visits,
// without the citizens.
type SessionReader interface {
	SessionsBetween(ctx context.Context, from, to cases.Date) ([]cases.Session, []cases.Visit, error)
}

// todaySessions lists the sessions held today with their visits so far.
func (s *Server) todaySessions(ctx context.Context, today cases.Date) ([]deskSession, error) {
	sessions, visits, err := s.cfg.Store.SessionsBetween(ctx, today, today)
	if err != nil {
		return nil, err
	}
	out := make([]deskSession, len(sessions))
	for i, se := range sessions {
		out[i].Session = se
		for _, v := range visits {
			if v.Session == se.Ref {
				out[i].Visits++
				out[i].People += v.People
			}
		}
	}
	return out, nil
}

// sessionSubmit opens a session today.
func (s *Server) sessionSubmit(c *gin.Context) {
	u := userOf(c)
	now := s.now()
	sf := sessionForm{Ref: c.PostForm("ref"), Kind: c.PostForm("kind"), PresidedBy: strings.TrimSpace(c.PostForm("presided_by")),
		Location: strings.TrimSpace(c.PostForm("location")), Delegated: c.PostForm("delegated") != "",
		Online: c.PostForm("online") != ""}
	errs := fieldErrors{}
	if sf.Ref == "" {
		sf.Ref = newRef("KT", now)
	}
	if sf.PresidedBy == "" {
		errs.add("presided_by", "Chưa nhập người chủ trì.")
	}
	cmd := cases.Command{Op: cases.OpSession, Ref: sf.Ref, Kind: sf.Kind, Date: cases.DateOf(now).String(),
		PresidedBy: sf.PresidedBy, Delegated: sf.Delegated, Location: sf.Location, Online: sf.Online}
	setLogOp(c, cmd.Op)
	if len(errs) == 0 {
		if _, err := s.execute(c.Request.Context(), u, cmd); err != nil {
			if !shownOnForm(err) {
				s.abortPage(c, err)
				return
			}
			f, msg := viError(err)
			errs.add(f, msg)
		}
	}
	if len(errs) > 0 {
		c.Set(logCode, cases.EInvalid)
		s.showDesk(c, http.StatusUnprocessableEntity, visitForm{PetitionRef: newRef("DON", now), VisitRef: newRef("LT", now),
			At: localMinute(now), People: "1", Eligible: true}, sf, fieldErrors{}, errs, "")
		return
	}
	// The visits recorded next are of the session just opened.
	c.Redirect(http.StatusSeeOther, "/desk?session="+url.QueryEscape(sf.Ref)+"&ok="+url.QueryEscape("Đã mở kỳ tiếp "+sf.Ref+"."))
}

// visitFormOf reads the visit form as typed, in Unicode NFC: a name typed
// with combining marks (some keyboards of Vietnamese send them) is recorded
// precomposed, as the search and the duplicate check read names.
func visitFormOf(c *gin.Context) visitForm {
	t := func(k string) string { return norm.NFC.String(formValue(c, k)) }
	return visitForm{PetitionRef: t("petition_ref"), VisitRef: t("visit_ref"), Join: t("join"), At: t("at"),
		Session: t("session"), Name: t("name"), IDNumber: t("id_number"), Address: t("address"), Phone: t("phone"),
		People: t("people"), Summary: t("summary"), FollowUp: t("follow_up_on"), Online: t("online") != "",
		ConfirmNew: t("confirm_new") != "", Type: t("type"), Field: t("field"), Eligible: t("eligible") != "",
		SeveralPlaces: t("several_places") != "", Complex: t("complex"), Instance: t("instance"),
		To: t("to"), Unit: t("unit"), Method: t("method")}
}

// formField maps a command's field to the visit form's input.
var visitFormFields = map[string]string{
	"received_at": "at", "at": "at", "petitioner.name": "name", "citizen.name": "name",
	"petitioner.id_number": "id_number", "citizen.id_number": "id_number", "petitioner.address": "address",
	"citizen.address": "address", "petitioner.phone": "phone", "citizen.phone": "phone", "petition": "join",
	"ref": "", "follow_up_on": "follow_up_on",
}

func visitFormField(f string) string {
	if v, ok := visitFormFields[f]; ok {
		return v
	}
	return f
}

// visitSubmit records a visit: a new petition and its visit, or a visit about
// an earlier petition; then its classification and route when given. The
// form is checked whole before anything is written.
func (s *Server) visitSubmit(c *gin.Context) {
	ctx := c.Request.Context()
	u := userOf(c)
	now := s.now()
	f := visitFormOf(c)
	if f.PetitionRef == "" {
		f.PetitionRef = newRef("DON", now)
	}
	if f.VisitRef == "" {
		f.VisitRef = newRef("LT", now)
	}
	cmds, errs := s.visitCommands(ctx, u, &f, now)
	refuse := func(errs fieldErrors) {
		c.Set(logCode, cases.EInvalid)
		s.showDesk(c, http.StatusUnprocessableEntity, f, sessionForm{Ref: newRef("KT", now), Kind: string(cases.Periodic)}, errs, nil, "")
	}
	if len(errs) > 0 {
		refuse(errs)
		return
	}
	for i, cmd := range cmds {
		setLogOp(c, cmd.Op)
		c.Set(logRef, cmd.Key())
		if _, err := s.execute(ctx, u, cmd); err != nil {
			if !shownOnForm(err) {
				s.abortPage(c, err)
				return
			}
			field, msg := viError(err)
			errs = fieldErrors{}
			errs.add(visitFormField(field), msg)
			if i > 0 && cmds[0].Op == cases.OpPetition && cmd.Op != cases.OpVisit {
				// The petition and its visit are recorded: the form goes on
				// about it, with what is left to record.
				f.Join = f.PetitionRef
				errs.add("", "Đã ghi đơn "+f.PetitionRef+" và lượt tiếp; chưa ghi được "+strings.ToLower(cmd.Op.Label())+": sửa và gửi lại.")
			}
			refuse(errs)
			return
		}
	}
	petition := f.PetitionRef
	if f.Join != "" {
		petition = f.Join
	}
	c.Redirect(http.StatusSeeOther, receiptPath(petition, f.VisitRef))
}

// visitCommands checks the visit form and builds its commands, in the order
// they are sent. Every check of the form is made here, in Vietnamese, before
// any command is sent; the commands are validated too, so that only a
// refusal that depends on what is recorded can come after the first write.
func (s *Server) visitCommands(ctx context.Context, u *User, f *visitForm, now time.Time) ([]cases.Command, fieldErrors) {
	errs := fieldErrors{}
	at := now
	if f.At != "" {
		t, err := parseLocal(f.At)
		switch {
		case err != nil:
			errs.add("at", "Thời điểm không đúng dạng ngày giờ.")
		case t.After(now):
			errs.add("at", "Thời điểm không được muộn hơn hiện tại.")
		default:
			at = t
		}
	}
	atText := at.Format(time.RFC3339)
	people, err := strconv.Atoi(f.People)
	if err != nil || people < 1 || people > 10000 {
		errs.add("people", "Số người phải là một số từ 1 đến 10000.")
	}
	if f.Name == "" {
		errs.add("name", "Chưa nhập họ tên công dân.")
	}
	var join *cases.Petition
	if f.Join != "" {
		p, err := s.cfg.Store.Petition(ctx, f.Join)
		switch {
		case cases.ErrorCode(err) == cases.ENotFound:
			errs.add("join", "Không có đơn "+f.Join+".")
		case err != nil:
			errs.add("", "Lỗi hệ thống khi đọc đơn "+f.Join+".")
		default:
			join = p
		}
	} else if f.Summary == "" {
		errs.add("summary", "Chưa nhập nội dung đơn.")
	}
	kind := cases.Regular
	if f.Session != "" {
		sessions, err := s.todaySessions(ctx, cases.DateOf(at))
		if err != nil {
			errs.add("", "Lỗi hệ thống khi đọc kỳ tiếp.")
		}
		i := slices.IndexFunc(sessions, func(se deskSession) bool { return se.Ref == f.Session })
		if i < 0 {
			errs.add("session", "Không có kỳ tiếp này vào ngày của lượt tiếp.")
		} else {
			kind = sessions[i].Kind
		}
	}
	if f.FollowUp != "" {
		if _, err := cases.ParseDate(f.FollowUp); err != nil {
			errs.add("follow_up_on", "Ngày hẹn không đúng dạng ngày.")
		}
	}
	// Classification and route, for a new petition or one still at the desk.
	state := cases.Received
	if join != nil {
		state = join.State
	}
	atDesk := slices.Contains(deskStates, state)
	classify := f.Type != "" && atDesk
	route := f.To != "" && atDesk
	if classify && f.Field == "" {
		errs.add("field", "Chọn lĩnh vực khi phân loại.")
	}
	if route {
		switch {
		case !classify && state != cases.Classified:
			errs.add("to", "Phân loại đơn trước khi chuyển.")
		case f.Unit == "":
			errs.add("unit", "Chưa chọn đơn vị hoặc cơ quan nhận.")
		case cases.Destination(f.To) == cases.ToOwn || cases.Destination(f.To) == cases.ToLower:
			eligible := f.Eligible
			if !classify && join != nil {
				eligible = join.Eligible
			}
			if !eligible {
				errs.add("to", "Đơn không đủ điều kiện xử lý chỉ chuyển được cơ quan tư pháp hoặc cơ quan khác.")
			}
			units, err := s.cfg.Store.Units(ctx)
			if err != nil {
				errs.add("", "Lỗi hệ thống khi đọc đơn vị.")
			}
			want := cases.Department
			if cases.Destination(f.To) == cases.ToLower {
				want = cases.Lower
			}
			if i := slices.IndexFunc(units, func(un cases.Unit) bool { return un.Ref == f.Unit }); i < 0 || units[i].Kind != want {
				errs.add("unit", "Chọn "+map[cases.UnitKind]string{cases.Department: "một phòng, ban của cơ quan", cases.Lower: "một UBND cấp dưới"}[want]+" trong danh sách.")
			}
		}
	}
	if f.Join == "" && !f.ConfirmNew && f.Name != "" && len(errs) == 0 {
		if dup, masked, err := s.likelyDuplicate(ctx, u, f.Name, f.PetitionRef); err != nil {
			errs.add("", "Lỗi hệ thống khi tìm đơn trùng.")
		} else if dup != nil {
			errs.add("name", "Công dân này đã có đơn "+dup.Ref+" đang giải quyết: chọn «Tiếp về đơn này» bên trên nếu cùng vụ việc, hoặc đánh dấu «Vẫn ghi đơn mới».")
		} else if masked {
			errs.add("name", "Có đơn đang giải quyết của người trùng họ tên, nhưng thông tin người gửi đơn đó đang được giữ bí mật nên không hiển thị: hỏi lãnh đạo trước khi ghi; nếu là vụ việc khác, đánh dấu «Vẫn ghi đơn mới».")
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	person := &cases.Person{Name: f.Name, IDNumber: f.IDNumber, Address: f.Address, Phone: f.Phone}
	petition := f.Join
	var cmds []cases.Command
	if join == nil {
		petition = f.PetitionRef
		cp := *person
		cmds = append(cmds, cases.Command{Op: cases.OpPetition, Ref: petition, ReceivedAt: atText, Channel: cases.ByReception,
			Petitioner: &cp, People: people, Summary: f.Summary})
	}
	cmds = append(cmds, cases.Command{Op: cases.OpVisit, Ref: f.VisitRef, At: atText, Kind: string(kind), Session: f.Session,
		Petition: petition, People: people, Citizen: person, FollowUpOn: f.FollowUp, Online: f.Online})
	if classify {
		eligible := f.Eligible
		c := cases.Command{Op: cases.OpClassify, Petition: petition, At: atText, Type: cases.Type(f.Type),
			Field: cases.Field(f.Field), Eligible: &eligible, Complex: cases.Complexity(f.Complex)}
		if c.Type.Adjudicated() && f.Instance != "" {
			c.Instance, _ = strconv.Atoi(f.Instance)
		}
		// Only a denunciation may be verified at several places: the box
		// is ignored for the other types rather than refused.
		c.SeveralPlaces = f.SeveralPlaces && c.Type == cases.Denunciation
		cmds = append(cmds, c)
	}
	if route {
		method := cases.Method(f.Method)
		cmds = append(cmds, cases.Command{Op: cases.OpRoute, Petition: petition, At: atText, To: cases.Destination(f.To),
			Unit: f.Unit, Method: method})
	}
	for _, cmd := range cmds {
		if err := cmd.Validate(now); err != nil {
			field, msg := viError(err)
			errs.add(visitFormField(field), msg)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return cmds, nil
}
