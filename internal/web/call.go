package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
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
	Call *wire.CallOverview
	// ID is the call's id; Modalities its modalities in words.
	ID, Modalities string
	// User is the ref of the looked-up user ("" for none), UserName their
	// name as the search showed it, BackHref the list of their calls or
	// the list the call was opened from, BackText that list's name.
	User, UserName, BackHref, BackText string
	Meeting                            bool
	Tabs                               []tab
	Tab                                string
	Sessions                           []sessionPanel
	Advanced                           []advancedSession
	Debug                              string
	// DebugHref downloads the Debug tab's JSON as a file.
	DebugHref    string
	Timeline     *timelinePanel
	Participants []participantRow
	Series       *seriesPanel
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
	var d wire.CallDetail
	raw, err := s.api.getCallRaw(r.Context(), ss.token, "/api/v1/calls/"+url.PathEscape(id), detail, &d)
	if err != nil {
		return err
	}
	if d.Overview == nil {
		return fmt.Errorf("call %s: the API sent no overview", id)
	}
	meeting := d.Overview.Type.Value() == model.CallTypeGroupCall
	pd := callPageData{Call: d.Overview, ID: id, Modalities: modalitiesText(d.Overview.Modalities), User: user, Meeting: meeting, Tab: tabName}
	origin := callOrigin{User: user, From: listFrom(q.Get("from"))}
	switch {
	case user != "":
		pd.BackHref = "/users/" + url.PathEscape(user) + "/calls"
		pd.UserName = s.sessions.nameOf(ss, user)
	case origin.From != "":
		pd.BackHref = origin.From
		pd.BackText, _ = listTitle(origin.From)
	}
	pd.Tabs = callTabs(id, origin, d.Sections, pd.Meeting, pd.Tab, cursor)
	if err := tabMissing(pd.Tabs, pd.Tab, ss.me.Role, pd.Meeting); err != nil {
		return err
	}
	pageHref := func(c string) string { return callHref(id, origin, pd.Tab, c) }
	if sessionsTab {
		n := min(d.SessionOffset+sessionsPerPage, d.SessionCount) - d.SessionOffset
		pd.Pager = pagerOf("Sessions", d.SessionOffset, max(n, 0), d.SessionCount, d.Next, pageHref)
	}
	switch pd.Tab {
	case tabOverview:
		pd.Sessions = sessionPanels(d.Overview, meeting)
	case tabAdvanced:
		pd.Advanced = advancedPanels(d.Advanced, d.Overview)
	case tabDebug:
		var sent struct {
			Debug json.RawMessage `json:"debug"`
		}
		if err := json.Unmarshal(raw, &sent); err != nil {
			return fmt.Errorf("debug of call %s: %w", id, err)
		}
		if q.Get("download") == "1" {
			return sendDebug(w, id, cursor, sent.Debug)
		}
		var buf bytes.Buffer
		if err := json.Indent(&buf, sent.Debug, "", "  "); err != nil {
			return err
		}
		pd.Debug = buf.String()
		pd.DebugHref = debugHref(id, origin, cursor)
	case tabTimeline:
		var tl wire.CallTimeline
		if err := s.api.getCall(r.Context(), ss.token, "/api/v1/calls/"+url.PathEscape(id)+"/timeline", list, &tl); err != nil {
			return err
		}
		pd.Timeline = timelineOf(tl)
		pd.Pager = pagerOf("Participants", tl.ParticipantOffset, len(tl.Participants), tl.ParticipantCount, tl.Next, pageHref)
	case tabParticipants:
		var pv wire.CallParticipants
		if err := s.api.getCall(r.Context(), ss.token, "/api/v1/calls/"+url.PathEscape(id)+"/participants", list, &pv); err != nil {
			return err
		}
		pd.Participants = participantRows(pv.Participants)
		pd.Pager = pagerOf("Participants", pv.ParticipantOffset, len(pv.Participants), pv.ParticipantCount+pv.EndpointCount, pv.Next, pageHref)
	case tabSeries:
		adv := ""
		if slices.Contains(d.Sections, tabAdvanced) {
			adv = callHref(id, origin, tabAdvanced, "")
		}
		if pd.Series, pd.Pager, err = s.seriesTab(r.Context(), ss.token, id, user, cursor, pageHref, callHref(id, origin, tabOverview, ""), adv); err != nil {
			return err
		}
	}
	title := "Call " + shortID(id)
	if pd.Meeting {
		title = "Meeting " + shortID(id)
	}
	return s.show(w, r, ss, "call", "users", title, pd)
}

// callHref is the call page's address for a tab, looking up user, at
// the page of the API's cursor ("" for the first).
func callHref(id string, o callOrigin, tabName, cursor string) string {
	v := url.Values{}
	if o.User != "" {
		v.Set("user", o.User)
	}
	if o.From != "" {
		v.Set("from", o.From)
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
func callTabs(id string, o callOrigin, sections []string, meeting bool, active, cursor string) []tab {
	keys := []string{tabOverview}
	if meeting {
		keys = append(keys, tabTimeline, tabParticipants)
	} else {
		keys = append(keys, tabParticipants)
	}
	// The series are raw client metrics: the debug section's data.
	if slices.Contains(sections, tabDebug) {
		keys = append(keys, tabSeries)
	}
	for _, sec := range []string{tabAdvanced, tabDebug} {
		if slices.Contains(sections, sec) {
			keys = append(keys, sec)
		}
	}
	out := make([]tab, 0, len(keys))
	for _, k := range keys {
		c := ""
		if pagedList(k) == pagedList(active) {
			c = cursor
		}
		out = append(out, tab{Key: k, Label: tabLabels[k], Href: callHref(id, o, k, c), Active: k == active})
	}
	return out
}

var tabLabels = map[string]string{tabOverview: "Overview", tabAdvanced: "Advanced", tabDebug: "Debug",
	tabTimeline: "Timeline", tabParticipants: "Participants", tabSeries: "Metrics"}

// tabMissing says, in plain words, why the call has no tab named key for
// the role: a tab the role may not see is 403 and says who may; a tab
// only meetings have, or none at all, is 404.
func tabMissing(tabs []tab, key, role string, meeting bool) error {
	if slices.ContainsFunc(tabs, func(t tab) bool { return t.Key == key }) {
		return nil
	}
	switch key {
	case tabAdvanced, tabDebug, tabSeries:
		what := "device names, network addresses and building data"
		switch key {
		case tabDebug:
			what = "the raw record, with DNS suffixes and Wi-Fi details"
		case tabSeries:
			what = "the clients' raw media statistics, shown with the debug data"
		}
		return &pageError{http.StatusForbidden, fmt.Sprintf("The %s tab shows %s, which the %s role may not see. "+
			"Ask a communications support engineer (Tier 2) or an administrator to look at it.", tabLabels[key], what, role)}
	case tabTimeline:
		if !meeting {
			return &pageError{http.StatusNotFound, "A call between two people has no timeline: the Overview shows its one session."}
		}
	}
	return &pageError{http.StatusNotFound, "A call page has no " + strconv.Quote(key) + " tab. Its tabs are listed above the call's details."}
}

// debugHref downloads the Debug tab's page of the record as a file.
func debugHref(id string, o callOrigin, cursor string) string {
	href := callHref(id, o, tabDebug, cursor)
	return href + "&download=1"
}

// sendDebug answers the Debug tab's JSON as a file to save, with the
// same redaction as the tab: it is the API's debug section as the tab
// got it, not another request.
func sendDebug(w http.ResponseWriter, id, cursor string, raw json.RawMessage) error {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		return fmt.Errorf("debug of call %s: %w", id, err)
	}
	buf.WriteByte('\n')
	name := "call-" + safeFileName(id) + "-debug"
	if cursor != "" {
		name += "-" + safeFileName(cursor)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name + ".json"}))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err := w.Write(buf.Bytes())
	return err
}

// safeFileName keeps letters, digits and dashes of s, for a file name.
func safeFileName(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s) && len(b) < 64; i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			b = append(b, c)
		}
	}
	return string(b)
}

func shortID(id string) string {
	if i := strings.IndexByte(id, '-'); i > 0 {
		return id[:i]
	}
	return id
}

// callOrigin is where a call page was opened from, kept by its tabs and
// pages: the looked-up user, or the list to go back to.
type callOrigin struct {
	User string
	// From is the address of the list of calls (poor or failed), with
	// its selection.
	From string
}

// listFrom is the list a call was opened from when it is one of this
// site's lists, "" otherwise: the back link goes nowhere else.
func listFrom(from string) string {
	if _, ok := listTitle(from); !ok || strings.HasPrefix(from, "//") || strings.ContainsAny(from, "\\\r\n") {
		return ""
	}
	return from
}

// listTitle is the title of the list of calls at from.
func listTitle(from string) (string, bool) {
	u, err := url.Parse(from)
	if err != nil || u.Host != "" || u.Scheme != "" || u.User != nil {
		return "", false
	}
	for _, cl := range []callList{poorCallList, failedCallList} {
		if u.Path == cl.Path {
			return cl.Title, true
		}
	}
	return "", false
}
