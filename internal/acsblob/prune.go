package acsblob

import (
	"context"
	"time"
)

// prune forgets the blobs of each container that have not changed for
// ForgetAfter: their keys are deleted and the container's horizon moves
// past them, so that later polls neither list-check nor read them. The
// horizon never passes a blob this poll did not finish, so nothing unread
// is forgotten. A forgotten blob that changes after all has a newer
// last-modified time than the horizon: it is listed again and read from
// its start, which stores nothing twice.
func (r *Reader) prune(ctx context.Context, blobs []listed, horizons map[string]time.Time, unfinished map[string]bool) error {
	want := r.cfg.Now().Add(-r.cfg.ForgetAfter)
	next := map[string]time.Time{}
	for c, h := range horizons {
		if want.After(h) {
			next[c] = want
		}
	}
	for _, b := range blobs {
		if unfinished[b.path()] {
			if h, ok := next[b.container]; ok && !b.lastModified.After(h) {
				next[b.container] = b.lastModified // stop before it
			}
		}
	}
	for _, b := range blobs {
		h, ok := next[b.container]
		if !ok || !b.lastModified.Before(h) || unfinished[b.path()] {
			continue
		}
		if err := r.forget(ctx, b); err != nil {
			return err
		}
	}
	for _, c := range r.cfg.Containers {
		h, ok := next[c]
		if !ok || !h.After(horizons[c]) {
			continue
		}
		if err := r.saveHorizon(ctx, c, h); err != nil {
			return err
		}
	}
	return nil
}

func (r *Reader) forget(ctx context.Context, b listed) error {
	if err := r.st.DeleteSetting(ctx, r.blobKey(b.container, b.name)); err != nil {
		return err
	}
	r.log.Debug("blob forgotten", "blob", b.path(), "lastModified", b.lastModified)
	return nil
}
