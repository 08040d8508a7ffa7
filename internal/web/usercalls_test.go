package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/access"
)

// TestUserCallsOwnFirst: a user's list puts how their own sessions went
// first, filters to their poor calls, sorts, shows times in the zone the
// viewer picked, and the user's address stays the same from one search
// to the next.
func TestUserCallsOwnFirst(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	s := pickSubject(t, d)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Specialist])
	refOf := func() string {
		p := v.get("/users?q=" + url.QueryEscape(s.name))
		m := regexp.MustCompile(`<a href="(/users/ref_[^"]+/calls)">` + regexp.QuoteMeta(s.name) + `</a>`).FindStringSubmatch(p.body)
		if m == nil {
			t.Fatalf("%s not found by name", s.name)
		}
		return m[1]
	}
	first := refOf()
	if again := refOf(); again != first {
		t.Errorf("the user's address changed between two searches: %s, then %s", first, again)
	}
	p := v.get(first)
	if p.status != http.StatusOK || !strings.Contains(p.body, `<th scope="col"><a href=`) || !strings.Contains(p.body, ">Their rating") || !strings.Contains(p.body, ">Their issues</th>") {
		t.Fatalf("the list has no column of the user's own rating: %d", p.status)
	}
	if strings.Contains(p.body, "not known") {
		t.Error("a freshly stored call's own verdict is not known")
	}
	// Their poor calls only: each row rated poor for them.
	poor := v.get(first + "?poor=1")
	rows := regexp.MustCompile(`(?s)<tr>\s*<td><a href="/calls/.*?</tr>`).FindAllString(poor.body, -1)
	for _, r := range rows {
		cells := regexp.MustCompile(`(?s)<td.*?</td>`).FindAllString(r, -1)
		if len(cells) < 5 || !strings.Contains(cells[4], "Poor") {
			t.Errorf("a call not poor for them in their poor calls: %s", r)
			break
		}
	}
	// Longest first.
	long := v.get(first + "?sort=duration")
	if !regexp.MustCompile(`aria-sort="descending"><a href="[^"]*">Duration `).MatchString(long.body) || regexp.MustCompile(`aria-sort="[a-z]+"><a href="[^"]*">Start `).MatchString(long.body) {
		t.Error("sorted by duration, the Duration column does not say so, or Start still does")
	}
	// Times in the zone picked, kept for the next page.
	utc := regexp.MustCompile(`<td class="when">(\d{4}-\d\d-\d\d \d\d:\d\d) (\w+)</td>`).FindStringSubmatch(p.body)
	tokyo := v.get(first + "?tz=Asia/Tokyo")
	jst := regexp.MustCompile(`<td class="when">(\d{4}-\d\d-\d\d \d\d:\d\d) (\w+)</td>`).FindStringSubmatch(tokyo.body)
	if utc == nil || jst == nil || utc[2] != "UTC" || jst[2] != "JST" || utc[1] == jst[1] {
		t.Errorf("times in UTC %v, then in Tokyo %v", utc, jst)
	}
	if kept := v.get(first); !strings.Contains(kept.body, " JST</td>") {
		t.Error("the zone picked was not kept")
	}
	// The user is among the recently viewed.
	if users := v.get("/users"); !strings.Contains(users.body, `<h2 id="recent">Recently viewed</h2>`) || !strings.Contains(users.body, first) {
		t.Error("the user just viewed is not among the recently viewed")
	}
}

// TestCallByID: a call id opens the call; another text says what a call
// id is, and an id not stored says so.
func TestCallByID(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	s := pickSubject(t, d)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Specialist])
	id := s.meetingID
	p := v.get("/users?call=" + strings.ToUpper(id))
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/calls/"+id {
		t.Errorf("call id %s: %d %q", id, p.status, p.header.Get("Location"))
	}
	for query, want := range map[string]string{
		"call=yesterday": "A call id is a GUID",
		"call=00000000-0000-0000-0000-000000000000": "No call 00000000-0000-0000-0000-000000000000 is stored",
	} {
		p := v.get("/users?" + query)
		if p.status != http.StatusOK || !strings.Contains(p.body, want) {
			t.Errorf("%s: %d, want %q", query, p.status, want)
		}
	}
}
