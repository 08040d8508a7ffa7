package privacy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// Clearing a value or deleting a row takes it out of what the store
// returns, not necessarily out of its files: an embedded engine keeps
// old bytes in freed pages, its write-ahead log and old row versions. So
// after a run that removed anything, the scrubber has a store that can
// (store.Compactor) rewrite its files from the live data.

// compactDueKey is the setting that marks a compaction as owed. It is
// set before a run clears anything and removed only once the store is
// compacted, so that a run cut short, or a compaction that failed, is
// made good by the next run even when that run has nothing to clear.
const compactDueKey = "privacy-compact-due"

// markCompaction returns the store's Compactor (nil if it has none),
// whether an earlier run left a compaction owed, and marks one owed for
// this run.
func (s *Scrubber) markCompaction(ctx context.Context, now time.Time) (store.Compactor, bool, error) {
	c, ok := s.Store.(store.Compactor)
	if !ok {
		return nil, false, nil
	}
	_, pending, err := s.Store.Setting(ctx, compactDueKey)
	if err != nil {
		return nil, false, fmt.Errorf("privacy: %w", err)
	}
	if !pending {
		if err := s.Store.SetSetting(ctx, compactDueKey, now.UTC().Format(time.RFC3339)); err != nil {
			return nil, false, fmt.Errorf("privacy: %w", err)
		}
	}
	return c, pending, nil
}

// compact rewrites the store's files when this run removed anything or
// an earlier one left that owed, and records what it did in res. A store
// that cannot compact is logged and skipped: what it keeps on disk is
// beyond the scrubber's reach.
func (s *Scrubber) compact(ctx context.Context, c store.Compactor, pending bool, res *Result) error {
	if !res.changed() && !pending {
		if c != nil {
			return s.compactDone(ctx)
		}
		return nil
	}
	if c == nil {
		s.warn("the store cannot rewrite its files: cleared personal data may remain in them")
		return nil
	}
	done, err := c.Compact(ctx)
	switch {
	case errors.Is(err, errors.ErrUnsupported):
		s.warn("the store cannot rewrite its files: cleared personal data may remain in them", "reason", err)
	case err != nil:
		// The mark stays: the next run compacts again.
		return fmt.Errorf("privacy: rewriting the store's files after clearing: %w", err)
	default:
		res.Compaction = &done
		if s.Logger != nil {
			s.Logger.Info("store compacted", "bytesBefore", done.BytesBefore, "bytesAfter", done.BytesAfter,
				"duration", done.Duration, "swap", done.Swap)
		}
	}
	return s.compactDone(ctx)
}

func (s *Scrubber) compactDone(ctx context.Context) error {
	if err := s.Store.DeleteSetting(ctx, compactDueKey); err != nil {
		return fmt.Errorf("privacy: %w", err)
	}
	return nil
}

func (s *Scrubber) warn(msg string, args ...any) {
	if s.Logger != nil {
		s.Logger.Warn(msg, args...)
	}
}
