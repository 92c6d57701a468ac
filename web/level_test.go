package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/internal/webtest"
)

// levelHistory: two complaints classified in June 2025, waiting to be
// routed, in the installation of webtest.Units (no levels, no dates).
const levelHistory = `{"op":"petition","ref":"P-1","received_at":"2025-06-02T08:00:00+07:00","channel":"mail","petitioner":{"name":"Lê Văn A"},"summary":"Khiếu nại thu hồi đất"}
{"op":"classify","petition":"P-1","at":"2025-06-03T08:00:00+07:00","type":"complaint","field":"land","eligible":true}
{"op":"petition","ref":"P-2","received_at":"2025-06-02T09:00:00+07:00","channel":"mail","petitioner":{"name":"Trần Thị B"},"summary":"Khiếu nại cấp giấy chứng nhận"}
{"op":"classify","petition":"P-2","at":"2025-06-03T09:00:00+07:00","type":"complaint","field":"land","eligible":true}
`

// refusalJSON is the API's refusal with its Vietnamese message.
type refusalJSON struct {
	Error struct {
		Code, Message, Field string
		MessageVI            string `json:"message_vi"`
	}
}

// TestUnitUntilThroughTheAPI: an admin ends a lower committee with
// unit_until; a route to it the day after is refused with message and
// message_vi, one on its last day is recorded; the unit is listed as no
// longer in force with its end. Refusals name the unit in Vietnamese; only
// an admin ends a unit.
func TestUnitUntilThroughTheAPI(t *testing.T) {
	e := webtest.New(t, levelHistory)
	refused := func(status int, user, body, field, en, vi string) {
		t.Helper()
		got, answer := e.API(user, "POST", "/api/v1/commands", body)
		out := webtest.Decode[refusalJSON](t, answer)
		if got != status || out.Error.Field != field || !strings.Contains(out.Error.Message, en) || !strings.Contains(out.Error.MessageVI, vi) {
			t.Errorf("%s as %s: %d %s, want %d %s %q %q", body, user, got, answer, status, field, en, vi)
		}
	}
	refused(http.StatusForbidden, "leader", `{"op":"unit_until","unit":"xa1","until":"2025-06-30"}`, "op", "may not send unit_until", "")
	refused(http.StatusNotFound, "admin", `{"op":"unit_until","unit":"xa9","until":"2025-06-30"}`, "unit", "unit xa9 not found", "Không có đơn vị mang mã xa9.")
	refused(http.StatusUnprocessableEntity, "admin",
		`{"op":"unit","ref":"huyen-2","name":"UBND huyện Tuy Phước","kind":"own","level":"district","valid_from":"2020-01-01"}`,
		"valid_until", "cannot be in force after 2025-06-30", "UBND cấp huyện không còn tồn tại từ ngày 01/07/2025")

	e.MustAPI(http.StatusCreated, "admin", "POST", "/api/v1/commands", `{"op":"unit_until","unit":"xa1","until":"2025-06-30","reason":"sắp xếp đơn vị hành chính"}`)
	e.MustAPI(http.StatusOK, "admin", "POST", "/api/v1/commands", `{"op":"unit_until","unit":"xa1","until":"2025-06-30","reason":"sắp xếp đơn vị hành chính"}`)
	refused(http.StatusConflict, "admin", `{"op":"unit_until","unit":"xa1","until":"2025-12-31"}`, "until",
		"already ends on 2025-06-30", "UBND xã Phước Hòa đã kết thúc từ trước: còn hiệu lực đến hết ngày 30/06/2025.")

	refused(http.StatusUnprocessableEntity, "rec",
		`{"op":"route","petition":"P-1","at":"2025-07-01T08:00:00+07:00","to":"lower","unit":"xa1","method":"transfer"}`, "unit",
		"unit xa1 (UBND xã Phước Hòa) no longer exists from 2025-07-01",
		"UBND xã Phước Hòa không còn tồn tại từ 01/07/2025: không chuyển đơn đến đơn vị này ngày 01/07/2025.")
	e.MustAPI(http.StatusCreated, "rec", "POST", "/api/v1/commands",
		`{"op":"route","petition":"P-2","at":"2025-06-30T16:00:00+07:00","to":"lower","unit":"xa1","method":"transfer"}`)
	for ref, want := range map[string]string{"P-1": "classified / ", "P-2": "routed_lower / xa1"} {
		d := webtest.Decode[struct{ Petition struct{ State, Unit string } }](t,
			e.MustAPI(http.StatusOK, "rec", "GET", "/api/v1/petitions/"+ref, ""))
		if got := d.Petition.State + " / " + d.Petition.Unit; got != want {
			t.Errorf("%s: %s, want %s", ref, got, want)
		}
	}

	units := webtest.Decode[struct {
		Units []struct {
			Ref        string `json:"ref"`
			ValidUntil string `json:"valid_until"`
			InForce    bool   `json:"in_force"`
		} `json:"units"`
	}](t, e.MustAPI(http.StatusOK, "admin", "GET", "/api/v1/units", ""))
	for _, u := range units.Units {
		ended := u.Ref == "xa1"
		if u.InForce == ended || (ended && u.ValidUntil != "2025-06-30") || (!ended && u.ValidUntil != "") {
			t.Errorf("GET /api/v1/units lists %+v", u)
		}
	}
}

// TestAdminPageLevelsAndEnds: the admin page records a commune with its
// level and the day it begins, replacing the old commune (which then ends
// the day before), refuses a district without an end in Vietnamese next to
// the field, and ends a department with its form.
func TestAdminPageLevelsAndEnds(t *testing.T) {
	e := webtest.New(t, levelHistory)
	b := e.Browser("admin").Login()
	post := func(path string, form url.Values) (int, string) {
		t.Helper()
		form.Set("csrf", b.CSRF())
		status, body, h := b.Do("POST", path, form)
		if status == http.StatusSeeOther {
			_, body, _ = b.Do("GET", h.Get("Location"), nil)
		}
		return status, body
	}

	status, page := post("/admin/units", url.Values{"ref": {"xa-tuy-phuoc"}, "name": {"UBND xã Tuy Phước"}, "kind": {"lower"},
		"parent": {"own"}, "level": {"commune"}, "valid_from": {"01/07/2025"}, "replaces": {"xa1"}})
	if status != http.StatusSeeOther || !strings.Contains(page, "thay cho xa1 (kết thúc hết ngày 30/06/2025)") ||
		!strings.Contains(page, "Cấp xã; từ 01/07/2025") || !strings.Contains(page, "đến 30/06/2025") {
		t.Errorf("a commune replacing xa1 from 01/07/2025: %d %.4000s", status, page)
	}

	status, page = post("/admin/units", url.Values{"ref": {"huyen-2"}, "name": {"UBND huyện Tuy Phước"}, "kind": {"lower"},
		"parent": {"own"}, "level": {"district"}, "valid_from": {"01/01/2020"}})
	if status != http.StatusUnprocessableEntity ||
		!strings.Contains(page, "UBND cấp huyện không còn tồn tại từ ngày 01/07/2025: nhập ngày hết hiệu lực, chậm nhất là 30/06/2025.") ||
		!strings.Contains(page, `value="01/01/2020"`) {
		t.Errorf("a district without an end: %d %.4000s", status, page)
	}
	status, page = post("/admin/units", url.Values{"ref": {"huyen-2"}, "name": {"UBND huyện Tuy Phước"}, "kind": {"lower"},
		"parent": {"own"}, "valid_until": {"31/02/2025"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Ngày «31/02/2025» không hợp lệ") {
		t.Errorf("a date that is none: %d %.4000s", status, page)
	}

	status, page = post("/admin/units/end", url.Values{"unit": {"tnmt"}, "until": {"30/06/2025"}, "reason": {"sáp nhập phòng"}})
	if status != http.StatusSeeOther || !strings.Contains(page, "Đã ghi: đơn vị tnmt hoạt động đến hết ngày 30/06/2025; từ ngày 01/07/2025 không chuyển đơn đến đơn vị này.") {
		t.Errorf("ending tnmt: %d %.4000s", status, page)
	}
	status, page = post("/admin/units/end", url.Values{"unit": {"tnmt"}, "until": {"31/12/2025"}})
	if status != http.StatusConflict || !strings.Contains(page, "Phòng Tài nguyên và Môi trường đã kết thúc từ trước: còn hiệu lực đến hết ngày 30/06/2025.") {
		t.Errorf("ending tnmt again, later: %d %.4000s", status, page)
	}

	// The petition page's route to the ended department says why in Vietnamese.
	rec := e.Browser("rec").Login()
	status, page, _ = rec.Do("POST", "/petitions/P-1/events", url.Values{"csrf": {rec.CSRF()}, "op": {"route"},
		"at": {"2025-07-01T08:00"}, "to": {"own"}, "unit": {"tnmt"}, "method": {"assign"}})
	if status != http.StatusUnprocessableEntity ||
		!strings.Contains(page, "Phòng Tài nguyên và Môi trường không còn tồn tại từ 01/07/2025: không chuyển đơn đến đơn vị này ngày 01/07/2025.") {
		t.Errorf("routing P-1 to the ended department from its page: %d %.4000s", status, page)
	}
}
