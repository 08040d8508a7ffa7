package msgraph

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	f := func(in string, want time.Duration, wantOK bool) {
		t.Helper()
		got, ok := parseRetryAfter(in, now)
		if got != want || ok != wantOK {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", in, got, ok, want, wantOK)
		}
	}
	f("", 0, false)
	f("0", 0, true)
	f("7", 7*time.Second, true)
	f(" 120 ", 2*time.Minute, true)
	f("-1", 0, false)
	f("1.5", 0, false)
	f("soon", 0, false)
	f("99999999999999999999", 0, false)
	f("999999999999", 24*time.Hour, true)
	f(now.Add(90*time.Second).Format(http.TimeFormat), 90*time.Second, true)
	f(now.Add(-time.Hour).Format(http.TimeFormat), 0, true)
	f("Sun, 01 Mar 2026 12:00:30 GMT", 30*time.Second, true)
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	f := func(attempt int, lo, hi time.Duration) {
		t.Helper()
		for range 200 {
			if d := backoff(attempt, time.Second, time.Minute); d < lo || d > hi {
				t.Fatalf("backoff(%d) = %v, want %v–%v", attempt, d, lo, hi)
			}
		}
	}
	f(0, 500*time.Millisecond, time.Second)
	f(1, time.Second, 2*time.Second)
	f(5, 16*time.Second, 32*time.Second)
	f(6, 30*time.Second, time.Minute)
	f(100, 30*time.Second, time.Minute)
	// Jitter: not every wait the same.
	seen := map[time.Duration]bool{}
	for range 50 {
		seen[backoff(3, time.Second, time.Minute)] = true
	}
	if len(seen) < 10 {
		t.Errorf("only %d different waits in 50: no jitter", len(seen))
	}
}

func TestRetryableStatuses(t *testing.T) {
	t.Parallel()
	for s, want := range map[int]bool{429: true, 503: true, 504: true, 500: false, 502: false, 401: false, 403: false, 404: false} {
		if retryable(s) != want {
			t.Errorf("retryable(%d) = %v", s, !want)
		}
	}
}

// contains reports whether s has every one of parts.
func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
