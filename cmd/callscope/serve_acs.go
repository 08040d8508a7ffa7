package main

import (
	"errors"
	"flag"
	"log/slog"
	"time"

	"github.com/callscope/callscope/internal/acsblob"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// acsFlags are serve's settings of reading ACS log exports from Azure
// Storage (diagnostic settings' "archive to a storage account").
type acsFlags struct {
	url, account, key, prefix string
	every                     time.Duration
}

func addACSFlags(fs *flag.FlagSet) *acsFlags {
	f := &acsFlags{}
	fs.StringVar(&f.url, "acs-storage-url", "", "blob endpoint of the storage account ACS diagnostic settings export to (https://<account>.blob.core.windows.net/, with a SAS token allowing list and read, or with --acs-storage-account and its key)")
	fs.StringVar(&f.account, "acs-storage-account", "", "the storage account's name, to sign with its key")
	fs.StringVar(&f.key, "acs-storage-key", "", "the storage account's key (better: CALLSCOPE_ACS_STORAGE_KEY)")
	fs.StringVar(&f.prefix, "acs-storage-prefix", "", "read only blobs under this prefix, e.g. one ACS resource's resourceId=/SUBSCRIPTIONS/…/COMMUNICATIONSERVICES/<name>/")
	fs.DurationVar(&f.every, "acs-poll-every", 5*time.Minute, "how often the storage account is read for new log lines")
	return f
}

// acsReader prepares the reading of ACS exports into st under tenant, or
// returns nil when no storage account was given.
func acsReader(f *acsFlags, st store.Store, tenant string, judge func(*model.Call), logger *slog.Logger) (*acsblob.Loop, error) {
	if f.url == "" {
		if f.account != "" || f.key != "" || f.prefix != "" {
			return nil, errors.New("--acs-storage-account, --acs-storage-key and --acs-storage-prefix need --acs-storage-url")
		}
		return nil, nil
	}
	if f.every < time.Minute {
		return nil, errors.New("--acs-poll-every must be at least a minute")
	}
	r, err := acsblob.New(acsblob.Config{ServiceURL: f.url, AccountName: f.account, AccountKey: f.key, Prefix: f.prefix,
		Ingest: ingest.Options{Tenant: tenant, Prepare: judge}, Logger: logger}, st)
	if err != nil {
		return nil, err
	}
	return &acsblob.Loop{Reader: r, Status: st, Tenant: tenant, Every: f.every, Logger: logger}, nil
}
