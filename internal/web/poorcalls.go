package web

import (
	"net/http"
	"net/url"
	"time"
)

type poorCallItem struct {
	ID            string     `json:"id"`
	Type          string     `json:"type"`
	StartDateTime *time.Time `json:"startDateTime"`
	Rating        string     `json:"rating"`
	Streams       int        `json:"streams"`
	PoorStreams   int        `json:"poorStreams"`
	PoorSessions  int        `json:"poorSessions"`
	PoorDueTo     []string   `json:"poorDueTo"`
}

// Kind is the call's type as Call Analytics words it.
func (c poorCallItem) Kind() string { return callItem{Type: c.Type}.Kind() }

type poorCallsPageData struct {
	Q         dashQuery
	Filters   []filterChip
	Calls     []poorCallItem
	Next      string
	Dashboard string
	// AllDays is the list over the whole window, when narrowed to a day.
	AllDays string
}

// poorCallsPage is GET /poor-calls?filter=…: the organization's calls
// with poor streams among those the filters select, newest first, from
// GET /api/v1/poor-calls, each leading to its detail.
func (s *Server) poorCallsPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	in := r.URL.Query()
	d := readDashQuery(in)
	q := d.apiValues()
	q.Set("limit", "50")
	if c := in.Get("cursor"); c != "" {
		q.Set("cursor", c)
	}
	var resp struct {
		Calls []poorCallItem `json:"calls"`
		Next  string         `json:"next"`
	}
	if err := s.api.getJSON(r.Context(), ss.token, "/api/v1/poor-calls", q, &resp); err != nil {
		return err
	}
	pd := poorCallsPageData{Q: d, Calls: resp.Calls, Dashboard: "/dashboard?" + d.onDay("").values().Encode()}
	if d.Day != "" {
		pd.AllDays = "/poor-calls?" + d.onDay("").values().Encode()
	}
	for _, f := range d.Filters {
		rest := dashQuery{Days: d.Days, Day: d.Day}
		for _, g := range d.Filters {
			if g != f {
				rest.Filters = append(rest.Filters, g)
			}
		}
		pd.Filters = append(pd.Filters, filterChip{Filter: f, Remove: "/poor-calls?" + rest.values().Encode()})
	}
	if resp.Next != "" {
		if u, err := url.Parse(resp.Next); err == nil {
			nv := d.values()
			nv.Set("cursor", u.Query().Get("cursor"))
			pd.Next = "/poor-calls?" + nv.Encode()
		}
	}
	return s.show(w, r, ss, "poorcalls", "poor-calls", "Poor calls", pd)
}
