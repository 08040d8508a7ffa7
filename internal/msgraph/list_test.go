package msgraph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"
)

var (
	listFrom = time.Date(2023, 9, 25, 9, 25, 0, 0, time.UTC)
	listTo   = time.Date(2023, 9, 25, 9, 30, 0, 0, time.UTC)
	// The request the reference's example writes, spaces as %20.
	listURI = "/v1.0/communications/callRecords?$filter=startDateTime%20ge%202023-09-25T09:25:00Z%20and%20startDateTime%20lt%202023-09-25T09:30:00Z"
)

// listPages scripts the docs' list example as pages: its two records,
// then versions 3 and 4 of the first as later pages would show them
// after republication, then an element without an id, one per page.
func listPages(t *testing.T, s *standIn) []string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(fixture(t, "callrecords-list.json")), &doc); err != nil {
		t.Fatal(err)
	}
	records := doc["value"].([]any)
	again := clone(t, records[0]).(map[string]any)
	again["version"] = 3
	later := clone(t, records[0]).(map[string]any)
	later["version"] = 4
	records = append(records, again, later, map[string]any{"version": 9}) // the last has no id
	uris := []string{listURI}
	for i, r := range records {
		p := map[string]any{"@odata.context": doc["@odata.context"], "value": []any{r}}
		if i+1 < len(records) {
			next := fmt.Sprintf("/v1.0/communications/callRecords?$filter=x&$skiptoken=%d", i+1)
			p["@odata.nextLink"] = "{graph}" + next
			uris = append(uris, next)
		}
		s.on(uris[i], ok(jsonOf(t, p)))
	}
	return uris
}

func TestListCallRecords(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	uris := listPages(t, s)
	c := s.client(t, newRecorder())
	var got []string
	for ref, err := range c.ListCallRecords(context.Background(), listFrom, listTo) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s v%d %s", ref.ID, ref.Version, ref.StartDateTime.Format(time.RFC3339)))
	}
	want := []string{
		"3cf3bbc8-b21d-4f2e-bfd0-b13603ae6c65 v2 2023-09-25T09:28:38Z",
		"c3ad8c4b-4a87-4ab1-bef0-284d2f40ed9f v2 2023-09-25T14:03:36Z",
		"3cf3bbc8-b21d-4f2e-bfd0-b13603ae6c65 v3 2023-09-25T09:28:38Z",
		"3cf3bbc8-b21d-4f2e-bfd0-b13603ae6c65 v4 2023-09-25T09:28:38Z",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	for _, u := range uris {
		if s.hitsOf(u) != 1 {
			t.Errorf("%s fetched %d times, want once", u, s.hitsOf(u))
		}
	}
}

func TestListCallRecordsStopsWhenTheLoopStops(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	uris := listPages(t, s)
	c := s.client(t, newRecorder())
	n := 0
	for _, err := range c.ListCallRecords(context.Background(), listFrom, listTo) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 2 {
			break
		}
	}
	if s.hitsOf(uris[2]) != 0 {
		t.Errorf("page 3 was fetched after the caller stopped at record 2")
	}
}

func TestListCallRecordsErrors(t *testing.T) {
	t.Parallel()
	f := func(name string, script func(*standIn), from, to time.Time, want error, wantRecords int) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newStandIn(t)
			script(s)
			var err error
			records := 0
			for _, e := range s.client(t, newRecorder()).ListCallRecords(context.Background(), from, to) {
				if e != nil {
					if err != nil {
						t.Fatalf("a second error after %v: %v", err, e)
					}
					err = e
					continue
				}
				records++
			}
			if !errors.Is(err, want) || records != wantRecords {
				t.Errorf("got %v after %d records, want %v after %d", err, records, want, wantRecords)
			}
		})
	}
	one := `{"value":[{"id":"a","version":1}],"@odata.nextLink":"{graph}` + listURI + `"}`
	f("a page links to the first", func(s *standIn) { s.on(listURI, ok(one)) }, listFrom, listTo, ErrPageLoop, 1)
	f("empty window", func(*standIn) {}, listTo, listFrom, ErrConfig, 0)
	f("forbidden", func(s *standIn) {
		s.on(listURI, answer{status: 403, body: `{"error":{"code":"Forbidden","message":"Forbidden"}}`})
	}, listFrom, listTo, ErrPermission, 0)
	f("throttled past the retries", func(s *standIn) {
		s.on(listURI, answer{status: 429, body: `{}`})
	}, listFrom, listTo, ErrThrottled, 0)
	f("not a list", func(s *standIn) { s.on(listURI, ok(`[]`)) }, listFrom, listTo, ErrBadResponse, 0)
	f("a version that is not a number", func(s *standIn) {
		s.on(listURI, ok(`{"value":[{"id":"a","version":"x"},{"id":"b","version":2}]}`))
	}, listFrom, listTo, nil, 1)
}

func TestListCallRecordsFilterTimes(t *testing.T) {
	t.Parallel()
	f := func(in time.Time, want string) {
		t.Helper()
		if got := odataTime(in); got != want {
			t.Errorf("odataTime(%v) = %s, want %s", in, got, want)
		}
	}
	f(listFrom, "2023-09-25T09:25:00Z")
	f(time.Date(2023, 9, 25, 11, 25, 0, 0, time.FixedZone("CEST", 2*3600)), "2023-09-25T09:25:00Z")
	f(time.Date(2023, 9, 25, 9, 25, 0, 123456700, time.UTC), "2023-09-25T09:25:00.1234567Z")
}

func TestCheckAccess(t *testing.T) {
	t.Parallel()
	s := newStandIn(t)
	clock := newRecorder()
	clock.now = listTo
	uri := "/v1.0/communications/callRecords?$filter=startDateTime%20ge%202023-09-25T09:29:00Z%20and%20startDateTime%20lt%202023-09-25T09:30:00Z"
	s.on(uri, ok(`{"value":[]}`), answer{status: 403, body: `{"error":{"code":"Authorization_RequestDenied","message":"no"}}`})
	c := s.client(t, clock)
	if err := c.CheckAccess(context.Background()); err != nil {
		t.Errorf("first check: %v", err)
	}
	if err := c.CheckAccess(context.Background()); !errors.Is(err, ErrPermission) {
		t.Errorf("second check: got %v, want ErrPermission", err)
	}
}
