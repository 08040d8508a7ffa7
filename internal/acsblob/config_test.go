package acsblob

import (
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/ingest"
)

// Each invalid setting is refused with a message naming it.
func TestConfigRefused(t *testing.T) {
	base := func() Config {
		return Config{ServiceURL: "https://acct.blob.core.windows.net/", AccountName: "acct", AccountKey: devKey,
			Ingest: ingest.Options{Tenant: tenant}}
	}
	f := func(edit func(*Config), want string) {
		t.Helper()
		c := base()
		edit(&c)
		_, err := New(c, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v; want an error containing %q", err, want)
		}
	}
	f(func(c *Config) { c.ServiceURL = "" }, "no service URL")
	f(func(c *Config) { c.ServiceURL = "acct.blob.core.windows.net" }, "expected https://")
	f(func(c *Config) { c.ServiceURL = "ftp://acct/" }, "expected https://")
	f(func(c *Config) { c.AccountKey = "" }, "both the account name and the key")
	f(func(c *Config) { c.AccountName = "" }, "both the account name and the key")
	f(func(c *Config) { c.AccountName, c.AccountKey = "", "" }, "no credential")
	f(func(c *Config) { c.AccountKey = "not base64!" }, "shared key of acct")
	f(func(c *Config) { c.Ingest.Tenant = "" }, "no tenant")
	// A SAS URL's signature never appears in a message.
	f(func(c *Config) { c.ServiceURL = "ftp://acct/?sv=1&sig=SECRET" }, "ftp://acct/\"")
}

func TestConfigDefaults(t *testing.T) {
	r, err := New(Config{ServiceURL: "https://Acct.blob.core.windows.net/?sv=2022-11-02&sig=abc", Ingest: ingest.Options{Tenant: tenant}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := r.cfg
	if c.ForgetAfter != 7*24*time.Hour || c.SettleAfter != 2*time.Hour || c.MaxBytes != 256<<20 || c.Now == nil || c.Logger == nil {
		t.Errorf("defaults: %+v", c)
	}
	if len(c.Containers) != 10 || c.Containers[0] != "insights-logs-callsummary" || c.Containers[3] != "insights-logs-calldiagnosticsupdates" {
		t.Errorf("containers: %v", c.Containers)
	}
	// Keys name the account, never the SAS token.
	if k := r.blobKey("insights-logs-callsummary", "x/PT1H.json"); k != "acsblob/blob:contoso:acct.blob.core.windows.net/insights-logs-callsummary/x/PT1H.json" {
		t.Errorf("key %q", k)
	}
}

// Readers of one account for two tenants, or of two resources sharing a
// container, keep their own offsets and horizons.
func TestKeysAreScoped(t *testing.T) {
	mk := func(tenant, prefix string) *Reader {
		r, err := New(Config{ServiceURL: "https://acct.blob.core.windows.net/?sig=x", Prefix: prefix, Ingest: ingest.Options{Tenant: tenant}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a, b, c := mk("contoso", "resourceId=/A/"), mk("fabrikam", "resourceId=/A/"), mk("contoso", "resourceId=/B/")
	if a.blobKey("x", "y") == b.blobKey("x", "y") {
		t.Error("two tenants share a blob's offset")
	}
	if a.horizonKey("x") == c.horizonKey("x") || a.horizonKey("x") == b.horizonKey("x") {
		t.Error("two prefixes or tenants share a horizon")
	}
}
