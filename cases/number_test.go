package cases

import (
	"strings"
	"testing"
	"time"
)

func TestNumber(t *testing.T) {
	for _, s := range []string{"125/2026", " 7/2025 ", "007/2025"} {
		n, err := ParseNumber(s)
		if err != nil || n.String() != strings.TrimLeft(strings.TrimSpace(s), "0") {
			t.Errorf("ParseNumber(%q) = %v, %v", s, n, err)
		}
	}
	for _, s := range []string{"", "125", "0/2026", "-1/2026", "125/26", "+1/2026", "1/+2026", "a/2026", "1/2026/1"} {
		if n, err := ParseNumber(s); err == nil {
			t.Errorf("ParseNumber(%q) = %v, want an error", s, n)
		}
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, Zone)
	petition := func(at, number string) Command {
		return Command{Op: OpPetition, Ref: "P-1", ReceivedAt: at, Channel: ByReception,
			Petitioner: &Person{Name: "Nguyễn Văn An"}, Summary: "Khiếu nại", Number: number}
	}
	// The book's year is the year of receipt in +07:00.
	c := petition("2025-12-31T17:30:00Z", "1/2026")
	if err := c.Validate(now); err != nil || c.BookYear() != 2026 {
		t.Errorf("a number of 2026 for a petition of 01/01/2026 00:30 +07: %v, year %d", err, c.BookYear())
	}
	c = petition("2025-12-31T16:30:00Z", "1/2026")
	if err := c.Validate(now); err == nil || ErrorCode(err) != EInvalid || !strings.Contains(err.Error(), "2025") {
		t.Errorf("a number of 2026 for a petition of 31/12/2025 23:30 +07: %v", err)
	}
	// The fingerprint leaves the number out.
	a, b := petition("2026-03-01T08:00:00+07:00", ""), petition("2026-03-01T08:00:00+07:00", "0012/2026")
	if err := a.Validate(now); err != nil {
		t.Fatal(err)
	}
	if err := b.Validate(now); err != nil || b.Number != "12/2026" {
		t.Fatalf("%v, %q", err, b.Number)
	}
	if a.Fingerprint() != b.Fingerprint() || string(a.Canonical()) == string(b.Canonical()) {
		t.Errorf("fingerprints %s, %s; canonical %s, %s", a.Fingerprint(), b.Fingerprint(), a.Canonical(), b.Canonical())
	}
	if p := NewPetition(&b, "x"); p.Number != (Number{12, 2026}) {
		t.Errorf("the petition's number: %v", p.Number)
	}
}
