package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/store"
)

// visitor is a browser without the browser: an HTTP client with a cookie
// jar that does not follow redirects, so that tests see them.
type visitor struct {
	t    testing.TB
	base string
	c    *http.Client
}

func newVisitor(t testing.TB, d *demo) *visitor {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &visitor{t: t, base: d.base, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is what a request got.
type page struct {
	status int
	header http.Header
	body   string
}

func (v *visitor) do(req *http.Request) page {
	v.t.Helper()
	resp, err := v.c.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		v.t.Fatal(err)
	}
	return page{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func (v *visitor) get(path string) page {
	v.t.Helper()
	req, err := http.NewRequest(http.MethodGet, v.base+path, nil)
	if err != nil {
		v.t.Fatal(err)
	}
	return v.do(req)
}

func (v *visitor) post(path string, form url.Values) page {
	v.t.Helper()
	req, err := http.NewRequest(http.MethodPost, v.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		v.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return v.do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the form token of a page.
func (p page) csrf(t testing.TB) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no CSRF field in the page:\n%s", p.body)
	}
	return m[1]
}

// signIn signs the visitor in with token through the form.
func (v *visitor) signIn(token string) page {
	v.t.Helper()
	form := v.get("/signin")
	p := v.post("/signin", url.Values{"csrf": {form.csrf(v.t)}, "token": {token}})
	if p.status != http.StatusSeeOther {
		v.t.Fatalf("sign-in: status %d, want 303:\n%s", p.status, p.body)
	}
	return p
}

// apiGet asks the API directly with a role's token, for what the pages
// are checked against.
func apiGet(t testing.TB, d *demo, role access.Role, path string, v any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, d.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+d.tokens[role])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// subject is the user and the meeting the per-user tests look at: the
// person with the most calls, and their poor meeting with the most
// participants (preferring one with a rejoin), with the names of the
// meeting's other participants and its addresses as an admin sees them.
type subject struct {
	name, key  string
	meetingID  string
	rejoin     bool
	otherNames []string
	addresses  []string
	// versions are the meeting's client versions, some of which look like
	// IPv4 addresses (Teams Rooms 5.2.115.0).
	versions []string
}

func pickSubject(t testing.TB, d *demo) subject {
	t.Helper()
	var best store.PersonMatch
	for _, q := range []string{"a", "e", "i", "o", "u"} {
		found, err := d.st.SearchPeople(context.Background(), store.PeopleQuery{Tenant: demoTenant, Text: q, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range found {
			if m.ID != "" && len(m.DisplayName) > 5 && m.Calls > best.Calls {
				best = m
			}
		}
	}
	if best.Calls == 0 {
		t.Fatal("nobody with calls in the generated data")
	}
	s := subject{name: best.DisplayName, key: best.ID}
	var calls struct {
		Calls []struct {
			ID, Type, Rating       string
			Participants, Sessions int
		}
	}
	// The first page of the user's list, as the calls page shows it.
	apiGet(t, d, access.Admin, "/api/v1/users/"+url.PathEscape(s.key)+"/calls?limit=100", &calls)
	bestScore := -1
	for _, c := range calls.Calls {
		if c.Type != "groupCall" || c.Rating != "poor" {
			continue
		}
		score := c.Participants
		if c.Sessions > c.Participants {
			score += 100
		}
		if score > bestScore {
			bestScore, s.meetingID, s.rejoin = score, c.ID, c.Sessions > c.Participants
		}
	}
	if s.meetingID == "" {
		t.Fatalf("%s has no poor meeting", s.name)
	}
	var detail struct {
		Overview struct {
			Participants []struct{ DisplayName string }
		}
		Advanced json.RawMessage
	}
	var raw json.RawMessage
	apiGet(t, d, access.Admin, "/api/v1/calls/"+s.meetingID, &raw)
	for _, m := range regexp.MustCompile(`"(?:applicationVersion|sdkVersion|headerValue)":"([^"]+)"`).FindAllStringSubmatch(string(raw), -1) {
		s.versions = append(s.versions, m[1])
	}
	apiGet(t, d, access.Admin, "/api/v1/calls/"+s.meetingID, &detail)
	for _, p := range detail.Overview.Participants {
		if p.DisplayName != "" && p.DisplayName != s.name && !slices.Contains(s.otherNames, p.DisplayName) {
			s.otherNames = append(s.otherNames, p.DisplayName)
		}
	}
	for _, m := range regexp.MustCompile(`"(?:ipAddress|reflexiveIPAddress|subnet)":"([^"]+)"`).FindAllStringSubmatch(string(detail.Advanced), -1) {
		if !slices.Contains(s.addresses, m[1]) {
			s.addresses = append(s.addresses, m[1])
		}
	}
	if len(s.otherNames) == 0 || len(s.addresses) == 0 {
		t.Fatalf("meeting %s: others %v, addresses %v; want some of both to check redaction against", s.meetingID, s.otherNames, s.addresses)
	}
	return s
}

// ipRE finds IPv4 addresses and IPv6 addresses with a "::".
var ipRE = regexp.MustCompile(`\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-fA-F]{1,4}::[0-9a-fA-F:]+\b`)

// checkTier1 fails when a page a specialist got holds another user's
// name or any IP address.
func checkTier1(t testing.TB, what, html string, s subject) {
	t.Helper()
	for _, n := range s.otherNames {
		if strings.Contains(html, n) {
			t.Errorf("%s: a Tier 1 page names another user, %q", what, n)
		}
	}
	for _, a := range s.addresses {
		if strings.Contains(html, a) {
			t.Errorf("%s: a Tier 1 page holds the address %s", what, a)
		}
	}
	for _, v := range s.versions {
		html = strings.ReplaceAll(html, v, "")
	}
	if m := ipRE.FindString(html); m != "" {
		t.Errorf("%s: a Tier 1 page holds an IP address, %s", what, m)
	}
}
