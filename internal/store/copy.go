package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// CopyResult counts what Copy copied.
type CopyResult struct {
	Settings, Tokens, AuditEntries, BuildingFiles int
	Calls, ACSRecords, UsageRows, PendingFetches  int
	// Stats is what both stores hold once copied.
	Stats Stats
}

// copyBatch is how many items Copy writes per batch, and
// copyBatchSessions how many sessions of calls at most (a large
// meeting's record is megabytes), so that memory stays flat whatever the
// store's size.
const (
	copyBatch         = 256
	copyBatchSessions = 2000
)

// Copy copies everything from holds into to, which must be empty: calls
// (their facts, people and rollups rebuilt by the target as it stores
// them), ACS records and usage rows with the versions and keys they are
// stored under, API tokens, the audit log, settings, building files and
// pending Graph fetches; then it checks that both stores count the same.
// A pending fetch keeps its due time, but not its count of failed
// attempts. progress, when set, is told what is being copied.
func Copy(ctx context.Context, from, to Store, progress func(what string)) (CopyResult, error) {
	var res CopyResult
	say := func(what string) {
		if progress != nil {
			progress(what)
		}
	}
	if err := checkEmpty(ctx, to); err != nil {
		return res, err
	}
	say("settings")
	settings, err := from.Settings(ctx)
	if err != nil {
		return res, err
	}
	for _, k := range slices.Sorted(maps.Keys(settings)) {
		if err := to.SetSetting(ctx, k, settings[k]); err != nil {
			return res, err
		}
	}
	res.Settings = len(settings)

	say("tokens")
	tokens, err := from.Tokens(ctx)
	if err != nil {
		return res, err
	}
	tenants := map[string]bool{}
	for _, t := range tokens {
		if err := to.CreateToken(ctx, t); err != nil {
			return res, fmt.Errorf("token %s: %w", t.ID, err)
		}
		for _, tenant := range t.Tenants {
			tenants[tenant] = true
		}
	}
	res.Tokens = len(tokens)

	say("audit log")
	if res.AuditEntries, err = copyAudit(ctx, from, to); err != nil {
		return res, fmt.Errorf("audit log: %w", err)
	}

	stored, err := from.Tenants(ctx)
	if err != nil {
		return res, err
	}
	for _, t := range stored {
		tenants[t] = true
	}
	if t := settings["default-tenant"]; t != "" {
		tenants[t] = true
	}
	for _, tenant := range slices.Sorted(maps.Keys(tenants)) {
		say("tenant " + tenant)
		n, err := copyTenant(ctx, from, to, tenant, &res)
		if err != nil {
			return res, fmt.Errorf("tenant %s: %w", tenant, err)
		}
		res.BuildingFiles += n
	}

	say("pending fetches")
	if res.PendingFetches, err = copyFetches(ctx, from, to); err != nil {
		return res, fmt.Errorf("pending fetches: %w", err)
	}

	say("checking")
	return res, checkCopy(ctx, from, to, &res)
}

// checkEmpty refuses a target that holds anything a copy would mix with.
func checkEmpty(ctx context.Context, to Store) error {
	st, err := to.Stats(ctx, "")
	if err != nil {
		return err
	}
	tokens, err := to.Tokens(ctx)
	if err != nil {
		return err
	}
	audit, err := to.AuditLog(ctx, AuditFilter{Limit: 1})
	if err != nil {
		return err
	}
	if st != (Stats{}) || len(tokens) > 0 || len(audit) > 0 {
		return fmt.Errorf("the target store is not empty (%d calls, %d ACS records, %d usage rows, %d tokens, %d audit entries at least): %w",
			st.Calls, st.ACSRecords, st.UsageRows, len(tokens), len(audit), ErrConflict)
	}
	return nil
}

// copyAudit copies the audit log a page at a time, oldest page last: the
// log reads newest first, and each page is written oldest first, so that
// entries of one time keep their order.
func copyAudit(ctx context.Context, from, to Store) (int, error) {
	n := 0
	for {
		page, err := from.AuditLog(ctx, AuditFilter{Limit: 1000, Offset: n})
		if err != nil {
			return n, err
		}
		if len(page) == 0 {
			return n, nil
		}
		slices.Reverse(page)
		if b, ok := to.(AuditBatcher); ok {
			err = b.AuditBatch(ctx, page)
		} else {
			for _, e := range page {
				if err = to.Audit(ctx, e); err != nil {
					break
				}
			}
		}
		if err != nil {
			return n, err
		}
		n += len(page)
	}
}

// copyTenant copies one tenant's building file, calls, ACS records and
// usage rows, and returns how many building files it copied (0 or 1).
func copyTenant(ctx context.Context, from, to Store, tenant string, res *CopyResult) (int, error) {
	files := 0
	rows, uploaded, err := from.Buildings(ctx, tenant)
	if err != nil {
		return 0, err
	}
	if len(rows) > 0 {
		if err := to.ReplaceBuildings(ctx, tenant, rows, uploaded); err != nil {
			return 0, fmt.Errorf("building file: %w", err)
		}
		files = 1
	}

	var calls []*model.Call
	sessions := 0
	putCalls := func() error {
		out, err := to.PutCalls(ctx, calls)
		if err != nil {
			return err
		}
		if err := allInserted(out, "call", func(i int) string { return calls[i].ID }); err != nil {
			return err
		}
		res.Calls += len(calls)
		calls, sessions = calls[:0], 0
		return nil
	}
	err = from.ScanCalls(ctx, CallFilter{Tenant: tenant}, func(c *model.Call) error {
		calls, sessions = append(calls, c), sessions+len(c.Sessions)
		if len(calls) == copyBatch || sessions >= copyBatchSessions {
			return putCalls()
		}
		return nil
	})
	if err == nil && len(calls) > 0 {
		err = putCalls()
	}
	if err != nil {
		return files, fmt.Errorf("calls: %w", err)
	}

	var recs []ACSRecord
	putRecs := func() error {
		out, err := to.PutACSRecords(ctx, tenant, recs)
		if err != nil {
			return err
		}
		if err := allInserted(out, "ACS record", func(i int) string { return recs[i].CorrelationID + "/" + recs[i].Key }); err != nil {
			return err
		}
		res.ACSRecords += len(recs)
		recs = recs[:0]
		return nil
	}
	err = from.ScanACSRecords(ctx, tenant, func(r ACSRecord) error {
		if recs = append(recs, r); len(recs) == copyBatch {
			return putRecs()
		}
		return nil
	})
	if err == nil && len(recs) > 0 {
		err = putRecs()
	}
	if err != nil {
		return files, fmt.Errorf("ACS records: %w", err)
	}

	var usage []*model.UsageRow
	putUsage := func() error {
		out, err := to.PutUsageRows(ctx, tenant, usage)
		if err != nil {
			return err
		}
		if err := allInserted(out, "usage row", func(i int) string { return usage[i].ID }); err != nil {
			return err
		}
		res.UsageRows += len(usage)
		usage = usage[:0]
		return nil
	}
	err = from.ScanUsageRows(ctx, tenant, time.Time{}, func(r UsageRecord) error {
		if usage = append(usage, r.Row); len(usage) == copyBatch {
			return putUsage()
		}
		return nil
	})
	if err == nil && len(usage) > 0 {
		err = putUsage()
	}
	if err != nil {
		return files, fmt.Errorf("usage rows: %w", err)
	}
	return files, nil
}

// allInserted checks that an empty target stored every item anew: any
// other outcome means the source held what a store cannot (two copies of
// one key), and the copy would differ.
func allInserted(out []model.Outcome, what string, name func(int) string) error {
	for i, o := range out {
		if o != model.Inserted {
			return fmt.Errorf("%s %s was %s rather than inserted", what, name(i), o)
		}
	}
	return nil
}

// copyFetches copies the records waiting to be fetched, with their due
// times.
func copyFetches(ctx context.Context, from, to Store) (int, error) {
	pending, err := from.DueFetches(ctx, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 1_000_000)
	if err != nil {
		return 0, err
	}
	notes := make([]FetchNote, 0, len(pending))
	for _, p := range pending {
		notes = append(notes, FetchNote{Tenant: p.Tenant, RecordID: p.RecordID, Noted: p.FirstNoted, Due: p.Due})
	}
	if len(notes) > 0 {
		if err := to.NoteFetches(ctx, notes); err != nil {
			return 0, err
		}
	}
	return len(notes), nil
}

// checkCopy compares what both stores count.
func checkCopy(ctx context.Context, from, to Store, res *CopyResult) error {
	var problems []string
	a, err := from.Stats(ctx, "")
	if err != nil {
		return err
	}
	b, err := to.Stats(ctx, "")
	if err != nil {
		return err
	}
	if a != b {
		problems = append(problems, fmt.Sprintf("the source holds %+v, the copy %+v", a, b))
	}
	res.Stats = b
	for _, c := range []struct {
		what string
		n    func(Store) (int, error)
	}{
		{"tokens", func(s Store) (int, error) { t, err := s.Tokens(ctx); return len(t), err }},
		{"settings", func(s Store) (int, error) { m, err := s.Settings(ctx); return len(m), err }},
		{"audit entries", func(s Store) (int, error) { return countAudit(ctx, s) }},
		{"pending fetches", func(s Store) (int, error) { return s.PendingFetchCount(ctx, "") }},
	} {
		na, errA := c.n(from)
		nb, errB := c.n(to)
		if err := errors.Join(errA, errB); err != nil {
			return err
		}
		if na != nb {
			problems = append(problems, fmt.Sprintf("%s: %d in the source, %d in the copy", c.what, na, nb))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("the copy does not count what the source does: %s", strings.Join(problems, "; "))
	}
	return nil
}

func countAudit(ctx context.Context, s Store) (int, error) {
	n := 0
	for {
		page, err := s.AuditLog(ctx, AuditFilter{Limit: 1000, Offset: n})
		if err != nil || len(page) == 0 {
			return n, err
		}
		n += len(page)
	}
}
