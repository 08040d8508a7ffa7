package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/auth"
)

// TestUnauthenticated: every /api route needs a valid, unrevoked token;
// the answer is 401 in the one shape, with WWW-Authenticate.
func TestUnauthenticated(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	tokens := auth.Tokens{Store: f.st}
	revoked, tok, err := tokens.Create(ctx, "gone", "admin", []string{"tenant-a"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.RevokeToken(ctx, tok.ID, t0); err != nil {
		t.Fatal(err)
	}
	for _, rt := range f.srv.routes {
		if rt.public {
			continue
		}
		path := strings.NewReplacer("{id}", "x", "{user}", "u").Replace(rt.path)
		for name, header := range map[string]string{
			"no header": "", "wrong secret": "Bearer cs_wrong", "revoked": "Bearer " + revoked,
			"basic": "Basic dXNlcjpwYXNz", "bare secret": f.tokens["admin"],
		} {
			var r response
			if header == "" {
				r = f.do(rt.method, path, "", nil)
			} else {
				r = f.do(rt.method, path, "", nil, "Authorization", header)
			}
			t.Run(rt.pattern()+"/"+name, func(t *testing.T) {
				wantError(t, r, http.StatusUnauthorized, codeUnauthenticated)
				if got := r.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
					t.Errorf("WWW-Authenticate = %q", got)
				}
			})
		}
	}
	if !strings.Contains(f.logs.String(), "was revoked") {
		t.Error("a revoked token's use is not logged")
	}
}

// TestWrongRole: what a role may not do is 403.
func TestWrongRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	id := "e523d2ed-2966-4b6b-925b-754a88034cc5"
	for _, c := range []struct{ who, method, target string }{
		{"specialist", "GET", "/api/v1/calls/" + id + "?section=advanced"},
		{"specialist", "GET", "/api/v1/calls/" + id + "?section=debug"},
		{"engineer", "POST", "/api/v1/ingest"},
		{"specialist", "POST", "/api/v1/ingest"},
		{"engineer", "GET", "/api/v1/audit"},
		{"specialist", "GET", "/api/v1/audit"},
	} {
		r := f.do(c.method, c.target, c.who, strings.NewReader("{}"))
		t.Run(c.who+" "+c.method+" "+c.target, func(t *testing.T) { wantError(t, r, http.StatusForbidden, codeForbidden) })
	}
	// What they may do.
	for _, c := range []struct{ who, target string }{
		{"specialist", "/api/v1/calls/" + id + "?section=overview"},
		{"engineer", "/api/v1/calls/" + id + "?section=advanced"},
		{"engineer", "/api/v1/calls/" + id + "?section=debug"},
		{"admin", "/api/v1/audit"},
	} {
		if r := f.get(c.target, c.who); r.status != 200 {
			t.Errorf("%s GET %s: %d %s", c.who, c.target, r.status, r.body)
		}
	}
}

// TestBadParameters: a 400 names the parameter.
func TestBadParameters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	for target, param := range map[string]string{
		"/api/v1/users":                        "q",
		"/api/v1/users?q=a":                    "q",
		"/api/v1/users?q=ab":                   "", // enough for an engineer
		"/api/v1/users?q=abbie&limit=0":        "limit",
		"/api/v1/users?q=abbie&q=owen":         "q",
		"/api/v1/users/x/calls?days=31":        "days",
		"/api/v1/users/x/calls?days=-1":        "days",
		"/api/v1/users/x/calls?limit=abc":      "limit",
		"/api/v1/users/x/calls?cursor=garbage": "cursor",
		"/api/v1/users/%20/calls":              "user",
		"/api/v1/calls/x?section=everything":   "section",
		"/api/v1/calls/x?tenant=":              "tenant",
		"/api/v1/calls/x?tenant=a&tenant=b":    "tenant",
		"/api/v1/audit?until=2020-01-01T00:00:00Z&since=2021-01-01T00:00:00Z": "until",
	} {
		r := f.get(target, "admin")
		if param == "" {
			if r.status != 200 {
				t.Errorf("GET %s: %d %s", target, r.status, r.body)
			}
			continue
		}
		wantError(t, r, http.StatusBadRequest, codeBadRequest)
		if !strings.Contains(r.body, "parameter "+param+":") {
			t.Errorf("GET %s: the message does not name %s: %s", target, param, r.body)
		}
	}
	r := f.get("/api/v1/users?q=ab", "specialist")
	wantError(t, r, http.StatusBadRequest, codeBadRequest)
	wantError(t, f.get("/api/v1/calls/no-such-call", "admin"), http.StatusNotFound, codeNotFound)
	wantError(t, f.get("/api/v1/users/ref_forged/calls", "admin"), http.StatusNotFound, codeNotFound)
}
