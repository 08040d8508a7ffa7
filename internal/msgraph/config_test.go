package msgraph

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	good := Config{TenantID: "contoso.onmicrosoft.com", ClientID: testClient, ClientSecret: testSecret}
	f := func(name string, edit func(*Config), want string) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := good
			edit(&cfg)
			_, err := New(cfg)
			switch {
			case want == "" && err != nil:
				t.Errorf("got %v", err)
			case want != "" && (!errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), want)):
				t.Errorf("got %v, want ErrConfig saying %q", err, want)
			}
		})
	}
	f("defaults", func(*Config) {}, "")
	f("no tenant", func(c *Config) { c.TenantID = " " }, "tenant id is missing")
	f("tenant with a slash", func(c *Config) { c.TenantID = "contoso/evil" }, "not a tenant id")
	f("no client", func(c *Config) { c.ClientID = "" }, "client id is missing")
	f("no credential", func(c *Config) { c.ClientSecret = "" }, "no credential")
	f("both credentials", func(c *Config) { c.CertificatePEM = []byte("x") }, "keep only one")
	f("bad certificate", func(c *Config) { c.ClientSecret, c.CertificatePEM = "", []byte("x") }, "not PEM")
	f("plain http to a remote host", func(c *Config) { c.Cloud = Cloud{LoginURL: "http://login.example.com", GraphURL: CloudGlobal.GraphURL} }, "must use https")
	f("plain http to loopback", func(c *Config) { c.Cloud = Cloud{LoginURL: "http://127.0.0.1:1", GraphURL: "http://[::1]:2"} }, "")
	f("a path on the Graph URL", func(c *Config) {
		c.Cloud = Cloud{LoginURL: CloudGlobal.LoginURL, GraphURL: "https://graph.microsoft.com/v1.0"}
	}, "only scheme and host")
	f("no host", func(c *Config) {
		c.Cloud = Cloud{LoginURL: "login.microsoftonline.com", GraphURL: CloudGlobal.GraphURL}
	}, "not a URL")
	f("half a limit", func(c *Config) { c.Limits.List = Limit{Requests: 5} }, "rate limit")
}

func TestClouds(t *testing.T) {
	t.Parallel()
	// Each cloud signs in at its own host and asks for a token for its
	// own Graph: a token of one cloud is refused by another's Graph.
	f := func(name string, c Cloud, tokenURL, scope string) {
		t.Helper()
		got, err := CloudByName(name)
		if err != nil || got != c {
			t.Errorf("CloudByName(%q) = %v, %v", name, got, err)
		}
		login, graph, err := c.validate()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tok, err := newTokens(Config{Cloud: c, TenantID: "contoso.onmicrosoft.com"}.withDefaults(), login, graph)
		if err != nil {
			t.Fatal(err)
		}
		if tok.tokenURL != tokenURL || tok.scope != scope {
			t.Errorf("%s: token URL %s scope %s; want %s %s", name, tok.tokenURL, tok.scope, tokenURL, scope)
		}
	}
	f("global", CloudGlobal, "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", "https://graph.microsoft.com/.default")
	f("usgov-l4", CloudUSGovL4, "https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token", "https://graph.microsoft.us/.default")
	f("USGOV-L5-DOD", CloudUSGovL5, "https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token", "https://dod-graph.microsoft.us/.default")
	f("china-21vianet", CloudChina, "https://login.chinacloudapi.cn/contoso.onmicrosoft.com/oauth2/v2.0/token", "https://microsoftgraph.chinacloudapi.cn/.default")
	if _, err := CloudByName("germany"); err == nil {
		t.Error("an unknown cloud name was accepted")
	}
	if c := (Config{}).withDefaults(); c.Cloud != CloudGlobal {
		t.Errorf("the default cloud is %v", c.Cloud)
	}
}

func TestODataQuery(t *testing.T) {
	t.Parallel()
	f := func(k, v, want string) {
		t.Helper()
		got := odataQuery(k, v)
		if got != want {
			t.Errorf("odataQuery(%q, %q) = %q, want %q", k, v, got, want)
		}
		if q, err := url.ParseQuery(got); err != nil || q.Get(k) != v {
			t.Errorf("%q does not decode back to %q: %v", got, v, q)
		}
	}
	f("$expand", "sessions($expand=segments)", "$expand=sessions($expand=segments)")
	f("$filter", "startDateTime ge 2023-09-25T09:25:00Z", "$filter=startDateTime%20ge%202023-09-25T09:25:00Z")
	f("$filter", "participants_v2/any(p:p/id eq 'a&b+c')", "$filter=participants_v2%2Fany(p:p%2Fid%20eq%20'a%26b%2Bc')")
}
