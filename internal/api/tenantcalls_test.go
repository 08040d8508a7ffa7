package api

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// TestTenantCalls: GET /api/v1/calls lists every user's calls of the
// tenant, newest first, page by page, to the roles that see the
// dashboard; a specialist is refused, and a list that was sent is
// audited.
func TestTenantCalls(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	f.ingestExamples("tenant-b")
	// The examples span years: the 30 days before this hold a few.
	f.clock.Set(time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC))
	stored, err := f.st.ListCalls(context.Background(), store.CallFilter{Tenant: "tenant-a", Since: f.clock.Now().Add(-30 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	all, err := f.st.ListCalls(context.Background(), store.CallFilter{Tenant: "tenant-a"})
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) < 2 || len(stored) == len(all) {
		t.Fatalf("%d of %d calls in the last 30 days: the test needs some in and some out", len(stored), len(all))
	}
	var want []string
	streams := map[string]int{}
	for _, c := range stored {
		want = append(want, c.ID)
		streams[c.ID] = c.Streams
	}

	for _, tc := range []struct {
		who    string
		status int
	}{
		{"admin", http.StatusOK},
		{"engineer", http.StatusOK},
		{"both", http.StatusOK},
		{"specialist", http.StatusForbidden},
	} {
		t.Run(tc.who, func(t *testing.T) {
			r := f.get("/api/v1/calls", tc.who)
			if tc.status != http.StatusOK {
				wantError(t, r, tc.status, codeForbidden)
				return
			}
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			checkWithheld(t, "GET /api/v1/calls", r.body)
			if got := listedIDs(t, r.body, streams); !slices.Equal(got, want) {
				t.Errorf("calls %v, want %v", got, want)
			}
		})
	}

	// One call a page: the same list, by its next links.
	var paged []string
	for target := "/api/v1/calls?limit=1"; target != ""; {
		r := f.get(target, "engineer")
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", target, r.status, r.body)
		}
		var page struct{ Next string }
		if err := json.Unmarshal([]byte(r.body), &page); err != nil {
			t.Fatal(err)
		}
		paged = append(paged, listedIDs(t, r.body, streams)...)
		target = page.Next
		if len(paged) > len(want) {
			t.Fatalf("paging does not end: %v", paged)
		}
	}
	if !slices.Equal(paged, want) {
		t.Errorf("paged %v, want %v", paged, want)
	}
	wantError(t, f.get("/api/v1/calls?days=31", "admin"), http.StatusBadRequest, codeBadRequest)

	// Each list sent is one entry; the refused one is none.
	if err := f.srv.audit.flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	entries, err := f.st.AuditLog(context.Background(), store.AuditFilter{Tenant: "tenant-a"})
	if err != nil {
		t.Fatal(err)
	}
	byRole := map[string]int{}
	for _, e := range entries {
		if e.Action != actionViewTenantCalls {
			continue
		}
		byRole[e.Role]++
		if e.Subject != "" || e.Detail != "days=30" {
			t.Errorf("entry %+v: want no subject and days=30", e)
		}
	}
	// Engineers: the engineer's and both's lists, and a page per call.
	if byRole["admin"] != 1 || byRole["specialist"] != 0 || byRole["engineer"] != 2+len(want) {
		t.Errorf("view-tenant-calls entries by role: %v", byRole)
	}
}

// listedIDs reads a call list's ids, checking each row's stream count.
func listedIDs(t *testing.T, body string, streams map[string]int) []string {
	t.Helper()
	var resp struct {
		Calls []struct {
			ID      string `json:"id"`
			Streams *int   `json:"streams"`
		} `json:"calls"`
	}
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	var ids []string
	for _, c := range resp.Calls {
		ids = append(ids, c.ID)
		if c.Streams == nil || *c.Streams != streams[c.ID] {
			t.Errorf("call %s: streams %v, want %d", c.ID, c.Streams, streams[c.ID])
		}
	}
	return ids
}

// TestCallRecordPages: the record's pages, one session each, hold the
// whole record's sessions in order, each page the call's other facts.
func TestCallRecordPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	const id = "bbbb1111-cc22-3333-44dd-555555eeeeee" // an ACS group call of five sessions
	type page struct {
		ID            string `json:"id"`
		Rating        string `json:"rating"`
		SessionCount  int    `json:"sessionCount"`
		SessionOffset int    `json:"sessionOffset"`
		Next          string `json:"next"`
		Record        struct {
			ID       string            `json:"id"`
			Version  int64             `json:"version"`
			Sessions []json.RawMessage `json:"sessions"`
		} `json:"record"`
	}
	read := func(target, who string) page {
		t.Helper()
		r := f.get(target, who)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s as %s: %d %s", target, who, r.status, r.body)
		}
		checkWithheld(t, target, r.body)
		var p page
		if err := json.Unmarshal([]byte(r.body), &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, who := range []string{"admin", "specialist"} {
		t.Run(who, func(t *testing.T) {
			whole := read("/api/v1/calls/"+id+"/record?limit=200", who)
			if whole.SessionCount < 2 || len(whole.Record.Sessions) != whole.SessionCount || whole.Next != "" || whole.Rating == "" {
				t.Fatalf("whole record: %d of %d sessions, next %q, rating %q", len(whole.Record.Sessions), whole.SessionCount, whole.Next, whole.Rating)
			}
			var sessions []json.RawMessage
			for target := "/api/v1/calls/" + id + "/record?limit=1"; target != ""; {
				p := read(target, who)
				if p.SessionOffset != len(sessions) || p.SessionCount != whole.SessionCount || p.Rating != whole.Rating ||
					p.Record.ID != id || p.Record.Version != whole.Record.Version {
					t.Fatalf("page at %d: %+v", len(sessions), p)
				}
				sessions = append(sessions, p.Record.Sessions...)
				target = p.Next
				if len(sessions) > whole.SessionCount {
					t.Fatal("paging does not end")
				}
			}
			if len(sessions) != len(whole.Record.Sessions) {
				t.Fatalf("%d sessions in pages, %d in the whole record", len(sessions), len(whole.Record.Sessions))
			}
			for i := range sessions {
				if string(sessions[i]) != string(whole.Record.Sessions[i]) {
					t.Errorf("session %d differs:\npage  %s\nwhole %s", i, sessions[i], whole.Record.Sessions[i])
				}
			}
		})
	}
}
