package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/acsblob"
	"github.com/callscope/callscope/internal/health"
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
func acsReader(f *acsFlags, st store.Store, tenant string, judge func(*model.Call), logger *slog.Logger) (func(context.Context), error) {
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
	return func(ctx context.Context) {
		for {
			res, err := r.Poll(ctx)
			if ctx.Err() == nil {
				recordPoll(ctx, st, tenant, r.Containers(), res, err, logger)
			}
			switch {
			case ctx.Err() != nil:
				return
			case err != nil:
				logger.Warn("reading ACS logs from storage failed; trying again at the next poll", "err", err)
			case res.Read > 0 || len(res.Failed) > 0:
				logger.Info("ACS logs read from storage", "blobs", res.Read, "bytes", res.Bytes, "calls", res.Summary.Calls,
					"rejected", len(res.Summary.Rejected), "failed blobs", len(res.Failed))
			}
			wait := f.every
			if err == nil && res.More {
				wait = 0 // a backlog: go on at once
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
		}
	}, nil
}

// recordPoll notes a poll of each container in the store, for the
// collection status: the poll's error for all, or the blobs of the
// container that could not be read.
func recordPoll(ctx context.Context, st store.Store, tenant string, containers []string, res *acsblob.Result, err error, logger *slog.Logger) {
	now := time.Now()
	for _, c := range containers {
		cerr := err
		if cerr == nil && res != nil {
			var failed []string
			for _, p := range res.Failed {
				if strings.HasPrefix(p.File, c+"/") {
					failed = append(failed, p.File+": "+p.Error)
				}
			}
			if len(failed) > 0 {
				cerr = fmt.Errorf("%d blobs could not be read (read on at the next poll), the first %s", len(failed), failed[0])
			}
		}
		if rerr := health.Record(ctx, st, tenant, "acs.poll "+c, cerr, now); rerr != nil {
			logger.Warn("the poll's status could not be noted", "err", rerr)
		}
	}
}
