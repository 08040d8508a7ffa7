package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/golden"
)

// cannedAPI answers as the API did for the files under testdata/api
// (taken from a server over generated data), so that pages render the
// same every run: the golden files pin what the pages make of the API's
// answers, and nothing else.
type cannedAPI struct {
	t testing.TB
	// files maps token and path to the file of the answer.
	files map[string]string
}

func (c cannedAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") + " " + r.URL.Path
	if r.URL.Path == "/api/v1/cqd" {
		// The dashboard asks the one route by each dimension.
		key += "?by=" + r.URL.Query().Get("by")
	}
	name, ok := c.files[key]
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"code":"not_found","message":"call not found","requestId":"test"}}`)
		return
	}
	b, err := os.ReadFile(filepath.Join("testdata", "api", name))
	if err != nil {
		c.t.Error(err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

const (
	meetingID = "7f9ab3ec-13d2-450f-be4c-b5b636bc20a5"
	p2pID     = "6d492f5a-06a1-45ef-b42d-2405867ac419"
	// pagedID is a town hall of 230 sessions and 122 participants whose
	// answers are later pages (the meeting's, renumbered).
	pagedID = "9e1c2f3a-5b6d-4e7f-8a9b-0c1d2e3f4a5b"
)

func cannedServer(t testing.TB) *Server {
	t.Helper()
	files := map[string]string{
		"tok-specialist /api/v1/me":                                   "me-specialist.json",
		"tok-engineer /api/v1/me":                                     "me-engineer.json",
		"tok-admin /api/v1/me":                                        "me-admin.json",
		"tok-admin /api/v1/collection":                                "collection-admin.json",
		"tok-specialist /api/v1/calls/" + meetingID:                   "meeting-specialist.json",
		"tok-specialist /api/v1/calls/" + meetingID + "/timeline":     "meeting-timeline-specialist.json",
		"tok-specialist /api/v1/calls/" + meetingID + "/participants": "meeting-participants-specialist.json",
		"tok-engineer /api/v1/calls/" + p2pID:                         "call-engineer.json",
		"tok-specialist /api/v1/calls/" + pagedID:                     "paged-meeting-specialist.json",
		"tok-specialist /api/v1/calls/" + pagedID + "/participants":   "paged-participants-specialist.json",
		"tok-specialist /api/v1/calls/" + pagedID + "/timeline":       "paged-timeline-specialist.json",
		"tok-engineer /api/v1/cqd?by=":                                "cqd-tiles-engineer.json",
		"tok-engineer /api/v1/poor-calls":                             "poor-calls-engineer.json",
		"tok-engineer /api/v1/failed-calls":                           "failed-calls-engineer.json",
		"tok-specialist /api/v1/users":                                "users-specialist.json",
		"tok-specialist /api/v1/users/ref_x/calls":                    "user-calls-specialist.json",
	}
	for _, by := range []string{"day", "building", "networkName", "subnet", "connectionType", "captureDevice", "mediaType"} {
		files["tok-engineer /api/v1/cqd?by="+by] = "cqd-" + by + "-engineer.json"
	}
	s, err := New(Config{API: cannedAPI{t: t, files: files}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// signedIn signs in with token and returns the session cookie.
func signedIn(t testing.TB, s *Server, token string) *http.Cookie {
	t.Helper()
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/signin", nil))
	form := rec.Result().Cookies()[0]
	csrf := csrfValue.FindStringSubmatch(rec.Body.String())[1]
	req := httptest.NewRequest(http.MethodPost, "/signin", strings.NewReader(url.Values{"csrf": {csrf}, "token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(form)
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie && c.Value != "" {
			return c
		}
	}
	t.Fatalf("sign-in with %s failed: %d %s", token, rec.Code, rec.Body.String())
	return nil
}

var csrfValue = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// stable blanks what differs between runs: the form tokens.
func stable(html string) string {
	return csrfValue.ReplaceAllString(html, `name="csrf" value="CSRF"`)
}

func TestPagesGolden(t *testing.T) {
	s := cannedServer(t)
	tokens := map[string]*http.Cookie{}
	for _, tc := range []struct {
		name, token, path string
		status            int
	}{
		{"signin", "", "/signin", http.StatusOK},
		{"meeting-overview-specialist", "tok-specialist", "/calls/" + meetingID + "?user=ref_x", http.StatusOK},
		{"meeting-timeline-specialist", "tok-specialist", "/calls/" + meetingID + "?user=ref_x&tab=timeline", http.StatusOK},
		{"meeting-participants-specialist", "tok-specialist", "/calls/" + meetingID + "?user=ref_x&tab=participants", http.StatusOK},
		{"call-overview-engineer", "tok-engineer", "/calls/" + p2pID, http.StatusOK},
		{"call-advanced-engineer", "tok-engineer", "/calls/" + p2pID + "?tab=advanced", http.StatusOK},
		{"call-debug-engineer", "tok-engineer", "/calls/" + p2pID + "?tab=debug", http.StatusOK},
		{"call-not-found", "tok-engineer", "/calls/nope", http.StatusNotFound},
		{"collection-admin", "tok-admin", "/collection", http.StatusOK},
		{"paged-overview-specialist", "tok-specialist", "/calls/" + pagedID + "?user=ref_x&cursor=bzUw", http.StatusOK},
		{"paged-participants-specialist", "tok-specialist", "/calls/" + pagedID + "?user=ref_x&tab=participants&cursor=bzEwMA", http.StatusOK},
		{"paged-timeline-specialist", "tok-specialist", "/calls/" + pagedID + "?user=ref_x&tab=timeline&cursor=bzExOA", http.StatusOK},
		{"dashboard-engineer", "tok-engineer", "/dashboard", http.StatusOK},
		{"breakdown-engineer", "tok-engineer", "/dashboard/breakdown?by=subnet&sort=streams", http.StatusOK},
		{"poor-calls-engineer", "tok-engineer", "/poor-calls", http.StatusOK},
		{"failed-calls-engineer", "tok-engineer", "/reliability/calls?filter=failureStage%3DcallSetup", http.StatusOK},
		{"users-specialist", "tok-specialist", "/users?q=Nathan", http.StatusOK},
		{"user-calls-specialist", "tok-specialist", "/users/ref_x/calls", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			if tc.token != "" {
				if tokens[tc.token] == nil {
					tokens[tc.token] = signedIn(t, s, tc.token)
				}
				req.AddCookie(tokens[tc.token])
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d:\n%s", rec.Code, tc.status, rec.Body.String())
			}
			golden.Check(t, filepath.Join("testdata", tc.name+".html"), []byte(stable(rec.Body.String())))
		})
	}
}

func TestTabsFollowSections(t *testing.T) {
	s := cannedServer(t)
	spec := signedIn(t, s, "tok-specialist")
	f := func(path string, want int) {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(spec)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("GET %s: %d, want %d", path, rec.Code, want)
		}
		if strings.Contains(rec.Body.String(), "tab=advanced") || strings.Contains(rec.Body.String(), "tab=debug") {
			t.Errorf("GET %s offers a tab the API sent no section for", path)
		}
	}
	f("/calls/"+meetingID, http.StatusOK)
	// A tab the role may not see is refused, not missing.
	f("/calls/"+meetingID+"?tab=advanced", http.StatusForbidden)
	f("/calls/"+meetingID+"?tab=debug", http.StatusForbidden)
	f("/calls/"+meetingID+"?tab=debug&download=1", http.StatusForbidden)
	f("/calls/"+meetingID+"?tab=nonsense", http.StatusNotFound)
}
