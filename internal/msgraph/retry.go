package msgraph

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryable reports whether Graph's status asks the client to try again
// later: throttled (429), unavailable (503) or a gateway timeout (504).
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

// parseRetryAfter reads a Retry-After header, either delay-seconds or an
// HTTP date (RFC 9110 §10.2.3). ok is false when there is no usable value;
// a date in the past means "now".
func parseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second) // a day is "much later"; avoid overflow
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// backoff is the wait before retry number attempt (0-based) when Graph
// gave no Retry-After: base·2^attempt capped at maxDelay, with "equal
// jitter" — a random point in the upper half — so that clients throttled
// together do not come back together, yet each still waits a while.
func backoff(attempt int, base, maxDelay time.Duration) time.Duration {
	d := base
	for range attempt {
		if d >= maxDelay/2 {
			d = maxDelay
			break
		}
		d *= 2
	}
	d = min(d, maxDelay)
	half := d / 2
	return half + rand.N(half+1)
}
