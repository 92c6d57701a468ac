package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHolidaysFileExtendsTheShippedTable lays an announced year over the
// shipped table, as an administrator does when the Government announces
// next year's calendar: every command that counts days (deadlines, reports,
// the schedule, the calendar) reads the calendar through App.calendar.
func TestHolidaysFileExtendsTheShippedTable(t *testing.T) {
	dir := t.TempDir()
	// An imagined announcement for 2027: Tết from 03/02 to 11/02.
	file := filepath.Join(dir, "holidays-2027.json")
	announced := `{"version":1,"years":[{"year":2027,"tet":"2027-02-06","hung_kings":"2027-04-16","source":"Quyết định (thử)",
"days_off":[{"date":"2027-01-01","name":"Tết Dương lịch","source":"BLLĐ 2019"},
{"from":"2027-02-03","to":"2027-02-11","name":"Nghỉ Tết Nguyên đán","source":"Quyết định (thử)"},
{"date":"2027-04-16","name":"Giỗ Tổ Hùng Vương","source":"BLLĐ 2019"},
{"date":"2027-04-30","name":"Ngày Chiến thắng","source":"BLLĐ 2019"},
{"date":"2027-05-01","name":"Ngày Quốc tế Lao động","source":"BLLĐ 2019"},
{"date":"2027-05-03","name":"Nghỉ bù Ngày Quốc tế Lao động","source":"BLLĐ 2019"},
{"date":"2027-09-02","name":"Quốc khánh","source":"BLLĐ 2019"},
{"date":"2027-09-03","name":"Nghỉ lễ Quốc khánh","source":"BLLĐ 2019"}]}]}`
	if err := os.WriteFile(file, []byte(announced), 0o644); err != nil {
		t.Fatal(err)
	}
	_, shipped, _ := run(t, "", "calendar", "--year", "2027", "--format", "json")
	code, laid, stderr := run(t, "", "--holidays", file, "calendar", "--year", "2027", "--format", "json")
	if code != exitOK {
		t.Fatal(stderr)
	}
	if strings.Contains(shipped, `"2027-02-03"`) || !strings.Contains(laid, `"2027-02-03"`) {
		t.Errorf("the announced 03/02/2027 is not a day off with --holidays:\n%s", laid)
	}
	// A bad file is refused with its name, and nothing runs.
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"version":1,"years":[{"year":2027,"days_off":[{"date":"2028-01-01"}]}]}`), 0o644)
	if code, _, stderr := run(t, "", "--holidays", bad, "calendar", "--year", "2027"); code == exitOK || !strings.Contains(stderr, "bad.json") {
		t.Errorf("a bad holidays file: exit %d, %q", code, stderr)
	}
}
