package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
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
	Participants             []participantView
	// Pager places the tab's page in its list: sessions in the Overview,
	// Advanced and Debug tabs, participants in the Participants and
	// Timeline tabs. Nil when the list fits one page.
	Pager *pager
}

// sessionTabs page the call's sessions, the others its participants: a
// tab link keeps the page's cursor only to a tab of the same list.
var sessionTabs = []string{tabOverview, tabAdvanced, tabDebug}

// callPage is GET /calls/{id}?user=REF&tab=…&cursor=…: one call as the
// API shows it to the session's role, looking up that user, a page of
// its sessions or participants at a time (cursor is the API's).
func (s *Server) callPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	id := r.PathValue("id")
	q := r.URL.Query()
	user, cursor := q.Get("user"), q.Get("cursor")
	tabName := q.Get("tab")
	if tabName == "" {
		tabName = tabOverview
	}
	sessionsTab := slices.Contains(sessionTabs, tabName)
	// The detail holds the header and the tabs the role has, and the
	// page of sessions of a tab of sessions; a tab of participants needs
	// one session of it, and asks its own route for its page.
	detail := url.Values{"limit": {"1"}}
	list := url.Values{"limit": {strconv.Itoa(participantsPerPage)}}
	if user != "" {
		detail.Set("user", user)
		list.Set("user", user)
	}
	page := list
	if sessionsTab {
		detail.Set("limit", strconv.Itoa(sessionsPerPage))
		page = detail
	}
	if cursor != "" {
		page.Set("cursor", cursor)
	}
	if tabName != tabAdvanced && tabName != tabDebug {
		detail.Set("section", tabOverview)
	}
	var d callDetail
	if err := s.api.getJSON(r.Context(), ss.token, "/api/v1/calls/"+url.PathEscape(id), detail, &d); err != nil {
		return err
	}
	if d.Overview == nil {
		return fmt.Errorf("call %s: the API sent no overview", id)
	}
	pd := callPageData{Call: d.Overview, User: user, Meeting: d.Overview.Type == "groupCall", Tab: tabName}
	if user != "" {
		pd.BackHref = "/users/" + url.PathEscape(user) + "/calls"
		pd.UserName = s.sessions.nameOf(ss, user)
	}
	pd.Tabs = callTabs(id, user, d.Sections, pd.Meeting, pd.Tab, cursor)
	if !slices.ContainsFunc(pd.Tabs, func(t tab) bool { return t.Key == pd.Tab }) {
		return &pageError{http.StatusNotFound, "This call has no " + pd.Tab + " tab for your role."}
	}
	pageHref := func(c string) string { return callHref(id, user, pd.Tab, c) }
	if sessionsTab {
		n := min(d.SessionOffset+sessionsPerPage, d.SessionCount) - d.SessionOffset
		pd.Pager = pagerOf("Sessions", d.SessionOffset, max(n, 0), d.SessionCount, d.Next, pageHref)
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
		if err := s.api.getJSON(r.Context(), ss.token, "/api/v1/calls/"+url.PathEscape(id)+"/timeline", list, &tl); err != nil {
			return err
		}
		pd.Timeline = timelineOf(tl)
		pd.Pager = pagerOf("Participants", tl.ParticipantOffset, len(tl.Participants), tl.ParticipantCount, tl.Next, pageHref)
	case tabParticipants:
		var pv participantsView
		if err := s.api.getJSON(r.Context(), ss.token, "/api/v1/calls/"+url.PathEscape(id)+"/participants", list, &pv); err != nil {
			return err
		}
		pd.Participants = pv.Participants
		pd.Pager = pagerOf("Participants", pv.ParticipantOffset, len(pv.Participants), pv.ParticipantCount+pv.EndpointCount, pv.Next, pageHref)
	}
	title := "Call " + shortID(id)
	if pd.Meeting {
		title = "Meeting " + shortID(id)
	}
	return s.show(w, r, ss, "call", "users", title, pd)
}

// callHref is the call page's address for a tab, looking up user, at
// the page of the API's cursor ("" for the first).
func callHref(id, user, tabName, cursor string) string {
	v := url.Values{}
	if user != "" {
		v.Set("user", user)
	}
	if tabName != tabOverview {
		v.Set("tab", tabName)
	}
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	href := "/calls/" + url.PathEscape(id)
	if len(v) > 0 {
		href += "?" + v.Encode()
	}
	return href
}

// callTabs lists the tabs the call has for the role: sections are the
// API's word on what the role may see. A tab that pages the same list
// as the active one opens at the same page (cursor).
func callTabs(id, user string, sections []string, meeting bool, active, cursor string) []tab {
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
		c := ""
		if slices.Contains(sessionTabs, k) == slices.Contains(sessionTabs, active) {
			c = cursor
		}
		out = append(out, tab{Key: k, Label: humanize(k), Href: callHref(id, user, k, c), Active: k == active})
	}
	return out
}

func shortID(id string) string {
	if i := strings.IndexByte(id, '-'); i > 0 {
		return id[:i]
	}
	return id
}
