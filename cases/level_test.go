package cases_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tiepdan/tiepdan/cases"
)

var levelNow = time.Date(2026, 11, 25, 9, 0, 0, 0, cases.Zone)

func decodeValid(t *testing.T, line string) (cases.Command, error) {
	t.Helper()
	c, err := cases.DecodeCommand([]byte(line))
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	return c, c.Validate(levelNow)
}

// TestUnitLevelAndDates: a unit's level is for committees, its dates are
// dates in order, and a district committee is not in force after
// 2025-06-30 — refused the day after, accepted on the day, never filled in.
func TestUnitLevelAndDates(t *testing.T) {
	const unit = `{"op":"unit","ref":"h","name":"UBND huyện Tuy Phước","kind":"own"`
	for _, tt := range []struct {
		name, fields, field, vi string
	}{
		{"no level, no dates, as every history before", ``, "", ""},
		{"a commune from the reform", `,"level":"commune","valid_from":"2025-07-01"`, "", ""},
		{"a district ending on 2025-06-30", `,"level":"district","valid_until":"2025-06-30"`, "", ""},
		{"a district from 1976 to 2025-06-30", `,"level":"district","valid_from":"1976-01-01","valid_until":"2025-06-30"`, "", ""},
		{"a district ending on 2025-07-01", `,"level":"district","valid_until":"2025-07-01"`, "valid_until",
			"UBND cấp huyện không còn tồn tại từ ngày 01/07/2025: ngày hết hiệu lực chậm nhất là 30/06/2025."},
		{"a district without an end", `,"level":"district","valid_from":"1976-01-01"`, "valid_until",
			"UBND cấp huyện không còn tồn tại từ ngày 01/07/2025: nhập ngày hết hiệu lực, chậm nhất là 30/06/2025."},
		{"a district without dates", `,"level":"district"`, "valid_until", "chậm nhất là 30/06/2025"},
		{"a district from 2025-07-01", `,"level":"district","valid_from":"2025-07-01","valid_until":"2025-07-01"`, "valid_from",
			"Không còn UBND cấp huyện từ ngày 01/07/2025"},
		{"an unknown level", `,"level":"ward"`, "level", ""},
		{"an end before the start", `,"valid_from":"2025-07-01","valid_until":"2025-06-30"`, "valid_until", ""},
		{"a date that is none", `,"valid_from":"2025-02-30"`, "valid_from", ""},
		{"a date before 1945", `,"valid_until":"1900-01-01"`, "valid_until", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeValid(t, unit+tt.fields+`}`)
			checkRefusal(t, err, tt.field, tt.vi)
		})
	}
	_, err := decodeValid(t, `{"op":"unit","ref":"tnmt","name":"Phòng Tài nguyên và Môi trường","kind":"department","level":"district","valid_until":"2025-06-30"}`)
	checkRefusal(t, err, "level", "")
	_, err = decodeValid(t, `{"op":"unit","ref":"tnmt","name":"Phòng Tài nguyên và Môi trường","kind":"department","valid_until":"2025-06-30"}`)
	checkRefusal(t, err, "", "")
}

// TestUnitUntilShape: unit_until names a unit and a date, with a reason if
// it likes, and nothing else; it is keyed by the unit.
func TestUnitUntilShape(t *testing.T) {
	for _, tt := range []struct{ line, field string }{
		{`{"op":"unit_until","unit":"h","until":"2025-06-30","reason":"Nghị quyết 1686/NQ-UBTVQH15"}`, ""},
		{`{"op":"unit_until","unit":"h","until":"2027-01-01"}`, ""}, // an end announced ahead
		{`{"op":"unit_until","until":"2025-06-30"}`, "unit"},
		{`{"op":"unit_until","unit":"h"}`, "until"},
		{`{"op":"unit_until","unit":"h","until":"30/06/2025"}`, "until"},
		{`{"op":"unit_until","unit":"h","until":"2025-06-30","at":"2025-06-30T08:00:00+07:00"}`, "at"},
		{`{"op":"unit_until","unit":"h","until":"2025-06-30","petition":"P-1"}`, "petition"},
	} {
		c, err := decodeValid(t, tt.line)
		checkRefusal(t, err, tt.field, "")
		if err == nil && c.Key() != "h" {
			t.Errorf("%s: key %q, want the unit's ref", tt.line, c.Key())
		}
	}
}

// TestUnitWithoutLevelKeepsItsFingerprint: the fields added for levels do
// not change the stored form of a unit recorded without them, so a history
// written before verifies and repeats as before.
func TestUnitWithoutLevelKeepsItsFingerprint(t *testing.T) {
	c, err := decodeValid(t, `{"op":"unit","ref":"xa1","name":"UBND xã Phước Hòa","kind":"lower","parent":"own"}`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(c.Canonical()), `{"op":"unit","ref":"xa1","name":"UBND xã Phước Hòa","kind":"lower","parent":"own"}`; got != want {
		t.Errorf("canonical %s, want %s", got, want)
	}
	u := cases.UnitOf(&c)
	if u.Level != "" || u.ValidFrom != 0 || u.ValidUntil != 0 || !u.InForceOn(cases.NewDate(2030, 1, 1)) {
		t.Errorf("a unit without dates: %+v", u)
	}
}

func checkRefusal(t *testing.T, err error, field, vi string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Errorf("refused: %v", err)
		}
		return
	}
	var e *cases.Error
	if !errors.As(err, &e) || e.Code != cases.EInvalid || e.Field != field {
		t.Fatalf("error %v, want invalid %s", err, field)
	}
	if !strings.Contains(e.MessageVI, vi) {
		t.Errorf("message_vi %q, want it to contain %q", e.MessageVI, vi)
	}
}
