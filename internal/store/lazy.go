package store

import (
	"context"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

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

// SplitLazyCall reads a call kept split (SplitDetail) for a view: head
// is its decompressed head, and chunk returns the compressed chunk n of
// its sessions' segments (nil when there is none), called for each
// chunk the first time a session of it is loaded.
func SplitLazyCall(head []byte, chunk func(n int) ([]byte, error)) (*LazyCall, error) {
	var c model.Call
	if err := model.DecodeJSON(head, &c); err != nil {
		return nil, fmt.Errorf("decode stored call: %w", err)
	}
	chunks := map[int][]jsontext.Value{}
	return &LazyCall{Call: &c, Load: func(sessions []int) error {
		for _, i := range sessions {
			if i < 0 || i >= len(c.Sessions) {
				continue
			}
			n := i / SplitSessions
			segs, ok := chunks[n]
			if !ok {
				z, err := chunk(n)
				if err != nil {
					return fmt.Errorf("call %s: sessions from %d: %w", c.ID, n*SplitSessions, err)
				}
				if z != nil {
					raw, err := DecompressDetail(z)
					if err == nil {
						err = jsonv2.Unmarshal(raw, &segs)
					}
					if err != nil {
						return fmt.Errorf("call %s: sessions from %d: %w", c.ID, n*SplitSessions, err)
					}
				}
				chunks[n] = segs
			}
			if at := i % SplitSessions; at < len(segs) && segs[at] != nil {
				if err := DecodeSegments(&c, i, segs[at]); err != nil {
					return err
				}
				segs[at] = nil
			}
		}
		return nil
	}}, nil
}
