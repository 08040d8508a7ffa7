package acsblob

import (
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/service"

	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/store"
)

// Store is what a Reader needs of a store: what ingest writes, and
// settings, where it keeps how far it has read each blob. Every
// store.Store is one.
type Store interface {
	ingest.Store
	store.SettingStore
}

// Reader reads a storage account's ACS exports into a store. A Reader is
// not safe for concurrent use: one goroutine polls. Two Readers on one
// store and account would read the same lines twice, which stores nothing
// twice but wastes the work.
type Reader struct {
	cfg   Config
	st    Store
	svc   *service.Client
	scope string // tenant and endpoint without its query: part of every key
	log   *slog.Logger
}

// New returns a Reader for cfg storing into st. It only checks cfg: the
// account is first reached by Poll.
func New(cfg Config, st Store) (*Reader, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	var client *azblob.Client
	if cfg.AccountKey != "" {
		cred, err := azblob.NewSharedKeyCredential(cfg.AccountName, cfg.AccountKey)
		if err != nil {
			return nil, fmt.Errorf("acsblob: shared key of %s: %w", cfg.AccountName, err)
		}
		client, err = azblob.NewClientWithSharedKeyCredential(cfg.ServiceURL, cred, nil)
		if err != nil {
			return nil, fmt.Errorf("acsblob: client for %s: %w", redactURL(cfg.ServiceURL), err)
		}
	} else {
		// The SAS token in the URL's query is the credential.
		client, err = azblob.NewClientWithNoCredential(cfg.ServiceURL, nil)
		if err != nil {
			return nil, fmt.Errorf("acsblob: client for %s: %w", redactURL(cfg.ServiceURL), err)
		}
	}
	u, _ := url.Parse(redactURL(cfg.ServiceURL))
	return &Reader{
		cfg:   cfg,
		st:    st,
		svc:   client.ServiceClient(),
		scope: cfg.Ingest.Tenant + ":" + strings.ToLower(u.Host) + strings.TrimSuffix(u.Path, "/"),
		log:   cfg.Logger.With("account", u.Host),
	}, nil
}

// Containers are the containers the reader polls.
func (r *Reader) Containers() []string { return slices.Clone(r.cfg.Containers) }
