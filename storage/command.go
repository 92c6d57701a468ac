package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// Exec applies one command in its own transaction.
func (db *DB) Exec(ctx context.Context, c cases.Command, m cases.Meta) (cases.Result, error) {
	var res cases.Result
	err := db.Batch(ctx, func(tx *Tx) error {
		var err error
		res, err = tx.Exec(c, m)
		return err
	})
	return res, err
}

// Batch runs fn in one write transaction and commits it when fn returns nil.
// A command that the Tx refuses writes nothing, so fn may go on after a
// refusal; any error fn returns rolls the whole batch back.
func (db *DB) Batch(ctx context.Context, fn func(*Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer sqlTx.Rollback()
	// Statements run under a context that is never cancelled: the driver
	// watches a cancellable one with a goroutine for every statement, which
	// costs more than an import's statement itself. Each command checks ctx
	// before it starts instead, and database/sql rolls the transaction back
	// when ctx ends.
	tx := &Tx{ctx: ctx, sctx: context.WithoutCancel(ctx), db: db, tx: sqlTx, cache: &db.cache,
		dirty: map[string]bool{}, timelinesDirty: map[string]bool{}}
	err = tx.queryRow(`SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1`).Scan(&tx.seq, &tx.hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read chain head: %w", err)
	}
	// The cache holds what this process last committed; any other writer
	// has appended events since, and the cache is dropped.
	if tx.seq != db.cache.head {
		db.cache.reset()
	}
	committed := false
	defer func() {
		if !committed {
			// Petitions in the cache were changed by what is rolled back.
			db.cache.reset()
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.flush(); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	committed = true
	db.cache.head = tx.seq
	db.keepStmts(ctx, tx.fresh)
	return nil
}

// Tx is one write transaction. It implements cases.Lookup for the Decider.
type Tx struct {
	ctx   context.Context
	sctx  context.Context // ctx without its cancellation, for statements
	db    *DB
	tx    *sql.Tx
	seq   int64
	hash  string
	cache *petitionCache
	dirty map[string]bool // changed in this transaction: written by flush
	// timelinesDirty are the petitions whose timeline changed in this
	// transaction (a visit changes it, not the petition): written by flush.
	timelinesDirty map[string]bool
	stmts          map[string]*sql.Stmt // prepared once per transaction
	fresh          []string             // of stmts, those the connection has not kept yet
}

// traceStatement, set only by a benchmark (BenchmarkImportStatements), sees
// every statement a write transaction runs through exec and query, with its
// arguments.
var traceStatement func(q string, args []any)

// stmt is q prepared for the transaction: an import batch runs the same few
// statements thousands of times, and the server's transactions, each of a
// few commands, the same ones again and again. A statement the writer's
// connection has kept (DB.keepStmts) is bound to the transaction without
// being parsed again; another is prepared for the transaction and kept once
// it commits.
func (tx *Tx) stmt(q string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	var st *sql.Stmt
	if kept := tx.db.keptStmt(q); kept != nil {
		st = tx.tx.StmtContext(tx.sctx, kept)
	} else {
		var err error
		if st, err = tx.tx.PrepareContext(tx.sctx, q); err != nil {
			return nil, err
		}
		tx.fresh = append(tx.fresh, q)
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[q] = st
	return st, nil
}

func (tx *Tx) exec(q string, args ...any) (sql.Result, error) {
	if traceStatement != nil {
		traceStatement(q, args)
	}
	st, err := tx.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(tx.sctx, args...)
}

func (tx *Tx) query(q string, args ...any) (*sql.Rows, error) {
	if traceStatement != nil {
		traceStatement(q, args)
	}
	st, err := tx.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(tx.sctx, args...)
}

func (tx *Tx) queryRow(q string, args ...any) *sql.Row {
	if traceStatement != nil {
		traceStatement(q, args)
	}
	st, err := tx.stmt(q)
	if err != nil {
		return tx.tx.QueryRowContext(tx.sctx, q, args...)
	}
	return st.QueryRowContext(tx.sctx, args...)
}

// Prepared is a command validated and in the form the history stores. An
// importer prepares commands on one core while another writes them.
type Prepared struct {
	Command cases.Command
	data    string
	fp      string
	visit   string // a visit's projection doc
}

// Prepare validates c as received at now and computes its stored form.
func Prepare(c cases.Command, now time.Time) (*Prepared, error) {
	if err := c.Validate(now); err != nil {
		return nil, err
	}
	data := c.Canonical()
	pc := &Prepared{Command: c, data: string(data), fp: cases.FingerprintOf(data)}
	if c.Op == cases.OpVisit {
		doc, _ := json.Marshal(VisitOf(&pc.Command))
		pc.visit = string(doc)
	}
	return pc, nil
}

// Exec validates c, answers a repeat as the first time, asks the Decider, then
// appends the event and updates the projection. A refusal (an *cases.Error
// other than EInternal) leaves the transaction as it was.
func (tx *Tx) Exec(c cases.Command, m cases.Meta) (cases.Result, error) {
	pc, err := Prepare(c, m.Now)
	if err != nil {
		return cases.Result{}, err
	}
	return tx.ExecPrepared(pc, m)
}

// ExecPrepared is Exec for a command already prepared, as received at m.Now.
func (tx *Tx) ExecPrepared(pc *Prepared, m cases.Meta) (cases.Result, error) {
	return tx.execPrepared(pc, m, true)
}

// Record is ExecPrepared without a copy of the petition in the result, for an
// importer, which only counts what changed.
func (tx *Tx) Record(pc *Prepared, m cases.Meta) (cases.Result, error) {
	return tx.execPrepared(pc, m, false)
}

func (tx *Tx) execPrepared(pc *Prepared, m cases.Meta, withPetition bool) (cases.Result, error) {
	if err := tx.ctx.Err(); err != nil {
		return cases.Result{}, err
	}
	c := &pc.Command
	recordedAt, recordedBy := m.Now, m.User
	if c.RecordedAt != "" {
		recordedAt, _ = cases.ParseInstant(c.RecordedAt)
	}
	if c.RecordedBy != "" {
		recordedBy = c.RecordedBy
	}
	if recordedBy == "" {
		return cases.Result{}, cases.FieldErrorf("recorded_by", "nobody is recording this command")
	}
	if len(tx.cache.ps) >= maxCached {
		if err := tx.flush(); err != nil {
			return cases.Result{}, err
		}
		tx.cache.reset()
		tx.cache.head = -1
	}
	key, data, fp := c.Key(), pc.data, pc.fp
	res := cases.Result{Op: c.Op, Ref: key}

	var p *cases.Petition
	var err error
	if c.Petition != "" {
		p, err = tx.Petition(tx.ctx, c.Petition)
		if err != nil && cases.ErrorCode(err) != cases.ENotFound {
			return res, err
		}
	}
	state, err := tx.db.decide(tx.ctx, c, p, tx)
	if err != nil {
		// A command already applied is usually refused now (its petition
		// has moved on): look for it before answering with the refusal.
		if done, lookErr := tx.earlier(c, key, fp, &res); lookErr != nil || done {
			return res, lookErr
		}
		return res, err
	}

	at := c.AtTime()
	ev := eventRow{
		seq: tx.seq + 1, op: string(c.Op), key: key, at: at.UnixMicro(), day: int64(cases.DateOf(at)),
		state: string(state), recordedAt: recordedAt.UnixMicro(), recordedBy: recordedBy,
		fingerprint: fp, data: data,
	}
	ev.hash = ev.chain(tx.hash)
	// A create goes to its projection first: the projection's key is the
	// ref, so a ref already taken fails there, before anything is written.
	// Every other event's repeat fails on the event table's unique
	// (key, fingerprint), also before anything is written.
	if c.Op.Creates() {
		if err := tx.project(pc, p, state, recordedBy, ev.seq, ev.recordedAt); err != nil {
			if isUnique(err) || errors.Is(err, errRefTaken) {
				return tx.repeated(c, key, fp, &res)
			}
			return res, err
		}
	}
	if _, err := tx.exec(`INSERT INTO events (seq, op, key, at, day, state,
		recorded_at, recorded_by, fingerprint, data, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ev.seq, ev.op, ev.key, ev.at, ev.day, ev.state, ev.recordedAt, ev.recordedBy,
		ev.fingerprint, ev.data, ev.hash); err != nil {
		if isUnique(err) && !c.Op.Creates() {
			return tx.repeated(c, key, fp, &res)
		}
		return res, fmt.Errorf("append event: %w", err)
	}
	if !c.Op.Creates() {
		if err := tx.project(pc, p, state, recordedBy, ev.seq, ev.recordedAt); err != nil {
			return res, err
		}
	}
	if report.InTimeline(c.Op) {
		if err := tx.timeline(c, &ev); err != nil {
			return res, err
		}
	}
	tx.seq, tx.hash = ev.seq, ev.hash
	res.Seq, res.Changed, res.State = ev.seq, true, state
	if !withPetition {
		return res, nil
	}
	// A copy: the cached petition goes on changing with later commands.
	ref := c.Petition
	if c.Op == cases.OpPetition {
		ref = c.Ref
	}
	if p, ok := tx.cache.ps[ref]; ok {
		cp := *p
		res.Petition = &cp
	}
	return res, nil
}

// timeline appends the event to its petition's timeline (report.Timeline),
// and an archive as a duplicate to the timeline of the petition it
// duplicates too; flush writes them. The petition is in the cache: the
// command's decision or projection read or created it.
func (tx *Tx) timeline(c *cases.Command, ev *eventRow) error {
	ref := c.Petition
	if c.Op == cases.OpPetition {
		ref = c.Ref
	}
	tc := tx.cache
	tc.timelines[ref] = report.AppendTimeline(tc.timelines[ref], c, cases.State(ev.state), ev.at, ev.recordedAt, ev.seq)
	tx.timelinesDirty[ref] = true
	if c.Op == cases.OpArchive && c.DuplicateOf != "" {
		switch _, err := tx.Petition(tx.ctx, c.DuplicateOf); {
		case cases.ErrorCode(err) == cases.ENotFound:
			return nil // the workflow let it name none recorded
		case err != nil:
			return fmt.Errorf("timeline of petition %s: %w", c.DuplicateOf, err)
		}
		if t := report.AppendDuplicated(tc.timelines[c.DuplicateOf], c, ev.at, ev.recordedAt); len(t) != len(tc.timelines[c.DuplicateOf]) {
			tc.timelines[c.DuplicateOf] = t
			tx.timelinesDirty[c.DuplicateOf] = true
		}
	}
	return nil
}

// repeated answers a command whose key and content are already recorded, or
// refuses a ref taken by other content.
func (tx *Tx) repeated(c *cases.Command, key, fp string, res *cases.Result) (cases.Result, error) {
	done, err := tx.earlier(c, key, fp, res)
	if err != nil {
		return *res, err
	}
	if !done {
		return *res, fmt.Errorf("%s %s: unique key taken but no such event", c.Op, key)
	}
	return *res, nil
}

// earlier looks for the command among the events of its key: the same content
// is answered as the first time (done); a creating command whose ref is taken
// by other content is a conflict.
func (tx *Tx) earlier(c *cases.Command, key, fp string, res *cases.Result) (done bool, err error) {
	st, err := tx.stmt(`SELECT seq, op, fingerprint, state FROM events WHERE key = ?`)
	if err != nil {
		return false, err
	}
	rows, err := st.QueryContext(tx.sctx, key)
	if err != nil {
		return false, fmt.Errorf("look up %s: %w", key, err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var op, f, state string
		if err := rows.Scan(&seq, &op, &f, &state); err != nil {
			return false, err
		}
		if f == fp {
			res.Seq, res.State = seq, cases.State(state)
			return true, nil
		}
		if c.Op.Creates() && cases.Op(op) == c.Op {
			return false, &cases.Error{Code: cases.EConflict, Field: "ref",
				Message: fmt.Sprintf("%s %s already exists with different content", c.Op, key)}
		}
	}
	return false, rows.Err()
}

// project folds the event into its projection table.
func (tx *Tx) project(pc *Prepared, p *cases.Petition, state cases.State, recordedBy string, seq, recordedAt int64) error {
	c := &pc.Command
	var err error
	switch c.Op {
	case cases.OpUnit:
		_, err = tx.exec(`INSERT INTO units (ref, name, kind, parent, remote, lower_label)
			VALUES (?, ?, ?, ?, ?, ?)`, c.Ref, c.Name, c.Kind, c.Parent, c.Remote, c.LowerLabel)
		if err == nil {
			tx.cache.units[c.Ref] = &cases.Unit{Ref: c.Ref, Name: c.Name, Kind: cases.UnitKind(c.Kind),
				Parent: c.Parent, Remote: c.Remote, LowerLabel: c.LowerLabel}
		}
	case cases.OpSession:
		d, _ := cases.ParseDate(c.Date)
		_, err = tx.exec(`INSERT INTO sessions (ref, kind, day, presided_by, delegated, location)
			VALUES (?, ?, ?, ?, ?, ?)`, c.Ref, c.Kind, int64(d), c.PresidedBy, c.Delegated, c.Location)
	case cases.OpVisit:
		v := VisitOf(c)
		var follow any
		if v.FollowUpOn != nil {
			follow = int64(*v.FollowUpOn)
		}
		_, err = tx.exec(`INSERT INTO visits (ref, petition, day, kind, session, people, follow_up_on, doc)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, v.Ref, v.Petition, int64(cases.DateOf(v.At)), v.Kind, v.Session,
			v.People, follow, pc.visit)
	case cases.OpDialogue:
		on, _ := cases.ParseDate(c.On)
		_, err = tx.exec(`INSERT INTO dialogues (seq, petition, at, on_day, place)
			VALUES (?, ?, ?, ?, ?)`, seq, c.Petition, c.AtTime().UnixMicro(), int64(on), c.Place)
	case cases.OpPetition:
		// Written by flush with whatever else the transaction does to it;
		// a ref already taken is refused here, before anything is written.
		if _, ok := tx.cache.ps[c.Ref]; ok {
			return errRefTaken
		}
		var one int
		switch err := tx.queryRow(`SELECT 1 FROM petitions WHERE ref = ?`, c.Ref).Scan(&one); {
		case err == nil:
			return errRefTaken
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("look up petition %s: %w", c.Ref, err)
		}
		np := cases.NewPetition(c, recordedBy)
		tx.cache.ps[np.Ref] = np
		tx.cache.stored[np.Ref] = 0 // not in the table yet
		tx.dirty[np.Ref] = true
	default:
		if p == nil {
			return fmt.Errorf("project %s: no petition %s", c.Op, c.Petition)
		}
		p.Apply(c, state)
		// Written once when the transaction ends: an import batch often
		// moves one petition several times.
		tx.dirty[p.Ref] = true
	}
	if err != nil {
		return fmt.Errorf("project %s %s: %w", c.Op, c.Key(), err)
	}
	return nil
}

func petitionRow(p *cases.Petition) []any {
	return []any{p.Ref, string(p.State), string(p.Type), p.Unit, int64(cases.DateOf(p.ReceivedAt)),
		p.Version, searchText(p), petitionDoc(p)}
}

// searchText is what a search matches. A protected denouncer's name is left
// out: finding a petition by a name would tell who denounced.
func searchText(p *cases.Petition) string {
	if p.Denouncer() {
		return cases.Fold(p.Ref + " " + p.Summary)
	}
	return cases.Fold(p.Ref + " " + p.Petitioner.Name + " " + p.Summary)
}

// VisitOf builds the visit a validated visit command records.
func VisitOf(c *cases.Command) cases.Visit {
	v := cases.Visit{Ref: c.Ref, At: c.AtTime(), Kind: cases.VisitKind(c.Kind), Session: c.Session,
		Petition: c.Petition, People: c.People, Citizen: c.Citizen}
	if c.FollowUpOn != "" {
		d, _ := cases.ParseDate(c.FollowUpOn)
		v.FollowUpOn = &d
	}
	return v
}

// Petition implements cases.Lookup.
func (tx *Tx) Petition(ctx context.Context, ref string) (*cases.Petition, error) {
	if p, ok := tx.cache.ps[ref]; ok {
		return p, nil
	}

	var doc string
	var timeline []byte
	err := tx.queryRow(`SELECT p.doc, t.timeline FROM petitions p
		LEFT JOIN report_timelines t ON t.received_day = p.received_day AND t.petition = p.ref
		WHERE p.ref = ?`, ref).Scan(&doc, &timeline)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "petition %s not found", ref)
	}
	if err != nil {
		return nil, fmt.Errorf("read petition %s: %w", ref, err)
	}
	p := new(cases.Petition)
	if err := json.Unmarshal([]byte(doc), p); err != nil {
		return nil, fmt.Errorf("decode petition %s: %w", ref, err)
	}
	tx.cache.ps[ref] = p
	tx.cache.stored[ref] = p.Version
	tx.cache.timelines[ref] = timeline
	return p, nil
}

// errRefTaken reports a creating command whose ref is recorded already.
var errRefTaken = errors.New("ref taken")

// maxCached bounds the petitions kept in memory between transactions.
const maxCached = 30000

// petitionCache keeps the petitions this process read or wrote, with the
// version stored in the table, so that an import does not read back what it
// has just written. Only the one write connection uses it, inside its
// transactions; head is the last event this process committed.
type petitionCache struct {
	ps     map[string]*cases.Petition
	stored map[string]int
	// units read or written, nil for a ref found missing; there are few
	// and every route reads one.
	units map[string]*cases.Unit
	// search holds each cached petition's search text: folding it again
	// at every write cost as much as the write.
	search map[string]searchMemo
	// timelines holds each cached petition's timeline.
	timelines map[string]report.Timeline
	head      int64
}

// searchMemo is a petition's search text, for the Denouncer() it was made for:
// nothing else it reads changes after the petition is received.
type searchMemo struct {
	denouncer bool
	text      string
}

// searchText is searchText(p), remembered.
func (c *petitionCache) searchText(p *cases.Petition) string {
	m, ok := c.search[p.Ref]
	if !ok || m.denouncer != p.Denouncer() {
		m = searchMemo{p.Denouncer(), searchText(p)}
		c.search[p.Ref] = m
	}
	return m.text
}

func (c *petitionCache) reset() {
	if c.ps == nil {
		c.ps, c.stored, c.units = map[string]*cases.Petition{}, map[string]int{}, map[string]*cases.Unit{}
		c.search = map[string]searchMemo{}
		c.timelines = map[string]report.Timeline{}
	}
	clear(c.timelines)
	clear(c.search)
	clear(c.ps)
	clear(c.stored)
	clear(c.units)
	c.head = -1
}

// flush writes every petition changed in the transaction, checking that the
// stored version is still the one that was read.
func (tx *Tx) flush() error {
	for ref := range tx.dirty {
		p := tx.cache.ps[ref]
		if tx.cache.stored[ref] == 0 {
			if _, err := tx.exec(`INSERT INTO petitions (ref, state, type, unit, received_day, version, search, doc)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.Ref, string(p.State), string(p.Type), p.Unit,
				int64(cases.DateOf(p.ReceivedAt)), p.Version, tx.cache.searchText(p), petitionDoc(p)); err != nil {
				return fmt.Errorf("write petition %s: %w", ref, err)
			}
			tx.cache.stored[ref] = p.Version
			continue
		}
		r, err := tx.exec(`UPDATE petitions SET state = ?, type = ?, unit = ?, version = ?, search = ?, doc = ?
			WHERE ref = ? AND version = ?`, string(p.State), string(p.Type), p.Unit, p.Version,
			tx.cache.searchText(p), petitionDoc(p), p.Ref, tx.cache.stored[ref])
		if err != nil {
			return fmt.Errorf("write petition %s: %w", ref, err)
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return fmt.Errorf("write petition %s: it changed under us (version %d)", ref, tx.cache.stored[ref])
		}
		tx.cache.stored[ref] = p.Version
	}
	clear(tx.dirty)
	days := map[int64]bool{}
	for ref := range tx.timelinesDirty {
		p := tx.cache.ps[ref]
		day := int64(cases.DateOf(p.ReceivedAt))
		if _, err := tx.exec(`INSERT INTO report_timelines (received_day, petition, timeline) VALUES (?, ?, ?)
			ON CONFLICT (received_day, petition) DO UPDATE SET timeline = excluded.timeline`,
			day, ref, []byte(tx.cache.timelines[ref])); err != nil {
			return fmt.Errorf("write the timeline of petition %s: %w", ref, err)
		}
		days[day] = true
	}
	clear(tx.timelinesDirty)
	// The summaries of those days are stale now (report_days).
	for day := range days {
		if _, err := tx.exec(`INSERT INTO report_days (day, version) VALUES (?, 1)
			ON CONFLICT (day) DO UPDATE SET version = report_days.version + 1`, day); err != nil {
			return fmt.Errorf("mark the summary of %s stale: %w", cases.Date(day), err)
		}
	}
	return nil
}

// Unit implements cases.Lookup.
func (tx *Tx) Unit(ctx context.Context, ref string) (*cases.Unit, error) {
	if u, ok := tx.cache.units[ref]; ok && u != nil {
		cp := *u
		return &cp, nil
	}
	u, err := scanUnit(tx.queryRow(`SELECT ref, name, kind, parent, remote, lower_label
		FROM units WHERE ref = ?`, ref), ref)
	if err == nil {
		cp := *u
		tx.cache.units[ref] = &cp
	}
	return u, err
}

// Session implements cases.Lookup.
func (tx *Tx) Session(ctx context.Context, ref string) (*cases.Session, error) {
	return scanSession(tx.queryRow(`SELECT ref, kind, day, presided_by, delegated, location
		FROM sessions WHERE ref = ?`, ref), ref)
}

func scanUnit(row *sql.Row, ref string) (*cases.Unit, error) {
	var u cases.Unit
	err := row.Scan(&u.Ref, &u.Name, &u.Kind, &u.Parent, &u.Remote, &u.LowerLabel)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "unit %s not found", ref)
	}
	if err != nil {
		return nil, fmt.Errorf("read unit %s: %w", ref, err)
	}
	return &u, nil
}

func scanSession(row *sql.Row, ref string) (*cases.Session, error) {
	var s cases.Session
	var day int64
	err := row.Scan(&s.Ref, &s.Kind, &day, &s.PresidedBy, &s.Delegated, &s.Location)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "session %s not found", ref)
	}
	if err != nil {
		return nil, fmt.Errorf("read session %s: %w", ref, err)
	}
	s.Date = cases.Date(day)
	return &s, nil
}

type eventRow struct {
	seq               int64
	op, key           string
	at, day           int64
	state             string
	recordedAt        int64
	recordedBy        string
	fingerprint, data string
	hash              string
}

// chain is sha256 over the previous event's hash and every column of the
// event, each on its own line, so that no column can change, and no event be
// removed or reordered, without breaking the chain.
func (e *eventRow) chain(prev string) string {
	var small [512]byte
	b := small[:0]
	line := func(s string) { b = append(append(b, s...), '\n') }
	num := func(n int64) { b = append(strconv.AppendInt(b, n, 10), '\n') }
	line(prev)
	num(e.seq)
	line(e.op)
	line(e.key)
	num(e.at)
	num(e.day)
	line(e.state)
	num(e.recordedAt)
	line(e.recordedBy)
	line(e.fingerprint)
	line(e.data)
	sum := sha256.Sum256(b)
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}

var _ cases.Lookup = (*Tx)(nil)
