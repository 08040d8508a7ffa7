package api

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestNotificationsMounted: Graph's notifications reach the receiver
// without a token, under their own route label; nothing else changes.
func TestNotificationsMounted(t *testing.T) {
	var got string
	f := newFixture(t, func(c *Config) {
		c.Notifications = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			got = r.Method + " " + string(b)
			w.WriteHeader(http.StatusAccepted)
		})
	})
	r := f.do(http.MethodPost, NotificationsPath+"?x=1", "", strings.NewReader(`{"value":[]}`))
	if r.status != http.StatusAccepted || got != `POST {"value":[]}` {
		t.Errorf("POST %s without a token: %d, the receiver got %q", NotificationsPath, r.status, got)
	}
	if !strings.Contains(f.logs.String(), "route="+NotificationsPath) {
		t.Errorf("notifications are not logged under their route:\n%s", f.logs.String())
	}
	wantError(t, f.get("/api/v1/me", ""), http.StatusUnauthorized, codeUnauthenticated)
}
