package report

import (
	"errors"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
)

// countingDeadlines is a comparable Deadlines that counts what it is asked.
type countingDeadlines struct {
	id    int
	asked *int
}

func (d countingDeadlines) Handling(p *cases.Petition) (cases.Date, error) {
	*d.asked++
	if p.Type == cases.Reflection {
		return 0, errors.New("no handling rule")
	}
	return cases.DateOf(p.ReceivedAt) + 14, nil
}

func (d countingDeadlines) Resolution(p *cases.Petition, remote bool, asOf cases.Date) (cases.Date, error) {
	*d.asked++
	return cases.DateOf(*p.AcceptedAt) + 30, nil
}

// The due days of a comparable Deadlines are asked once for all the reports
// that read it, errors excepted; those of another Deadlines once a report.
func TestDueMemo(t *testing.T) {
	asked := 0
	d := countingDeadlines{id: 1, asked: &asked}
	c1 := &computer{o: Options{Deadlines: d}, due: memoOf(d)}
	c2 := &computer{o: Options{Deadlines: d}, due: memoOf(countingDeadlines{id: 1, asked: &asked})}
	if c1.due == nil || c1.due != c2.due {
		t.Fatal("two equal Deadlines do not share a memo")
	}
	day := cases.NewDate(2023, 3, 1)
	for _, c := range []*computer{c1, c2} {
		if due, err := c.handlingDueOf(day, cases.Complaint, 1); err != nil || due != day+14 {
			t.Errorf("handling due = %v, %v", due, err)
		}
		if due, err := c.resolutionDueOf(day, cases.Complaint, 1, false, true, 0); err != nil || due != day+30 {
			t.Errorf("resolution due = %v, %v", due, err)
		}
		if _, err := c.handlingDueOf(day, cases.Reflection, 0); err == nil {
			t.Error("an error was not returned")
		}
	}
	if asked != 4 { // handling, resolution, and the error twice
		t.Errorf("asked %d times, want 4", asked)
	}
	// A handling and a resolution deadline of the same day and kind are
	// not one.
	if c1.due.due[dueKey{day: day, typ: cases.Complaint, instance: 1}] != day+14 {
		t.Error("the handling due day was not kept as such")
	}
	if memoOf(DeadlineFuncs{}) != nil {
		t.Error("a Deadlines of funcs, not comparable, has a memo")
	}
	// The memos of the last few Deadlines only.
	for i := 2; i < 2+memoDeadlines; i++ {
		memoOf(countingDeadlines{id: i, asked: &asked})
	}
	if memoOf(d) == c1.due {
		t.Error("the memo of a Deadlines unused for four others is still kept")
	}
}
