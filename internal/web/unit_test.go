package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestSafeNext(t *testing.T) {
	f := func(next, want string) {
		t.Helper()
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
	f("", "/users")
	f("/dashboard?days=7", "/dashboard?days=7")
	f("/calls/x?user=ref_y&tab=timeline", "/calls/x?user=ref_y&tab=timeline")
	f("//evil.example/x", "/users")
	f("/\\evil.example", "/users")
	f("https://evil.example/", "/users")
	f("javascript:alert(1)", "/users")
	f("users", "/users")
	f("/signin", "/users")
}

func TestSessionsExpire(t *testing.T) {
	now := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	s := newSessions(clock, time.Hour, 3*time.Hour)
	a := s.create("tok", me{Name: "a"})
	if a.id == a.csrf || len(a.id) < 40 {
		t.Fatalf("session id %q, csrf %q", a.id, a.csrf)
	}
	now = now.Add(59 * time.Minute)
	if s.get(a.id) == nil {
		t.Fatal("a session used within the idle time expired")
	}
	now = now.Add(61 * time.Minute)
	if s.get(a.id) != nil {
		t.Error("a session idle past its limit lives")
	}
	// Kept busy, a session still ends at its maximum age.
	b := s.create("tok", me{Name: "b"})
	for i := 0; i < 5; i++ {
		now = now.Add(50 * time.Minute)
		s.get(b.id)
	}
	if s.get(b.id) != nil {
		t.Error("a session past its maximum age lives")
	}
	c := s.create("tok", me{})
	s.end(c.id)
	if s.get(c.id) != nil {
		t.Error("an ended session lives")
	}
	if s.get("") != nil || s.get("made-up") != nil {
		t.Error("an unknown id finds a session")
	}
}

func TestHumanize(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		if got := humanize(in); got != want {
			t.Errorf("humanize(%q) = %q, want %q", in, got, want)
		}
	}
	f("averageJitter", "Average jitter")
	f("callerToCallee", "Caller to callee")
	f("cpuProcessorSpeedInMhz", "CPU processor speed in MHz")
	f("reflexiveIPAddress", "Reflexive IP address")
	f("ipAddress", "IP address")
	f("skypeForBusinessAudioVideoMcu", "Skype for business audio video MCU")
	f("wifi", "Wifi")
	f("", "")
}

func TestMarks(t *testing.T) {
	// Never a colour alone: every mark has an icon and a word.
	for _, m := range []mark{ratingMark("good"), ratingMark("poor"), ratingMark("unavailable"), ratingMark(""),
		severityMark("red"), severityMark("yellow")} {
		if m.Icon == "" || m.Label == "" || m.Class == "" {
			t.Errorf("mark %+v lacks an icon, a word or a class", m)
		}
	}
}

func TestSessionNamesBounded(t *testing.T) {
	s := newSessions(time.Now, time.Hour, time.Hour)
	ss := s.create("tok", me{})
	for i := 0; i < maxNames+10; i++ {
		s.remember(ss, refName{fmt.Sprint("ref_", i), fmt.Sprint("name ", i)})
	}
	if got := s.nameOf(ss, "ref_0"); got != "" {
		t.Errorf("the oldest name is still kept: %q", got)
	}
	if got := s.nameOf(ss, fmt.Sprint("ref_", maxNames+9)); got != fmt.Sprint("name ", maxNames+9) {
		t.Errorf("the newest name is %q", got)
	}
	if len(ss.names) != maxNames || len(ss.order) != maxNames {
		t.Errorf("%d names, %d in order; want %d", len(ss.names), len(ss.order), maxNames)
	}
}

func TestSecureCookies(t *testing.T) {
	for _, secure := range []bool{false, true} {
		s, err := New(Config{API: http.NotFoundHandler(), SecureCookies: secure})
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/signin", nil))
		c := rec.Result().Cookies()
		if len(c) != 1 || c[0].Secure != secure || !c[0].HttpOnly || c[0].SameSite != http.SameSiteStrictMode {
			t.Errorf("SecureCookies %v: cookies %+v", secure, c)
		}
	}
}
