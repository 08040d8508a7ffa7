package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// testRewrite: derived data (verdicts, cleared personal data) replaces the
// stored call whatever its version, facts and people included; a call not
// stored is refused and nothing of the batch is written.
func testRewrite(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	c := simpleCall("tenant-a", "call-1", 3, t0, 2, 4)
	put(t, st, outcomes(model.Inserted), c)

	judged := clone(t, c)
	judged.Rules = "rules-v2"
	for _, sess := range judged.Sessions {
		sess.Rating = model.RatingPoor
		sess.Caller.AssociatedIdentity.DisplayName.Clear()
		for _, g := range sess.Segments {
			for _, m := range g.Media {
				for _, x := range m.Streams {
					x.Quality = model.QualityPoor
				}
			}
		}
	}
	if err := st.RewriteCalls(ctx, []*model.Call{judged}); err != nil {
		t.Fatalf("RewriteCalls: %v", err)
	}
	wantCall(t, st, judged)
	sums := list(t, st, store.CallFilter{Tenant: "tenant-a"})
	if len(sums) != 1 || sums[0].Rating != model.RatingPoor || sums[0].Rules != "rules-v2" || sums[0].Version != 3 {
		t.Errorf("summary after rewrite: %+v", sums)
	}
	if got := mustStats(t, st, "tenant-a"); got.Calls != 1 || got.Streams != 8 {
		t.Errorf("stats after rewrite: %+v (facts replaced, not added)", got)
	}
	// Telemetry of the same version still compares against the rewrite.
	put(t, st, outcomes(model.Unchanged), judged)

	before := snapshot(t, st, "tenant-a")
	missing := simpleCall("tenant-a", "never-stored", 1, t0, 1, 1)
	err := st.RewriteCalls(ctx, []*model.Call{clone(t, c), missing})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rewriting a call not stored: %v, want ErrNotFound", err)
	}
	if after := snapshot(t, st, "tenant-a"); after != before {
		t.Errorf("a refused rewrite changed the store")
	}
	other := clone(t, c)
	other.Tenant = "tenant-b"
	if err := st.RewriteCalls(ctx, []*model.Call{other}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rewriting another tenant's copy: %v, want ErrNotFound", err)
	}
}

func testTenants(t *testing.T, s *suite) {
	st := s.open(t)
	got, err := st.Tenants(context.Background())
	if err != nil || len(got) != 0 {
		t.Fatalf("Tenants of an empty store = %v, %v", got, err)
	}
	put(t, st, outcomes(model.Inserted, model.Inserted, model.Inserted),
		simpleCall("tenant-b", "x", 1, t0, 1, 1), simpleCall("tenant-a", "x", 1, t0, 1, 1), simpleCall("tenant-a", "y", 1, t0, 1, 1))
	got, err = st.Tenants(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "tenants", got, []string{"tenant-a", "tenant-b"})
	// A tenant with only usage rows or ACS records is one too: retention
	// must clear their phone numbers.
	if _, err := st.PutUsageRows(context.Background(), "tenant-u", []*model.UsageRow{usageRow("u1", 60)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutACSRecords(context.Background(), "tenant-c", []store.ACSRecord{{Key: "d1", Record: acsRecord("corr-1", "1", 5)}}); err != nil {
		t.Fatal(err)
	}
	if got, err = st.Tenants(context.Background()); err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "tenants", got, []string{"tenant-a", "tenant-b", "tenant-c", "tenant-u"})
}
