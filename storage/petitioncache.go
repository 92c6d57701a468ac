package storage

import (
	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
)

// The petitions the writer keeps between its transactions, so that an
// import does not read back what it has just written.

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
	// owns are the own units (Tx.OwnUnits), nil when not read.
	owns []cases.Unit
	// search holds each cached petition's search text: folding it again
	// at every write cost as much as the write.
	search map[string]searchMemo
	// timelines holds each cached petition's timeline.
	timelines map[string]report.Timeline
	head      int64
	// unitsAt is the accounts' version (migration 0013, counted by every
	// write to the units) that units and owns were kept at, -1 when none.
	unitsAt int64
}

// searchMemo is a petition's search text, for the Denouncer() it was made for:
// nothing else it reads changes after the petition is received.
type searchMemo struct {
	denouncer bool
	text      string
}

// searchText is searchText(p), its petitioner opened with s, remembered.
func (c *petitionCache) searchText(p *cases.Petition, s *Secrets) (string, error) {
	m, ok := c.search[p.Ref]
	if !ok || m.denouncer != p.Denouncer() {
		op, err := s.openPetition(p)
		if err != nil {
			return "", err
		}
		m = searchMemo{p.Denouncer(), searchText(op)}
		c.search[p.Ref] = m
	}
	return m.text, nil
}

func (c *petitionCache) reset() {
	c.resetPetitions()
	clear(c.units)
	c.owns = nil
	c.unitsAt = -1
}

// resetPetitions empties the cache but for its units.
func (c *petitionCache) resetPetitions() {
	if c.ps == nil {
		c.ps, c.stored, c.units = map[string]*cases.Petition{}, map[string]int{}, map[string]*cases.Unit{}
		c.search = map[string]searchMemo{}
		c.timelines = map[string]report.Timeline{}
	}
	clear(c.timelines)
	clear(c.search)
	clear(c.ps)
	clear(c.stored)
	c.head = -1
}

// resetKeepingUnits is reset, but for the units when the accounts' version
// read now, accounts, is still the one they were kept at: no process has
// written a unit since.
func (c *petitionCache) resetKeepingUnits(accounts int64) {
	if accounts != c.unitsAt {
		c.reset()
		return
	}
	c.resetPetitions()
}
