package auth

import (
	"crypto/sha256"
	"net/http"
	"sync"
	"time"
)

// Cache remembers successful authentications by a for ttl, so that a
// busy server does not read the store for every request of the same
// token. The price is that a token revoked meanwhile keeps working until
// its entry expires: ttl is that delay. Failures are never remembered,
// so a token works as soon as it is made. Entries are keyed by the
// SHA-256 of the Authorization header, never by the secret itself.
// A ttl of zero or less returns a unchanged; now nil means time.Now.
func Cache(a Authenticator, ttl time.Duration, now func() time.Time) Authenticator {
	if ttl <= 0 {
		return a
	}
	if now == nil {
		now = time.Now
	}
	return &cache{next: a, ttl: ttl, now: now, entries: map[[sha256.Size]byte]cached{}}
}

// maxCached bounds the cache; past it, expired entries are dropped, and
// if none has expired, all of them.
const maxCached = 4096

type cached struct {
	p       Principal
	expires time.Time
}

type cache struct {
	next    Authenticator
	ttl     time.Duration
	now     func() time.Time
	mu      sync.Mutex
	entries map[[sha256.Size]byte]cached
}

func (c *cache) Authenticate(r *http.Request) (Principal, error) {
	h := r.Header.Values("Authorization")
	if len(h) != 1 {
		return c.next.Authenticate(r)
	}
	key := sha256.Sum256([]byte(h[0]))
	now := c.now()
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.p.clone(), nil
	}
	p, err := c.next.Authenticate(r)
	if err != nil {
		return p, err
	}
	c.mu.Lock()
	if len(c.entries) >= maxCached {
		for k, v := range c.entries {
			if !now.Before(v.expires) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= maxCached {
			clear(c.entries)
		}
	}
	c.entries[key] = cached{p: p.clone(), expires: now.Add(c.ttl)}
	c.mu.Unlock()
	return p, nil
}

// clone copies the tenant list, so that no caller can change a cached
// principal through it.
func (p Principal) clone() Principal {
	p.Tenants = append([]string(nil), p.Tenants...)
	return p
}
