package collect

import (
	"log/slog"
	"time"
)

// What the collection loops (SweepLoop, UsageLoop, TenantLookup) share.

// loopRetryMin is the first wait after a failed run of a collection
// loop (doubled at each failure in a row, see Repeat): Graph unreachable
// for a moment costs half a minute, not a whole interval.
const loopRetryMin = 30 * time.Second

// clockNow is now's time, or the real one when now is nil.
func clockNow(now func() time.Time) time.Time {
	if now != nil {
		return now()
	}
	return time.Now()
}

func orDiscard(l *slog.Logger) *slog.Logger {
	if l != nil {
		return l
	}
	return slog.New(slog.DiscardHandler)
}
