package workflow

import (
	"context"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

func TestDecideVisit(t *testing.T) {
	look := newMemLookup()
	resolved := petitionIn(cases.Resolved, cases.Complaint)
	look.petitions["P-1"] = resolved
	visit := func(kind cases.VisitKind, session, at string) func(*cases.Command) {
		return func(c *cases.Command) {
			c.Ref, c.Kind, c.Session, c.At, c.People = "V-1", string(kind), session, at, 1
		}
	}
	for _, tt := range []struct {
		name  string
		edit  func(*cases.Command)
		code  string
		field string
		want  string
	}{
		{"regular", visit(cases.Regular, "", "2023-03-02T09:00:00+07:00"), "", "", ""},
		{"periodic on the session's day", visit(cases.Periodic, "S-09", "2023-03-09T09:00:00+07:00"), "", "", ""},
		{"periodic, the day read in +07:00", visit(cases.Periodic, "S-09", "2023-03-08T18:30:00Z"), "", "", ""},
		{"adhoc on the session's day", visit(cases.AdHoc, "S-AD", "2023-03-15T14:00:00+07:00"), "", "", ""},
		{"adhoc in a periodic session", visit(cases.AdHoc, "S-09", "2023-03-09T09:00:00+07:00"), cases.EInvalid, "session", "session S-09 is periodic, not adhoc"},
		{"periodic in an adhoc session", visit(cases.Periodic, "S-AD", "2023-03-15T09:00:00+07:00"), cases.EInvalid, "session", "session S-AD is adhoc, not periodic"},
		{"another day than the session", visit(cases.Periodic, "S-09", "2023-03-10T09:00:00+07:00"), cases.EInvalid, "at", "dated 2023-03-10, but session S-09 was held on 2023-03-09"},
		{"the day before, in UTC", visit(cases.Periodic, "S-09", "2023-03-08T16:59:00Z"), cases.EInvalid, "at", "dated 2023-03-08"},
		{"unknown session", visit(cases.Periodic, "S-404", "2023-03-09T09:00:00+07:00"), cases.ENotFound, "session", "session S-404 not found"},
		{"unknown petition", func(c *cases.Command) {
			visit(cases.Regular, "", "2023-03-02T09:00:00+07:00")(c)
			c.Petition = "P-404"
		}, cases.ENotFound, "petition", "petition P-404 not found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := machineCommand(t, cases.OpVisit, tt.edit)
			// The store may or may not hand over the visited petition.
			for _, p := range []*cases.Petition{nil, look.petitions[c.Petition]} {
				got, err := Decide(context.Background(), c, p, look)
				if tt.code != "" {
					wantRefusal(t, err, tt.code, tt.field, tt.want)
					continue
				}
				if err != nil || got != "" {
					t.Errorf("Decide = %q, %v, want \"\", nil", got, err)
				}
			}
		})
	}
}

func TestDecideDialogue(t *testing.T) {
	look := newMemLookup()
	look.petitions["P-1"] = petitionIn(cases.Accepted, cases.Complaint)
	c := machineCommand(t, cases.OpDialogue, func(c *cases.Command) { c.On = "2023-03-20" })
	if got, err := Decide(context.Background(), c, nil, look); err != nil || got != "" {
		t.Errorf("Decide = %q, %v, want \"\", nil", got, err)
	}
	c = machineCommand(t, cases.OpDialogue, func(c *cases.Command) { c.Petition, c.On = "P-404", "2023-03-20" })
	_, err := Decide(context.Background(), c, nil, look)
	wantRefusal(t, err, cases.ENotFound, "petition", "petition P-404 not found")
}

func TestDecideUnit(t *testing.T) {
	for _, tt := range []struct {
		name   string
		kind   cases.UnitKind
		parent string
		code   string
		want   string
	}{
		{"committee", cases.Own, "", "", ""},
		{"department without parent", cases.Department, "", "", ""},
		{"department of the committee", cases.Department, "UBND", "", ""},
		{"lower committee of the committee", cases.Lower, "UBND", "", ""},
		{"lower committee of a lower committee", cases.Lower, "XA-A", "", ""},
		{"department of a department", cases.Department, "TNMT", cases.EInvalid, "TNMT"},
		{"department of a lower committee", cases.Department, "XA-A", cases.EInvalid, "XA-A"},
		{"lower committee of a department", cases.Lower, "TNMT", cases.EInvalid, "TNMT"},
		{"committee under a lower unit", cases.Own, "XA-A", cases.EInvalid, "the parent of a own unit is of kind own"},
		{"committee under a committee", cases.Own, "UBND", "", ""},
		{"unknown parent", cases.Department, "UBND-X", cases.ENotFound, "unit UBND-X not found"},
		{"its own parent", cases.Department, "NEW", cases.EInvalid, "its own parent"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &cases.Command{Op: cases.OpUnit, Ref: "NEW", Name: "Đơn vị mới", Kind: string(tt.kind), Parent: tt.parent}
			if err := c.Validate(nowAt); err != nil {
				t.Fatal(err)
			}
			got, err := Decide(context.Background(), c, nil, newMemLookup())
			if tt.code != "" {
				wantRefusal(t, err, tt.code, "parent", tt.want)
				return
			}
			if err != nil || got != "" {
				t.Errorf("Decide = %q, %v, want \"\", nil", got, err)
			}
		})
	}
}

// TestDecideUnitReplaces checks the units a unit replaces: recorded, and of
// its own kind; a unit may not replace itself (cases.Validate).
func TestDecideUnitReplaces(t *testing.T) {
	for _, tt := range []struct {
		name     string
		kind     cases.UnitKind
		replaces []string
		code     string
		want     string
	}{
		{"a commune replacing two", cases.Lower, []string{"XA-A", "XA-B"}, "", ""},
		{"a department replacing a department", cases.Department, []string{"TNMT"}, "", ""},
		{"the committee renamed", cases.Own, []string{"UBND"}, "", ""},
		{"a commune replacing a department", cases.Lower, []string{"XA-A", "TNMT"}, cases.EInvalid, "TNMT"},
		{"an unknown unit", cases.Lower, []string{"XA-Z"}, cases.ENotFound, "unit XA-Z not found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &cases.Command{Op: cases.OpUnit, Ref: "NEW", Name: "Đơn vị mới", Kind: string(tt.kind), Replaces: tt.replaces}
			if err := c.Validate(nowAt); err != nil {
				t.Fatal(err)
			}
			look := newMemLookup()
			look.units["XA-B"] = &cases.Unit{Ref: "XA-B", Name: "UBND xã B", Kind: cases.Lower, Parent: "UBND"}
			_, err := Decide(context.Background(), c, nil, look)
			if tt.code != "" {
				wantRefusal(t, err, tt.code, "replaces", tt.want)
				return
			}
			if err != nil {
				t.Errorf("Decide = %v", err)
			}
		})
	}
	for _, replaces := range [][]string{{"NEW"}, {"XA-A", "XA-A"}, {"xa a"}} {
		c := &cases.Command{Op: cases.OpUnit, Ref: "NEW", Name: "Đơn vị mới", Kind: "lower", Replaces: replaces}
		if err := c.Validate(nowAt); cases.ErrorCode(err) != cases.EInvalid {
			t.Errorf("replaces %q: Validate = %v, want invalid", replaces, err)
		}
	}
}

func TestDecideCreations(t *testing.T) {
	petition := &cases.Command{Op: cases.OpPetition, Ref: "P-9", ReceivedAt: firstAt.Format(time.RFC3339),
		Channel: cases.ByMail, Petitioner: &cases.Person{Name: "Trần Thị B"}, Summary: "đề nghị"}
	session := &cases.Command{Op: cases.OpSession, Ref: "S-24", Kind: string(cases.Periodic),
		Date: "2023-03-24", PresidedBy: "Chủ tịch UBND"}
	for _, tt := range []struct {
		c    *cases.Command
		want cases.State
	}{
		{petition, cases.Received},
		{session, ""},
	} {
		if err := tt.c.Validate(nowAt); err != nil {
			t.Fatal(err)
		}
		if got, err := Decide(context.Background(), tt.c, nil, newMemLookup()); err != nil || got != tt.want {
			t.Errorf("%s: Decide = %q, %v, want %q", tt.c.Op, got, err, tt.want)
		}
	}
}
