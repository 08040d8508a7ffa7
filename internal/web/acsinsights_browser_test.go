package web_test

import (
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/access"
)

// TestBrowserACSInsights: the ACS insights page reads at both widths
// (its wide tables scroll inside themselves), and an end reason leads
// to its calls and on to a call.
func TestBrowserACSInsights(t *testing.T) {
	t.Parallel()
	chromium(t)
	d := demoServer(t)
	b := newBrowser(t, d)
	b.signIn(d.tokens[access.Engineer])
	b.open("/acs")
	if n := len(b.texts("ul.tiles li")); n != 5 {
		t.Errorf("%d headline tiles, want 5", n)
	}
	if n := len(b.texts("section.dash table tbody tr")); n < 20 {
		t.Errorf("%d rows in the report's tables", n)
	}
	b.shot("acs-engineer")
	if b.overflowsX(narrowWidth) {
		t.Error("the ACS insights page is wider than a narrow screen")
	}
	b.click(`section[aria-labelledby="acs-ends"] tbody a[href^="/acs/calls"]`)
	if !strings.HasPrefix(b.location(), "/acs/calls") {
		t.Fatalf("an end reason's count leads to %s", b.location())
	}
	b.click(`table.list tbody a[href^="/calls/"]`)
	if !strings.HasPrefix(b.location(), "/calls/") || len(b.texts("details.session")) == 0 {
		t.Errorf("the call %s shows no sessions", b.location())
	}
}
