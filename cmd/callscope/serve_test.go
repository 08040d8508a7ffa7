package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a buffer the server goroutine writes while the test reads.
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

// served is a `callscope serve` running in the test's process.
type served struct {
	base     string
	out, err *syncBuffer
	stop     func()
}

// startServe runs `callscope serve` with args on c's store, on a free
// port of 127.0.0.1, and waits (at most a minute) until it listens. The
// server is stopped, and must exit cleanly, when the test ends.
func startServe(t *testing.T, c *cli, args ...string) *served {
	t.Helper()
	s := &served{out: &syncBuffer{}, err: &syncBuffer{}}
	env := map[string]string{"CALLSCOPE_STORE": c.store}
	cx := &cmdContext{stdin: strings.NewReader(""), stdout: s.out, stderr: s.err,
		lookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- run(ctx, cx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case code := <-done:
				if code != exitOK {
					t.Errorf("serve exited with %d after shutdown:\n%s", code, s.err.String())
				}
			case <-time.After(40 * time.Second):
				t.Error("serve did not stop")
			}
		})
	}
	t.Cleanup(s.stop)

	urlRE := regexp.MustCompile(`url=(https?://127\.0\.0\.1:\d+)`)
	for i := 0; i < 600; i++ { // at most a minute
		if m := urlRE.FindStringSubmatch(s.err.String()); m != nil {
			s.base = m[1]
			return s
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d:\n%s", code, s.err.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	t.Fatalf("the server did not start:\n%s", s.err.String())
	return nil
}

// TestServeDemo runs `callscope serve --demo` as the README does, on a
// small organization, and uses the printed admin token against the API.
func TestServeDemo(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	s := startServe(t, c, "--demo", "--demo-users", "12")
	tokenRE := regexp.MustCompile(`demo admin\s+token: (\S+)`)
	m := tokenRE.FindStringSubmatch(s.out.String())
	if m == nil {
		t.Fatalf("no admin token printed:\n%s", s.out.String())
	}
	req, _ := http.NewRequest("GET", s.base+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+m[1])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var me map[string]any
	json.NewDecoder(resp.Body).Decode(&me)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || me["role"] != "admin" {
		t.Errorf("GET /api/v1/me: %d %v", resp.StatusCode, me)
	}
	// The generated building file is the tenant's.
	req, _ = http.NewRequest("GET", s.base+"/api/v1/buildings", nil)
	req.Header.Set("Authorization", "Bearer "+m[1])
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	var bf struct{ Rows int }
	json.NewDecoder(resp.Body).Decode(&bf)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || bf.Rows == 0 {
		t.Errorf("GET /api/v1/buildings: %d, %d rows; want the generated building file", resp.StatusCode, bf.Rows)
	}
	if resp, err := http.Get(s.base + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("healthz: %v %v", resp, err)
	}
	// The web pages are served by the same process: the home page sends
	// to the sign-in form; unknown API paths still answer as the API does.
	if resp, err := http.Get(s.base + "/"); err != nil {
		t.Error(err)
	} else {
		resp.Body.Close()
		if resp.Request.URL.Path != "/signin" || resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET /: ended at %s with %d %s, want the sign-in page", resp.Request.URL, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	if resp, err := http.Get(s.base + "/api/v1/nope"); err != nil {
		t.Error(err)
	} else {
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("GET /api/v1/nope: %d %s, want the API's 404", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	s.stop()
}
