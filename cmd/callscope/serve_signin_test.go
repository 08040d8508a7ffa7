package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

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

// TestWebSignInWithEntra walks the pages' sign-in through the identity
// provider as a browser does (redirects, the provider's login form, the
// callback), for each role: the pages then show that role's navigation.
// A person without a role gets a page naming the roles to ask for; an
// answer that did not start in this browser is refused.
func TestWebSignInWithEntra(t *testing.T) {
	t.Parallel()
	const tid = "0f1e2d3c-aaaa-bbbb-cccc-000000000001"
	port := freeTCPPort(t)
	base := "http://127.0.0.1:" + port
	idp := oidctest.Start(t, tid, base+"/signin/oidc/callback")
	c := newCLI(t)
	startServe(t, c, "--addr", "127.0.0.1:"+port, "--tenant", "contoso", "--signin-tenant-id", tid, "--signin-issuer", idp.Issuer,
		"--signin-client-id", idp.ClientID, "--signin-client-secret", idp.ClientSecret)
	signIn := func(user string) (*http.Client, int, string) {
		t.Helper()
		jar, _ := cookiejar.New(nil)
		browser := &http.Client{Jar: jar, Timeout: 20 * time.Second}
		code, page := idp.Login(t, browser, base+"/signin/oidc?next=/users", user)
		return browser, code, page
	}
	for user, nav := range map[string]string{"specialist": "Users", "engineer": "Poor calls", "admin": "Collection"} {
		browser, code, page := signIn(user)
		if code != http.StatusOK || !strings.Contains(page, `href="/users"`) {
			t.Fatalf("%s: the callback answered %d:\n%s", user, code, page)
		}
		resp, err := browser.Get(base + "/users")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), ">"+nav+"</a>") || !strings.Contains(string(body), user+"@contoso.example") {
			t.Errorf("%s signed in: %d, want the %s link and their name:\n%.3000s", user, resp.StatusCode, nav, body)
		}
		if user == "specialist" && strings.Contains(string(body), ">Dashboard</a>") {
			t.Error("a specialist is offered the dashboard")
		}
	}
	if _, code, page := signIn("nobody"); code != http.StatusForbidden || !strings.Contains(page, "Teams Communications Support Specialist") {
		t.Errorf("a person without a role: %d\n%.2000s", code, page)
	}
	resp, err := http.Get(base + "/signin/oidc/callback?state=forged&code=stolen")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a callback that did not start in this browser: %d, want 403", resp.StatusCode)
	}
}

// freeTCPPort is a port of 127.0.0.1 free a moment ago.
func freeTCPPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}
