package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
)

// dashboardForbidden is the hint for a 403 of the dashboard's routes.
const dashboardForbidden = "the dashboard needs an engineer or admin token"

// Aggregate returns the dashboard's measures for p, as GET /api/v1/cqd
// computes them (the window ending at the server's now).
func (c *Client) Aggregate(ctx context.Context, p cqd.Params) (*cqd.Result, error) {
	var resp struct {
		GroupBy  []cqd.Dimension              `json:"groupBy"`
		Measures []cqd.Measure                `json:"measures"`
		Rows     []map[string]json.RawMessage `json:"rows"`
	}
	r := request{path: "/api/v1/cqd", query: dashboardQuery(p, true), does: "read the dashboard from", forbidden: dashboardForbidden}
	if err := c.getJSON(ctx, r, &resp); err != nil {
		return nil, err
	}
	res := &cqd.Result{GroupBy: resp.GroupBy, Measures: resp.Measures, Rows: make([]cqd.Row, 0, len(resp.Rows))}
	for i, rec := range resp.Rows {
		row := cqd.Row{Key: make([]*string, len(res.GroupBy)), Values: make([]*float64, len(res.Measures))}
		for j, d := range res.GroupBy {
			if err := decodeCell(rec, string(d), &row.Key[j]); err != nil {
				return nil, fmt.Errorf("%s %s: row %d: %w", r.does, c.base.Redacted(), i+1, err)
			}
		}
		for j, m := range res.Measures {
			if err := decodeCell(rec, string(m), &row.Values[j]); err != nil {
				return nil, fmt.Errorf("%s %s: row %d: %w", r.does, c.base.Redacted(), i+1, err)
			}
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}

// decodeCell reads a row's member name into dst, nil when the member is
// null: an unknown dimension, or a measure with nothing to average.
func decodeCell[T any](rec map[string]json.RawMessage, name string, dst **T) error {
	raw, ok := rec[name]
	if !ok {
		return fmt.Errorf("no %s", name)
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// ExportCQD writes, as a file of format, the rows of p (GET
// /api/v1/cqd?format=) or, with facts, the stream facts p selects (GET
// /api/v1/cqd/streams, with user ids and access points for the roles
// that may see them), copied into w as they arrive. A server that fails
// midway ends the file early without saying so: check its log.
func (c *Client) ExportCQD(ctx context.Context, p cqd.Params, format store.ExportFormat, facts bool, w io.Writer) error {
	r := request{path: "/api/v1/cqd", query: dashboardQuery(p, true), does: "export the dashboard from", forbidden: dashboardForbidden}
	if facts {
		r = request{path: "/api/v1/cqd/streams", query: dashboardQuery(p, false), does: "export stream facts from", forbidden: dashboardForbidden}
	}
	r.query.Set("format", string(format))
	return c.download(ctx, r, w)
}

// PoorCalls returns the calls with poor streams among those p's filters
// select, newest first, as GET /api/v1/poor-calls lists them, at most
// limit (0: all), read a page at a time. A call's rating is "" when it
// was not judged, and its reasons nil when none were given, as the
// store has them.
func (c *Client) PoorCalls(ctx context.Context, p cqd.Params, limit int) ([]store.PoorCall, error) {
	if limit < 0 {
		return nil, fmt.Errorf("read poor calls from %s: limit must not be negative", c.base.Redacted())
	}
	r := request{path: "/api/v1/poor-calls", query: dashboardQuery(p, false), does: "read poor calls from", forbidden: dashboardForbidden}
	return listPages(ctx, c, r, maxPoorCallsPage, limit, func(it wire.PoorCallItem) store.PoorCall {
		pc := store.PoorCall{ID: it.ID, Version: it.Version, Source: it.Source, Type: it.Type, Rating: it.Rating,
			Streams: it.Streams, Poor: it.PoorStreams, PoorSessions: it.PoorSessions}
		if it.StartDateTime != nil {
			pc.Start = *it.StartDateTime
		}
		if len(it.PoorDueTo) > 0 {
			pc.Reasons = it.PoorDueTo
		}
		if len(it.PoorMedia) > 0 {
			pc.PoorMedia = it.PoorMedia
		}
		w := it.Where
		pc.PoorUsers, pc.Where = it.PoorUsers, store.PoorEnd{UserID: deref(w.UserID), DisplayName: deref(w.User),
			Building: deref(w.Building), NetworkName: deref(w.Network), Subnet: deref(w.Subnet),
			ConnectionType: deref(w.Connection), CaptureDevice: deref(w.Device)}
		return pc
	})
}

// dashboardQuery writes p as the dashboard's routes read it: the stream
// selection (filter, since, until, days) and, when grouped, the
// grouping and ranking (by, measures, order, asc, top, minStreams),
// which the routes that list calls or stream facts refuse. Zero values
// are left out, for the server's defaults.
func dashboardQuery(p cqd.Params, grouped bool) url.Values {
	q := url.Values{}
	set := func(name, v string) {
		if v != "" {
			q.Set(name, v)
		}
	}
	count := func(name string, n int) {
		if n > 0 {
			q.Set(name, strconv.Itoa(n))
		}
	}
	for _, f := range p.Filters {
		q.Add("filter", f)
	}
	set("since", p.Since)
	set("until", p.Until)
	count("days", p.Days)
	if grouped {
		set("by", p.By)
		set("measures", p.Measures)
		set("order", p.Order)
		if p.Ascending {
			q.Set("asc", "true")
		}
		count("top", p.Top)
		count("minStreams", p.MinStreams)
	}
	return q
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
