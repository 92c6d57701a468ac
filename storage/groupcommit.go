package storage

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/tiepdan/tiepdan/cases"
)

// GroupCommit applies commands sent concurrently (by the requests of a web
// server) in shared write transactions: while one transaction commits, the
// commands that arrive wait, and the next transaction applies all of them,
// one after the other exactly as Exec would; so do those that arrive while
// the transaction waits for the write lock, which on PostgreSQL another
// instance may hold. A transaction costs a begin, the chain head, the
// statements' preparation and a commit whatever it holds; sharing them
// lets the one writer keep up with many clients. A single command waits
// for nothing: it runs as soon as the writer is free.
//
// A GroupCommit is its DB with Exec going through the committer: a web
// server is handed it as its store. Its Close stops the committer only.
type GroupCommit struct {
	*DB
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
	g := &GroupCommit{DB: db, max: max(1, size), reqs: make(chan *groupRequest), done: make(chan struct{})}
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
		g.apply(g.gather(batch))
	}
}

// gather adds to batch the requests waiting, up to the batch's size.
func (g *GroupCommit) gather(batch []*groupRequest) []*groupRequest {
	for len(batch) < g.max {
		select {
		case r := <-g.reqs:
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
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
	err := g.DB.Batch(ctx, func(tx *Tx) error {
		// The transaction holds the write lock now. On PostgreSQL it may
		// have waited for it while another instance wrote: the commands
		// that came meanwhile join this transaction rather than wait for
		// the lock again in the next.
		batch = g.gather(batch)
		var refs []string
		for _, r := range batch {
			if r.c.Op == cases.OpPetition {
				refs = append(refs, r.c.Ref)
			}
		}
		if len(refs) > 1 {
			if err := tx.lookUpPetitions(refs); err != nil {
				return err
			}
		}
		for _, r := range batch {
			r.res, r.err = tx.Exec(r.c, r.m)
			if r.err != nil && cases.ErrorCode(r.err) == cases.EInternal {
				return r.err
			}
		}
		return nil
	})
	if err != nil && len(batch) > 1 {
		for _, r := range batch {
			r.res, r.err = g.DB.Exec(ctx, r.c, r.m)
		}
	} else if err != nil {
		batch[0].err = err
	}
}
