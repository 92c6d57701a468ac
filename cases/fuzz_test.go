package cases

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// commandSeeds are lines of every op, as the import and the API take them.
var commandSeeds = []string{
	`{"op":"unit","ref":"own","name":"UBND huyện Tuy Phước","kind":"own","lower_label":"UBND các xã, thị trấn","level":"district","valid_until":"2025-06-30"}`,
	`{"op":"unit","ref":"xa-moi","name":"UBND xã Mới","kind":"lower","parent":"own","replaces":["xa1","xa2"],"level":"commune","valid_from":"2025-07-01"}`,
	`{"op":"unit_until","unit":"xa1","until":"2025-06-30","reason":"Sáp nhập"}`,
	`{"op":"session","ref":"S-1","kind":"periodic","date":"2026-10-09","presided_by":"Chủ tịch UBND huyện","delegated":true,"location":"Trụ sở","online":true}`,
	`{"op":"petition","ref":"P-1","received_at":"2026-10-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Nguyễn Văn An","id_number":"052080001234","address":"Thôn 1","phone":"0905"},"people":3,"summary":"Khiếu nại\r\nthu hồi đất","secret_waived":true}`,
	`{"op":"visit","ref":"V-1","at":"2026-10-09T09:00:00+07:00","kind":"periodic","session":"S-1","petition":"P-1","people":2,"citizen":{"name":"Trần Thị B"},"follow_up_on":"2026-12-01","online":true}`,
	`{"op":"classify","petition":"P-1","at":"2026-10-02T08:00:00+07:00","type":"denunciation","field":"land","eligible":true,"complex":"complex","instance":2,"several_places":true}`,
	`{"op":"route","petition":"P-1","at":"2026-10-03T08:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}`,
	`{"op":"archive","petition":"P-2","at":"2026-10-03T08:00:00+07:00","reason":"duplicate","duplicate_of":"P-1"}`,
	`{"op":"accept","petition":"P-1","at":"2026-10-05T08:00:00+07:00","recorded_at":"2026-10-06T08:00:00+07:00","recorded_by":"import"}`,
	`{"op":"reject","petition":"P-1","at":"2026-10-05T08:00:00+07:00","reason":"Không thuộc thẩm quyền"}`,
	`{"op":"extend","petition":"P-1","at":"2026-10-05T08:00:00+07:00","days":30}`,
	`{"op":"suspend","petition":"P-1","at":"2026-10-05T08:00:00+07:00","reason":"Chờ giám định"}`,
	`{"op":"resume","petition":"P-1","at":"2026-10-06T08:00:00+07:00"}`,
	`{"op":"resolve","petition":"P-1","at":"2026-10-07T08:00:00+07:00","verdict":"incorrect","decision":"123/QĐ-UBND","outcome":"upheld"}`,
	`{"op":"implement","petition":"P-1","at":"2026-10-08T08:00:00+07:00"}`,
	`{"op":"terminate","petition":"P-1","at":"2026-10-08T08:00:00+07:00","reason":"withdrawn"}`,
	`{"op":"dialogue","petition":"P-1","at":"2026-10-08T08:00:00+07:00","on":"2026-10-20","place":"Phòng họp"}`,
	`{"op":"secret","petition":"P-1","at":"2026-10-08T08:00:00+07:00","protected":false,"reason":"Người tố cáo đồng ý"}`,
	"{\"op\":\"petition\",\"ref\":\"P-1\",\"petitioner\":{\"name\":\"Nguy\xe9n\"}}",
	`{"op":"petition","ref":"P\u0000","received_at":"0001-01-01T00:00:00+07:00"}`,
}

// FuzzCommand runs what the import's line decoder and the API's body
// decoder run, DecodeCommand then Validate, on anything: it never panics,
// a command it accepts holds only clean text and dates in the window, and
// its canonical form reads back as the same command.
func FuzzCommand(f *testing.F) {
	for _, s := range commandSeeds {
		f.Add([]byte(s))
	}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, Zone)
	f.Fuzz(func(t *testing.T, line []byte) {
		c, err := DecodeCommand(line)
		if err != nil {
			if ErrorCode(err) != EInvalid {
				t.Fatalf("a line that cannot be read is not invalid: %v", err)
			}
			return
		}
		if err := c.Validate(now); err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("a refusal that is not an *Error: %v", err)
			}
			return
		}
		if !utf8.Valid(line) {
			t.Fatalf("bytes that are not UTF-8 accepted: %q", line)
		}
		c.eachText(func(field, s string) *Error {
			if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) ||
				strings.ContainsFunc(s, func(r rune) bool {
					return unicode.IsControl(r) && !(multiline[field] && (r == '\n' || r == '\r' || r == '\t'))
				}) {
				t.Fatalf("%s %q accepted", field, s)
			}
			return nil
		})
		if at := c.AtTime(); !at.IsZero() && (DateOf(at) < DefaultWindow.First || at.After(now)) {
			t.Fatalf("an event at %s accepted", at)
		}
		canon := c.Canonical()
		back, err := DecodeCommand(canon)
		if err != nil {
			t.Fatalf("the canonical form %s does not read back: %v", canon, err)
		}
		back.RecordedAt, back.RecordedBy = c.RecordedAt, c.RecordedBy
		if err := back.Validate(now); err != nil {
			t.Fatalf("the canonical form %s is refused: %v", canon, err)
		}
		if again := back.Canonical(); !bytes.Equal(again, canon) {
			t.Fatalf("canonical form changes on a second pass:\n%s\n%s", canon, again)
		}
	})
}

// FuzzDate: ParseDate never panics, and a date it reads prints as it was
// read; an instant ParseInstant reads prints back to the same instant.
func FuzzDate(f *testing.F) {
	for _, s := range []string{"2026-11-25", "0001-01-01", "9999-12-31", "2024-02-29", "2023-02-29", "2026-1-5", "", "-0001-12-15",
		"2026-11-25T10:00:00+07:00", "2026-11-25T10:00:00.123456789Z", "0001-01-01T00:00:00+07:00", "2026-11-25T24:00:00+07:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseDate(s); err == nil {
			if d.String() != s {
				t.Fatalf("ParseDate(%q) prints %s", s, d)
			}
			if back, err := ParseDate(d.String()); err != nil || back != d {
				t.Fatalf("%s reads back as %s, %v", d, back, err)
			}
		}
		if at, err := ParseInstant(s); err == nil {
			back, err := ParseInstant(at.Format(time.RFC3339Nano))
			if err != nil || !back.Equal(at) {
				t.Fatalf("%q reads back as %v, %v", s, back, err)
			}
			_ = DefaultWindow.Check("at", DateOf(at), at)
		}
	})
}

// FuzzFold: the search's normalisation never panics, is idempotent and
// gives lower-case text without Vietnamese diacritics.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn An", "ĐẤT ĐAI", "P-2026-001", "  nhiều   khoảng  ", "\xff\xfe", "Ǆ", "İ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s)
		if twice := Fold(once); twice != once {
			t.Fatalf("Fold(%q) = %q, folded again %q", s, once, twice)
		}
		if strings.ContainsAny(once, "ăâđêôơưĂÂĐÊÔƠƯ") {
			t.Fatalf("Fold(%q) = %q keeps diacritics", s, once)
		}
	})
}
