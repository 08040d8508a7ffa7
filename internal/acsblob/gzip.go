package acsblob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/bloberror"

	"github.com/callscope/callscope/internal/ingest"
)

// isGzip tells a compressed blob, copied into the layout by hand or by a
// tool: it is not appended to, and its bytes are no lines, so it is read
// whole whenever it changes, as `callscope ingest` reads a .gz file.
func isGzip(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".gz")
}

// readWhole feeds all of b to the batch, decompressed by ingest, which
// tells gzip by its first bytes.
func (r *Reader) readWhole(ctx context.Context, batch *ingest.Batch, b listed) (*blobState, int64, error) {
	body, err := r.download(ctx, b, 0)
	if bloberror.HasCode(err, bloberror.ConditionNotMet) {
		return nil, 0, nil // changed since listed: the next poll reads it
	}
	if err != nil {
		return nil, 0, err
	}
	defer body.Close()
	rec := &errRecorder{r: body}
	if err := batch.Add(b.path(), rec); err != nil {
		return nil, 0, stopError{fmt.Errorf("acsblob: %s: %w", b.path(), err)}
	}
	if rec.err != nil {
		// Ingest reported the broken read as a problem of the file; the
		// blob is not marked read, so the next poll reads it again.
		return nil, 0, fmt.Errorf("reading %s: %w", b.path(), rec.err)
	}
	return &blobState{Offset: b.size, ETag: b.etag, LastModified: b.lastModified, Created: b.created}, b.size, nil
}

// errRecorder remembers a read error other than the end, which ingest
// turns into a problem of the file rather than returning it.
type errRecorder struct {
	r   io.Reader
	err error
}

func (e *errRecorder) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		e.err = err
	}
	return n, err
}
