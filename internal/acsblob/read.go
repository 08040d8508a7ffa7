package acsblob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/blob"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"

	"github.com/callscope/callscope/internal/ingest"
)

// readBlob feeds what is new in b to the batch and returns the blob's
// next state and the bytes read; a nil state means nothing changed. On
// an error that is not the batch's, the state covers what was read.
func (r *Reader) readBlob(ctx context.Context, batch *ingest.Batch, b listed, st *blobState, res *Result) (*blobState, int64, error) {
	if st != nil && st.ETag == b.etag {
		return nil, 0, nil
	}
	if isGzip(b.name) {
		return r.readWhole(ctx, batch, b)
	}
	if st != nil && rewritten(st, b) {
		r.restart(res, b)
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
			r.restart(res, b)
			st = &blobState{}
			body, err = r.download(ctx, b, 0)
			if bloberror.HasCode(err, bloberror.ConditionNotMet) {
				return nil, 0, nil
			}
			if err != nil {
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

func (r *Reader) restart(res *Result, b listed) {
	r.log.Info("blob rewritten: reading it from the start", "blob", b.path())
	res.Restarted = append(res.Restarted, b.path())
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
