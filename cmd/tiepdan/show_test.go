package main

import (
	"path/filepath"
	"strings"
	"testing"
)

const denunciation = `{"op":"petition","ref":"TC-1","received_at":"2026-10-01T08:00:00+07:00","channel":"reception","petitioner":{"name":"Phạm Thị Kín","id_number":"052199000777","phone":"0905123456"},"summary":"Tố cáo cán bộ địa chính nhận tiền"}
{"op":"classify","petition":"TC-1","at":"2026-10-01T09:00:00+07:00","type":"denunciation","field":"corruption","eligible":true,"complex":"complex"}
{"op":"route","petition":"TC-1","at":"2026-10-02T09:00:00+07:00","to":"own","unit":"tnmt","method":"assign"}
{"op":"accept","petition":"TC-1","at":"2026-10-05T09:00:00+07:00","recorded_by":"truongphong.tnmt"}
`

func TestShowGivesHistoryDeadlinesAndAllowedEvents(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, stderr := run(t, units+denunciation, "--db", db, "import", "--user", "canbo.tiepdan1", "-"); code != exitOK {
		t.Fatal(stderr)
	}
	code, out, stderr := run(t, "", "--db", db, "show", "TC-1")
	if code != exitOK {
		t.Fatal(stderr)
	}
	for _, want := range []string{
		"Đã thụ lý",                               // the state, in Vietnamese
		"Số vào sổ   1/2026",                      // the number in the reception book
		"ghi 25/11/2026 10:00 bởi canbo.tiepdan1", // who recorded, and when
		"bởi truongphong.tnmt",
		// 30 days from the acceptance on 05/10/2026 fall on 04/11/2026.
		"04/11/2026 — 30 ngày kể từ ngày thụ lý 05/10/2026",
		"Thao tác được phép: extend (Gia hạn), suspend (Tạm đình chỉ), resolve (Giải quyết), terminate (Đình chỉ)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	// The denouncer stays secret, in the text and in the JSON.
	_, js, _ := run(t, "", "--db", db, "show", "--format", "json", "TC-1")
	for _, secret := range []string{"Phạm Thị Kín", "052199000777", "0905123456"} {
		if strings.Contains(out, secret) || strings.Contains(js, secret) {
			t.Errorf("show reveals the denouncer's %q", secret)
		}
	}
	if !strings.Contains(js, `"explanation"`) || !strings.Contains(js, `"allowed"`) {
		t.Errorf("show --format json lacks deadlines or allowed events:\n%s", js)
	}
}

func TestListFiltersAndMasks(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, stderr := run(t, units+goodLines+denunciation, "--db", db, "import", "-"); code != exitOK {
		t.Fatal(stderr)
	}
	_, out, _ := run(t, "", "--db", db, "list")
	if !strings.Contains(out, "P-1") || !strings.Contains(out, "TC-1") || strings.Contains(out, "Phạm Thị Kín") {
		t.Errorf("list:\n%s", out)
	}
	_, out, _ = run(t, "", "--db", db, "list", "--type", "denunciation")
	if strings.Contains(out, "P-1") || !strings.Contains(out, "TC-1") {
		t.Errorf("list --type denunciation:\n%s", out)
	}
	_, out, _ = run(t, "", "--db", db, "list", "--search", "nguyen van an")
	if !strings.Contains(out, "P-1") || strings.Contains(out, "TC-1") {
		t.Errorf("list --search ignores diacritics:\n%s", out)
	}
	// P-1 was received on 01/03/2023 and never routed: its handling deadline
	// (10 working days) passed long before today; TC-1's resolution deadline
	// (04/11/2026) has passed too.
	_, out, _ = run(t, "", "--db", db, "list", "--overdue")
	if !strings.Contains(out, "P-1") || !strings.Contains(out, "TC-1") || !strings.Contains(out, "quá hạn") {
		t.Errorf("list --overdue:\n%s", out)
	}
	if code, _, stderr := run(t, "", "--db", db, "list", "--state", "nonsense"); code != exitUsage || !strings.Contains(stderr, "unknown state") {
		t.Errorf("a bad --state: exit %d, %q", code, stderr)
	}
}

func TestSearchDoesNotFindADenouncerByName(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, stderr := run(t, units+denunciation, "--db", db, "import", "-"); code != exitOK {
		t.Fatal(stderr)
	}
	_, out, _ := run(t, "", "--db", db, "list", "--search", "Phạm Thị Kín")
	if strings.Contains(out, "TC-1") {
		t.Errorf("a search by the denouncer's name finds the denunciation:\n%s", out)
	}
	if code, out, _ := run(t, "", "--db", db, "verify"); code != exitOK {
		t.Errorf("verify: %s", out)
	}
}

// list and show name the unit a petition is routed to, not its code.
func TestListAndShowNameUnits(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	if code, _, stderr := run(t, units+denunciation, "--db", db, "import", "-"); code != exitOK {
		t.Fatal(stderr)
	}
	_, list, _ := run(t, "", "--db", db, "list")
	_, show, _ := run(t, "", "--db", db, "show", "TC-1")
	for name, out := range map[string]string{"list": list, "show": show} {
		if !strings.Contains(out, "Phòng Tài nguyên và Môi trường") || strings.Contains(out, "tnmt\t") || strings.Contains(out, " tnmt ") {
			t.Errorf("%s does not name the unit:\n%s", name, out)
		}
	}
	for _, want := range []string{"Thuộc thẩm quyền: Phòng Tài nguyên và Môi trường", "Giao Phòng Tài nguyên và Môi trường (Thuộc thẩm quyền)"} {
		if !strings.Contains(show, want) {
			t.Errorf("show lacks %q:\n%s", want, show)
		}
	}
}
