package storage

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/tiepdan/tiepdan/cases"
)

// petitionDoc is the petition's JSON as encoding/json writes it, byte for
// byte (TestPetitionDocMatchesEncodingJSON holds it to that), written by
// hand: an import writes a petition's doc once per transaction that changes
// it, and reflection made that the writer's largest cost after SQLite.
func petitionDoc(p *cases.Petition) string {
	var small [1024]byte
	b, ok := appendPetitionDoc(small[:0], p)
	if !ok {
		doc, _ := json.Marshal(p)
		return string(doc)
	}
	return string(b)
}

// appendPetitionDoc appends p's JSON to b; ok is false for a time that
// encoding/json refuses or writes differently, which the caller leaves to it.
func appendPetitionDoc(b []byte, p *cases.Petition) (_ []byte, ok bool) {
	ok = true
	str := func(name, s string, omitEmpty bool) {
		if omitEmpty && s == "" {
			return
		}
		b = append(b, name...)
		b = appendJSONString(b, s)
	}
	num := func(name string, n int, omitEmpty bool) {
		if omitEmpty && n == 0 {
			return
		}
		b = append(b, name...)
		b = strconv.AppendInt(b, int64(n), 10)
	}
	flag := func(name string, v bool, omitEmpty bool) {
		if omitEmpty && !v {
			return
		}
		b = append(b, name...)
		b = strconv.AppendBool(b, v)
	}
	instant := func(name string, t *time.Time) {
		if t == nil {
			return
		}
		b = append(b, name...)
		var good bool
		b, good = appendJSONTime(b, *t)
		ok = ok && good
	}
	b = append(b, '{')
	str(`"ref":`, p.Ref, false)
	if !p.Number.IsZero() {
		b = append(b, `,"number":"`...)
		b = append(strconv.AppendInt(b, int64(p.Number.N), 10), '/')
		b = append(strconv.AppendInt(b, int64(p.Number.Year), 10), '"')
	}
	instant(`,"received_at":`, &p.ReceivedAt)
	str(`,"channel":`, string(p.Channel), false)
	str(`,"petitioner":{"name":`, p.Petitioner.Name, false)
	str(`,"id_number":`, p.Petitioner.IDNumber, true)
	str(`,"address":`, p.Petitioner.Address, true)
	str(`,"phone":`, p.Petitioner.Phone, true)
	str(`,"sealed":`, p.Petitioner.Sealed, true)
	b = append(b, '}')
	num(`,"people":`, p.People, false)
	str(`,"summary":`, p.Summary, false)
	flag(`,"secret_waived":`, p.SecretWaived, true)
	str(`,"recorded_by":`, p.RecordedBy, false)
	flag(`,"protected":`, p.Protected, true)
	flag(`,"secret_kept":`, p.SecretKept, true)
	str(`,"secret_lifted":`, string(p.SecretLifted), true)
	str(`,"state":`, string(p.State), false)
	str(`,"type":`, string(p.Type), true)
	str(`,"field":`, string(p.Field), true)
	flag(`,"eligible":`, p.Eligible, false)
	str(`,"complex":`, string(p.Complex), true)
	num(`,"instance":`, p.Instance, true)
	flag(`,"several_places":`, p.SeveralPlaces, true)
	str(`,"route_to":`, string(p.RouteTo), true)
	str(`,"unit":`, p.Unit, true)
	str(`,"method":`, string(p.Method), true)
	instant(`,"routed_at":`, p.RoutedAt)
	str(`,"archive_reason":`, string(p.Archive), true)
	str(`,"duplicate_of":`, p.DuplicateOf, true)
	instant(`,"handled_at":`, p.HandledAt)
	instant(`,"accepted_at":`, p.AcceptedAt)
	num(`,"extensions":`, p.Extensions, true)
	num(`,"extension_days":`, p.ExtensionDays, true)
	instant(`,"suspended_since":`, p.SuspendedSince)
	num(`,"suspended_days":`, p.SuspendedDays, true)
	instant(`,"resolved_at":`, p.ResolvedAt)
	str(`,"verdict":`, string(p.Verdict), true)
	str(`,"decision":`, p.Decision, true)
	str(`,"outcome":`, string(p.Outcome), true)
	instant(`,"implemented_at":`, p.ImplementedAt)
	instant(`,"closed_at":`, p.ClosedAt)
	str(`,"close_reason":`, p.CloseReason, true)
	num(`,"version":`, p.Version, false)
	instant(`,"last_at":`, &p.LastAt)
	b = append(b, '}')
	return b, ok
}

// appendJSONTime writes t as time.Time.MarshalJSON does; ok is false where
// MarshalJSON would fail (a year outside 0–9999, an offset of a day or more).
func appendJSONTime(b []byte, t time.Time) (_ []byte, ok bool) {
	if y := t.Year(); y < 0 || y > 9999 {
		return b, false
	}
	if _, off := t.Zone(); off <= -24*3600 || off >= 24*3600 {
		return b, false
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), true
}

const hexDigits = "0123456789abcdef"

// appendJSONString writes s as encoding/json does, HTML escaping included.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
