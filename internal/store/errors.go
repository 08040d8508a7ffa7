package store

import (
	"errors"
	"fmt"
)

// Sentinel errors. Backends wrap them, so callers test with errors.Is and
// still get a message that says which call, file or DSN was involved.
var (
	// ErrNotFound: the tenant has no such call, or the store no such
	// token.
	ErrNotFound = errors.New("not found")
	// ErrLocked: another process holds the store. The embedded store is
	// opened by one process at a time; see LockedError.
	ErrLocked = errors.New("store is locked")
	// ErrUnsupported: no backend handles the DSN.
	ErrUnsupported = errors.New("unsupported store")
	// ErrSchemaTooNew: the store was written by a newer callscope, whose
	// schema this binary does not know; opening it could damage it.
	ErrSchemaTooNew = errors.New("store schema is newer than this callscope")
	// ErrInvalid: the request cannot be served as given (no tenant, a call
	// without an id, a negative limit…).
	ErrInvalid = errors.New("invalid store request")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("store is closed")
	// ErrConflict: a write would store a second item under a key that must
	// stay unique (a token id or secret hash already taken). Tables of the
	// embedded store have no keys, so the store checks this itself rather
	// than leave two tokens that answer to one id.
	ErrConflict = errors.New("already stored")
)

// LockedError reports that another process holds the store, naming it
// when the backend can tell, so that the user knows what to stop.
type LockedError struct {
	// Path is the store as the user named it.
	Path string
	// PID is the holder's process id, 0 if unknown.
	PID int
	// Err is the backend's own error, if any.
	Err error
}

func (e *LockedError) Error() string {
	holder := "another process"
	if e.PID > 0 {
		holder = fmt.Sprintf("another process (PID %d)", e.PID)
	}
	return fmt.Sprintf("store %s is in use by %s; stop it first, or work through it if it is a callscope server", e.Path, holder)
}

// Unwrap lets errors.Is find ErrLocked and the backend's cause.
func (e *LockedError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrLocked}
	}
	return []error{ErrLocked, e.Err}
}
