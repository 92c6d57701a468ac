package cases

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The text of every command, checked in one place: every string a command
// carries (refs, names, summaries, reasons, addresses, enum values) is valid
// UTF-8 without control characters and without U+FFFD, the mark a decoder
// leaves where it met bytes of another encoding. Only the long texts a
// person writes in several lines (multiline) may hold line breaks and tabs.

// multiline are the fields whose text may span lines: a textarea sends
// "\r\n" between them.
var multiline = map[string]bool{"summary": true, "reason": true}

// textField is one string-bearing field of Command, by its JSON name.
type textField struct {
	name  string
	index int
}

// textFields are Command's string, []string and *Person fields, found by
// reflection so that a field added to Command is checked without being
// listed here.
var textFields = sync.OnceValue(func() []textField {
	t := reflect.TypeFor[Command]()
	var out []textField
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		switch {
		case f.Type.Kind() == reflect.String,
			f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.String,
			f.Type == reflect.TypeFor[*Person]():
			out = append(out, textField{name, i})
		}
	}
	return out
})

// eachText calls fn with every string of c and the field it is in
// ("petitioner.name" for a person's), stopping at the first error.
func (c *Command) eachText(fn func(field, s string) *Error) *Error {
	v := reflect.ValueOf(c).Elem()
	for _, f := range textFields() {
		fv := v.Field(f.index)
		switch fv.Kind() {
		case reflect.String:
			if err := fn(f.name, fv.String()); err != nil {
				return err
			}
		case reflect.Slice:
			for j := range fv.Len() {
				if err := fn(f.name, fv.Index(j).String()); err != nil {
					return err
				}
			}
		case reflect.Pointer:
			if fv.IsNil() {
				continue
			}
			p := fv.Interface().(*Person)
			for _, s := range [...]struct{ name, s string }{{"name", p.Name}, {"id_number", p.IDNumber},
				{"address", p.Address}, {"phone", p.Phone}} {
				if err := fn(f.name+"."+s.name, s.s); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkText refuses a string that is not clean text for field.
func checkText(field, s string) *Error {
	if printableASCII(s) {
		return nil
	}
	if !utf8.ValidString(s) {
		return invalidUTF8(field)
	}
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			return invalidUTF8(field)
		case (r == '\n' || r == '\r' || r == '\t') && multiline[field]:
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			return FieldErrorf(field, "contains the control character %U", r).
				VI("Có ký tự điều khiển (%s) không gõ được từ bàn phím: xin gõ lại nội dung này, đừng dán từ nơi khác.", controlName(r))
		}
	}
	return nil
}

// printableASCII reports whether s is all printable ASCII, as most refs,
// times and enum values are: clean without a closer look.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func invalidUTF8(field string) *Error {
	return FieldErrorf(field, "is not valid UTF-8").
		VI("Văn bản không đúng bảng mã Unicode (UTF-8): xin gõ lại, hoặc lưu tệp theo UTF-8 rồi nhập lại.")
}

// controlName names a control character as a person can report it.
func controlName(r rune) string {
	switch r {
	case '\n', '\r':
		return "xuống dòng"
	case '\t':
		return "tab"
	}
	return fmt.Sprintf("%U", r)
}
