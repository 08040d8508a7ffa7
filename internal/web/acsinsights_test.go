package web

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/callscope/callscope/internal/golden"
)

// TestACSInsightsGolden pins what the ACS insights page and its list of
// calls make of the API's answers (taken from a server over generated
// data): tiles, trend, explained end reasons, breakdowns with their
// links, media quality, surveys and the downloads.
func TestACSInsightsGolden(t *testing.T) {
	t.Parallel()
	s, err := New(Config{API: cannedAPI{t: t, files: map[string]string{
		"tok-engineer /api/v1/me":                "me-engineer.json",
		"tok-engineer /api/v1/reports/acs":       "acs-report-engineer.json",
		"tok-engineer /api/v1/reports/acs/calls": "acs-calls-engineer.json",
		"tok-specialist /api/v1/me":              "me-specialist.json",
		"tok-specialist /api/v1/reports/acs":     "acs-report-engineer.json",
	}}})
	if err != nil {
		t.Fatal(err)
	}
	eng := signedIn(t, s, "tok-engineer")
	for _, tc := range []struct{ name, path string }{
		{"acsinsights-engineer", "/acs?days=30"},
		{"acscalls-engineer", "/acs/calls?days=30&filter=endCode%3D410&filter=endSubCode%3D3100&filter=resultCategory%3DUnexpectedClientError"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			req.AddCookie(eng)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d:\n%s", rec.Code, rec.Body.String())
			}
			golden.Check(t, filepath.Join("testdata", tc.name+".html"), []byte(stable(rec.Body.String())))
		})
	}
	// The page itself refuses Tier 1, whatever the API would say.
	req := httptest.NewRequest(http.MethodGet, "/acs", nil)
	req.AddCookie(signedIn(t, s, "tok-specialist"))
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("specialist: %d, want 403", rec.Code)
	}
}
