package kestra

import (
	"errors"
	"fmt"
)

// Error codes. The API maps them to HTTP statuses.
const (
	ECONFLICT       = "conflict"        // 409: illegal state, duplicate
	EGONE           = "gone"            // 410: expired (KV)
	EINTERNAL       = "internal"        // 500
	EINVALID        = "invalid"         // 4xx: malformed or invalid input
	ENOTFOUND       = "not_found"       // 404
	ENOTIMPLEMENTED = "not_implemented" // 501
	EUNAUTHORIZED   = "unauthorized"    // 401
)

// Error is an application error with a machine-readable code and a message
// that is safe to show to the API's callers.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("kestra error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for a
// nil error and EINTERNAL for any other error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, ""
// for a nil error and a generic message for any other error, so internal
// details are never shown to callers.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
