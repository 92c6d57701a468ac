package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tiepdan/tiepdan/cases"
	"github.com/tiepdan/tiepdan/internal/webtest"
)

// The pages of issue 5, through forms as a browser sends them: the desk
// records a denunciation brought by a group, the head accepts and resolves
// it from the inbox, the reporter reads it in the report, and the
// denouncer's name reaches neither of them.

var receiptLocation = regexp.MustCompile(`^/petitions/([^/]+)/visits/([^/]+)/receipt$`)

func TestPagesDeskToReport(t *testing.T) {
	ctx := context.Background()
	e := webtest.New(t, "")
	const denouncer = "Trần Thị Bích Ngọc"

	rec := e.Browser("rec").Login()
	status, page, _ := rec.Do("GET", "/desk", nil)
	if status != http.StatusOK || !strings.Contains(page, "Bàn tiếp công dân") || !strings.Contains(page, "tiếp thường xuyên") {
		t.Fatalf("desk: %d %.300s", status, page)
	}
	csrf := rec.CSRF()

	// A session opened today is offered to the visits.
	status, page, _ = rec.Do("POST", "/desk/sessions", url.Values{"csrf": {csrf}, "ref": {"KT-1"}, "kind": {"periodic"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Chưa nhập người chủ trì.") {
		t.Errorf("a session without its presiding leader: %d", status)
	}
	status, _, h := rec.Do("POST", "/desk/sessions", url.Values{"csrf": {csrf}, "ref": {"KT-1"}, "kind": {"periodic"},
		"presided_by": {"Chủ tịch UBND huyện"}})
	if status != http.StatusSeeOther {
		t.Fatalf("open a session: %d", status)
	}
	_, page, _ = rec.Do("GET", h.Get("Location"), nil)
	if !strings.Contains(page, "KT-1") || !strings.Contains(page, "Chủ tịch UBND huyện") {
		t.Errorf("the desk does not list today's session")
	}

	// A refused form says why next to each field, in Vietnamese, and keeps
	// what was typed.
	visit := url.Values{"csrf": {csrf}, "petition_ref": {"DON-T1"}, "visit_ref": {"LT-T1"}, "at": {"2026-11-25T09:30"},
		"session": {"KT-1"}, "name": {""}, "address": {"thôn Phú Mỹ, xã Phước Hòa"}, "people": {"6"}, "summary": {""},
		"type": {"denunciation"}, "field": {"land"}, "complex": {"complex"}, "instance": {"1"}, "eligible": {"1"},
		"to": {"own"}, "unit": {"tnmt"}, "method": {"assign"}}
	status, page, _ = rec.Do("POST", "/desk/visits", visit)
	for _, want := range []string{"Chưa nhập họ tên công dân.", "Chưa nhập nội dung đơn.", "thôn Phú Mỹ, xã Phước Hòa", "Đoàn đông người"} {
		if !strings.Contains(page, want) {
			t.Errorf("a refused visit form (%d) lacks %q", status, want)
		}
	}
	if status != http.StatusUnprocessableEntity {
		t.Errorf("a refused visit form: %d", status)
	}
	if _, err := e.DB.Petition(ctx, "DON-T1"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a refused form recorded its petition: %v", err)
	}
	visit.Set("name", denouncer)
	visit.Set("summary", "Tố cáo cán bộ địa chính xã cấp giấy chứng nhận sai đối tượng")
	visit.Set("unit", "xa1")
	status, page, _ = rec.Do("POST", "/desk/visits", visit)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Chọn một phòng, ban của cơ quan trong danh sách.") {
		t.Errorf("a route to a unit of the wrong kind: %d", status)
	}
	visit.Set("unit", "tnmt")
	status, _, h = rec.Do("POST", "/desk/visits", visit)
	m := receiptLocation.FindStringSubmatch(h.Get("Location"))
	if status != http.StatusSeeOther || m == nil || m[1] != "DON-T1" || m[2] != "LT-T1" {
		t.Fatalf("record a visit: %d %q", status, h.Get("Location"))
	}
	p, err := e.DB.Petition(ctx, "DON-T1")
	if err != nil || p.State != cases.RoutedOwn || p.Unit != "tnmt" || p.Type != cases.Denunciation || p.People != 6 || p.RecordedBy != "rec" {
		t.Fatalf("the desk's petition: %+v %v", p, err)
	}
	// Sent again (a double click), the form changes nothing.
	if status, _, _ = rec.Do("POST", "/desk/visits", visit); status != http.StatusSeeOther {
		t.Errorf("the same form again: %d", status)
	}
	_, page, _ = rec.Do("GET", h.Get("Location"), nil)
	for _, want := range []string{"GIẤY BIÊN NHẬN", denouncer, "DON-T1", "đoàn đông người", "Tiếp định kỳ"} {
		if !strings.Contains(page, want) {
			t.Errorf("the receipt lacks %q", want)
		}
	}

	// A repeat visit joins the petition's matter.
	again := url.Values{"csrf": {csrf}, "visit_ref": {"LT-T2"}, "name": {denouncer}, "people": {"1"}, "join": {"DON-T1"}}
	if status, page, _ = rec.Do("POST", "/desk/visits", again); status != http.StatusSeeOther {
		t.Errorf("a repeat visit: %d %s", status, page)
	}

	// The search finds a citizen without diacritics, with earlier visits,
	// and a new petition of theirs is flagged as a likely duplicate. (A
	// denouncer, or the petitioner of a petition not classified yet, is
	// never found by name: the store leaves their names out.)
	other := url.Values{"csrf": {csrf}, "petition_ref": {"DON-T3"}, "visit_ref": {"LT-T3"}, "name": {"Lê Văn Tám"},
		"people": {"2"}, "summary": {"Khiếu nại quyết định thu hồi đất"}, "type": {"complaint"}, "field": {"land"}, "eligible": {"1"}}
	if status, page, _ = rec.Do("POST", "/desk/visits", other); status != http.StatusSeeOther {
		t.Errorf("a second petition: %d %s", status, page)
	}
	_, page, _ = rec.Do("GET", "/desk?q="+url.QueryEscape("le van tam"), nil)
	for _, want := range []string{"DON-T3", "Có thể trùng đơn", "2 người", "/desk?petition=DON-T3"} {
		if !strings.Contains(page, want) {
			t.Errorf("the desk's search lacks %q", want)
		}
	}
	dup := url.Values{"csrf": {csrf}, "petition_ref": {"DON-T4"}, "visit_ref": {"LT-T4"}, "name": {"LÊ VĂN TÁM"},
		"people": {"1"}, "summary": {"Khiếu nại lần nữa"}}
	status, page, _ = rec.Do("POST", "/desk/visits", dup)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Công dân này đã có đơn DON-T3") || !strings.Contains(page, "Khiếu nại lần nữa") {
		t.Errorf("a likely duplicate: %d", status)
	}
	dup.Set("confirm_new", "1")
	if status, _, _ = rec.Do("POST", "/desk/visits", dup); status != http.StatusSeeOther {
		t.Errorf("a new petition confirmed: %d", status)
	}

	// The head's inbox lists it, masked; accepting and resolving from there.
	head := e.Browser("head").Login()
	_, page, _ = head.Do("GET", "/inbox", nil)
	if !strings.Contains(page, "DON-T1") || !strings.Contains(page, cases.MaskedName) || !strings.Contains(page, "Thụ lý") {
		t.Errorf("the inbox: %.2000s", page)
	}
	hcsrf := head.CSRF()
	status, _, h = head.Do("POST", "/petitions/DON-T1/events", url.Values{"csrf": {hcsrf}, "op": {"accept"}, "back": {"/inbox"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/inbox?") {
		t.Errorf("accept from the inbox: %d %q", status, h.Get("Location"))
	}
	// The inbox it returns to says what was recorded.
	if _, page, _ = head.Do("GET", h.Get("Location"), nil); !strings.Contains(webtest.Text(page), "Đã ghi: Thụ lý — đơn DON-T1.") {
		t.Errorf("no confirmation after Thụ lý: %.1500s", webtest.Text(page))
	}
	status, page, _ = head.Do("POST", "/petitions/DON-T1/events", url.Values{"csrf": {hcsrf}, "op": {"extend"}, "days": {"99"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Phải từ 1 đến 30.") || !strings.Contains(page, `value="99"`) {
		t.Errorf("a refused extension: %d", status)
	}
	status, _, _ = head.Do("POST", "/petitions/DON-T1/events", url.Values{"csrf": {hcsrf}, "op": {"resolve"},
		"verdict": {"partly_correct"}, "decision": {"123/QĐ-UBND"}, "back": {"/inbox"}})
	if status != http.StatusSeeOther {
		t.Errorf("resolve: %d", status)
	}
	_, page, _ = head.Do("GET", "/petitions/DON-T1", nil)
	// DON-T1 is a denunciation: its conclusion (kết luận), not a decision,
	// is carried out (SPEC §9).
	for _, want := range []string{"Diễn biến", "Đúng một phần", "kết luận số 123/QĐ-UBND", "Thực hiện kết luận", "due-done"} {
		if !strings.Contains(page, want) {
			t.Errorf("the petition page lacks %q", want)
		}
	}
	if strings.Contains(page, `value="accept"`) {
		t.Errorf("the petition page offers an event the workflow refuses")
	}

	// The reporter reads it in the report.
	rep := e.Browser("reporter").Login()
	status, page, _ = rep.Do("GET", "/reports?period=2026-Q4", nil)
	if status != http.StatusOK {
		t.Fatalf("report: %d %.500s", status, page)
	}
	for _, want := range []string{"Nội dung mục II.6", "<svg", "Cùng kỳ năm trước", "Đúng một phần", "section6.json?period=2026-Q4"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report page lacks %q", want)
		}
	}
	status, page, _ = rep.Do("GET", "/reports?period=2026-Q9", nil)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "Kỳ báo cáo không hợp lệ") || !strings.Contains(page, "2026-Q9") {
		t.Errorf("a wrong period: %d", status)
	}
	status, body, h := rep.Do("GET", "/reports/section6.json?period=2026-Q4", nil)
	if status != http.StatusOK || !strings.Contains(h.Get("Content-Disposition"), "attachment") || !strings.Contains(body, `"version": 1`) {
		t.Errorf("the JSON download: %d %q", status, h.Get("Content-Disposition"))
	}
	if status, _, _ = rep.Do("GET", "/desk", nil); status != http.StatusForbidden {
		t.Errorf("the reporter at the desk: %d", status)
	}
	if status, _, _ = rep.Do("GET", "/inbox", nil); status != http.StatusForbidden {
		t.Errorf("the reporter's inbox: %d", status)
	}

	// Admin.
	adm := e.Browser("admin").Login()
	status, page, _ = adm.Do("GET", "/admin?year=2026", nil)
	for _, want := range []string{"head-ld", "Phòng Tài nguyên và Môi trường", "Bảng ngày nghỉ năm 2026", "Ngày tiếp công dân định kỳ"} {
		if status != http.StatusOK || !strings.Contains(page, want) {
			t.Errorf("the admin page (%d) lacks %q", status, want)
		}
	}
	if status, _, _ = rec.Do("GET", "/admin", nil); status != http.StatusForbidden {
		t.Errorf("reception at the admin page: %d", status)
	}
	if status, body, h := rec.Do("GET", "/static/app.css", nil); status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/css") || !strings.Contains(body, "@media print") {
		t.Errorf("the stylesheet: %d %q", status, h.Get("Content-Type"))
	}

	for _, user := range []string{"head", "reporter"} {
		for _, form := range []string{denouncer, cases.Fold(denouncer)} {
			if strings.Contains(e.Bodies[user].String(), form) {
				t.Errorf("%s read the denouncer's name %q", user, form)
			}
		}
	}
}

// loginAs logs b in as name with password and returns the answer's status
// and where it sends.
func loginAs(t *testing.T, b *webtest.Browser, name, password string) (int, string) {
	t.Helper()
	_, page, _ := b.Do("GET", "/login", nil)
	m := webtest.CSRFInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("login page: %.300s", page)
	}
	status, _, h := b.Do("POST", "/login", url.Values{"csrf": {m[1]}, "name": {name}, "password": {password}})
	return status, h.Get("Location")
}

// TestPagesAdminUsers adds, disables and enables accounts from the admin
// page: the rules of `tiepdan user add`, refusals in Vietnamese next to the
// field with what was typed kept (not the password), admins only.
func TestPagesAdminUsers(t *testing.T) {
	ctx := context.Background()
	e := webtest.New(t, "")
	adm := e.Browser("admin").Login()
	status, page, _ := adm.Do("GET", "/admin", nil)
	if status != http.StatusOK || !strings.Contains(page, `action="/admin/users"`) || !strings.Contains(page, `action="/admin/users/rec/disable"`) {
		t.Fatalf("the admin page's forms: %d %.500s", status, page)
	}
	if strings.Contains(page, `action="/admin/users/admin/disable"`) {
		t.Errorf("the admin page offers to disable the admin's own account")
	}
	csrf := webtest.CSRFInput.FindStringSubmatch(page)[1]
	const pw = "mật khẩu mới đủ dài"
	form := func(name, role, unit, p1, p2 string) url.Values {
		return url.Values{"csrf": {csrf}, "name": {name}, "role": {role}, "unit": {unit}, "password": {p1}, "password2": {p2}}
	}

	for _, c := range []struct {
		name           string
		form           url.Values
		msg            string
		keep           []string
		invalid, field string
	}{
		{"a bad name", form("Tiep Moi", "reception", "", pw, pw), "Tên đăng nhập gồm 1–64 ký tự", []string{`value="Tiep Moi"`, `value="reception" selected`}, "name", "name"},
		{"the importer's name", form("import", "reception", "", pw, pw), "Tên import dành cho việc nhập dữ liệu", []string{`value="import"`}, "name", "name"},
		{"a taken name", form("rec", "reception", "", pw, pw), "Tên đăng nhập rec đã có.", []string{`value="rec"`}, "name", "name"},
		{"a bad role", form("tiep.moi", "boss", "", pw, pw), "Chọn một vai trò trong danh sách.", []string{`value="tiep.moi"`}, "role", "role"},
		{"a head without a unit", form("truong.tnmt", "head", "", pw, pw), "Trưởng phòng, ban cần có đơn vị", []string{`value="truong.tnmt"`, `value="head" selected`}, "unit", "unit"},
		{"an unknown unit", form("truong.x", "head", "khong-co", pw, pw), "Đơn vị khong-co chưa có", []string{`value="truong.x"`, `value="khong-co"`}, "unit", "unit"},
		{"the committee as a unit", form("truong.x", "head", "own", pw, pw), "Đây là chính cơ quan", []string{`value="own"`}, "unit", "unit"},
		{"a unit for a reception officer", form("tiep.moi", "reception", "tnmt", pw, pw), "Chỉ trưởng phòng, ban mới gắn với một đơn vị.", []string{`value="tnmt"`}, "unit", "unit"},
		{"a short password", form("tiep.moi", "reception", "", "ngan", "ngan"), "Mật khẩu cần ít nhất 10 ký tự.", []string{`value="tiep.moi"`, `value="reception" selected`}, "password", "password"},
		{"passwords that differ", form("tiep.moi", "reception", "", pw, pw+"x"), "Hai lần nhập mật khẩu không khớp.", []string{`value="tiep.moi"`}, "password2", "password2"},
	} {
		status, page, _ := adm.Do("POST", "/admin/users", c.form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(page, c.msg) {
			t.Errorf("%s: %d, want 422 and %q", c.name, status, c.msg)
		}
		for _, want := range c.keep {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the form lost %s", c.name, want)
			}
		}
		if !regexp.MustCompile(`name="` + c.field + `"[^>]*class="invalid"`).MatchString(page) {
			t.Errorf("%s: the field %s is not marked", c.name, c.field)
		}
		if strings.Contains(page, "ngan") && c.name == "a short password" || strings.Contains(page, pw) {
			t.Errorf("%s: the page shows a typed password", c.name)
		}
	}
	if _, err := e.DB.User(ctx, "tiep.moi"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("a refused form recorded an account: %v", err)
	}

	// Added, the reception officer logs in with the password typed.
	status, _, h := adm.Do("POST", "/admin/users", form("tiep.moi", "reception", "", pw, pw))
	if status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/admin?ok=") {
		t.Fatalf("add an account: %d %q", status, h.Get("Location"))
	}
	u, err := e.DB.User(ctx, "tiep.moi")
	if err != nil || u.Role != "reception" || u.Unit != "" || u.Disabled || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		t.Fatalf("the account added: %+v %v", u, err)
	}
	_, page, _ = adm.Do("GET", h.Get("Location"), nil)
	if !strings.Contains(page, "Đã thêm tài khoản tiep.moi.") {
		t.Errorf("the admin page does not say the account was added")
	}
	newcomer := e.Browser("tiep.moi")
	if status, to := loginAs(t, newcomer, "tiep.moi", pw); status != http.StatusSeeOther || to != "/" {
		t.Fatalf("the new account's login: %d %q", status, to)
	}
	if status, _, _ := newcomer.Do("GET", "/desk", nil); status != http.StatusOK {
		t.Errorf("the new reception officer at the desk: %d", status)
	}
	if status, _, _ := adm.Do("POST", "/admin/users", form("truong.tnmt", "head", "tnmt", pw, pw)); status != http.StatusSeeOther {
		t.Errorf("add a head: %d", status)
	}

	// Disabled, the account's session ends and it logs in no more; enabled,
	// it does again.
	if status, _, _ := adm.Do("POST", "/admin/users/tiep.moi/disable", url.Values{"csrf": {csrf}}); status != http.StatusSeeOther {
		t.Fatalf("disable: %d", status)
	}
	if status, _, h := newcomer.Do("GET", "/desk", nil); status != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Errorf("a disabled account's session: %d %q", status, h.Get("Location"))
	}
	if status, _ := loginAs(t, e.Browser("tiep.moi"), "tiep.moi", pw); status == http.StatusSeeOther {
		t.Errorf("a disabled account logged in")
	}
	if status, _, _ := adm.Do("POST", "/admin/users/tiep.moi/enable", url.Values{"csrf": {csrf}}); status != http.StatusSeeOther {
		t.Fatalf("enable: %d", status)
	}
	if status, to := loginAs(t, e.Browser("tiep.moi"), "tiep.moi", pw); status != http.StatusSeeOther || to != "/" {
		t.Errorf("an enabled account's login: %d %q", status, to)
	}
	if status, page, _ := adm.Do("POST", "/admin/users/admin/disable", url.Values{"csrf": {csrf}}); status != http.StatusUnprocessableEntity || !strings.Contains(page, "Không thể tự khóa") {
		t.Errorf("an admin disabling their own account: %d", status)
	}
	if status, _, _ := adm.Do("POST", "/admin/users/khong-co/disable", url.Values{"csrf": {csrf}}); status != http.StatusNotFound {
		t.Errorf("disable an unknown account: %d", status)
	}
	// Without the CSRF token, nothing.
	if status, _, _ := adm.Do("POST", "/admin/users", url.Values{"name": {"khong.csrf"}, "role": {"reception"}, "password": {pw}, "password2": {pw}}); status != http.StatusForbidden {
		t.Errorf("a form without its CSRF token: %d", status)
	}

	// Others than an admin get 403 and change nothing.
	rec := e.Browser("rec").Login()
	rcsrf := rec.CSRF()
	if status, _, _ := rec.Do("POST", "/admin/users", url.Values{"csrf": {rcsrf}, "name": {"rec.moi"}, "role": {"admin"}, "password": {pw}, "password2": {pw}}); status != http.StatusForbidden {
		t.Errorf("reception adding an account: %d", status)
	}
	if status, _, _ := rec.Do("POST", "/admin/users/tiep.moi/disable", url.Values{"csrf": {rcsrf}}); status != http.StatusForbidden {
		t.Errorf("reception disabling an account: %d", status)
	}
	if _, err := e.DB.User(ctx, "rec.moi"); cases.ErrorCode(err) != cases.ENotFound {
		t.Errorf("reception added an account: %v", err)
	}
	if u, _ := e.DB.User(ctx, "tiep.moi"); u.Disabled {
		t.Errorf("reception disabled an account")
	}
}
