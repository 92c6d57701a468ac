package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/tiepdan/tiepdan/cases"
)

// Codes of web's own refusals, beside the cases codes.
const (
	eUnauthenticated = "unauthenticated" // no valid token or session
	eThrottled       = "throttled"       // too many failed logins
	eTooLarge        = "too_large"       // the body is over the limit
	eNoRoute         = "no_route"        // no such route
	eMethod          = "method_not_allowed"
)

// statuses maps every error code to its HTTP status: the one place where
// errors become statuses.
var statuses = map[string]int{
	cases.EInvalid:   http.StatusUnprocessableEntity,
	cases.EConflict:  http.StatusConflict,
	cases.ENotFound:  http.StatusNotFound,
	cases.EForbidden: http.StatusForbidden,
	cases.EInternal:  http.StatusInternalServerError,
	eUnauthenticated: http.StatusUnauthorized,
	eThrottled:       http.StatusTooManyRequests,
	eTooLarge:        http.StatusRequestEntityTooLarge,
	eNoRoute:         http.StatusNotFound,
	eMethod:          http.StatusMethodNotAllowed,

	// The database cannot be written now (disk full, read-only): nothing
	// was written, and the message says why in both languages.
	cases.EUnavailable: http.StatusServiceUnavailable,
}

// statusOf is the HTTP status of err.
func statusOf(err error) int {
	if s, ok := statuses[cases.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// apiError is the JSON of an error: {"error": {"code", "message",
// "message_vi", "field"}}, with the petition's state and the events allowed
// now when the workflow refused an event. message is English, for programs
// and logs; message_vi is what an office reads, the same sentence the pages
// show (viError).
type apiError struct {
	Code      string      `json:"code"`
	Message   string      `json:"message"`
	MessageVI string      `json:"message_vi"`
	Field     string      `json:"field"`
	State     cases.State `json:"state,omitempty"`
	Allowed   *[]cases.Op `json:"allowed,omitempty"`
}

// errorOf is err as users may read it: an internal error's text is replaced
// by a generic sentence (the log keeps it).
func errorOf(err error) apiError {
	e := apiError{Code: cases.ErrorCode(err), Message: cases.ErrorMessage(err)}
	if _, ok := statuses[e.Code]; !ok || e.Code == cases.EInternal {
		return apiError{Code: cases.EInternal, Message: "internal error", MessageVI: viInternal}
	}
	e.Field, e.MessageVI = viError(err)
	return e
}

// abortJSON answers an API request with err, logging internal errors with
// their text.
func (s *Server) abortJSON(c *gin.Context, err error) {
	s.abortAPIError(c, statusOf(err), errorOf(err), err)
}

func (s *Server) abortAPIError(c *gin.Context, status int, e apiError, err error) {
	c.Set(logCode, e.Code)
	if status >= 500 {
		c.Set(logErr, err)
	}
	if e.Field != "" {
		c.Set(logField, e.Field)
	}
	c.AbortWithStatusJSON(status, gin.H{"error": e})
}

func webError(code, message string) *cases.Error { return &cases.Error{Code: code, Message: message} }

// viInternal is what users read of an internal error, on a page or in
// message_vi: nothing of its cause, which only the log holds.
const viInternal = "Lỗi hệ thống: thao tác chưa được thực hiện. Xin thử lại; nếu vẫn lỗi, báo quản trị hệ thống."

// viByCode are the Vietnamese messages of the errors whose code says all a
// user needs: web's own refusals, and the last word of each cases code.
var viByCode = map[string]string{
	cases.ENotFound:  "Không tìm thấy: địa chỉ có thể bị gõ sai, hoặc đơn, đơn vị này không có trong hệ thống.",
	cases.EForbidden: "Vai trò của bạn không được mở trang này hoặc làm thao tác này.",
	cases.EConflict:  "Thao tác mâu thuẫn với dữ liệu đã ghi.",
	cases.EInvalid:   "Giá trị không hợp lệ.",
	eUnauthenticated: "Chưa đăng nhập, hoặc mã truy cập không đúng hay đã hết hạn.",
	eThrottled:       "Đăng nhập sai quá nhiều lần: xin chờ một lát rồi thử lại.",
	eTooLarge:        "Dữ liệu gửi lên quá lớn.",
	eNoRoute:         "Không có trang này: xin kiểm tra lại địa chỉ.",
	eMethod:          "Trang này không nhận thao tác này.",
}

// viNotFound says what a ref named that nothing recorded has, by the field
// of the command that named it.
var viNotFound = map[string]string{
	"petition":     "Không có đơn mang số này.",
	"duplicate_of": "Không có đơn mang số này.",
	"unit":         "Không có đơn vị mang mã này.",
	"parent":       "Không có đơn vị mang mã này.",
	"replaces":     "Không có đơn vị mang mã này.",
	"session":      "Không có kỳ tiếp này.",
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
	{regexp.MustCompile(`is not a month`), func([]string) string { return "Tháng không đúng dạng năm-tháng (ví dụ 2026-11)." }},
	{regexp.MustCompile(`is not a date`), func([]string) string { return "Ngày không đúng dạng (ví dụ 2026-11-25)." }},
	{regexp.MustCompile(`is before from`), func([]string) string { return "Ngày kết thúc không được trước ngày bắt đầu." }},
	{regexp.MustCompile(`^unknown query parameter "([^"]*)": .* takes (.*)$`), func(m []string) string {
		return "Không có tham số «" + m[1] + "»: danh sách đơn nhận " + m[2] + "."
	}},
	{regexp.MustCompile(`^q and search are one parameter`), func([]string) string {
		return "q và search là một tham số (từ cần tìm): chỉ ghi một."
	}},
	{regexp.MustCompile(`^unknown `), func([]string) string { return "Giá trị không có trong danh sách được chọn." }},
	{regexp.MustCompile(`is not a number of the reception book`), func([]string) string {
		return "Số trong sổ tiếp nhận phải viết dạng số/năm, ví dụ 125/2026."
	}},
	{regexp.MustCompile(`is a number of the book of (\d+), but the \w+ was received in (\d+)`), func(m []string) string {
		return "Số này thuộc sổ năm " + m[1] + ", nhưng ngày tiếp nhận là năm " + m[2] + "."
	}},
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
	{regexp.MustCompile(`is resolved with`), func([]string) string {
		return "Kết quả không hợp với loại đơn: khiếu nại, tố cáo là Đúng, Sai hoặc Đúng một phần; kiến nghị, phản ánh là Đã trả lời."
	}},
	{regexp.MustCompile(`already recorded`), func([]string) string { return "Đã được ghi nhận trước đó." }},
	{regexp.MustCompile(`of its own kind|was held on`), func([]string) string {
		return "Kỳ tiếp không hợp với lượt tiếp (loại hoặc ngày khác)."
	}},
}

// viError is err in Vietnamese, as the pages show it and the API gives it
// in message_vi: the field at fault (as the command names it) and the
// message. It is the one place where refusals are translated: the rule's
// own sentence when it has one (cases.Error.MessageVI), a workflow refusal
// with the events allowed, a ref not found by its field, then the English
// message's pattern (viMessages), and last what the code says. Internal
// errors say nothing of their cause.
func viError(err error) (field, msg string) {
	var ce *cases.Error
	if !errors.As(err, &ce) || ce.Code == cases.EInternal {
		return "", viInternal
	}
	if ce.MessageVI != "" {
		// A rule of the law and its dates, said by the rule itself.
		return ce.Field, ce.MessageVI
	}
	switch ce.Code {
	case cases.EInvalid, cases.EConflict, cases.ENotFound:
	default:
		// Forbidden, and web's own refusals: the code says it all.
		if vi, ok := viByCode[ce.Code]; ok {
			return ce.Field, vi
		}
		return ce.Field, viInternal
	}
	if ce.Code == cases.EConflict && len(ce.Allowed) > 0 || strings.Contains(ce.Message, "is not allowed") {
		return ce.Field, conflictVI(ce)
	}
	if vi, ok := viNotFound[ce.Field]; ok && ce.Code == cases.ENotFound {
		return ce.Field, vi
	}
	for _, m := range viMessages {
		if sub := m.re.FindStringSubmatch(ce.Message); sub != nil {
			return ce.Field, m.vi(sub)
		}
	}
	return ce.Field, viByCode[ce.Code]
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

// shownOnForm reports whether err is a refusal a page shows beside its form
// (bad input, a rule of the law or the workflow), rather than an error page:
// a forbidden action, a database that cannot be written, or a fault of ours.
func shownOnForm(err error) bool {
	code := cases.ErrorCode(err)
	return code != cases.EForbidden && code != cases.EInternal && code != cases.EUnavailable
}
