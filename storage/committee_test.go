package storage_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/report"
	"github.com/tiepdan/tiepdan/storage"
	"github.com/tiepdan/tiepdan/workflow"
)

// provinceHistory: a province with a department, and two communes as
// committees under it (own units with a parent), one with a department.
const provinceHistory = `{"op":"unit","ref":"tinh","name":"UBND tỉnh Gia Lai","kind":"own","level":"province"}
{"op":"unit","ref":"so-tnmt","name":"Sở Tài nguyên và Môi trường","kind":"department","parent":"tinh"}
{"op":"unit","ref":"xa-a","name":"UBND xã Tuy Phước","kind":"own","level":"commune","parent":"tinh"}
{"op":"unit","ref":"xa-a-dc","name":"Công chức địa chính xã Tuy Phước","kind":"department","parent":"xa-a"}
{"op":"unit","ref":"xa-b","name":"UBND xã Phước Lộc","kind":"own","level":"commune","parent":"tinh"}`

// committeePetition is a complaint received by committee on day and
// classified eligible.
func committeePetition(ref, committee, day string) string {
	return `{"op":"petition","ref":"` + ref + `","committee":"` + committee + `","received_at":"` + day + `T08:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Thị B"},"summary":"Khiếu nại"}
{"op":"classify","petition":"` + ref + `","at":"` + day + `T09:00:00+07:00","type":"complaint","field":"land","eligible":true}`
}

type committeeDB struct {
	t   *testing.T
	ctx context.Context
	db  *storage.DB
	now time.Time
}

func openCommittees(t *testing.T) *committeeDB {
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "t.db"), workflow.Decide)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &committeeDB{t: t, ctx: ctx, db: db, now: time.Date(2026, 11, 25, 9, 0, 0, 0, cases.Zone)}
}

func (c *committeeDB) try(line string) (cases.Result, error) {
	return c.db.Exec(c.ctx, command(c.t, line), cases.Meta{Now: c.now, User: "tester"})
}

func (c *committeeDB) must(history string) {
	c.t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(history), "\n") {
		if _, err := c.try(line); err != nil {
			c.t.Fatalf("%s: %v", line, err)
		}
	}
}

// figures computes 2026-H2 for committee ref ("" for the whole history).
func (c *committeeDB) figures(ref string) *report.Figures {
	c.t.Helper()
	p, err := report.ParsePeriod("2026-H2")
	if err != nil {
		c.t.Fatal(err)
	}
	o := report.Options{Deadlines: workflow.DeadlineDates{Rules: workflow.DefaultRules(), Calendar: workflow.DefaultCalendar()},
		Today: cases.DateOf(c.now)}
	var f *report.Figures
	err = c.db.ReportStore(c.ctx, func(rs report.Store) error {
		if ref != "" {
			key, err := c.db.CommitteeKey(c.ctx, ref)
			if err != nil {
				return err
			}
			if o.Committee, err = report.ForCommittee(c.ctx, rs, key); err != nil {
				return err
			}
		}
		var err error
		f, err = report.Compute(c.ctx, rs, p, o)
		return err
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return f
}

// TestCommandWithoutCommitteeRefused: in an installation of several
// committees, a petition, session or visit that names none is refused in
// both languages and writes nothing; in one of a single committee line (a
// district replaced by a commune) it is its committee's.
func TestCommandWithoutCommitteeRefused(t *testing.T) {
	c := openCommittees(t)
	c.must(provinceHistory)
	for _, line := range []string{
		`{"op":"petition","ref":"P-X","received_at":"2026-10-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"A"},"summary":"x"}`,
		`{"op":"session","ref":"S-X","kind":"periodic","date":"2026-10-09","presided_by":"Chủ tịch"}`,
	} {
		_, err := c.try(line)
		var ce *cases.Error
		if !asError(err, &ce) || ce.Field != "committee" || ce.MessageVI == "" {
			t.Errorf("%s: got %v, want a refusal naming committee with its Vietnamese", line, err)
		}
	}
	if _, err := c.db.Petition(c.ctx, "P-X"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("the refused petition was written: %v", err)
	}

	one := openCommittees(t)
	one.must(`{"op":"unit","ref":"huyen","name":"UBND huyện Tuy Phước","kind":"own","level":"district","valid_until":"2025-06-30"}
{"op":"unit","ref":"xa","name":"UBND xã Tuy Phước","kind":"own","level":"commune","valid_from":"2025-07-01","replaces":["huyen"]}
` + committeePetition("P-1", "", "2026-10-01"))
	p, err := one.db.Petition(one.ctx, "P-1")
	if err != nil || p.Committee != "" || p.Number.N != 1 {
		t.Errorf("a single committee line: %+v, %v; want the installation's committee and number 1", p, err)
	}
}

// TestBooksPerCommittee: each committee numbers its petitions from 1.
func TestBooksPerCommittee(t *testing.T) {
	c := openCommittees(t)
	c.must(provinceHistory + "\n" + strings.ReplaceAll(committeePetition("A-1", "xa-a", "2026-10-01"), `"committee":"xa-a",`, `"committee":"xa-a",`) +
		"\n" + committeePetition("B-1", "xa-b", "2026-10-01") + "\n" + committeePetition("A-2", "xa-a", "2026-10-02"))
	for ref, want := range map[string]string{"A-1": "1/2026", "B-1": "1/2026", "A-2": "2/2026"} {
		p, err := c.db.Petition(c.ctx, ref)
		if err != nil || p.Number.String() != want {
			t.Errorf("%s: number %v (%v), want %s", ref, p, err, want)
		}
	}
	verifyOK(t, c)
}

// TestMatterRoutedDownToACommune: the province routes a complaint to
// commune A (route to=lower naming it); the commune accepts and resolves
// it on the same petition. The province's report counts it under lower,
// the commune's under own, each once; commune B's report has nothing.
func TestMatterRoutedDownToACommune(t *testing.T) {
	c := openCommittees(t)
	c.must(provinceHistory + "\n" + committeePetition("T-1", "tinh", "2026-10-01") + `
{"op":"route","petition":"T-1","at":"2026-10-02T08:00:00+07:00","to":"lower","unit":"xa-a","method":"transfer"}
{"op":"accept","petition":"T-1","at":"2026-10-05T08:00:00+07:00"}
{"op":"resolve","petition":"T-1","at":"2026-10-20T08:00:00+07:00","verdict":"correct","decision":"01/QĐ-UBND"}`)
	p, err := c.db.Petition(c.ctx, "T-1")
	if err != nil || !p.RoutedIn || p.RoutedTo != "xa-a" || p.Committee != "" {
		t.Fatalf("T-1: %+v, %v; want the province's, routed to xa-a", p, err)
	}
	// Commune A's inbox holds it; commune B's does not.
	inbox := func(key string) int {
		ctx := cases.WithScope(c.ctx, &cases.Scope{Committee: key, Reads: []string{key}})
		ps, err := c.db.Petitions(ctx, cases.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}
	if inbox("xa-a") != 1 || inbox("xa-b") != 0 || inbox("") != 1 {
		t.Errorf("inboxes: xa-a %d, xa-b %d, province %d; want 1, 0, 1", inbox("xa-a"), inbox("xa-b"), inbox(""))
	}
	// A route to a department of another committee, or to a commune as
	// "lower" from a commune, is refused.
	c.must(committeePetition("B-1", "xa-b", "2026-10-03"))
	if _, err := c.try(`{"op":"route","petition":"B-1","at":"2026-10-04T08:00:00+07:00","to":"own","unit":"xa-a-dc","method":"transfer"}`); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("route to another committee's department: %v, want invalid", err)
	}
	if _, err := c.try(`{"op":"route","petition":"B-1","at":"2026-10-04T08:00:00+07:00","to":"lower","unit":"xa-a","method":"transfer"}`); cases.ErrorCode(err) != cases.EInvalid {
		t.Errorf("route from a commune to a commune as lower: %v, want invalid", err)
	}

	prov, xa, xb := c.figures("tinh"), c.figures("xa-a"), c.figures("xa-b")
	if got := prov.Resolution.Complaint.Lower.Resolved; got != 1 {
		t.Errorf("province: lower resolved %d, want 1", got)
	}
	if got := prov.Resolution.Complaint.Own.Resolved; got != 0 {
		t.Errorf("province: own resolved %d, want 0", got)
	}
	if got := xa.Resolution.Complaint.Own.Resolved; got != 1 {
		t.Errorf("commune A: own resolved %d, want 1", got)
	}
	if got := xa.Received.Complaint.Petitions; got != 1 {
		t.Errorf("commune A: received %d, want 1", got)
	}
	if got := xb.Resolution.Complaint.Own.Resolved + xb.Resolution.Complaint.Lower.Resolved; got != 0 {
		t.Errorf("commune B: resolved %d, want 0", got)
	}
	if got := prov.Received.Complaint.Petitions; got != 1 {
		t.Errorf("province: received %d, want 1 (B-1 is commune B's)", got)
	}
	verifyOK(t, c)
}

// TestMatterSentUpToTheProvince: commune B routes a petition to=other
// naming the province; the province receives a linked petition
// (transfer_in, transferred_from) recorded by the system in the same
// transaction, in its own book, and counts it; commune B counts its own.
func TestMatterSentUpToTheProvince(t *testing.T) {
	c := openCommittees(t)
	c.must(provinceHistory + "\n" + committeePetition("B-1", "xa-b", "2026-10-01") + `
{"op":"route","petition":"B-1","at":"2026-10-02T08:00:00+07:00","to":"other","unit":"tinh","method":"transfer"}`)
	ref := "B-1.tinh"
	p, err := c.db.Petition(c.ctx, ref)
	if err != nil {
		t.Fatalf("the province's linked petition: %v", err)
	}
	if p.Channel != cases.TransferredIn || p.TransferredFrom != "B-1" || p.Committee != "" || p.Number.String() != "1/2026" || p.RecordedBy != cases.SystemUser {
		t.Errorf("linked petition: %+v", p)
	}
	// Sent again, the route changes nothing and no second petition appears.
	res, err := c.try(`{"op":"route","petition":"B-1","at":"2026-10-02T08:00:00+07:00","to":"other","unit":"tinh","method":"transfer"}`)
	if err != nil || res.Changed {
		t.Errorf("the route again: %+v, %v", res, err)
	}
	all, err := c.db.Petitions(c.ctx, cases.Filter{})
	if err != nil || len(all) != 2 {
		t.Errorf("petitions: %d (%v), want 2", len(all), err)
	}
	prov, xb := c.figures("tinh"), c.figures("xa-b")
	if prov.Received.Complaint.Petitions+prov.Received.Denunciation.Petitions != 0 || prov.ReceivedByType.Total != 1 {
		t.Errorf("province: received by type %+v, want the one linked petition", prov.ReceivedByType)
	}
	if xb.Received.Complaint.Petitions != 1 || xb.Received.Complaint.ByDestination.Other != 1 {
		t.Errorf("commune B: received %+v, want 1 sent on to other", xb.Received.Complaint)
	}
	verifyOK(t, c)
}

func verifyOK(t *testing.T, c *committeeDB) {
	t.Helper()
	v, err := c.db.Verify(c.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() {
		t.Errorf("verify: %v", v.Problems)
	}
}
