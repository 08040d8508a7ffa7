// Package oidctest runs an OpenID Connect provider on 127.0.0.1 for
// tests of signing in with Microsoft Entra ID, which cannot run here:
// the example provider of Zitadel's OIDC library (a complete
// implementation of the protocol: discovery, keys, the authorization-code
// flow with PKCE, refresh tokens), with the people of a Teams
// organization, whose tokens carry Entra's tid and wids claims.
package oidctest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/oauth2"
	"golang.org/x/text/language"
)

// Password is every person's password.
const Password = "verysecure"

// The people of the organization, by user name: one per Entra role that
// gives access to callscope, and one with none.
var People = map[string][]string{
	"specialist": {"fcf91098-03e3-41a9-b5ba-6f0ec8188a12"},
	"engineer":   {"f70938a0-fc10-4177-9e90-2178f8765737"},
	"admin":      {"baf37b3a-610e-45da-9e62-d9d1e5e8914b"},
	"nobody":     {"b79fbf4d-3ef9-4689-8143-76b194e85509"}, // Global Reader: no access to callscope
}

// Provider is a running provider.
type Provider struct {
	// Issuer is its URL; TenantID the tid of its tokens.
	Issuer, TenantID string
	// ClientID and ClientSecret are the app registered for callscope,
	// with RedirectURIs.
	ClientID, ClientSecret string
	RedirectURIs           []string

	refreshes atomic.Int64
}

// Refreshes counts the refresh-token grants the provider answered.
func (p *Provider) Refreshes() int { return int(p.refreshes.Load()) }

// Start runs a provider for tenantID until the test ends, with callscope's
// app registered with redirectURIs, and another app ("other-app", same
// secret) whose tokens are not for callscope.
func Start(tb testing.TB, tenantID string, redirectURIs ...string) *Provider {
	tb.Helper()
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String()
	p := &Provider{Issuer: issuer, TenantID: tenantID, ClientID: "callscope-" + randomHex(4), ClientSecret: randomHex(16),
		RedirectURIs: redirectURIs}
	users := people{byID: map[string]*storage.User{}}
	for name := range People {
		users.byID[name] = &storage.User{ID: name, Username: name, Password: Password, FirstName: name, LastName: "Contoso",
			Email: name + "@contoso.example", EmailVerified: true, PreferredLanguage: language.English}
	}
	clients := map[string]*storage.Client{
		p.ClientID:  storage.WebClient(p.ClientID, p.ClientSecret, redirectURIs...),
		"other-app": storage.WebClient("other-app", p.ClientSecret, redirectURIs...),
	}
	st := &entraStorage{Storage: storage.NewStorageWithClients(users, clients), tenantID: tenantID}
	// The example logs each request through slog's default logger, which
	// it sets to the one given: a silent one, for quiet test output.
	h := exampleop.SetupServer(issuer, st, slog.New(slog.DiscardHandler), false)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/oauth/token" {
			body, _ := io.ReadAll(r.Body)
			if form, err := url.ParseQuery(string(body)); err == nil && form.Get("grant_type") == "refresh_token" {
				p.refreshes.Add(1)
			}
			r.Body = io.NopCloser(strings.NewReader(string(body)))
		}
		h.ServeHTTP(w, r)
	})
	srv.Start()
	tb.Cleanup(srv.Close)
	return p
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// people are the organization's accounts.
type people struct{ byID map[string]*storage.User }

func (u people) GetUserByID(id string) *storage.User { return u.byID[id] }
func (u people) GetUserByUsername(name string) *storage.User {
	return u.byID[name]
}
func (u people) ExampleClientID() string { return "" }

// entraStorage adds Entra's claims to the example's tokens: the tenant
// (tid) and the directory roles (wids), in ID tokens as Entra puts them
// there, and in JWT access tokens.
type entraStorage struct {
	*storage.Storage
	tenantID string
}

func (s *entraStorage) addClaims(ui *oidc.UserInfo, userID string) {
	ui.AppendClaims("tid", s.tenantID)
	ui.AppendClaims("wids", People[userID])
	ui.PreferredUsername = userID + "@contoso.example"
}

// SetUserinfoFromScopes implements op.Storage.
func (s *entraStorage) SetUserinfoFromScopes(ctx context.Context, ui *oidc.UserInfo, userID, clientID string, scopes []string) error {
	if err := s.Storage.SetUserinfoFromScopes(ctx, ui, userID, clientID, scopes); err != nil {
		return err
	}
	s.addClaims(ui, userID)
	return nil
}

// SetUserinfoFromRequest implements op.CanSetUserinfoFromRequest.
func (s *entraStorage) SetUserinfoFromRequest(ctx context.Context, ui *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, ui, req, scopes); err != nil {
		return err
	}
	s.addClaims(ui, req.GetSubject())
	return nil
}

// GetClientByClientID implements op.Storage: the apps put the person's
// claims in the ID token, as Entra does.
func (s *entraStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	return claimsInIDToken{c}, nil
}

type claimsInIDToken struct{ op.Client }

func (claimsInIDToken) IDTokenUserinfoClaimsAssertion() bool { return true }

var hiddenID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// IDToken signs user in to clientID by the authorization-code flow, as a
// browser would, and returns the ID token.
func (p *Provider) IDToken(tb testing.TB, clientID, user string) string {
	tb.Helper()
	cfg := p.OAuth2(clientID)
	jar, _ := cookiejar.New(nil)
	redirect := p.RedirectURIs[0]
	var code string
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(r.URL.String(), redirect) {
			code = r.URL.Query().Get("code")
			return http.ErrUseLastResponse
		}
		return nil
	}}
	verifier := oauth2.GenerateVerifier()
	// The app's redirect URI is not served: the code is taken from it.
	status, _ := p.Login(tb, c, cfg.AuthCodeURL("state", oauth2.S256ChallengeOption(verifier)), user)
	if code == "" {
		tb.Fatalf("signing %s in gave no code (status %d)", user, status)
	}
	tok, err := cfg.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
	if err != nil {
		tb.Fatal(err)
	}
	id, _ := tok.Extra("id_token").(string)
	if id == "" {
		tb.Fatal("no ID token")
	}
	return id
}

// OAuth2 is the OAuth2 configuration of an app of the provider.
func (p *Provider) OAuth2(clientID string) *oauth2.Config {
	return &oauth2.Config{ClientID: clientID, ClientSecret: p.ClientSecret, RedirectURL: p.RedirectURIs[0],
		Scopes:   []string{oidc.ScopeOpenID, oidc.ScopeProfile, oidc.ScopeEmail},
		Endpoint: oauth2.Endpoint{AuthURL: p.Issuer + "/auth", TokenURL: p.Issuer + "/oauth/token", AuthStyle: oauth2.AuthStyleInHeader}}
}

// Login walks a browser's sign-in to the provider: it opens start (a
// page of the app that sends the browser to the provider), fills in the
// provider's login form as user, and returns the status and page the
// browser ends on, back at the app. The client must keep cookies.
func (p *Provider) Login(tb testing.TB, browser *http.Client, start, user string) (int, string) {
	tb.Helper()
	resp, err := browser.Get(start)
	if err != nil {
		tb.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := hiddenID.FindSubmatch(page)
	if m == nil {
		tb.Fatalf("no login form of the provider at the end of %s: %d\n%s", start, resp.StatusCode, page)
	}
	resp, err = browser.PostForm(p.Issuer+"/login/username", url.Values{"username": {user}, "password": {Password}, "id": {string(m[1])}})
	if err != nil {
		tb.Fatal(err)
	}
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, string(page)
}
