package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/callscope/callscope/internal/store"
)

// Error codes of the error body, stable for clients to branch on.
const (
	codeBadRequest       = "bad_request"
	codeUnauthenticated  = "unauthenticated"
	codeForbidden        = "forbidden"
	codeNotFound         = "not_found"
	codeMethodNotAllowed = "method_not_allowed"
	codeTooLarge         = "payload_too_large"
	codeInternal         = "internal"
	codeUnavailable      = "unavailable"
	codeInvalidFile      = "invalid_file"
)

// apiError is an error a handler answers with: a status, a stable code
// and a message fit for the client. The cause, if any, is logged and
// never sent.
type apiError struct {
	status  int
	code    string
	message string
	// problems locate what is wrong in an uploaded file, line by line.
	problems []problemDetail
	more     int
	cause    error
}

func (e *apiError) Error() string {
	if e.cause != nil {
		return fmt.Sprintf("%d %s: %s: %v", e.status, e.code, e.message, e.cause)
	}
	return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message)
}

func (e *apiError) Unwrap() error { return e.cause }

// badParam is a 400 that names the parameter, so a client knows what to
// fix.
func badParam(name, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: codeBadRequest,
		message: fmt.Sprintf("parameter %s: %s", name, fmt.Sprintf(format, args...))}
}

// notFound is the answer for anything the caller may not know exists,
// a tenant the token does not hold included.
func notFound(what string) *apiError {
	return &apiError{status: http.StatusNotFound, code: codeNotFound, message: what + " not found"}
}

func forbidden(message string) *apiError {
	return &apiError{status: http.StatusForbidden, code: codeForbidden, message: message}
}

func tooLarge(limit int64) *apiError {
	return &apiError{status: http.StatusRequestEntityTooLarge, code: codeTooLarge,
		message: fmt.Sprintf("request body larger than %d bytes", limit)}
}

// errorBody is the one shape of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"requestId"`
	// Problems are given for a file that was refused (code invalid_file):
	// each with its line and field; More counts those not listed.
	Problems []problemDetail `json:"problems,omitempty"`
	More     int             `json:"more,omitempty"`
}

// problemDetail is one problem of a refused file.
type problemDetail struct {
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// asAPIError turns any handler error into what the client is told:
// apiErrors as they are, a body over its limit as 413, everything else
// as 500 with a message that says nothing of the cause.
func asAPIError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(mbe.Limit)
	}
	if errors.Is(err, store.ErrClosed) {
		return &apiError{status: http.StatusServiceUnavailable, code: codeUnavailable,
			message: "the server is shutting down; try again shortly", cause: err}
	}
	return &apiError{status: http.StatusInternalServerError, code: codeInternal,
		message: "internal error; quote the request id when reporting it", cause: err}
}
