package acsblob

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/callscope/callscope/internal/ingest"
)

// Result is what one Poll did.
type Result struct {
	// Listed counts the blobs looked at (those not forgotten), Read those
	// with new lines, Bytes the bytes read.
	Listed, Read int
	Bytes        int64
	// Restarted names the blobs read again from their start because they
	// were rewritten ("<container>/<blob>").
	Restarted []string
	// Failed lists blobs that could not be read, or only in part: they
	// are read on from where they stopped at the next poll.
	Failed []ingest.Problem
	// More says MaxBytes stopped the poll before every blob was read.
	More bool
	// Summary is the ingest summary of the lines read, each blob a
	// file named "<container>/<blob>".
	Summary *ingest.Summary
}

// listed is one blob as the listing shows it.
type listed struct {
	container, name string
	size            int64
	etag            string
	lastModified    time.Time
	created         time.Time
}

func (b listed) path() string { return b.container + "/" + b.name }

// done is one blob read in this poll: its new state, saved once the
// batch holding its lines is stored.
type done struct {
	b     listed
	state *blobState
}

// Poll reads what is new in every container and stores it. It returns an
// error when it could not go on (a container could not be listed, the
// store failed); a blob that could not be read is in Result.Failed
// instead. Polling again with nothing new reads nothing and stores
// nothing.
func (r *Reader) Poll(ctx context.Context) (*Result, error) {
	all, horizons, err := r.listAll(ctx)
	if err != nil {
		return nil, err
	}
	res := &Result{Listed: len(all)}
	batch, err := ingest.Start(ctx, r.st, r.cfg.Ingest)
	if err != nil {
		return nil, fmt.Errorf("acsblob: %w", err)
	}
	// stop ends the poll early: what was read is stored, but no offset
	// is saved, so the next poll reads it again (storing nothing twice).
	stop := func(err error) (*Result, error) {
		res.Summary, _ = batch.Finish()
		return res, err
	}
	var read []done
	unfinished := map[string]bool{}
	for _, b := range all {
		if res.Bytes >= r.cfg.MaxBytes {
			res.More = true
			unfinished[b.path()] = true // not read: not to be forgotten either
			continue
		}
		st, err := r.loadState(ctx, b.container, b.name)
		if err != nil {
			return stop(err)
		}
		next, n, err := r.readBlob(ctx, batch, b, st, res)
		if se, ok := errors.AsType[stopError](err); ok {
			return stop(se.err)
		}
		if err != nil {
			res.Failed = append(res.Failed, ingest.Problem{File: b.path(), Error: err.Error()})
			unfinished[b.path()] = true
			r.log.Warn("blob not read", "blob", b.path(), "error", err)
		}
		if next != nil {
			res.Bytes += n
			if n > 0 {
				res.Read++
			}
			read = append(read, done{b: b, state: next})
		}
	}
	sum, err := batch.Finish()
	res.Summary = sum
	if err != nil {
		return res, fmt.Errorf("acsblob: storing the records read: %w", err)
	}
	// Offsets only now: the records they cover are stored.
	for _, d := range read {
		if err := r.saveState(ctx, d.b.container, d.b.name, d.state); err != nil {
			return res, err
		}
	}
	if err := r.prune(ctx, all, horizons, unfinished); err != nil {
		return res, err
	}
	level := slog.LevelDebug // a poll that found nothing is not news
	if res.Read > 0 || len(res.Failed) > 0 {
		level = slog.LevelInfo
	}
	r.log.Log(ctx, level, "polled ACS exports", "blobs", res.Listed, "read", res.Read, "bytes", res.Bytes,
		"records", sum.Records, "rejected", len(sum.Rejected), "failed", len(res.Failed))
	return res, nil
}

// stopError is a batch error: the store failed or ctx ended.
type stopError struct{ err error }

func (e stopError) Error() string { return e.err.Error() }

// listAll lists every container's blobs not yet forgotten, with each
// container's horizon.
func (r *Reader) listAll(ctx context.Context) ([]listed, map[string]time.Time, error) {
	horizons := map[string]time.Time{}
	var all []listed
	for _, c := range r.cfg.Containers {
		h, err := r.loadHorizon(ctx, c)
		if err != nil {
			return nil, nil, err
		}
		horizons[c] = h
		blobs, err := r.list(ctx, c, h)
		if err != nil {
			return nil, nil, err
		}
		all = append(all, blobs...)
	}
	return all, horizons, nil
}

// list returns a container's blobs changed at or after horizon, in name
// order (which is time order within a resource). A container that does
// not exist yet (Azure Monitor creates it with its first record) has no
// blobs.
func (r *Reader) list(ctx context.Context, c string, horizon time.Time) ([]listed, error) {
	cc := r.svc.NewContainerClient(c)
	opts := &container.ListBlobsFlatOptions{}
	if r.cfg.Prefix != "" {
		opts.Prefix = &r.cfg.Prefix
	}
	var out []listed
	pager := cc.NewListBlobsFlatPager(opts)
	for pager.More() {
		page, err := pager.NextPage(ctx)
		if bloberror.HasCode(err, bloberror.ContainerNotFound) {
			r.log.Debug("no such container yet", "container", c)
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("acsblob: listing %s: %w", c, err)
		}
		for _, it := range page.Segment.BlobItems {
			b, ok := listedOf(c, it)
			if !ok || b.lastModified.Before(horizon) {
				continue
			}
			out = append(out, b)
		}
	}
	return out, nil
}

func listedOf(c string, it *container.BlobItem) (listed, bool) {
	p := it.Properties
	if it.Name == nil || p == nil || p.ContentLength == nil || p.ETag == nil || p.LastModified == nil {
		return listed{}, false
	}
	b := listed{container: c, name: *it.Name, size: *p.ContentLength, etag: string(*p.ETag), lastModified: *p.LastModified}
	if p.CreationTime != nil {
		b.created = *p.CreationTime
	}
	return b, true
}
