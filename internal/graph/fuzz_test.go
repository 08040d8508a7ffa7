package graph_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

// The fuzz targets are seeded with every fixture file whole and every
// object in it, plus the corpus under testdata/fuzz/<target>. Run one with
// go test ./internal/graph -run=^$ -fuzz=FuzzDecodeCallRecord -fuzztime=20s
// and keep whatever it finds there as a seed.

// seed adds the test inputs to a fuzz target: whole files, then objects.
func seed(f *testing.F, add func(raw []byte)) {
	f.Helper()
	for _, dir := range []string{"fixtures", "records"} {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		if err != nil {
			f.Fatal(err)
		}
		for _, path := range files {
			add(readFile(f, path))
		}
	}
	for _, o := range objects(f) {
		add(o.raw)
	}
}

// checkError: a decoder's error is a FieldError with a readable message.
func checkError(t *testing.T, err error) {
	t.Helper()
	var fe *graph.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %T %q is not a *graph.FieldError", err, err)
	}
	msg := err.Error()
	if strings.Contains(msg, "json:") || !utf8.ValidString(msg) {
		t.Fatalf("error message %q leaks encoding/json or is not UTF-8", msg)
	}
}

// checkCanonical: the result marshals, and its canonical JSON is a fixed
// point: read back into the model type and written out, it is unchanged.
// This is what the store relies on when it keeps the canonical form.
func checkCanonical[T any](t *testing.T, v *T) {
	t.Helper()
	first, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("decoded value does not marshal: %v", err)
	}
	back := new(T)
	if err := json.Unmarshal(first, back); err != nil {
		t.Fatalf("canonical JSON does not read back: %v\n%s", err, first)
	}
	second, err := json.Marshal(back)
	if err != nil {
		t.Fatalf("canonical JSON read back does not marshal: %v", err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("canonical JSON is not stable:\n%s\n%s", first, second)
	}
}

func FuzzDecodeCallRecord(f *testing.F) {
	seed(f, func(raw []byte) { f.Add(raw) })
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := graph.DecodeCallRecord(raw)
		if err != nil {
			checkError(t, err)
			return
		}
		if c.ID == "" || c.ID != strings.TrimSpace(c.ID) || c.Version < 1 {
			t.Fatalf("accepted a record with id %q, version %d", c.ID, c.Version)
		}
		if c.Source != model.SourceGraph || c.Tenant != "" || c.Partial || c.ACS != nil {
			t.Fatalf("input set callscope's own fields: source %q tenant %q partial %v acs %v", c.Source, c.Tenant, c.Partial, c.ACS)
		}
		for _, s := range c.Sessions {
			if s == nil {
				t.Fatal("nil session kept")
			}
		}
		checkCanonical(t, c)
	})
}

func FuzzDecodeSession(f *testing.F) {
	seed(f, func(raw []byte) { f.Add(raw) })
	f.Fuzz(func(t *testing.T, raw []byte) {
		s, err := graph.DecodeSession(raw)
		if err != nil {
			checkError(t, err)
			return
		}
		if id, ok := s.ID.Get(); !ok || id == "" {
			t.Fatalf("accepted a session without an id: %v", s.ID)
		}
		if s.ACS != nil {
			t.Fatal("input set the session's ACS facts")
		}
		checkCanonical(t, s)
	})
}

func FuzzDecodeParticipant(f *testing.F) {
	seed(f, func(raw []byte) { f.Add(raw) })
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := graph.DecodeParticipant(raw)
		if err != nil {
			checkError(t, err)
			return
		}
		if id, ok := p.ID.Get(); !ok || id == "" {
			t.Fatalf("accepted a participant without an id: %v", p.ID)
		}
		checkCanonical(t, p)
	})
}

// usageKinds maps the fuzzer's byte onto a usage log.
var usageKinds = []model.UsageKind{model.UsagePSTN, model.UsageDirectRouting, model.UsageSMS}

func FuzzDecodeUsageRow(f *testing.F) {
	seed(f, func(raw []byte) {
		for i := range usageKinds {
			f.Add(uint8(i), raw)
		}
	})
	f.Fuzz(func(t *testing.T, k uint8, raw []byte) {
		kind := usageKinds[int(k)%len(usageKinds)]
		r, err := graph.DecodeUsageRow(kind, raw)
		if err != nil {
			checkError(t, err)
			return
		}
		if r.Kind != kind || r.ID == "" || r.ID != strings.TrimSpace(r.ID) {
			t.Fatalf("row kind %q id %q, want kind %q and a trimmed id", r.Kind, r.ID, kind)
		}
		checkCanonical(t, r)
	})
}

func FuzzClassify(f *testing.F) {
	seed(f, func(raw []byte) { f.Add(raw) })
	f.Fuzz(func(t *testing.T, raw []byte) {
		got := graph.Classify(raw)
		kind, usage := got.Kind, got.Usage
		if kind < graph.ObjectUnknown || kind > graph.ObjectList {
			t.Fatalf("kind %d out of range", kind)
		}
		if (kind == graph.ObjectUsage) != (usage != "") {
			t.Fatalf("kind %v with usage kind %q", kind, usage)
		}
		// Classify scans rather than validates, so a malformed object may
		// be placed (its decoder rejects it), but never anything else.
		if b := bytes.TrimSpace(raw); kind != graph.ObjectUnknown && (b[0] != '{' || b[len(b)-1] != '}') {
			t.Fatalf("placed %q, not an object, as %v", raw, kind)
		}
	})
}

func FuzzParseContext(f *testing.F) {
	for _, o := range objects(f) {
		if o.context != "" {
			f.Add(o.context)
		}
	}
	f.Add("https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('e523')/sessions(segments())")
	f.Add("https://graph.microsoft.com/v1.0/communications/callRecords/e523/participants_v2?$top=5")
	f.Fuzz(func(t *testing.T, ctx string) {
		kind, id := graph.ParseContext(ctx)
		if id != "" && kind != graph.ListSessions && kind != graph.ListParticipants {
			t.Fatalf("call id %q with list kind %v", id, kind)
		}
		_ = kind.String()
	})
}
