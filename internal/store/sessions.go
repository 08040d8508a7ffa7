package store

import (
	"context"
	"time"
)

// WebSession is a signed-in browser as a store keeps it. The store never
// holds what identifies the session to the browser, nor anything
// readable of it: IDHash is a hash of the session's id, and Sealed what
// the web server encrypted with a key only that id gives.
type WebSession struct {
	IDHash []byte
	Sealed []byte
	// Created and Seen bound the session's life.
	Created, Seen time.Time
}

// WebSessionStore keeps web sign-ins, so that they survive a restart and
// every process sharing the store serves the same browsers.
type WebSessionStore interface {
	// PutWebSession stores s, replacing the session of the same IDHash.
	PutWebSession(ctx context.Context, s WebSession) error
	// WebSession returns the session of idHash, or an error wrapping
	// ErrNotFound.
	WebSession(ctx context.Context, idHash []byte) (WebSession, error)
	// TouchWebSession records that the session was used at seen, and
	// reports whether it is stored; a session that is gone is no error.
	TouchWebSession(ctx context.Context, idHash []byte, seen time.Time) (bool, error)
	// DeleteWebSession ends a session; one that is gone is no error.
	DeleteWebSession(ctx context.Context, idHash []byte) error
	// PurgeWebSessions deletes the sessions last seen, or created,
	// before the given times, and returns how many went.
	PurgeWebSessions(ctx context.Context, seenBefore, createdBefore time.Time) (int, error)
}
