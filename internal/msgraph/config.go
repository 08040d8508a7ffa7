package msgraph

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Config is everything a Client needs. Zero values take the defaults
// documented on each field; New validates the rest.
type Config struct {
	// Cloud selects the sign-in and Graph hosts; the zero value is
	// CloudGlobal.
	Cloud Cloud
	// TenantID is the directory (tenant) id or a verified domain name.
	TenantID string
	// ClientID is the app registration's application (client) id.
	ClientID string
	// ClientSecret is the value of one of the app's client secrets. Set it
	// or CertificatePEM, not both.
	ClientSecret string
	// CertificatePEM holds the app's certificate and its RSA private key,
	// PEM-encoded, in either order (the .pem an admin makes from a .pfx).
	CertificatePEM []byte
	// SendCertificateChain adds the certificate (x5c) to each assertion,
	// for apps that trust a certificate by subject name and issuer.
	SendCertificateChain bool

	// HTTPClient makes every request; nil means a client with a
	// 60-second timeout. Its Transport decides proxies and TLS.
	HTTPClient *http.Client
	// Logger receives retries and paging at Debug and Warn; nil means
	// slog.Default().
	Logger *slog.Logger

	// Retry bounds retries of throttled and unavailable answers.
	Retry RetryPolicy
	// Limits keeps the client under Graph's published throttling limits.
	Limits Limits
	// MaxPages bounds the pages of one GetCallRecord (sessions and
	// participants together); 0 means 500, i.e. 30,000 sessions.
	MaxPages int
	// MaxListPages bounds the pages of one ListCallRecords; 0 means
	// 100,000 (6 million records).
	MaxListPages int
	// MaxBodyBytes bounds one response body; 0 means 64 MiB.
	MaxBodyBytes int64

	// Now and Sleep are the clock: Sleep waits d or until ctx is done.
	// Tests replace them so that nothing really waits.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// RetryPolicy says how often and how long to wait before repeating a
// request that Graph answered with 429, 503 or 504, or that failed on the
// network (for those that may be repeated: see the package doc).
type RetryPolicy struct {
	// MaxRetries is the number of repeats after the first try; 0 means 6,
	// a negative number none.
	MaxRetries int
	// BaseDelay is the first backoff when Graph sends no Retry-After; it
	// doubles on each retry up to MaxDelay. 0 means 1 s and 60 s.
	BaseDelay, MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After honoured by waiting; a
	// longer one ends the request with ErrThrottled (with RetryAfter set)
	// so that the caller can come back later. 0 means 5 minutes.
	MaxRetryAfter time.Duration
}

// Limit is a number of requests per period.
type Limit struct {
	Requests int
	Per      time.Duration
}

// Limits are the client-side rate limits. The defaults are 90 % of the
// published call-records limits (reference §7), so that this client alone
// never draws a 429: per application per tenant 1,500 requests / 20 s,
// per call record and for List call records 40 / 20 s.
type Limits struct {
	// Tenant covers every request of this client.
	Tenant Limit
	// Record covers the requests of one GetCallRecord.
	Record Limit
	// List covers the pages of ListCallRecords.
	List Limit
}

var (
	defaultTenantLimit = Limit{Requests: 1350, Per: 20 * time.Second}
	defaultRecordLimit = Limit{Requests: 36, Per: 20 * time.Second}
	defaultListLimit   = Limit{Requests: 36, Per: 20 * time.Second}
)

// withDefaults returns a copy with every zero field set to its default.
func (c Config) withDefaults() Config {
	if c.Cloud == (Cloud{}) {
		c.Cloud = CloudGlobal
	}
	if c.Cloud.Name == "" {
		c.Cloud.Name = "custom"
	}
	c.TenantID = strings.TrimSpace(c.TenantID)
	c.ClientID = strings.TrimSpace(c.ClientID)
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	r := &c.Retry
	if r.MaxRetries == 0 {
		r.MaxRetries = 6
	}
	if r.MaxRetries < 0 {
		r.MaxRetries = 0
	}
	if r.BaseDelay <= 0 {
		r.BaseDelay = time.Second
	}
	if r.MaxDelay <= 0 {
		r.MaxDelay = 60 * time.Second
	}
	if r.MaxDelay < r.BaseDelay {
		r.MaxDelay = r.BaseDelay
	}
	if r.MaxRetryAfter <= 0 {
		r.MaxRetryAfter = 5 * time.Minute
	}
	l := &c.Limits
	if l.Tenant == (Limit{}) {
		l.Tenant = defaultTenantLimit
	}
	if l.Record == (Limit{}) {
		l.Record = defaultRecordLimit
	}
	if l.List == (Limit{}) {
		l.List = defaultListLimit
	}
	if c.MaxPages <= 0 {
		c.MaxPages = 500
	}
	if c.MaxListPages <= 0 {
		c.MaxListPages = 100_000
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 64 << 20
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
	return c
}

// validate reports the first setting to fix. It runs after withDefaults.
func (c Config) validate() error {
	if _, _, err := c.Cloud.validate(); err != nil {
		return &Error{Kind: ErrConfig, Message: err.Error()}
	}
	switch {
	case c.TenantID == "":
		return configError("the tenant id is missing: set it to the Directory (tenant) ID from the app registration's Overview page")
	case strings.ContainsAny(c.TenantID, "/?#% "):
		return configError("the tenant id %q is not a tenant id or domain name: use the Directory (tenant) ID from the app registration's Overview page", c.TenantID)
	case c.ClientID == "":
		return configError("the client id is missing: set it to the Application (client) ID from the app registration's Overview page")
	case c.ClientSecret == "" && len(c.CertificatePEM) == 0:
		return configError("no credential: set a client secret or a certificate with its private key (PEM) of the app registration")
	case c.ClientSecret != "" && len(c.CertificatePEM) != 0:
		return configError("both a client secret and a certificate are set: keep only one")
	}
	for name, l := range map[string]Limit{"tenant": c.Limits.Tenant, "record": c.Limits.Record, "list": c.Limits.List} {
		if l.Requests <= 0 || l.Per <= 0 {
			return configError("the %s rate limit %d requests per %v is not positive: set both or leave both zero for the default", name, l.Requests, l.Per)
		}
	}
	return nil
}

// sleep is the real clock's Sleep.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
