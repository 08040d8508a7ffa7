package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// clock is a settable clock for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var t0 = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := duckdb.Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func request(header ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
	for _, h := range header {
		r.Header.Add("Authorization", h)
	}
	return r
}

func TestNewSecret(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		s, h, err := NewSecret()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(s, SecretPrefix) || len(s) != len(SecretPrefix)+43 {
			t.Fatalf("secret %q: want %s and 43 base64url characters", s, SecretPrefix)
		}
		if seen[s] {
			t.Fatalf("secret %q made twice", s)
		}
		seen[s] = true
		if string(h) != string(HashSecret(s)) || len(h) != store.TokenHashSize {
			t.Fatalf("hash of %q does not match HashSecret", s)
		}
	}
}

func TestCreateValidates(t *testing.T) {
	t.Parallel()
	tokens := Tokens{Store: openStore(t), Now: func() time.Time { return t0 }}
	f := func(name string, role access.Role, tenants []string, ok bool) {
		t.Helper()
		_, _, err := tokens.Create(context.Background(), name, role, tenants)
		if ok != (err == nil) || err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("Create(%q, %q, %q) = %v, want ok %v (or ErrInvalid)", name, role, tenants, err, ok)
		}
	}
	f("helpdesk", access.Specialist, []string{"tenant-a"}, true)
	f("  both  ", access.Engineer, []string{"tenant-a", " tenant-b "}, true)
	f("", access.Admin, []string{"tenant-a"}, false)
	f("   ", access.Admin, []string{"tenant-a"}, false)
	f("x", "root", []string{"tenant-a"}, false)
	f("x", "", []string{"tenant-a"}, false)
	f("x", access.Admin, nil, false)
	f("x", access.Admin, []string{""}, false)
	f("x", access.Admin, []string{"a", "a"}, false)
	f("bell\a", access.Admin, []string{"a"}, false)
	f(strings.Repeat("n", 101), access.Admin, []string{"a"}, false)
	f("x", access.Admin, []string{"bad\xff"}, false)
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	clk := &clock{t: t0}
	tokens := Tokens{Store: st, Now: clk.Now}
	secret, tok, err := tokens.Create(ctx, "helpdesk-1", access.Specialist, []string{"tenant-a", "tenant-b"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tok.ID, "tok_") || len(tok.ID) != 12 || tok.Name != "helpdesk-1" || !tok.CreatedAt.Equal(t0) {
		t.Fatalf("token = %+v", tok)
	}
	p, err := tokens.Authenticate(request("Bearer " + secret))
	if err != nil {
		t.Fatal(err)
	}
	want := Principal{Name: "helpdesk-1", TokenID: tok.ID, Role: access.Specialist, Tenants: []string{"tenant-a", "tenant-b"}}
	if p.Name != want.Name || p.TokenID != want.TokenID || p.Role != want.Role || strings.Join(p.Tenants, ",") != "tenant-a,tenant-b" {
		t.Fatalf("principal = %+v, want %+v", p, want)
	}
	if !p.HasTenant("tenant-b") || p.HasTenant("tenant-c") {
		t.Errorf("HasTenant wrong for %+v", p)
	}
	// The scheme is case-insensitive; anything else is refused.
	if _, err := tokens.Authenticate(request("bearer  " + secret + " ")); err != nil {
		t.Errorf("lower-case scheme: %v", err)
	}
	for _, h := range [][]string{nil, {""}, {"Basic " + secret}, {"Bearer"}, {"Bearer "}, {secret},
		{"Bearer " + secret + "x"}, {"Bearer cs_wrong"}, {"Bearer " + secret, "Bearer " + secret},
		{"Bearer " + strings.Repeat("x", 300)}} {
		if _, err := tokens.Authenticate(request(h...)); !errors.Is(err, ErrUnauthenticated) {
			t.Errorf("Authorization %q: %v, want ErrUnauthenticated", h, err)
		}
	}
	if err := st.RevokeToken(ctx, tok.ID, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := tokens.Authenticate(request("Bearer " + secret)); !errors.Is(err, ErrRevoked) || errors.Is(err, ErrUnauthenticated) {
		t.Errorf("revoked token: %v, want ErrRevoked", err)
	}
}

// TestTouchOncePerMinute: the last-used time is written on first use and
// then only when a minute has passed.
func TestTouchOncePerMinute(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	clk := &clock{t: t0}
	tokens := Tokens{Store: st, Now: clk.Now}
	secret, tok, err := tokens.Create(ctx, "n", access.Admin, []string{"tenant-a"})
	if err != nil {
		t.Fatal(err)
	}
	lastUsed := func() time.Time {
		t.Helper()
		got, err := st.TokenByHash(ctx, tok.Hash)
		if err != nil {
			t.Fatal(err)
		}
		return got.LastUsedAt
	}
	use := func() {
		t.Helper()
		if _, err := tokens.Authenticate(request("Bearer " + secret)); err != nil {
			t.Fatal(err)
		}
	}
	if !lastUsed().IsZero() {
		t.Fatal("a new token has a last-used time")
	}
	use()
	if got := lastUsed(); !got.Equal(t0) {
		t.Fatalf("last used after first use = %v, want %v", got, t0)
	}
	clk.Add(59 * time.Second)
	use()
	if got := lastUsed(); !got.Equal(t0) {
		t.Errorf("last used moved after 59 s: %v", got)
	}
	clk.Add(time.Second)
	use()
	if got := lastUsed(); !got.Equal(t0.Add(time.Minute)) {
		t.Errorf("last used after a minute = %v, want %v", got, t0.Add(time.Minute))
	}
}

// TestStoreFailureIsNotUnauthenticated: a store that cannot answer is not
// a reason to tell the client its token is bad.
func TestStoreFailureIsNotUnauthenticated(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	tokens := Tokens{Store: st}
	secret, _, err := tokens.Create(context.Background(), "n", access.Admin, []string{"tenant-a"})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, err = tokens.Authenticate(request("Bearer " + secret))
	if err == nil || errors.Is(err, ErrUnauthenticated) || errors.Is(err, ErrRevoked) || !errors.Is(err, store.ErrClosed) {
		t.Errorf("closed store: %v, want a store error", err)
	}
}

type countingAuth struct {
	mu    sync.Mutex
	calls int
	next  Authenticator
}

func (c *countingAuth) Authenticate(r *http.Request) (Principal, error) {
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
	return c.next.Authenticate(r)
}

func TestCache(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t)
	clk := &clock{t: t0}
	tokens := Tokens{Store: st, Now: clk.Now}
	secret, tok, err := tokens.Create(ctx, "n", access.Engineer, []string{"tenant-a"})
	if err != nil {
		t.Fatal(err)
	}
	counter := &countingAuth{next: tokens}
	a := Cache(counter, 10*time.Second, clk.Now)
	for range 3 {
		p, err := a.Authenticate(request("Bearer " + secret))
		if err != nil || p.TokenID != tok.ID {
			t.Fatalf("cached Authenticate = %+v, %v", p, err)
		}
		p.Tenants[0] = "changed by the caller"
	}
	if counter.calls != 1 {
		t.Errorf("3 requests within the ttl reached the store %d times, want 1", counter.calls)
	}
	if p, _ := a.Authenticate(request("Bearer " + secret)); p.Tenants[0] != "tenant-a" {
		t.Errorf("a caller changed the cached principal: %+v", p)
	}
	// Failures are not cached.
	for range 2 {
		if _, err := a.Authenticate(request("Bearer cs_nope")); !errors.Is(err, ErrUnauthenticated) {
			t.Fatalf("unknown secret: %v", err)
		}
	}
	if counter.calls != 3 {
		t.Errorf("failures were cached: %d store lookups, want 3", counter.calls)
	}
	// Revocation takes effect when the entry expires.
	if err := st.RevokeToken(ctx, tok.ID, t0); err != nil {
		t.Fatal(err)
	}
	clk.Add(10 * time.Second)
	if _, err := a.Authenticate(request("Bearer " + secret)); !errors.Is(err, ErrRevoked) {
		t.Errorf("revoked token after the ttl: %v, want ErrRevoked", err)
	}
	if _, ok := Cache(counter, 0, nil).(*countingAuth); !ok {
		t.Error("Cache with no ttl should return the authenticator unchanged")
	}
}
