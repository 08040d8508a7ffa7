package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDebugDownload(t *testing.T) {
	s := cannedServer(t)
	get := func(token, path string) *httptest.ResponseRecorder {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(signedIn(t, s, token))
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	rec := get("tok-engineer", "/calls/"+p2pID+"?tab=debug&download=1")
	if rec.Code != http.StatusOK {
		t.Fatalf("download: %d %s", rec.Code, rec.Body.String())
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename=call-`+p2pID+`-debug.json` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	// The file is the tab's record, as the API sent it.
	var rec2 struct {
		ID       string `json:"id"`
		Sessions []any  `json:"sessions"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &rec2); err != nil || rec2.ID != p2pID || len(rec2.Sessions) == 0 {
		t.Errorf("downloaded %.200s (%v)", rec.Body.String(), err)
	}
	page := get("tok-engineer", "/calls/"+p2pID+"?tab=debug").Body.String()
	if !strings.Contains(page, `href="/calls/`+p2pID+`?tab=debug&amp;download=1"`) {
		t.Error("the Debug tab offers no download")
	}
	refused := get("tok-specialist", "/calls/"+meetingID+"?tab=advanced")
	if refused.Code != http.StatusForbidden || !strings.Contains(refused.Body.String(), "may not see") {
		t.Errorf("a specialist's Advanced tab: %d %.300s", refused.Code, refused.Body.String())
	}
}
