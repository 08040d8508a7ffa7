package collect

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"time"

	"github.com/callscope/callscope/internal/msgraph"
	"github.com/callscope/callscope/internal/store"
)

// Lister lists Graph's call records by start time (msgraph.Client does).
type Lister interface {
	ListCallRecords(ctx context.Context, from, to time.Time) iter.Seq2[msgraph.RecordRef, error]
}

// Sweeper reconciles the store with Graph's list of records, because
// change notifications are known to go silent: whatever the list has in
// a newer version than the store (or the store lacks) is noted for the
// worker, due at once. It is the backfill, too.
type Sweeper struct {
	// Store gives the stored versions and takes the notes; required.
	Store interface {
		store.FetchQueue
		CallVersions(ctx context.Context, tenant string, ids []string) (map[string]int64, error)
	}
	Now    func() time.Time
	Logger *slog.Logger
}

// SweepResult counts what a sweep saw.
type SweepResult struct {
	Listed  int // records Graph listed
	Current int // of them, stored in the version listed or newer
	Noted   int // noted to fetch
}

// sweepBatch is how many listed records are compared with the store at
// once: memory stays bounded however long the list.
const sweepBatch = 500

// Sweep lists the tenant's records started in [from, to) with l and
// notes those the store lacks or holds in an older version.
func (s *Sweeper) Sweep(ctx context.Context, tenant string, l Lister, from, to time.Time) (SweepResult, error) {
	var res SweepResult
	var refs []msgraph.RecordRef
	flush := func() error {
		if len(refs) == 0 {
			return nil
		}
		ids := make([]string, len(refs))
		for i, r := range refs {
			ids[i] = r.ID
		}
		stored, err := s.Store.CallVersions(ctx, tenant, ids)
		if err != nil {
			return err
		}
		now := s.now()
		var notes []store.FetchNote
		for _, r := range refs {
			if v, ok := stored[r.ID]; ok && v >= r.Version {
				res.Current++
				continue
			}
			notes = append(notes, store.FetchNote{Tenant: tenant, RecordID: r.ID, Noted: now, Due: now})
		}
		if err := s.Store.NoteFetches(ctx, notes); err != nil {
			return err
		}
		res.Noted += len(notes)
		refs = refs[:0]
		return nil
	}
	for ref, err := range l.ListCallRecords(ctx, from, to) {
		if err != nil {
			return res, fmt.Errorf("sweep of tenant %s: %w", tenant, err)
		}
		res.Listed++
		if refs = append(refs, ref); len(refs) >= sweepBatch {
			if err := flush(); err != nil {
				return res, fmt.Errorf("sweep of tenant %s: %w", tenant, err)
			}
		}
	}
	if err := flush(); err != nil {
		return res, fmt.Errorf("sweep of tenant %s: %w", tenant, err)
	}
	s.logger().Info("sweep", "tenant", tenant, "from", from, "to", to, "listed", res.Listed, "current", res.Current, "noted", res.Noted)
	return res, nil
}

func (s *Sweeper) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Sweeper) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}
