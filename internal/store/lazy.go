package store

import (
	"context"

	"github.com/callscope/callscope/internal/model"
)

// LazyCall is a stored call read without its sessions' segments, which
// are most of a record's bytes (media, streams, networks, devices): a view
// of one page of a town hall's sessions decodes that page's segments, not
// the megabytes of the rest. Everything else of the call — its facts,
// organizer and participant lists, and each session's endpoints, times,
// rating and issues — is in Call.
type LazyCall struct {
	// Call is the call, each session's Segments nil until loaded.
	Call *model.Call
	// Load fills in the segments of the sessions at the given indexes
	// of Call.Sessions.
	Load func(sessions []int) error
}

// LazyCallReader is a store that reads calls lazily.
type LazyCallReader interface {
	// LazyCall is Store.Call, the segments left for later.
	LazyCall(ctx context.Context, tenant, id string) (*LazyCall, error)
}
