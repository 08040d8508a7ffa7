package privacy

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// Policy says how long what is kept.
type Policy struct {
	// EUIIAfter is how long personal data is kept (default 28 days).
	EUIIAfter time.Duration
	// KeepCalls is how long calls are kept at all; 0 keeps them forever.
	KeepCalls time.Duration
	// KeepAudit is how long audit entries are kept; 0 keeps them forever.
	KeepAudit time.Duration
}

// Day is 24 hours, the unit retention is configured in.
const Day = 24 * time.Hour

// DefaultPolicy: personal data for 28 days (Microsoft's CQD), calls for a
// year (CQD keeps twelve months), audit entries for a year.
func DefaultPolicy() Policy {
	return Policy{EUIIAfter: 28 * Day, KeepCalls: 365 * Day, KeepAudit: 365 * Day}
}

// Validate reports a policy that would keep personal data longer than the
// calls it belongs to, or clear it at once.
func (p Policy) Validate() error {
	switch {
	case p.EUIIAfter <= 0:
		return errors.New("privacy: the personal-data period must be positive")
	case p.KeepCalls < 0 || p.KeepAudit < 0:
		return errors.New("privacy: retention periods must not be negative")
	case p.KeepCalls > 0 && p.KeepCalls < p.EUIIAfter:
		return fmt.Errorf("privacy: calls are kept %s but personal data %s: keep calls at least as long", p.KeepCalls, p.EUIIAfter)
	}
	return nil
}

// Store is what retention needs of a store: deleting old calls and
// audit entries, rewriting calls, ACS records and usage rows with their
// personal data cleared, and a setting that remembers a compaction owed.
// Every store.Store is one; a store that is also a store.Compactor is
// compacted after a run that cleared something, so that nothing cleared
// stays in its files.
type Store interface {
	Tenants(ctx context.Context) ([]string, error)
	DeleteCalls(ctx context.Context, tenant string, before time.Time) (int, error)
	PurgeAudit(ctx context.Context, before time.Time) (int, error)
	ScanCalls(ctx context.Context, f store.CallFilter, fn func(*model.Call) error) error
	RewriteCalls(ctx context.Context, calls []*model.Call) error
	ACSRecords(ctx context.Context, tenant, correlationID string) ([]*model.ACSRecord, error)
	store.RecordRewriter
	store.SettingStore
}

// Scrubber applies a Policy to a store.
type Scrubber struct {
	Store  Store
	Policy Policy
	// Now and After are the clock and its timer; time.Now and
	// time.After when nil.
	Now    func() time.Time
	After  func(time.Duration) <-chan time.Time
	Logger *slog.Logger
}

// Result counts what one run did.
type Result struct {
	Tenants            int `json:"tenants"`
	CallsCleared       int `json:"callsCleared"`
	ACSRecordsCleared  int `json:"acsRecordsCleared"`
	UsageRowsCleared   int `json:"usageRowsCleared"`
	CallsDeleted       int `json:"callsDeleted"`
	AuditEntriesPurged int `json:"auditEntriesPurged"`
	// Compaction is what rewriting the store's files did, when the run
	// rewrote them (see compact); nil when it did not.
	Compaction *store.CompactResult `json:"compaction,omitempty"`
}

// changed reports whether the run removed anything from the store.
func (r Result) changed() bool {
	return r.CallsCleared+r.ACSRecordsCleared+r.UsageRowsCleared+r.CallsDeleted+r.AuditEntriesPurged > 0
}

// batch is how many cleared calls or rows are written per transaction.
const batch = 256

// Run clears, deletes and purges what the policy says is due, once.
func (s *Scrubber) Run(ctx context.Context) (Result, error) {
	var res Result
	if err := s.Policy.Validate(); err != nil {
		return res, err
	}
	t := s.now()
	compactor, pending, err := s.markCompaction(ctx, t)
	if err != nil {
		return res, err
	}
	if s.Policy.KeepCalls > 0 {
		n, err := s.Store.DeleteCalls(ctx, "", t.Add(-s.Policy.KeepCalls))
		if err != nil {
			return res, fmt.Errorf("privacy: deleting old calls: %w", err)
		}
		res.CallsDeleted = n
	}
	if s.Policy.KeepAudit > 0 {
		n, err := s.Store.PurgeAudit(ctx, t.Add(-s.Policy.KeepAudit))
		if err != nil {
			return res, fmt.Errorf("privacy: purging old audit entries: %w", err)
		}
		res.AuditEntriesPurged = n
	}
	tenants, err := s.Store.Tenants(ctx)
	if err != nil {
		return res, fmt.Errorf("privacy: %w", err)
	}
	cutoff := t.Add(-s.Policy.EUIIAfter)
	for _, tenant := range tenants {
		res.Tenants++
		if err := s.clearCalls(ctx, tenant, cutoff, &res); err != nil {
			return res, err
		}
		if err := s.clearUsage(ctx, tenant, cutoff, &res); err != nil {
			return res, err
		}
	}
	if err := s.compact(ctx, compactor, pending, &res); err != nil {
		return res, err
	}
	if s.Logger != nil {
		s.Logger.Info("retention run", "callsCleared", res.CallsCleared, "acsRecordsCleared", res.ACSRecordsCleared,
			"usageRowsCleared", res.UsageRowsCleared, "callsDeleted", res.CallsDeleted, "auditPurged", res.AuditEntriesPurged)
	}
	return res, nil
}

// hasPII reports whether any personal field of v still holds a value.
func hasPII(v any) bool {
	found := false
	model.WalkPII(v, func(f model.PIIField) {
		if found {
			return
		}
		switch x := f.Value.Interface().(type) {
		case model.Opt[string]:
			found = x.Valid() && x.Value() != ""
		case model.Extra:
			found = len(x) > 0
		case string:
			found = x != ""
		}
	})
	return found
}

func (s *Scrubber) clearCalls(ctx context.Context, tenant string, cutoff time.Time, res *Result) error {
	var pending []*model.Call
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		if err := s.Store.RewriteCalls(ctx, pending); err != nil {
			return fmt.Errorf("privacy: clearing calls of tenant %s: %w", tenant, err)
		}
		res.CallsCleared += len(pending)
		pending = pending[:0]
		return nil
	}
	clear := func(c *model.Call) error {
		if c.Source == model.SourceACS {
			if err := s.clearACS(ctx, tenant, c.ID, res); err != nil {
				return err
			}
		}
		if !hasPII(c) {
			return nil
		}
		model.ClearPII(c)
		pending = append(pending, c)
		if len(pending) >= batch {
			return flush()
		}
		return nil
	}
	for _, f := range []store.CallFilter{
		{Tenant: tenant, Before: cutoff},
		{Tenant: tenant, UndatedStoredBefore: cutoff},
	} {
		if err := s.Store.ScanCalls(ctx, f, clear); err != nil {
			return fmt.Errorf("privacy: tenant %s: %w", tenant, err)
		}
	}
	return flush()
}

// clearACS clears the log records an ACS call is assembled from, so that
// assembling it again never brings personal data back. Keys are computed
// from the records as stored, before clearing, as ingest computed them.
func (s *Scrubber) clearACS(ctx context.Context, tenant, callID string, res *Result) error {
	recs, err := s.Store.ACSRecords(ctx, tenant, callID)
	if err != nil {
		return fmt.Errorf("privacy: ACS records of call %s: %w", callID, err)
	}
	var out []store.ACSRecord
	for _, r := range recs {
		if !hasPII(r) {
			continue
		}
		key := acs.RecordKey(r)
		model.ClearPII(r)
		out = append(out, store.ACSRecord{Key: key, CorrelationID: callID, Version: r.UpdatesVersion, Record: r})
	}
	if len(out) == 0 {
		return nil
	}
	if err := s.Store.RewriteACSRecords(ctx, tenant, out); err != nil {
		return fmt.Errorf("privacy: clearing ACS records of call %s: %w", callID, err)
	}
	res.ACSRecordsCleared += len(out)
	return nil
}

func (s *Scrubber) clearUsage(ctx context.Context, tenant string, cutoff time.Time, res *Result) error {
	var pending []store.UsageRecord
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		if err := s.Store.RewriteUsageRows(ctx, tenant, pending); err != nil {
			return fmt.Errorf("privacy: clearing usage rows of tenant %s: %w", tenant, err)
		}
		res.UsageRowsCleared += len(pending)
		pending = pending[:0]
		return nil
	}
	err := s.Store.ScanUsageRows(ctx, tenant, cutoff, func(r store.UsageRecord) error {
		if !hasPII(r.Row) {
			return nil
		}
		model.ClearPII(r.Row)
		pending = append(pending, r)
		if len(pending) >= batch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("privacy: usage rows of tenant %s: %w", tenant, err)
	}
	return flush()
}
