package acsblob

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/health"
	"github.com/callscope/callscope/internal/store"
)

// Poller reads what is new in a storage account's containers (Reader
// is one).
type Poller interface {
	Poll(ctx context.Context) (*Result, error)
	Containers() []string
}

// Loop polls a storage account now and then every Every until its
// context ends, and records each poll of each container as the job
// "acs.poll <container>" (package health). A failed poll is tried again
// at the next one: the reader goes on from where it stopped, so there is
// nothing to hurry. A poll cut short by MaxBytes is followed at once, to
// work a backlog off.
type Loop struct {
	Reader Poller
	// Status keeps the jobs' records; required.
	Status store.SettingStore
	// Tenant is the callscope tenant the logs are stored under.
	Tenant string
	Every  time.Duration
	// Now and After are the clock and its timer; nil means the real one.
	Now    func() time.Time
	After  func(time.Duration) <-chan time.Time
	Logger *slog.Logger
}

// Run polls until ctx ends.
func (l *Loop) Run(ctx context.Context) {
	logger := l.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	for {
		res, err := l.Reader.Poll(ctx)
		if ctx.Err() != nil {
			return
		}
		l.record(ctx, res, err, logger)
		switch {
		case err != nil:
			logger.Warn("reading ACS logs from storage failed; trying again at the next poll", "err", err)
		case res.Read > 0 || len(res.Failed) > 0:
			logger.Info("ACS logs read from storage", "blobs", res.Read, "bytes", res.Bytes, "calls", res.Summary.Calls,
				"rejected", len(res.Summary.Rejected), "failed blobs", len(res.Failed))
		}
		wait := l.Every
		if err == nil && res.More {
			wait = 0
		}
		select {
		case <-ctx.Done():
			return
		case <-l.after(wait):
		}
	}
}

// record notes a poll of each container: the poll's error for all, or
// the blobs of the container that could not be read.
func (l *Loop) record(ctx context.Context, res *Result, err error, logger *slog.Logger) {
	now := l.now()
	for _, c := range l.Reader.Containers() {
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
		health.RecordRun(ctx, l.Status, l.Tenant, "acs.poll "+c, cerr, now, logger)
	}
}

func (l *Loop) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

func (l *Loop) after(d time.Duration) <-chan time.Time {
	if l.After != nil {
		return l.After(d)
	}
	return time.After(d)
}
