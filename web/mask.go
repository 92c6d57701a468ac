package web

import (
	"context"
	"fmt"

	"github.com/tiepdan/tiepdan/cases"
)

// The denouncer's secret (Luật Tố cáo Arts. 8, 9, 47; SPEC §7): the identity
// and contact data of a protected denouncer are shown in clear only to the
// officer who recorded the petition, leaders and admins. Every response that
// carries a petition builds it through a reveal, which masks what the user
// may not read and lists what it shows in clear; the handler writes those
// reveals to the access log before it answers, and answers nothing if that
// write fails.

// reveals collects the clear views of protected identities of one request.
type reveals struct {
	u    *User
	what string
	refs []string
}

func newReveals(u *User, what string) *reveals { return &reveals{u: u, what: what} }

// petition returns p as the user may read it: masked when its petitioner is
// a protected denouncer hidden from the user; in clear otherwise, noting the
// reveal when it is protected.
func (r *reveals) petition(p *cases.Petition) (shown *cases.Petition, masked bool) {
	if !p.Denouncer() {
		return p, false
	}
	if r.u.seesIdentity(p) {
		r.note(p.Ref)
		return p, false
	}
	return p.Masked(), true
}

// citizen returns who came at event e of p's history (a visit's citizen, a
// creation's petitioner) as the user may read it. A protected identity is
// shown to who sees p's petitioner, and a visit's citizen also to the
// officer who recorded that visit: they typed it, and its receipt is theirs
// to print. A protected identity shown is noted.
func (r *reveals) citizen(p *cases.Petition, e cases.Event) (who cases.Person, masked bool) {
	c := e.Command.Citizen
	if e.Command.Op == cases.OpPetition {
		c = e.Command.Petitioner
	}
	if c != nil {
		who = *c
	}
	if !p.Denouncer() {
		return who, false
	}
	if r.u.seesIdentity(p) || (e.Command.Op == cases.OpVisit && r.u.seesPetitions() && e.RecordedBy == r.u.Name) {
		r.note(p.Ref)
		return who, false
	}
	return cases.Person{Name: cases.MaskedName}, true
}

func (r *reveals) note(ref string) {
	if len(r.refs) == 0 || r.refs[len(r.refs)-1] != ref {
		r.refs = append(r.refs, ref)
	}
}

// history masks the events of p's history as petition does p: the
// petitioner of its creation and the citizens of its visits. Event hashes are
// shown to admins only: a hash covers the identity, and with the hashes of
// neighbouring events (visible in other histories) a guessed name could be
// checked offline.
func (r *reveals) history(p *cases.Petition, events []cases.Event) []cases.Event {
	hide := p.Denouncer() && !r.u.seesIdentity(p)
	for i := range events {
		c := &events[i].Command
		if hide {
			if c.Petitioner != nil {
				c.Petitioner = &cases.Person{Name: cases.MaskedName}
			}
			if c.Citizen != nil {
				c.Citizen = &cases.Person{Name: cases.MaskedName}
			}
		}
		if r.u.Role != cases.RoleAdmin {
			events[i].Hash = ""
		}
	}
	if p.Denouncer() && !hide {
		r.note(p.Ref)
	}
	return events
}

// write appends the reveals to the access log.
func (s *Server) writeReveals(ctx context.Context, r *reveals) error {
	if len(r.refs) == 0 {
		return nil
	}
	now := s.now()
	rows := make([]cases.Access, len(r.refs))
	for i, ref := range r.refs {
		rows[i] = cases.Access{At: now, User: r.u.Name, Petition: ref, What: r.what}
	}
	if err := s.cfg.Accounts.LogAccess(ctx, rows); err != nil {
		return fmt.Errorf("write the access log: %w", err)
	}
	return nil
}
