package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/golden"
)

// telephonyCanned answers the telephony pages' asks from the files under
// testdata/api that TestTelephonyCannedAnswers takes from a server over
// the generated month: by route, grouping, and whether the window is the
// one before.
type telephonyCanned struct{ t testing.TB }

func (c telephonyCanned) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	name := ""
	switch {
	case r.URL.Path == "/api/v1/me":
		name = "me-engineer.json"
	case r.URL.Path == "/api/v1/reports/pstn" && q.Has("until") && strings.Contains(strings.Join(q["filter"], " "), "kind=directRouting"):
		name = "tel-dr-prev.json"
	case r.URL.Path == "/api/v1/reports/pstn" && q.Has("until"):
		name = "tel-pstn-prev.json"
	case r.URL.Path == "/api/v1/reports/pstn":
		name = "tel-pstn-" + q.Get("by") + ".json"
	case r.URL.Path == "/api/v1/reports/direct-routing":
		name = "tel-dr.json"
	case r.URL.Path == "/api/v1/reports/usage-rows":
		name = "tel-rows.json"
	}
	b, err := os.ReadFile(filepath.Join("testdata", "api", name))
	if err != nil {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"code":"not_found","message":"no canned answer","requestId":"test"}}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// TestTelephonyPagesGolden pins what the telephony pages make of the
// API's answers: tiles against the window before, the trends, the
// tables with their bars, links and downloads, and the usage rows.
func TestTelephonyPagesGolden(t *testing.T) {
	t.Parallel()
	end := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	s, err := New(Config{API: telephonyCanned{t}, Now: func() time.Time { return end }})
	if err != nil {
		t.Fatal(err)
	}
	eng := signedIn(t, s, "tok-engineer")
	for _, tc := range []struct{ name, path string }{
		{"telephony-engineer", "/telephony?days=30"},
		{"direct-routing-engineer", "/telephony/direct-routing?days=30"},
		{"usage-rows-engineer", "/telephony/rows?days=30&filter=kind%3DdirectRouting&filter=trunk%3Dsbc2-us.contoso.com"},
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
}
