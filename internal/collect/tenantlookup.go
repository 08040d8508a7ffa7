package collect

import (
	"context"
	"log/slog"
	"time"
)

// TenantIDer tells the directory id of the tenant a Graph client signs
// in to (msgraph.Client does).
type TenantIDer interface {
	TenantGUID(ctx context.Context) (string, error)
}

// Waits of TenantLookup.
const (
	// tenantLookupTimeout bounds one lookup, so that a sign-in host that
	// does not answer is asked again rather than waited on.
	tenantLookupTimeout = 30 * time.Second
	// tenantLookupEvery is the longest wait between lookups that failed.
	tenantLookupEvery = time.Hour
)

// TenantLookup finds the directory id of a tenant configured by domain
// and has the Receiver take its notifications: Graph's notifications
// name the tenant by its id only.
type TenantLookup struct {
	Graph    TenantIDer
	Receiver *Receiver
	// Tenant is the callscope tenant the id stands for.
	Tenant string
	// After is the clock's timer; nil means the real one.
	After  func(time.Duration) <-chan time.Time
	Logger *slog.Logger
}

// Once looks the id up once and, found, adds it to the receiver.
func (l *TenantLookup) Once(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, tenantLookupTimeout)
	defer cancel()
	id, err := l.Graph.TenantGUID(ctx)
	if err != nil {
		return err
	}
	l.Receiver.AddTenant(id, l.Tenant)
	orDiscard(l.Logger).Info("the tenant's directory id, which Graph's notifications name", "tenant", l.Tenant, "id", id)
	return nil
}

// Run looks the id up until it is found or ctx ends, soon after a
// failure at first and then less often (see Repeat), while the sign-in
// host cannot be reached.
func (l *TenantLookup) Run(ctx context.Context) {
	logger := orDiscard(l.Logger)
	ctx, found := context.WithCancel(ctx)
	defer found()
	Repeat{Interval: tenantLookupEvery, RetryMin: loopRetryMin, After: l.After,
		Failed: func(err error, wait time.Duration) {
			logger.Warn("the tenant's directory id is not known yet; notifications are refused until it is", "retry in", wait, "err", err)
		}}.Run(ctx, func(ctx context.Context, _ bool) error {
		if err := l.Once(ctx); err != nil {
			return err
		}
		found()
		return nil
	})
}
