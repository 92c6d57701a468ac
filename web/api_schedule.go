package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// The reception schedule (SPEC §3): GET /api/v1/schedule answers what
// `tiepdan schedule --format json|ics` prints, and the page /lich-tiep shows
// it a month at a time (schedule_page.go).

// ScheduleReader reads the history the reception schedule of from..to joins
// in, as of today, beside Store. The visits come without their citizens.
type ScheduleReader interface {
	ScheduleRecords(ctx context.Context, from, to, today cases.Date) (*cases.ScheduleRecords, error)
}

// scheduleQuery is what the schedule may be asked for: a range (by default
// this month and the next) and a format, json (the default) or ics.
type scheduleQuery struct {
	From   string `form:"from"`
	To     string `form:"to"`
	Format string `form:"format"`
}

// request reads q into a schedule request for today; Server.schedule checks
// the range.
func (q scheduleQuery) request(today cases.Date) (workflow.ScheduleRequest, error) {
	req := workflow.ScheduleRequest{Today: today}
	req.From, req.To = workflow.DefaultScheduleRange(today)
	for _, f := range []struct {
		name, value string
		dst         *cases.Date
	}{{"from", q.From, &req.From}, {"to", q.To, &req.To}} {
		if f.value == "" {
			continue
		}
		d, err := cases.ParseDate(f.value)
		if err != nil {
			return req, cases.FieldErrorf(f.name, "%v", err)
		}
		*f.dst = d
	}
	switch q.Format {
	case "", "json", "ics":
	default:
		return req, cases.FieldErrorf("format", "%q is not json or ics", q.Format)
	}
	return req, nil
}

// readsSchedule reports whether the role reads the reception schedule:
// every role. The schedule is the committee's published plan; it names
// petitions by ref and type and counts people, never a citizen
// (workflow.Schedule), so a reporter reads it too. Links to a petition are
// offered only to those who may read that petition (inScope).
func (u *User) readsSchedule() bool { return u.Role.Valid() }

// schedule builds the schedule req asks for, with the history it joins in
// (the page asks it which petitions the user may open).
func (s *Server) schedule(ctx context.Context, u *User, req workflow.ScheduleRequest) (*workflow.Schedule, *workflow.ScheduleHistory, error) {
	if !u.readsSchedule() {
		return nil, nil, forbidden("a %s does not read the reception schedule", u.Role)
	}
	st, err := s.settings(ctx)
	if err != nil {
		return nil, nil, err
	}
	req.Rules = s.cfg.Rules
	// The schedule of the account's committee, on its calendar, by its
	// plan (SPEC §10).
	req.Committee = committeeKey(ctx)
	if req.Calendar == nil {
		req.Calendar = st.cal(req.Committee)
	}
	if err := req.Validate(); err != nil {
		return nil, nil, err
	}
	// Within the window of dates (Config.Window): a schedule of 9999 is a
	// typing mistake, and a costly one to compute.
	if err := s.cfg.Window.Check("from", req.From, s.now()); err != nil {
		return nil, nil, err
	}
	if err := s.cfg.Window.Check("to", req.To, s.now()); err != nil {
		return nil, nil, err
	}
	rec, err := s.cfg.Store.ScheduleRecords(ctx, req.From, req.To, req.Today)
	if err != nil {
		return nil, nil, err
	}
	// The two types have the same fields: the conversion fails to compile
	// the day one of them changes without the other.
	h := (*workflow.ScheduleHistory)(rec)
	sch, err := st.plan(req.Committee).Schedule(req, h)
	if err != nil {
		return nil, nil, err
	}
	return sch, h, nil
}

// today is the date of now in Vietnam.
func (s *Server) today() cases.Date { return cases.DateOf(s.now()) }

// getSchedule answers the schedule of from..to as the command line's JSON,
// or as iCalendar with format=ics.
func (s *Server) getSchedule(c *gin.Context) {
	var q scheduleQuery
	if err := c.ShouldBindQuery(&q); err != nil {
		s.abortJSON(c, cases.Errorf(cases.EInvalid, "the query could not be read"))
		return
	}
	req, err := q.request(s.today())
	if err != nil {
		s.abortJSON(c, err)
		return
	}
	sch, _, err := s.schedule(c.Request.Context(), userOf(c), req)
	if err != nil {
		s.abortJSON(c, err)
		return
	}
	if q.Format == "ics" {
		s.writeICS(c, sch, s.abortJSON)
		return
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ") // byte for byte `tiepdan schedule --format json`
	if err := enc.Encode(sch); err != nil {
		s.abortJSON(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", b.Bytes())
}

// writeICS answers the schedule as an iCalendar file named by its range;
// abort answers a failure the way the route answers errors.
func (s *Server) writeICS(c *gin.Context, sch *workflow.Schedule, abort func(*gin.Context, error)) {
	var b bytes.Buffer
	if err := sch.WriteICS(&b, s.now()); err != nil {
		abort(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="lich-tiep-%s-%s.ics"`, sch.From, sch.To))
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", b.Bytes())
}
