package storage

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

// PetitionPage lists one page of the petitions that match f (f.Limit and
// f.Offset; no limit lists them all) and counts every petition that matches.
// Both queries read one snapshot, so the count agrees with the page.
func (db *DB) PetitionPage(ctx context.Context, f cases.Filter) ([]*cases.Petition, int, error) {
	where, args := petitionWhere(f)
	tx, err := db.read.BeginTx(ctx, &sqlReadOnly)
	if err != nil {
		return nil, 0, fmt.Errorf("list petitions: %w", err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM petitions WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count petitions: %w", err)
	}
	q := `SELECT doc FROM petitions WHERE ` + where + ` ORDER BY received_day, ref` + page(f, &args)
	out, err := readPetitions(ctx, tx, q, args)
	return out, total, err
}

// petitionWhere is the condition that selects the petitions of f.
func petitionWhere(f cases.Filter) (string, []any) {
	q := `1 = 1`
	var args []any
	if f.State != "" {
		q += ` AND state = ?`
		args = append(args, string(f.State))
	}
	if len(f.States) > 0 {
		q += ` AND state IN (?` + strings.Repeat(`, ?`, len(f.States)-1) + `)`
		for _, s := range f.States {
			args = append(args, string(s))
		}
	}
	if f.Type != "" {
		q += ` AND type = ?`
		args = append(args, string(f.Type))
	}
	if f.Unit != "" {
		q += ` AND unit = ?`
		args = append(args, f.Unit)
	}
	if len(f.Units) > 0 {
		q += ` AND unit IN (?` + strings.Repeat(`, ?`, len(f.Units)-1) + `)`
		for _, u := range f.Units {
			args = append(args, u)
		}
	}
	if f.From != 0 {
		q += ` AND received_day >= ?`
		args = append(args, int64(f.From))
	}
	if f.To != 0 {
		q += ` AND received_day <= ?`
		args = append(args, int64(f.To))
	}
	for _, w := range strings.Fields(cases.Fold(f.Search)) {
		q += ` AND search LIKE ? ESCAPE '\'`
		args = append(args, "%"+likeEscape.Replace(w)+"%")
	}
	return q, args
}

// GroupCommit applies commands sent concurrently (by the requests of a web
// server) in shared write transactions: while one transaction commits, the
// commands that arrive wait, and the next transaction applies all of them,
// one after the other exactly as Exec would. A transaction costs a
// begin, the chain head, the statements' preparation and a commit whatever
// it holds; sharing them lets the one writer keep up with many clients.
// A single command waits for nothing: it runs as soon as the writer is free.
type GroupCommit struct {
	db    *DB
	max   int
	reqs  chan *groupRequest
	done  chan struct{}
	close sync.Once
}

type groupRequest struct {
	c     cases.Command
	m     cases.Meta
	res   cases.Result
	err   error
	ready chan struct{}
}

// GroupCommit starts a group committer that puts at most size commands in
// one transaction. Close stops it.
func (db *DB) GroupCommit(size int) *GroupCommit {
	g := &GroupCommit{db: db, max: max(1, size), reqs: make(chan *groupRequest), done: make(chan struct{})}
	go g.loop()
	return g
}

// Exec applies one command as DB.Exec does. It returns once the command's
// transaction has committed or was refused; a command handed to the writer
// is applied even if ctx ends meanwhile.
func (g *GroupCommit) Exec(ctx context.Context, c cases.Command, m cases.Meta) (cases.Result, error) {
	r := &groupRequest{c: c, m: m, ready: make(chan struct{})}
	select {
	case g.reqs <- r:
	case <-ctx.Done():
		return cases.Result{}, ctx.Err()
	case <-g.done:
		return cases.Result{}, fmt.Errorf("exec %s %s: the writer is closed", c.Op, c.Key())
	}
	<-r.ready
	return r.res, r.err
}

// Close stops the committer once the commands handed to it are applied;
// later commands are refused.
func (g *GroupCommit) Close() {
	g.close.Do(func() { close(g.done) })
}

func (g *GroupCommit) loop() {
	batch := make([]*groupRequest, 0, g.max)
	for {
		select {
		case r := <-g.reqs:
			batch = append(batch[:0], r)
		case <-g.done:
			return
		}
		// Let the requests that are ready to send reach the queue.
		runtime.Gosched()
	gather:
		for len(batch) < g.max {
			select {
			case r := <-g.reqs:
				batch = append(batch, r)
			default:
				break gather
			}
		}
		g.apply(batch)
	}
}

// apply runs one batch in one transaction. Refusals are each command's own
// answer; an internal error rolls the transaction back, and then every
// command of the batch runs alone, so that one fault fails one command.
func (g *GroupCommit) apply(batch []*groupRequest) {
	defer func() {
		for _, r := range batch {
			close(r.ready)
		}
	}()
	ctx := context.Background()
	if len(batch) == 1 {
		r := batch[0]
		r.res, r.err = g.db.Exec(ctx, r.c, r.m)
		return
	}
	err := g.db.Batch(ctx, func(tx *Tx) error {
		for _, r := range batch {
			r.res, r.err = tx.Exec(r.c, r.m)
			if r.err != nil && cases.ErrorCode(r.err) == cases.EInternal {
				return r.err
			}
		}
		return nil
	})
	if err != nil {
		for _, r := range batch {
			r.res, r.err = g.db.Exec(ctx, r.c, r.m)
		}
	}
}

// LastSeq is the number of the last recorded event (0 for an empty
// history): any change to the history changes it, so what is computed from
// the history can be cached under it.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var seq sql.NullInt64
	if err := db.read.QueryRowContext(ctx, `SELECT max(seq) FROM events`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("read the last event: %w", err)
	}
	return seq.Int64, nil
}

// ChangedSince reports whether an event recorded after event seq can change
// what is computed from the events dated through day through and, when asOf
// is not zero, recorded at or before asOf: the statistics of a period depend
// on nothing else. It reads only the events after seq.
func (db *DB) ChangedSince(ctx context.Context, seq int64, through cases.Date, asOf time.Time) (bool, error) {
	limit := int64(math.MaxInt64)
	if !asOf.IsZero() {
		limit = asOf.UnixMicro()
	}
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM events
		WHERE seq > ? AND day <= ? AND recorded_at <= ?`, seq, int64(through), limit).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read the events since %d: %w", seq, err)
	}
	return n > 0, nil
}
