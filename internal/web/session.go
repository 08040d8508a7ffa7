package web

import (
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// session is one signed-in browser. The API token stays in the server:
// in its memory, and, sealed with a key only the session id gives, in
// the store (sessionstore.go). The browser holds only the session id.
type session struct {
	id string
	// csrf is the token every state-changing form of the session must
	// carry.
	csrf  string
	token string
	// refresh renews token, a JWT of the identity provider, before it
	// expires; empty for a session of an API token.
	refresh string
	me      me
	// created and seen bound the session's life (sessions.maxAge,
	// sessions.idle).
	created, seen time.Time
	// names are the display names the API gave this session for the
	// user refs of its searches, so that a user's pages can say whose
	// calls they show without putting a name in an address. Guarded by
	// sessions.mu.
	names map[string]string
	// order is the refs of names, oldest first, to forget the oldest.
	order []string
	// viewed are the refs of the users whose calls the session opened,
	// latest first.
	viewed []string
	// stored is when the session's use was last written to the store.
	stored time.Time
}

// maxNames bounds the names a session remembers.
const maxNames = 500

// sessions keeps the signed-in sessions. It is safe for concurrent use.
// Without a backend, sessions do not outlive the process; with one
// (Config.Sessions), they are kept sealed in the store, so that a
// restart or another process sharing the store knows them.
type sessions struct {
	mu      sync.Mutex
	m       map[string]*session
	now     func() time.Time
	idle    time.Duration
	maxAge  time.Duration
	backend store.WebSessionStore
	log     *slog.Logger
}

func newSessions(now func() time.Time, idle, maxAge time.Duration) *sessions {
	return &sessions{m: map[string]*session{}, now: now, idle: idle, maxAge: maxAge, log: slog.New(slog.DiscardHandler)}
}

// randomToken is 32 random bytes, URL-safe: a session id or CSRF token
// nobody can guess.
func randomToken() string {
	b := make([]byte, 32)
	// crypto/rand.Read does not fail on supported platforms (Go 1.24+).
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// create starts a session for a token the API accepted.
func (s *sessions) create(token string, who me) *session { return s.createRefreshable(token, "", who) }

// createRefreshable starts a session for an identity provider's ID
// token, renewed with refresh.
func (s *sessions) createRefreshable(token, refresh string, who me) *session {
	now := s.now()
	ss := &session{id: randomToken(), csrf: randomToken(), token: token, refresh: refresh, me: who, created: now, seen: now}
	ss.stored = now
	s.save(ss)
	s.mu.Lock()
	s.sweep(now)
	s.m[ss.id] = ss
	s.mu.Unlock()
	s.purge(now)
	return ss
}

// get returns the live session of id, nil if there is none (never was,
// signed out, or expired), and marks it used.
func (s *sessions) get(id string) *session {
	now := s.now()
	s.mu.Lock()
	ss, ok := s.m[id]
	s.mu.Unlock()
	if !ok {
		// Signed in through another process, or before a restart.
		if ss = s.load(id); ss == nil {
			return nil
		}
		ss.stored = ss.seen
	}
	if s.expired(ss, now) {
		s.end(id)
		return nil
	}
	s.mu.Lock()
	if cur, ok := s.m[id]; ok {
		ss = cur
	} else {
		s.m[id] = ss
	}
	ss.seen = now
	touch := s.backend != nil && now.Sub(ss.stored) >= touchEvery
	if touch {
		ss.stored = now
	}
	s.mu.Unlock()
	if touch && !s.touch(ss.id, now) {
		// Signed out in another process: ended here too.
		s.mu.Lock()
		delete(s.m, id)
		s.mu.Unlock()
		return nil
	}
	return ss
}

// refName is a user ref and the name the API gave for it.
type refName struct{ ref, name string }

// remember keeps the names the API gave for user refs, and the session
// in the store once for all of them.
func (s *sessions) remember(ss *session, names ...refName) {
	s.mu.Lock()
	if ss.names == nil {
		ss.names = map[string]string{}
	}
	for _, n := range names {
		if _, ok := ss.names[n.ref]; !ok {
			ss.order = append(ss.order, n.ref)
		}
		ss.names[n.ref] = n.name
	}
	for len(ss.order) > maxNames {
		delete(ss.names, ss.order[0])
		ss.order = ss.order[1:]
	}
	s.mu.Unlock()
	s.save(ss)
}

// maxViewed bounds the recently viewed users a session lists.
const maxViewed = 8

// viewedUser records that the session opened ref's calls.
func (s *sessions) viewedUser(ss *session, ref string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss.viewed = append([]string{ref}, slices.DeleteFunc(ss.viewed, func(r string) bool { return r == ref })...)
	if len(ss.viewed) > maxViewed {
		ss.viewed = ss.viewed[:maxViewed]
	}
}

// recent are the users the session opened last, with their names.
func (s *sessions) recent(ss *session) []refName {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]refName, 0, len(ss.viewed))
	for _, ref := range ss.viewed {
		out = append(out, refName{ref, ss.names[ref]})
	}
	return out
}

// nameOf is the name remembered for a user ref, "" if none.
func (s *sessions) nameOf(ss *session, ref string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ss.names[ref]
}

// end signs a session out, in every process sharing the store.
func (s *sessions) end(id string) {
	s.mu.Lock()
	delete(s.m, id)
	s.mu.Unlock()
	s.forget(id)
}

func (s *sessions) expired(ss *session, now time.Time) bool {
	return now.Sub(ss.seen) > s.idle || now.Sub(ss.created) > s.maxAge
}

// sweep drops expired sessions, so that abandoned ones do not pile up;
// it runs at every sign-in, which is when the map grows. s.mu is held.
func (s *sessions) sweep(now time.Time) {
	for id, ss := range s.m {
		if s.expired(ss, now) {
			delete(s.m, id)
		}
	}
}

// renewed puts a session's renewed tokens in place, and in the store.
func (s *sessions) renewed(ss *session, token, refresh string) {
	s.mu.Lock()
	ss.token, ss.refresh = token, refresh
	s.mu.Unlock()
	s.save(ss)
}
