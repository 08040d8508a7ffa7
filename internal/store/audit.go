package store

import (
	"context"
	"time"
)

// AuditEntry records who looked at what, because personal call data may
// be read only by those whose role allows it, and an organization must be
// able to show afterwards who did.
//
// Times are kept to the microsecond and come back in UTC.
type AuditEntry struct {
	// Time is when it happened; zero means now, by the store's clock.
	Time time.Time
	// Actor is the name of the token used (Token.Name), or who ran a
	// command.
	Actor string
	// TokenID is the token's public id, "" when no token was used.
	TokenID string
	// Role is the role the actor acted in.
	Role string
	// Tenant is the tenant whose data was looked at or changed, "" for
	// what belongs to no tenant (creating a token for several).
	Tenant string
	// Action names what was done: "view-user-calls", "view-call",
	// "search-users", "upload", "token-create"…; required.
	Action string
	// Subject is what it was done to: the user looked up, the call id.
	Subject string
	// Detail is anything else worth keeping (a search text, a file name).
	Detail string
}

// AuditFilter selects audit entries. Zero fields select everything.
type AuditFilter struct {
	// Tenant keeps the entries of one tenant; "" keeps all.
	Tenant string
	// Since keeps entries at or after it; Until keeps entries before it.
	Since, Until time.Time
	// Actor keeps the entries of one actor, compared exactly.
	Actor string
	// Limit caps the number of entries (0: no cap); Offset skips that many
	// first. Negative values are invalid.
	Limit, Offset int
}

// AuditBatcher is implemented by stores that can append many audit
// entries in one write. A server that audits every request gathers its
// entries and writes them through it, since one write, and one commit,
// per request would cap how many requests it can serve.
type AuditBatcher interface {
	// AuditBatch appends entries as Audit would each, in order (entries
	// of the same Time come back in that order, later first), and
	// atomically: all of them or, on error, none. An entry without an
	// Action is ErrInvalid and nothing is written.
	AuditBatch(ctx context.Context, entries []AuditEntry) error
}

// AuditStore keeps the audit log. The log is append-only: nothing changes
// or deletes an entry except PurgeAudit, which retention calls, so that an
// entry cannot be edited away by someone who would rather not be seen.
type AuditStore interface {
	// Audit appends an entry; Action is required (ErrInvalid otherwise).
	Audit(ctx context.Context, e AuditEntry) error

	// AuditLog returns the entries matching f, newest first: by Time
	// descending and, for entries of the same time, the later-written
	// first.
	AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error)

	// PurgeAudit deletes the entries older than before (which must not be
	// zero: ErrInvalid), of every tenant, and returns how many went.
	PurgeAudit(ctx context.Context, before time.Time) (int, error)
}
