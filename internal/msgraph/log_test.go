package msgraph

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer for a logger written from several
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLogsTellRetriesButNoSecrets(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	s.on(recordURI, answer{status: 429, header: map[string]string{"Retry-After": "2"}, body: `{}`}, ok(okRecord))
	s.on(participantsURI, ok(okRecord))
	var out syncBuffer
	c := s.client(t, newRecorder(), func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	if _, err := c.GetCallRecord(context.Background(), recordID); err != nil {
		t.Fatal(err)
	}
	logs := out.String()
	if !contains(logs, "level=WARN", "graph throttled, retrying", "status=429", "wait=2s", "tenant="+testTenant) {
		t.Errorf("the retry is not logged as a warning with its wait:\n%s", logs)
	}
	if !contains(logs, "graph call record fetched", "version=1") {
		t.Errorf("the fetch is not logged at debug:\n%s", logs)
	}
	for _, secret := range []string{testSecret, "token-1"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs show %q:\n%s", secret, logs)
		}
	}
}

func TestConcurrentCallersShareOneSignIn(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	serveOK(s)
	c := s.client(t, newRecorder())
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := c.GetCallRecord(context.Background(), recordID)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := s.tokenRequests(); n != 1 {
		t.Errorf("8 concurrent fetches signed in %d times, want once", n)
	}
	if st := c.Stats(); st.Requests != 16 {
		t.Errorf("stats count %d requests, want 16", st.Requests)
	}
}
