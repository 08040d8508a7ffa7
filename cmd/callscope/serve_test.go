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

// TestServeDemo runs `callscope serve --demo` as the README does, on a
// small organization, and uses the printed admin token against the API.
func TestServeDemo(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	var out, errb syncBuffer
	env := map[string]string{"CALLSCOPE_STORE": c.store}
	cx := &cmdContext{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		lookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- run(ctx, cx, []string{"serve", "--demo", "--demo-users", "12", "--addr", "127.0.0.1:0"})
	}()

	urlRE := regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)
	var base string
	for i := 0; i < 600 && base == ""; i++ { // at most a minute
		if m := urlRE.FindStringSubmatch(errb.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d:\n%s", code, errb.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("the server did not start:\n%s", errb.String())
	}
	tokenRE := regexp.MustCompile(`demo admin\s+token: (\S+)`)
	m := tokenRE.FindStringSubmatch(out.String())
	if m == nil {
		cancel()
		t.Fatalf("no admin token printed:\n%s", out.String())
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
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
	if resp, err := http.Get(base + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("healthz: %v %v", resp, err)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("serve exited with %d after shutdown:\n%s", code, errb.String())
		}
	case <-time.After(40 * time.Second):
		t.Fatal("serve did not stop")
	}
}
