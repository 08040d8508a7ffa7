package graph_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

// Test inputs live in the repository: testdata/fixtures holds copies of the
// Graph documentation examples (see testdata/fixtures/SOURCES.md),
// testdata/records hand-written records for what the examples lack.

// object is one JSON object of the test inputs: a fixture element or a
// hand-written record.
type object struct {
	name    string // golden file name without .json: <file>-<n>
	file    string
	context string // the list's @odata.context; "" for a single object
	raw     json.RawMessage
	kind    graph.ObjectKind
	usage   model.UsageKind
}

type kindOf struct {
	kind  graph.ObjectKind
	usage model.UsageKind
}

// fixtureKinds is what each fixture holds, from SOURCES.md.
var fixtureKinds = map[string]kindOf{
	"callrecord-get-basic.json":                    {graph.ObjectCallRecord, ""},
	"callrecord-get-expanded-legacy.json":          {graph.ObjectCallRecord, ""},
	"callrecord-get-expanded.json":                 {graph.ObjectCallRecord, ""},
	"callrecord-get-participants-v2-expanded.json": {graph.ObjectCallRecord, ""},
	"callrecords-list-filter-participant.json":     {graph.ObjectCallRecord, ""},
	"callrecords-list-filter-startdatetime.json":   {graph.ObjectCallRecord, ""},
	"callrecords-list.json":                        {graph.ObjectCallRecord, ""},
	"change-notification.json":                     {graph.ObjectNotification, ""},
	"direct-routing-calls-beta.json":               {graph.ObjectUsage, model.UsageDirectRouting},
	"direct-routing-calls.json":                    {graph.ObjectUsage, model.UsageDirectRouting},
	"lifecycle-notification.json":                  {graph.ObjectNotification, ""},
	"participants-v2-list.json":                    {graph.ObjectParticipant, ""},
	"pstn-calls-beta.json":                         {graph.ObjectUsage, model.UsagePSTN},
	"pstn-calls.json":                              {graph.ObjectUsage, model.UsagePSTN},
	"sessions-list-expanded-segments.json":         {graph.ObjectSession, ""},
	"sessions-list.json":                           {graph.ObjectSession, ""},
	"sms-log-beta.json":                            {graph.ObjectUsage, model.UsageSMS},
	"subscription-create-request.json":             {graph.ObjectSubscription, ""},
}

// recordKinds is what each hand-written record is.
var recordKinds = map[string]kindOf{
	"group-call-service-endpoint.json": {graph.ObjectCallRecord, ""},
	"lenient-values.json":              {graph.ObjectCallRecord, ""},
	"repeated-session-ids.json":        {graph.ObjectCallRecord, ""},
	"session-failed-midcall.json":      {graph.ObjectSession, ""},
	"participant-admin-units.json":     {graph.ObjectParticipant, ""},
	"pstn-lenient.json":                {graph.ObjectUsage, model.UsagePSTN},
}

// objects returns every object of the test inputs: the elements of list
// responses one by one, single objects as they are.
func objects(t testing.TB) []object {
	t.Helper()
	var all []object
	for _, set := range []struct {
		dir   string
		kinds map[string]kindOf
	}{{"fixtures", fixtureKinds}, {"records", recordKinds}} {
		files, err := filepath.Glob(filepath.Join("testdata", set.dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != len(set.kinds) {
			t.Fatalf("testdata/%s has %d JSON files, the table in helpers_test.go %d: keep them in step", set.dir, len(files), len(set.kinds))
		}
		for _, path := range files {
			base := filepath.Base(path)
			k, ok := set.kinds[base]
			if !ok {
				t.Fatalf("%s: not in the table in helpers_test.go", path)
			}
			ctx, elems, _ := elements(t, path)
			for i, raw := range elems {
				all = append(all, object{
					name:    strings.TrimSuffix(base, ".json") + "-" + strconv.Itoa(i),
					file:    base,
					context: ctx,
					raw:     raw,
					kind:    k.kind,
					usage:   k.usage,
				})
			}
		}
	}
	return all
}

// elements splits a file into its objects: a list response ("value")
// into its elements, with the list's @odata.context.
func elements(t testing.TB, path string) (context string, elems []json.RawMessage, isList bool) {
	t.Helper()
	b := readFile(t, path)
	var list struct {
		Context string            `json:"@odata.context"`
		Value   []json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if list.Value != nil {
		return list.Context, list.Value, true
	}
	return "", []json.RawMessage{b}, false
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// element returns element n of a fixture or record file.
func element(t testing.TB, file string, n int) []byte {
	t.Helper()
	for _, o := range objects(t) {
		if o.file == file && strings.HasSuffix(o.name, "-"+strconv.Itoa(n)) {
			return o.raw
		}
	}
	t.Fatalf("no element %d in %s", n, file)
	return nil
}

// decodable reports whether the package has a decoder for the kind.
func decodable(k graph.ObjectKind) bool {
	return slices.Contains([]graph.ObjectKind{graph.ObjectCallRecord, graph.ObjectSession, graph.ObjectParticipant, graph.ObjectUsage}, k)
}

// decodeAs decodes raw with the decoder for its kind.
func decodeAs(kind graph.ObjectKind, usage model.UsageKind, raw []byte) (any, error) {
	switch kind {
	case graph.ObjectCallRecord:
		return graph.DecodeCallRecord(raw)
	case graph.ObjectSession:
		return graph.DecodeSession(raw)
	case graph.ObjectParticipant:
		return graph.DecodeParticipant(raw)
	case graph.ObjectUsage:
		return graph.DecodeUsageRow(usage, raw)
	}
	return nil, nil
}

func callOf(t *testing.T, file string, n int) *model.Call {
	t.Helper()
	c, err := graph.DecodeCallRecord(element(t, file, n))
	if err != nil {
		t.Fatalf("%s[%d]: %v", file, n, err)
	}
	return c
}

func sessionOf(t *testing.T, file string, n int) *model.Session {
	t.Helper()
	s, err := graph.DecodeSession(element(t, file, n))
	if err != nil {
		t.Fatalf("%s[%d]: %v", file, n, err)
	}
	return s
}

// eq fails the test when got != want, naming what was compared.
func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// present checks that an Opt holds want.
func present[T comparable](t *testing.T, what string, o interface{ Get() (T, bool) }, want T) {
	t.Helper()
	got, ok := o.Get()
	if !ok {
		t.Errorf("%s: no value, want %v", what, want)
		return
	}
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// presence checks whether an Opt was absent, null or present.
func presence(t *testing.T, what string, o interface{ Presence() model.Presence }, want model.Presence) {
	t.Helper()
	if got := o.Presence(); got != want {
		t.Errorf("%s: presence %v, want %v", what, got, want)
	}
}

func ts(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func ms(n float64) model.Duration { return model.Duration(n * float64(time.Millisecond)) }
