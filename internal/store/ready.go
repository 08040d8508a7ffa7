package store

import "context"

// Readier is a store that can say whether it is ready to serve: it
// answers, and its schema is the one this callscope knows (every
// migration done, none newer). A server's readiness probe asks it.
type Readier interface {
	Ready(ctx context.Context) error
}
