package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
)

// sameAsEncodingJSON fails unless model.MarshalCanonical writes v as
// encoding/json does, byte for byte: stored hashes and stored records
// must not change with the engine that wrote them.
func sameAsEncodingJSON(t *testing.T, what string, v any) {
	t.Helper()
	want, werr := json.Marshal(v)
	got, err := model.MarshalCanonical(v)
	if (err == nil) != (werr == nil) {
		t.Fatalf("%s: MarshalCanonical error %v, encoding/json %v", what, err, werr)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		from := max(0, i-60)
		t.Fatalf("%s: differs at byte %d:\n canonical     %q\n encoding/json %q", what, i, got[from:min(len(got), i+60)], want[from:min(len(want), i+60)])
	}
}

// TestMarshalCanonicalAsEncodingJSON: realistic calls (large meetings,
// PSTN, judged), the documentation's examples, odd inputs and assembled
// ACS calls are written the same by both engines.
func TestMarshalCanonicalAsEncodingJSON(t *testing.T) {
	t.Parallel()
	judge, err := quality.New(quality.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("generated", func(t *testing.T) {
		t.Parallel()
		opts := gen.Options{Seed: 5, Users: 60, Days: 1, End: time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC), Format: gen.FormatGraph}
		n, large := 0, 0
		_, err := gen.GraphRecords(context.Background(), opts, nil, func(rec []byte) error {
			c, err := graph.DecodeCallRecord(rec)
			if err != nil {
				return err
			}
			c.Tenant = "t"
			judge.Judge(c)
			sameAsEncodingJSON(t, c.ID, c)
			n++
			if len(c.Sessions) > 20 {
				large++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n < 50 || large == 0 {
			t.Fatalf("compared %d calls, %d of them large meetings: too few to tell", n, large)
		}
	})
	t.Run("graph examples", func(t *testing.T) {
		t.Parallel()
		n := 0
		for _, dir := range []string{"fixtures", "records"} {
			files, _ := filepath.Glob(filepath.Join("..", "graph", "testdata", dir, "*.json"))
			for _, f := range files {
				raw, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				c, err := graph.DecodeCallRecord(raw)
				if err != nil {
					continue // lists and other shapes
				}
				judge.Judge(c)
				sameAsEncodingJSON(t, f, c)
				n++
			}
		}
		if n < 5 {
			t.Fatalf("compared only %d examples: are they in ../graph/testdata?", n)
		}
	})
	t.Run("acs", func(t *testing.T) {
		t.Parallel()
		byCall := map[string][]*model.ACSRecord{}
		for f, recs := range store.FixtureACSRecords(t) {
			for _, rec := range recs {
				sameAsEncodingJSON(t, f, rec)
				byCall[acs.CallID(rec)] = append(byCall[acs.CallID(rec)], rec)
			}
		}
		n := 0
		for _, recs := range byCall {
			c, err := acs.Assemble("t", recs)
			if err != nil {
				continue
			}
			judge.Judge(c)
			sameAsEncodingJSON(t, c.ID, c)
			n++
		}
		if n == 0 {
			t.Fatal("no ACS call assembled: are the examples in ../acs/testdata?")
		}
	})
	t.Run("odd values", func(t *testing.T) {
		t.Parallel()
		c := &model.Call{Tenant: "t <&> \u2028", ID: "\xff\xfe bad utf-8", Version: -1,
			StartDateTime: model.Some(time.Date(2025, 1, 2, 3, 4, 5, 600, time.FixedZone("x", 3600))),
			EndDateTime:   model.NullOf[time.Time](),
			Sessions:      []*model.Session{nil, {}},
			Extra:         model.Extra{"z": json.RawMessage(`{"b": 1, "a": "<x>"}`), "a": json.RawMessage(`[ 1e-7 ]`)},
		}
		sameAsEncodingJSON(t, "odd call", c)
	})
}

// FuzzMarshalCanonical: whatever a Graph record decodes to is written the
// same by both engines.
func FuzzMarshalCanonical(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "graph", "testdata", "fixtures", "*.json"))
	for _, file := range files {
		if raw, err := os.ReadFile(file); err == nil && len(raw) < 64<<10 {
			f.Add(raw)
		}
	}
	f.Add([]byte(`{"id":"a","version":1,"x<":"\u2028\ud800","sessions":[{"id":"s","segments":[{"media":[{"streams":[{"averageJitter":"PT0.0000001S","packetUtilization":1e300}]}]}]}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := graph.DecodeCallRecord(raw)
		if err != nil {
			return
		}
		sameAsEncodingJSON(t, "record", c)
	})
}
