package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/callscope/callscope/internal/api"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/oidctest"
	"github.com/callscope/callscope/internal/web"
)

// TestBrowserSignInWithEntra walks the whole sign-in through the
// organization's identity provider in Chromium, for each role: the
// button on callscope's sign-in page, the provider's login form, and
// back in callscope with that role's navigation; a person without a
// role is told which roles to ask for. The provider is an OpenID Connect
// implementation run on 127.0.0.1 (package oidctest): Entra cannot run
// here.
func TestBrowserSignInWithEntra(t *testing.T) {
	t.Parallel()
	chromium(t)
	d := demoServer(t)
	site, idp := oidcSite(t, d, nil)
	for _, tc := range []struct {
		user string
		nav  []string
	}{
		{"specialist", []string{"Users"}},
		{"engineer", []string{"Users", "Dashboard", "Poor calls", "Reliability", "Telephony", "ACS insights"}},
		{"admin", []string{"Users", "Dashboard", "Poor calls", "Reliability", "Telephony", "ACS insights", "Buildings", "Collection"}},
		{"nobody", nil},
	} {
		t.Run(tc.user, func(t *testing.T) {
			b := newBrowser(t, site)
			b.open("/signin?next=/users")
			b.click("#signin-oidc")
			if !strings.HasPrefix(get(b, "location", chromedp.Location()), idp.Issuer) {
				t.Fatalf("the button led to %s, not the identity provider", b.location())
			}
			b.run("sign in at the provider", chromedp.WaitVisible(chromedp.ID("username")),
				chromedp.SendKeys(chromedp.ID("username"), tc.user), chromedp.SendKeys(chromedp.ID("password"), oidctest.Password),
				chromedp.Submit(chromedp.ID("password")))
			if tc.nav == nil {
				b.run("wait for the answer", chromedp.WaitVisible(chromedp.CSS("main h1")))
				if html := b.html(); !strings.Contains(html, "No access to callscope") || !strings.Contains(html, "Teams Communications Support Engineer") {
					t.Errorf("a person without a role:\n%.2000s", html)
				}
				return
			}
			b.run("back in callscope", chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Main"]`)))
			deadline := time.Now().Add(20 * time.Second)
			for b.location() != "/users" && time.Now().Before(deadline) {
				b.run("wait", chromedp.Sleep(100*time.Millisecond))
			}
			if got := b.texts(`nav[aria-label="Main"] a`); strings.Join(got, ",") != strings.Join(tc.nav, ",") {
				t.Errorf("navigation %q, want %q (at %s)", got, tc.nav, b.location())
			}
			if !strings.Contains(b.html(), tc.user+"@contoso.example") {
				t.Error("the page does not name who signed in")
			}
			// Signing out ends the session: the pages ask to sign in again.
			b.click(`form[action="/signout"] button`)
			b.open("/users")
			if loc := b.location(); !strings.HasPrefix(loc, "/signin") {
				t.Errorf("after signing out, /users is %s, not the sign-in page", loc)
			}
		})
	}
}

// oidcSite serves the demo store's API and pages on 127.0.0.1 with
// sign-in through an identity provider of its own (oidctest); now is the
// pages' clock (nil: the real one).
func oidcSite(t *testing.T, d *demo, now func() time.Time) (*demo, *oidctest.Provider) {
	t.Helper()
	const tid = "0f1e2d3c-aaaa-bbbb-cccc-000000000001"
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	idp := oidctest.Start(t, tid, base+"/signin/oidc/callback")
	jwt := &auth.JWT{Issuer: idp.Issuer, Audiences: []string{idp.ClientID}, Tenants: map[string]string{tid: demoTenant}}
	a, err := api.New(api.Config{Store: d.st, Auth: auth.Either{JWT: jwt, Tokens: auth.Tokens{Store: d.st}},
		Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return demoEnd },
		Pages: func(h http.Handler) (http.Handler, error) {
			return web.New(web.Config{API: h, Audit: d.st, Now: now,
				OIDC: &web.OIDC{ClientID: idp.ClientID, ClientSecret: idp.ClientSecret, Verifier: jwt, Label: "Microsoft"}})
		}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = a.Handler()
	srv.Start()
	t.Cleanup(func() { srv.Close(); a.Close() })
	site := *d
	site.base = base
	return &site, idp
}

// TestSessionRenewed: a session whose ID token is about to expire is
// renewed with the refresh token, and goes on.
func TestSessionRenewed(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	// The pages' clock runs 58 minutes ahead: the provider's one-hour ID
	// tokens are always about to expire.
	site, idp := oidcSite(t, d, func() time.Time { return time.Now().Add(58 * time.Minute) })
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	idp.Login(t, browser, site.base+"/signin/oidc?next=/users", "engineer")
	before := idp.Refreshes()
	for range 2 {
		resp, err := browser.Get(site.base + "/users")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "engineer@contoso.example") {
			t.Fatalf("after renewal: %d\n%.1000s", resp.StatusCode, body)
		}
	}
	if idp.Refreshes() <= before {
		t.Error("the session's token was not renewed")
	}
}
