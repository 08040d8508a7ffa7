package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// TestAuditEntries: looking up a user's calls and viewing a call write
// entries with actor, role, tenant, subject and time; an admin reads
// them back through the API.
func TestAuditEntries(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	at := time.Date(2020, 2, 26, 8, 30, 0, 0, time.UTC)
	f.clock.Set(at)
	const (
		callID = "e523d2ed-2966-4b6b-925b-754a88034cc5"
		upn    = "abbie.wilkins@contoso.com"
	)
	if r := f.get("/api/v1/users/"+upn+"/calls?days=7", "specialist"); r.status != 200 {
		t.Fatalf("user calls: %d %s", r.status, r.body)
	}
	if r := f.get("/api/v1/calls/"+callID+"?user="+url.QueryEscape(upn), "specialist"); r.status != 200 {
		t.Fatalf("call: %d %s", r.status, r.body)
	}
	if r := f.get("/api/v1/calls/"+callID+"/timeline?user="+url.QueryEscape(upn), "engineer"); r.status != 200 {
		t.Fatalf("timeline: %d %s", r.status, r.body)
	}
	// A search by ref is recorded under the person it opens.
	search := f.get("/api/v1/users?q=Abbie", "specialist")
	ref := jsonField(t, search.body, "ref")
	if r := f.get("/api/v1/users/"+ref+"/calls", "specialist"); r.status != 200 {
		t.Fatalf("calls by ref: %d %s", r.status, r.body)
	}
	// A phone number looked up is recorded masked, as it is shown.
	if r := f.get("/api/v1/users/"+url.PathEscape("+5564981205182")+"/calls", "engineer"); r.status != 200 {
		t.Fatalf("calls by phone: %d %s", r.status, r.body)
	}
	if r := f.get("/api/v1/users?q="+url.QueryEscape("+556498120"), "engineer"); r.status != 200 {
		t.Fatalf("search by phone: %d %s", r.status, r.body)
	}
	// Refused requests are not lookups.
	f.get("/api/v1/calls/"+callID+"?section=debug", "specialist")
	f.get("/api/v1/calls/nope", "specialist")

	// Entries are written in the background; reading the log through
	// the API flushes them, the store directly does not.
	if err := f.srv.audit.flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := f.st.AuditLog(context.Background(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	type key struct{ actor, role, tenant, action, subject, detail string }
	var keys []key
	for _, e := range got {
		if !e.Time.Equal(at) {
			t.Errorf("entry %+v: time %v, want the server clock's %v", e, e.Time, at)
		}
		if e.TokenID == "" {
			t.Errorf("entry %+v has no token id", e)
		}
		keys = append(keys, key{e.Actor, e.Role, e.Tenant, e.Action, e.Subject, e.Detail})
	}
	want := []key{ // newest first
		{"engineer", "engineer", "tenant-a", "search-users", "", "q=+556498***; matches=1"},
		{"engineer", "engineer", "tenant-a", "view-user-calls", "+5564981205***", "days=30"},
		{"specialist", "specialist", "tenant-a", "view-user-calls", "821809f5-0000-0000-0000-3b5136c0e777", "days=30"},
		{"specialist", "specialist", "tenant-a", "search-users", "", "q=Abbie; matches=1"},
		{"engineer", "engineer", "tenant-a", "view-call", callID, upn},
		{"specialist", "specialist", "tenant-a", "view-call", callID, upn},
		{"specialist", "specialist", "tenant-a", "view-user-calls", upn, "days=7"},
	}
	if len(keys) != len(want) {
		t.Fatalf("audit log:\n%+v\nwant\n%+v", keys, want)
	}
	for i := range want {
		if keys[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, keys[i], want[i])
		}
	}

	// Through the API: admins only, filtered, paged.
	r := f.get("/api/v1/audit?actor=specialist&limit=2", "admin")
	if r.status != 200 {
		t.Fatalf("audit log: %d %s", r.status, r.body)
	}
	var page auditResponse
	if err := json.Unmarshal([]byte(r.body), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Entries) != 2 || page.Entries[0].Action != "view-user-calls" || page.Next == "" {
		t.Fatalf("first page = %+v", page)
	}
	r = f.get(page.Next, "admin")
	var next auditResponse
	if err := json.Unmarshal([]byte(r.body), &next); err != nil || len(next.Entries) != 2 || next.Entries[0].Action != "view-call" {
		t.Fatalf("second page = %s", r.body)
	}
	wantError(t, f.get("/api/v1/audit?since=yesterday", "admin"), http.StatusBadRequest, codeBadRequest)
	wantError(t, f.get("/api/v1/audit", "engineer"), http.StatusForbidden, codeForbidden)
}

// TestAuditFailureWithholdsData: when the audit entry cannot be queued
// (the server is closed), the data is not sent.
func TestAuditFailureWithholdsData(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	f.srv.Close() // the audit writer stops; nothing more can be recorded
	r := f.get("/api/v1/calls/e523d2ed-2966-4b6b-925b-754a88034cc5", "engineer")
	wantError(t, r, http.StatusServiceUnavailable, codeUnavailable)
}

// TestAuditWrittenOnClose: entries queued when the server closes are
// written before Close returns, and a failing store is retried, then
// reported.
func TestAuditWrittenOnClose(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	for range 5 {
		if r := f.get("/api/v1/calls/e523d2ed-2966-4b6b-925b-754a88034cc5", "engineer"); r.status != 200 {
			t.Fatal(r.body)
		}
	}
	if err := f.srv.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := f.st.AuditLog(context.Background(), store.AuditFilter{Actor: "engineer"})
	if err != nil || len(got) != 5 {
		t.Fatalf("after Close: %d entries, %v; want 5", len(got), err)
	}
}
