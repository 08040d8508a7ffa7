package web_test

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/callscope/callscope/internal/access"
)

// TestOverviewTellsStandInsApart: Tier 1 sees "Internal User" for the
// people other than the one looked up; the overview's sessions tag each,
// so that two of them are told apart without a name.
func TestOverviewTellsStandInsApart(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	s := pickSubject(t, d)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Specialist])
	p := v.get("/calls/" + s.meetingID)
	if p.status != http.StatusOK {
		t.Fatalf("meeting: %d", p.status)
	}
	tags := map[string]bool{}
	for _, m := range regexp.MustCompile(`<span class="sname">Session \d+: (?:Internal|External) User #([a-z2-7]{6})`).FindAllStringSubmatch(p.body, -1) {
		tags[m[1]] = true
	}
	if len(tags) < 2 {
		t.Errorf("%d tags among the stand-in names of a meeting's sessions, want two or more", len(tags))
	}
}
