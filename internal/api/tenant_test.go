package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// TestTenantIsolation stores the same call ids under two tenants with
// different content: a token of tenant-a never sees tenant-b's copy on
// any route, and naming tenant-b with it is 404, as if nothing existed.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	calls := storedCalls(t, f.st, "tenant-a")
	const marker = "Bravotenant"
	var copies []*model.Call
	for _, c := range calls {
		b := *c
		b.Tenant = "tenant-b"
		b.Version++
		b.OrganizerV2 = &model.CallParticipant{ID: model.Some("bbbbbbbb-0000-0000-0000-00000000000b"), Identity: &model.IdentitySet{
			User: &model.Identity{ID: model.Some("bbbbbbbb-0000-0000-0000-00000000000b"), DisplayName: model.Some(marker + " Organizer"),
				UserPrincipalName: model.Some("organizer@" + strings.ToLower(marker) + ".example")},
		}}
		copies = append(copies, &b)
	}
	if _, err := f.st.PutCalls(context.Background(), copies); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))

	lookups := []string{"", "bbbbbbbb-0000-0000-0000-00000000000b", "organizer@bravotenant.example"}
	var targets []string
	for _, c := range calls {
		for _, l := range lookups {
			q := "?user=" + url.QueryEscape(l)
			base := "/api/v1/calls/" + url.PathEscape(c.ID)
			targets = append(targets, base+q, base+"/timeline"+q, base+"/participants"+q, base+"/verdicts"+q, base+"/record"+q)
		}
	}
	for _, l := range lookups[1:] {
		targets = append(targets, "/api/v1/users/"+url.PathEscape(l)+"/calls?days=30")
	}
	targets = append(targets, "/api/v1/users?q="+marker, "/api/v1/users?q=organizer@bravo", "/api/v1/audit", "/api/v1/me",
		"/api/v1/calls?days=30")

	for _, who := range []string{"admin", "engineer", "specialist"} {
		for _, target := range targets {
			r := f.get(target, who)
			body := r.body
			switch {
			case strings.HasPrefix(target, "/api/v1/users?"):
				// The search text is echoed; the matches must be empty.
				body = body[strings.Index(body, `"matches"`):]
			case strings.HasPrefix(target, "/api/v1/audit"):
				// The log holds what tenant-a's users typed; it must
				// hold nothing of tenant-b's.
				body = ""
				if strings.Contains(r.body, `"tenant":"tenant-b"`) {
					t.Errorf("%s GET %s shows tenant-b's audit entries", who, target)
				}
			}
			if strings.Contains(strings.ToLower(body), strings.ToLower(marker)) || strings.Contains(body, "bbbbbbbb-0000") {
				t.Errorf("%s GET %s shows tenant-b's data: %s", who, target, r.body)
			}
			if r.status >= 500 {
				t.Errorf("%s GET %s: %d %s", who, target, r.status, r.body)
			}
			// The other tenant by name: 404, whatever the route.
			sep := "?"
			if strings.Contains(target, "?") {
				sep = "&"
			}
			other := f.get(target+sep+"tenant=tenant-b", who)
			wantError(t, other, http.StatusNotFound, codeNotFound)
		}
		// Uploading into the other tenant is 404 too, before the role
		// is even considered.
		up := f.do(http.MethodPost, "/api/v1/ingest?tenant=tenant-b", who, strings.NewReader("{}"))
		wantError(t, up, http.StatusNotFound, codeNotFound)
	}

	// A token holding both tenants sees each one's own copy.
	c := calls[0]
	a := f.get("/api/v1/calls/"+url.PathEscape(c.ID)+"/participants", "both")
	b := f.get("/api/v1/calls/"+url.PathEscape(c.ID)+"/participants?tenant=tenant-b", "both")
	if a.status != 200 || b.status != 200 {
		t.Fatalf("token of both tenants: %d %s / %d %s", a.status, a.body, b.status, b.body)
	}
	if strings.Contains(a.body, marker) || !strings.Contains(b.body, marker) {
		t.Errorf("tenant-a's copy:\n%s\ntenant-b's copy:\n%s", a.body, b.body)
	}
	if s := f.get("/api/v1/users?q="+marker+"&tenant=tenant-b", "both"); !strings.Contains(s.body, marker) {
		t.Errorf("search in tenant-b finds nothing: %s", s.body)
	}
	// A ref made in one tenant opens nothing in the other.
	s := f.get("/api/v1/users?q="+marker+"&tenant=tenant-b", "both")
	ref := jsonField(t, s.body, "ref")
	if r := f.get("/api/v1/users/"+ref+"/calls?tenant=tenant-b", "both"); r.status != 200 {
		t.Errorf("ref in its own tenant: %d %s", r.status, r.body)
	}
	wantError(t, f.get("/api/v1/users/"+ref+"/calls", "both"), http.StatusNotFound, codeNotFound)
}

// jsonField finds the first string value of a property in a body.
func jsonField(t testing.TB, body, name string) string {
	t.Helper()
	i := strings.Index(body, `"`+name+`":"`)
	if i < 0 {
		t.Fatalf("no %s in %s", name, body)
	}
	rest := body[i+len(name)+4:]
	return rest[:strings.IndexByte(rest, '"')]
}
