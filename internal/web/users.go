package web

import (
	"cmp"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
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
	// Recent are the users whose calls this session opened last.
	Recent []recentUser
	// CallID is the call id looked for, CallError why it was not found.
	CallID, CallError string
	Zone              *time.Location
}

type recentUser struct{ Ref, Name string }

// callIDPattern is what a call id looks like: Graph's and ACS's are
// GUIDs.
var callIDPattern = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)

// usersPage is GET /users?q=: the user search, as the API's
// GET /api/v1/users answers it for the role; ?call= opens a call by its
// id, as a caller reads it out from Teams' call details.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	in := r.URL.Query()
	q := in.Get("q")
	pd := usersPageData{Query: q, Zone: viewerZone(w, r)}
	if id := strings.ToLower(strings.TrimSpace(in.Get("call"))); id != "" {
		pd.CallID = id
		switch {
		case !callIDPattern.MatchString(id):
			pd.CallError = "A call id is a GUID, like 2f6a1c3e-8b0d-4e8a-9c1f-5d2e7b9a0c41: Teams shows it in the call's details."
		default:
			err := s.api.getJSON(r.Context(), ss.token, "/api/v1/calls/"+url.PathEscape(id), url.Values{"limit": {"1"}, "section": {"overview"}}, &struct{}{})
			if ae, ok := asAPIError(err); ok && ae.Status == http.StatusNotFound {
				pd.CallError = "No call " + id + " is stored: it may be older than the store keeps, of another tenant, or not collected yet."
			} else if err != nil {
				return err
			} else {
				http.Redirect(w, r, "/calls/"+url.PathEscape(id), http.StatusSeeOther)
				return nil
			}
		}
	}
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
	for _, rn := range s.sessions.recent(ss) {
		pd.Recent = append(pd.Recent, recentUser{Ref: rn.ref, Name: rn.name})
	}
	return s.show(w, r, ss, "users", "users", "Users", pd)
}

// callKind is a call's type as Call Analytics words it.
func callKind(callType string) string {
	switch callType {
	case "groupCall":
		return "Meeting"
	case "peerToPeer":
		return "Call"
	}
	return "Unknown"
}

// callItem is a call of a list, with its words.
type callItem struct {
	wire.CallItem
}

// Kind is the call's type as Call Analytics words it.
func (c callItem) Kind() string { return callKind(c.Type) }

// userCallRow is one call of a user's list as the page shows it.
type userCallRow struct {
	callItem
	Start string
	// Own is how the user's own sessions went; nil when not known.
	Own *wire.OwnVerdict
}

type userCallsPageData struct {
	Ref string
	// Name is the user's name as the search showed it, "" when the page
	// was opened otherwise.
	Name string
	Days int
	// Rows are the page's calls; Total the calls of the window, Poor how
	// many the user had poor, Shown how many the filter keeps.
	Rows               []userCallRow
	Total, Poor, Shown int
	PoorOnly           bool
	Columns            []breakdownColumn
	Prev, Next         string
	// DayChoices are the windows the list can show.
	DayChoices []int
	Zones      []string
	Zone       string
	// Unjudged says some calls were stored before callscope kept each
	// person's own verdict.
	Unjudged bool
}

// Limits of a user's list: the calls of the window are read whole (a
// month of a busy user is a few hundred), then filtered, sorted and
// paged here.
const (
	userCallsRead    = 1000
	userCallsPerPage = 100
)

// userCallSorts are the list's orders, by column.
var userCallSorts = []struct{ key, label string }{
	{"start", "Start"}, {"duration", "Duration"}, {"participants", "Participants"}, {"own", "Their rating"},
}

// userCallsPage is GET /users/{ref}/calls: the user's "Meetings & calls"
// of the last days from GET /api/v1/users/{ref}/calls, with how their
// own sessions went first; newest first, or sorted, or their poor calls
// only.
func (s *Server) userCallsPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	ref := r.PathValue("ref")
	in := r.URL.Query()
	days := 30
	if d, err := strconv.Atoi(in.Get("days")); err == nil && d >= 1 && d <= 30 {
		days = d
	}
	zone := viewerZone(w, r)
	var calls []wire.CallItem
	cursor := ""
	for len(calls) < userCallsRead {
		q := url.Values{"days": {strconv.Itoa(days)}, "limit": {"200"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var resp struct {
			Calls []wire.CallItem `json:"calls"`
			Next  string          `json:"next"`
		}
		if err := s.api.getJSON(r.Context(), ss.token, "/api/v1/users/"+url.PathEscape(ref)+"/calls", q, &resp); err != nil {
			return err
		}
		calls = append(calls, resp.Calls...)
		u, err := url.Parse(resp.Next)
		if resp.Next == "" || err != nil {
			break
		}
		cursor = u.Query().Get("cursor")
	}
	s.sessions.viewedUser(ss, ref)
	sortKey, asc := in.Get("sort"), in.Get("asc") == "1"
	if !slices.ContainsFunc(userCallSorts, func(c struct{ key, label string }) bool { return c.key == sortKey }) {
		sortKey, asc = "start", false
	}
	pd := userCallsPageData{Ref: ref, Name: s.sessions.nameOf(ss, ref), Days: days, DayChoices: []int{1, 7, 30},
		PoorOnly: in.Get("poor") == "1", Total: len(calls), Zones: tzChoices, Zone: zone.String()}
	rows := make([]userCallRow, 0, len(calls))
	for _, c := range calls {
		row := userCallRow{callItem: callItem{c}, Start: whenIn(c.StartDateTime, zone), Own: c.User}
		if row.Own == nil {
			pd.Unjudged = true
		}
		if row.theirRating() == model.RatingPoor {
			pd.Poor++
		} else if pd.PoorOnly {
			continue
		}
		rows = append(rows, row)
	}
	pd.Shown = len(rows)
	sortUserCalls(rows, sortKey, asc)
	page := 1
	if n, err := strconv.Atoi(in.Get("page")); err == nil && n > 1 {
		page = n
	}
	pages := max(1, (len(rows)+userCallsPerPage-1)/userCallsPerPage)
	page = min(page, pages)
	pd.Rows = rows[(page-1)*userCallsPerPage : min(len(rows), page*userCallsPerPage)]
	link := func(key string, asc bool, page int) string {
		v := url.Values{"days": {strconv.Itoa(days)}}
		if key != "start" || asc {
			v.Set("sort", key)
		}
		if asc {
			v.Set("asc", "1")
		}
		if pd.PoorOnly {
			v.Set("poor", "1")
		}
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
		return "/users/" + url.PathEscape(ref) + "/calls?" + v.Encode()
	}
	for _, c := range userCallSorts {
		col := breakdownColumn{Key: c.key, Label: c.label}
		next := false // newest, longest, largest, worst first
		if c.key == sortKey {
			col.Sorted = map[bool]string{true: "ascending", false: "descending"}[asc]
			next = !asc
		}
		col.Href = link(c.key, next, 1)
		pd.Columns = append(pd.Columns, col)
	}
	if page > 1 {
		pd.Prev = link(sortKey, asc, page-1)
	}
	if page < pages {
		pd.Next = link(sortKey, asc, page+1)
	}
	return s.show(w, r, ss, "usercalls", "users", "Meetings & calls", pd)
}

// theirRating is the user's own rating of the call, the call's when
// their own is not known.
func (r userCallRow) theirRating() model.Rating {
	if r.Own != nil && r.Own.Sessions > 0 {
		return r.Own.Rating
	}
	return r.Rating
}

// ratingRank orders ratings worst first.
func ratingRank(r model.Rating) int {
	switch r {
	case model.RatingPoor:
		return 3
	case model.RatingGood:
		return 1
	case "":
		return 0
	}
	return 2
}

// sortUserCalls sorts a user's calls by a column, descending unless asc;
// ties newest first.
func sortUserCalls(rows []userCallRow, key string, asc bool) {
	start := func(r userCallRow) int64 {
		if r.StartDateTime == nil {
			return 0
		}
		return r.StartDateTime.UnixMicro()
	}
	slices.SortStableFunc(rows, func(a, b userCallRow) int {
		var c int
		switch key {
		case "duration":
			c = compareNum(a.DurationSeconds, b.DurationSeconds)
		case "participants":
			c = cmp.Compare(a.Participants, b.Participants)
		case "own":
			c = cmp.Compare(ratingRank(a.theirRating()), ratingRank(b.theirRating()))
		default:
			c = cmp.Compare(start(a), start(b))
		}
		if !asc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(start(b), start(a)))
	})
}
