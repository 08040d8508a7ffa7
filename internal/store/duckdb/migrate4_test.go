package duckdb

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// TestUpgradeCountsIssues opens a store as version 3 left it, with a
// judged call: migration 004 counts the call's issues from its detail,
// and the call is then found through the index on calls.id.
func TestUpgradeCountsIssues(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "callscope.db")
	db := storeAtVersion(t, path, 3)
	detail := `{"id":"call-1","version":1,"sessions":[
		{"rating":"poor","issues":[{"severity":"red","area":"network","reason":"r"},{"severity":"yellow","area":"network","reason":"y"}]},
		{"rating":"good"},
		{"rating":"poor","issues":[{"severity":"red","area":"device","reason":"r"}]}]}`
	for _, row := range []struct{ id, detail string }{{"call-1", detail}, {"call-2", `{"id":"call-2","version":1}`}} {
		if _, err := db.Exec(`INSERT INTO calls VALUES ('tenant-a', ?, 1, 'graph', 'peerToPeer', ?, NULL, false,
			'[]', 3, 0, 0, 'hash', ?, now(), 'poor', 'rules')`, row.id, time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC), row.detail); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	d := openAt(t, path)
	sums, err := d.ListCalls(ctx, store.CallFilter{Tenant: "tenant-a"})
	if err != nil || len(sums) != 2 {
		t.Fatalf("calls after upgrade = %+v, %v", sums, err)
	}
	got := map[string][2]int{}
	for _, s := range sums {
		got[s.ID] = [2]int{s.RedIssues, s.YellowIssues}
	}
	if got["call-1"] != [2]int{2, 1} || got["call-2"] != [2]int{0, 0} {
		t.Errorf("issue counts after upgrade = %v, want call-1 2 red 1 yellow, call-2 none", got)
	}
	var indexes int
	if err := d.db.QueryRow(`SELECT count(*) FROM duckdb_indexes() WHERE table_name = 'calls' AND index_name = 'calls_id'`).Scan(&indexes); err != nil || indexes != 1 {
		t.Fatalf("index calls_id: %d, %v", indexes, err)
	}
	// The optimizer scans small tables whatever their indexes; give it
	// enough rows to prefer the index. DuckDB decides when the query runs,
	// so only EXPLAIN ANALYZE tells.
	if _, err := d.db.Exec(`INSERT INTO calls SELECT tenant, 'filler-' || i, version, source, type, start_time, end_time,
		partial, modalities, sessions, streams, participants, content_hash, detail, stored_at, rating, rules, red_issues, yellow_issues, detail_zstd
		FROM calls, range(20000) r(i) WHERE id = 'call-2'`); err != nil {
		t.Fatal(err)
	}
	var plan string
	if err := d.db.QueryRow(`EXPLAIN ANALYZE SELECT tenant, detail FROM calls WHERE id = 'call-1'`).Scan(new(string), &plan); err != nil {
		t.Fatal(err)
	}
	if !containsFold(plan, "Index Scan") {
		t.Errorf("a lookup by id does not use the index:\n%s", plan)
	}
	if c, err := d.Call(ctx, "tenant-a", "call-1"); err != nil || c.ID != "call-1" {
		t.Errorf("Call after upgrade = %v, %v", c, err)
	}
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
