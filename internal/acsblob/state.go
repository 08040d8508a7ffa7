package acsblob

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// blobState is what is remembered of one blob, as JSON under its key.
type blobState struct {
	// Offset is the byte after the last line read; Lines the lines
	// before it, so that problems are reported by the line of the blob.
	Offset int64 `json:"offset"`
	Lines  int   `json:"lines"`
	// Unterminated says the last line read had no newline (a settled
	// blob's last line): the newline that ends it later starts the next
	// read, so the line count must not grow by it twice.
	Unterminated bool `json:"unterminated,omitempty"`
	// ETag and LastModified are the blob's when it was read: the same
	// ETag means nothing new without reading a byte.
	ETag         string    `json:"etag"`
	LastModified time.Time `json:"lastModified"`
	// Created tells a blob deleted and written again under the same name.
	Created time.Time `json:"created,omitzero"`
	// Tail holds the last bytes before Offset: an append keeps them, a
	// blob rewritten with other content does not.
	Tail []byte `json:"tail,omitempty"`
}

// blobKey is the setting a blob's state is kept under. The tenant and
// the account are part of it, so that neither two storage accounts nor
// two tenants reading one account share offsets.
func (r *Reader) blobKey(container, name string) string {
	return "acsblob/blob:" + r.scope + "/" + container + "/" + name
}

// horizonKey holds the time before which every blob of a container (under
// the Reader's prefix) was read and forgotten (see prune): a Reader of
// another ACS resource in the same container keeps its own.
func (r *Reader) horizonKey(container string) string {
	return "acsblob/horizon:" + r.scope + "/" + container + "/" + r.cfg.Prefix
}

// loadState returns the blob's state, nil when there is none or it was
// forgotten (an empty value).
func (r *Reader) loadState(ctx context.Context, container, name string) (*blobState, error) {
	v, ok, err := r.st.Setting(ctx, r.blobKey(container, name))
	if err != nil {
		return nil, fmt.Errorf("reading the offset of %s/%s: %w", container, name, err)
	}
	if !ok || v == "" {
		return nil, nil
	}
	var s blobState
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		// A state that cannot be read costs a re-read, which stores
		// nothing twice; it must not stop the reader.
		r.log.Warn("offset of a blob unreadable: reading it from the start", "blob", container+"/"+name, "error", err)
		return nil, nil
	}
	return &s, nil
}

func (r *Reader) saveState(ctx context.Context, container, name string, s *blobState) error {
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encoding the offset of %s/%s: %w", container, name, err)
	}
	if err := r.st.SetSetting(ctx, r.blobKey(container, name), string(b)); err != nil {
		return fmt.Errorf("saving the offset of %s/%s: %w", container, name, err)
	}
	return nil
}

func (r *Reader) loadHorizon(ctx context.Context, container string) (time.Time, error) {
	v, ok, err := r.st.Setting(ctx, r.horizonKey(container))
	if err != nil {
		return time.Time{}, fmt.Errorf("reading what was forgotten of %s: %w", container, err)
	}
	if !ok || v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		r.log.Warn("horizon of a container unreadable: looking at all its blobs", "container", container, "error", err)
		return time.Time{}, nil
	}
	return t, nil
}

func (r *Reader) saveHorizon(ctx context.Context, container string, t time.Time) error {
	if err := r.st.SetSetting(ctx, r.horizonKey(container), t.UTC().Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("saving what was forgotten of %s: %w", container, err)
	}
	return nil
}
