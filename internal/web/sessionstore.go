package web

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// Sessions kept in the store (Config.Sessions) outlive the process and
// are known to every process sharing the store. The store holds only a
// hash of each session's id and the session sealed (AES-GCM) with a key
// derived from the id, which only the browser's cookie carries: reading
// the store gives neither a way to sign in nor an API token.

// storeTimeout bounds each read or write of a session in the store.
const storeTimeout = 5 * time.Second

// touchEvery is how often a session's use is written to the store: the
// idle limit is hours, and a write per request would cost more than it
// tells.
const touchEvery = time.Minute

// sealedSession is what the store keeps of a session, sealed.
type sealedSession struct {
	CSRF  string `json:"csrf"`
	Token string `json:"token"`
	// Refresh is the identity provider's refresh token of a session
	// signed in through it.
	Refresh string            `json:"refresh,omitempty"`
	Me      me                `json:"me"`
	Names   map[string]string `json:"names,omitempty"`
	Order   []string          `json:"order,omitempty"`
}

// sessionKeys derives from a session id the hash it is stored under and
// the key it is sealed with, apart from each other.
func sessionKeys(id string) (idHash []byte, key [32]byte) {
	h := sha256.Sum256([]byte("callscope web session id\x00" + id))
	return h[:], sha256.Sum256([]byte("callscope web session key\x00" + id))
}

func seal(ss *session) (store.WebSession, error) {
	idHash, key := sessionKeys(ss.id)
	plain, err := json.Marshal(sealedSession{CSRF: ss.csrf, Token: ss.token, Refresh: ss.refresh, Me: ss.me, Names: ss.names, Order: ss.order})
	if err != nil {
		return store.WebSession{}, err
	}
	aead, err := newAEAD(key)
	if err != nil {
		return store.WebSession{}, err
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	return store.WebSession{IDHash: idHash, Sealed: aead.Seal(nonce, nonce, plain, idHash), Created: ss.created, Seen: ss.seen}, nil
}

func unseal(id string, ws store.WebSession) (*session, error) {
	_, key := sessionKeys(id)
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	if len(ws.Sealed) < aead.NonceSize() {
		return nil, errors.New("sealed session too short")
	}
	nonce, box := ws.Sealed[:aead.NonceSize()], ws.Sealed[aead.NonceSize():]
	plain, err := aead.Open(nil, nonce, box, ws.IDHash)
	if err != nil {
		return nil, fmt.Errorf("open sealed session: %w", err)
	}
	var s sealedSession
	if err := json.Unmarshal(plain, &s); err != nil {
		return nil, err
	}
	return &session{id: id, csrf: s.CSRF, token: s.Token, refresh: s.Refresh, me: s.Me, names: s.Names, order: s.Order,
		created: ws.Created, seen: ws.Seen}, nil
}

func newAEAD(key [32]byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// save writes ss to the store, when there is one; a failure leaves the
// session to this process alone, and is logged. It is sealed under the
// lock, which guards its names.
func (s *sessions) save(ss *session) {
	if s.backend == nil {
		return
	}
	s.mu.Lock()
	ws, err := seal(ss)
	s.mu.Unlock()
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		err = s.backend.PutWebSession(ctx, ws)
		cancel()
	}
	if err != nil {
		s.log.Warn("keeping a web session in the store failed; it lasts while this process runs", "err", err)
	}
}

// load reads the session of id from the store: nil when there is none,
// or it cannot be opened.
func (s *sessions) load(id string) *session {
	if s.backend == nil {
		return nil
	}
	idHash, _ := sessionKeys(id)
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	ws, err := s.backend.WebSession(ctx, idHash)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.log.Warn("reading a web session from the store failed", "err", err)
		}
		return nil
	}
	ss, err := unseal(id, ws)
	if err != nil {
		s.log.Warn("a web session in the store cannot be opened", "err", err)
		return nil
	}
	return ss
}

// touch writes a session's use to the store (get does, at most every
// touchEvery) and reports whether the store still has the session: one
// signed out in another process ends here within touchEvery. When the
// store cannot be written, the session goes on.
func (s *sessions) touch(id string, now time.Time) bool {
	idHash, _ := sessionKeys(id)
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	found, err := s.backend.TouchWebSession(ctx, idHash, now)
	if err != nil {
		s.log.Warn("recording a web session's use failed", "err", err)
		return true
	}
	return found
}

// forget deletes a session from the store.
func (s *sessions) forget(id string) {
	if s.backend == nil {
		return
	}
	idHash, _ := sessionKeys(id)
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	if err := s.backend.DeleteWebSession(ctx, idHash); err != nil {
		s.log.Warn("deleting a web session from the store failed", "err", err)
	}
}

// purge deletes the store's expired sessions.
func (s *sessions) purge(now time.Time) {
	if s.backend == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	if _, err := s.backend.PurgeWebSessions(ctx, now.Add(-s.idle), now.Add(-s.maxAge)); err != nil {
		s.log.Warn("purging expired web sessions failed", "err", err)
	}
}
