package msgraph

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors, for errors.Is. Every error of this package that stems
// from configuration or from Graph's answer is an *Error whose Kind is one
// of these and whose message says what to fix.
var (
	// ErrConfig: the Config itself is incomplete or inconsistent.
	ErrConfig = errors.New("invalid Graph configuration")
	// ErrCredentials: the sign-in host refused the secret or certificate.
	ErrCredentials = errors.New("credentials refused")
	// ErrUnknownTenant: the sign-in host knows no such tenant.
	ErrUnknownTenant = errors.New("unknown tenant")
	// ErrUnknownApp: the tenant has no such application.
	ErrUnknownApp = errors.New("unknown application")
	// ErrSignIn: any other refusal by the sign-in host.
	ErrSignIn = errors.New("sign-in failed")
	// ErrUnauthorized: Graph refused the access token (401).
	ErrUnauthorized = errors.New("access token refused")
	// ErrPermission: Graph answered 403; the app lacks CallRecords.Read.All.
	ErrPermission = errors.New("permission missing")
	// ErrUnreachable: a host could not be reached at all.
	ErrUnreachable = errors.New("host unreachable")
	// ErrThrottled: Graph kept throttling after every retry allowed, or
	// asked for a longer pause than Config.Retry.MaxRetryAfter.
	ErrThrottled = errors.New("throttled")
	// ErrNotFound: no such record (older than 30 days, or not yet made).
	ErrNotFound = errors.New("not found")
	// ErrPageLoop: a nextLink led back to a page already fetched.
	ErrPageLoop = errors.New("paging loop")
	// ErrTooManyPages: a walk went past Config.MaxPages.
	ErrTooManyPages = errors.New("too many pages")
	// ErrBadResponse: Graph answered something that could not be read, or
	// with an HTTP status this package does not expect.
	ErrBadResponse = errors.New("unexpected response")
	// ErrVersionChanged: the record was republished while it was being
	// fetched, every time it was tried.
	ErrVersionChanged = errors.New("record changed while fetching")
)

// Error is a failure with a plain message. Kind is the sentinel it
// matches; Status and Code are Graph's or the sign-in host's answer where
// there was one, RequestID Graph's request-id header (what Microsoft
// support asks for), RetryAfter how long Graph asked to wait when it
// throttled.
type Error struct {
	Kind       error
	Message    string
	Status     int
	Code       string
	RequestID  string
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	msg := e.Message
	if e.RequestID != "" {
		msg += " (request-id " + e.RequestID + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is matches the sentinel Kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

func configError(format string, args ...any) error {
	return &Error{Kind: ErrConfig, Message: fmt.Sprintf(format, args...)}
}
