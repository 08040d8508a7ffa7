package postgres

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/storetest"
)

// usageFactsVersion is the migration that adds usage_facts.
const usageFactsVersion = 11

// TestUsageFactsBackfill upgrades a database of the version before with
// usage rows in it (Graph's examples and rows of every shape): the facts
// migration 011 computes in SQL are the ones the store writes from Go
// (store.UsageFactOf), row for row, and an SMS has none.
func TestUsageFactsBackfill(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, server.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	apply := func(from, to int) {
		t.Helper()
		for _, m := range all[from:to] {
			if _, err := conn.Exec(ctx, m.sql); err != nil {
				t.Fatalf("migration %s: %v", m.name, err)
			}
		}
	}
	apply(0, usageFactsVersion-1)
	rows := storetest.UsageBackfillRows(t, filepath.Join("..", "..", "..", "examples", "graph"))
	want := map[string]string{}
	var facts []store.UsageFact
	for _, r := range rows {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `INSERT INTO usage_rows VALUES ('tenant-a', $1, $2, $3, 'hash', $4, now())`,
			string(r.Kind), r.ID, r.StartDateTime.Ptr(), string(b)); err != nil {
			t.Fatal(err)
		}
		if f, ok := store.UsageFactOf(r.ID, r); ok {
			want[r.ID] = storetest.UsageFactText(f)
			facts = append(facts, f)
		}
	}
	apply(usageFactsVersion-1, usageFactsVersion)
	got, err := conn.Query(ctx, `SELECT kind, id, start_time, day, user_key, user_upn, user_name, number, country, call_type, trunk,
		successful, sip_code, sub_reason, sip_phrase, duration, charge, connection_charge, currency, call_ref
		FROM usage_facts WHERE tenant = 'tenant-a'`)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	n := 0
	for got.Next() {
		var f store.UsageFact
		if err := got.Scan(&f.Kind, &f.ID, &f.Start, &f.Day, &f.UserKey, &f.UserPrincipalName, &f.UserName, &f.Number, &f.Country,
			&f.CallType, &f.Trunk, &f.Successful, &f.SIPCode, &f.SubReason, &f.SIPPhrase, &f.Duration, &f.Charge,
			&f.ConnectionCharge, &f.Currency, &f.CallRef); err != nil {
			t.Fatal(err)
		}
		n++
		if g := storetest.UsageFactText(f); g != want[f.ID] {
			t.Errorf("backfilled fact\n %s\nwant\n %s", g, want[f.ID])
		}
	}
	if err := got.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(want) || n < 200 {
		t.Errorf("%d facts backfilled, want %d (the rows less the SMS)", n, len(want))
	}
	// And the currencies charged.
	cur, err := conn.Query(ctx, `SELECT currency FROM usage_currencies WHERE tenant = 'tenant-a' ORDER BY currency`)
	if err != nil {
		t.Fatal(err)
	}
	defer cur.Close()
	var currencies []string
	for cur.Next() {
		var c string
		if err := cur.Scan(&c); err != nil {
			t.Fatal(err)
		}
		currencies = append(currencies, c)
	}
	wantCur := store.UsageCurrencies(facts)
	slices.Sort(wantCur)
	if !slices.Equal(currencies, wantCur) || len(wantCur) < 3 {
		t.Errorf("currencies backfilled %q, want %q", currencies, wantCur)
	}
}
