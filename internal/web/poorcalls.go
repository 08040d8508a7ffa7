package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
)

// poorCallRow is one call of the list as the page shows it.
type poorCallRow struct {
	wire.PoorCallItem
	Kind string
	// Href opens the call, with the way back to this page of the list;
	// UserHref the calls of the person who had its poor streams.
	Href, UserHref string
	// Media are the media of its poor streams in words.
	Media string
	// Place is where the poor streams were: building · network.
	Place string
	// Start is when the call started, in the viewer's zone.
	Start string
	// Others counts the other users whose streams were poor.
	Others int
}

type poorCallsPageData struct {
	List      callList
	Q         dashQuery
	Window    string
	Days      []windowChoice
	Filters   filterForm
	Total     int
	Calls     []poorCallRow
	Columns   []breakdownColumn
	Next      string
	First     string
	Dashboard string
	// AllDays is the list over the whole window, when narrowed to a day.
	AllDays string
}

// callList is one of the organization's lists of calls: those with poor
// streams (the dashboard's drill-down) or those with failed legs (the
// reliability report's), each a page of its own over its API route.
type callList struct {
	Path, API, Title, Nav string
	// Failed: the list of calls with setup failures or drops.
	Failed bool
	// Back leads to the report the list drills down from.
	Back, BackLabel string
	// Orders are the list's orders: newest first, then by marked
	// streams (poor or failed), their share and streams (the API's
	// order parameter).
	Orders []listOrder
}

type listOrder struct{ key, label string }

var (
	poorCallList = callList{Path: "/poor-calls", API: "/api/v1/poor-calls", Title: "Poor calls", Nav: "poor-calls",
		Back: "/dashboard", BackLabel: "Dashboard",
		Orders: []listOrder{{"", "Start"}, {"poor", "Poor streams"}, {"poorPct", "Poor %"}, {"streams", "Streams"}}}
	failedCallList = callList{Path: "/reliability/calls", API: "/api/v1/failed-calls", Title: "Failed calls", Nav: "reliability",
		Failed: true, Back: "/reliability", BackLabel: "Reliability",
		Orders: []listOrder{{"", "Start"}, {"poor", "Failed streams"}, {"poorPct", "Failed %"}, {"streams", "Streams"}}}
)

// poorCallsPage is GET /poor-calls?filter=…&order=…: the organization's
// calls with poor streams among those the filters select, newest first
// or as ordered, from GET /api/v1/poor-calls, with who had them where,
// each leading to its detail and back.
func (s *Server) poorCallsPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	return s.callListPage(w, r, ss, poorCallList)
}

// failedCallsPage is GET /reliability/calls?filter=…: the calls with
// setup failures or dropped legs among those the filters select, from
// GET /api/v1/failed-calls, with why and who failed where.
func (s *Server) failedCallsPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	return s.callListPage(w, r, ss, failedCallList)
}

// callListPage is the page of a list of calls.
func (s *Server) callListPage(w http.ResponseWriter, r *http.Request, ss *session, cl callList) error {
	in := r.URL.Query()
	d := readDashQuery(in)
	zone := viewerZone(w, r)
	order := in.Get("order")
	if !slices.ContainsFunc(cl.Orders, func(o listOrder) bool { return o.key == order }) {
		order = ""
	}
	asc := in.Get("asc") == "1"
	q := d.apiValues()
	q.Set("limit", "50")
	if order != "" {
		q.Set("order", order)
	}
	if asc {
		q.Set("asc", "true")
	}
	cursor := in.Get("cursor")
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	pd := poorCallsPageData{List: cl, Q: d, Window: d.windowText(), Dashboard: cl.Back + "?" + d.onDay("").values().Encode(),
		Filters: newFilterForm(cl.Path, d, nil)}
	resp, err := s.askCallList(r, ss, cl, q)
	if ae, ok := asAPIError(err); ok && ae.Status == http.StatusBadRequest {
		pd.Filters.Error = ae.Message
		return s.show(w, r, ss, "poorcalls", cl.Nav, cl.Title, pd)
	}
	if err != nil {
		return err
	}
	list := func(v url.Values) url.Values {
		if order != "" {
			v.Set("order", order)
		}
		if asc {
			v.Set("asc", "1")
		}
		return v
	}
	here := list(d.values())
	if cursor != "" {
		here.Set("cursor", cursor)
	}
	from := cl.Path + "?" + here.Encode()
	pd.Total = resp.Total
	for _, c := range resp.Calls {
		pd.Calls = append(pd.Calls, newPoorCallRow(c, from, zone))
	}
	for _, n := range dashDays {
		pd.Days = append(pd.Days, windowChoice{n, cl.Path + "?" + list(dashQuery{Days: n, Filters: d.Filters}.values()).Encode(),
			d.Since == "" && d.Day == "" && d.Days == n})
	}
	for _, o := range cl.Orders {
		col := breakdownColumn{Key: o.key, Label: o.label, Num: o.key != ""}
		nextAsc := false
		if o.key == order {
			col.Sorted = map[bool]string{true: "ascending", false: "descending"}[asc]
			nextAsc = !asc
		}
		v := d.values()
		if o.key != "" {
			v.Set("order", o.key)
		}
		if nextAsc {
			v.Set("asc", "1")
		}
		col.Href = cl.Path + "?" + v.Encode()
		pd.Columns = append(pd.Columns, col)
	}
	if d.Day != "" {
		pd.AllDays = cl.Path + "?" + list(d.onDay("").values()).Encode()
	}
	if resp.Next != "" {
		if u, err := url.Parse(resp.Next); err == nil {
			nv := list(d.values())
			nv.Set("cursor", u.Query().Get("cursor"))
			pd.Next = cl.Path + "?" + nv.Encode()
		}
	}
	if cursor != "" {
		pd.First = cl.Path + "?" + list(d.values()).Encode()
	}
	return s.show(w, r, ss, "poorcalls", cl.Nav, cl.Title, pd)
}

// callListAnswer is a page of a list of calls as the API gives it; the
// failed-call list's calls are read into the poor-call list's form
// (poor streams standing for failed ones, reasons for poor-due-to).
type callListAnswer struct {
	Total int                 `json:"total"`
	Calls []wire.PoorCallItem `json:"calls"`
	Next  string              `json:"next"`
}

func (s *Server) askCallList(r *http.Request, ss *session, cl callList, q url.Values) (*callListAnswer, error) {
	if !cl.Failed {
		var a callListAnswer
		err := s.api.getJSON(r.Context(), ss.token, cl.API, q, &a)
		return &a, err
	}
	var failed struct {
		Total int                   `json:"total"`
		Calls []wire.FailedCallItem `json:"calls"`
		Next  string                `json:"next"`
	}
	if err := s.api.getJSON(r.Context(), ss.token, cl.API, q, &failed); err != nil {
		return nil, err
	}
	a := &callListAnswer{Total: failed.Total, Next: failed.Next}
	for _, c := range failed.Calls {
		a.Calls = append(a.Calls, wire.PoorCallItem{ID: c.ID, Version: c.Version, Source: c.Source, Type: c.Type,
			StartDateTime: c.StartDateTime, Rating: c.Rating, Streams: c.Streams, PoorStreams: c.FailedStreams,
			PoorSessions: c.FailedSessions, PoorDueTo: stagesInWords(c.Reasons), Where: c.Where, PoorUsers: c.FailedUsers, Detail: c.Detail})
	}
	return a, nil
}

func newPoorCallRow(c wire.PoorCallItem, from string, zone *time.Location) poorCallRow {
	row := poorCallRow{PoorCallItem: c, Kind: callKind(c.Type), Start: whenIn(c.StartDateTime, zone),
		Href: "/calls/" + url.PathEscape(c.ID) + "?" + url.Values{"from": {from}}.Encode()}
	var media []string
	for _, m := range c.PoorMedia {
		if l := mediaKindLabel(m); !slices.Contains(media, l) {
			media = append(media, l)
		}
	}
	row.Media = strings.Join(media, ", ")
	if ref := c.Where.UserRef; ref != nil {
		row.UserHref = "/users/" + url.PathEscape(*ref) + "/calls"
	}
	var place []string
	for _, p := range []*string{c.Where.Building, c.Where.Network} {
		if p != nil && *p != "" {
			place = append(place, *p)
		}
	}
	row.Place = strings.Join(place, " · ")
	if c.Where.UserID != nil || c.Where.User != nil {
		row.Others = max(0, c.PoorUsers-1)
	} else {
		row.Others = c.PoorUsers
	}
	return row
}

// mediaKindLabel names a kind of media of the dashboard (cqd's
// mediaType) as the call pages name media.
func mediaKindLabel(kind string) string {
	switch model.MediaKind(kind) {
	case model.MediaAudio:
		return "Audio"
	case model.MediaVideo:
		return "Video"
	case model.MediaVBSS, model.MediaAppSharing:
		return "Screen sharing"
	case model.MediaData:
		return "Data"
	case model.MediaNone:
		return "No media (failed before any stream)"
	}
	return humanize(kind)
}

// filterForm is the filter bar of the dashboard and the poor-call
// list: a field per common dimension, with values to pick, "more
// filters" for any other, and chips to take those away.
type filterForm struct {
	Action string
	// Hidden carries the window and the filters not in the bar.
	Hidden []hiddenField
	Bar    []barField
	More   []filterChip
	Dims   []cqd.Dimension
	// Error is why the API refused the selection.
	Error string
}

// newFilterForm is the filter bar of the page at action for d; options
// gives the values to pick of a dimension (nil: none to offer).
func newFilterForm(action string, d dashQuery, options func(cqd.Dimension) []string) filterForm {
	f := filterForm{Action: action, Hidden: d.hidden(true, false), Dims: filterDims()}
	for _, dim := range barDims {
		b := barField{Dim: dim, Label: dimLabel(dim), Value: d.filterValue(dim)}
		if options != nil {
			b.Options = options(dim)
		}
		f.Bar = append(f.Bar, b)
	}
	for _, flt := range d.Filters {
		if name, _, _ := strings.Cut(flt, "="); !slices.Contains(barDims, cqd.Dimension(name)) {
			f.More = append(f.More, f.chip(d, flt))
		}
	}
	return f
}

// chip is a filter with the address of the page without it.
func (f *filterForm) chip(d dashQuery, flt string) filterChip {
	return filterChip{Filter: flt, Remove: f.Action + "?" + d.withoutFilter(flt).values().Encode()}
}

// refused makes every filter removable, to fix a selection the API
// refused.
func (f *filterForm) refused(d dashQuery, msg string) {
	f.Error = msg
	for _, flt := range d.Filters {
		if !slices.ContainsFunc(f.More, func(c filterChip) bool { return c.Filter == flt }) {
			f.More = append(f.More, f.chip(d, flt))
		}
	}
}

func (r poorCallRow) PoorShare() string {
	if r.Streams == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f %%", float64(r.PoorStreams)/float64(r.Streams)*100)
}

// stagesInWords writes the failure stage of each "stage: reason" as the
// report names it.
func stagesInWords(reasons []string) []string {
	out := make([]string, len(reasons))
	for i, r := range reasons {
		stage, reason, ok := strings.Cut(r, ": ")
		if !ok {
			out[i] = r
			continue
		}
		out[i] = reasonRow{Stage: stage}.StageText() + ": " + reason
	}
	return out
}
