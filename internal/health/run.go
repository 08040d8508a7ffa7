package health

import (
	"context"
	"log/slog"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// RecordRun is Record for a background loop: a run cut short because
// the server is stopping (ctx ended) is not one, so it is not recorded,
// and a status that cannot be noted is logged rather than returned,
// since the loop goes on either way.
func RecordRun(ctx context.Context, st store.SettingStore, tenant, name string, err error, now time.Time, logger *slog.Logger) {
	if ctx.Err() != nil {
		return
	}
	if rerr := Record(ctx, st, tenant, name, err, now); rerr != nil && logger != nil {
		logger.Warn("the job's status could not be noted", "job", name, "err", rerr)
	}
}
