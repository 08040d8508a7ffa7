package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"
)

type userMatch struct {
	Ref         string     `json:"ref"`
	DisplayName string     `json:"displayName"`
	UPN         string     `json:"userPrincipalName"`
	UPNDomain   string     `json:"upnDomain"`
	Phone       string     `json:"phone"`
	Calls       int        `json:"calls"`
	LastCall    *time.Time `json:"lastCall"`
}

type usersPageData struct {
	Query    string
	Searched bool
	Matches  []userMatch
	Error    string
}

// usersPage is GET /users?q=: the user search, as the API's
// GET /api/v1/users answers it for the role.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	q := r.URL.Query().Get("q")
	pd := usersPageData{Query: q}
	if q != "" {
		pd.Searched = true
		var resp struct {
			Matches []userMatch `json:"matches"`
		}
		err := s.api.getJSON(r.Context(), ss.token, "/api/v1/users", url.Values{"q": {q}}, &resp)
		if ae, ok := asAPIError(err); ok && ae.Status == http.StatusBadRequest {
			// Too short a search: said on the form, not as an error page.
			pd.Error = ae.Message
		} else if err != nil {
			return err
		}
		pd.Matches = resp.Matches
		names := make([]refName, len(resp.Matches))
		for i, m := range resp.Matches {
			names[i] = refName{m.Ref, m.DisplayName}
		}
		s.sessions.remember(ss, names...)
	}
	return s.show(w, r, ss, "users", "users", "Users", pd)
}

type callItem struct {
	ID              string     `json:"id"`
	Type            string     `json:"type"`
	Source          string     `json:"source"`
	StartDateTime   *time.Time `json:"startDateTime"`
	DurationSeconds *float64   `json:"durationSeconds"`
	Participants    int        `json:"participants"`
	Modalities      []string   `json:"modalities"`
	Rating          string     `json:"rating"`
	RedIssues       int        `json:"redIssues"`
	YellowIssues    int        `json:"yellowIssues"`
	Partial         bool       `json:"partial"`
}

// Kind is the call's type as Call Analytics words it.
func (c callItem) Kind() string {
	switch c.Type {
	case "groupCall":
		return "Meeting"
	case "peerToPeer":
		return "Call"
	}
	return "Unknown"
}

type userCallsPageData struct {
	Ref string
	// Name is the user's name as the search showed it, "" when the page
	// was opened otherwise.
	Name  string
	Days  int
	Calls []callItem
	// Next is the link to the next page, "" on the last.
	Next string
	// DayChoices are the windows the list can show.
	DayChoices []int
	Poor       int
}

// userCallsPage is GET /users/{ref}/calls: the user's "Meetings & calls"
// of the last days, newest first, from GET /api/v1/users/{ref}/calls.
func (s *Server) userCallsPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	ref := r.PathValue("ref")
	in := r.URL.Query()
	days := 30
	if d, err := strconv.Atoi(in.Get("days")); err == nil && d >= 1 && d <= 30 {
		days = d
	}
	q := url.Values{"days": {strconv.Itoa(days)}, "limit": {"100"}}
	if c := in.Get("cursor"); c != "" {
		q.Set("cursor", c)
	}
	var resp struct {
		Calls []callItem `json:"calls"`
		Next  string     `json:"next"`
	}
	if err := s.api.getJSON(r.Context(), ss.token, "/api/v1/users/"+url.PathEscape(ref)+"/calls", q, &resp); err != nil {
		return err
	}
	pd := userCallsPageData{Ref: ref, Name: s.sessions.nameOf(ss, ref), Days: days, Calls: resp.Calls, DayChoices: []int{1, 7, 30}}
	for _, c := range resp.Calls {
		if c.Rating == "poor" {
			pd.Poor++
		}
	}
	if resp.Next != "" {
		if u, err := url.Parse(resp.Next); err == nil {
			pd.Next = "/users/" + url.PathEscape(ref) + "/calls?" + url.Values{"days": {strconv.Itoa(days)}, "cursor": {u.Query().Get("cursor")}}.Encode()
		}
	}
	return s.show(w, r, ss, "usercalls", "users", "Meetings & calls", pd)
}
