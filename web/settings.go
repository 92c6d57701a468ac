package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// Settings keeps, beside Store, what an administrator changes on the admin
// page besides the units: edits of the holiday table and versions of the
// reception plan, append-only, with who and when. They are the workflow's
// (workflow.CalendarEdit, workflow.ReceptionEdit), kept as cases' records,
// which have the same fields: the conversions below fail to compile the day
// one changes without the other.
type Settings interface {
	// SettingsVersion returns the last calendar edit and the last plan
	// recorded (0: none). It is read before every use of the calendar, so
	// it must cost no more than an index lookup.
	SettingsVersion(ctx context.Context) (calendar, plan int64, err error)
	// CalendarEdits returns every calendar edit in the order recorded.
	CalendarEdits(ctx context.Context) ([]cases.CalendarEdit, error)
	// AddCalendarEdits appends edits, all or none, and returns them with
	// their Seq.
	AddCalendarEdits(ctx context.Context, edits []cases.CalendarEdit) ([]cases.CalendarEdit, error)
	// ReceptionEdits returns every version of the plan, the last in force.
	ReceptionEdits(ctx context.Context) ([]cases.ReceptionEdit, error)
	// AddReceptionPlan appends a version of the plan if the last one
	// recorded is still after (0: none), else an EConflict error.
	AddReceptionPlan(ctx context.Context, e cases.ReceptionEdit, after int64) (cases.ReceptionEdit, error)
}

// UnitHistory reads the units' records, beside Store: the admin page shows
// who recorded each unit and which replaced which, the forms offer only the
// units in force, and a head reads what was routed to the units its own
// replaced.
type UnitHistory interface {
	UnitRecords(ctx context.Context) ([]cases.UnitRecord, error)
}

// settingsState is the calendars and the plans in force, built from the
// edits up to the versions it names: the installation's, and each
// committee's (SPEC §10, workflow/settings_committee.go).
type settingsState struct {
	calVersion, planVersion int64
	cals                    *workflow.Calendars
	calEdits                []workflow.CalendarEdit // every committee's, laid over Config.Calendar to make cals
	// planFile is true when Config.Reception (a --reception file) decides
	// the installation's plan: the versions recorded for the installation
	// are not in force then, a committee's own are.
	planFile  bool
	planEdits []workflow.ReceptionEdit // every committee's
	plans     map[string]*workflow.Reception
}

// cal is committee key's calendar.
func (st *settingsState) cal(key string) *workflow.Calendar { return st.cals.Of(key) }

// plan is committee key's reception plan: its own, else the
// installation's.
func (st *settingsState) plan(key string) *workflow.Reception {
	if p, ok := st.plans[key]; ok {
		return p
	}
	return st.plans[""]
}

// ownPlanEdits are committee key's own versions of the plan, in order.
func (st *settingsState) ownPlanEdits(key string) []workflow.ReceptionEdit {
	return workflow.CommitteeReceptionEdits(st.planEdits, key)
}

// planVersionOf is the last version of committee key's own plan (0: none),
// which an edit of it must name.
func (st *settingsState) planVersionOf(key string) int64 {
	own := st.ownPlanEdits(key)
	if len(own) == 0 {
		return 0
	}
	return own[len(own)-1].Seq
}

// committeeKey is the committee the request acts for: the account's, ""
// in an installation of one committee (no scope).
func committeeKey(ctx context.Context) string {
	if sc := cases.ScopeOf(ctx); sc != nil {
		return sc.Committee
	}
	return ""
}

// settings returns the calendars and the reception plans in force: the
// shipped ones (or Config's) with the administrators' edits laid over
// them. It asks the store for the edits' version at every call and rebuilds
// only when it changed, so that an edit made on any instance of the server
// is what every deadline uses from the next request on.
func (s *Server) settings(ctx context.Context) (*settingsState, error) {
	st := s.cfg.Store
	cv, pv, err := st.SettingsVersion(ctx)
	if err != nil {
		return nil, err
	}
	cur := s.current.Load()
	if cur != nil && cur.calVersion == cv && cur.planVersion == pv {
		return cur, nil
	}
	next := &settingsState{planFile: s.cfg.Reception != nil}
	if cur != nil && cur.calVersion == cv {
		next.calVersion, next.cals, next.calEdits = cur.calVersion, cur.cals, cur.calEdits
	} else {
		rows, err := st.CalendarEdits(ctx)
		if err != nil {
			return nil, err
		}
		edits := make([]workflow.CalendarEdit, len(rows))
		for i, r := range rows {
			edits[i] = workflow.CalendarEdit(r)
		}
		next.cals, next.calEdits = workflow.CalendarsOf(s.cfg.Calendar, edits), edits
		if len(edits) > 0 {
			next.calVersion = edits[len(edits)-1].Seq
		}
	}
	if cur != nil && cur.planVersion == pv {
		next.planVersion, next.plans, next.planEdits = cur.planVersion, cur.plans, cur.planEdits
	} else {
		rows, err := st.ReceptionEdits(ctx)
		if err != nil {
			return nil, err
		}
		edits := make([]workflow.ReceptionEdit, len(rows))
		for i, r := range rows {
			edits[i] = workflow.ReceptionEdit(r)
		}
		next.planEdits = edits
		if len(edits) > 0 {
			next.planVersion = edits[len(edits)-1].Seq
		}
		if next.plans, err = plansOf(s.cfg.Reception, edits); err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
	}
	s.current.Store(next)
	return next, nil
}

// plansOf are the plans of the installation ("") and of each committee
// with versions of its own: the file's (when there is one) or the last
// version recorded, over the shipped plan.
func plansOf(file *workflow.Reception, edits []workflow.ReceptionEdit) (map[string]*workflow.Reception, error) {
	base := workflow.DefaultReception()
	if file != nil {
		base = file
		edits = slices.DeleteFunc(slices.Clone(edits), func(e workflow.ReceptionEdit) bool { return e.Committee == "" })
	}
	plans := map[string]*workflow.Reception{}
	keys := []string{""}
	for _, e := range edits {
		if !slices.Contains(keys, e.Committee) {
			keys = append(keys, e.Committee)
		}
	}
	for _, k := range keys {
		p, err := workflow.CommitteeReception(base, edits, k)
		if err != nil {
			return nil, err
		}
		plans[k] = p
	}
	return plans, nil
}

// replacesOf maps each unit of recs to the refs of the units it replaces.
func replacesOf(recs []cases.UnitRecord) map[string][]string {
	replaces := make(map[string][]string, len(recs))
	for _, r := range recs {
		replaces[r.Ref] = r.Replaces
	}
	return replaces
}

// outOfForce are the refs of the units of recs not in force on day: those
// another unit replaces without a valid_from (at once), and those whose
// dates leave day out — among them those a successor with valid_from
// ended, from that day on.
func outOfForce(recs []cases.UnitRecord, day cases.Date) map[string]bool {
	out := map[string]bool{}
	for _, r := range recs {
		if !r.InForceOn(day) {
			out[r.Ref] = true
		}
		if r.ValidFrom == 0 {
			for _, ref := range r.Replaces {
				out[ref] = true
			}
		}
	}
	return out
}

// unitsInForce are the units the forms offer: those in force today.
func (s *Server) unitsInForce(ctx context.Context) ([]cases.Unit, error) {
	recs, err := s.cfg.Store.UnitRecords(ctx)
	if err != nil {
		return nil, err
	}
	gone := outOfForce(recs, cases.DateOf(s.now()))
	out := make([]cases.Unit, 0, len(recs))
	for _, r := range recs {
		if !gone[r.Ref] {
			out = append(out, r.Unit)
		}
	}
	// As Store.Units orders them: the committee, its departments, the
	// lower committees, each by name.
	rank := map[cases.UnitKind]int{cases.Own: 0, cases.Department: 1, cases.Lower: 2}
	slices.SortStableFunc(out, func(a, b cases.Unit) int {
		if d := rank[a.Kind] - rank[b.Kind]; d != 0 {
			return d
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return out, nil
}
