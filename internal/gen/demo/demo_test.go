package demo

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// TestSeed: an empty store gets a judged month of calls with their
// usage rows, the generated buildings and a working token per role; seeding it again stores
// nothing more and makes no more tokens.
func TestSeed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	engine, err := quality.New(quality.Options{})
	if err != nil {
		t.Fatal(err)
	}
	toks, err := Seed(ctx, st, "contoso", 4, engine.Judge, nil)
	if err != nil {
		t.Fatal(err)
	}
	stats, err := st.Stats(ctx, "contoso")
	if err != nil {
		t.Fatal(err)
	}
	if stats.Calls == 0 {
		t.Fatal("no calls stored")
	}
	if stats.UsageRows == 0 {
		t.Error("no PSTN or direct-routing usage rows stored")
	}
	if bs, _, err := st.Buildings(ctx, "contoso"); err != nil || len(bs) == 0 {
		t.Errorf("buildings: %d, %v; want the generated file's", len(bs), err)
	}
	var roles []access.Role
	for _, tok := range toks {
		roles = append(roles, tok.Role)
		r := httptest.NewRequest("GET", "/api/v1/me", nil)
		r.Header.Set("Authorization", "Bearer "+tok.Secret)
		p, err := auth.Tokens{Store: st}.Authenticate(r)
		if err != nil || p.Role != tok.Role || !slices.Equal(p.Tenants, []string{"contoso"}) {
			t.Errorf("token of %s: %+v, %v", tok.Role, p, err)
		}
	}
	if !slices.Equal(roles, access.Roles()) {
		t.Errorf("tokens for %v, want one per role %v", roles, access.Roles())
	}

	again, err := Seed(ctx, st, "contoso", 4, engine.Judge, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 0 {
		t.Errorf("seeding again made %d tokens", len(again))
	}
	if after, err := st.Stats(ctx, "contoso"); err != nil || after.Calls != stats.Calls {
		t.Errorf("seeding again: %d calls (%v), want %d", after.Calls, err, stats.Calls)
	}
}
