package web

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// session is one signed-in browser. The API token stays here, in the
// server's memory: the browser holds only the session id.
type session struct {
	id string
	// csrf is the token every state-changing form of the session must
	// carry.
	csrf  string
	token string
	me    me
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
}

// maxNames bounds the names a session remembers.
const maxNames = 500

// sessions keeps the signed-in sessions. It is safe for concurrent use.
// Sessions do not outlive the process: a restart signs everyone out,
// which is the price of never writing tokens anywhere.
type sessions struct {
	mu     sync.Mutex
	m      map[string]*session
	now    func() time.Time
	idle   time.Duration
	maxAge time.Duration
}

func newSessions(now func() time.Time, idle, maxAge time.Duration) *sessions {
	return &sessions{m: map[string]*session{}, now: now, idle: idle, maxAge: maxAge}
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
func (s *sessions) create(token string, who me) *session {
	now := s.now()
	ss := &session{id: randomToken(), csrf: randomToken(), token: token, me: who, created: now, seen: now}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(now)
	s.m[ss.id] = ss
	return ss
}

// get returns the live session of id, nil if there is none (never was,
// signed out, or expired), and marks it used.
func (s *sessions) get(id string) *session {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, ok := s.m[id]
	if !ok {
		return nil
	}
	if s.expired(ss, now) {
		delete(s.m, id)
		return nil
	}
	ss.seen = now
	return ss
}

// remember keeps the name the API gave for a user ref.
func (s *sessions) remember(ss *session, ref, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ss.names == nil {
		ss.names = map[string]string{}
	}
	if _, ok := ss.names[ref]; !ok {
		ss.order = append(ss.order, ref)
	}
	ss.names[ref] = name
	for len(ss.order) > maxNames {
		delete(ss.names, ss.order[0])
		ss.order = ss.order[1:]
	}
}

// nameOf is the name remembered for a user ref, "" if none.
func (s *sessions) nameOf(ss *session, ref string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ss.names[ref]
}

// end signs a session out.
func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
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
