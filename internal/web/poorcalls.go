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

// poorCallsOrders are the list's orders: newest first, then by poor
// streams, their share and streams (the API's order parameter).
var poorCallsOrders = []struct{ key, label string }{
	{"", "Start"}, {"poor", "Poor streams"}, {"poorPct", "Poor %"}, {"streams", "Streams"},
}

// poorCallsPage is GET /poor-calls?filter=…&order=…: the organization's
// calls with poor streams among those the filters select, newest first
// or as ordered, from GET /api/v1/poor-calls, with who had them where,
// each leading to its detail and back.
func (s *Server) poorCallsPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	in := r.URL.Query()
	d := readDashQuery(in)
	zone := viewerZone(w, r)
	order := in.Get("order")
	if !slices.ContainsFunc(poorCallsOrders, func(o struct{ key, label string }) bool { return o.key == order }) {
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
	var resp struct {
		Total int                 `json:"total"`
		Calls []wire.PoorCallItem `json:"calls"`
		Next  string              `json:"next"`
	}
	pd := poorCallsPageData{Q: d, Window: d.windowText(), Dashboard: "/dashboard?" + d.onDay("").values().Encode(),
		Filters: newFilterForm("/poor-calls", d, nil)}
	err := s.api.getJSON(r.Context(), ss.token, "/api/v1/poor-calls", q, &resp)
	if ae, ok := asAPIError(err); ok && ae.Status == http.StatusBadRequest {
		pd.Filters.Error = ae.Message
		return s.show(w, r, ss, "poorcalls", "poor-calls", "Poor calls", pd)
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
	from := "/poor-calls?" + here.Encode()
	pd.Total = resp.Total
	for _, c := range resp.Calls {
		pd.Calls = append(pd.Calls, newPoorCallRow(c, from, zone))
	}
	for _, n := range dashDays {
		pd.Days = append(pd.Days, windowChoice{n, "/poor-calls?" + list(dashQuery{Days: n, Filters: d.Filters}.values()).Encode(),
			d.Since == "" && d.Day == "" && d.Days == n})
	}
	for _, o := range poorCallsOrders {
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
		col.Href = "/poor-calls?" + v.Encode()
		pd.Columns = append(pd.Columns, col)
	}
	if d.Day != "" {
		pd.AllDays = "/poor-calls?" + list(d.onDay("").values()).Encode()
	}
	if resp.Next != "" {
		if u, err := url.Parse(resp.Next); err == nil {
			nv := list(d.values())
			nv.Set("cursor", u.Query().Get("cursor"))
			pd.Next = "/poor-calls?" + nv.Encode()
		}
	}
	if cursor != "" {
		pd.First = "/poor-calls?" + list(d.values()).Encode()
	}
	return s.show(w, r, ss, "poorcalls", "poor-calls", "Poor calls", pd)
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
