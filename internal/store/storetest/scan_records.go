package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/store"
)

// testScanACSRecords: a scan visits every record of the tenant once,
// with the key and version it is stored under, ordered bytewise by
// correlation id and key, across pages, while fn rewrites what it saw;
// another tenant's records stay out, and fn's error stops it.
func testScanACSRecords(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	var recs []store.ACSRecord
	for c := range 30 {
		// Upper and lower case and digits, which orderings disagree on
		// unless they compare bytes.
		corr := fmt.Sprintf("%c-corr-%02d", "aB"[c%2], c)
		for k := range 11 {
			key := fmt.Sprintf("diag/%c%d", "xY"[k%2], k)
			recs = append(recs, store.ACSRecord{Key: key, CorrelationID: corr, Version: int64(1 + k%3), Record: acsRecord(corr, key, float64(k))})
		}
	}
	for start := 0; start < len(recs); start += 100 {
		if _, err := st.PutACSRecords(ctx, "tenant-a", recs[start:min(start+100, len(recs))]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.PutACSRecords(ctx, "tenant-b", []store.ACSRecord{{Key: "other", CorrelationID: "a-corr-00", Version: 9, Record: acsRecord("a-corr-00", "other", 1)}}); err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(recs)
	slices.SortFunc(want, func(a, b store.ACSRecord) int {
		if c := strings.Compare(a.CorrelationID, b.CorrelationID); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	var got []store.ACSRecord
	err := st.ScanACSRecords(ctx, "tenant-a", func(r store.ACSRecord) error {
		got = append(got, r)
		// Writes between pages are allowed; a record rewritten is not
		// visited again.
		return st.RewriteACSRecords(ctx, "tenant-a", []store.ACSRecord{r})
	})
	if err != nil {
		t.Fatalf("ScanACSRecords: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("ScanACSRecords visited %d records, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.CorrelationID != w.CorrelationID || g.Key != w.Key || g.Version != w.Version {
			t.Fatalf("record %d: %s/%s v%d, want %s/%s v%d", i, g.CorrelationID, g.Key, g.Version, w.CorrelationID, w.Key, w.Version)
		}
		if canonical(t, g.Record) != canonical(t, w.Record) {
			t.Fatalf("record %d (%s/%s) does not round-trip", i, w.CorrelationID, w.Key)
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := st.ScanACSRecords(ctx, "tenant-a", func(store.ACSRecord) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("a scan whose fn fails: %v after %d records, want fn's error after 1", err, n)
	}
	wantErr(t, "ScanACSRecords without tenant", st.ScanACSRecords(ctx, "", func(store.ACSRecord) error { return nil }), store.ErrInvalid)
}

// testSettingsListed: Settings lists every key with its value, and no
// key deleted nor kept by the store for itself.
func testSettingsListed(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	want := map[string]string{"default-tenant": "tenant-a", "empty": "", "acs-blob:x": `{"offset":12}`}
	for k, v := range want {
		setSetting(t, st, k, v)
	}
	setSetting(t, st, "gone", "soon")
	setSetting(t, st, store.InternalSettingPrefix+"own", "bookkeeping")
	if err := st.DeleteSetting(ctx, "gone"); err != nil {
		t.Fatal(err)
	}
	got, err := st.Settings(ctx)
	if err != nil {
		t.Fatalf("Settings: %v", err)
	}
	// A store may keep settings of its own; those given must be there,
	// and the deleted one not.
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("Settings()[%q] = %q, %v; want %q", k, g, ok, v)
		}
	}
	for k := range got {
		if k == "gone" || strings.HasPrefix(k, store.InternalSettingPrefix) {
			t.Errorf("Settings() lists %q: %v", k, slices.Sorted(maps.Keys(got)))
		}
	}
}
