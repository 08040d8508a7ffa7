package graph

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/callscope/callscope/internal/model"
)

// FuzzFastDecodeMatches holds the fast decoder to encoding/json: whatever
// both accept, they read the same, down to the canonical JSON of the call
// and the shadowed keys; and unmarshal's result is encoding/json's.
func FuzzFastDecodeMatches(f *testing.F) {
	for _, dir := range []string{"fixtures", "records"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add([]byte(`{"id":"a","ID":"b","version":"2","VERSION":3,"sessions":[{"ID":"s","Caller":{"userAgent":{"platform":"windows"}}}]}`))
	f.Add([]byte(`{"id":"a","version":1,"join_web_url":"x","joinWebUrl":"y","modalities":null,"sessions":[null,{"segments":null}]}`))
	f.Add([]byte("{\"id\":\"a\xff\",\"version\":1,\"id\":\"b\"}"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		fast := &wireCall{Call: new(model.Call)}
		std := &wireCall{Call: new(model.Call)}
		if jsonv2.Unmarshal(raw, fast, model.FastDecodeOptions) != nil || json.Unmarshal(raw, std) != nil {
			return
		}
		a, errA := json.Marshal(fast.call())
		b, errB := json.Marshal(std.call())
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Fatalf("fast and encoding/json differ on %q:\n%s\n%s", raw, a, b)
		}
		for _, p := range [][2][]byte{{fast.Tenant, std.Tenant}, {fast.ACS, std.ACS}, {fast.Rules, std.Rules}} {
			if !bytes.Equal(p[0], p[1]) {
				t.Fatalf("fast and encoding/json differ on a shadowed key of %q: %s, %s", raw, p[0], p[1])
			}
		}
	})
}

func TestLeniencyNoticed(t *testing.T) {
	t.Parallel()
	f := func(raw string, want Leniency) {
		t.Helper()
		_, got, err := DecodeCallRecordWithLeniency([]byte(raw))
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		if got != want {
			t.Errorf("%q: leniency %v, want %v", raw, got, want)
		}
	}
	f(`{"id":"a","version":1}`, 0)
	f(`{"id":"a","version":1,"version":2}`, DuplicateNames)
	f(`{"id":"a","version":1,"sessions":[{"id":"s","id":"t"}]}`, DuplicateNames)
	f("{\"id\":\"a\",\"version\":1,\"joinWebUrl\":\"\xff\"}", InvalidUTF8)
	f("{\"id\":\"a\",\"version\":1,\"version\":1,\"joinWebUrl\":\"\xff\"}", DuplicateNames|InvalidUTF8)
	f("{\"id\":\"a\",\"joinWebUrl\":\"\xff\",\"version\":1,\"version\":1}", DuplicateNames|InvalidUTF8)
}
