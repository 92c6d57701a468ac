package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/workflow"
)

// reportQuery is what section II.6 may be asked for: a named period
// ("2023-H1") or from and to, and as_of; and the API's format, json or xlsx
// (report_xlsx.go).
type reportQuery struct {
	Period string `form:"period"`
	From   string `form:"from"`
	To     string `form:"to"`
	AsOf   string `form:"as_of"`
	Format string `form:"format"`
	// Committee is the ref of the committee reported (its own unit), in an
	// installation of several: without it, the account's; Area asks for
	// it with every committee under it (SPEC §10, "toàn tỉnh").
	Committee string `form:"committee"`
	Area      bool   `form:"area"`
}

// getSection6 answers the figures of section II.6 as the command line's
// JSON (report.Figures.WriteJSON), or with format=xlsx as the workbook.
func (s *Server) getSection6(c *gin.Context) {
	var q reportQuery
	if err := c.ShouldBindQuery(&q); err != nil {
		s.abortJSON(c, cases.Errorf(cases.EInvalid, "the query could not be read"))
		return
	}
	body, err := s.section6(c.Request.Context(), userOf(c), q)
	if err != nil {
		s.abortJSON(c, err)
		return
	}
	if xlsx, err := q.wantsXLSX(); err != nil {
		s.abortJSON(c, err)
		return
	} else if xlsx {
		s.sendSection6XLSX(c, body, s.abortJSON)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}

// section6 computes the figures q asks for, as JSON.
func (s *Server) section6(ctx context.Context, u *User, q reportQuery) ([]byte, error) {
	if !u.readsReports() {
		return nil, forbidden("a %s does not read the committee's statistics", u.Role)
	}
	p, err := q.period()
	if err == nil {
		err = p.InWindow(q.periodField(), s.cfg.Window, s.now())
	}
	if err != nil {
		return nil, err
	}
	// The figures' deadlines follow the calendar in force: an edit of the
	// holiday table is a new key, so figures of the older calendar are
	// never served after it.
	st, err := s.settings(ctx)
	if err != nil {
		return nil, err
	}
	// A period not ended today is reported as of today (SPEC §9), by the
	// server's clock.
	// Each petition's deadlines count on the calendar of the committee that
	// holds it (SPEC §10, workflow.Calendars).
	o := report.Options{Deadlines: workflow.DeadlineDates{Rules: s.cfg.Rules, Calendars: st.cals}, Today: cases.DateOf(s.now())}
	if q.AsOf != "" {
		t, err := cases.ParseInstant(q.AsOf)
		if err != nil {
			return nil, cases.FieldErrorf("as_of", "%v", err)
		}
		o.AsOf = t
	}
	calVersion := st.calVersion
	if !o.AsOf.IsZero() {
		// As of an instant, the holiday table as it stood then: a report
		// sent on a day prints again unchanged after later edits.
		if edits := workflow.EditsAsOf(st.calEdits, o.AsOf); len(edits) < len(st.calEdits) {
			calVersion = 0
			if len(edits) > 0 {
				calVersion = edits[len(edits)-1].Seq
			}
			o.Deadlines = workflow.DeadlineDates{Rules: s.cfg.Rules, Calendars: workflow.CalendarsOf(s.cfg.Calendar, edits)}
		}
	}
	day := o.Day(p)
	key := reportKey{from: p.From, to: p.To, day: day, name: p.Name, asOf: o.AsOf.UnixMicro(), calendar: calVersion}
	// In an installation of several committees, an account's report is
	// its committee's (SPEC §10), or one it reads, or an area all of whose
	// committees it reads (a province's leaders and reporters).
	committee, scoped, err := s.reportScope(ctx, u, q)
	if err != nil {
		return nil, err
	}
	key.committee, key.scoped, key.area = committee, scoped, q.Area
	// A period's figures depend only on the events dated through its end,
	// or the day it is cut at (and recorded by as_of): a report kept from
	// before is still right when nothing recorded since falls there, which
	// holds for every closed period while the office records today's work.
	fresh := func(ctx context.Context, seq int64) (bool, error) {
		changed, err := s.cfg.Store.ChangedSince(ctx, seq, day, o.AsOf)
		return !changed, err
	}
	body, err := s.reports.get(ctx, key, fresh, func(ctx context.Context) (int64, []byte, error) {
		// Figures take a second on a large history: one computation at a
		// time per core but one, so that commands keep being answered.
		select {
		case s.computing <- struct{}{}:
		case <-ctx.Done():
			return 0, nil, ctx.Err()
		}
		defer func() { <-s.computing }()
		// Read before the snapshot: an event recorded in between is then
		// both in the figures and "since", which costs a recomputation,
		// never a stale answer.
		seq, err := s.cfg.Store.LastSeq(ctx)
		if err != nil {
			return 0, nil, err
		}
		var f *report.Figures
		err = s.cfg.Store.ReportStore(ctx, func(rs report.Store) error {
			var err error
			switch {
			case q.Area:
				o.Committee, err = report.ForArea(ctx, rs, committee)
			case scoped:
				o.Committee, err = report.ForCommittee(ctx, rs, committee)
			}
			if err != nil {
				return err
			}
			f, err = report.Compute(ctx, rs, p, o)
			return err
		})
		if err != nil {
			return 0, nil, err
		}
		var b bytes.Buffer
		if err := f.WriteJSON(&b); err != nil {
			return 0, nil, err
		}
		return seq, b.Bytes(), nil
	})
	if err != nil {
		return nil, err
	}
	return s.withChain(ctx, body, o.AsOf)
}

// withChain adds to the figures the head of the history they were made
// from, as of asOf, signed when the store has a key (report.Chain): read
// at every request, outside the cache, since the head moves with every
// event while kept figures stay right. Figures kept are those of the
// history with every event since; the head now covers them.
func (s *Server) withChain(ctx context.Context, body []byte, asOf time.Time) ([]byte, error) {
	c, err := s.cfg.Store.ChainAsOf(ctx, asOf)
	if err != nil || c.Seq == 0 {
		return body, err
	}
	var f report.Figures
	if err := json.Unmarshal(body, &f); err != nil {
		return nil, fmt.Errorf("read the figures: %w", err)
	}
	f.Chain = &c
	var b bytes.Buffer
	if err := f.WriteJSON(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// reportKey names a report: its period and as_of. The cache keeps with each
// the last event recorded when it was computed, and asks the store whether
// anything since can change it.
type reportKey struct {
	from, to cases.Date
	day      cases.Date // the day the figures stop at (report.Options.Day)
	name     string
	asOf     int64
	calendar int64 // the last calendar edit laid over the table
	// committee is the key of the committee reported, in an installation
	// of several (its account's); scoped says there is one.
	committee string
	scoped    bool
	area      bool
}

// reportScope is the key of the committee a report of q covers, and
// whether it covers one (an installation of several committees, or one
// asked for): the committee q names, else the account's; refused when the
// account does not read it, or for an area, every committee under it.
func (s *Server) reportScope(ctx context.Context, u *User, q reportQuery) (string, bool, error) {
	scope := cases.ScopeOf(ctx)
	if scope == nil && q.Committee == "" && !q.Area {
		return "", false, nil
	}
	key := ""
	if scope != nil {
		key = scope.Committee
	}
	var owns []cases.Unit
	if q.Committee != "" || q.Area {
		units, err := s.cfg.Store.Units(ctx)
		if err != nil {
			return "", false, err
		}
		owns = cases.OwnUnits(units)
	}
	if q.Committee != "" {
		k, err := cases.CommitteeOf(q.Committee, owns)
		if err != nil {
			return "", false, err
		}
		key = k
	}
	keys := []string{key}
	if q.Area {
		keys = cases.Area(owns, key)
	}
	for _, k := range keys {
		if !scope.SeesCommittee(k) {
			if q.Area {
				return "", false, forbidden("a %s of this committee does not read every committee of the area", u.Role)
			}
			return "", false, forbidden("a %s of this committee does not read that committee's statistics", u.Role)
		}
	}
	return key, true, nil
}

const reportCacheSize = 32

type reportCache struct {
	mu      sync.Mutex
	entries map[reportKey]*reportCall
	order   []reportKey // oldest first
}

// reportCall is one computation, shared by the requests that wait for it.
type reportCall struct {
	done chan struct{}
	seq  int64 // the last event recorded before the figures were computed
	body []byte
	err  error
}

// get returns the figures of key: those kept, when fresh says nothing
// recorded since their computation can change them, or else new ones from
// compute, shared with every request that asks meanwhile. The computation
// does not end with the request that started it: others may be waiting.
func (rc *reportCache) get(ctx context.Context, key reportKey, fresh func(context.Context, int64) (bool, error),
	compute func(context.Context) (int64, []byte, error)) ([]byte, error) {
	for {
		rc.mu.Lock()
		if rc.entries == nil {
			rc.entries = map[reportKey]*reportCall{}
		}
		call, ok := rc.entries[key]
		if !ok {
			call = &reportCall{done: make(chan struct{})}
			rc.entries[key] = call
			rc.order = append(slices.DeleteFunc(rc.order, func(k reportKey) bool { return k == key }), key)
			for len(rc.order) > reportCacheSize {
				delete(rc.entries, rc.order[0])
				rc.order = rc.order[1:]
			}
		}
		rc.mu.Unlock()
		if !ok {
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
			call.seq, call.body, call.err = compute(cctx)
			cancel()
			if call.err != nil {
				rc.drop(key, call) // not kept: the next request tries again
			}
			close(call.done)
			return call.body, call.err
		}
		select {
		case <-call.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if call.err != nil {
			return nil, call.err
		}
		ok, err := fresh(ctx, call.seq)
		if err != nil {
			return nil, err
		}
		if ok {
			return call.body, nil
		}
		rc.drop(key, call) // stale: compute again
	}
}

// drop forgets call, if it is still the one kept under key.
func (rc *reportCache) drop(key reportKey, call *reportCall) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.entries[key] == call {
		delete(rc.entries, key)
		rc.order = slices.DeleteFunc(rc.order, func(k reportKey) bool { return k == key })
	}
}

// periodField is the field a period came from: period, or to for dates.
func (q reportQuery) periodField() string {
	if q.Period != "" {
		return "period"
	}
	return "to"
}

// period is the period q names.
func (q reportQuery) period() (report.Period, error) {
	switch {
	case q.Period != "" && (q.From != "" || q.To != ""):
		return report.Period{}, cases.FieldErrorf("period", "give a period or from and to, not both")
	case q.Period != "":
		p, err := report.ParsePeriod(q.Period)
		if err != nil {
			return p, cases.FieldErrorf("period", "%s", cases.ErrorMessage(err))
		}
		return p, nil
	case q.From == "" && q.To == "":
		return report.Period{}, cases.FieldErrorf("period", "is required (e.g. 2023-H1), or from and to")
	}
	from, err := cases.ParseDate(q.From)
	if err != nil {
		return report.Period{}, cases.FieldErrorf("from", "%v", err)
	}
	to, err := cases.ParseDate(q.To)
	if err != nil {
		return report.Period{}, cases.FieldErrorf("to", "%v", err)
	}
	p, err := report.NewPeriod(from, to)
	if err != nil {
		return p, cases.FieldErrorf("to", "%s", cases.ErrorMessage(err))
	}
	return p, nil
}
