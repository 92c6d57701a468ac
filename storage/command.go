package storage

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// A command applied in a write transaction: validated and put in its
// stored form (Prepare), decided, appended to the history as an event
// (chain.go), and folded into the projections (projection.go); a repeat is
// answered as the first time.

// Prepared is a command validated and in the form the history stores. An
// importer prepares commands on one core while another writes them.
type Prepared struct {
	Command cases.Command
	// sealed is the command as stored, its petitioner or citizen sealed
	// (secrets.go); nil when it is Command itself.
	sealed *cases.Command
	data   string
	fp     string // of the command without its number (cases.Command.Fingerprint), keyed with a key
	visit  string // a visit's projection doc
}

// stored is the command as the history stores it.
func (pc *Prepared) stored() *cases.Command {
	if pc.sealed != nil {
		return pc.sealed
	}
	return &pc.Command
}

// Prepare validates c as received at now and computes its stored form:
// with a secrets key, its identities sealed and its fingerprint keyed.
// Its dates are bounded by the database's Window.
func (db *DB) Prepare(c cases.Command, now time.Time) (*Prepared, error) {
	w := db.Window
	if err := c.ValidateIn(now, &w); err != nil {
		return nil, err
	}
	data := c.Canonical()
	unnumbered := data
	if c.Number != "" {
		cc := c
		cc.Number = ""
		unnumbered = cc.Canonical()
	}
	pc := &Prepared{Command: c, data: string(data), fp: db.secrets.fingerprint(unnumbered)}
	if sc := db.secrets.sealCommand(&pc.Command); sc != &pc.Command {
		pc.sealed = sc
		pc.data = string(sc.Canonical())
	}
	if c.Op == cases.OpVisit {
		doc, _ := json.Marshal(VisitOf(pc.stored()))
		pc.visit = string(doc)
	}
	return pc, nil
}

// Exec validates c, answers a repeat as the first time, asks the Decider, then
// appends the event and updates the projection. A refusal (an *cases.Error
// other than EInternal) leaves the transaction as it was.
func (tx *Tx) Exec(c cases.Command, m cases.Meta) (cases.Result, error) {
	pc, err := tx.db.Prepare(c, m.Now)
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
	if m.Accounts != nil && *m.Accounts != tx.accounts {
		return cases.Result{}, cases.ErrAccountsChanged
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
		// The petitions recorded until now are in their table, not in
		// the cache any more.
		tx.petitionRefs = nil
	}
	key, data, fp := c.Key(), pc.data, pc.fp
	res := cases.Result{Op: c.Op, Ref: key}

	if tx.db.keyed.since > 0 {
		// Events recorded before the key that seals now have other
		// fingerprints, which the unique (key, fingerprint) does not
		// match: a repeat of one of their commands is looked for first.
		if done, err := tx.earlier(c, key, fp, &res); err != nil || done {
			return res, err
		}
	}
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

	if numbered(c.Op) {
		// A repeat is answered before it takes a number; a number is taken
		// only by what is recorded, so the book has no gap.
		switch taken, err := tx.refTaken(c); {
		case err != nil:
			return res, err
		case taken:
			return tx.repeated(c, key, fp, &res)
		}
		n, err := tx.number(c)
		if err != nil {
			return res, err
		}
		pc = withNumber(pc, n)
		c, data = &pc.Command, pc.data
	}

	at := c.AtTime()
	ev := eventRow{
		seq: tx.seq + 1, op: string(c.Op), key: key, at: at.UnixMicro(), day: int64(cases.DateOf(at)),
		state: string(state), recordedAt: recordedAt.UnixMicro(), recordedBy: recordedBy,
		fingerprint: fp, data: data,
	}
	ev.hash = ev.chain(tx.hash)
	// A create goes to its projection first: the projection's key is the
	// ref, so a ref already taken fails there, before anything is written
	// (a petition's or a visit's was looked for before its number).
	// Every other event's repeat fails on the event table's unique
	// (key, fingerprint), also before anything is written.
	if c.Op.Creates() {
		if err := tx.project(pc, p, state, recordedBy, ev.seq, ev.recordedAt); err != nil {
			if isUnique(err) {
				return tx.repeated(c, key, fp, &res)
			}
			return res, err
		}
	}
	// A create's event cannot meet a taken key: its projection's row
	// (or, for a petition, its ref looked for) said it is new. Its insert
	// asks for no answer, which on PostgreSQL lets it go with the next
	// statement (postgres_pipeline.go); a failure fails the transaction.
	insertEvent := tx.insertNew
	if c.Op.Creates() {
		insertEvent = func(q string, args ...any) error {
			_, err := tx.exec(q, args...)
			return err
		}
	}
	if err := insertEvent(`INSERT INTO events (seq, op, key, at, day, state,
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
	if err := tx.timeline(c, &ev); err != nil {
		return res, err
	}
	tx.seq, tx.hash = ev.seq, ev.hash
	if err := tx.linked(c, ev.recordedAt); err != nil {
		return res, fmt.Errorf("the petition %s sends up: %w", c.Petition, err)
	}
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
		op, err := tx.db.secrets.openPetition(p)
		if err != nil {
			return res, err
		}
		cp := *op
		res.Petition = &cp
	}
	return res, nil
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
	// Read to the end before anything else is asked: a PostgreSQL
	// connection runs one query at a time.
	type keyed struct {
		seq          int64
		op, f, state string
	}
	var evs []keyed
	for rows.Next() {
		var e keyed
		if err := rows.Scan(&e.seq, &e.op, &e.f, &e.state); err != nil {
			rows.Close()
			return false, err
		}
		evs = append(evs, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, e := range evs {
		seq, op, f, state := e.seq, e.op, e.f, e.state
		if tx.sameCommand(f, fp, c) {
			if c.Number != "" && numbered(c.Op) && cases.Op(op) == c.Op {
				// The fingerprint leaves the number out: the same
				// petition or visit carrying another number is not the
				// same.
				if n, err := tx.numberOfEvent(seq); err != nil || n != c.Number {
					if err != nil {
						return false, err
					}
					return false, (&cases.Error{Code: cases.EConflict, Field: "number",
						Message: fmt.Sprintf("%s %s is recorded with number %s, not %s", c.Op, key, n, c.Number)}).
						VI("%s %s đã được ghi với số %s, không phải %s.", map[cases.Op]string{cases.OpPetition: "Đơn", cases.OpVisit: "Lượt tiếp"}[c.Op], key, n, c.Number)
				}
			}
			res.Seq, res.State = seq, cases.State(state)
			return true, nil
		}
		if c.Op.Creates() && cases.Op(op) == c.Op {
			return false, &cases.Error{Code: cases.EConflict, Field: "ref",
				Message: fmt.Sprintf("%s %s already exists with different content", c.Op, key)}
		}
	}
	return false, nil
}

// sameCommand reports whether an event's fingerprint f is the fingerprint
// fp of c: fp is under the key that seals now; an event recorded before it
// has a plain one or one under an earlier key, computed again for it.
func (tx *Tx) sameCommand(f, fp string, c *cases.Command) bool {
	if f == fp {
		return true
	}
	if tx.db.keyed.since == 0 {
		return false
	}
	cc := *c
	cc.Number = ""
	again, known := tx.db.secrets.fingerprintOf(f, cc.Canonical())
	return known && again == f
}

// numberOfEvent is the number in the command of the event seq.
func (tx *Tx) numberOfEvent(seq int64) (string, error) {
	var data string
	if err := tx.queryRow(`SELECT data FROM events WHERE seq = ?`, seq).Scan(&data); err != nil {
		return "", fmt.Errorf("read event %d: %w", seq, err)
	}
	c, err := cases.DecodeCommand([]byte(data))
	if err != nil {
		return "", fmt.Errorf("read event %d: %w", seq, err)
	}
	return c.Number, nil
}

// refTaken reports whether the ref a petition or visit command creates is
// recorded already.
func (tx *Tx) refTaken(c *cases.Command) (bool, error) {
	q := `SELECT 1 FROM visits WHERE ref = ?`
	if c.Op == cases.OpPetition {
		if _, ok := tx.cache.ps[c.Ref]; ok {
			return true, nil
		}
		if taken, ok := tx.petitionRefs[c.Ref]; ok {
			return taken, nil
		}
		q = `SELECT 1 FROM petitions WHERE ref = ?`
	}
	var one int
	switch err := tx.queryRow(q, c.Ref).Scan(&one); {
	case err == nil:
		return true, nil
	case !errors.Is(err, sql.ErrNoRows):
		return false, fmt.Errorf("look up %s %s: %w", c.Op, c.Ref, err)
	}
	return false, nil
}

// lookUpPetitions looks for the refs of new petitions among those recorded,
// all at once, before commands that create them are applied: a group
// commit's transaction records several petitions, and looking for each
// ref alone costs a round trip each on PostgreSQL, with the write lock
// held. refTaken answers from what was found; a petition this transaction
// records is in its cache, which refTaken reads first.
func (tx *Tx) lookUpPetitions(refs []string) error {
	refs = slices.Compact(slices.Sorted(slices.Values(refs)))
	if tx.petitionRefs == nil {
		tx.petitionRefs = make(map[string]bool, len(refs))
	}
	for len(refs) > 0 {
		chunk := refs[:min(len(refs), rowsPerInsert)]
		refs = refs[len(chunk):]
		args := make([]any, len(chunk))
		for i, ref := range chunk {
			args[i] = ref
			tx.petitionRefs[ref] = false
		}
		// One lookup by the key for each ref: PostgreSQL plans ref IN (…)
		// once for the connection, as a scan of the whole table when the
		// table was small then, as it is when a server starts on a new
		// installation.
		rows, err := tx.query(`SELECT ref FROM petitions WHERE ref = ?`+
			strings.Repeat(` UNION ALL SELECT ref FROM petitions WHERE ref = ?`, len(chunk)-1), args...)
		if err != nil {
			return fmt.Errorf("look up petitions: %w", err)
		}
		for rows.Next() {
			var ref string
			if err := rows.Scan(&ref); err != nil {
				rows.Close()
				return fmt.Errorf("look up petitions: %w", err)
			}
			tx.petitionRefs[ref] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("look up petitions: %w", err)
		}
	}
	return nil
}
