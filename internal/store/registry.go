package store

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// OpenFunc opens a store from a DSN that starts with the prefix it was
// registered under; the DSN is passed whole, prefix included.
type OpenFunc func(ctx context.Context, dsn string, opts OpenOptions) (Store, error)

// EmbeddedPrefix is the prefix of the embedded store. A DSN that is a
// plain file path goes to the backend registered under it.
const EmbeddedPrefix = "duckdb:"

var (
	regMu    sync.RWMutex
	registry = map[string]OpenFunc{}
)

// Register makes a backend available under a DSN prefix ("duckdb:",
// "postgres://"). Backends call it from init, so that a blank import of
// the backend package is all a binary needs. Registering a prefix twice
// replaces the earlier backend.
func Register(prefix string, open OpenFunc) {
	regMu.Lock()
	defer regMu.Unlock()
	registry[prefix] = open
}

// urlLike matches a DSN that names a scheme ("postgres://…"), as opposed
// to a file path, which may contain a colon (C:\data\callscope.db).
var urlLike = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// Open opens the store a DSN names: a registered prefix picks its backend
// (the longest one that matches wins); a plain file path opens the
// embedded store at that path.
func Open(ctx context.Context, dsn string) (Store, error) {
	return OpenWith(ctx, dsn, OpenOptions{})
}

// OpenOptions tune how a store is opened, for the work at hand; the zero
// value is each backend's default.
type OpenOptions struct {
	// MemoryLimit bounds the memory of an engine that runs inside the
	// process (the embedded store), in its own notation ("160MB", "1GB").
	MemoryLimit string
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, dsn string, opts OpenOptions) (Store, error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, fmt.Errorf("open store: empty DSN: %w", ErrInvalid)
	}
	regMu.RLock()
	prefixes := make([]string, 0, len(registry))
	for p := range registry {
		prefixes = append(prefixes, p)
	}
	regMu.RUnlock()
	sort.Slice(prefixes, func(i, j int) bool { return len(prefixes[i]) > len(prefixes[j]) })
	for _, p := range prefixes {
		if strings.HasPrefix(dsn, p) {
			return openWith(ctx, p, dsn, opts)
		}
	}
	if urlLike.MatchString(dsn) {
		return nil, fmt.Errorf("open store %s: no backend for this kind of DSN; use a file path for the embedded store: %w", redactDSN(dsn), ErrUnsupported)
	}
	return openWith(ctx, EmbeddedPrefix, EmbeddedPrefix+dsn, opts)
}

func openWith(ctx context.Context, prefix, dsn string, opts OpenOptions) (Store, error) {
	regMu.RLock()
	open, ok := registry[prefix]
	regMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("open store %s: no %q backend linked into this binary: %w", redactDSN(dsn), prefix, ErrUnsupported)
	}
	return open(ctx, dsn, opts)
}

// redactDSN drops a password from a URL-style DSN before it goes into an
// error message.
func redactDSN(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return dsn
	}
	userinfo, host, ok := strings.Cut(rest, "@")
	if !ok || strings.Contains(userinfo, "/") {
		return dsn
	}
	if user, _, hasPass := strings.Cut(userinfo, ":"); hasPass {
		return scheme + "://" + user + ":xxxxx@" + host
	}
	return dsn
}
