package api

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestPagesMounted: with Config.Pages, paths outside the API go to the
// pages, which get the API's own handler; the API's paths answer as
// without them.
func TestPagesMounted(t *testing.T) {
	var inner http.Handler
	f := newFixture(t, func(c *Config) {
		c.Pages = func(api http.Handler) (http.Handler, error) {
			inner = api
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, "page "+r.URL.Path)
			}), nil
		}
	})
	if r := f.get("/users", ""); r.status != http.StatusOK || r.body != "page /users" {
		t.Errorf("GET /users: %d %q, want the pages", r.status, r.body)
	}
	if r := f.get("/", ""); r.body != "page /" {
		t.Errorf("GET /: %q, want the pages", r.body)
	}
	wantError(t, f.get("/api/v1/nope", "admin"), http.StatusNotFound, codeNotFound)
	r := f.do(http.MethodDelete, "/api/v1/users", "admin", nil)
	wantError(t, r, http.StatusMethodNotAllowed, codeMethodNotAllowed)
	if allow := r.header.Get("Allow"); allow != "GET, HEAD" {
		t.Errorf("Allow = %q, want GET, HEAD", allow)
	}
	// So do its paths outside /api/.
	r = f.do(http.MethodPost, "/healthz", "", nil)
	wantError(t, r, http.StatusMethodNotAllowed, codeMethodNotAllowed)
	if allow := r.header.Get("Allow"); allow != "GET, HEAD" {
		t.Errorf("POST /healthz: Allow = %q, want GET, HEAD", allow)
	}
	if r := f.get("/healthz", ""); r.status != http.StatusOK {
		t.Errorf("GET /healthz: %d with the pages mounted", r.status)
	}
	if r := f.get("/api/v1/me", "admin"); r.status != http.StatusOK || !strings.Contains(r.body, `"role":"admin"`) {
		t.Errorf("GET /api/v1/me: %d %s", r.status, r.body)
	}
	// The handler the pages were given is the API itself.
	if inner == nil {
		t.Fatal("Pages was not called")
	}
	if strings.Count(f.logs.String(), "route=pages") != 2 {
		t.Errorf("page requests are not logged under the route pages:\n%s", f.logs.String())
	}
}

func TestPagesError(t *testing.T) {
	f := newFixture(t)
	_, err := New(Config{Store: f.st, Auth: f.srv.cfg.Auth, Pages: func(http.Handler) (http.Handler, error) {
		return nil, errors.New("templates broken")
	}})
	if err == nil || !strings.Contains(err.Error(), "templates broken") {
		t.Errorf("New with failing pages: %v", err)
	}
}
