package acsblob

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/ingest"
)

// Config says which storage account to read and how.
type Config struct {
	// ServiceURL is the account's blob endpoint
	// (https://<account>.blob.core.windows.net/, or Azurite's
	// http://127.0.0.1:10000/devstoreaccount1). Without AccountKey its
	// query must hold a SAS token allowing list and read.
	ServiceURL string
	// AccountName and AccountKey sign requests with the account's shared
	// key (Azurite's well-known key in tests).
	AccountName string
	AccountKey  string

	// Containers are read in order; by default the insights-logs-*
	// containers of every ACS calling category.
	Containers []string
	// Prefix limits the blobs read, e.g. to one ACS resource:
	// "resourceId=/SUBSCRIPTIONS/<sub>/RESOURCEGROUPS/<rg>/PROVIDERS/
	// MICROSOFT.COMMUNICATION/COMMUNICATIONSERVICES/<name>/".
	Prefix string

	// ForgetAfter is how long after a blob last changed its offset is
	// kept (default 7 days). Azure Monitor appends to a blob during its
	// hour and shortly after, by the time records are received, so a
	// blob untouched for days is finished; a forgotten blob that changes
	// after all is read again from its start, which stores nothing twice.
	ForgetAfter time.Duration
	// SettleAfter is how long a blob must stay unchanged before a last
	// line without a newline is taken as complete (default 2 hours): a
	// writer that never ends its last record with a newline must not
	// cost that record.
	SettleAfter time.Duration
	// MaxBytes bounds what one Poll reads (default 256 MiB), so that a
	// first poll over a long backlog stores and saves offsets in steps.
	MaxBytes int64

	// Ingest configures how records are stored: Tenant is required.
	Ingest ingest.Options
	Logger *slog.Logger
	// Now is the clock; tests set it.
	Now func() time.Time
}

// Defaults.
const (
	DefaultForgetAfter = 7 * 24 * time.Hour
	DefaultSettleAfter = 2 * time.Hour
	DefaultMaxBytes    = 256 << 20
)

// DefaultContainers are the diagnostic-settings containers of the ACS
// calling categories: "insights-logs-" and the category lower-cased.
func DefaultContainers() []string {
	cats := acs.Categories()
	out := make([]string, len(cats))
	for i, c := range cats {
		out[i] = "insights-logs-" + strings.ToLower(string(c))
	}
	return out
}

// withDefaults fills what is unset and checks the rest.
func (c Config) withDefaults() (Config, error) {
	if c.ServiceURL == "" {
		return c, errors.New("acsblob: no service URL")
	}
	u, err := url.Parse(c.ServiceURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return c, fmt.Errorf("acsblob: service URL %q: expected https://<account>.blob.core.windows.net/", redactURL(c.ServiceURL))
	}
	if (c.AccountName == "") != (c.AccountKey == "") {
		return c, errors.New("acsblob: a shared key needs both the account name and the key")
	}
	if c.AccountKey == "" && u.Query().Get("sig") == "" {
		return c, errors.New("acsblob: no credential: give the account's shared key, or a service URL holding a SAS token (…?sv=…&sig=…)")
	}
	if c.Ingest.Tenant == "" {
		return c, errors.New("acsblob: no tenant to store the records under")
	}
	if len(c.Containers) == 0 {
		c.Containers = DefaultContainers()
	}
	if c.ForgetAfter <= 0 {
		c.ForgetAfter = DefaultForgetAfter
	}
	if c.SettleAfter <= 0 {
		c.SettleAfter = DefaultSettleAfter
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c, nil
}

// redactURL drops the query of a URL, where a SAS token's signature is.
func redactURL(s string) string {
	base, _, _ := strings.Cut(s, "?")
	return base
}
