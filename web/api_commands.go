package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
)

// postCommand applies one SPEC §5 command: 201 when it changed something,
// 200 when the same command was already applied (with the first answer).
func (s *Server) postCommand(c *gin.Context) {
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		s.abortJSON(c, bodyError(err))
		return
	}
	cmd, err := cases.DecodeCommand(body)
	if err != nil {
		s.abortJSON(c, err)
		return
	}
	setLogOp(c, cmd.Op)
	c.Set(logRef, cmd.Key())
	res, err := s.postedCommand(c, cmd)
	if err != nil {
		if c.IsAborted() {
			return
		}
		s.abortCommand(c, &cmd, err)
		return
	}
	status := http.StatusOK
	if res.Changed {
		status = http.StatusCreated
	}
	c.JSON(status, res)
}

// commandsPath is the route of postCommand.
const commandsPath = "/api/v1/commands"

// postedCommand executes cmd for the request's user. When that user came
// from the token cache unchecked (requireToken), the store checks the
// accounts' version as its write begins; a refusal, by the store or
// before it, is answered only once the token is looked up again as any
// request's is: if the accounts changed since the cache found the user,
// the command is sent again for the user found now. An answer so never
// rests on an account, token or unit changed before the request came. A
// token no longer valid aborts c.
func (s *Server) postedCommand(c *gin.Context, cmd cases.Command) (cases.Result, error) {
	ctx := c.Request.Context()
	v, cached := c.Get(accountsKey)
	if !cached {
		return s.executeAt(ctx, userOf(c), cmd, nil)
	}
	at := v.(int64)
	res, err := s.executeAt(ctx, userOf(c), cmd, &at)
	if err == nil {
		return res, nil
	}
	u, now, ferr := s.tokenUser(ctx, bearerToken(c))
	if ferr != nil {
		s.abortToken(c, ferr)
		return res, ferr
	}
	if now == at {
		return res, err
	}
	s.setUser(c, u)
	return s.executeAt(c.Request.Context(), u, cmd, nil)
}

// setLogOp notes the op for the request log, if it is one: whatever else a
// client put in op is not logged.
func setLogOp(c *gin.Context, op cases.Op) {
	if slices.Contains(cases.Ops, op) {
		c.Set(logOp, string(op))
	}
}

// abortCommand answers a refused command; a workflow refusal names the
// petition's state and the events allowed now.
func (s *Server) abortCommand(c *gin.Context, cmd *cases.Command, err error) {
	e := errorOf(err)
	var ce *cases.Error
	if e.Code == cases.EConflict && errors.As(err, &ce) && ce.Allowed != nil && cmd.Petition != "" {
		if p, perr := s.cfg.Store.Petition(c.Request.Context(), cmd.Petition); perr == nil {
			allowed := make([]cases.Op, len(ce.Allowed))
			for i, a := range ce.Allowed {
				allowed[i] = cases.Op(a)
			}
			e.State, e.Allowed = p.State, &allowed
		}
	}
	s.abortAPIError(c, statusOf(err), e, err)
}

// execute checks that u may send cmd, then applies it as recorded by u.
func (s *Server) execute(ctx context.Context, u *User, cmd cases.Command) (cases.Result, error) {
	return s.executeAt(ctx, u, cmd, nil)
}

// executeAt is execute for u found at the accounts' version accounts (nil:
// read for this request), which the store checks (cases.Meta.Accounts).
func (s *Server) executeAt(ctx context.Context, u *User, cmd cases.Command, accounts *int64) (cases.Result, error) {
	if err := u.mayPost(&cmd); err != nil {
		return cases.Result{}, err
	}
	if err := s.inCommittee(ctx, u, &cmd); err != nil {
		return cases.Result{}, err
	}
	if u.needsPetition(&cmd) {
		// A petition's unit never changes once routed, and a race that
		// moves it off the desk between this read and the write below
		// only lets reception terminate what it could a moment earlier.
		p, err := s.cfg.Store.Petition(ctx, cmd.Petition)
		if err != nil {
			return cases.Result{}, err
		}
		if err := u.mayActOn(&cmd, p); err != nil {
			return cases.Result{}, err
		}
	}
	res, err := s.cfg.Store.Exec(ctx, cmd, cases.Meta{Now: s.now(), User: u.Name, Accounts: accounts})
	if err != nil {
		if cases.ErrorCode(err) == cases.EConflict {
			var ce *cases.Error
			if errors.As(err, &ce) && ce.Field == "ref" {
				return res, s.sameRefAnswer(ctx, u, &cmd, err)
			}
		}
		return res, err
	}
	if !res.Changed {
		return res, s.sameRefAnswer(ctx, u, &cmd, nil)
	}
	return res, nil
}

// sameRefAnswer guards the answers to a command whose ref or content is
// already recorded. Normally a repeat answers as the first time and other
// content under the same ref is a conflict; but for a petition or visit
// whose petitioner is a protected denouncer hidden from u, that difference
// would confirm a guessed identity. Such a user gets one answer for both.
func (s *Server) sameRefAnswer(ctx context.Context, u *User, cmd *cases.Command, refused error) error {
	ref := ""
	switch cmd.Op {
	case cases.OpPetition:
		ref = cmd.Ref
	case cases.OpVisit:
		ref = cmd.Petition
	}
	if ref != "" && !u.seesEveryIdentity() {
		p, err := s.cfg.Store.Petition(ctx, ref)
		if err != nil && cases.ErrorCode(err) != cases.ENotFound {
			return err
		}
		if err == nil && p.Denouncer() && !u.seesIdentity(p) {
			return &cases.Error{Code: cases.EConflict, Field: "ref",
				Message: fmt.Sprintf("%s %s is already recorded", cmd.Op, cmd.Ref)}
		}
	}
	return refused
}
