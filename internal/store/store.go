// Package store persists callscope's canonical model: calls (with their
// stream facts and people), ACS log records and usage rows, each under the
// tenant that observed it; and beside them what the server keeps for
// itself: API tokens, the audit log and settings.
//
// Backends live in sub-packages and register themselves by DSN prefix
// (see Register); this package holds only the contract, so that importing
// it never pulls a database driver, cgo included, into a build.
package store

import (
	"context"
	"io"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
)

// Store is callscope's storage. Every backend runs the conformance suite in
// package storetest, which is the executable form of this contract.
//
// Goroutine safety: all methods may be called concurrently. Writes may be
// serialized inside the backend; reads never wait for other reads.
//
// Tenant scope: every call, ACS record and usage row belongs to the tenant
// that observed it. Reads name one tenant and never return another
// tenant's data, even for a meeting both attended, which arrives as two
// calls with the same id. Only Stats, and retention's DeleteCalls, may
// span all tenants. Tokens, the audit log and settings belong to the
// installation rather than to a tenant: a token lists the tenants it may
// read, an audit entry names the tenant whose data was looked at, and
// AuditLog reads one tenant's entries or all of them.
//
// Idempotent writes: storing what is already stored changes nothing and
// reports model.Unchanged, so that ingesting the same input twice is
// harmless. Each Put method is atomic: either every item of the batch is
// stored or, on error, none is.
//
// Version order: an older version never replaces a newer one, whatever
// order the versions arrive in (model.Older). For calls the rules are
// model.Reconcile's; ACS records and usage rows follow the rules written on
// their methods. Items of one batch are applied in order, so a batch may
// hold several versions of one call.
type Store interface {
	// PutCalls stores calls, each under its own Tenant (required, as is
	// the ID). Each call is reconciled with the stored copy of the same
	// tenant and id by model.Reconcile, content compared by canonical JSON
	// encoding; the call that results is written together with its stream
	// facts (model.Facts) and people (model.People), which replace the
	// previous ones whole. It returns one outcome per call, in order.
	PutCalls(ctx context.Context, calls []*model.Call) ([]model.Outcome, error)

	// PutACSRecords stores ACS log records of one tenant, keyed by
	// (tenant, correlation id, Key). A higher Version replaces the stored
	// record (Replaced); a lower one is skipped (Older); the same version
	// with the same content changes nothing (Unchanged); with other content
	// the fuller copy is kept (model.FullerJSON), so that what is stored
	// never depends on arrival order. It returns
	// one outcome per record, in order.
	PutACSRecords(ctx context.Context, tenant string, recs []ACSRecord) ([]model.Outcome, error)

	// ACSRecords returns every stored record of one call of the tenant,
	// ordered by key, so that the call can be assembled again when more of
	// its records arrive. No records is not an error.
	ACSRecords(ctx context.Context, tenant, correlationID string) ([]*model.ACSRecord, error)
	// ACSRecordsOf is ACSRecords for many calls at once, by correlation id;
	// calls without records are absent from the map.
	ACSRecordsOf(ctx context.Context, tenant string, correlationIDs []string) (map[string][]*model.ACSRecord, error)

	// PutUsageRows stores PSTN, direct-routing and SMS usage rows of one
	// tenant, keyed by (tenant, kind, id); a row without an id is keyed by
	// a hash of its content, so re-reading it is still idempotent. The same
	// content changes nothing (Unchanged); of two contents under one key
	// the fuller is kept (a beta row over its v1.0 copy, in either order). Usage rows carry no version.
	PutUsageRows(ctx context.Context, tenant string, rows []*model.UsageRow) ([]model.Outcome, error)

	// Call returns one call of the tenant exactly as stored, or an error
	// wrapping ErrNotFound.
	Call(ctx context.Context, tenant, id string) (*model.Call, error)
	// CallVersions returns the stored version of each of the tenant's
	// calls ids that is stored, without reading the calls: what a sweep
	// compares Graph's list with.
	CallVersions(ctx context.Context, tenant string, ids []string) (map[string]int64, error)
	// CallCounts returns the sessions and streams of each of the tenant's
	// calls ids that is stored, without reading the calls: what ingest
	// reports of a call whose input it finds unchanged.
	CallCounts(ctx context.Context, tenant string, ids []string) (map[string]CallCounts, error)

	// ListCalls returns summaries of the calls matching f, newest first:
	// by start time descending, then by id; calls without a start time
	// come last.
	ListCalls(ctx context.Context, f CallFilter) ([]CallSummary, error)

	// ScanCalls calls fn once for every call matching f, in order of id,
	// reading from the database a page at a time so that the store never
	// has to fit in memory. fn may call other methods of the store,
	// writes included; a call fn rewrites is not visited again. An error
	// from fn stops the scan and is returned.
	ScanCalls(ctx context.Context, f CallFilter, fn func(*model.Call) error) error

	// RewriteCalls replaces stored calls whole, whatever their version,
	// with their facts and people: for what callscope derives from a call
	// itself (quality verdicts under new rules, personal data cleared by
	// retention), never for telemetry, which goes through PutCalls. A call
	// that is not stored is an error wrapping ErrNotFound, and then none
	// of the batch is written.
	RewriteCalls(ctx context.Context, calls []*model.Call) error
	// Tenants lists the tenants that have calls, ACS records or usage
	// rows, sorted: every tenant whose data retention must visit.
	Tenants(ctx context.Context) ([]string, error)
	// Stats counts what is stored for a tenant, or for all tenants when
	// tenant is "".
	Stats(ctx context.Context, tenant string) (Stats, error)

	// SearchPeople finds the people of the tenant's stored calls that
	// match q, so that a user can be picked by name, UPN or phone number
	// before their calls are listed; see PeopleQuery for what matches.
	// People whose name or a word of it begins with the text, or whose UPN
	// or phone number matches, come before those whose name holds it
	// only further inside ("ann" finds Anna Berg before Omar Zimmermann);
	// within each, by last call, newest first, then by name. A
	// person is found only through the tenant's own calls, never through
	// another tenant's copy of a meeting.
	SearchPeople(ctx context.Context, q PeopleQuery) ([]PersonMatch, error)

	// DeleteCalls deletes, for retention, the calls of the tenant (of
	// every tenant when tenant is "") that started before before, with
	// their stream facts, their people and the ACS records of the same
	// tenant whose correlation id is the call's id, all in one
	// transaction. Calls without a start time are kept, as by
	// CallFilter.Before. A zero before is an error wrapping ErrInvalid
	// rather than "delete everything". It returns how many calls went.
	DeleteCalls(ctx context.Context, tenant string, before time.Time) (int, error)

	// Aggregate computes a dashboard query (package cqd) over the
	// tenant's stream facts, with the tenant's building file applied. An
	// invalid query is an error wrapping ErrInvalid.
	Aggregate(ctx context.Context, q cqd.Query) (*cqd.Result, error)
	// PoorCalls lists the calls that have poor streams among the streams
	// q selects (its tenant, window and filters; grouping, measures and
	// ordering do not apply), newest first, then by id; limit (0: no cap)
	// and offset page through them. An invalid query is an error
	// wrapping ErrInvalid.
	PoorCalls(ctx context.Context, q cqd.Query, limit, offset int) ([]PoorCall, error)
	// FailedCalls is PoorCalls of the calls that have failed legs (setup
	// failures or drops) among the facts q selects, for the reliability
	// report's drill-down; see FailedList for what the fields count.
	FailedCalls(ctx context.Context, q cqd.Query, limit, offset int) ([]PoorCall, error)
	// ExportFacts writes the stream facts q selects (its tenant, window
	// and filters) to w as one file of format, every row, in no set
	// order, with each end's building; columns holding personal data
	// (model pii tags) are left out unless personal. Memory does not grow
	// with the export's size.
	ExportFacts(ctx context.Context, q cqd.Query, format ExportFormat, personal bool, w io.Writer) error
	// ExportAggregate writes the rows Aggregate(q) gives to w as one file
	// of format, columns named by dimension and measure, every row.
	ExportAggregate(ctx context.Context, q cqd.Query, format ExportFormat, w io.Writer) error

	TokenStore
	AuditStore
	SettingStore
	RecordRewriter
	BuildingStore
	FetchQueue
	ACSInsights
	UsageReports

	// Close releases the store; in-flight calls may fail afterwards with
	// ErrClosed. Closing twice is harmless.
	Close() error
}

// ACSRecord is one ACS log record with the identity the store keys it by.
// The key is chosen by the ingester (category and the ids that make a
// record unique within its call), because only it knows which records of
// a call are versions of one another.
type ACSRecord struct {
	// Key identifies the record within its call; required.
	Key string
	// CorrelationID is the call's correlationId; when empty, the
	// record's own CorrelationID is used.
	CorrelationID string
	// Version orders versions of one key: CallUpdatesVersion for the
	// *Updates categories, higher for the final snapshots.
	Version int64
	Record  *model.ACSRecord
	// Canonical and Hash are the record's canonical JSON and its
	// ContentHash, when the caller worked them out (EncodeACSRecord) on
	// cores of its own, as ingest does while it decodes; a store works
	// them out when they are missing.
	Canonical []byte
	Hash      string
}

// CallCounts is the size of a stored call: its sessions, and its streams
// (its stream facts).
type CallCounts struct{ Sessions, Streams int }

// CallFilter selects calls of one tenant. Zero fields select everything.
type CallFilter struct {
	// Tenant is required: no read spans tenants.
	Tenant string
	// User matches a person of the call (organizer, participant or session
	// endpoint) by object id or UPN without regard to case, or by phone
	// number ignoring spaces, dashes, dots and parentheses.
	User string
	// Since keeps calls that started at or after it; calls without a
	// start time never match a non-zero Since.
	Since time.Time
	// Before keeps calls that started before it, so that retention can
	// find what is due; calls without a start time never match a
	// non-zero Before, since their age is unknown.
	Before time.Time
	// UndatedStoredBefore keeps only calls without a start time (pages of
	// records never completed) that were stored before it: retention ages
	// them by when they arrived.
	UndatedStoredBefore time.Time
	// Limit caps the number of calls (0: no cap); Offset skips that many
	// first. Negative values are invalid.
	Limit, Offset int
}

// CallSummary is what a call list shows, read without decoding the call.
type CallSummary struct {
	Tenant  string
	ID      string
	Version int64
	Source  model.Source
	// Type is the call type as Graph names it ("" if unknown).
	Type string
	// Start and End are zero when unknown; stored to the microsecond.
	Start, End time.Time
	Modalities []string
	// Sessions counts the call's sessions, Streams its streams (stream
	// facts), Participants its distinct people (model.People).
	Sessions, Streams, Participants int
	// Partial marks a call known only from a page of its sessions or
	// participants.
	Partial bool
	// Rating is the call's rating (model.Call.CallRating), "" when not
	// judged; Rules the rule set that judged it.
	Rating model.Rating
	Rules  string
	// RedIssues and YellowIssues count the issues of the call's sessions
	// (model.Session.Issues) by severity, so that a list can show where
	// to look first; both are 0 when the call is not judged.
	RedIssues, YellowIssues int
	// Own is how the looked-up user's own sessions went (CallFilter.User;
	// the person of the call it names with the most sessions of their
	// own); nil without a user, or for a call stored before own verdicts
	// were kept, until it is written again.
	Own *model.OwnVerdict
}

// OwnRow is a call_people row's own verdict, as a store reads those of
// the looked-up user for a page of calls (BestOwn).
type OwnRow struct {
	CallID string
	Own    model.OwnVerdict
}

// BestOwn sets each call's Own from rows: of the rows of one call (a
// lookup by phone number may match two people of it) the one with the
// most sessions.
func BestOwn(calls []CallSummary, rows []OwnRow) {
	best := map[string]model.OwnVerdict{}
	for _, r := range rows {
		if have, ok := best[r.CallID]; !ok || r.Own.Sessions > have.Sessions {
			best[r.CallID] = r.Own
		}
	}
	for i := range calls {
		if v, ok := best[calls[i].ID]; ok {
			calls[i].Own = &v
		}
	}
}

// Stats counts what a store holds.
type Stats struct {
	Calls      int64
	Sessions   int64
	Streams    int64
	People     int64
	ACSRecords int64
	UsageRows  int64
}

// RecordRewriter lets retention clear personal data from what calls are
// built from: ACS log records and usage rows. Like RewriteCalls it is for
// data callscope derives, never for telemetry, and it replaces whole
// records under their stored keys, whatever their version.
type RecordRewriter interface {
	// RewriteACSRecords replaces stored ACS records of the tenant under
	// their (correlation id, Key); a record not stored is an error
	// wrapping ErrNotFound, and then none of the batch is written.
	RewriteACSRecords(ctx context.Context, tenant string, recs []ACSRecord) error
	// ScanACSRecords calls fn for every ACS record of the tenant with
	// the identity it is stored under (CorrelationID, Key, Version), by
	// correlation id and then key, compared bytewise, a page at a time so
	// that fn may use the store (writes included) and memory stays flat.
	// An error from fn stops the scan.
	ScanACSRecords(ctx context.Context, tenant string, fn func(ACSRecord) error) error
	// ScanUsageRows calls fn for every usage row of the tenant that
	// started before before (zero: every row), with the key it is stored
	// under, a page at a time. An error from fn stops the scan.
	ScanUsageRows(ctx context.Context, tenant string, before time.Time, fn func(UsageRecord) error) error
	// RewriteUsageRows replaces stored usage rows under their keys; a row
	// not stored is an error wrapping ErrNotFound, and then none is written.
	RewriteUsageRows(ctx context.Context, tenant string, rows []UsageRecord) error
}

// UsageRecord is a usage row with the key the store keeps it under (its
// id, or a hash of the content it arrived with).
type UsageRecord struct {
	Key string
	Row *model.UsageRow
}
