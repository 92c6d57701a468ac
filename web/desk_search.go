package web

import (
	"context"
	"slices"

	"github.com/tiepdan/tiepdan/cases"
	"golang.org/x/text/unicode/norm"
)

// The desk's search: a citizen or a matter found by name, ref, number or
// summary, with its earlier visits, and the likely duplicate of a petition
// typed at the desk (names compared in desk_names.go).

// deskSearch finds the petitions whose ref, petitioner or summary hold the
// words of q, diacritics ignored, each with its visits: those whose
// petitioner or a visitor bears the name searched first, with its
// diacritics before without (nameRank), then the others; newest first
// within each. A petition of the petitioner named name (or q) that is still
// open is marked a likely duplicate (sameName). The store never finds a
// protected denouncer by name.
func (s *Server) deskSearch(ctx context.Context, u *User, q, name string, rv *reveals) ([]deskMatch, error) {
	ps, err := s.recentMatches(ctx, q)
	if err != nil {
		return nil, err
	}
	named, err := s.namedMatches(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, p := range named {
		if !slices.ContainsFunc(ps, func(o *cases.Petition) bool { return o.Ref == p.Ref }) {
			ps = append(ps, p)
		}
	}
	who := name
	if who == "" {
		who = q
	}
	var out []deskMatch
	var ranks []int
	for _, p := range ps {
		if !u.inScope(p) {
			continue
		}
		m, err := s.matchOf(ctx, p, rv)
		if err != nil {
			return nil, err
		}
		m.Duplicate = !m.Masked && open(p) && sameName(p.Petitioner.Name, who)
		out = append(out, *m)
		ranks = append(ranks, nameRank(q, m.names))
	}
	// Rank, keeping the order found (newest first) within a rank.
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if ranks[a] != ranks[b] {
			return ranks[a] - ranks[b]
		}
		return out[b].P.ReceivedAt.Compare(out[a].P.ReceivedAt)
	})
	sorted := make([]deskMatch, 0, min(len(idx), deskSearchLimit))
	for _, i := range idx[:min(len(idx), deskSearchLimit)] {
		sorted = append(sorted, out[i])
	}
	return sorted, nil
}

// namedMatches finds the petitions whose petitioner bears the name q,
// diacritics ignored, however old (the newest deskSearchLimit of them),
// but not a protected petitioner's: a search never finds one by name.
func (s *Server) namedMatches(ctx context.Context, q string) ([]*cases.Petition, error) {
	f := cases.Filter{Petitioner: q, Limit: deskSearchLimit}
	ps, total, err := s.cfg.Store.PetitionPage(ctx, f)
	if err != nil || total <= f.Limit {
		return slices.DeleteFunc(ps, (*cases.Petition).Denouncer), err
	}
	f.Offset = total - f.Limit
	ps, _, err = s.cfg.Store.PetitionPage(ctx, f)
	return slices.DeleteFunc(ps, (*cases.Petition).Denouncer), err
}

// deskSearchWindows are the stretches of days before today a desk search
// reads in turn, the most recent first, until it has found deskSearchLimit
// petitions; the last reaches back to the beginning. The store lists a
// search oldest first and finds a page deep in a long list only by reading
// it all, so the desk asks for the first matches of recent stretches instead.
var deskSearchWindows = []int{31, 183, 730, 1826}

// recentMatches finds up to deskSearchLimit petitions that match q, the most
// recent stretches first (within a stretch, in the order received).
func (s *Server) recentMatches(ctx context.Context, q string) ([]*cases.Petition, error) {
	today := cases.DateOf(s.now())
	var out []*cases.Petition
	to := today + 1 // petitions received later than today do not exist
	for i := 0; i <= len(deskSearchWindows) && len(out) < deskSearchLimit; i++ {
		f := cases.Filter{Search: q, To: to, Limit: deskSearchLimit - len(out)}
		if i < len(deskSearchWindows) {
			f.From = today.AddDays(-deskSearchWindows[i])
		}
		ps, _, err := s.cfg.Store.PetitionPage(ctx, f)
		if err != nil {
			return nil, err
		}
		slices.Reverse(ps)
		out = append(out, ps...)
		to = f.From - 1
	}
	return out, nil
}

func (s *Server) deskMatchOf(ctx context.Context, u *User, ref string, rv *reveals) (*deskMatch, error) {
	p, err := s.cfg.Store.Petition(ctx, ref)
	if err != nil {
		return nil, err
	}
	if !u.inScope(p) {
		return nil, notRouted("", ref, u.Unit)
	}
	return s.matchOf(ctx, p, rv)
}

func (s *Server) matchOf(ctx context.Context, p *cases.Petition, rv *reveals) (*deskMatch, error) {
	history, err := s.cfg.Store.History(ctx, p.Ref)
	if err != nil {
		return nil, err
	}
	shown, masked := rv.petition(p)
	m := &deskMatch{P: shown, Masked: masked, AtDesk: slices.Contains(deskStates, p.State)}
	for _, e := range history {
		if e.Command.Op != cases.OpVisit {
			continue
		}
		v := cases.Visit{Ref: e.Command.Ref, At: e.Command.AtTime(), Kind: cases.VisitKind(e.Command.Kind),
			Session: e.Command.Session, Petition: p.Ref, People: e.Command.People, Online: e.Command.Online}
		m.Visits = append(m.Visits, v)
		if e.Command.Citizen != nil && !p.Denouncer() {
			m.names = append(m.names, e.Command.Citizen.Name)
		}
	}
	if !p.Denouncer() {
		m.names = append(m.names, p.Petitioner.Name)
	}
	return m, nil
}

// open reports whether p is still being handled: not archived, transferred,
// rejected, resolved, implemented or terminated.
// openStates are the states open reports true of.
var openStates = []cases.State{cases.Received, cases.Classified, cases.RoutedOwn, cases.RoutedLower, cases.Accepted, cases.Suspended}

func open(p *cases.Petition) bool {
	switch p.State {
	case cases.Received, cases.Classified, cases.RoutedOwn, cases.RoutedLower, cases.Accepted, cases.Suspended:
		return true
	}
	return false
}

// likelyDuplicate looks for an open petition of a petitioner named name
// (sameName: with its diacritics, case and spaces ignored; found through
// the store's index of names without diacritics): a repeat visit joins its matter
// instead. It returns the petition when the user may read its petitioner;
// else, when the only matches have a petitioner protected from the user
// (SPEC §9), masked is true: the desk warns without saying whose. Either
// read of a protected petitioner is written to the access log first. The
// petition the form records itself (ref), sent again by a double click, is
// no duplicate of itself.
func (s *Server) likelyDuplicate(ctx context.Context, u *User, name, ref string) (dup *cases.Petition, masked bool, err error) {
	ps, _, err := s.cfg.Store.PetitionPage(ctx, cases.Filter{Petitioner: norm.NFC.String(name), States: openStates, Limit: 50})
	if err != nil {
		return nil, false, err
	}
	var hidden string
	for _, p := range ps {
		switch {
		case !open(p) || p.Ref == ref || !sameName(p.Petitioner.Name, name):
		case !p.Denouncer() || u.seesIdentity(p):
			dup = p
		case hidden == "":
			hidden = p.Ref
		}
		if dup != nil {
			break
		}
	}
	switch {
	case dup != nil && dup.Denouncer():
		rv := newReveals(u, "page /desk duplicate check")
		rv.note(dup.Ref)
		err = s.writeReveals(ctx, rv)
	case dup == nil && hidden != "":
		rv := newReveals(u, "page /desk duplicate check, whose not shown")
		rv.note(hidden)
		masked, err = true, s.writeReveals(ctx, rv)
	}
	if err != nil {
		return nil, false, err
	}
	return dup, masked, nil
}
