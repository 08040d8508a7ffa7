package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Tabs of the call page. Overview is every role's; Advanced and Debug
// exist only when the API sent those sections (it sends what the role
// may see); Timeline and Participants are a meeting's.
const (
	tabOverview     = "overview"
	tabAdvanced     = "advanced"
	tabDebug        = "debug"
	tabTimeline     = "timeline"
	tabParticipants = "participants"
)

type tab struct {
	Key, Label, Href string
	Active           bool
}

type callPageData struct {
	Call *overviewView
	// User is the ref of the looked-up user ("" for none), UserName their
	// name as the search showed it, BackHref the list of their calls.
	User, UserName, BackHref string
	Meeting                  bool
	Tabs                     []tab
	Tab                      string
	Sessions                 []sessionPanel
	Advanced                 []advancedSession
	Debug                    string
	Timeline                 *timelinePanel
}

// callPage is GET /calls/{id}?user=REF&tab=…: one call as the API shows
// it to the session's role, looking up that user.
func (s *Server) callPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	id := r.PathValue("id")
	q := r.URL.Query()
	user := q.Get("user")
	api := url.Values{}
	if user != "" {
		api.Set("user", user)
	}
	var d callDetail
	if err := s.api.getJSON(r.Context(), ss.token, "/api/v1/calls/"+url.PathEscape(id), api, &d); err != nil {
		return err
	}
	if d.Overview == nil {
		return fmt.Errorf("call %s: the API sent no overview", id)
	}
	pd := callPageData{Call: d.Overview, User: user, Meeting: d.Overview.Type == "groupCall"}
	if user != "" {
		pd.BackHref = "/users/" + url.PathEscape(user) + "/calls"
		pd.UserName = s.sessions.nameOf(ss, user)
	}
	pd.Tab = q.Get("tab")
	if pd.Tab == "" {
		pd.Tab = tabOverview
	}
	pd.Tabs = callTabs(id, user, d.Sections, pd.Meeting, pd.Tab)
	if !slices.ContainsFunc(pd.Tabs, func(t tab) bool { return t.Key == pd.Tab }) {
		return &pageError{http.StatusNotFound, "This call has no " + pd.Tab + " tab for your role."}
	}
	switch pd.Tab {
	case tabOverview:
		pd.Sessions = sessionPanels(d.Overview)
	case tabAdvanced:
		adv, err := advancedPanels(d.Advanced, d.Overview)
		if err != nil {
			return err
		}
		pd.Advanced = adv
	case tabDebug:
		var buf bytes.Buffer
		if err := json.Indent(&buf, d.Debug, "", "  "); err != nil {
			return err
		}
		pd.Debug = buf.String()
	case tabTimeline:
		var tl timelineView
		if err := s.api.getJSON(r.Context(), ss.token, "/api/v1/calls/"+url.PathEscape(id)+"/timeline", api, &tl); err != nil {
			return err
		}
		pd.Timeline = timelineOf(tl)
	}
	title := "Call " + shortID(id)
	if pd.Meeting {
		title = "Meeting " + shortID(id)
	}
	return s.show(w, r, ss, "call", "users", title, pd)
}

// callTabs lists the tabs the call has for the role: sections are the
// API's word on what the role may see.
func callTabs(id, user string, sections []string, meeting bool, active string) []tab {
	keys := []string{tabOverview}
	if meeting {
		keys = append(keys, tabTimeline, tabParticipants)
	} else {
		keys = append(keys, tabParticipants)
	}
	for _, sec := range []string{tabAdvanced, tabDebug} {
		if slices.Contains(sections, sec) {
			keys = append(keys, sec)
		}
	}
	out := make([]tab, 0, len(keys))
	for _, k := range keys {
		v := url.Values{}
		if user != "" {
			v.Set("user", user)
		}
		if k != tabOverview {
			v.Set("tab", k)
		}
		href := "/calls/" + url.PathEscape(id)
		if len(v) > 0 {
			href += "?" + v.Encode()
		}
		out = append(out, tab{Key: k, Label: humanize(k), Href: href, Active: k == active})
	}
	return out
}

func shortID(id string) string {
	if i := strings.IndexByte(id, '-'); i > 0 {
		return id[:i]
	}
	return id
}
