package duckdb

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/storetest"
)

var errEnough = errors.New("enough")

// canonicalCalls are stored encodings of realistic calls: the generator's
// records as ingest decodes them, encoded as the store encodes them.
func canonicalCalls(t testing.TB, n int) [][]byte {
	t.Helper()
	var out [][]byte
	_, err := gen.GraphRecords(context.Background(), gen.Options{Users: 60, Days: 3, End: time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)}, io.Discard,
		func(record []byte) error {
			c, err := graph.DecodeCallRecord(record)
			if err != nil {
				return nil // a page of participants, not a record
			}
			c.Tenant = "t"
			b, err := json.Marshal(c)
			if err != nil {
				return err
			}
			out = append(out, b)
			if len(out) == n {
				return errEnough
			}
			return nil
		})
	if err != nil && !errors.Is(err, errEnough) {
		t.Fatal(err)
	}
	return out
}

// TestDecodeCallAsEncodingJSON: the fast decoder reads every stored call
// as encoding/json does, and the call encodes back to the same bytes.
func TestDecodeCallAsEncodingJSON(t *testing.T) {
	t.Parallel()
	calls := canonicalCalls(t, 300)
	if len(calls) < 100 {
		t.Fatalf("%d calls generated", len(calls))
	}
	for _, b := range calls {
		got, err := decodeCall(b)
		if err != nil {
			t.Fatal(err)
		}
		var want model.Call
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, &want) {
			t.Fatalf("call %s decodes otherwise than with encoding/json", want.ID)
		}
		again, err := json.Marshal(got)
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("call %s does not encode back to its stored bytes (%v)", want.ID, err)
		}
		if msg := lazyDiff(b, &want); msg != "" {
			t.Fatal(msg)
		}
	}
}

// lazyDiff reads b lazily and says how it differs from want: before its
// segments are loaded (it must be want without them), and after.
func lazyDiff(b []byte, want *model.Call) string {
	lc, err := store.DecodeLazyCall(b)
	if err != nil {
		return fmt.Sprintf("lazy decode: %v", err)
	}
	bare := *want
	bare.Sessions = nil
	if want.Sessions != nil {
		bare.Sessions = make([]*model.Session, 0, len(want.Sessions))
	}
	all := make([]int, len(want.Sessions))
	for i, s := range want.Sessions {
		all[i] = i
		if s != nil {
			cp := *s
			cp.Segments = nil
			s = &cp
		}
		bare.Sessions = append(bare.Sessions, s)
	}
	if !reflect.DeepEqual(lc.Call, &bare) {
		return fmt.Sprintf("call %s read lazily is not the call without its segments", want.ID)
	}
	if err := lc.Load(all); err != nil {
		return fmt.Sprintf("load segments: %v", err)
	}
	if !reflect.DeepEqual(lc.Call, want) {
		return fmt.Sprintf("call %s read lazily, segments loaded, is not the call", want.ID)
	}
	return ""
}

// FuzzDecodeCall: on any input, decodeCall succeeds exactly when
// encoding/json does, with the same call.
func FuzzDecodeCall(f *testing.F) {
	seed, err := json.Marshal(storetest.SampleCall("t", "c", 2, time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC), 2, 2))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"id":"x","sessions":[{"id":"s","segments":null}],"@unknown":{"a":1}}`))
	f.Add([]byte(`{"id":"x","ID":"y","version":"3"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeCall(b)
		var want model.Call
		wantErr := json.Unmarshal(b, &want)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("decodeCall error %v, encoding/json error %v", err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got, &want) {
			t.Fatalf("decodeCall and encoding/json read %q otherwise", b)
		}
		if err == nil {
			if msg := lazyDiff(b, &want); msg != "" {
				t.Fatalf("%q: %s", b, msg)
			}
		}
	})
}

func BenchmarkDecodeCall(b *testing.B) {
	calls := canonicalCalls(b, 400)
	var size int64
	for _, c := range calls {
		size += int64(len(c))
	}
	for _, tc := range []struct {
		name   string
		decode func([]byte) error
	}{
		{"fast", func(raw []byte) error { _, err := decodeCall(raw); return err }},
		{"encoding-json", func(raw []byte) error { var c model.Call; return json.Unmarshal(raw, &c) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(size)
			for range b.N {
				for _, c := range calls {
					if err := tc.decode(c); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// TestDecodeACSRecordAsEncodingJSON: the fast decoder reads stored ACS
// records, generated and the documentation's, as encoding/json does.
func TestDecodeACSRecordAsEncodingJSON(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	_, err := gen.Generate(context.Background(), dir, gen.Options{Seed: 3, Users: 200, Days: 2, End: time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC), Format: gen.FormatACS, Plain: true})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "acs", "testdata", "*.ndjson"))
	err = filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(path, ".json") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for line := range bytes.Lines(raw) {
			rec, err := acs.DecodeRecord(line, "")
			if err != nil {
				continue
			}
			b, err := model.MarshalCanonical(rec)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeACSRecord(b)
			if err != nil {
				t.Fatal(err)
			}
			var want model.ACSRecord
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, &want) {
				t.Fatalf("%s: record decodes otherwise than with encoding/json:\n%s", f, b)
			}
			n++
		}
	}
	if n < 500 {
		t.Fatalf("compared %d records: too few to tell", n)
	}
}
