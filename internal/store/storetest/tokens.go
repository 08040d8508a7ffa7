package storetest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// secretHash is what the issuing package stores for a secret.
func secretHash(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

// token is a token of the given tenants made at created.
func token(id, secret, role string, created time.Time, tenants ...string) store.Token {
	return store.Token{ID: id, Name: "name of " + id, Role: role, Tenants: tenants, Hash: secretHash(secret), CreatedAt: created}
}

func createToken(t *testing.T, st store.Store, tok store.Token) {
	t.Helper()
	if err := st.CreateToken(context.Background(), tok); err != nil {
		t.Fatalf("CreateToken(%s): %v", tok.ID, err)
	}
}

func mustTokenByHash(t *testing.T, st store.Store, secret string) store.Token {
	t.Helper()
	tok, err := st.TokenByHash(context.Background(), secretHash(secret))
	if err != nil {
		t.Fatalf("TokenByHash(hash of %s): %v", secret, err)
	}
	return tok
}

// wantToken compares tokens field by field, times by instant.
func wantToken(t *testing.T, got, want store.Token) {
	t.Helper()
	if got.ID != want.ID || got.Name != want.Name || got.Role != want.Role ||
		!slices.Equal(got.Tenants, want.Tenants) || !slices.Equal(got.Hash, want.Hash) ||
		!got.CreatedAt.Equal(want.CreatedAt) || !got.LastUsedAt.Equal(want.LastUsedAt) || !got.RevokedAt.Equal(want.RevokedAt) {
		t.Fatalf("token = %+v,\nwant %+v", got, want)
	}
	if (got.Tenants == nil) != (want.Tenants == nil) {
		t.Fatalf("token %s tenants = %#v, want %#v", got.ID, got.Tenants, want.Tenants)
	}
}

func tokenIDs(t *testing.T, st store.Store) []string {
	t.Helper()
	toks, err := st.Tokens(context.Background())
	if err != nil {
		t.Fatalf("Tokens: %v", err)
	}
	var out []string
	for _, tok := range toks {
		out = append(out, tok.ID)
	}
	return out
}

// testTokens: tokens round-trip, list newest first, are found by hash
// only, and keep to their own tenants.
func testTokens(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	if got := tokenIDs(t, st); len(got) != 0 {
		t.Fatalf("Tokens of an empty store = %v", got)
	}
	a := token("tok_aaaaaaaa", "secret-a", "specialist", t0, "tenant-a")
	b := token("tok_bbbbbbbb", "secret-b", "engineer", t0.Add(time.Hour), "tenant-b", "tenant-c")
	c := token("tok_cccccccc", "secret-c", "admin", t0.Add(-time.Hour))
	c.LastUsedAt = t0
	same := token("tok_0same000", "secret-same", "admin", t0, "tenant-a") // created with a, ordered by id
	for _, tok := range []store.Token{a, b, c, same} {
		createToken(t, st, tok)
	}
	wantIDs(t, "Tokens", tokenIDs(t, st), []string{b.ID, same.ID, a.ID, c.ID})

	wantToken(t, mustTokenByHash(t, st, "secret-a"), a)
	wantToken(t, mustTokenByHash(t, st, "secret-b"), b)
	wantToken(t, mustTokenByHash(t, st, "secret-c"), c) // no tenants: nil
	toks, err := st.Tokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantToken(t, toks[0], b)

	// A token of tenant-a never picks up tenant-b's tenants, nor the other
	// way round.
	if got := mustTokenByHash(t, st, "secret-a").Tenants; !slices.Equal(got, []string{"tenant-a"}) {
		t.Errorf("tenant-a's token has tenants %v", got)
	}

	_, err = st.TokenByHash(ctx, secretHash("unknown"))
	wantErr(t, "TokenByHash of an unknown secret", err, store.ErrNotFound)
	_, err = st.TokenByHash(ctx, []byte("secret-a"))
	wantErr(t, "TokenByHash of a secret rather than its hash", err, store.ErrInvalid)

	// The creation time defaults to the store's clock.
	d := token("tok_dddddddd", "secret-d", "admin", time.Time{}, "tenant-a")
	createToken(t, st, d)
	if got := mustTokenByHash(t, st, "secret-d"); got.CreatedAt.IsZero() {
		t.Errorf("token created without a time has none: %+v", got)
	}
}

// testTokenConflicts: ids and hashes stay unique; an invalid token is
// refused; neither stores anything.
func testTokenConflicts(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	a := token("tok_aaaaaaaa", "secret-a", "admin", t0, "tenant-a")
	createToken(t, st, a)

	err := st.CreateToken(ctx, token(a.ID, "secret-other", "admin", t0, "tenant-b"))
	wantErr(t, "CreateToken with a taken id", err, store.ErrConflict)
	err = st.CreateToken(ctx, token("tok_other000", "secret-a", "admin", t0, "tenant-b"))
	wantErr(t, "CreateToken with a taken hash", err, store.ErrConflict)

	f := func(what string, change func(*store.Token)) {
		t.Helper()
		tok := token("tok_new00000", "secret-new", "admin", t0, "tenant-a")
		change(&tok)
		wantErr(t, "CreateToken with "+what, st.CreateToken(ctx, tok), store.ErrInvalid)
	}
	f("no id", func(tok *store.Token) { tok.ID = "" })
	f("no name", func(tok *store.Token) { tok.Name = "" })
	f("no role", func(tok *store.Token) { tok.Role = "" })
	f("no hash", func(tok *store.Token) { tok.Hash = nil })
	f("the secret for a hash", func(tok *store.Token) { tok.Hash = []byte("the secret itself, never stored") })
	f("an empty tenant", func(tok *store.Token) { tok.Tenants = []string{"tenant-a", ""} })

	wantIDs(t, "Tokens after refused creations", tokenIDs(t, st), []string{a.ID})
	wantToken(t, mustTokenByHash(t, st, "secret-a"), a)
}

// testTokenIDsUnique: creators racing for one id or one secret get one
// token between them, the others ErrConflict.
func testTokenIDsUnique(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	const racers = 8
	race := func(mk func(i int) store.Token) (created int) {
		t.Helper()
		var wg sync.WaitGroup
		errs := make([]error, racers)
		for i := range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = st.CreateToken(ctx, mk(i))
			}()
		}
		wg.Wait()
		for _, err := range errs {
			switch {
			case err == nil:
				created++
			case !errors.Is(err, store.ErrConflict):
				t.Errorf("racing CreateToken: %v, want nil or ErrConflict", err)
			}
		}
		return created
	}
	if n := race(func(i int) store.Token {
		return token("tok_samesame", fmt.Sprintf("secret-%d", i), "admin", t0, "tenant-a")
	}); n != 1 {
		t.Errorf("%d racers created tok_samesame, want 1", n)
	}
	if n := race(func(i int) store.Token {
		return token(fmt.Sprintf("tok_racer%03d", i), "one-secret", "admin", t0, "tenant-a")
	}); n != 1 {
		t.Errorf("%d racers stored one secret, want 1", n)
	}
	if got := tokenIDs(t, st); len(got) != 2 {
		t.Errorf("Tokens after the races = %v, want 2", got)
	}
}

// testTokenRevoke: a revoked token is still found, with the time it was
// first revoked; revoking touches no other token.
func testTokenRevoke(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	a := token("tok_aaaaaaaa", "secret-a", "admin", t0, "tenant-a")
	b := token("tok_bbbbbbbb", "secret-b", "admin", t0, "tenant-b")
	createToken(t, st, a)
	createToken(t, st, b)

	at := t0.Add(time.Hour)
	if err := st.RevokeToken(ctx, a.ID, at); err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}
	if err := st.RevokeToken(ctx, a.ID, at.Add(time.Hour)); err != nil {
		t.Fatalf("RevokeToken again: %v", err)
	}
	got := mustTokenByHash(t, st, "secret-a")
	if !got.Revoked() || !got.RevokedAt.Equal(at) {
		t.Errorf("revoked token: revoked %v at %v, want at %v (the first time)", got.Revoked(), got.RevokedAt, at)
	}
	a.RevokedAt = at
	wantToken(t, got, a)
	wantToken(t, mustTokenByHash(t, st, "secret-b"), b)
	wantIDs(t, "Tokens with a revoked one", tokenIDs(t, st), []string{a.ID, b.ID})

	wantErr(t, "RevokeToken of an unknown id", st.RevokeToken(ctx, "tok_unknown0", at), store.ErrNotFound)
	wantErr(t, "RevokeToken at no time", st.RevokeToken(ctx, b.ID, time.Time{}), store.ErrInvalid)
	if got := mustTokenByHash(t, st, "secret-b"); got.Revoked() {
		t.Errorf("a refused revocation revoked the token: %+v", got)
	}
}

// testTokenTouch: the last use only moves forward.
func testTokenTouch(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	a := token("tok_aaaaaaaa", "secret-a", "admin", t0, "tenant-a")
	b := token("tok_bbbbbbbb", "secret-b", "admin", t0, "tenant-a")
	createToken(t, st, a)
	createToken(t, st, b)
	f := func(at, want time.Time) {
		t.Helper()
		if err := st.TouchToken(ctx, a.ID, at); err != nil {
			t.Fatalf("TouchToken(%v): %v", at, err)
		}
		if got := mustTokenByHash(t, st, "secret-a").LastUsedAt; !got.Equal(want) {
			t.Fatalf("after TouchToken(%v): last used %v, want %v", at, got, want)
		}
	}
	f(t0.Add(2*time.Minute), t0.Add(2*time.Minute))
	f(t0.Add(time.Minute), t0.Add(2*time.Minute))
	f(t0.Add(3*time.Minute), t0.Add(3*time.Minute))
	if got := mustTokenByHash(t, st, "secret-b").LastUsedAt; !got.IsZero() {
		t.Errorf("touching a changed b: last used %v", got)
	}
	wantErr(t, "TouchToken of an unknown id", st.TouchToken(ctx, "tok_unknown0", t0), store.ErrNotFound)
	wantErr(t, "TouchToken at no time", st.TouchToken(ctx, a.ID, time.Time{}), store.ErrInvalid)
}
