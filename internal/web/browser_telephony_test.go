package web_test

import (
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/access"
)

// TestBrowserTelephony: the telephony pages read at both widths: tiles,
// the trend drawn once for each width, tables that scroll inside their
// box on a phone; a group leads to its calls.
func TestBrowserTelephony(t *testing.T) {
	t.Parallel()
	chromium(t)
	d := telephonyDemo(t)
	b := newBrowser(t, d)
	b.signIn(d.tokens[access.Engineer])
	for _, pg := range []struct {
		path, shot string
		tiles      int
	}{
		{"/telephony", "telephony-engineer", 5},
		{"/telephony/direct-routing", "direct-routing-engineer", 4},
	} {
		b.open(pg.path)
		if n := len(b.texts("ul.tiles li")); n != pg.tiles {
			t.Errorf("%s: %d headline tiles, want %d", pg.path, n, pg.tiles)
		}
		if n := len(b.texts("svg.trend")); n != 2 {
			t.Errorf("%s: %d trend drawings, want one per width", pg.path, n)
		}
		if n := len(b.texts("section.dash table tbody tr")); n < 3 {
			t.Errorf("%s: %d rows in the tables", pg.path, n)
		}
		b.shot(pg.shot)
		if b.overflowsX(narrowWidth) {
			t.Errorf("%s is wider than a narrow screen", pg.path)
		}
	}
	b.click(`section[aria-labelledby="tel-sbcs"] table a[title="The calls"]`)
	if loc := b.location(); !strings.HasPrefix(loc, "/telephony/rows?") || len(b.texts("#usage-rows tbody tr")) == 0 {
		t.Fatalf("an SBC's calls at %s: %d rows", loc, len(b.texts("#usage-rows tbody tr")))
	}
	b.shot("usage-rows-engineer")
	if b.overflowsX(narrowWidth) {
		t.Error("the usage rows are wider than a narrow screen")
	}
}
