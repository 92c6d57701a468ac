package cases

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer. web maps them to HTTP statuses in one place;
// the command line maps them to exit statuses.
const (
	EInvalid   = "invalid"   // the input is malformed or lacks a field
	EConflict  = "conflict"  // the workflow or an earlier command refuses it
	ENotFound  = "not_found" // a ref names nothing recorded
	EForbidden = "forbidden" // the user's role does not allow it
	EInternal  = "internal"  // a fault of ours; its text is for logs only
	// EUnavailable: the database cannot be written now (disk full,
	// read-only, I/O error). Nothing was written; its message says why.
	EUnavailable = "unavailable"
)

// Error is the application error. Message is safe to show to users; Field names
// the input field at fault when there is one.
type Error struct {
	Code    string
	Field   string
	Message string
	// MessageVI is Message in Vietnamese, for a refusal that names a rule of
	// the law or a unit and its dates: the pages show it as it is, the API
	// beside Message (message_vi). Empty for the other errors, which the
	// pages translate themselves.
	MessageVI string
	// Allowed lists the events the workflow allows now, for conflicts.
	Allowed []string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an application error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an invalid-input error that names the field at fault.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// VI sets the error's Vietnamese message and returns the error.
func (e *Error) VI(format string, args ...any) *Error {
	e.MessageVI = fmt.Sprintf(format, args...)
	return e
}

// ErrorCode returns the code of the application error in err's chain, or
// EInternal when there is none.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-safe message of err: the application error's
// message, or a generic sentence for internal errors.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EInternal {
		return e.Error()
	}
	return "internal error"
}
