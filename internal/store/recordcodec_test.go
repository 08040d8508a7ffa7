package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/model"
)

// Stored records cannot be read without the dictionary they were
// compressed with: changing a byte of it loses every record stored.
func TestRecordDictionaryIsFrozen(t *testing.T) {
	t.Parallel()
	const want = "bd29b0b09ba96c79c9b2c3785287b2b0ef18bac799d72fa8d4ec8c29f3256772"
	sum := sha256.Sum256(recordDict)
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("the records' dictionary changed (SHA-256 %s, was %s): give a new dictionary a new id and keep this one for reading", got, want)
	}
}

// canonicalFixtureRecords is every record of the public documentation's
// examples, in the canonical JSON the store keeps.
func canonicalFixtureRecords(t *testing.T) [][]byte {
	t.Helper()
	var out [][]byte
	for f, recs := range fixtureACSRecords(t) {
		for _, rec := range recs {
			b, err := model.MarshalCanonical(rec)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, b)
		}
	}
	return out
}

// fixtureACSRecords decodes every record of the public documentation's
// examples (../acs/testdata), by file.
func fixtureACSRecords(t *testing.T) map[string][]*model.ACSRecord {
	t.Helper()
	paths, err := filepath.Glob("../acs/testdata/*.ndjson")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no ACS examples: %v", err)
	}
	out := map[string][]*model.ACSRecord{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			rec, err := acs.DecodeRecord(sc.Bytes(), "")
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			out[p] = append(out[p], rec)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	return out
}

func TestCompressRecord(t *testing.T) {
	t.Parallel()
	recs := canonicalFixtureRecords(t)
	var plain, alone, withDict int
	for _, b := range recs {
		z := CompressRecord(b)
		got, err := DecompressDetail(z)
		if err != nil {
			t.Fatalf("record %.80s: %v", b, err)
		}
		if !bytes.Equal(got, b) {
			t.Fatalf("record read back differs:\n got %s\nwant %s", got, b)
		}
		plain += len(b)
		alone += len(CompressDetail(b))
		withDict += len(z)
	}
	t.Logf("%d records, %d bytes: %d compressed alone, %d with the dictionary", len(recs), plain, alone, withDict)
	// Most of these records are in the dictionary, so the figure is
	// better than for a tenant's; alone they shrink by a third.
	if withDict*2 > alone {
		t.Errorf("the dictionary should at least halve compressed records: %d bytes with it, %d without", withDict, alone)
	}
}

// Records stored before the dictionary, and call detail, have frames
// without one; a frame naming a dictionary callscope does not have is an
// error, not a panic or garbage.
func TestDecompressFramesWithAndWithoutDictionary(t *testing.T) {
	t.Parallel()
	doc := []byte(`{"category":"CallSummary","correlationId":"a1b2","summary":{"callType":"Group"}}`)
	got, err := DecompressDetail(CompressDetail(doc))
	if err != nil || !bytes.Equal(got, doc) {
		t.Fatalf("frame without a dictionary: %q, %v", got, err)
	}
	other, err := zstd.NewWriter(nil, zstd.WithEncoderDictRaw(recordDictID+1, []byte(`{"category":"CallSummary"}`)))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := DecompressDetail(other.EncodeAll(doc, nil)); err == nil {
		t.Fatalf("a frame of an unknown dictionary was read: %q", got)
	}
}
