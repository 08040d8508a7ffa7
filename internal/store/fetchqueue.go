package store

import (
	"context"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// FetchQueue is the durable list of Microsoft Graph call records to
// fetch: what change notifications and reconciliation sweeps said is new
// or updated. It lives in the store, so that a restart loses none of it,
// and a notification can be answered as soon as it is noted.
//
// A record is pending once however often it is noted: each note sets its
// due time (so a record still being updated can be fetched after it goes
// quiet, as the caller decides) and moves its Seq, so that finishing a
// fetch begun before the latest note leaves the record pending for that
// note. Storing a fetch's calls and removing the record happen in one
// transaction: a fetch that was stored is not fetched again.
type FetchQueue interface {
	// NoteFetches records that each record (tenant and id required)
	// should be fetched at its Due. A record already pending takes the
	// note's Due and LastNoted, keeps its FirstNoted, and its Seq grows.
	NoteFetches(ctx context.Context, notes []FetchNote) error
	// DueFetches lists up to limit (> 0) pending records of every tenant
	// due at or before now, earliest first.
	DueFetches(ctx context.Context, now time.Time, limit int) ([]PendingFetch, error)
	// ClaimFetches is DueFetches for a worker that will fetch what it
	// gets: each record it returns is leased, due again only at until,
	// so that another worker (another process on the same store) does
	// not fetch it meanwhile; FinishFetch or RetryFetch end the lease.
	// Two claims never return the same record unless its lease ran out or
	// it was noted again. until must be after now.
	ClaimFetches(ctx context.Context, now, until time.Time, limit int) ([]PendingFetch, error)
	// FinishFetch stores calls, what fetching p gave (none when the
	// record is gone), as PutCalls does, and removes p unless the record
	// was noted again since p was read; it reports whether p was removed.
	// Both or neither happen.
	FinishFetch(ctx context.Context, p PendingFetch, calls []*model.Call) (outcomes []model.Outcome, removed bool, err error)
	// RetryFetch keeps p pending until due, counting the failed attempt
	// and keeping its reason. A record noted again since p was read
	// keeps the later of the two due times.
	RetryFetch(ctx context.Context, p PendingFetch, due time.Time, reason string) error
	// PendingFetchCount counts the pending records of the tenant, or of
	// every tenant when tenant is "".
	PendingFetchCount(ctx context.Context, tenant string) (int, error)
}

// FetchNote says a record should be fetched.
type FetchNote struct {
	Tenant, RecordID string
	// Noted is when the notification or sweep saw it; Due when to fetch.
	Noted, Due time.Time
	// MaxWait, when positive, bounds how long after the record's first
	// pending note it is due, however often later notes push Due back: a
	// record updated more often than the quiet time is still fetched.
	MaxWait time.Duration
}

// PendingFetch is a record waiting to be fetched.
type PendingFetch struct {
	Tenant, RecordID string
	// Seq grows with every note of the record.
	Seq                   int64
	FirstNoted, LastNoted time.Time
	Due                   time.Time
	// Attempts counts failed fetches since the record was first noted;
	// LastError is the last one's reason.
	Attempts  int
	LastError string
}
