package acsblob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
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
	res := &Result{}
	batch, err := ingest.Start(ctx, r.st, r.cfg.Ingest)
	if err != nil {
		return nil, fmt.Errorf("acsblob: %w", err)
	}
	var read []done
	horizons := map[string]time.Time{}
	var all []listed
	for _, c := range r.cfg.Containers {
		h, err := r.loadHorizon(ctx, c)
		if err != nil {
			return nil, err
		}
		horizons[c] = h
		blobs, err := r.list(ctx, c, h)
		if err != nil {
			return nil, err
		}
		all = append(all, blobs...)
	}
	res.Listed = len(all)
	failed := map[string]bool{}
	for _, b := range all {
		if res.Bytes >= r.cfg.MaxBytes {
			res.More = true
			failed[b.path()] = true // not read: not to be forgotten either
			continue
		}
		st, err := r.loadState(ctx, b.container, b.name)
		if err != nil {
			return nil, err
		}
		next, n, err := r.readBlob(ctx, batch, b, st, res)
		if err != nil {
			var stop stopError
			if errors.As(err, &stop) {
				sum, _ := batch.Finish()
				res.Summary = sum
				return res, stop.err
			}
			res.Failed = append(res.Failed, ingest.Problem{File: b.path(), Error: err.Error()})
			failed[b.path()] = true
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
	if err := r.prune(ctx, all, horizons, failed); err != nil {
		return res, err
	}
	r.log.Info("polled ACS exports", "blobs", res.Listed, "read", res.Read, "bytes", res.Bytes,
		"records", sum.Records, "rejected", len(sum.Rejected), "failed", len(res.Failed))
	return res, nil
}

// stopError is a batch error: the store failed or ctx ended.
type stopError struct{ err error }

func (e stopError) Error() string { return e.err.Error() }

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

// readBlob feeds what is new in b to the batch and returns the blob's
// next state and the bytes read; a nil state means nothing changed. On
// an error that is not the batch's, the state covers what was read.
func (r *Reader) readBlob(ctx context.Context, batch *ingest.Batch, b listed, st *blobState, res *Result) (*blobState, int64, error) {
	if st != nil && st.ETag == b.etag {
		return nil, 0, nil
	}
	if st != nil && rewritten(st, b) {
		r.log.Info("blob rewritten: reading it from the start", "blob", b.path())
		res.Restarted = append(res.Restarted, b.path())
		st = nil
	}
	if st == nil {
		st = &blobState{}
	}
	start := st.Offset - int64(len(st.Tail))
	body, err := r.download(ctx, b, start)
	if bloberror.HasCode(err, bloberror.ConditionNotMet) {
		// Appended to since it was listed: the next poll reads it.
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	defer body.Close()
	if len(st.Tail) > 0 {
		got := make([]byte, len(st.Tail))
		_, err := io.ReadFull(body, got)
		if err != nil || !slices.Equal(got, st.Tail) {
			if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
				return nil, 0, fmt.Errorf("reading %s: %w", b.path(), err)
			}
			// Other bytes where the last read ended: not an append.
			body.Close()
			r.log.Info("blob rewritten: reading it from the start", "blob", b.path())
			res.Restarted = append(res.Restarted, b.path())
			st = &blobState{}
			if body, err = r.download(ctx, b, 0); err != nil {
				return nil, 0, err
			}
			defer body.Close()
		}
	}
	lines := newCompleteLines(body, st.Tail)
	lines.skipBOM = st.Offset == 0
	lines.final = r.cfg.Now().Sub(b.lastModified) >= r.cfg.SettleAfter
	first := st.Lines
	if st.Unterminated {
		first-- // the newline ending that line starts what is read now
	}
	if err := batch.AddLines(b.path(), first, lines); err != nil {
		return nil, 0, stopError{fmt.Errorf("acsblob: %s: %w", b.path(), err)}
	}
	next := &blobState{
		Offset:       st.Offset + lines.consumed,
		Lines:        first + lines.lines,
		Unterminated: lines.unterminated || (st.Unterminated && lines.consumed == 0),
		ETag:         b.etag,
		LastModified: b.lastModified,
		Created:      b.created,
		Tail:         lines.tail,
	}
	if lines.consumed == 0 {
		next.Lines = st.Lines
	}
	if err := lines.failure(); err != nil {
		// Keep what was read; the rest is read next time, from a new
		// ETag so that it is not taken as unchanged.
		next.ETag = ""
		return next, lines.consumed, fmt.Errorf("reading %s after byte %d: %w", b.path(), next.Offset, err)
	}
	return next, lines.consumed, nil
}

// rewritten tells from the listing alone that a blob is not the one read
// before: shorter than what was read, or created again.
func rewritten(st *blobState, b listed) bool {
	if b.size < st.Offset {
		return true
	}
	return !st.Created.IsZero() && !b.created.IsZero() && !st.Created.Equal(b.created)
}

// download streams b from byte start to its listed size, provided it is
// still the listed version (an append meanwhile is read next time).
func (r *Reader) download(ctx context.Context, b listed, start int64) (io.ReadCloser, error) {
	if start >= b.size {
		return io.NopCloser(strings.NewReader("")), nil
	}
	etag := azcore.ETag(b.etag)
	resp, err := r.svc.NewContainerClient(b.container).NewBlobClient(b.name).DownloadStream(ctx, &blob.DownloadStreamOptions{
		Range: blob.HTTPRange{Offset: start, Count: b.size - start},
		AccessConditions: &blob.AccessConditions{ModifiedAccessConditions: &blob.ModifiedAccessConditions{
			IfMatch: &etag,
		}},
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s from byte %d: %w", b.path(), start, err)
	}
	// The retry reader asks again for the rest of the range when a
	// connection breaks, instead of failing the blob.
	return resp.NewRetryReader(ctx, &blob.RetryReaderOptions{MaxRetries: 3}), nil
}
