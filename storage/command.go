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

	"github.com/tiepdan/tiepdan/cases"
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
	tx := &Tx{ctx: ctx, db: db, tx: sqlTx, petitions: map[string]*cases.Petition{}}
	err = sqlTx.QueryRowContext(ctx, `SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1`).Scan(&tx.seq, &tx.hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read chain head: %w", err)
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Tx is one write transaction. It implements cases.Lookup for the Decider.
type Tx struct {
	ctx       context.Context
	db        *DB
	tx        *sql.Tx
	seq       int64
	hash      string
	petitions map[string]*cases.Petition // read or written in this transaction
	stmts     map[string]*sql.Stmt       // prepared once per transaction
}

// stmt prepares q once per transaction: an import batch runs the same few
// statements thousands of times.
func (tx *Tx) stmt(q string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	st, err := tx.tx.PrepareContext(tx.ctx, q)
	if err != nil {
		return nil, err
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[q] = st
	return st, nil
}

func (tx *Tx) exec(q string, args ...any) (sql.Result, error) {
	st, err := tx.stmt(q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(tx.ctx, args...)
}

func (tx *Tx) queryRow(q string, args ...any) *sql.Row {
	st, err := tx.stmt(q)
	if err != nil {
		return tx.tx.QueryRowContext(tx.ctx, q, args...)
	}
	return st.QueryRowContext(tx.ctx, args...)
}

// Exec validates c, answers a repeat as the first time, asks the Decider, then
// appends the event and updates the projection. A refusal (an *cases.Error
// other than EInternal) leaves the transaction as it was.
func (tx *Tx) Exec(c cases.Command, m cases.Meta) (cases.Result, error) {
	if err := c.Validate(m.Now); err != nil {
		return cases.Result{}, err
	}
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
	key, fp := c.Key(), c.Fingerprint()
	res := cases.Result{Op: c.Op, Ref: key}

	done, err := tx.earlier(&c, key, fp, &res)
	if err != nil || done {
		return res, err
	}

	var p *cases.Petition
	if c.Petition != "" {
		p, err = tx.Petition(tx.ctx, c.Petition)
		if err != nil && cases.ErrorCode(err) != cases.ENotFound {
			return res, err
		}
	}
	state, err := tx.db.decide(tx.ctx, &c, p, tx)
	if err != nil {
		return res, err
	}

	data, err := canonical(&c)
	if err != nil {
		return res, fmt.Errorf("encode command: %w", err)
	}
	at := c.AtTime()
	ev := eventRow{
		seq: tx.seq + 1, op: string(c.Op), key: key, at: at.UnixMicro(), day: int64(cases.DateOf(at)),
		state: string(state), recordedAt: recordedAt.UnixMicro(), recordedBy: recordedBy,
		fingerprint: fp, data: data, prevHash: tx.hash,
	}
	ev.hash = ev.chain()
	if _, err := tx.exec(`INSERT INTO events (seq, op, key, at, day, state,
		recorded_at, recorded_by, fingerprint, data, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ev.seq, ev.op, ev.key, ev.at, ev.day, ev.state, ev.recordedAt, ev.recordedBy,
		ev.fingerprint, ev.data, ev.prevHash, ev.hash); err != nil {
		return res, fmt.Errorf("append event: %w", err)
	}
	if err := tx.project(&c, p, state, recordedBy, ev.seq); err != nil {
		return res, err
	}
	tx.seq, tx.hash = ev.seq, ev.hash
	res.Seq, res.Changed, res.State = ev.seq, true, state
	if c.Petition != "" || c.Op == cases.OpPetition {
		res.Petition = tx.petitions[c.Key()]
		if c.Op == cases.OpVisit || c.Op == cases.OpDialogue {
			res.Petition = tx.petitions[c.Petition]
		}
	}
	return res, nil
}

// earlier looks for the command among the events of its key: the same content
// is answered as the first time (done); a creating command whose ref is taken
// by other content is a conflict.
func (tx *Tx) earlier(c *cases.Command, key, fp string, res *cases.Result) (done bool, err error) {
	st, err := tx.stmt(`SELECT seq, op, fingerprint, state FROM events WHERE key = ?`)
	if err != nil {
		return false, err
	}
	rows, err := st.QueryContext(tx.ctx, key)
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
func (tx *Tx) project(c *cases.Command, p *cases.Petition, state cases.State, recordedBy string, seq int64) error {
	var err error
	switch c.Op {
	case cases.OpUnit:
		_, err = tx.exec(`INSERT INTO units (ref, name, kind, parent, remote, lower_label)
			VALUES (?, ?, ?, ?, ?, ?)`, c.Ref, c.Name, c.Kind, c.Parent, c.Remote, c.LowerLabel)
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
		doc, _ := json.Marshal(v)
		_, err = tx.exec(`INSERT INTO visits (ref, petition, day, kind, session, people, follow_up_on, doc)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, v.Ref, v.Petition, int64(cases.DateOf(v.At)), v.Kind, v.Session,
			v.People, follow, string(doc))
	case cases.OpDialogue:
		on, _ := cases.ParseDate(c.On)
		_, err = tx.exec(`INSERT INTO dialogues (seq, petition, at, on_day, place)
			VALUES (?, ?, ?, ?, ?)`, seq, c.Petition, c.AtTime().UnixMicro(), int64(on), c.Place)
	case cases.OpPetition:
		np := cases.NewPetition(c, recordedBy)
		tx.petitions[np.Ref] = np
		_, err = tx.exec(`INSERT INTO petitions (ref, state, type, unit, received_day, version, search, doc)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, petitionRow(np)...)
	default:
		if p == nil {
			return fmt.Errorf("project %s: no petition %s", c.Op, c.Petition)
		}
		old := p.Version
		p.Apply(c, state)
		row := petitionRow(p)
		var r sql.Result
		r, err = tx.exec(`UPDATE petitions SET state = ?, type = ?, unit = ?,
			received_day = ?, version = ?, search = ?, doc = ? WHERE ref = ? AND version = ?`,
			append(row[1:], p.Ref, old)...)
		if err == nil {
			if n, _ := r.RowsAffected(); n != 1 {
				delete(tx.petitions, p.Ref)
				return fmt.Errorf("project %s: petition %s changed under us (version %d)", c.Op, p.Ref, old)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("project %s %s: %w", c.Op, c.Key(), err)
	}
	return nil
}

func petitionRow(p *cases.Petition) []any {
	doc, _ := json.Marshal(p)
	return []any{p.Ref, string(p.State), string(p.Type), p.Unit, int64(cases.DateOf(p.ReceivedAt)),
		p.Version, searchText(p), string(doc)}
}

func searchText(p *cases.Petition) string {
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
	if p, ok := tx.petitions[ref]; ok {
		return p, nil
	}
	var doc string
	err := tx.queryRow(`SELECT doc FROM petitions WHERE ref = ?`, ref).Scan(&doc)
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
	tx.petitions[ref] = p
	return p, nil
}

// Unit implements cases.Lookup.
func (tx *Tx) Unit(ctx context.Context, ref string) (*cases.Unit, error) {
	return scanUnit(tx.queryRow(`SELECT ref, name, kind, parent, remote, lower_label
		FROM units WHERE ref = ?`, ref), ref)
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

// canonical is the command as stored: its JSON without provenance, which the
// event row carries in its own columns.
func canonical(c *cases.Command) (string, error) {
	cc := *c
	cc.RecordedAt, cc.RecordedBy = "", ""
	b, err := json.Marshal(cc)
	return string(b), err
}

type eventRow struct {
	seq               int64
	op, key           string
	at, day           int64
	state             string
	recordedAt        int64
	recordedBy        string
	fingerprint, data string
	prevHash, hash    string
}

// chain is sha256 over the previous hash and every column of the event, each
// on its own line, so that no column can change without breaking the chain.
func (e *eventRow) chain() string {
	h := sha256.New()
	for _, s := range []string{e.prevHash, strconv.FormatInt(e.seq, 10), e.op, e.key,
		strconv.FormatInt(e.at, 10), strconv.FormatInt(e.day, 10), e.state,
		strconv.FormatInt(e.recordedAt, 10), e.recordedBy, e.fingerprint, e.data} {
		h.Write([]byte(s))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

var _ cases.Lookup = (*Tx)(nil)
