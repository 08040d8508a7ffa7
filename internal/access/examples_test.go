package access

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

// examplesDir holds the published Graph and ACS examples the product
// ingests in its README.
var examplesDir = filepath.Join("..", "..", "examples")

// exampleCall is one call decoded from the examples.
type exampleCall struct {
	name string
	call *model.Call
}

// exampleCalls decodes every call of the examples: each Graph callRecord,
// the sessions and participants pages as partial calls (as ingest stores
// them), and every ACS call assembled from all its records. Each gets a
// verdict on every session and stream, as package quality would give, so
// that tests can check that verdicts survive redaction.
func exampleCalls(t testing.TB) []exampleCall {
	t.Helper()
	var out []exampleCall
	files, err := filepath.Glob(filepath.Join(examplesDir, "graph", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Graph examples in %s: %v", examplesDir, err)
	}
	for _, file := range files {
		base := strings.TrimSuffix(filepath.Base(file), ".json")
		var page *model.Call
		for i, el := range graphObjects(t, file) {
			switch graph.Classify(el.raw).Kind {
			case graph.ObjectCallRecord:
				c, err := graph.DecodeCallRecord(el.raw)
				if err != nil {
					t.Fatalf("%s #%d: %v", file, i, err)
				}
				c.Tenant, c.Source = "default", model.SourceGraph
				out = append(out, exampleCall{name: base + "-" + c.ID, call: c})
			case graph.ObjectSession:
				s, err := graph.DecodeSession(el.raw)
				if err != nil {
					t.Fatalf("%s #%d: %v", file, i, err)
				}
				page = pageCall(page, el.context)
				page.Sessions = append(page.Sessions, s)
			case graph.ObjectParticipant:
				p, err := graph.DecodeParticipant(el.raw)
				if err != nil {
					t.Fatalf("%s #%d: %v", file, i, err)
				}
				page = pageCall(page, el.context)
				page.ParticipantsV2 = append(page.ParticipantsV2, p)
			}
		}
		if page != nil {
			out = append(out, exampleCall{name: base, call: page})
		}
	}
	for id, recs := range acsRecords(t) {
		c, err := acs.Assemble("default", recs)
		if err != nil {
			t.Fatalf("assemble ACS call %s: %v", id, err)
		}
		out = append(out, exampleCall{name: "acs-" + id, call: c})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	for _, ec := range out {
		judge(ec.call)
	}
	return out
}

// pageCall is the partial call a sessions or participants page belongs to.
func pageCall(c *model.Call, context string) *model.Call {
	if c != nil {
		return c
	}
	_, id := graph.ParseContext(context)
	return &model.Call{Tenant: "default", Source: model.SourceGraph, ID: id, Partial: true}
}

type graphObject struct {
	raw     json.RawMessage
	context string
}

// graphObjects returns the elements of a list response, or the object.
func graphObjects(t testing.TB, file string) []graphObject {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Context string            `json:"@odata.context"`
		Value   []json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if list.Value == nil {
		return []graphObject{{raw: b, context: list.Context}}
	}
	out := make([]graphObject, 0, len(list.Value))
	for _, v := range list.Value {
		out = append(out, graphObject{raw: v, context: list.Context})
	}
	return out
}

// exampleUsageRows decodes every PSTN, direct-routing and SMS row.
func exampleUsageRows(t testing.TB) []*model.UsageRow {
	t.Helper()
	var out []*model.UsageRow
	files, _ := filepath.Glob(filepath.Join(examplesDir, "graph", "*.json"))
	for _, file := range files {
		for i, el := range graphObjects(t, file) {
			cl := graph.Classify(el.raw)
			if cl.Kind != graph.ObjectUsage {
				continue
			}
			r, err := graph.DecodeUsageRow(cl.Usage, el.raw)
			if err != nil {
				t.Fatalf("%s #%d: %v", file, i, err)
			}
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		t.Fatal("no usage rows in the examples")
	}
	return out
}

// acsRecords decodes every ACS example record, grouped by call.
func acsRecords(t testing.TB) map[string][]*model.ACSRecord {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(examplesDir, "acs", "*.ndjson"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no ACS examples: %v", err)
	}
	byCall := map[string][]*model.ACSRecord{}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".ndjson")
		hint := acs.CategoryFromPath("insights-logs-" + strings.ToLower(name) + "/resourceId=/x/PT1H.json")
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range bytes.Split(b, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			r, err := acs.DecodeRecord(line, hint)
			if err != nil {
				t.Fatalf("%s:%d: %v", file, n+1, err)
			}
			if id := acs.CallID(r); id != "" {
				byCall[id] = append(byCall[id], r)
			}
		}
	}
	return byCall
}

// judge gives every session and stream a verdict with a reason, standing
// in for package quality.
func judge(c *model.Call) {
	v, th := 0.12, 0.1
	for _, s := range c.Sessions {
		if s == nil {
			continue
		}
		s.Rating = model.RatingPoor
		s.Issues = []model.Issue{{Severity: model.SeverityRed, Area: "network", Metric: "averagePacketLossRate",
			Value: &v, Threshold: &th, Op: ">", Reason: "packet loss above 10 %", Side: "caller", StreamID: "1"}}
		for _, g := range s.Segments {
			if g == nil {
				continue
			}
			for _, m := range g.Media {
				if m == nil {
					continue
				}
				for _, st := range m.Streams {
					if st != nil {
						st.Quality = model.QualityPoor
						st.Reasons = []model.Reason{{Metric: "averagePacketLossRate", Value: &v, Threshold: &th, Op: ">",
							Rule: "cqd-audio", RuleVersion: "2024", Text: "packet loss 12 % > 10 %"}}
					}
				}
			}
		}
	}
}
