package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// Paging of lists.
const (
	defaultLimit = 50
	maxLimit     = 500
)

// listQuery is what a list of petitions may be asked for.
type listQuery struct {
	State   string `form:"state"`
	Type    string `form:"type"`
	Unit    string `form:"unit"`
	Overdue bool   `form:"overdue"`
	From    string `form:"from"` // received from, YYYY-MM-DD
	To      string `form:"to"`   // received to, inclusive
	Q       string `form:"q"`    // words of the ref, the petitioner's name or the summary, or a number 125/2026
	// Search is q by the name the command line gives it (tiepdan list
	// --search): either name is understood (issue 16, point 9).
	Search string `form:"search"`
	Limit  int    `form:"limit"`
	Offset int    `form:"offset"`
}

// listParams are the names of listQuery's parameters: the API refuses any
// other, so that a misspelt filter is not silently ignored.
var listParams = func() []string {
	var out []string
	for f := range reflect.TypeFor[listQuery]().Fields() {
		out = append(out, f.Tag.Get("form"))
	}
	return out
}()

// checkListParams refuses a query parameter a list does not take, and q and
// search given different values.
func checkListParams(v url.Values) error {
	for name := range v {
		if !slices.Contains(listParams, name) {
			return cases.FieldErrorf(name, "unknown query parameter %q: a list of petitions takes %s", name, strings.Join(listParams, ", "))
		}
	}
	if q, search := v.Get("q"), v.Get("search"); q != "" && search != "" && q != search {
		return cases.FieldErrorf("search", "q and search are one parameter (the words searched): give one")
	}
	return nil
}

// petitionItem is a petition in a list, as the user may read it, with the
// deadline it waits on now.
type petitionItem struct {
	*cases.Petition
	// Masked says the petitioner's identity is hidden from this user.
	Masked  bool        `json:"masked"`
	Due     *cases.Date `json:"due,omitempty"`
	Overdue bool        `json:"overdue"`
}

// petitionList is a page of petitions.
type petitionList struct {
	Petitions []petitionItem `json:"petitions"`
	Total     int            `json:"total"`
	Limit     int            `json:"limit"`
	Offset    int            `json:"offset"`
}

func (s *Server) getPetitions(c *gin.Context) {
	u := userOf(c)
	var q listQuery
	if err := c.ShouldBindQuery(&q); err != nil {
		s.abortJSON(c, cases.Errorf(cases.EInvalid, "the query could not be read: limit, offset are numbers and overdue true or false"))
		return
	}
	if err := checkListParams(c.Request.URL.Query()); err != nil {
		s.abortJSON(c, err)
		return
	}
	rv := newReveals(u, "api "+c.FullPath())
	list, err := s.list(c.Request.Context(), u, q, rv)
	if err != nil {
		s.abortJSON(c, err)
		return
	}
	if err := s.writeReveals(c.Request.Context(), rv); err != nil {
		s.abortJSON(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
}

// filter checks a list query and turns it into a store filter, limited to
// what the user may see.
func (u *User) filter(q listQuery) (cases.Filter, error) {
	if !u.seesPetitions() {
		return cases.Filter{}, forbidden("a %s reads figures only, not petitions", u.Role)
	}
	f := cases.Filter{State: cases.State(q.State), Type: cases.Type(q.Type), Unit: q.Unit, Search: cmp.Or(q.Q, q.Search),
		Limit: q.Limit, Offset: q.Offset}
	if f.State != "" && !f.State.Valid() {
		return f, cases.FieldErrorf("state", "unknown state %q", q.State)
	}
	if f.Type != "" && !f.Type.Valid() {
		return f, cases.FieldErrorf("type", "unknown type %q", q.Type)
	}
	for _, d := range []struct {
		field, s string
		to       *cases.Date
	}{{"from", q.From, &f.From}, {"to", q.To, &f.To}} {
		if d.s == "" {
			continue
		}
		v, err := cases.ParseDate(d.s)
		if err != nil {
			return f, cases.FieldErrorf(d.field, "%v", err)
		}
		*d.to = v
	}
	if f.Limit == 0 {
		f.Limit = defaultLimit
	}
	if f.Limit < 0 || f.Limit > maxLimit {
		return f, cases.FieldErrorf("limit", "must be between 1 and %d", maxLimit)
	}
	if f.Offset < 0 {
		return f, cases.FieldErrorf("offset", "must not be negative")
	}
	if u.Role == cases.RoleHead {
		if f.Unit != "" && !slices.Contains(u.units(), f.Unit) {
			return f, forbiddenField("unit", "a head sees only the petitions of its unit %s and of the units it replaced", u.Unit)
		}
		if f.Unit == "" {
			f.Units = u.units()
		}
		f.States = headStates
	}
	if q.Overdue {
		// Only these states wait on a deadline (see waitingOn).
		f.States = intersect(f.States, []cases.State{cases.Received, cases.Classified, cases.Accepted, cases.Suspended})
	}
	return f, nil
}

func intersect(a, b []cases.State) []cases.State {
	if len(a) == 0 {
		return b
	}
	var out []cases.State
	for _, s := range a {
		if slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		out = []cases.State{"none"}
	}
	return out
}

// list reads the page of petitions q asks for, as u may see them. The store
// pages the list itself, unless overdue asks for deadlines, which are judged
// here: then every match is read and paged here. A search never finds a
// protected denouncer by name: the store leaves such names out of what it
// searches.
func (s *Server) list(ctx context.Context, u *User, q listQuery, rv *reveals) (*petitionList, error) {
	f, err := u.filter(q)
	if err != nil {
		return nil, err
	}
	limit, offset := f.Limit, f.Offset
	if q.Overdue {
		f.Limit, f.Offset = 0, 0
	}
	ps, total, err := s.cfg.Store.PetitionPage(ctx, f)
	if err != nil {
		return nil, err
	}
	dl, err := s.deadlineContext(ctx)
	if err != nil {
		return nil, err
	}
	out := &petitionList{Petitions: []petitionItem{}, Total: total, Limit: limit, Offset: offset}
	if q.Overdue {
		out.Total = 0
	}
	for _, p := range ps {
		if !u.inScope(p) {
			continue
		}
		due, late := dl.waitingOn(p)
		if q.Overdue {
			if !late {
				continue
			}
			out.Total++
			if out.Total <= offset || len(out.Petitions) >= limit {
				continue
			}
		}
		shown, masked := rv.petition(p)
		out.Petitions = append(out.Petitions, petitionItem{Petition: shown, Masked: masked, Due: due, Overdue: late})
	}
	return out, nil
}

// deadlines computes the deadlines of petitions as of today.
type deadlines struct {
	s      *Server
	today  cases.Date
	remote map[string]bool
	cals   *workflow.Calendars // in force, with the administrators' edits
}

func (s *Server) deadlineContext(ctx context.Context) (*deadlines, error) {
	units, err := s.cfg.Store.Units(ctx)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx)
	if err != nil {
		return nil, err
	}
	return &deadlines{s: s, today: cases.DateOf(s.now()), remote: cases.RemoteUnits(units), cals: st.cals}, nil
}

// of returns p's deadlines.
func (d *deadlines) of(p *cases.Petition) []workflow.Deadline {
	return d.s.cfg.Rules.DeadlinesIn(p, p.ResolvedRemotely(d.remote), d.today, d.cals)
}

// waitingOn returns the deadline p waits on today and whether it has
// passed: the handling deadline until p leaves the desk, the resolution
// deadline while an accepted case is open, none otherwise.
func (d *deadlines) waitingOn(p *cases.Petition) (*cases.Date, bool) {
	dl, ok := workflow.WaitingOn(p, d.of(p))
	if !ok {
		return nil, false
	}
	return &dl.Due, dl.Due < d.today
}

// deadlineJSON is a deadline with its Vietnamese label and explanation.
type deadlineJSON struct {
	workflow.Deadline
	Label       string `json:"label"`
	Explanation string `json:"explanation"`
	Passed      bool   `json:"passed"`
}

// petitionDetail is one petition as the user may read it: its current state,
// its whole history, its deadlines and the events the user may send now.
type petitionDetail struct {
	Petition  *cases.Petition `json:"petition"`
	Masked    bool            `json:"masked"`
	History   []cases.Event   `json:"history"`
	Deadlines []deadlineJSON  `json:"deadlines"`
	Allowed   []cases.Op      `json:"allowed"`
}

func (s *Server) getPetition(c *gin.Context) {
	ref := c.Param("ref")
	c.Set(logRef, ref)
	u := userOf(c)
	rv := newReveals(u, "api "+c.FullPath())
	d, err := s.detail(c.Request.Context(), u, ref, rv)
	if err != nil {
		s.abortJSON(c, err)
		return
	}
	if err := s.writeReveals(c.Request.Context(), rv); err != nil {
		s.abortJSON(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}

// detail reads one petition for u.
func (s *Server) detail(ctx context.Context, u *User, ref string, rv *reveals) (*petitionDetail, error) {
	if !u.seesPetitions() {
		return nil, forbidden("a %s reads figures only, not petitions", u.Role)
	}
	p, err := s.cfg.Store.Petition(ctx, ref)
	if err != nil {
		return nil, err
	}
	if !u.inScope(p) {
		return nil, notRouted("", ref, u.Unit)
	}
	history, err := s.cfg.Store.History(ctx, ref)
	if err != nil {
		return nil, err
	}
	dl, err := s.deadlineContext(ctx)
	if err != nil {
		return nil, err
	}
	shown, masked := rv.petition(p)
	out := &petitionDetail{Petition: shown, Masked: masked, History: rv.history(p, history),
		Deadlines: []deadlineJSON{}, Allowed: u.allowed(p)}
	for _, d := range dl.of(p) {
		out.Deadlines = append(out.Deadlines, deadlineJSON{Deadline: d, Label: d.Label(), Explanation: d.Explain(),
			Passed: d.Due < dl.today})
	}
	return out, nil
}

func (s *Server) getMe(c *gin.Context) {
	u := userOf(c)
	c.JSON(http.StatusOK, gin.H{"name": u.Name, "role": u.Role, "role_label": u.Role.Label(), "unit": u.Unit})
}

// apiUnit is a unit as GET /api/v1/units lists it: with the units it
// replaces (a rename, a merger: units never change once recorded) and
// whether it is in force today: replaced by no unit without valid_from,
// and within its dates. Routes go to units in force.
type apiUnit struct {
	cases.Unit
	Replaces []string `json:"replaces,omitempty"`
	InForce  bool     `json:"in_force"`
}

func (s *Server) getUnits(c *gin.Context) {
	units, err := s.cfg.Store.Units(c.Request.Context())
	if err != nil {
		s.abortJSON(c, err)
		return
	}
	recs, err := s.cfg.Store.UnitRecords(c.Request.Context())
	if err != nil {
		s.abortJSON(c, err)
		return
	}
	replaces, gone := replacesOf(recs), outOfForce(recs, cases.DateOf(s.now()))
	out := make([]apiUnit, len(units))
	for i, u := range units {
		out[i] = apiUnit{Unit: u, Replaces: replaces[u.Ref], InForce: !gone[u.Ref]}
	}
	c.JSON(http.StatusOK, gin.H{"units": out})
}

func (s *Server) getAccessLog(c *gin.Context) {
	u := userOf(c)
	if !u.readsAccessLog() {
		s.abortJSON(c, forbidden("only an admin reads the access log"))
		return
	}
	f := cases.AccessFilter{User: c.Query("user"), Petition: c.Query("petition"), Limit: defaultLimit}
	for _, p := range []struct {
		name string
		to   *int
	}{{"limit", &f.Limit}, {"offset", &f.Offset}} {
		if v := c.Query(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || (p.name == "limit" && (n == 0 || n > maxLimit)) {
				s.abortJSON(c, cases.FieldErrorf(p.name, "must be a number (limit 1–%d)", maxLimit))
				return
			}
			*p.to = n
		}
	}
	rows, err := s.cfg.Accounts.AccessLog(c.Request.Context(), f)
	if err != nil {
		s.abortJSON(c, err)
		return
	}
	if rows == nil {
		rows = []cases.Access{}
	}
	c.JSON(http.StatusOK, gin.H{"access": rows, "limit": f.Limit, "offset": f.Offset})
}
