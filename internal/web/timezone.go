package web

import (
	"net/http"
	"time"
	// The zones are built in, so that a viewer's zone reads on a machine
	// without the system's zone files.
	_ "time/tzdata"
)

// The pages show times in the viewer's zone, picked on the page (pages
// run no script to ask the browser) and kept in a cookie; UTC until one
// is picked.

const tzCookie = "callscope_tz"

// tzChoices are the zones offered: UTC and the zones of the larger
// offices of most organizations; any IANA zone is taken from the
// address.
var tzChoices = []string{
	"UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Warsaw", "Europe/Istanbul", "Africa/Johannesburg",
	"Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
	"America/Sao_Paulo", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
}

// viewerZone is the zone a request asks for (tz=…), else the one its
// cookie keeps, else UTC; a zone asked for is kept for the next pages.
func viewerZone(w http.ResponseWriter, r *http.Request) *time.Location {
	if name := r.URL.Query().Get("tz"); name != "" {
		if loc, err := time.LoadLocation(name); err == nil {
			http.SetCookie(w, &http.Cookie{Name: tzCookie, Value: loc.String(), Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
			return loc
		}
	}
	if c, err := r.Cookie(tzCookie); err == nil {
		if loc, err := time.LoadLocation(c.Value); err == nil {
			return loc
		}
	}
	return time.UTC
}

// whenIn is a time as the lists show it, in the viewer's zone.
func whenIn(t *time.Time, loc *time.Location) string {
	if t == nil || t.IsZero() {
		return "withheld"
	}
	return t.In(loc).Format("2006-01-02 15:04 MST")
}
