package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/storetest"
)

// TestACSParticipantsRebuiltByMigration: a database that had ACS calls
// before migration 012 gets their participants as it is migrated, and
// the report then gives what the oracle gives.
func TestACSParticipantsRebuiltByMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := openTemp(t).(*DB)
	calls := storetest.ACSCalls("contoso", 9, 300, time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC))
	if _, err := d.PutCalls(ctx, calls); err != nil {
		t.Fatal(err)
	}
	// Back to the schema version 11 left: no table, migration not applied.
	for _, q := range []string{`DROP TABLE acs_participants`, `DROP TABLE acs_participant_days`, `DELETE FROM schema_migrations WHERE version = 12`} {
		if _, err := d.pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	again := reopen(t, d).(*DB)
	o := storetest.NewACSOracle(storetest.ACSFactsOf(t, again, "contoso"))
	q := store.ACSQuery{Tenant: "contoso", GroupBy: []store.ACSDimension{store.ACSSDKVersion, store.ACSEndCode}}
	got, err := again.ACSAggregate(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	want := o.Aggregate(q)
	if len(want) < 10 {
		t.Fatalf("only %d groups: the test tests little", len(want))
	}
	storetest.CheckACSRows(t, "after the migration", got, want)
}
