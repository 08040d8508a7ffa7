package privacy

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// minNeedle is the shortest personal value the byte scan looks for:
// shorter ones ("Ann", an empty-ish id) would match stray bytes of an
// unrelated page and prove nothing either way.
const minNeedle = 5

// category is what a personal value is, finer than model.PIIKind where
// the brief of retention names things apart: a join URL and an ACS
// identifier are both of kind id.
func category(f model.PIIField, v string) string {
	switch {
	case strings.HasSuffix(f.Path, "joinWebUrl"):
		return "join-url"
	case strings.HasPrefix(v, "8:acs:"):
		return "acs-id"
	}
	return string(f.Kind)
}

// storedPersonalValues collects every personal value the store holds for
// tenant, through the model's pii tags: of calls, of the ACS records
// they were assembled from, and of usage rows.
func storedPersonalValues(t *testing.T, st store.Store, tenant string) map[string]string {
	t.Helper()
	out := map[string]string{}
	add := func(v any) {
		model.WalkPII(v, func(f model.PIIField) {
			var vals []string
			switch x := f.Value.Interface().(type) {
			case model.Opt[string]:
				if x.Valid() {
					vals = append(vals, x.Value())
				}
			case string:
				vals = append(vals, x)
			case model.Extra:
				// Unknown properties beside personal fields are as personal
				// as the fields; only their string values are looked for.
				for _, raw := range x {
					var s string
					if json.Unmarshal(raw, &s) == nil {
						vals = append(vals, s)
					}
				}
			}
			for _, s := range vals {
				if len(s) >= minNeedle {
					out[s] = category(f, s)
				}
			}
		})
	}
	eachStored(t, st, tenant, add)
	return out
}

// needles returns the byte strings a value may be stored as: as itself
// (columns, the engine's string storage) and as it reads inside a JSON
// document (call detail, ACS records), where "&" becomes "\u0026".
func needles(v string) [][]byte {
	out := [][]byte{[]byte(v)}
	enc, err := json.Marshal(v)
	if err == nil {
		if inner := enc[1 : len(enc)-1]; !bytes.Equal(inner, out[0]) {
			out = append(out, inner)
		}
	}
	return out
}

// scanFiles reads every file under dir (the store, its WAL, the engine's
// temporary files) as raw bytes, as someone holding the disk would, and
// returns the values of want found in any of them, each with the file it
// was found in. The scan keys every needle by its first minNeedle bytes,
// so that each file is read once however many values are looked for.
func scanFiles(t *testing.T, dir string, want map[string]string) map[string]string {
	t.Helper()
	type needle struct {
		value string
		b     []byte
	}
	byPrefix := map[uint64][]needle{}
	key := func(b []byte) uint64 {
		var k [8]byte
		copy(k[:], b[:minNeedle])
		return binary.LittleEndian.Uint64(k[:])
	}
	for v := range want {
		for _, b := range needles(v) {
			byPrefix[key(b)] = append(byPrefix[key(b)], needle{v, b})
		}
	}
	// A bit per 3-byte prefix lets most offsets be passed over without a
	// map lookup.
	var first [1 << 24 / 64]uint64
	prefix3 := func(b []byte) uint32 { return uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2]) }
	for _, ns := range byPrefix {
		p := prefix3(ns[0].b)
		first[p/64] |= 1 << (p % 64)
	}
	found := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i := 0; i+minNeedle <= len(data); i++ {
			if p := prefix3(data[i:]); first[p/64]&(1<<(p%64)) == 0 {
				continue
			}
			for _, n := range byPrefix[key(data[i:])] {
				if _, ok := found[n.value]; !ok && bytes.HasPrefix(data[i:], n.b) {
					found[n.value] = filepath.Base(path)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestScrubLeavesNoPersonalValueOnDisk: once retention has cleared
// personal data and deleted old calls, no personal value is left in any
// file of the store's folder — not in blocks the engine freed, not in
// its write-ahead log, not in old versions of rewritten rows — whether
// the store is still open (as under `callscope serve`) or closed.
func TestScrubLeavesNoPersonalValueOnDisk(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	end := time.Date(2025, 3, 14, 18, 0, 0, 0, time.UTC)
	data := t.TempDir()
	if _, err := gen.Generate(ctx, data, gen.Options{Seed: 5, Users: 20, Days: 2, End: end}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// Plain storage: compressed pages would hide values from the scan
	// whether they were gone or not.
	st, err := duckdb.Open(ctx, filepath.Join(dir, "callscope.db"), duckdb.WithPlainStorage(),
		duckdb.WithClock(func() time.Time { return end }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The examples add usage rows (PSTN, direct routing, SMS), which the
	// generator does not write. What ingest rejects is its business: the
	// values looked for are those of what was stored.
	if _, err := ingest.Run(ctx, st, []string{data, examples}, ingest.Options{Tenant: "contoso"}); err != nil {
		t.Fatal(err)
	}
	personal := storedPersonalValues(t, st, "contoso")
	perCategory := map[string]int{}
	for _, c := range personal {
		perCategory[c]++
	}
	for _, c := range []string{"name", "upn", "id", "phone", "ip", "mac", "bssid", "device", "text", "join-url", "acs-id"} {
		if perCategory[c] == 0 {
			t.Errorf("no %s among the %d personal values ingested: the scan would not prove it goes", c, len(personal))
		}
	}
	t.Logf("%d personal values: %v", len(personal), perCategory)

	// The scan must be able to find what is there, or its silence after
	// the scrub would mean nothing.
	before := scanFiles(t, dir, personal)
	if missing := len(personal) - len(before); missing > 0 {
		var some []string
		for v := range personal {
			if _, ok := before[v]; !ok && len(some) < 5 {
				some = append(some, v)
			}
		}
		t.Fatalf("%d of %d personal values not found in the store's files before the scrub (e.g. %q): the scan is blind", missing, len(personal), some)
	}

	// 60 days on: everything is past the 28 days of personal data; calls
	// of the first day are past the 61 days calls are kept.
	now := end.AddDate(0, 0, 60)
	s := &Scrubber{Store: st, Policy: Policy{EUIIAfter: 28 * Day, KeepCalls: 61 * Day}, Now: func() time.Time { return now }}
	res, err := s.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.CallsCleared == 0 || res.CallsDeleted == 0 || res.ACSRecordsCleared == 0 || res.UsageRowsCleared == 0 {
		t.Fatalf("result %+v: want calls, ACS records and usage rows cleared and calls deleted", res)
	}
	if left := storedPersonalValues(t, st, "contoso"); len(left) != 0 {
		t.Fatalf("%d personal values still readable through the store", len(left))
	}

	// What is kept must still be found, or the files were compressed and
	// the scan below could not tell a value gone from one hidden.
	calls, err := st.ListCalls(ctx, store.CallFilter{Tenant: "contoso"})
	if err != nil || len(calls) == 0 {
		t.Fatalf("%d calls kept, %v", len(calls), err)
	}
	kept := map[string]string{}
	for _, c := range calls {
		kept[c.ID] = "call id"
	}
	control := func(when string) {
		t.Helper()
		if found := scanFiles(t, dir, kept); len(found) != len(kept) {
			t.Fatalf("%s: only %d of the %d ids of calls kept found in the store's files: the scan is blind", when, len(found), len(kept))
		}
	}

	report := func(when string, found map[string]string) {
		t.Helper()
		control(when)
		if len(found) == 0 {
			return
		}
		perFile := map[string]int{}
		var lines []string
		for v, file := range found {
			perFile[file]++
			lines = append(lines, personal[v]+" "+v+" in "+file)
		}
		sort.Strings(lines)
		t.Errorf("%s: %d of %d personal values still in the store's files (per file %v), e.g.:\n%s",
			when, len(found), len(personal), perFile, strings.Join(lines[:min(len(lines), 12)], "\n"))
	}
	report("store open after the scrub", scanFiles(t, dir, personal))
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	report("store closed after the scrub", scanFiles(t, dir, personal))
}
