package duckdb

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/callscope/callscope/internal/store"
)

// checkInvariants checks what the schema cannot enforce, since it has no
// keys: each key is stored once, no fact or person outlives its call, and
// tokens hold hashes, never secrets.
func checkInvariants(t *testing.T, d *DB) {
	t.Helper()
	if d.closed.Load() {
		return
	}
	for what, q := range map[string]string{
		"calls stored twice": `SELECT count(*) FROM (SELECT tenant, id FROM calls GROUP BY tenant, id HAVING count(*) > 1)`,
		"acs records stored twice": `SELECT count(*) FROM (SELECT tenant, correlation_id, key FROM acs_records
			GROUP BY tenant, correlation_id, key HAVING count(*) > 1)`,
		"usage rows stored twice": `SELECT count(*) FROM (SELECT tenant, kind, id FROM usage_rows GROUP BY tenant, kind, id HAVING count(*) > 1)`,
		"stream facts stored twice": `SELECT count(*) FROM (SELECT tenant, call_id, session_index, segment_index, media_index, stream_index
			FROM stream_facts GROUP BY ALL HAVING count(*) > 1)`,
		"stream facts without their call": `SELECT count(*) FROM stream_facts f
			WHERE NOT EXISTS (SELECT 1 FROM calls c WHERE c.tenant = f.tenant AND c.id = f.call_id)`,
		"people without their call": `SELECT count(*) FROM call_people p
			WHERE NOT EXISTS (SELECT 1 FROM calls c WHERE c.tenant = p.tenant AND c.id = p.call_id)`,
		"facts of another version than their call": `SELECT count(*) FROM stream_facts f JOIN calls c
			ON c.tenant = f.tenant AND c.id = f.call_id WHERE c.version <> f.call_version`,
		"stream counts off": `SELECT count(*) FROM calls c
			WHERE c.streams <> (SELECT count(*) FROM stream_facts f WHERE f.tenant = c.tenant AND f.call_id = c.id AND f.media_kind <> 'none')`,
		// Added by migration 003.
		"tokens stored twice":        `SELECT count(*) FROM (SELECT id FROM api_tokens GROUP BY id HAVING count(*) > 1)`,
		"token secrets stored twice": `SELECT count(*) FROM (SELECT secret_hash FROM api_tokens GROUP BY secret_hash HAVING count(*) > 1)`,
		"token hashes not SHA-256":   `SELECT count(*) FROM api_tokens WHERE length(secret_hash) <> 64 OR regexp_matches(secret_hash, '[^0-9a-f]')`,
		"audit entries stored twice": `SELECT count(*) FROM (SELECT seq FROM audit_log GROUP BY seq HAVING count(*) > 1)`,
		"settings stored twice":      `SELECT count(*) FROM (SELECT key FROM settings GROUP BY key HAVING count(*) > 1)`,
	} {
		var n int
		if err := d.db.QueryRow(q).Scan(&n); err != nil {
			t.Errorf("check %s: %v", what, err)
			continue
		}
		if n != 0 {
			t.Errorf("store invariant broken: %d %s", n, what)
		}
	}
	checkPeopleIndex(t, d)
}

// checkPeopleIndex checks that the people index lists, for every
// identifier of every person stored (the first 200), what the tables
// list.
func checkPeopleIndex(t *testing.T, d *DB) {
	t.Helper()
	if d.people.Load() == nil {
		return
	}
	rows, err := d.db.Query(`SELECT DISTINCT tenant, ident FROM (
		SELECT tenant, upper(person_id) AS ident FROM call_people UNION ALL
		SELECT tenant, upn FROM call_people UNION ALL
		SELECT tenant, phone FROM call_people) WHERE ident IS NOT NULL ORDER BY ALL LIMIT 200`)
	if err != nil {
		t.Errorf("check people index: %v", err)
		return
	}
	var filters []store.CallFilter
	for rows.Next() {
		var f store.CallFilter
		if err := rows.Scan(&f.Tenant, &f.User); err != nil {
			t.Errorf("check people index: %v", err)
		}
		filters = append(filters, f)
	}
	rows.Close()
	for _, f := range filters {
		if msg := indexDiff(d, f); msg != "" {
			t.Errorf("store invariant broken: people index: %s", msg)
		}
	}
	// Every call's compressed detail is in the index, as the table has
	// it; calls stored as text are read from the table.
	rows, err = d.db.Query(`SELECT tenant, id, detail_zstd IS NOT NULL FROM calls ORDER BY ALL LIMIT 200`)
	if err != nil {
		t.Errorf("check people index: %v", err)
		return
	}
	var keys []callKey
	compressed := map[callKey]bool{}
	for rows.Next() {
		var k callKey
		var z bool
		if err := rows.Scan(&k.tenant, &k.id, &z); err != nil {
			t.Errorf("check people index: %v", err)
		}
		keys = append(keys, k)
		compressed[k] = z
	}
	rows.Close()
	ix := d.people.Load()
	for _, k := range keys {
		lc, found, err := ix.lazyCall(k.tenant, k.id)
		if err != nil || found != compressed[k] {
			t.Errorf("store invariant broken: people index: detail of call %s: found %v, %v", k.id, found, err)
			continue
		}
		if !found {
			continue
		}
		raw, err := d.callDetail(context.Background(), k.tenant, k.id)
		if err != nil {
			t.Errorf("check people index: %v", err)
			continue
		}
		want, err := decodeCall(raw)
		if err != nil {
			t.Errorf("check people index: %v", err)
			continue
		}
		all := make([]int, len(lc.Call.Sessions))
		for i := range all {
			all[i] = i
		}
		if err := lc.Load(all); err != nil || !reflect.DeepEqual(lc.Call, want) {
			t.Errorf("store invariant broken: people index: call %s read from the index differs from the table's (%v)", k.id, err)
		}
	}
}

// indexDiff lists calls for f from the people index and from the tables,
// and says how they differ ("" when they do not).
func indexDiff(d *DB, f store.CallFilter) string {
	ix := d.people.Load()
	got, err := ix.list(f)
	if err != nil {
		return fmt.Sprintf("%+v: %v", f, err)
	}
	d.people.Store(nil)
	want, err := d.ListCalls(context.Background(), f)
	d.people.Store(ix)
	if err != nil {
		return fmt.Sprintf("%+v: tables: %v", f, err)
	}
	if len(got) == 0 && len(want) == 0 {
		return ""
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Sprintf("%+v:\nindex  %+v\ntables %+v", f, got, want)
	}
	return ""
}
