package demo

import (
	"bufio"
	"bytes"
	"cmp"
	"container/heap"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/workflow"
)

// Options says what history to generate.
type Options struct {
	// Petitions is the number of petitions received over the range; 0 writes
	// only the units and the reception sessions.
	Petitions int
	// Seed selects one history among many; the same Options always give the
	// same bytes.
	Seed int64
	// Level is the committee whose history it is: commune (the default,
	// today's office: the district until 30/06/2025, then the commune formed
	// from the merger), district (a range that ends by 30/06/2025) or
	// province (Bình Định with its districts, then Gia Lai with its
	// communes, each a committee of the installation: SPEC §10).
	Level cases.Level
	// Communes is how many communes a province's history holds from the
	// reform (1 July 2025), each with its own desk, sessions, petitions and
	// decisions; 0 means DefaultCommunes. Only for Level province.
	Communes int
	// From and To are the first and last day of the history, inclusive. When
	// both are zero the history runs from DefaultFrom to the day of Now.
	From, To cases.Date
	// Now is the instant the history is generated at: no event and no
	// recorded_at lies after it, and petitions arrive only on days that ended
	// before it. Zero means the end of To; the default range needs it. It is
	// never read from the clock.
	Now time.Time
}

// DefaultFrom is the first day of the default history: a year before the
// two-tier reform of 1 July 2025, so that a history to today crosses it and
// the amended laws of 1 July 2026.
var DefaultFrom = cases.NewDate(2024, 7, 1)

// DistrictFrom and DistrictTo are the three years around the seed report: a
// district's history (Level district), the range of the benchmarks.
var (
	DistrictFrom = cases.NewDate(2022, 1, 1)
	DistrictTo   = cases.NewDate(2024, 12, 31)
)

// communes is the number of communes of a province's history.
func (o Options) communes() int {
	if o.Communes == 0 {
		return DefaultCommunes
	}
	return o.Communes
}

// withDefaults fills in the default range and checks o.
func (o Options) withDefaults() (Options, error) {
	if o.From == 0 && o.To == 0 {
		if o.Now.IsZero() {
			return o, errors.New("demo: the default range ends today: Now is required")
		}
		o.From, o.To = DefaultFrom, cases.DateOf(o.Now)
	}
	if o.Petitions < 0 {
		return o, fmt.Errorf("demo: Petitions must not be negative, not %d", o.Petitions)
	}
	if o.Communes != 0 && o.Level != cases.Province {
		return o, fmt.Errorf("demo: communes are a province's committees: Communes is for level province, not %q", o.Level)
	}
	if o.Communes < 0 || o.Communes > MaxCommunes {
		return o, fmt.Errorf("demo: a province's history holds from 1 to %d communes, not %d", MaxCommunes, o.Communes)
	}
	if o.To < o.From {
		return o, fmt.Errorf("demo: To (%s) is before From (%s)", o.To, o.From)
	}
	if o.Now.IsZero() {
		o.Now = o.To.End()
	}
	return o, nil
}

// Generate writes the history of o as NDJSON: one cases.Command a line, as
// json.Marshal writes it. The units come first, then sessions, petitions,
// visits, dialogues and workflow events in the order of their `at` (a
// session's date counts as its start). Every line carries recorded_at, never
// before its `at` nor after o.Now, and recorded_by, so that importing the file
// twice gives the same store. Memory is bounded by the petitions still in
// flight, not by o.Petitions.
func Generate(w io.Writer, o Options) error {
	g, err := newGenerator(w, o)
	if err != nil {
		return err
	}
	if err := g.run(); err != nil {
		return err
	}
	return g.bw.Flush()
}

// generator holds the state of one Generate call.
type generator struct {
	o     Options
	seed  int64
	bw    *bufio.Writer
	enc   *json.Encoder
	cmd   cases.Command
	end   int64 // events happen before end: min(end of To, Now)
	now   int64 // recorded_at is at most now
	first cases.Date
	last  cases.Date // the last day petitions arrive on

	offices []*office // the committees the history goes through, earliest first
	// desks are where citizens are received: the installation's committee
	// (0), then each commune of a province (k+1 for communes[k]).
	desks []desk
	// communes are the committees under a province from communesFrom
	// (SPEC §10); weights share the petitions among the province (0) and
	// them (k+1).
	communes     []*office
	communesFrom cases.Date
	weights      []int
	// province writes the committee of each session, visit and petition,
	// and places the province's people among its communes.
	province bool

	dayCount []int64 // cumulative arrival weights by day, from first
	count    int64   // petitions created so far

	queue queue
	free  []*petition
	ring  [ringSize]ringEntry
	ringN int     // entries filled
	ringP float64 // probability that a new petition enters the ring

	petYear, visitYear int
	petSeq, visitSeq   int
	decisions          map[decisionKey]int

	tsDay  cases.Date
	tsDate string
	tsBuf  []byte
}

func newGenerator(w io.Writer, o Options) (*generator, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	g := &generator{
		o:         o,
		seed:      o.Seed,
		bw:        bufio.NewWriterSize(w, 256<<10),
		first:     o.From,
		now:       o.Now.Unix(),
		decisions: map[decisionKey]int{},
		tsDay:     -1 << 30,
	}
	g.enc = json.NewEncoder(g.bw)
	g.end = min(dayStart(o.To+1), g.now+1)
	g.last = dateOf(g.end) - 1 // the last day that ends by end
	if g.last < g.first {
		return nil, errors.New("demo: Now must be after the end of the first day " + o.From.String())
	}
	if g.offices, err = officesOf(o.Level, o.communes(), g.first, g.last); err != nil {
		return nil, err
	}
	g.province = o.Level == cases.Province
	for _, of := range g.offices {
		if len(of.communes) > 0 {
			g.communes, g.communesFrom = of.communes, max(of.from, g.first)
			g.weights = []int{100}
			for k := range of.communes {
				g.weights = append(g.weights, communeList[k].weight())
			}
		}
	}
	if err := g.planSessions(); err != nil {
		return nil, err
	}
	g.planDays()
	return g, nil
}

// run writes the units, then merges the arrival of petitions, the sessions
// and the queue of pending events, day by day.
func (g *generator) run() error {
	if err := g.emitUnits(0); err != nil {
		return err
	}
	var arr []arrival
	next := 1 // the next office to take over
	for d := g.first; d <= g.last; d++ {
		arr = g.arrivals(d, arr[:0])
		if err := g.flush(dayStart(d) - 1); err != nil {
			return err
		}
		if next < len(g.offices) && g.offices[next].from == d {
			if err := g.emitUnits(next); err != nil {
				return err
			}
			next++
		}
		for c := range g.desks {
			if k := g.sessionOn(int16(c), d); k != kindNone {
				if err := g.emitSession(int16(c), d, k); err != nil {
					return err
				}
			}
		}
		for _, a := range arr {
			if err := g.flush(a.at); err != nil {
				return err
			}
			g.newPetition(a)
		}
	}
	return g.flush(g.end - 1)
}

// flush writes every queued event dated at or before limit.
func (g *generator) flush(limit int64) error {
	for len(g.queue) > 0 {
		p := g.queue[0]
		if p.nextAt > limit {
			return nil
		}
		if err := g.emitStep(p, p.next); err != nil {
			return err
		}
		p.next++
		if p.next == len(p.steps) {
			heap.Pop(&g.queue)
			g.release(p)
			continue
		}
		p.nextAt = p.steps[p.next].at
		heap.Fix(&g.queue, 0)
	}
	return nil
}

// Sessions.

const (
	kindNone uint8 = iota
	kindPeriodic
	kindAdhoc
)

var visitKinds = []cases.VisitKind{cases.Regular, cases.Periodic, cases.AdHoc}

// desk is one committee's reception: its sessions from first to last.
type desk struct {
	first    cases.Date
	sessions []uint8      // session kind (kindNone…) by day, from first to last
	periodic []cases.Date // the periodic reception days from first, sorted
}

// planSessions plans the sessions of every desk: the installation's, then
// each commune's from the day it is a committee.
func (g *generator) planSessions() error {
	g.desks = make([]desk, 1+len(g.communes))
	if err := g.planDesk(&g.desks[0], g.offices, g.first, mix(g.seed, 1, 0), 0.75); err != nil {
		return err
	}
	for k, c := range g.communes {
		if err := g.planDesk(&g.desks[k+1], []*office{c}, g.communesFrom, mix(g.seed, 21, uint64(k)), 0.3); err != nil {
			return err
		}
	}
	return nil
}

// planDesk marks the periodic reception days of the offices' plan
// (ReceptionPlan, moved off days off as the schedule moves them) from first
// to the last day, and an ad hoc session in a month with probability adhoc
// (about one a month for the installation's committee).
func (g *generator) planDesk(dk *desk, offices []*office, first cases.Date, r rng, adhoc float64) error {
	dk.first = first
	dk.sessions = make([]uint8, max(0, int(g.last-first+1)))
	js, err := planJSON(offices)
	if err != nil {
		return err
	}
	plan, err := workflow.LoadReception(bytes.NewReader(js))
	if err != nil {
		return fmt.Errorf("demo: reception plan: %w", err)
	}
	// Follow-up visits are booked for the next periodic day, up to two
	// months after the last day.
	for _, sd := range plan.Days(calendar, first, g.last+62) {
		if sd.Skipped {
			continue
		}
		dk.periodic = append(dk.periodic, sd.Date)
		if d := sd.Date; d >= first && d <= g.last {
			dk.sessions[d-first] = kindPeriodic
		}
	}
	y, m, _ := first.YMD()
	for mo := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC); ; mo = mo.AddDate(0, 1, 0) {
		start := cases.NewDate(mo.Year(), mo.Month(), 1)
		if start > g.last {
			break
		}
		if r.chance(adhoc) {
			d := nextWorking(start + cases.Date(r.intn(28)))
			if d >= first && d <= g.last && dk.sessions[d-first] == kindNone {
				dk.sessions[d-first] = kindAdhoc
			}
		}
	}
	return nil
}

// nextPeriodic is the first periodic reception day of desk c strictly after
// d, or the day after d when the plan has none in reach.
func (g *generator) nextPeriodic(c int16, d cases.Date) cases.Date {
	p := g.desks[c].periodic
	i, _ := slices.BinarySearch(p, d+1)
	if i == len(p) {
		return d + 1
	}
	return p[i]
}

// sessionOn is the kind of session desk c holds on d, if any.
func (g *generator) sessionOn(c int16, d cases.Date) uint8 {
	dk := &g.desks[c]
	if d < dk.first || d > g.last {
		return kindNone
	}
	return dk.sessions[d-dk.first]
}

// sessionRef is the ref of desk c's session on d: the installation's
// committee's "KTDK-2024-07-09", a commune's "KTDK-xa-ia-grai-2025-07-07"
// (refs are unique across the installation).
func (g *generator) sessionRef(c int16, d cases.Date, kind uint8) string {
	pre := "KTDK-"
	if kind == kindAdhoc {
		pre = "KTDX-"
	}
	if c > 0 {
		pre += g.communes[c-1].ref + "-"
	}
	return pre + d.String()
}

// Arrivals.

// planDays spreads the petitions over the days: working days carry most, with
// a season (fewer around Tết, more in spring and autumn), busier Mondays and
// a slow growth; days off receive online petitions only.
func (g *generator) planDays() {
	n := int(g.last - g.first + 1)
	g.dayCount = make([]int64, n+1)
	seasons := [13]int{0, 95, 70, 115, 105, 100, 110, 105, 100, 100, 110, 105, 95}
	r := mix(g.seed, 3, 0)
	for i := 0; i < n; i++ {
		d := g.first + cases.Date(i)
		w := int64(6)
		if working(d) {
			_, m, _ := d.YMD()
			w = int64(seasons[m]) * int64(75+r.intn(51)) / 100
			switch d.Weekday() {
			case time.Monday:
				w = w * 120 / 100
			case time.Friday:
				w = w * 90 / 100
			}
			w = w * int64(1000+i*100/365) / 1000 // about +10% a year
		}
		if g.communes != nil && d >= g.communesFrom {
			// The communes' desks receive besides the province's.
			w = w * int64(sum(g.weights)) / 100
		}
		g.dayCount[i+1] = g.dayCount[i] + w
	}
	total := g.dayCount[n]
	expectedPerDay := float64(g.o.Petitions) / float64(n)
	g.ringP = min(1, 12/max(expectedPerDay, 1e-9))
	// Turn weights into cumulative petition counts.
	for i := range g.dayCount {
		g.dayCount[i] = int64(g.o.Petitions) * g.dayCount[i] / total
	}
}

type arrival struct {
	at int64
	ch cases.Channel
	// group marks the group whose coming makes the day's ad hoc session.
	group bool
}

var channelWeights = []int{32, 33, 20, 15}
var channels = []cases.Channel{cases.ByReception, cases.ByMail, cases.Online, cases.TransferredIn}

// arrivals lists the petitions received on d, in time order.
func (g *generator) arrivals(d cases.Date, buf []arrival) []arrival {
	i := int(d - g.first)
	n := int(g.dayCount[i+1] - g.dayCount[i])
	r := mix(g.seed, 4, uint64(d))
	work := working(d)
	for range n {
		var a arrival
		switch {
		case !work:
			a.ch = cases.Online
			a.at = dayStart(d) + int64(6*3600+r.intn(17*3600))
		default:
			a.ch = channels[r.weighted(channelWeights)]
			a.at = officeAt(&r, d)
			if a.ch == cases.Online && r.chance(0.45) {
				a.at = dayStart(d) + int64(r.intn(daySeconds))
			}
		}
		buf = append(buf, a)
	}
	if n > 0 && g.sessionOn(0, d) == kindAdhoc {
		buf[0].ch, buf[0].group = cases.ByReception, true
		buf[0].at = dayStart(d) + int64(morningSec(&r))
	}
	slices.SortStableFunc(buf, func(a, b arrival) int { return cmp.Compare(a.at, b.at) })
	return buf
}

// The queue of petitions in flight, ordered by their next event.

type queue []*petition

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if q[i].nextAt != q[j].nextAt {
		return q[i].nextAt < q[j].nextAt
	}
	return q[i].idx < q[j].idx
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(*petition)) }
func (q *queue) Pop() any {
	old := *q
	p := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	return p
}

func (g *generator) alloc() *petition {
	if n := len(g.free); n > 0 {
		p := g.free[n-1]
		g.free = g.free[:n-1]
		steps := p.steps[:0]
		*p = petition{steps: steps}
		return p
	}
	return &petition{steps: make([]step, 0, 16)}
}

func (g *generator) release(p *petition) { g.free = append(g.free, p) }

// The ring keeps a sample of recent petitions that later ones may duplicate.

const ringSize = 512

type ringEntry struct {
	ref                   string
	personKey, subjectKey uint64
	nature                cases.Type
	field                 cases.Field
	depth                 uint8 // 0 for an original, 1 for a duplicate of one
	anonymous             bool
	committee             int16 // the desk it was received at
}

func sum(s []int) int {
	n := 0
	for _, x := range s {
		n += x
	}
	return n
}
