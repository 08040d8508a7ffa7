package collect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"time"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// UsageLister lists Graph's PSTN and direct-routing call logs for the
// calls started in [from, to) (msgraph.Client does).
type UsageLister interface {
	ListPstnCalls(ctx context.Context, from, to time.Time) iter.Seq2[json.RawMessage, error]
	ListDirectRoutingCalls(ctx context.Context, from, to time.Time) iter.Seq2[json.RawMessage, error]
}

// Defaults of UsageCollector.
const (
	// DefaultUsageOverlap: Graph documents no delay for these logs, yet
	// a day's rows may still arrive or change for a day or two after it.
	// Fetching the last three collected days again covers a call at
	// 23:59 whose row comes up to three days late, for the price of
	// re-reading three days of rows a day, which the store answers
	// Unchanged.
	DefaultUsageOverlap = 3
	// DefaultUsageFirstDays is how far a tenant's first periodic run
	// reaches back: the 30 days per-user call analytics shows.
	DefaultUsageFirstDays = 30
)

// usageBatch is how many rows are stored at once: one Graph page, so
// that memory does not grow with the window.
const usageBatch = 1000

// UsageCollector stores a tenant's PSTN and direct-routing usage rows
// from Graph, day by day (UTC). It remembers in the store's settings,
// per tenant and log, the last day fully collected, so that a daily
// CollectNew fetches only the days since then and a few before them.
// Rows are decoded as an ingested usage file's are (graph.DecodeUsageRow)
// and stored by PutUsageRows, keyed by (tenant, kind, id) like theirs, so
// retention and redaction treat them alike and running twice stores
// nothing twice. A collector is safe for concurrent use by different
// tenants; one tenant's runs should not overlap.
type UsageCollector struct {
	// Store takes the rows and keeps the collected days; required.
	Store interface {
		PutUsageRows(ctx context.Context, tenant string, rows []*model.UsageRow) ([]model.Outcome, error)
		store.SettingStore
	}
	// Overlap is how many days already collected CollectNew fetches
	// again; 0 means DefaultUsageOverlap, a negative number none.
	Overlap int
	// FirstDays is how many days CollectNew fetches for a tenant and log
	// with nothing collected yet; 0 means DefaultUsageFirstDays.
	FirstDays int
	Now       func() time.Time
	Logger    *slog.Logger
}

// UsageCounts is what one log's collection did.
type UsageCounts struct {
	Kind model.UsageKind
	// From and To are the days fetched, [From, To); both zero when there
	// was nothing to fetch.
	From, To time.Time
	// Listed counts the rows Graph listed; Rejected those that could not
	// be decoded (logged, not stored); the rest were stored, with these
	// outcomes.
	Listed, Rejected              int
	Inserted, Replaced, Unchanged int
	// Through is the last day fully collected after the run; zero when
	// there is none yet.
	Through time.Time
}

// UsageResult is what one run did for each log.
type UsageResult struct {
	PSTN, DirectRouting UsageCounts
}

// usageLog ties a kind of row to the listing that yields it.
type usageLog struct {
	kind model.UsageKind
	list func(UsageLister, context.Context, time.Time, time.Time) iter.Seq2[json.RawMessage, error]
}

var usageLogs = []usageLog{
	{model.UsagePSTN, UsageLister.ListPstnCalls},
	{model.UsageDirectRouting, UsageLister.ListDirectRoutingCalls},
}

// Collect fetches both logs for the days [from, to) and stores their
// rows; from and to are taken as the UTC days they fall in. A log's remembered day
// moves forward when the window was fetched without error, reaches
// back to the day after it (or nothing is remembered yet) and holds
// days already over; it never moves back. One log failing does not stop
// the other; the error names each that failed, and the counts say what
// was stored before it.
func (u *UsageCollector) Collect(ctx context.Context, tenant string, l UsageLister, from, to time.Time) (UsageResult, error) {
	from, to = day(from), day(to)
	if !from.Before(to) {
		return UsageResult{}, fmt.Errorf("usage collection of tenant %s: the window %s – %s holds no day", tenant, from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	return u.each(func(lg usageLog) (UsageCounts, error) {
		return u.collect(ctx, tenant, l, lg, from, to)
	})
}

// CollectNew is the periodic run: for each log it fetches the days from
// Overlap days before the day after the remembered one through
// yesterday, or the last FirstDays days when nothing is remembered.
// Today is left for the next run, since it is not over.
func (u *UsageCollector) CollectNew(ctx context.Context, tenant string, l UsageLister) (UsageResult, error) {
	today := day(u.now())
	return u.each(func(lg usageLog) (UsageCounts, error) {
		through, err := u.through(ctx, tenant, lg.kind)
		if err != nil {
			return UsageCounts{Kind: lg.kind}, err
		}
		from := today.AddDate(0, 0, -u.firstDays())
		if !through.IsZero() {
			from = through.AddDate(0, 0, 1-u.overlap())
		}
		if !from.Before(today) {
			return UsageCounts{Kind: lg.kind, Through: through}, nil
		}
		return u.collect(ctx, tenant, l, lg, from, today)
	})
}

// each runs fn for both logs, the second even when the first failed.
func (u *UsageCollector) each(fn func(usageLog) (UsageCounts, error)) (UsageResult, error) {
	var res UsageResult
	var errs []error
	for _, lg := range usageLogs {
		c, err := fn(lg)
		if err != nil {
			errs = append(errs, err)
		}
		if lg.kind == model.UsagePSTN {
			res.PSTN = c
		} else {
			res.DirectRouting = c
		}
	}
	return res, errors.Join(errs...)
}

// collect fetches one log for [from, to), whole days, and stores it in
// batches. Rows listed before a failure are stored all the same: they
// are real rows, and the next run fetches the window again.
func (u *UsageCollector) collect(ctx context.Context, tenant string, l UsageLister, lg usageLog, from, to time.Time) (UsageCounts, error) {
	c := UsageCounts{Kind: lg.kind, From: from, To: to}
	fail := func(err error) (UsageCounts, error) {
		return c, fmt.Errorf("%s usage collection of tenant %s, %s – %s: %w", lg.kind, tenant, from.Format(time.DateOnly), to.Format(time.DateOnly), err)
	}
	prev, err := u.through(ctx, tenant, lg.kind)
	if err != nil {
		return c, err
	}
	c.Through = prev
	started := u.now() // a day is fully collected only if it was over when the listing began
	batch := make([]*model.UsageRow, 0, usageBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		outcomes, err := u.Store.PutUsageRows(ctx, tenant, batch)
		if err != nil {
			return fmt.Errorf("storing %d usage rows: %w", len(batch), err)
		}
		for _, o := range outcomes {
			switch o {
			case model.Inserted:
				c.Inserted++
			case model.Unchanged:
				c.Unchanged++
			default:
				c.Replaced++
			}
		}
		clear(batch)
		batch = batch[:0]
		return nil
	}
	for raw, err := range lg.list(l, ctx, from, to) {
		if err != nil {
			return fail(errors.Join(err, flush()))
		}
		c.Listed++
		row, err := graph.DecodeUsageRow(lg.kind, raw)
		if err != nil {
			c.Rejected++
			u.logger().Warn("usage row rejected", "tenant", tenant, "kind", lg.kind, "err", err)
			continue
		}
		if batch = append(batch, row); len(batch) >= usageBatch {
			if err := flush(); err != nil {
				return fail(err)
			}
		}
	}
	if err := flush(); err != nil {
		return fail(err)
	}
	last := to.AddDate(0, 0, -1)
	if over := day(started).AddDate(0, 0, -1); last.After(over) {
		last = over
	}
	contiguous := prev.IsZero() || !from.After(prev.AddDate(0, 0, 1))
	if contiguous && last.After(prev) && !last.Before(from) {
		if err := u.Store.SetSetting(ctx, throughKey(tenant, lg.kind), last.Format(time.DateOnly)); err != nil {
			return fail(fmt.Errorf("remembering the last day collected: %w", err))
		}
		c.Through = last
	}
	u.logger().Info("usage collected", "tenant", tenant, "kind", lg.kind, "from", from.Format(time.DateOnly), "to", to.Format(time.DateOnly),
		"listed", c.Listed, "inserted", c.Inserted, "replaced", c.Replaced, "unchanged", c.Unchanged, "rejected", c.Rejected,
		"through", c.Through.Format(time.DateOnly))
	return c, nil
}

// Through returns the last day of the log fully collected for the
// tenant, zero when none is.
func (u *UsageCollector) Through(ctx context.Context, tenant string, kind model.UsageKind) (time.Time, error) {
	return u.through(ctx, tenant, kind)
}

func (u *UsageCollector) through(ctx context.Context, tenant string, kind model.UsageKind) (time.Time, error) {
	v, ok, err := u.Store.Setting(ctx, throughKey(tenant, kind))
	if err != nil {
		return time.Time{}, fmt.Errorf("reading the last %s usage day collected for tenant %s: %w", kind, tenant, err)
	}
	if !ok || v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("the setting %s is %q, not a day (YYYY-MM-DD)", throughKey(tenant, kind), v)
	}
	return t, nil
}

// throughKey is the setting that remembers a log's last day collected.
func throughKey(tenant string, kind model.UsageKind) string {
	return "usage-collected-through/" + tenant + "/" + string(kind)
}

// day is the UTC day t falls in, as its midnight.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (u *UsageCollector) now() time.Time {
	if u.Now != nil {
		return u.Now()
	}
	return time.Now()
}

func (u *UsageCollector) overlap() int {
	switch {
	case u.Overlap == 0:
		return DefaultUsageOverlap
	case u.Overlap < 0:
		return 0
	}
	return u.Overlap
}

func (u *UsageCollector) firstDays() int {
	if u.FirstDays <= 0 {
		return DefaultUsageFirstDays
	}
	return u.FirstDays
}

func (u *UsageCollector) logger() *slog.Logger {
	if u.Logger != nil {
		return u.Logger
	}
	return slog.New(slog.DiscardHandler)
}
