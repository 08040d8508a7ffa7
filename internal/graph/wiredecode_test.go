package graph

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// wireSeeds are the fixtures' objects: each file whole, and each element
// of a list page's value.
func wireSeeds(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, dir := range []string{"fixtures", "records"} {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, b)
			var page struct{ Value []json.RawMessage }
			if json.Unmarshal(b, &page) == nil {
				for _, v := range page.Value {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// FuzzGeneratedDecodeMatches holds the generated decoding of records,
// sessions and participants to the general way's: the same value, down
// to every unknown property and shadowed key, the same leniency, the
// same error.
func FuzzGeneratedDecodeMatches(f *testing.F) {
	for _, b := range wireSeeds(f) {
		f.Add(b)
	}
	for _, s := range []string{
		`{"id":"a","version":1,"x":{"y":1,"y":2}}`,
		`{"id":"a","version":1,"@unknown":{"tenant":"t"},"tenant":"evil","acs":null,"sessions":[null,{"id":"s","acs":1,"segments":[{"media":[{"streams":[{"quality":"good","z":[1]}]}]}]}]}`,
		`{"id":" a ","version":"2","x@odata.type":"t","@odata.etag":"e","sessions":[],"participants_v2":[{"id":"p","identity":{"user":{"id":"u","q":true}}}]}`,
		`{"id":"a","version":1,"sessions":[{"id":"s","caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","feedback":{"tokens":{"a":true,"a":false}}}}]}`,
		`{"id":"a","version":1,"a\u0062":1,"ab":2}`,
		`{"id":"a","version":1,"Sessions":[]}`,
		`{"id":"a","version":1,"sessions":[{"id":"s","segments":[{"media":null,"x":1,"x":1}]}]}`,
		"{\"id\":\"a\",\"version\":1,\"joinWebUrl\":\"\xff\"}",
		`{"version":1}`,
		`{"id":"a","version":0}`,
		`{"id":"a","version":1,"sessions":[1]}`,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		c1, l1, e1 := decodeCallRecord(raw, generatedFirst)
		c2, l2, e2 := decodeCallRecord(raw, generalOnly)
		same(t, raw, "call", c1, c2, e1, e2)
		if l1 != l2 {
			t.Fatalf("%q: leniency %v, the general way's %v", raw, l1, l2)
		}
		s1, e1 := decodeSession(raw, generatedFirst)
		s2, e2 := decodeSession(raw, generalOnly)
		same(t, raw, "session", s1, s2, e1, e2)
		p1, e1 := decodeParticipant(raw, generatedFirst)
		p2, e2 := decodeParticipant(raw, generalOnly)
		same(t, raw, "participant", p1, p2, e1, e2)
	})
}

func same[T any](t *testing.T, raw []byte, what string, got, want *T, gotErr, wantErr error) {
	t.Helper()
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("%q: %s error %v, the general way's %v", raw, what, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(want)
		t.Fatalf("%q: %s read as\n%s\nthe general way reads\n%s", raw, what, a, b)
	}
}

// TestGeneratedDecodeTaken: the fixtures' records, sessions and
// participants are read by the generated decoding, not left to the
// general way, which would be correct but several times slower; but for
// those that name a property twice (one documented example does), which
// only the general way reads.
func TestGeneratedDecodeTaken(t *testing.T) {
	t.Parallel()
	read := 0
	for _, b := range wireSeeds(t) {
		var probe struct {
			ID       json.RawMessage
			Version  json.RawMessage
			Segments json.RawMessage
			Identity json.RawMessage
		}
		if json.Unmarshal(b, &probe) != nil || probe.ID == nil || hasLeniency(b, DuplicateNames) {
			continue
		}
		var ok bool
		switch {
		case probe.Version != nil:
			_, ok = decodeGenerated(b, generatedFirst, func() *wireCall { return &wireCall{Call: new(model.Call)} })
		case probe.Identity != nil:
			_, ok = decodeGenerated(b, generatedFirst, func() *model.CallParticipant { return new(model.CallParticipant) })
		default:
			_, ok = decodeGenerated(b, generatedFirst, newWireSession)
		}
		if !ok {
			t.Errorf("the generated decoding declined %.200s", b)
		}
		read++
	}
	if read < 10 {
		t.Fatalf("only %d fixture objects found", read)
	}
}

// TestShadowIndexesApart: a shadow's index is above every field's of the
// model type it shadows, so that a name given twice is told apart.
func TestShadowIndexesApart(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		t       reflect.Type
		shadows int
	}{
		{reflect.TypeFor[model.Call](), len(callShadows)},
		{reflect.TypeFor[model.Session](), len(sessionShadows)},
		{reflect.TypeFor[model.Segment](), 1},
		{reflect.TypeFor[model.Media](), 1},
		{reflect.TypeFor[model.Stream](), len(streamShadows)},
	} {
		if n := c.t.NumField(); n > firstShadow-c.shadows+1 {
			t.Errorf("%v has %d fields; shadows from index %d would meet them", c.t, n, firstShadow-c.shadows+1)
		}
	}
}
