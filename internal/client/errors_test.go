package client

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/cqd"
)

// TestErrorStatuses: each answer a person can fix says what to fix, in
// terms of the request that got it; every error names the server with
// its password hidden, and the API's code, message and request id.
func TestErrorStatuses(t *testing.T) {
	t.Parallel()
	answer := func(status int, body string) *httptest.Server {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer cs_token" {
				t.Errorf("%s: Authorization %q", r.URL, r.Header.Get("Authorization"))
			}
			if r.URL.Query().Get("tenant") != "contoso" {
				t.Errorf("%s: no ?tenant=contoso", r.URL)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			w.Write([]byte(body))
		}))
		t.Cleanup(s.Close)
		return s
	}
	apiError := func(code, msg string) string {
		return `{"error":{"code":"` + code + `","message":"` + msg + `","requestId":"req-1"}}`
	}
	ctx := context.Background()
	calls := func(c *Client) error { _, err := c.TenantCalls(ctx, 0, 0); return err }
	userCalls := func(c *Client) error { _, err := c.UserCalls(ctx, "alice@contoso.com", 7, 0); return err }
	call := func(c *Client) error { _, _, err := c.Call(ctx, "no-such-call", ""); return err }
	dashboard := func(c *Client) error { _, err := c.Aggregate(ctx, cqd.Params{}); return err }
	export := func(c *Client) error { return c.ExportCQD(ctx, cqd.Params{}, "csv", true, &bytes.Buffer{}) }
	buildings := func(c *Client) error { return c.ExportBuildings(ctx, &bytes.Buffer{}) }
	upload := func(c *Client) error { _, err := c.Ingest(ctx, nil); return err }

	for _, tc := range []struct {
		name   string
		status int
		body   string
		do     func(*Client) error
		wants  []string
	}{
		{"401", 401, apiError("unauthenticated", "no valid token"), calls,
			[]string{"read calls from", "server answered 401 unauthenticated: no valid token", "check --token", "[request req-1]"}},
		{"403 everyone's calls", 403, apiError("forbidden", "the specialist role may not do this"), calls,
			[]string{"403 forbidden", "engineer or admin token", "a specialist gives --user"}},
		{"403 dashboard", 403, apiError("forbidden", "no"), dashboard, []string{"read the dashboard from", "engineer or admin token"}},
		{"403 export", 403, apiError("forbidden", "no"), export, []string{"export stream facts from", "engineer or admin token"}},
		{"403 building file", 403, apiError("forbidden", "no"), buildings, []string{"export the building file from", "building files need an admin token"}},
		{"403 upload", 403, apiError("forbidden", "no"), upload, []string{"send files to", "uploads need an admin token"}},
		{"404 call", 404, apiError("not_found", "call not found"), call,
			[]string{"read call no-such-call from", "404 not_found: call not found", "check --server, and --tenant"}},
		{"404 user", 404, apiError("not_found", "user not found"), userCalls, []string{"read the calls of alice@contoso.com from", "404"}},
		{"400", 400, apiError("bad_request", "parameter days: \\\"99\\\" is not a whole number from 1 to 30"), userCalls,
			[]string{"400 bad_request: parameter days"}},
		{"a proxy's page", 502, "<html>bad gateway</html>", calls, []string{"server answered 502"}},
		{"not the API's answer", 200, "<html>a login page</html>", calls, []string{"the answer is not what the API sends"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := answer(tc.status, tc.body)
			c, err := New(strings.Replace(s.URL, "http://", "http://ops:hunter2@", 1), "cs_token", "contoso")
			if err != nil {
				t.Fatal(err)
			}
			err = tc.do(c)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			for _, want := range tc.wants {
				if !strings.Contains(msg, want) {
					t.Errorf("%q lacks %q", msg, want)
				}
			}
			if strings.Contains(msg, "hunter2") || !strings.Contains(msg, "ops:xxxxx@127.0.0.1") {
				t.Errorf("%q: the server's address is not named with its password hidden", msg)
			}
			var ae *Error
			if tc.status != http.StatusOK && (!errors.As(err, &ae) || ae.Status != tc.status) {
				t.Errorf("%v: not an *Error of status %d", err, tc.status)
			}
		})
	}
}

// TestNew: what is wrong with the address or the token is said before
// anything is sent.
func TestNew(t *testing.T) {
	t.Parallel()
	f := func(server, token, want string) {
		t.Helper()
		_, err := New(server, token, "")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New(%q, %q) = %v, want %q", server, token, err, want)
		}
	}
	f("127.0.0.1:8080", "cs_x", "want an address such as")
	f("ftp://127.0.0.1", "cs_x", "want an address such as")
	f("http://", "cs_x", "want an address such as")
	f("http://127.0.0.1:8080", "", "no API token")
	f("http://127.0.0.1:8080", "  ", "no API token")
}
