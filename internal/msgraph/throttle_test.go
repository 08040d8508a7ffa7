package msgraph

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestThrottling(t *testing.T) {
	t.Parallel()
	const body = `{"id":"` + recordID + `","version":1}`
	throttled := func(status int, retryAfter string) answer {
		a := answer{status: status, body: `{"error":{"code":"TooManyRequests","message":"Too many requests"}}`}
		if retryAfter != "" {
			a.header = map[string]string{"Retry-After": retryAfter}
		}
		return a
	}
	// The stand-in's clock stands still at start, so an HTTP date is a
	// known distance away.
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	date := start.Add(42 * time.Second).Format(http.TimeFormat)

	tests := []struct {
		name     string
		answers  []answer
		want     error // nil: the record comes back
		requests int   // to the record URL
		// waits Sleep was asked for, each within [lo, hi]
		waits [][2]time.Duration
		retry time.Duration // RetryAfter of the error
	}{{
		name:     "429 with Retry-After seconds",
		answers:  []answer{throttled(429, "7"), ok(body)},
		requests: 2,
		waits:    [][2]time.Duration{{7 * time.Second, 7 * time.Second}},
	}, {
		name:     "503 with Retry-After as an HTTP date",
		answers:  []answer{throttled(503, date), ok(body)},
		requests: 2,
		waits:    [][2]time.Duration{{42 * time.Second, 42 * time.Second}},
	}, {
		name:     "504 without Retry-After backs off exponentially with jitter",
		answers:  []answer{throttled(504, ""), throttled(504, ""), throttled(504, "junk"), ok(body)},
		requests: 4,
		waits: [][2]time.Duration{
			{500 * time.Microsecond, time.Millisecond},
			{time.Millisecond, 2 * time.Millisecond},
			{2 * time.Millisecond, 4 * time.Millisecond},
		},
	}, {
		name:     "backoff is capped at MaxDelay",
		answers:  []answer{throttled(503, ""), throttled(503, ""), throttled(503, ""), throttled(503, "")},
		want:     ErrThrottled,
		requests: 4, // the first try and MaxRetries (3) more
		waits: [][2]time.Duration{
			{500 * time.Microsecond, time.Millisecond},
			{time.Millisecond, 2 * time.Millisecond},
			{2 * time.Millisecond, 4 * time.Millisecond},
		},
		retry: -1, // some backoff, not checked
	}, {
		name:     "a Retry-After past MaxRetryAfter is handed to the caller",
		answers:  []answer{throttled(429, "3600")},
		want:     ErrThrottled,
		requests: 1,
		retry:    time.Hour,
	}, {
		name:     "a past HTTP date retries at once",
		answers:  []answer{throttled(429, start.Add(-time.Minute).Format(http.TimeFormat)), ok(body)},
		requests: 2,
		waits:    [][2]time.Duration{{0, 0}},
	}, {
		name:     "500 is not retried",
		answers:  []answer{{status: 500, body: `{"error":{"code":"InternalServerError","message":"boom"}}`}},
		want:     ErrBadResponse,
		requests: 1,
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStandIn(t)
			s.on(recordURI, tc.answers...)
			s.on(participantsURI, ok(body))
			clock := newRecorder()
			clock.now = start
			c := s.client(t, clock)
			_, err := c.GetCallRecord(context.Background(), recordID)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if n := s.hitsOf(recordURI); n != tc.requests {
				t.Errorf("record requested %d times, want %d", n, tc.requests)
			}
			waits := clock.Waits()
			if len(waits) != len(tc.waits) {
				t.Fatalf("waited %v, want %d waits", waits, len(tc.waits))
			}
			for i, w := range waits {
				if w < tc.waits[i][0] || w > tc.waits[i][1] {
					t.Errorf("wait %d is %v, want %v–%v", i, w, tc.waits[i][0], tc.waits[i][1])
				}
			}
			var e *Error
			if tc.want == ErrThrottled {
				if !errors.As(err, &e) || e.Status == 0 || e.RequestID == "" || (tc.retry >= 0 && e.RetryAfter != tc.retry) {
					t.Errorf("error %#v: want status, request-id and RetryAfter %v", e, tc.retry)
				}
			}
			if st := c.Stats(); st.Retries != int64(len(tc.waits)) {
				t.Errorf("stats count %d retries, want %d", st.Retries, len(tc.waits))
			}
		})
	}
}

func TestThrottlingRespectsCancellation(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	s.on(recordURI, answer{status: 429, header: map[string]string{"Retry-After": "30"}, body: `{}`})
	clock := newRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	clock.onSleep = cancel // the caller gives up while the client waits
	_, err := s.client(t, clock).GetCallRecord(ctx, recordID)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if n := s.hitsOf(recordURI); n != 1 {
		t.Errorf("record requested %d times after the cancellation, want 1 in all", n)
	}
}

func TestUnreachableGraphIsRetriedThenNamed(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	clock := newRecorder()
	c := s.client(t, clock)
	if _, err := c.tokens.token(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.graph.Close() // Graph goes away after sign-in
	_, err := c.GetCallRecord(context.Background(), recordID)
	var e *Error
	if !errors.As(err, &e) || e.Kind != ErrUnreachable {
		t.Fatalf("got %v, want ErrUnreachable", err)
	}
	if want := c.graph.Host; !contains(err.Error(), want, "cannot reach the Graph host") {
		t.Errorf("message %q does not name the Graph host %s", err, want)
	}
	if n := len(clock.Waits()); n != 3 {
		t.Errorf("retried %d times, want MaxRetries (3)", n)
	}
}

func TestRateLimits(t *testing.T) {
	t.Parallel()
	// With the clock standing still, the limiter lets the burst (a tenth
	// of the limit) through and makes every later request wait, each a
	// step longer: 10 per 10 s is a burst of 1, then one every 10/9 s.
	s := newStandIn(t)
	serveSplit(t, s, 1, 1) // 12 requests
	clock := newRecorder()
	c := s.client(t, clock, func(cfg *Config) { cfg.Limits.Record = Limit{Requests: 10, Per: 10 * time.Second} })
	if _, err := c.GetCallRecord(context.Background(), recordID); err != nil {
		t.Fatal(err)
	}
	waits := clock.Waits()
	if len(waits) != 11 {
		t.Fatalf("waited %d times (%v), want 11: every request after the burst", len(waits), waits)
	}
	step := 10 * time.Second / 9
	for i, w := range waits {
		if want := time.Duration(i+1) * step; w < want-time.Millisecond || w > want+time.Millisecond {
			t.Errorf("wait %d is %v, want %v", i, w, want)
		}
	}
	if st := c.Stats(); st.RateWaits != 11 || st.Retries != 0 {
		t.Errorf("stats %+v: want 11 rate waits and no retries", st)
	}
}

func TestDefaultLimitsStayUnderPublished(t *testing.T) {
	t.Parallel()
	// Published limits per 20 s (reference §7): per app per tenant 1,500,
	// per call record 40, List call records 40. A token bucket lets at
	// most burst + rate·window through in a window.
	for name, tc := range map[string]struct {
		l         Limit
		published int
	}{"tenant": {defaultTenantLimit, 1500}, "record": {defaultRecordLimit, 40}, "list": {defaultListLimit, 40}} {
		lim := newLimiter(tc.l)
		most := float64(lim.Burst()) + float64(lim.Limit())*20
		if most > float64(tc.published) {
			t.Errorf("%s: up to %.0f requests in 20 s, over the published %d", name, most, tc.published)
		}
		if most < 0.8*float64(tc.published) {
			t.Errorf("%s: only %.0f requests in 20 s, needlessly far under %d", name, most, tc.published)
		}
	}
}
