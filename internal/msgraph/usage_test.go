package msgraph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

// These tests run against the stand-in Graph of standin_test.go (Graph
// has no local emulator), serving the docs' examples of getPstnCalls and
// getDirectRoutingCalls split over pages.

var (
	usageFrom = time.Date(2019, 11, 1, 0, 0, 0, 0, time.UTC)
	usageTo   = time.Date(2019, 12, 1, 0, 0, 0, 0, time.UTC)
	// The first request as the reference writes the function call.
	pstnURI = "/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2019-11-01T00:00:00Z,toDateTime=2019-12-01T00:00:00Z)"
	drURI   = "/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=2019-11-01T00:00:00Z,toDateTime=2019-12-01T00:00:00Z)"
	// The next page exactly as the docs' PSTN example links it, with
	// from=/to= instead of the request's parameter names.
	pstnNext = "/v1.0/communications/callRecords/getPstnCalls(from=2019-11-01,to=2019-12-01)?$skip=1000"
)

// usageExample reads an example of the shared examples folder with
// Graph's host made a placeholder for the stand-in's.
func usageExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "graph", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), realGraph, "{graph}")
}

// usageRows returns copies of the example's first row with the ids and
// start times given, in pairs.
func usageRows(t *testing.T, example string, idStart ...string) []any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(example), &doc); err != nil {
		t.Fatal(err)
	}
	row := doc["value"].([]any)[0]
	var out []any
	for i := 0; i+1 < len(idStart); i += 2 {
		r := clone(t, row).(map[string]any)
		r["id"], r["startDateTime"] = idStart[i], idStart[i+1]
		out = append(out, r)
	}
	return out
}

// usagePage is a page of rows with an optional next link.
func usagePage(t *testing.T, rows []any, next string) string {
	t.Helper()
	p := map[string]any{"@odata.count": len(rows), "value": rows}
	if next != "" {
		p["@odata.nextLink"] = "{graph}" + next
	}
	return jsonOf(t, p)
}

// collectUsage drains a listing into ids, failing on a row the decoder
// refuses; it returns the error the listing ended with.
func collectUsage(t *testing.T, kind model.UsageKind, seq func(func(json.RawMessage, error) bool)) ([]string, error) {
	t.Helper()
	var ids []string
	for raw, err := range seq {
		if err != nil {
			return ids, err
		}
		row, err := graph.DecodeUsageRow(kind, raw)
		if err != nil {
			t.Fatalf("row %s does not decode: %v", raw, err)
		}
		ids = append(ids, row.ID)
	}
	return ids, nil
}

func TestListPstnCallsFollowsPagesAsGiven(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	pstn := usageExample(t, "pstn-calls.json")
	s.on(pstnURI, ok(pstn))
	s.on(pstnNext, ok(usagePage(t, usageRows(t, pstn,
		"row-2", "2019-11-10T08:00:00Z",
		"row-3", "2019-11-20T08:00:00Z"), "/v1.0/communications/callRecords/getPstnCalls(from=2019-11-01,to=2019-12-01)?$skip=2000")))
	s.on("/v1.0/communications/callRecords/getPstnCalls(from=2019-11-01,to=2019-12-01)?$skip=2000", ok(usagePage(t, usageRows(t, pstn,
		"row-4", "2019-11-30T23:59:59.9999999Z",
		// toDateTime is inclusive for getPstnCalls: a call starting
		// exactly at the window's end belongs to the next window.
		"next-window", "2019-12-01T00:00:00Z"), "")))
	c := s.client(t, newRecorder())
	ids, err := collectUsage(t, model.UsagePSTN, c.ListPstnCalls(context.Background(), usageFrom, usageTo))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"9c4984c7-6c3c-427d-a30c-bd0b2eacee90", "row-2", "row-3", "row-4"}
	if !slices.Equal(ids, want) {
		t.Errorf("rows %q, want %q", ids, want)
	}
	wantOrder := []string{pstnURI, pstnNext, "/v1.0/communications/callRecords/getPstnCalls(from=2019-11-01,to=2019-12-01)?$skip=2000"}
	if !slices.Equal(s.order, wantOrder) {
		t.Errorf("requests\n%q\nwant\n%q", s.order, wantOrder)
	}
	if st := c.Stats(); st.Pages != 3 {
		t.Errorf("pages %d, want 3", st.Pages)
	}
}

func TestListDirectRoutingCallsKeepsRowsAtTheEnd(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	dr := usageExample(t, "direct-routing-calls.json")
	next := "/v1.0/communications/callRecords/getDirectRoutingCalls(fromDateTime=2019-11-01,toDateTime=2019-12-01)?$skip=1000"
	s.on(drURI, ok(dr))
	// The beta example as the second page: a listing does not care
	// which version's columns a row has.
	beta := usageExample(t, "direct-routing-calls-beta.json")
	s.on(next, ok(usagePage(t, usageRows(t, beta, "dr-2", "2019-11-30T12:00:00Z"), "")))
	c := s.client(t, newRecorder())
	ids, err := collectUsage(t, model.UsageDirectRouting, c.ListDirectRoutingCalls(context.Background(), usageFrom, usageTo))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"9e8bba57-dc14-533a-a7dd-f0da6575eed1", "dr-2"}
	if !slices.Equal(ids, want) {
		t.Errorf("rows %q, want %q", ids, want)
	}
	if !slices.Equal(s.order, []string{drURI, next}) {
		t.Errorf("requests %q", s.order)
	}
}

func TestListUsageRefusesARepeatingNextLink(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	pstn := usageExample(t, "pstn-calls.json")
	s.on(pstnURI, ok(usagePage(t, usageRows(t, pstn, "a", "2019-11-02T00:00:00Z"), pstnNext)))
	// The second page links back to itself, as the docs' participants
	// example does.
	s.on(pstnNext, ok(usagePage(t, usageRows(t, pstn, "b", "2019-11-03T00:00:00Z"), pstnNext)))
	c := s.client(t, newRecorder())
	ids, err := collectUsage(t, model.UsagePSTN, c.ListPstnCalls(context.Background(), usageFrom, usageTo))
	if !errors.Is(err, ErrPageLoop) {
		t.Fatalf("err %v, want ErrPageLoop", err)
	}
	if !slices.Equal(ids, []string{"a", "b"}) {
		t.Errorf("rows before the loop %q, want a and b", ids)
	}
	if s.hitsOf(pstnNext) != 1 {
		t.Errorf("the repeating page was fetched %d times, want once", s.hitsOf(pstnNext))
	}
}

func TestListUsageRefusesALinkToAnotherHost(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	s.on(drURI, ok(`{"value":[],"@odata.nextLink":"https://elsewhere.example/v1.0/x?$skip=1000"}`))
	c := s.client(t, newRecorder())
	_, err := collectUsage(t, model.UsageDirectRouting, c.ListDirectRoutingCalls(context.Background(), usageFrom, usageTo))
	if !errors.Is(err, ErrBadResponse) || !strings.Contains(err.Error(), "elsewhere.example") {
		t.Fatalf("err %v, want ErrBadResponse naming the host", err)
	}
}

func TestListUsageRetriesThrottling(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	s.on(pstnURI,
		answer{status: 429, header: map[string]string{"Retry-After": "7"}, body: `{"error":{"code":"TooManyRequests","message":"Too many requests"}}`},
		ok(usageExample(t, "pstn-calls.json")))
	s.on(pstnNext, ok(usagePage(t, nil, "")))
	clock := newRecorder()
	c := s.client(t, clock)
	ids, err := collectUsage(t, model.UsagePSTN, c.ListPstnCalls(context.Background(), usageFrom, usageTo))
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || s.hitsOf(pstnURI) != 2 {
		t.Errorf("rows %q after %d tries of the first page, want 1 row after 2", ids, s.hitsOf(pstnURI))
	}
	if !slices.Contains(clock.Waits(), 7*time.Second) {
		t.Errorf("waits %v, want the 7 s Graph asked for", clock.Waits())
	}
	if st := c.Stats(); st.Throttled != 1 || st.Retries != 1 {
		t.Errorf("stats %+v, want one throttled answer and one retry", st)
	}
}

func TestListUsageSplitsLongWindows(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC) // 181 days
	// 90 days at most each: Jan 1 + 90 days is Apr 1, + 90 is Jun 30.
	chunks := []string{
		"/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-01-01T00:00:00Z,toDateTime=2026-04-01T00:00:00Z)",
		"/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-04-01T00:00:00Z,toDateTime=2026-06-30T00:00:00Z)",
		"/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2026-06-30T00:00:00Z,toDateTime=2026-07-01T00:00:00Z)",
	}
	pstn := usageExample(t, "pstn-calls.json")
	s.on(chunks[0], ok(usagePage(t, usageRows(t, pstn, "jan", "2026-01-05T00:00:00Z", "apr-1", "2026-04-01T00:00:00Z"), "")))
	s.on(chunks[1], ok(usagePage(t, usageRows(t, pstn, "apr-1", "2026-04-01T00:00:00Z", "may", "2026-05-05T00:00:00Z"), "")))
	s.on(chunks[2], ok(usagePage(t, usageRows(t, pstn, "jun-30", "2026-06-30T10:00:00Z"), "")))
	c := s.client(t, newRecorder())
	ids, err := collectUsage(t, model.UsagePSTN, c.ListPstnCalls(context.Background(), from, to))
	if err != nil {
		t.Fatal(err)
	}
	// The row on the boundary comes once, from the chunk it starts in.
	if want := []string{"jan", "apr-1", "may", "jun-30"}; !slices.Equal(ids, want) {
		t.Errorf("rows %q, want %q", ids, want)
	}
	if !slices.Equal(s.order, chunks) {
		t.Errorf("requests\n%q\nwant\n%q", s.order, chunks)
	}
}

func TestListUsageKeepsToTheCollectionLimit(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	pstn := usageExample(t, "pstn-calls.json")
	const pages = 8
	link := func(i int) string {
		if i == 0 {
			return pstnURI
		}
		return fmt.Sprintf("/v1.0/communications/callRecords/getPstnCalls(from=2019-11-01,to=2019-12-01)?$skip=%d", i*1000)
	}
	for i := range pages {
		next := ""
		if i+1 < pages {
			next = link(i + 1)
		}
		s.on(link(i), ok(usagePage(t, usageRows(t, pstn, fmt.Sprint("row-", i), "2019-11-02T00:00:00Z"), next)))
	}
	s.on(drURI, ok(usagePage(t, nil, "")))
	clock := newRecorder() // stands still: every page after the burst must wait
	c := s.client(t, clock)
	if _, err := collectUsage(t, model.UsagePSTN, c.ListPstnCalls(context.Background(), usageFrom, usageTo)); err != nil {
		t.Fatal(err)
	}
	// 45 requests a minute with a burst of 4: pages 5 to 8 each wait
	// about 60/41 s more than the one before.
	waits := clock.Waits()
	if len(waits) != pages-4 {
		t.Fatalf("waits %v, want %d", waits, pages-4)
	}
	step := time.Minute / 41
	for i, w := range waits {
		if want := time.Duration(i+1) * step; w < want-time.Millisecond || w > want+time.Millisecond {
			t.Errorf("wait %d is %v, want about %v", i+1, w, want)
		}
	}
	// The direct-routing log is another collection with its own budget.
	if _, err := collectUsage(t, model.UsageDirectRouting, c.ListDirectRoutingCalls(context.Background(), usageFrom, usageTo)); err != nil {
		t.Fatal(err)
	}
	if len(clock.Waits()) != len(waits) {
		t.Errorf("the direct-routing listing waited for the PSTN one: %v", clock.Waits()[len(waits):])
	}
	// Another PSTN listing of the same client shares the spent budget.
	s.on("/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2019-11-01T00:00:00Z,toDateTime=2019-11-02T00:00:00Z)", ok(usagePage(t, nil, "")))
	if _, err := collectUsage(t, model.UsagePSTN, c.ListPstnCalls(context.Background(), usageFrom, usageFrom.AddDate(0, 0, 1))); err != nil {
		t.Fatal(err)
	}
	if got := clock.Waits(); len(got) != len(waits)+1 || got[len(got)-1] < time.Duration(len(waits))*step {
		t.Errorf("waits %v: the next PSTN listing should wait behind the first", got)
	}
}

func TestListUsageStopsWhenTheLoopStops(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	s.on(pstnURI, ok(usageExample(t, "pstn-calls.json")))
	c := s.client(t, newRecorder())
	for _, err := range c.ListPstnCalls(context.Background(), usageFrom, usageTo) {
		if err != nil {
			t.Fatal(err)
		}
		break
	}
	if s.hitsOf(pstnNext) != 0 {
		t.Error("the next page was fetched after the loop stopped")
	}
}

func TestListUsageRefusesAnEmptyWindow(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	c := s.client(t, newRecorder())
	_, err := collectUsage(t, model.UsagePSTN, c.ListPstnCalls(context.Background(), usageTo, usageTo))
	if !errors.Is(err, ErrConfig) {
		t.Fatalf("err %v, want ErrConfig", err)
	}
	if len(s.order) != 0 {
		t.Errorf("requests %q for an empty window", s.order)
	}
}

func TestListPstnCallsReadsTheBetaExample(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	// The beta example puts its nextLink before value, and links to beta.
	next := "/beta/communications/callRecords/getPstnCalls(from=2019-11-01,to=2019-12-01)?$skip=1000"
	s.on(pstnURI, ok(usageExample(t, "pstn-calls-beta.json")))
	s.on(next, ok(usagePage(t, nil, "")))
	c := s.client(t, newRecorder())
	var rows []*model.UsageRow
	for raw, err := range c.ListPstnCalls(context.Background(), usageFrom, usageTo) {
		if err != nil {
			t.Fatal(err)
		}
		row, err := graph.DecodeUsageRow(model.UsagePSTN, raw)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
	if len(rows) != 1 || rows[0].OtherPartyCountry.Value() != "US" {
		t.Fatalf("rows %+v, want the beta row with its otherPartyCountryCode", rows)
	}
	if !slices.Equal(s.order, []string{pstnURI, next}) {
		t.Errorf("requests %q", s.order)
	}
}
