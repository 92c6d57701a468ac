package web

import (
	"errors"
	"net/http"

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
}

// statusOf is the HTTP status of err.
func statusOf(err error) int {
	if s, ok := statuses[cases.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// apiError is the JSON of an error: {"error": {"code", "message", "field"}},
// with the petition's state and the events allowed now when the workflow
// refused an event, and the message in Vietnamese (message_vi) when the
// refusal names a rule of the law.
type apiError struct {
	Code      string      `json:"code"`
	Message   string      `json:"message"`
	MessageVI string      `json:"message_vi,omitempty"`
	Field     string      `json:"field"`
	State     cases.State `json:"state,omitempty"`
	Allowed   *[]cases.Op `json:"allowed,omitempty"`
}

// errorOf is err as users may read it: an internal error's text is replaced
// by a generic sentence (the log keeps it).
func errorOf(err error) apiError {
	e := apiError{Code: cases.ErrorCode(err), Message: cases.ErrorMessage(err)}
	var ce *cases.Error
	if errors.As(err, &ce) && e.Code != cases.EInternal {
		e.Field, e.MessageVI = ce.Field, ce.MessageVI
	}
	if _, ok := statuses[e.Code]; !ok {
		e.Code, e.Message, e.MessageVI, e.Field = cases.EInternal, "internal error", "", ""
	}
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
