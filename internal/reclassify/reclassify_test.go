package reclassify

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

func TestReclassify(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Stored without verdicts, as by a callscope from before the rules.
	for _, tenant := range []string{"contoso", "fabrikam"} {
		if _, err := ingest.Run(ctx, st, []string{"../../examples"}, ingest.Options{Tenant: tenant}); err != nil {
			t.Fatal(err)
		}
	}
	rules2024, _ := quality.New(quality.Options{})
	rules2021, _ := quality.New(quality.Options{CQDRules: "2021"})

	sum, err := Run(ctx, st, rules2024, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Tenants != 2 || sum.Calls != 20 || sum.Rewritten != 20 {
		t.Errorf("first run: %+v, want every call of both tenants judged and written", sum)
	}
	calls, _ := st.ListCalls(ctx, store.CallFilter{Tenant: "contoso"})
	for _, c := range calls {
		if c.Rating == "" || c.Rules != rules2024.Rules() {
			t.Errorf("call %s: rating %q rules %q after reclassify", c.ID, c.Rating, c.Rules)
		}
	}
	legacy := stream(t, st, 1)
	if legacy.Quality != model.QualityGood {
		t.Errorf("2024 rules: degraded stream is %s, want good", legacy.Quality)
	}

	again, err := Run(ctx, st, rules2024, nil, nil)
	if err != nil || again.Rewritten != 0 || again.Unchanged != 20 {
		t.Errorf("second run with the same rules: %+v, %v", again, err)
	}
	// Rewriting all writes the unchanged calls too (after an upgrade,
	// for what a store keeps beside a call), their verdicts as they were.
	all, err := RunAll(ctx, st, rules2024, nil, nil)
	if err != nil || all.Rewritten != 20 || all.Unchanged != 20 {
		t.Errorf("rewriting all: %+v, %v", all, err)
	}
	if got := stream(t, st, 1); got.Quality != model.QualityGood {
		t.Errorf("after rewriting all: stream is %s, want good still", got.Quality)
	}

	old, err := Run(ctx, st, rules2021, []string{"contoso"}, nil)
	if err != nil || old.Tenants != 1 || old.Rewritten == 0 {
		t.Errorf("2021 rules on one tenant: %+v, %v", old, err)
	}
	if got := stream(t, st, 1); got.Quality != model.QualityPoor {
		t.Errorf("2021 rules: stream with degradation 1.16 is %s, want poor", got.Quality)
	}
	stats, _ := st.Stats(ctx, "")
	if stats.Calls != 20 {
		t.Errorf("reclassify changed the number of calls: %+v", stats)
	}
}

// stream returns stream i of the legacy example call of tenant contoso.
func stream(t *testing.T, st store.Store, i int) *model.Stream {
	t.Helper()
	c, err := st.Call(context.Background(), "contoso", "e523d2ed-2966-4b6b-925b-754a88034cc5")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Sessions {
		for _, g := range s.Segments {
			for _, m := range g.Media {
				if len(m.Streams) > i {
					return m.Streams[i]
				}
			}
		}
	}
	t.Fatalf("no stream %d", i)
	return nil
}
