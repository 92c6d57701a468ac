package web

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
)

// Desk reports whether the user works at the reception desk (the desk page
// and its commands): reception officers, leaders and admins.
func (u *User) Desk() bool { return u.may(cases.OpVisit) }

// Inbox reports whether the user acts on routed petitions (the inbox page):
// heads, leaders and admins.
func (u *User) Inbox() bool { return u.may(cases.OpAccept) }

// static serves the embedded CSS and script. They change only with the
// binary, so browsers may keep them for an hour.
func (s *Server) staticHandler() gin.HandlerFunc {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix("/static", http.FileServerFS(sub))
	return func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=3600")
		c.Header("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(c.Writer, c.Request)
	}
}

// newRef returns a ref for something a page creates: prefix, the day, and
// six random letters and digits ("DON-20260309-K7Q2XM"). The form carries it
// from the moment it is shown, so that a form sent twice is one command
// applied once.
func newRef(prefix string, now time.Time) string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return prefix + "-" + now.In(cases.Zone).Format("20060102") + "-" + string(b)
}

// localMinute is t as a datetime-local input shows it, in +07:00.
func localMinute(t time.Time) string { return t.In(cases.Zone).Format("2006-01-02T15:04") }

// parseLocal reads a datetime-local value in +07:00.
func parseLocal(v string) (time.Time, error) {
	return time.ParseInLocation("2006-01-02T15:04", v, cases.Zone)
}

// fieldErrors are the Vietnamese messages of a refused form, by field; ""
// holds what concerns the whole form.
type fieldErrors map[string]string

func (fe fieldErrors) add(field, msg string) {
	if _, ok := fe[field]; !ok {
		fe[field] = msg
	}
}

// viMessages translate the refusals of cases, workflow and storage (written in
// English for the API and the logs) into what an office reads next to a
// field. The first pattern that matches wins.
var viMessages = []struct {
	re *regexp.Regexp
	vi func(m []string) string
}{
	{regexp.MustCompile(`is required`), func([]string) string { return "Chưa nhập: mục này bắt buộc." }},
	{regexp.MustCompile(`lies in the future`), func([]string) string { return "Thời điểm không được muộn hơn hiện tại." }},
	{regexp.MustCompile(`is longer than (\d+) characters`), func(m []string) string { return "Dài quá " + m[1] + " ký tự." }},
	{regexp.MustCompile(`must be between (\d+) and (\d+)`), func(m []string) string { return "Phải từ " + m[1] + " đến " + m[2] + "." }},
	{regexp.MustCompile(`is not a date and time`), func([]string) string { return "Thời điểm không đúng dạng ngày giờ." }},
	{regexp.MustCompile(`is not a number`), func([]string) string { return "Phải là một số." }},
	{regexp.MustCompile(`earlier than the petition's previous event`), func([]string) string {
		return "Thời điểm không được sớm hơn sự kiện trước đó của đơn."
	}},
	{regexp.MustCompile(`classified not eligible`), func([]string) string {
		return "Đơn đã phân loại là không đủ điều kiện xử lý: chỉ chuyển được cơ quan tư pháp hoặc cơ quan khác."
	}},
	{regexp.MustCompile(`is a unit of kind`), func([]string) string {
		return "Đơn vị không đúng nơi chuyển: phòng, ban cho «Thuộc thẩm quyền», UBND cấp dưới cho «Cấp dưới»."
	}},
	{regexp.MustCompile(`^unit .* not found`), func([]string) string { return "Không có đơn vị mang mã này." }},
	{regexp.MustCompile(`^session .* not found`), func([]string) string { return "Không có kỳ tiếp này." }},
	{regexp.MustCompile(`not found`), func([]string) string { return "Không tìm thấy." }},
	{regexp.MustCompile(`is resolved with`), func([]string) string {
		return "Kết quả không hợp với loại đơn: khiếu nại, tố cáo là Đúng, Sai hoặc Đúng một phần; kiến nghị, phản ánh là Đã trả lời."
	}},
	{regexp.MustCompile(`already recorded`), func([]string) string { return "Đã được ghi nhận trước đó." }},
	{regexp.MustCompile(`of its own kind|was held on`), func([]string) string {
		return "Kỳ tiếp không hợp với lượt tiếp (loại hoặc ngày khác)."
	}},
}

// viError is err as a page shows it: the form field at fault (as the
// command names it) and a Vietnamese message. Internal errors say nothing of
// their cause.
func viError(err error) (field, msg string) {
	var ce *cases.Error
	if !errors.As(err, &ce) || ce.Code == cases.EInternal {
		return "", "Lỗi hệ thống: thao tác chưa được ghi. Xin thử lại; nếu vẫn lỗi, báo quản trị hệ thống."
	}
	if ce.MessageVI != "" {
		// A rule of the law and its dates, said by the rule itself.
		return ce.Field, ce.MessageVI
	}
	if ce.Code == cases.EConflict && len(ce.Allowed) > 0 || strings.Contains(ce.Message, "is not allowed") {
		return ce.Field, conflictVI(ce)
	}
	if ce.MessageVI != "" {
		return ce.Field, ce.MessageVI
	}
	for _, m := range viMessages {
		if sub := m.re.FindStringSubmatch(ce.Message); sub != nil {
			return ce.Field, m.vi(sub)
		}
	}
	switch ce.Code {
	case cases.EForbidden:
		return ce.Field, "Bạn không có quyền thực hiện thao tác này."
	case cases.EConflict:
		return ce.Field, "Thao tác mâu thuẫn với dữ liệu đã ghi."
	}
	return ce.Field, "Giá trị không hợp lệ."
}

// conflictVI explains a workflow refusal in Vietnamese: the petition's state
// is not one its event may leave, and the events it may.
func conflictVI(ce *cases.Error) string {
	var b strings.Builder
	b.WriteString("Trạng thái hiện tại của đơn không cho phép thao tác này")
	if why := ce.Message; strings.Contains(why, "only complaints and denunciations are accepted") {
		b.WriteString(" (chỉ thụ lý khiếu nại, tố cáo)")
	} else if strings.Contains(why, "extended") {
		b.WriteString(" (chỉ gia hạn tố cáo phức tạp, tối đa số lần luật cho phép)")
	} else if strings.Contains(why, "resolved only after it is accepted") {
		b.WriteString(" (khiếu nại, tố cáo phải thụ lý trước khi giải quyết)")
	}
	if len(ce.Allowed) > 0 {
		labels := make([]string, len(ce.Allowed))
		for i, a := range ce.Allowed {
			labels[i] = cases.Op(a).Label()
		}
		fmt.Fprintf(&b, ". Được phép: %s", strings.Join(labels, ", "))
	}
	b.WriteString(".")
	return b.String()
}
