package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
)

func TestSignInCookie(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	p := v.signIn(d.tokens[access.Engineer])
	if loc := p.header.Get("Location"); loc != "/users" {
		t.Errorf("after sign-in: Location %q, want /users", loc)
	}
	var sess *http.Cookie
	for _, c := range (&http.Response{Header: p.header}).Cookies() {
		if c.Name == "callscope_session" {
			sess = c
		}
	}
	switch {
	case sess == nil:
		t.Fatalf("no session cookie set: %v", p.header["Set-Cookie"])
	case !sess.HttpOnly:
		t.Error("session cookie is not HttpOnly")
	case sess.SameSite != http.SameSiteStrictMode:
		t.Errorf("session cookie SameSite = %v, want Strict", sess.SameSite)
	case sess.Path != "/":
		t.Errorf("session cookie Path = %q", sess.Path)
	case len(sess.Value) < 40:
		t.Errorf("session id %q is too short to be unguessable", sess.Value)
	case strings.Contains(sess.Value, d.tokens[access.Engineer]):
		t.Error("the session cookie carries the API token")
	}
	got := v.get("/users")
	if got.status != http.StatusOK {
		t.Errorf("GET /users signed in: %d", got.status)
	}
	// Nothing from another origin, no script, no framing.
	if csp := got.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if got.header.Get("Cache-Control") != "no-store" {
		t.Errorf("a page with personal data may be cached: Cache-Control %q", got.header.Get("Cache-Control"))
	}
}

func TestSignInRefused(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	f := func(name string, withCookie bool, field, token string, want int) {
		t.Helper()
		v := newVisitor(t, d)
		csrf := field
		if withCookie {
			form := v.get("/signin")
			if field == "" {
				csrf = form.csrf(t)
			}
		}
		if field == "-" {
			csrf = ""
		}
		p := v.post("/signin", url.Values{"csrf": {csrf}, "token": {token}})
		if p.status != want {
			t.Errorf("%s: status %d, want %d:\n%s", name, p.status, want, p.body)
		}
		if got := v.get("/users"); got.status != http.StatusSeeOther {
			t.Errorf("%s: signed in after all (GET /users %d)", name, got.status)
		}
	}
	f("no form token", true, "-", d.tokens[access.Admin], http.StatusForbidden)
	f("wrong form token", true, "forged-by-another-site-xxxxxxxxxxxxxxxxxxxxxxxxx", d.tokens[access.Admin], http.StatusForbidden)
	f("form token without its cookie", false, "forged", d.tokens[access.Admin], http.StatusForbidden)
	f("unknown API token", true, "", "cs_not_a_token", http.StatusUnauthorized)
	f("no API token", true, "", "", http.StatusBadRequest)
}

func TestSignOut(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Specialist])
	users := v.get("/users")
	// Without the CSRF token: refused, and still signed in.
	if p := v.post("/signout", url.Values{}); p.status != http.StatusForbidden {
		t.Errorf("sign-out without CSRF token: %d, want 403", p.status)
	}
	if p := v.post("/signout", url.Values{"csrf": {"wrong"}}); p.status != http.StatusForbidden {
		t.Errorf("sign-out with a wrong CSRF token: %d, want 403", p.status)
	}
	if p := v.get("/users"); p.status != http.StatusOK {
		t.Fatalf("a refused sign-out signed out: %d", p.status)
	}
	old := v.c.Jar.Cookies(mustURL(t, d.base))
	p := v.post("/signout", url.Values{"csrf": {users.csrf(t)}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/signin" {
		t.Fatalf("sign-out: %d %q", p.status, p.header.Get("Location"))
	}
	if !strings.Contains(strings.Join(p.header["Set-Cookie"], "\n"), "callscope_session=; Path=/; Max-Age=0") {
		t.Errorf("sign-out did not clear the cookie: %v", p.header["Set-Cookie"])
	}
	// The old session id is dead on the server too, not only forgotten
	// by the browser.
	replay := newVisitor(t, d)
	replay.c.Jar.SetCookies(mustURL(t, d.base), old)
	if p := replay.get("/users"); p.status != http.StatusSeeOther || !strings.HasPrefix(p.header.Get("Location"), "/signin") {
		t.Errorf("the signed-out session still works: %d %q", p.status, p.header.Get("Location"))
	}
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// navRE finds the main navigation's links.
var navRE = regexp.MustCompile(`(?s)<nav aria-label="Main">(.*?)</nav>`)

func TestNavigationByRole(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	for _, tc := range []struct {
		role     access.Role
		has, not []string
	}{
		{access.Specialist, []string{`href="/users"`}, []string{`href="/dashboard"`, `href="/poor-calls"`, `href="/reliability"`, `href="/buildings"`}},
		{access.Engineer, []string{`href="/users"`, `href="/dashboard"`, `href="/poor-calls"`, `href="/reliability"`}, []string{`href="/buildings"`}},
		{access.Admin, []string{`href="/users"`, `href="/dashboard"`, `href="/poor-calls"`, `href="/buildings"`}, nil},
	} {
		t.Run(string(tc.role), func(t *testing.T) {
			v := newVisitor(t, d)
			v.signIn(d.tokens[tc.role])
			m := navRE.FindStringSubmatch(v.get("/users").body)
			if m == nil {
				t.Fatal("no main navigation")
			}
			for _, h := range tc.has {
				if !strings.Contains(m[1], h) {
					t.Errorf("navigation lacks %s", h)
				}
			}
			for _, h := range tc.not {
				if strings.Contains(m[1], h) {
					t.Errorf("navigation offers %s, which the role may not use", h)
				}
			}
		})
	}
}

func TestPagesByRole(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	visitors := map[access.Role]*visitor{}
	for _, r := range access.Roles() {
		visitors[r] = newVisitor(t, d)
		visitors[r].signIn(d.tokens[r])
	}
	f := func(role access.Role, path string, want int) {
		t.Helper()
		if got := visitors[role].get(path); got.status != want {
			t.Errorf("%s GET %s: %d, want %d", role, path, got.status, want)
		}
	}
	for _, path := range []string{"/dashboard", "/poor-calls", "/reliability", "/dashboard/breakdown?by=building", "/dashboard/download?by=building&format=csv", "/buildings", "/buildings/missing"} {
		f(access.Specialist, path, http.StatusForbidden)
	}
	f(access.Engineer, "/dashboard", http.StatusOK)
	f(access.Engineer, "/poor-calls", http.StatusOK)
	f(access.Engineer, "/buildings", http.StatusForbidden)
	f(access.Engineer, "/buildings/missing", http.StatusForbidden)
	f(access.Engineer, "/buildings/file.csv", http.StatusForbidden)
	for _, path := range []string{"/users", "/dashboard", "/dashboard?fdim=platform&fval=windows&f.mediaType=audio", "/dashboard/breakdown?by=platform", "/poor-calls", "/buildings", "/buildings/missing"} {
		f(access.Admin, path, http.StatusOK)
	}
	f(access.Admin, "/no-such-page", http.StatusNotFound)
	f(access.Admin, "/calls/no-such-call", http.StatusNotFound)

	// Without a session every page sends to the sign-in, and back.
	anon := newVisitor(t, d)
	p := anon.get("/dashboard?days=7")
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/signin?next=%2Fdashboard%3Fdays%3D7" {
		t.Errorf("anonymous GET /dashboard: %d %q", p.status, p.header.Get("Location"))
	}
}

func TestSpecialistSeesOneName(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	s := pickSubject(t, d)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Specialist])
	search := v.get("/users?q=" + url.QueryEscape(s.name))
	ref := regexp.MustCompile(`href="/users/(ref_[^/"]+)/calls">` + regexp.QuoteMeta(s.name)).FindStringSubmatch(search.body)
	if ref == nil {
		t.Fatalf("the search for %q does not list them:\n%s", s.name, search.body)
	}
	list := v.get("/users/" + ref[1] + "/calls")
	if !strings.Contains(list.body, "/calls/"+s.meetingID+"?user=") {
		t.Fatalf("the list lacks meeting %s", s.meetingID)
	}
	checkTier1(t, "calls list", list.body, s)
	if !strings.Contains(list.body, "<h1>Meetings &amp; calls of "+s.name+"</h1>") {
		t.Errorf("the calls list does not say whose calls it shows (%s)", s.name)
	}
	for _, tab := range []string{"", "timeline", "participants"} {
		p := v.get("/calls/" + s.meetingID + "?user=" + ref[1] + "&tab=" + tab)
		if p.status != http.StatusOK {
			t.Fatalf("tab %q: %d", tab, p.status)
		}
		checkTier1(t, "tab "+tab, p.body, s)
		if !strings.Contains(p.body, s.name) {
			t.Errorf("tab %q does not name the looked-up user %q", tab, s.name)
		}
		for _, hidden := range []string{"tab=advanced", "tab=debug", ">Advanced<", ">Debug<"} {
			if strings.Contains(p.body, hidden) {
				t.Errorf("tab %q offers %s to Tier 1", tab, hidden)
			}
		}
	}
	for _, tab := range []string{"advanced", "debug"} {
		if p := v.get("/calls/" + s.meetingID + "?user=" + ref[1] + "&tab=" + tab); p.status != http.StatusForbidden {
			t.Errorf("Tier 1 ?tab=%s: %d, want 403", tab, p.status)
		}
	}
}

func TestEngineerTabs(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	s := pickSubject(t, d)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	p := v.get("/calls/" + s.meetingID)
	for _, tab := range []string{"Overview", "Timeline", "Participants", "Advanced", "Debug"} {
		if !strings.Contains(p.body, `id="tab-`+strings.ToLower(tab)+`"`) {
			t.Errorf("engineer's call page lacks the %s tab", tab)
		}
	}
	// Every metric outside its range is marked with its reason: a poor
	// meeting has a red one.
	if !regexp.MustCompile(`(?s)<td class="mark red">[^<]+<span class="finding red"><span class="badge red"><span aria-hidden="true">✖</span> Red</span><span class="why">[^<]+</span>`).MatchString(p.body) {
		t.Error("no metric marked red with its reason in a poor meeting's overview")
	}
	adv := v.get("/calls/" + s.meetingID + "?tab=advanced")
	if !strings.Contains(adv.body, s.addresses[0]) {
		t.Errorf("the advanced tab lacks the address %s", s.addresses[0])
	}
	for _, name := range s.otherNames {
		if !strings.Contains(p.body, name) {
			t.Errorf("engineer's overview lacks participant %q", name)
		}
	}
}

func TestPageViewsAudited(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	s := pickSubject(t, d)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Specialist])
	if p := v.get("/calls/" + s.meetingID + "?tab=participants"); p.status != http.StatusOK {
		t.Fatalf("call page: %d", p.status)
	}
	var log struct {
		Entries []struct{ Actor, Action, Subject, Role string }
	}
	apiGet(t, d, access.Admin, "/api/v1/audit?actor="+url.QueryEscape("test specialist")+"&limit=1000", &log)
	for _, e := range log.Entries {
		if e.Action == "view-call" && e.Subject == s.meetingID && e.Role == "specialist" {
			return
		}
	}
	t.Errorf("the audit log does not record the specialist viewing %s: %+v", s.meetingID, log.Entries)
}

// upload posts a building file through the page's form.
func upload(t *testing.T, v *visitor, csrf, name string, content []byte) page {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if csrf != "" {
		mw.WriteField("csrf", csrf)
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, v.base+"/buildings", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return v.do(req)
}

func TestBuildingUploadForm(t *testing.T) {
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Admin])
	csrf := v.get("/buildings").csrf(t)
	good, err := os.ReadFile(d.buildings)
	if err != nil {
		t.Fatal(err)
	}
	if p := upload(t, v, "", "buildings.csv", good); p.status != http.StatusForbidden {
		t.Errorf("upload without CSRF token: %d, want 403", p.status)
	}
	bad := upload(t, v, csrf, "bad.csv", []byte("10.0.0.0,Net,24,HQ\nnot an address,x,99\n"))
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "line 1") || !strings.Contains(bad.body, "line 2") {
		t.Errorf("a bad file: %d, want 422 with its problems by line:\n%s", bad.status, bad.body)
	}
	ok := upload(t, v, csrf, "buildings.csv", good)
	rows := strings.Count(strings.TrimSpace(string(good)), "\n") + 1
	if ok.status != http.StatusOK || !strings.Contains(ok.body, "Building file uploaded: ") {
		t.Errorf("a good file: %d:\n%s", ok.status, ok.body)
	}
	if !regexp.MustCompile(`uploaded: ` + strconv.Itoa(rows) + ` rows`).MatchString(ok.body) {
		t.Errorf("the upload does not report %d rows", rows)
	}
	// The active file comes back as it went in, row for row.
	csv := v.get("/buildings/file.csv")
	if csv.status != http.StatusOK || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") ||
		strings.Count(strings.TrimSpace(csv.body), "\n")+1 != rows {
		t.Errorf("download: %d %s, %d lines, want %d", csv.status, csv.header.Get("Content-Type"), strings.Count(csv.body, "\n"), rows)
	}
	// An engineer may not upload, even with a valid form of their own.
	e := newVisitor(t, d)
	e.signIn(d.tokens[access.Engineer])
	if p := upload(t, e, e.get("/users").csrf(t), "buildings.csv", good); p.status != http.StatusForbidden {
		t.Errorf("engineer upload: %d, want 403", p.status)
	}
}

func TestRevokedTokenEndsSession(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	ctx := context.Background()
	secret, tok, err := auth.Tokens{Store: d.st}.Create(ctx, "short-lived", access.Engineer, []string{demoTenant})
	if err != nil {
		t.Fatal(err)
	}
	v := newVisitor(t, d)
	v.signIn(secret)
	if p := v.get("/dashboard"); p.status != http.StatusOK {
		t.Fatalf("dashboard: %d", p.status)
	}
	if err := d.st.RevokeToken(ctx, tok.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	// The session holds no rights of its own: the API refuses the token,
	// and the page signs the session out.
	p := v.get("/dashboard")
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/signin" {
		t.Errorf("after revocation: %d %q, want a new sign-in", p.status, p.header.Get("Location"))
	}
	if p := v.get("/users"); p.status != http.StatusSeeOther {
		t.Errorf("the session outlived its token: %d", p.status)
	}
}

func TestFormBodiesCapped(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Admin])
	csrf := v.get("/users").csrf(t)
	// A sign-out form of a megabyte is refused, and signs nobody out.
	p := v.post("/signout", url.Values{"csrf": {csrf}, "pad": {strings.Repeat("x", 1<<20)}})
	if p.status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized form: %d, want 413", p.status)
	}
	if p := v.get("/users"); p.status != http.StatusOK {
		t.Errorf("an oversized form signed out: %d", p.status)
	}
}

func TestDashboardBadFilter(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	// A filter the vocabulary does not know is said on the page, with the
	// filter there to remove.
	p := v.get("/dashboard?filter=" + url.QueryEscape("nosuchdimension=x"))
	if p.status != http.StatusOK || !strings.Contains(p.body, "The selection was refused") || !strings.Contains(p.body, "Remove filter nosuchdimension=x") {
		t.Errorf("bad filter: %d\n%s", p.status, p.body)
	}
	good := v.get("/dashboard?filter=" + url.QueryEscape("connectionType=wifi") + "&filter=" + url.QueryEscape("platform=windows"))
	if good.status != http.StatusOK || strings.Contains(good.body, "refused") || !strings.Contains(good.body, `name="f.connectionType" value="wifi"`) ||
		!strings.Contains(good.body, "Remove filter platform=windows") {
		t.Errorf("good filters: %d, the bar's field and the other filter's chip not shown", good.status)
	}
}

func TestDayDrillDown(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	dash := v.get("/dashboard")
	m := regexp.MustCompile(`href="(/poor-calls\?day=(\d{4}-\d\d-\d\d)&amp;days=30)"`).FindAllStringSubmatch(dash.body, -1)
	if len(m) < 20 {
		t.Fatalf("%d days lead to their poor calls, want one per day of the window", len(m))
	}
	// The busiest days have poor calls; each listed call started that day.
	found := false
	for _, day := range m {
		p := v.get(strings.ReplaceAll(day[1], "&amp;", "&"))
		if p.status != http.StatusOK || !strings.Contains(p.body, "on "+day[2]+" (UTC)") {
			t.Fatalf("%s: %d", day[1], p.status)
		}
		starts := regexp.MustCompile(`<td class="when">(\d{4}-\d\d-\d\d) `).FindAllStringSubmatch(p.body, -1)
		for _, s := range starts {
			found = true
			if s[1] != day[2] {
				t.Errorf("the poor calls of %s list one of %s", day[2], s[1])
			}
		}
		if found {
			break
		}
	}
	if !found {
		t.Error("no day of the window has poor calls")
	}
}

// TestDashboardPercentiles: each breakdown gives the 95th percentiles of
// jitter and round trip beside poor %, in milliseconds.
func TestDashboardPercentiles(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	dash := v.get("/dashboard")
	if dash.status != http.StatusOK || !strings.Contains(dash.body, ">Jitter p95</th>") || !strings.Contains(dash.body, ">Round trip p95</th>") {
		t.Fatalf("no percentile columns on the dashboard (%d)", dash.status)
	}
	cells := regexp.MustCompile(`<td class="num">(\d+) ms</td>`).FindAllStringSubmatch(dash.body, -1)
	if len(cells) < 20 {
		t.Fatalf("only %d percentile cells with a value", len(cells))
	}
	for _, c := range cells {
		if n, _ := strconv.Atoi(c[1]); n > 10000 {
			t.Errorf("a percentile of %s ms is beyond the histogram's range", c[1])
		}
	}
}
