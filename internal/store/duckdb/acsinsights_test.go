package duckdb

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/storetest"
)

// TestACSParticipantsRebuiltByMigration: a store that had ACS calls
// before migration 017 gets their participants when it is opened, and
// the report then gives what the oracle gives.
func TestACSParticipantsRebuiltByMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "callscope.db")
	d := openAt(t, path)
	calls := storetest.ACSCalls("contoso", 9, 300, time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC))
	if _, err := d.PutCalls(ctx, calls); err != nil {
		t.Fatal(err)
	}
	// Back to the store version 16 left: no table, migration not applied.
	for _, q := range []string{`DROP TABLE acs_participants`, `DROP TABLE acs_participant_days`, `DELETE FROM schema_migrations WHERE version = 17`} {
		if _, err := d.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d = openAt(t, path)
	asked, err := d.asked(ctx, "acs-participants-rebuild")
	if err != nil || asked {
		t.Fatalf("the rebuild is still asked for (%v, %v)", asked, err)
	}
	o := storetest.NewACSOracle(storetest.ACSFactsOf(t, d, "contoso"))
	q := store.ACSQuery{Tenant: "contoso", GroupBy: []store.ACSDimension{store.ACSSDKVersion, store.ACSEndCode}}
	got, err := d.ACSAggregate(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	want := o.Aggregate(q)
	if len(want) < 10 {
		t.Fatalf("only %d groups: the test tests little", len(want))
	}
	storetest.CheckACSRows(t, "after the rebuild", got, want)
}

// TestACSDaysStayCompact: however often calls are written again, the
// daily sums keep one row per key.
func TestACSDaysStayCompact(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := openAt(t, filepath.Join(t.TempDir(), "callscope.db"))
	end := time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)
	for v := range 3 {
		calls := storetest.ACSCalls("contoso", 9, 200, end)
		for _, c := range calls {
			c.Version = int64(v + 1)
		}
		if _, err := d.PutCalls(ctx, calls); err != nil {
			t.Fatal(err)
		}
	}
	var rows, keys int
	err := d.db.QueryRowContext(ctx, `SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT tenant, day, call_type, interop, survey_only,
		participant_type, endpoint_type, sdk_version, os, platform, end_code, end_sub_code, result_category FROM acs_participant_days))
		FROM acs_participant_days`).Scan(&rows, &keys)
	if err != nil {
		t.Fatal(err)
	}
	if rows != keys || rows < 100 {
		t.Errorf("%d rows of daily sums for %d keys", rows, keys)
	}
}
