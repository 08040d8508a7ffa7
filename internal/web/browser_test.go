package web_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/callscope/callscope/internal/access"
)

// The browser tests drive Debian's headless Chromium. CI installs it
// (.ci/run) and must run them: a missing browser fails them, unless
// CALLSCOPE_SKIP_BROWSER=1 says to skip them, for a machine without one
// (never in CI, where CI is set).
// CALLSCOPE_CHROMIUM names the browser (default: chromium on PATH, else
// /usr/bin/chromium); CALLSCOPE_SCREENSHOTS the folder the screenshots
// go to (default callscope-screenshots in the temporary folder, named in
// the test log, replaced by every run rather than piling up).

func chromium(t *testing.T) string {
	t.Helper()
	if os.Getenv("CALLSCOPE_SKIP_BROWSER") == "1" {
		if os.Getenv("CI") != "" {
			t.Fatal("CALLSCOPE_SKIP_BROWSER=1 in CI: CI must run the browser tests")
		}
		t.Skip("CALLSCOPE_SKIP_BROWSER=1: browser tests skipped")
	}
	if p := os.Getenv("CALLSCOPE_CHROMIUM"); p != "" {
		return p
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	t.Fatal("headless Chromium not found: install Debian's chromium package (apt-get install chromium), " +
		"name it with CALLSCOPE_CHROMIUM, or set CALLSCOPE_SKIP_BROWSER=1 to skip the browser tests on this machine")
	return ""
}

var screens struct {
	once sync.Once
	dir  string
	err  error
}

// screenshotDir is where screenshots go.
func screenshotDir(t *testing.T) string {
	t.Helper()
	screens.once.Do(func() {
		if d := os.Getenv("CALLSCOPE_SCREENSHOTS"); d != "" {
			screens.dir, screens.err = d, os.MkdirAll(d, 0o755)
			return
		}
		screens.dir = filepath.Join(os.TempDir(), "callscope-screenshots")
		screens.err = os.MkdirAll(screens.dir, 0o755)
	})
	if screens.err != nil {
		t.Fatal(screens.err)
	}
	return screens.dir
}

// browser is one headless Chromium with its own profile, so that each
// test's cookies are its own.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// Viewports of the screenshots: a laptop and a phone.
const (
	wideWidth   = 1280
	narrowWidth = 390
)

func newBrowser(t *testing.T, d *demo) *browser {
	t.Helper()
	path := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.WindowSize(wideWidth, 900),
		// Nothing may leave the machine: no background fetches, no QUIC,
		// no component updates, no sync.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("hide-scrollbars", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// The first action starts the browser; the timeout is for the actions
	// after it (a timeout on the first would bound the browser's life).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium (%s): %v", path, err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return &browser{t: t, ctx: ctx, base: d.base}
}

func (b *browser) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// get runs one action that returns a value.
func get[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// open loads a page of the server and waits for its main part.
func (b *browser) open(path string) {
	b.t.Helper()
	b.run("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("main")))
}

func (b *browser) html() string {
	b.t.Helper()
	return get(b, "read page", chromedp.OuterHTML(chromedp.CSS("html")))
}

func (b *browser) location() string {
	b.t.Helper()
	return strings.TrimPrefix(get(b, "read location", chromedp.Location()), b.base)
}

// texts returns the text of every element sel matches.
func (b *browser) texts(sel string) []string {
	b.t.Helper()
	return get(b, "read "+sel, chromedp.Evaluate[[]string](fmt.Sprintf(`[...document.querySelectorAll(%q)].map(e => e.textContent.trim())`, sel)))
}

// click follows a link or presses a button and waits for the next page.
func (b *browser) click(sel string) {
	b.t.Helper()
	// A mark on the old document tells when the next one has replaced it,
	// even when both have the same address (a form posted to its page).
	get(b, "mark page", chromedp.Evaluate[bool](`window.__callscopeOld = true`))
	// What is not there to click fails soon, not at the test's timeout.
	cctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(cctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		// While the page changes, evaluating may fail: try again.
		done, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.__callscopeOld === undefined && document.readyState === "complete"`))
		if err == nil && done {
			return
		}
		b.run("wait", chromedp.Sleep(50*time.Millisecond))
	}
	b.t.Fatalf("click %s: no new page within 30 s", sel)
}

func (b *browser) signIn(token string) {
	b.t.Helper()
	b.open("/signin")
	b.run("sign in", chromedp.SendKeys(chromedp.ID("token"), token), chromedp.Submit(chromedp.ID("token")),
		chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Main"]`)))
}

// shot saves a full-page screenshot at the laptop and the phone width.
func (b *browser) shot(name string) {
	b.t.Helper()
	dir := screenshotDir(b.t)
	for _, w := range []struct {
		suffix string
		width  int64
		mobile bool
	}{{"", wideWidth, false}, {"-narrow", narrowWidth, true}} {
		mobile := w.mobile
		b.run("viewport", chromedp.EmulateViewport(w.width, 900, func(p *emulation.SetDeviceMetricsOverrideParams, _ *emulation.SetTouchEmulationEnabledParams) {
			p.Mobile = mobile
		}), chromedp.Sleep(100*time.Millisecond))
		// The whole page, and what the screen shows first.
		full := get(b, "screenshot "+name, chromedp.FullScreenshot(100))
		top := get(b, "screenshot "+name, chromedp.CaptureScreenshot())
		for file, png := range map[string][]byte{name + w.suffix + ".png": full, name + w.suffix + "-top.png": top} {
			if err := os.WriteFile(filepath.Join(dir, file), png, 0o644); err != nil {
				b.t.Fatal(err)
			}
		}
	}
	b.run("reset viewport", chromedp.EmulateViewport(wideWidth, 900))
	b.t.Logf("screenshots of %s in %s", name, dir)
}

// overflowsX reports whether the page is wider than the viewport: a
// narrow screen must scroll tables inside their box, not the page.
func (b *browser) overflowsX(width int64) bool {
	b.t.Helper()
	b.run("narrow", chromedp.EmulateViewport(width, 900), chromedp.Sleep(100*time.Millisecond))
	wide := get(b, "measure", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`))
	b.run("reset viewport", chromedp.EmulateViewport(wideWidth, 900))
	return wide
}

func TestBrowserSignInByRole(t *testing.T) {
	t.Parallel()
	chromium(t)
	d := demoServer(t)
	s := pickSubject(t, d)
	for _, tc := range []struct {
		role access.Role
		nav  []string
	}{
		{access.Specialist, []string{"Users"}},
		{access.Engineer, []string{"Users", "Dashboard", "Poor calls", "Reliability", "Telephony", "ACS insights"}},
		{access.Admin, []string{"Users", "Dashboard", "Poor calls", "Reliability", "Telephony", "ACS insights", "Buildings", "Collection"}},
	} {
		t.Run(string(tc.role), func(t *testing.T) {
			b := newBrowser(t, d)
			b.signIn(d.tokens[tc.role])
			if got := b.texts(`nav[aria-label="Main"] a`); strings.Join(got, ",") != strings.Join(tc.nav, ",") {
				t.Errorf("navigation %q, want %q", got, tc.nav)
			}
			res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, c := range res.Cookies {
				if c.Name == "callscope_session" {
					found = true
					if !c.HTTPOnly || c.SameSite != network.CookieSameSiteStrict {
						t.Errorf("session cookie HttpOnly=%v SameSite=%v, want HttpOnly and Strict", c.HTTPOnly, c.SameSite)
					}
				}
			}
			if !found {
				t.Error("no session cookie in the browser")
			}
			if tc.role == access.Admin {
				// The demo collects nothing: the page says so, and how.
				b.click(`nav[aria-label="Main"] a[href="/collection"]`)
				if html := b.html(); !strings.Contains(html, "No collection job has run") || !strings.Contains(html, "0 waiting") {
					t.Errorf("the collection page of a store nothing collects into:\n%.2000s", html)
				}
			}
			// User → calls → call → tabs.
			b.open("/users")
			b.run("search", chromedp.SendKeys(chromedp.ID("q"), s.name), chromedp.Submit(chromedp.ID("q")),
				chromedp.WaitVisible(chromedp.CSS("table.list")))
			if tc.role == access.Specialist {
				b.shot("users-specialist")
			}
			b.click(`table.list a[href^="/users/ref_"]`)
			if !strings.HasPrefix(b.location(), "/users/ref_") {
				t.Fatalf("the search result led to %s", b.location())
			}
			if tc.role == access.Specialist {
				checkTier1(t, "calls list", b.html(), s)
				b.shot("user-calls-specialist")
			}
			if b.overflowsX(narrowWidth) {
				t.Error("the calls list is wider than a narrow screen")
			}
			// The keyboard reaches the skip link first (this page sets no
			// autofocus), and the skip link leads to the content.
			b.run("tab", chromedp.KeyEvent(kb.Tab))
			if f := get(b, "focus", chromedp.Evaluate[string](`document.activeElement.textContent`)); f != "Skip to content" {
				t.Errorf("first Tab focuses %q, want the skip link", f)
			}
			b.click(`a[href^="/calls/` + s.meetingID + `"]`)
			tabs := b.texts(`nav.tabs a`)
			wantTabs := "Overview,Timeline,Participants"
			if tc.role != access.Specialist {
				wantTabs += ",Metrics,Advanced,Debug"
			}
			if strings.Join(tabs, ",") != wantTabs {
				t.Errorf("tabs %q, want %s", tabs, wantTabs)
			}
			if b.overflowsX(narrowWidth) {
				t.Error("the call page is wider than a narrow screen")
			}
			if tc.role == access.Specialist {
				b.shot("call-overview-specialist")
			} else if tc.role == access.Engineer {
				b.shot("call-overview-engineer")
			}
			for _, tab := range tabs {
				b.click(`nav.tabs a#tab-` + strings.ToLower(tab))
				if cur := b.texts(`nav.tabs a[aria-current="page"]`); len(cur) != 1 || cur[0] != tab {
					t.Errorf("after clicking %s the current tab is %q", tab, cur)
				}
				html := b.html()
				if tc.role == access.Specialist {
					checkTier1(t, "tab "+tab, html, s)
				}
				switch tab {
				case "Timeline":
					rows := b.texts(`.timeline .trow:not(.axis) .tname`)
					if len(rows) == 0 {
						t.Error("the timeline has no participants")
					}
					if n := len(b.texts(`.timeline rect.bar`)); n < len(rows) {
						t.Errorf("the timeline has %d bars for %d participants", n, len(rows))
					}
					if s.rejoin && !strings.Contains(html, "rejoined") {
						t.Error("the meeting has a rejoin the timeline does not show")
					}
					if tc.role == access.Engineer {
						b.shot("call-timeline-engineer")
					}
				case "Participants":
					if len(b.texts(`#participants tbody tr`)) == 0 {
						t.Error("no participant details")
					}
					if tc.role == access.Engineer {
						b.shot("call-participants-engineer")
					}
				case "Advanced":
					if !strings.Contains(html, s.addresses[0]) {
						t.Errorf("the advanced tab lacks %s", s.addresses[0])
					}
					if tc.role == access.Engineer {
						b.shot("call-advanced-engineer")
					}
				case "Debug":
					if !strings.Contains(html, `"sessions"`) {
						t.Error("the debug tab lacks the record")
					}
				}
			}
		})
	}
}

func TestBrowserDashboardDrillDown(t *testing.T) {
	t.Parallel()
	chromium(t)
	d := demoServer(t)
	b := newBrowser(t, d)
	b.signIn(d.tokens[access.Engineer])
	b.open("/dashboard")
	for _, h := range []string{"Poor streams over time", "By building", "By network", "By subnet", "Wi-Fi vs wired", "By device (microphone)"} {
		if !strings.Contains(b.html(), ">"+h+"<") {
			t.Errorf("the dashboard lacks %q", h)
		}
	}
	if n := len(b.texts("ul.tiles li")); n != 5 {
		t.Errorf("%d headline tiles, want 5", n)
	}
	// The trend is drawn for the screen's width, with its text at least
	// as large as the page's smallest.
	for _, width := range []int64{wideWidth, narrowWidth} {
		b.run("resize", chromedp.EmulateViewport(width, 900))
		shown := get(b, "trend", chromedp.Evaluate[[]float64](`[...document.querySelectorAll('svg.trend')].filter(s => s.getBoundingClientRect().width > 0).map(s => s.querySelector('text.axis').getBoundingClientRect().height)`))
		if len(shown) != 1 || shown[0] < 10 {
			t.Errorf("at %d px: %d trends shown, text %v px high; want one, at least 10 px", width, len(shown), shown)
		}
	}
	b.run("resize", chromedp.EmulateViewport(wideWidth, 900))
	// The page asks nothing of any other host.
	for _, u := range get(b, "resources", chromedp.Evaluate[[]string](`performance.getEntriesByType("resource").map(e => e.name)`)) {
		if !strings.HasPrefix(u, b.base+"/") {
			t.Errorf("the dashboard loads %s from another host", u)
		}
	}
	b.shot("dashboard-engineer")
	if b.overflowsX(narrowWidth) {
		t.Error("the dashboard is wider than a narrow screen")
	}
	// Filter to Wi-Fi, typed as people type it, then drill down from the
	// worst building to its poor calls and on to a call.
	b.run("filter", chromedp.SendKeys(chromedp.CSS(`input[name="f.connectionType"]`), "WiFi"))
	b.click(`form.filters[aria-label="Filters"] button[type="submit"]`)
	if v := get(b, "filter value", chromedp.Evaluate[string](`document.querySelector('input[name="f.connectionType"]').value`)); v != "WiFi" {
		t.Errorf("the connection filter reads %q after applying, want WiFi", v)
	}
	if tiles := b.texts("ul.tiles li .tvalue"); len(tiles) == 0 || tiles[0] == "0" || tiles[0] == "–" {
		t.Errorf("Wi-Fi typed as WiFi selects no streams: %q", tiles)
	}
	b.click(`section[aria-labelledby="sec-building"] table a[href^="/poor-calls"]`)
	if loc := b.location(); !strings.HasPrefix(loc, "/poor-calls?") || !strings.Contains(loc, "connectionType%3DWiFi") || !strings.Contains(loc, "building%3D") {
		t.Errorf("the drill-down led to %s, want the poor calls of the building on Wi-Fi", loc)
	}
	if len(b.texts("#poor-calls tbody tr")) == 0 {
		t.Fatal("the worst building has no poor calls")
	}
	b.shot("poor-calls-engineer")
	b.click(`#poor-calls tbody a[href^="/calls/"]`)
	if !strings.HasPrefix(b.location(), "/calls/") || len(b.texts("details.session")) == 0 {
		t.Errorf("the poor call %s shows no sessions", b.location())
	}
}

// TestBrowserReliability: the reliability report reads at both widths,
// its trend drawn once for each.
func TestBrowserReliability(t *testing.T) {
	t.Parallel()
	chromium(t)
	d := demoServer(t)
	b := newBrowser(t, d)
	b.signIn(d.tokens[access.Engineer])
	b.open("/reliability")
	if n := len(b.texts("ul.tiles li")); n != 3 {
		t.Errorf("%d headline tiles, want 3", n)
	}
	if n := len(b.texts("section.dash table tbody tr")); n < 10 {
		t.Errorf("%d rows in the report's tables", n)
	}
	b.shot("reliability-engineer")
	if b.overflowsX(narrowWidth) {
		t.Error("the reliability report is wider than a narrow screen")
	}
}

func TestBrowserBuildingUpload(t *testing.T) {
	t.Parallel()
	chromium(t)
	d := demoServer(t)
	b := newBrowser(t, d)
	b.signIn(d.tokens[access.Admin])
	b.open("/buildings")
	b.run("choose file", chromedp.SetUploadFiles(chromedp.ID("file"), []string{d.buildings}))
	b.click(`form[action="/buildings"] button[type="submit"]`)
	if got := b.texts("p.ok"); len(got) != 1 || !strings.Contains(got[0], "Building file uploaded:") {
		t.Errorf("after the upload: %q", got)
	}
	b.shot("buildings-admin")
	b.click(`a[href="/buildings/missing"]`)
	if len(b.texts("#missing tbody tr")) == 0 {
		t.Error("the missing-subnet report is empty; the generated data has unmapped subnets")
	}
	b.shot("missing-subnets-admin")
}
