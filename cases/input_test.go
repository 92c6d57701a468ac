package cases

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// inputNow is when the commands of these tests are received.
var inputNow = time.Date(2026, 11, 25, 10, 0, 0, 0, Zone)

// fieldOf is the field an invalid-input error names, or "" when err is
// nil or another error.
func fieldOf(err error) string {
	if e, ok := err.(*Error); ok && e.Code == EInvalid {
		return e.Field
	}
	return ""
}

// A line or a body that is not UTF-8 is refused before encoding/json
// would replace its bad bytes with U+FFFD, naming the field they are in;
// so are control characters in any text, U+FFFD itself (what another
// decoder left), and whitespace in a ref. Summaries and reasons may span
// lines; a name may not.
func TestBadTextRefused(t *testing.T) {
	petition := `{"op":"petition","ref":"D-1","received_at":"2026-11-20T09:00:00+07:00","channel":"mail","petitioner":{"name":"Nguyễn Văn A","address":"Thôn 1"},"summary":"Tranh chấp đất"}`
	for _, tt := range []struct {
		name, line, field string
	}{
		{"latin-1 byte in a name", strings.Replace(petition, "Nguyễn", "Nguy\xe9n", 1), "petitioner.name"},
		{"cut UTF-8 in the summary", strings.Replace(petition, "Tranh chấp", "Tranh ch\xe1\xba", 1), "summary"},
		{"NUL in a ref", strings.Replace(petition, `"D-1"`, `"D-1\u0000"`, 1), "ref"},
		{"tab in a ref", strings.Replace(petition, `"D-1"`, `"D\t1"`, 1), "ref"},
		{"no-break space in a ref", strings.Replace(petition, `"D-1"`, `"D\u00a01"`, 1), "ref"},
		{"line break in a name", strings.Replace(petition, "Nguyễn Văn A", `Nguyễn\nVăn A`, 1), "petitioner.name"},
		{"escape in an address", strings.Replace(petition, "Thôn 1", `Thôn\u001b[31m 1`, 1), "petitioner.address"},
		{"U+FFFD in the summary", strings.Replace(petition, "Tranh chấp", "Tranh ch\uFFFDp", 1), "summary"},
		{"lone surrogate in the summary", strings.Replace(petition, "Tranh chấp", `Tranh ch\ud800p`, 1), "summary"},
		{"DEL in a name", strings.Replace(petition, "Nguyễn", "Nguy\u007fn", 1), "petitioner.name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := DecodeCommand([]byte(tt.line))
			if err == nil {
				err = c.Validate(inputNow)
			}
			if got := fieldOf(err); got != tt.field {
				t.Fatalf("error %v names %q, want %q", err, got, tt.field)
			}
			if e := err.(*Error); e.MessageVI == "" && !strings.Contains(e.Message, "must not contain spaces") {
				t.Errorf("%v has no Vietnamese message", err)
			}
		})
	}
	// A summary and a reason may span lines, as a textarea sends them.
	for _, line := range []string{
		strings.Replace(petition, "Tranh chấp đất", `Tranh chấp đất\r\n\tgiữa hai hộ`, 1),
		`{"op":"reject","petition":"D-1","at":"2026-11-21T09:00:00+07:00","reason":"Không thuộc thẩm quyền\nđã hướng dẫn"}`,
	} {
		c, err := DecodeCommand([]byte(line))
		if err == nil {
			err = c.Validate(inputNow)
		}
		if err != nil {
			t.Errorf("%s: %v", line, err)
		}
	}
	// Bytes that are not UTF-8 where no field can be named: the offset.
	_, err := DecodeCommand([]byte("{\"op\":\"petition\",\"r\xffef\":1}"))
	if e, ok := err.(*Error); !ok || e.Code != EInvalid || !strings.Contains(e.Message, "byte 19") {
		t.Errorf("a bad key: %v", err)
	}
}

// Dates and instants before 1945 or after the end of next year are refused,
// naming the field; the window moves with the clock and can be set.
func TestDateWindow(t *testing.T) {
	for _, tt := range []struct {
		name, line, field string
	}{
		{"received in year 1", `{"op":"petition","ref":"D-1","received_at":"0001-01-01T00:00:00+07:00","channel":"mail","petitioner":{"name":"A"},"summary":"x"}`, "received_at"},
		{"received in 1900", `{"op":"petition","ref":"D-1","received_at":"1900-01-01T08:00:00+07:00","channel":"mail","petitioner":{"name":"A"},"summary":"x"}`, "received_at"},
		{"follow-up in 9999", `{"op":"visit","ref":"L-1","at":"2026-11-20T09:00:00+07:00","kind":"regular","petition":"D-1","people":1,"follow_up_on":"9999-12-31"}`, "follow_up_on"},
		{"dialogue in 2999", `{"op":"dialogue","petition":"D-1","at":"2026-11-20T09:00:00+07:00","on":"2999-01-05"}`, "on"},
		{"session in 1944", `{"op":"session","ref":"K-1","kind":"adhoc","date":"1944-12-31","presided_by":"Chủ tịch"}`, "date"},
		{"recorded in 1900", `{"op":"accept","petition":"D-1","at":"1899-01-01T08:00:00+07:00","recorded_at":"1900-01-01T08:00:00+07:00"}`, "recorded_at"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := DecodeCommand([]byte(tt.line))
			if err != nil {
				t.Fatal(err)
			}
			err = c.Validate(inputNow)
			if got := fieldOf(err); got != tt.field {
				t.Fatalf("error %v names %q, want %q", err, got, tt.field)
			}
			if vi := err.(*Error).MessageVI; !strings.Contains(vi, "01/01/1945") || !strings.Contains(vi, "31/12/2027") {
				t.Errorf("the Vietnamese message %q does not say the window", vi)
			}
			// Replay judges history without the window.
			if err := c.ValidateIn(inputNow, nil); fieldOf(err) == tt.field && strings.Contains(err.Error(), "outside") {
				t.Errorf("without a window: %v", err)
			}
		})
	}
	// The edges: 1945-01-01 and 31/12 of next year are in.
	for _, line := range []string{
		`{"op":"visit","ref":"L-1","at":"1945-01-01T00:00:00+07:00","kind":"regular","petition":"D-1","people":1,"follow_up_on":"2027-12-31"}`,
		`{"op":"petition","ref":"D-1","received_at":"2022-01-03T08:00:00+07:00","recorded_at":"2023-01-03T08:00:00+07:00","channel":"mail","petitioner":{"name":"A"},"summary":"x"}`,
	} {
		c, _ := DecodeCommand([]byte(line))
		if err := c.Validate(inputNow); err != nil {
			t.Errorf("%s: %v", line, err)
		}
	}
	// A unit's dates are bounded below only: the law fixes ends years ahead.
	for _, line := range []string{
		`{"op":"unit","ref":"huyen","name":"UBND huyện","kind":"own","level":"district","valid_until":"2025-06-30"}`,
		`{"op":"unit_until","unit":"U-1","until":"2030-12-31"}`,
	} {
		c, _ := DecodeCommand([]byte(line))
		if err := c.Validate(time.Date(2023, 6, 14, 9, 0, 0, 0, Zone)); err != nil {
			t.Errorf("%s recorded in 2023: %v", line, err)
		}
	}
	// A window set by the operator: from 2000, this year only.
	w, err := ParseWindow("2000-01-01", 0)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := DecodeCommand([]byte(`{"op":"dialogue","petition":"D-1","at":"2026-11-20T09:00:00+07:00","on":"2027-01-05"}`))
	if err := c.ValidateIn(inputNow, &w); fieldOf(err) != "on" {
		t.Errorf("a dialogue next year with no year ahead: %v", err)
	}
	if err := c.ValidateIn(inputNow.AddDate(1, 0, 0), &w); err != nil {
		t.Errorf("the same dialogue received a year later: %v", err)
	}
	for _, bad := range []struct {
		first string
		ahead int
	}{{"1945", 1}, {"1945-01-01", -1}, {"1945-01-01", 101}} {
		if _, err := ParseWindow(bad.first, bad.ahead); err == nil {
			t.Errorf("ParseWindow(%q, %d) is accepted", bad.first, bad.ahead)
		}
	}
}

// Every string field of Command is checked: one added later too.
func TestEveryTextFieldChecked(t *testing.T) {
	var m map[string]any
	b, _ := json.Marshal(Command{})
	_ = json.Unmarshal(b, &m)
	names := map[string]bool{}
	for _, f := range textFields() {
		names[f.name] = true
	}
	for _, want := range []string{"ref", "petition", "name", "summary", "reason", "place", "location", "presided_by",
		"decision", "unit", "replaces", "petitioner", "citizen", "recorded_by", "channel"} {
		if !names[want] {
			t.Errorf("%s is not checked", want)
		}
	}
}
