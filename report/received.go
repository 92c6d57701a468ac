package report

import (
	"fmt"
	"slices"

	"github.com/tiepdan/tiepdan/cases"
)

// receivedFolds returns the petitions received in the view's period and
// their folds.
func (v *view) receivedFolds() ([]pid, []*fold, error) {
	folds, err := v.foldLoaded()
	if err != nil {
		return nil, nil, err
	}
	refs := slices.Clone(v.loaded)
	n := 0
	for i, f := range folds {
		if f != nil && v.p.Contains(f.received) {
			refs[n], folds[n] = refs[i], f
			n++
		}
	}
	return refs[:n], folds[:n], nil
}

// received fills reception_petitions, received (but previous_petitions),
// received_by_type and handling.
func (v *view) received(out *Figures) error {
	refs, folds, err := v.receivedFolds()
	if err != nil {
		return err
	}
	// Only the chains of the petitions archived as duplicates need reading:
	// any other is its own matter.
	var dups []pid
	for i, f := range folds {
		if f.duplicateOf != "" || v.c.o.Committee.linked(v.c.refs[refs[i]]) {
			dups = append(dups, refs[i])
		}
	}
	if err := v.resolveMatters(dups); err != nil {
		return err
	}
	rp := &out.ReceptionPetitions
	var recMatters, complaintMatters, denunciationMatters, totalMatters idSet
	typeMatters := map[cases.Type]*idSet{cases.Complaint: &complaintMatters, cases.Denunciation: &denunciationMatters}
	for i, f := range folds {
		p := &f.p
		m := refs[i] // a petition that duplicates none is its own matter
		if f.duplicateOf != "" || v.c.o.Committee.linked(v.c.refs[m]) {
			m = v.matterOf(m) // the end of its chain, or the petition it was sent up from
		}
		// One row as received, with the route's destination; one as routed
		// into a committee reported, which handles it as its own (SPEC §10).
		recv, into := v.rows(refs[i], f)
		for _, row := range [2]struct {
			in   bool
			dest string
		}{{recv, f.destination()}, {into, string(cases.ToOwn)}} {
			if !row.in {
				continue
			}
			dest := row.dest
			if p.Channel == cases.ByReception {
				rp.Petitions++
				recMatters.add(m)
				rp.ByDestination.add(dest, 1)
				if dest == string(p.RouteTo) {
					switch p.RouteTo {
					case cases.ToLower, cases.ToJudicial, cases.ToOther:
						rp.SentOn.add(p.Method)
					}
				}
			}
			if rf := out.Received.ForType(p.Type); rf != nil {
				rf.Petitions++
				typeMatters[p.Type].add(m)
				totalMatters.add(m)
				rf.ByDestination.add(dest, 1)
			}
			out.ReceivedByType.add(p.Type, f.archived)
			if err := v.handling(&out.Handling, f); err != nil {
				return err
			}
		}
	}
	rp.Cases = recMatters.n
	r := &out.Received
	r.Complaint.Cases = complaintMatters.n
	r.Denunciation.Cases = denunciationMatters.n
	r.Total.Petitions = r.Complaint.Petitions + r.Denunciation.Petitions
	r.Total.Cases = totalMatters.n
	r.Total.ByDestination = ReceivedDestinations{
		Own:     r.Complaint.ByDestination.Own + r.Denunciation.ByDestination.Own,
		Lower:   r.Complaint.ByDestination.Lower + r.Denunciation.ByDestination.Lower,
		Other:   r.Complaint.ByDestination.Other + r.Denunciation.ByDestination.Other,
		Pending: r.Complaint.ByDestination.Pending + r.Denunciation.ByDestination.Pending,
	}
	return nil
}

// Where a petition went from the desk, besides its route's destination (a
// cases.Destination).
const (
	destinationArchived   = "archived"
	destinationTerminated = "terminated"
)

// destination is where the fold's petition went from the desk.
func (f *fold) destination() string {
	switch {
	case f.p.RouteTo != "":
		return string(f.p.RouteTo)
	case f.archived:
		return destinationArchived
	case f.terminated:
		return destinationTerminated
	}
	return ""
}

// add counts n petitions gone to dest.
func (d *ReceptionDestinations) add(dest string, n int) {
	switch dest {
	case string(cases.ToOwn):
		d.Own += n
	case string(cases.ToLower):
		d.Lower += n
	case string(cases.ToJudicial):
		d.Judicial += n
	case string(cases.ToOther):
		d.Other += n
	case destinationArchived:
		d.Archived += n
	case destinationTerminated:
		d.Terminated += n
	default:
		d.Pending += n
	}
}

// add counts n petitions gone to dest.
func (d *ReceivedDestinations) add(dest string, n int) {
	switch dest {
	case string(cases.ToOwn):
		d.Own += n
	case string(cases.ToLower):
		d.Lower += n
	case "":
		d.Pending += n
	default:
		d.Other += n
	}
}

// ForType returns the figures of complaints or denunciations, nil for other
// types.
func (r *Received) ForType(t cases.Type) *ReceivedFigures {
	switch t {
	case cases.Complaint:
		return &r.Complaint
	case cases.Denunciation:
		return &r.Denunciation
	}
	return nil
}

// handling judges one petition received in P against its handling deadline.
func (v *view) handling(h *Handling, f *fold) error {
	due, err := v.c.handlingDueOf(f.received, f.p.Type, f.p.Instance)
	if err != nil {
		return fmt.Errorf("report: handling deadline of petition %s: %w", f.p.Ref, err)
	}
	switch {
	case f.handled && f.handledOn <= due:
		h.OnTime++
	case f.handled:
		h.Late++
	case due < v.p.To:
		h.PendingOverdue++
	default:
		h.PendingInTime++
	}
	return nil
}

// handlingDueOf is the handling deadline of the petitions received on day
// with type typ and instance (Deadlines.Handling depends on these only).
func (c *computer) handlingDueOf(day cases.Date, typ cases.Type, instance int) (cases.Date, error) {
	return c.due.get(dueKey{day: day, typ: typ, instance: instance}, func() (cases.Date, error) {
		p := cases.Petition{ReceivedAt: day.Time(), Type: typ, Instance: instance}
		return c.o.Deadlines.Handling(&p)
	})
}
