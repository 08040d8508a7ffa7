package quality_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
)

// examplesDir holds the repository's example payloads (Microsoft's
// published samples); testdata/records holds hand-written Graph records
// for what the samples lack.
var examplesDir = filepath.Join("..", "..", "examples")

// engine returns an engine for a CQD version, failing the test on error.
func engine(t testing.TB, version string) *quality.Engine {
	t.Helper()
	e, err := quality.New(quality.Options{CQDRules: version})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// namedCall is one call decoded from the test inputs.
type namedCall struct {
	name string
	call *model.Call
}

// graphCalls decodes every call record and sessions page of the Graph
// files matching pattern: records one call each, a sessions page one
// partial call holding its sessions.
func graphCalls(t testing.TB, pattern string) []namedCall {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	var out []namedCall
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		base := strings.TrimSuffix(filepath.Base(path), ".json")
		var list struct {
			Context string            `json:"@odata.context"`
			Value   []json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(b, &list); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if list.Value == nil {
			list.Value = []json.RawMessage{b}
		}
		kind, callID := graph.ParseContext(list.Context)
		var page *model.Call
		for i, raw := range list.Value {
			switch {
			case kind == graph.ListSessions:
				s, err := graph.DecodeSession(raw)
				if err != nil {
					t.Fatalf("%s[%d]: %v", path, i, err)
				}
				if page == nil {
					page = &model.Call{ID: callID, Source: model.SourceGraph, Partial: true}
					out = append(out, namedCall{base, page})
				}
				page.Sessions = append(page.Sessions, s)
			case graph.Classify(raw).Kind == graph.ObjectCallRecord:
				c, err := graph.DecodeCallRecord(raw)
				if err != nil {
					t.Fatalf("%s[%d]: %v", path, i, err)
				}
				c.Source = model.SourceGraph
				name := base
				if len(list.Value) > 1 {
					name += "-" + strconv.Itoa(i)
				}
				out = append(out, namedCall{name, c})
			}
		}
	}
	return out
}

// acsCalls decodes every line of the ACS files matching pattern, without
// path hints (as ingest reads a plain file), and assembles one call per
// call id.
func acsCalls(t testing.TB, pattern string) []namedCall {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	byCall := map[string][]*model.ACSRecord{}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range bytes.Split(b, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			r, err := acs.DecodeRecord(line, "")
			if err != nil {
				t.Fatalf("%s:%d: %v", path, n+1, err)
			}
			if id := acs.CallID(r); id != "" { // CallingMetrics are daily aggregates of no call
				byCall[id] = append(byCall[id], r)
			}
		}
	}
	ids := make([]string, 0, len(byCall))
	for id := range byCall {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []namedCall
	for _, id := range ids {
		c, err := acs.Assemble("tenant", byCall[id])
		if err != nil {
			t.Fatalf("assemble %s: %v", id, err)
		}
		out = append(out, namedCall{"acs-" + id, c})
	}
	return out
}

// jsonOf is the canonical JSON of a value, for comparisons.
func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// ms is a duration of fractional milliseconds, exact to the nanosecond.
func ms(v float64) model.Opt[model.Duration] {
	return model.Some(model.Duration(time.Duration(v * float64(time.Millisecond))))
}

func f64(v float64) model.Opt[float64] { return model.Some(v) }
func i64(v int64) model.Opt[int64]     { return model.Some(v) }
