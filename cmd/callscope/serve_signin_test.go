package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/oidctest"
)

// TestServeTakesEntraTokens: with the sign-in flags, the API takes the
// organization's tokens, with the role of each person's Entra role, and
// still callscope's own; a person without a role is told which to ask
// for. The identity provider is an OpenID Connect implementation on
// 127.0.0.1 (package oidctest): Entra cannot run here.
func TestServeTakesEntraTokens(t *testing.T) {
	t.Parallel()
	const tid = "0f1e2d3c-aaaa-bbbb-cccc-000000000001"
	idp := oidctest.Start(t, tid, "http://127.0.0.1/callback")
	c := newCLI(t)
	out, stderr, code := c.run("", "token", "create", "--name", "automation", "--role", "engineer", "--tenant", "contoso")
	if code != exitOK {
		t.Fatalf("token create: %d %s", code, stderr)
	}
	automation := strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
	s := startServe(t, c, "--tenant", "contoso", "--signin-tenant-id", tid, "--signin-issuer", idp.Issuer, "--signin-client-id", idp.ClientID)
	me := func(token string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, s.base+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body struct {
			Role, Tenant string
			Error        struct{ Message string }
		}
		_ = json.NewDecoder(resp.Body).Decode(&body)
		if resp.StatusCode != http.StatusOK {
			return resp.StatusCode, body.Error.Message
		}
		return resp.StatusCode, body.Role + " " + body.Tenant
	}
	for _, user := range []string{"specialist", "engineer", "admin"} {
		if code, got := me(idp.IDToken(t, idp.ClientID, user)); code != 200 || got != user+" contoso" {
			t.Errorf("%s: %d %q\n%s", user, code, got, s.err.String())
		}
	}
	if code, got := me(idp.IDToken(t, idp.ClientID, "nobody")); code != http.StatusForbidden || !strings.Contains(got, "Teams Communications Support Engineer") {
		t.Errorf("a person without a role: %d %q", code, got)
	}
	if code, _ := me(idp.IDToken(t, "other-app", "admin")); code != http.StatusUnauthorized {
		t.Errorf("another app's token: %d, want 401", code)
	}
	if code, got := me(automation); code != 200 || got != "engineer contoso" {
		t.Errorf("a callscope token beside Entra's: %d %q", code, got)
	}
}
