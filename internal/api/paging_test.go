package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// detailPage is what the tests read of a page of GET /api/v1/calls/{id}.
type detailPage struct {
	ID            string   `json:"id"`
	Sections      []string `json:"sections"`
	SessionCount  *int     `json:"sessionCount"`
	SessionOffset *int     `json:"sessionOffset"`
	Next          string   `json:"next"`
	Overview      *struct {
		Rating           string            `json:"rating"`
		ParticipantCount int               `json:"participantCount"`
		EndpointCount    int               `json:"endpointCount"`
		Participants     []json.RawMessage `json:"participants"`
		ParticipantsNext string            `json:"participantsNext"`
		Sessions         []struct {
			Index int `json:"index"`
		} `json:"sessions"`
	} `json:"overview"`
	Advanced *struct {
		Sessions []struct {
			Index int `json:"index"`
		} `json:"sessions"`
	} `json:"advanced"`
	Debug *struct {
		Sessions []json.RawMessage `json:"sessions"`
	} `json:"debug"`
}

type participantsPage struct {
	ParticipantCount  *int `json:"participantCount"`
	EndpointCount     int  `json:"endpointCount"`
	ParticipantOffset *int `json:"participantOffset"`
	Participants      []struct {
		Kind        string `json:"kind"`
		DisplayName string `json:"displayName"`
		ID          string `json:"id"`
		Phone       string `json:"phone"`
		Sessions    int    `json:"sessions"`
	} `json:"participants"`
	Next string `json:"next"`
}

type timelinePage struct {
	ParticipantCount  *int `json:"participantCount"`
	ParticipantOffset *int `json:"participantOffset"`
	Participants      []struct {
		Participant  string `json:"participant"`
		Rejoins      int    `json:"rejoins"`
		SessionSpans []struct {
			Index int `json:"index"`
		} `json:"sessionSpans"`
	} `json:"participants"`
	Next string `json:"next"`
}

type verdictsPage struct {
	Rating        string `json:"rating"`
	SessionCount  *int   `json:"sessionCount"`
	SessionOffset *int   `json:"sessionOffset"`
	Sessions      []struct {
		Index int `json:"index"`
	} `json:"sessions"`
	Next string `json:"next"`
}

// walk follows the next links from target as who, decoding each page
// into a T, and returns the pages and their bodies. Every next link
// must ask what the first request asked, with another cursor.
func walk[T any](t *testing.T, f *fixture, target, who string, next func(*T) string) ([]*T, []string) {
	t.Helper()
	first, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	var pages []*T
	var bodies []string
	for target != "" {
		if len(pages) > 300 {
			t.Fatalf("%s: more than 300 pages", first)
		}
		r := f.get(target, who)
		if r.status != http.StatusOK {
			t.Fatalf("%s GET %s: %d %s", who, target, r.status, r.body)
		}
		p := new(T)
		if err := json.Unmarshal([]byte(r.body), p); err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		pages, bodies = append(pages, p), append(bodies, r.body)
		target = next(p)
		if target == "" {
			break
		}
		u, err := url.Parse(target)
		if err != nil {
			t.Fatalf("next link %q: %v", target, err)
		}
		q := u.Query()
		if q.Get("cursor") == "" {
			t.Fatalf("next link %q has no cursor", target)
		}
		q.Del("cursor")
		want := first.Query()
		want.Del("cursor")
		if u.Path != first.Path || q.Encode() != want.Encode() {
			t.Fatalf("next link %q does not ask what %q asked", target, first)
		}
	}
	return pages, bodies
}

// checkOnce fails unless got holds each of 0..n-1 exactly once.
func checkOnce(t *testing.T, what string, got []int, n int) {
	t.Helper()
	seen := make([]int, n)
	for _, i := range got {
		if i < 0 || i >= n {
			t.Errorf("%s: index %d out of 0..%d", what, i, n-1)
			continue
		}
		seen[i]++
	}
	for i, c := range seen {
		if c != 1 {
			t.Errorf("%s: index %d shown %d times, want once", what, i, c)
		}
	}
}

// TestCallPagesWalk walks every page of a town hall's detail,
// participants, timeline and verdicts: every session and participant
// once, pages of the size asked, counts of the whole call, and one
// audit entry per page.
func TestCallPagesWalk(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	th := f.storeTownHall("tenant-a")
	stored, err := f.st.Call(context.Background(), "tenant-a", th.id)
	if err != nil {
		t.Fatal(err)
	}
	rating := string(stored.CallRating())
	if rating != "poor" {
		t.Fatalf("the town hall is rated %q; the test wants a poor one", rating)
	}
	base := "/api/v1/calls/" + th.id
	lookup := url.QueryEscape(th.upns[5])
	requests := 0

	t.Run("detail", func(t *testing.T) {
		for _, tc := range []struct {
			who, query string
			limit      int
			sections   []string
		}{
			{"engineer", "", sessionsDefaultLimit, []string{"overview", "advanced", "debug"}},
			{"admin", "?limit=37&section=overview", 37, []string{"overview"}},
			{"engineer", "?section=advanced&limit=100&user=" + lookup, 100, []string{"advanced"}},
			{"specialist", "?user=" + lookup + "&limit=" + strconv.Itoa(sessionsMaxLimit), sessionsMaxLimit, []string{"overview"}},
		} {
			pages, _ := walk(t, f, base+tc.query, tc.who, func(p *detailPage) string { return p.Next })
			requests += len(pages)
			if want := (th.sessions + tc.limit - 1) / tc.limit; len(pages) != want {
				t.Errorf("%s %s: %d pages, want %d", tc.who, tc.query, len(pages), want)
			}
			var indexes []int
			for n, p := range pages {
				what := tc.who + " " + tc.query + " page " + strconv.Itoa(n+1)
				want := min(tc.limit, th.sessions-n*tc.limit)
				if p.SessionCount == nil || *p.SessionCount != th.sessions || p.SessionOffset == nil || *p.SessionOffset != n*tc.limit {
					t.Errorf("%s: sessionCount %v, sessionOffset %v; want %d, %d", what, p.SessionCount, p.SessionOffset, th.sessions, n*tc.limit)
				}
				if (p.Next == "") != (n == len(pages)-1) {
					t.Errorf("%s: next %q", what, p.Next)
				}
				var got []int
				if slices.Contains(tc.sections, "overview") {
					o := p.Overview
					if o == nil {
						t.Fatalf("%s: no overview", what)
					}
					for _, s := range o.Sessions {
						got = append(got, s.Index)
					}
					// The call-level facts are the whole call's.
					if o.Rating != rating || o.ParticipantCount != th.people || o.EndpointCount != th.endpoints ||
						len(o.Participants) != overviewParticipants || o.ParticipantsNext == "" {
						t.Errorf("%s: rating %s, %d people, %d endpoints, %d listed, participantsNext %q; want %s, %d, %d, %d and a link",
							what, o.Rating, o.ParticipantCount, o.EndpointCount, len(o.Participants), o.ParticipantsNext,
							rating, th.people, th.endpoints, overviewParticipants)
					}
				}
				if slices.Contains(tc.sections, "advanced") {
					var adv []int
					for _, s := range p.Advanced.Sessions {
						adv = append(adv, s.Index)
					}
					if got != nil && !slices.Equal(adv, got) {
						t.Errorf("%s: advanced sessions %v, overview's %v", what, adv, got)
					}
					got = adv
				}
				if slices.Contains(tc.sections, "debug") && len(p.Debug.Sessions) != want {
					t.Errorf("%s: debug has %d sessions, want %d", what, len(p.Debug.Sessions), want)
				}
				if (p.Advanced != nil) != slices.Contains(tc.sections, "advanced") || (p.Debug != nil) != slices.Contains(tc.sections, "debug") ||
					(p.Overview != nil) != slices.Contains(tc.sections, "overview") {
					t.Errorf("%s: sections overview %v advanced %v debug %v, want %v", what, p.Overview != nil, p.Advanced != nil, p.Debug != nil, tc.sections)
				}
				if len(got) != want {
					t.Errorf("%s: %d sessions, want %d", what, len(got), want)
				}
				if len(got) > 0 && got[0] != n*tc.limit {
					t.Errorf("%s: first session %d, want %d", what, got[0], n*tc.limit)
				}
				indexes = append(indexes, got...)
			}
			checkOnce(t, tc.who+" "+tc.query, indexes, th.sessions)
		}
	})

	t.Run("participants", func(t *testing.T) {
		admin, _ := walk(t, f, base+"/participants?limit=50", "admin", func(p *participantsPage) string { return p.Next })
		requests += len(admin)
		if len(admin) != 3 {
			t.Errorf("%d pages of 50, want 3", len(admin))
		}
		var keys []string
		endpoints := 0
		for n, p := range admin {
			if p.ParticipantCount == nil || *p.ParticipantCount != th.people || p.EndpointCount != th.endpoints ||
				p.ParticipantOffset == nil || *p.ParticipantOffset != n*50 {
				t.Errorf("page %d: participantCount %v, endpointCount %d, participantOffset %v", n+1, p.ParticipantCount, p.EndpointCount, p.ParticipantOffset)
			}
			if want := min(50, th.people+th.endpoints-n*50); len(p.Participants) != want {
				t.Errorf("page %d: %d participants, want %d", n+1, len(p.Participants), want)
			}
			for _, x := range p.Participants {
				switch x.Kind {
				case "person":
					keys = append(keys, x.ID+x.Phone)
				case "endpoint":
					endpoints++
				}
			}
		}
		var want []string
		for i := range th.people {
			want = append(want, th.ids[i])
		}
		want[th.people-1] = "+15550100***" // as everyone sees it
		slices.Sort(keys)
		slices.Sort(want)
		if !slices.Equal(keys, want) || endpoints != th.endpoints {
			t.Errorf("the pages list people %v and %d endpoints, want each of %v once and %d endpoints", keys, endpoints, want, th.endpoints)
		}
		// The overview's link leads to the rest of the list, as the
		// specialist sees it.
		spec := f.get(base+"?user="+lookup, "specialist")
		requests++
		var d detailPage
		if err := json.Unmarshal([]byte(spec.body), &d); err != nil || d.Overview == nil {
			t.Fatalf("detail: %v %s", err, spec.body)
		}
		rest, _ := walk(t, f, d.Overview.ParticipantsNext, "specialist", func(p *participantsPage) string { return p.Next })
		requests += len(rest)
		if len(rest) != 1 || len(rest[0].Participants) != th.people+th.endpoints-overviewParticipants {
			t.Errorf("participantsNext %s: %d pages, want 1 of the %d participants after the first %d",
				d.Overview.ParticipantsNext, len(rest), th.people+th.endpoints-overviewParticipants, overviewParticipants)
		}
		if u, err := url.Parse(d.Overview.ParticipantsNext); err != nil || u.Path != base+"/participants" ||
			len(u.Query()) != 2 || u.Query().Get("user") != th.upns[5] || u.Query().Get("cursor") == "" {
			t.Errorf("participantsNext %s: want the participants route with the looked-up user and a cursor, nothing else", d.Overview.ParticipantsNext)
		}
	})

	t.Run("timeline", func(t *testing.T) {
		pages, _ := walk(t, f, base+"/timeline?limit=25", "engineer", func(p *timelinePage) string { return p.Next })
		requests += len(pages)
		groups := th.people + th.endpoints
		if len(pages) != (groups+24)/25 {
			t.Errorf("%d pages of 25, want %d", len(pages), (groups+24)/25)
		}
		var sessions, labels []int
		rejoined := 0
		for n, p := range pages {
			if p.ParticipantCount == nil || *p.ParticipantCount != groups || p.ParticipantOffset == nil || *p.ParticipantOffset != n*25 {
				t.Errorf("page %d: participantCount %v, participantOffset %v; want %d, %d", n+1, p.ParticipantCount, p.ParticipantOffset, groups, n*25)
			}
			if want := min(25, groups-n*25); len(p.Participants) != want {
				t.Errorf("page %d: %d participants, want %d", n+1, len(p.Participants), want)
			}
			for _, x := range p.Participants {
				l, err := strconv.Atoi(strings.TrimPrefix(x.Participant, "p"))
				if err != nil {
					t.Errorf("participant %q", x.Participant)
				}
				labels = append(labels, l-1)
				if x.Rejoins != len(x.SessionSpans)-1 {
					t.Errorf("%s: %d rejoins, %d spans", x.Participant, x.Rejoins, len(x.SessionSpans))
				}
				if x.Rejoins > 0 {
					rejoined++
				}
				for _, s := range x.SessionSpans {
					sessions = append(sessions, s.Index)
				}
			}
		}
		checkOnce(t, "timeline participants", labels, groups)
		checkOnce(t, "timeline sessions", sessions, th.sessions)
		if rejoined != townHallRejoins {
			t.Errorf("%d participants rejoined, want %d", rejoined, townHallRejoins)
		}
	})

	t.Run("verdicts", func(t *testing.T) {
		pages, _ := walk(t, f, base+"/verdicts?limit=100&user="+lookup, "specialist", func(p *verdictsPage) string { return p.Next })
		requests += len(pages)
		var indexes []int
		for n, p := range pages {
			if p.SessionCount == nil || *p.SessionCount != th.sessions || p.Rating != rating || p.SessionOffset == nil || *p.SessionOffset != n*100 {
				t.Errorf("page %d: sessionCount %v, sessionOffset %v, rating %s", n+1, p.SessionCount, p.SessionOffset, p.Rating)
			}
			if want := min(100, th.sessions-n*100); len(p.Sessions) != want {
				t.Errorf("page %d: %d sessions, want %d", n+1, len(p.Sessions), want)
			}
			for _, s := range p.Sessions {
				indexes = append(indexes, s.Index)
			}
		}
		checkOnce(t, "verdicts", indexes, th.sessions)
	})

	// One entry per page, each naming the call.
	if err := f.srv.audit.flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	entries, err := f.st.AuditLog(context.Background(), store.AuditFilter{Tenant: "tenant-a"})
	if err != nil {
		t.Fatal(err)
	}
	views := 0
	for _, e := range entries {
		if e.Action == actionViewCall && e.Subject == th.id {
			views++
		}
	}
	if views != requests {
		t.Errorf("%d view-call entries for %d pages, want one per page", views, requests)
	}
}

// TestCallPagesRedacted: a specialist's later pages are redacted as the
// first: no address, no other name, no full phone number; an engineer's
// show the addresses of the page's sessions, and only those.
func TestCallPagesRedacted(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	th := f.storeTownHall("tenant-a")
	base := "/api/v1/calls/" + th.id
	me := 5
	q := "?limit=50&user=" + url.QueryEscape(th.upns[me])
	for _, target := range []string{base + q, base + "/timeline" + q, base + "/participants" + q, base + "/verdicts" + q} {
		var pages []string
		switch {
		case strings.Contains(target, "/timeline"):
			_, pages = walk(t, f, target, "specialist", func(p *timelinePage) string { return p.Next })
		case strings.Contains(target, "/participants"):
			_, pages = walk(t, f, target, "specialist", func(p *participantsPage) string { return p.Next })
		case strings.Contains(target, "/verdicts"):
			_, pages = walk(t, f, target, "specialist", func(p *verdictsPage) string { return p.Next })
		default:
			_, pages = walk(t, f, target, "specialist", func(p *detailPage) string { return p.Next })
		}
		if len(pages) < 3 {
			t.Fatalf("%s: %d pages; the test wants at least 3", target, len(pages))
		}
		masked := false
		for n, body := range pages {
			what := "specialist " + target + " page " + strconv.Itoa(n+1)
			checkWithheld(t, what, body)
			for _, ip := range th.ips {
				if strings.Contains(body, `"`+ip+`"`) {
					t.Errorf("%s: shows the address %s", what, ip)
				}
			}
			for i, name := range th.names {
				if i != me && i != th.people-1 && strings.Contains(body, name) {
					t.Errorf("%s: shows another user's name %q", what, name)
				}
			}
			for i, id := range th.ids[:th.people-1] {
				if strings.Contains(body, id) || th.upns[i] != "" && strings.Contains(body, th.upns[i]) && i != me {
					t.Errorf("%s: shows the object id or UPN of person %d", what, i)
				}
			}
			if strings.Contains(body, th.phone) || strings.Contains(body, "15550100123") {
				t.Errorf("%s: shows the full phone number", what)
			}
			masked = masked || strings.Contains(body, "+15550100***")
			if strings.Contains(body, `"advanced"`) || strings.Contains(body, `"debug"`) || strings.Contains(body, "@unknown") {
				t.Errorf("%s: shows the advanced or debug section to a specialist", what)
			}
		}
		if !masked && !strings.Contains(target, "/verdicts") {
			t.Errorf("%s: the phone participant is not shown, masked, on any page", target)
		}
	}
	// Looked up by a ref from the search, the user's object id and UPN
	// show nowhere, next links included: they carry the ref the client
	// sent, not what the server resolved it to.
	ref := jsonField(t, f.get("/api/v1/users?q="+url.QueryEscape(th.names[me]), "specialist").body, "ref")
	for _, route := range []string{"", "/timeline", "/participants", "/verdicts"} {
		_, pages := walk(t, f, base+route+"?limit=40&user="+ref, "specialist", func(p *struct{ Next string }) string { return p.Next })
		if len(pages) < 3 {
			t.Errorf("%s: %d pages, want at least 3", route, len(pages))
		}
		for n, body := range pages {
			if strings.Contains(body, th.ids[me]) || strings.Contains(body, th.upns[me]) || strings.Contains(body, url.QueryEscape(th.upns[me])) {
				t.Errorf("%s page %d: shows the looked-up user's object id or UPN", route, n+1)
			}
		}
	}
	// The looked-up user is named where they are: in the participants,
	// and in their first session (index 5) and their rejoin (index 23),
	// both on the first page.
	first := f.get(base+q, "specialist")
	if strings.Count(first.body, th.names[me]) < 3 {
		t.Errorf("the first page does not name the looked-up user in the participants and both their sessions")
	}
	// An engineer's third page shows the addresses of its sessions, and
	// no other.
	var p detailPage
	r := f.get(base+"?limit=50&cursor="+encodeCursor(100), "engineer")
	if err := json.Unmarshal([]byte(r.body), &p); err != nil || p.SessionOffset == nil || *p.SessionOffset != 100 {
		t.Fatalf("engineer page 3: %v %d %s", err, r.status, r.body)
	}
	for k, ip := range th.ips {
		if shown := strings.Contains(r.body, `"`+ip+`"`); shown != (k >= 100 && k < 150) {
			t.Errorf("engineer page 3 (sessions 100–149): address of session %d shown: %v", k, shown)
		}
	}
}

// TestCallPagesHomeTenant: who is internal is the whole call's answer on
// every page. In a meeting without participant lists whose first forty
// people are guests of another tenant, the majority is the home tenant,
// and a specialist sees the guests as external on the first page too,
// where they are all there is.
func TestCallPagesHomeTenant(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const guests, guestTenant = 40, "0f0f0f0f-1111-4222-8333-444444444444"
	guest := map[any]bool{}
	for _, id := range newTownHall().ids[:guests] {
		guest[id] = true
	}
	th := f.storeTownHall("tenant-a", func(rec map[string]any) {
		delete(rec, "participants_v2")
		delete(rec, "organizer_v2")
		for _, s := range rec["sessions"].([]any) {
			caller := s.(map[string]any)["caller"].(map[string]any)
			if id, ok := caller["identity"].(map[string]any); ok {
				if u, ok := id["user"].(map[string]any); ok && guest[u["id"]] {
					u["tenantId"] = guestTenant
				}
			}
		}
	})
	r := f.get("/api/v1/calls/"+th.id+"?limit=10", "specialist")
	var p struct {
		Overview struct {
			Participants []struct{ DisplayName, TenantID string }
			Sessions     []struct {
				Index  int
				Caller struct{ DisplayName string }
			}
		}
	}
	if err := json.Unmarshal([]byte(r.body), &p); err != nil || len(p.Overview.Sessions) != 10 {
		t.Fatalf("%v: %d %s", err, r.status, r.body)
	}
	for _, s := range p.Overview.Sessions {
		if s.Caller.DisplayName != access.ExternalUser {
			t.Errorf("session %d (a guest's): caller %q, want %q", s.Index, s.Caller.DisplayName, access.ExternalUser)
		}
	}
	internal := 0
	for _, x := range p.Overview.Participants {
		want := access.ExternalUser // guests, and the phone participant
		if x.TenantID == townHallTenant {
			want = access.InternalUser
			internal++
		}
		if x.DisplayName != want {
			t.Errorf("participant of tenant %s: %q, want %q", x.TenantID, x.DisplayName, want)
		}
	}
	if internal == 0 {
		t.Error("no participant of the home tenant in the overview")
	}
}

// TestCallPagesLookedUpByUPN: a specialist who looked a user up by UPN
// sees their name in their sessions, on a page of a meeting whose
// sessions name them by object id only: the participant list, which
// the page does not show, ties the two.
func TestCallPagesLookedUpByUPN(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	th := f.storeTownHall("tenant-a", func(rec map[string]any) {
		for _, s := range rec["sessions"].([]any) {
			caller := s.(map[string]any)["caller"].(map[string]any)
			if id, ok := caller["identity"].(map[string]any); ok {
				if u, ok := id["user"].(map[string]any); ok {
					delete(u, "userPrincipalName")
				}
			}
		}
	})
	const me = 30
	var sessions []int
	for k, who := range th.joins {
		if who == me {
			sessions = append(sessions, k)
		}
	}
	if len(sessions) != 2 || sessions[0]/50 == sessions[1]/50 {
		t.Fatalf("person %d joined sessions %v; the test wants two, on different pages of 50", me, sessions)
	}
	first, rejoin := sessions[0], sessions[1]
	for _, target := range []string{"?limit=10&cursor=" + encodeCursor(first-first%10), "?limit=50&cursor=" + encodeCursor(rejoin-rejoin%50)} {
		r := f.get("/api/v1/calls/"+th.id+target+"&user="+url.QueryEscape(th.upns[me]), "specialist")
		var p struct {
			Overview struct {
				Sessions []struct {
					Index  int
					Caller struct{ DisplayName string }
				}
			}
		}
		if err := json.Unmarshal([]byte(r.body), &p); err != nil || len(p.Overview.Sessions) == 0 {
			t.Fatalf("%s: %v: %d %s", target, err, r.status, r.body)
		}
		named := 0
		for _, s := range p.Overview.Sessions {
			want := access.InternalUser
			if th.joins[s.Index] == me {
				want = th.names[me]
				named++
			}
			if s.Caller.DisplayName != want {
				t.Errorf("%s: session %d: caller %q, want %q", target, s.Index, s.Caller.DisplayName, want)
			}
		}
		if named != 1 {
			t.Errorf("%s: %d sessions of the looked-up user, want 1", target, named)
		}
	}
}

// TestCallPagesBadParameters: a limit or cursor the API cannot use is a
// 400 naming it, on every call route, before the call is looked up.
func TestCallPagesBadParameters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	th := f.storeTownHall("tenant-a")
	base := "/api/v1/calls/" + th.id
	check := func(target, param string) {
		t.Helper()
		r := f.get(target, "engineer")
		if param == "" {
			if r.status != http.StatusOK {
				t.Errorf("GET %s: %d %s", target, r.status, r.body)
			}
			return
		}
		wantError(t, r, http.StatusBadRequest, codeBadRequest)
		if !strings.Contains(r.body, "parameter "+param+":") {
			t.Errorf("GET %s: the message does not name %s: %s", target, param, r.body)
		}
	}
	for _, route := range []string{"", "/verdicts"} {
		check(base+route+"?limit=0", "limit")
		check(base+route+"?limit=-3", "limit")
		check(base+route+"?limit="+strconv.Itoa(sessionsMaxLimit+1), "limit")
		check(base+route+"?limit=ten", "limit")
		check(base+route+"?limit=1&limit=2", "limit")
		check(base+route+"?limit="+strconv.Itoa(sessionsMaxLimit), "")
		check(base+route+"?limit=1", "")
	}
	for _, route := range []string{"/participants", "/timeline"} {
		check(base+route+"?limit=0", "limit")
		check(base+route+"?limit=501", "limit")
		check(base+route+"?limit=500", "")
	}
	for _, route := range []string{"", "/verdicts", "/participants", "/timeline"} {
		check(base+route+"?cursor=garbage", "cursor")
		check(base+route+"?cursor=", "")
		check(base+route+"?cursor="+encodeCursor(1)+"&cursor="+encodeCursor(2), "cursor")
		check(base+route+"?cursor="+encodeCursor(maxOffset+1), "cursor")
		check("/api/v1/calls/no-such-call"+route+"?cursor=garbage", "cursor")
		// Past the end: an empty page, not an error.
		check(base+route+"?cursor="+encodeCursor(10_000), "")
	}
	check(base+"?section=debug&limit=0", "limit")
	var past detailPage
	if err := json.Unmarshal([]byte(f.get(base+"?cursor="+encodeCursor(10_000), "engineer").body), &past); err != nil ||
		past.Next != "" || len(past.Overview.Sessions) != 0 || *past.SessionCount != th.sessions {
		t.Errorf("a page past the end: %+v, %v", past, err)
	}
}

// TestCallPagesMatchWholeCall: for every example call, and a meeting of
// 150 sessions whose sessions name people by object id only, as every
// role looking up each of its people, the pages of each view put
// together are the view of the whole call: redacting a page's sessions
// shows of them what redacting the whole call does.
func TestCallPagesMatchWholeCall(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	th := f.storeTownHall("tenant-a", func(rec map[string]any) {
		sessions := rec["sessions"].([]any)[:150]
		rec["sessions"] = sessions
		for _, s := range sessions {
			caller := s.(map[string]any)["caller"].(map[string]any)
			if id, ok := caller["identity"].(map[string]any); ok {
				if u, ok := id["user"].(map[string]any); ok {
					delete(u, "userPrincipalName")
				}
			}
		}
	})
	calls := storedCalls(t, f.st, "tenant-a")
	checked := 0
	for _, c := range calls {
		lookups := []string{""}
		for _, p := range model.People(c) {
			lookups = append(lookups, personKey(p))
		}
		pageSize, roles := 1, []string{"admin", "engineer", "specialist"}
		if c.ID == th.id {
			// Some of its people, by UPN, object id and phone number;
			// an admin sees what an engineer does.
			lookups = []string{"", th.upns[0], th.upns[7], th.ids[64], th.phone}
			pageSize, roles = 40, []string{"engineer", "specialist"}
		}
		for _, who := range roles {
			for _, lookup := range lookups {
				base := "/api/v1/calls/" + url.PathEscape(c.ID)
				for _, v := range []struct {
					path, list string
					limit      int
				}{
					{"", "sessions", sessionsMaxLimit},
					{"/verdicts", "sessions", sessionsMaxLimit},
					{"/participants", "participants", participantsMaxLimit},
					{"/timeline", "participants", participantsMaxLimit},
				} {
					q := url.Values{"limit": {strconv.Itoa(v.limit)}}
					if lookup != "" {
						q.Set("user", lookup)
					}
					what := who + " " + base + v.path + "?" + q.Encode()
					whole := f.get(base+v.path+"?"+q.Encode(), who)
					if whole.status != http.StatusOK || strings.Contains(whole.body, `"next"`) {
						t.Fatalf("%s: %d, or more than one page: %s", what, whole.status, whole.body)
					}
					want := listsOf(t, whole.body, v.list)
					q.Set("limit", strconv.Itoa(pageSize))
					_, bodies := walk(t, f, base+v.path+"?"+q.Encode(), who, func(p *struct{ Next string }) string { return p.Next })
					var got map[string][]json.RawMessage
					for _, b := range bodies {
						page := listsOf(t, b, v.list)
						if got == nil {
							got = map[string][]json.RawMessage{}
						}
						for k, l := range page {
							if !strings.HasSuffix(k, "."+v.list) {
								// The rest of the view is the same on every page.
								if !sameJSON(l, want[k]) {
									t.Errorf("%s: %s differs on a page:\n%s\nwant\n%s", what, k, l, want[k])
								}
								continue
							}
							got[k] = append(got[k], l...)
						}
					}
					if v.path == "" {
						// The whole call's redaction, made here.
						for k, l := range wholeSessions(t, f, c, access.Role(who), lookup) {
							if _, ok := want[k]; ok {
								want[k] = l
							}
						}
					}
					for k, l := range want {
						if strings.HasSuffix(k, "."+v.list) && !sameJSON(got[k], l) {
							t.Errorf("%s: the pages' %s differ from the whole view's:\n%s\nwant\n%s", what, k, got[k], l)
						}
					}
					checked++
				}
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d views checked", checked)
	}
}

// wholeSessions are the sessions of the detail's sections as the whole
// call, redacted at once by access.Policy.RedactCall, shows them.
func wholeSessions(t *testing.T, f *fixture, c *model.Call, role access.Role, lookup string) map[string][]json.RawMessage {
	t.Helper()
	policy := f.srv.cfg.Policy
	seen := &seenCall{call: policy.RedactCall(c, role, lookup), people: policy.RedactPeople(c, role, lookup),
		sessionCount: len(c.Sessions), rating: c.CallRating(), role: role, lookup: lookup}
	seen.index(c, model.People(c))
	seen.tagPeople(f.srv.refs, c.Tenant, c.ID, model.People(c), policy.HomeTenantIDs)
	for i := range c.Sessions {
		seen.sessions = append(seen.sessions, i)
	}
	out := map[string][]json.RawMessage{}
	add := func(key string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if b, err = markWithheld(b); err != nil {
			t.Fatal(err)
		}
		var l []json.RawMessage
		if err := json.Unmarshal(b, &l); err != nil {
			t.Fatal(err)
		}
		out[key] = l
	}
	add("overview.sessions", seen.overview("").Sessions)
	add("advanced.sessions", seen.advanced(nil).Sessions)
	add("debug.sessions", seen.call.Sessions)
	return out
}

func sameJSON(a, b []json.RawMessage) bool {
	return slices.EqualFunc(a, b, func(x, y json.RawMessage) bool { return string(x) == string(y) })
}

// listsOf splits a view into its members: each list named name (at the
// top or in a section) under "section.name", everything else under
// "section.rest" with the paging members left out.
func listsOf(t *testing.T, body, name string) map[string][]json.RawMessage {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &top); err != nil {
		t.Fatal(err)
	}
	out := map[string][]json.RawMessage{}
	split := func(prefix string, obj map[string]json.RawMessage) {
		rest := map[string]json.RawMessage{}
		for k, v := range obj {
			switch k {
			case name:
				var l []json.RawMessage
				if err := json.Unmarshal(v, &l); err != nil {
					t.Fatal(err)
				}
				out[prefix+"."+name] = append(out[prefix+"."+name], l...)
			case "next", "sessionOffset", "participantOffset":
			default:
				rest[k] = v
			}
		}
		b, _ := json.Marshal(rest)
		out[prefix+".rest"] = []json.RawMessage{b}
	}
	sections := map[string]json.RawMessage{}
	for _, s := range []string{"overview", "advanced", "debug"} {
		if v, ok := top[s]; ok {
			sections[s] = v
			delete(top, s)
		}
	}
	split("top", top)
	for s, v := range sections {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(v, &obj); err != nil {
			t.Fatal(err)
		}
		split(s, obj)
	}
	return out
}
