package client

import (
	"context"
	"io"
	"net/url"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/cqd"
)

// The ACS insights report: p's window (Since, Until, Days) and Filters
// (ACS participant dimensions) select the participants; By groups them.

// ACSReport returns the ACS insights report, as GET /api/v1/reports/acs
// gives it.
func (c *Client) ACSReport(ctx context.Context, p cqd.Params) (*wire.ACSReport, error) {
	var rep wire.ACSReport
	r := request{path: "/api/v1/reports/acs", query: dashboardQuery(p, false), does: "read the ACS report from", forbidden: dashboardForbidden}
	if err := c.getJSON(ctx, r, &rep); err != nil {
		return nil, err
	}
	return &rep, nil
}

// ACSRows returns the participants grouped by p.By, every measure, as
// GET /api/v1/reports/acs/rows gives them.
func (c *Client) ACSRows(ctx context.Context, p cqd.Params) (*wire.ACSRows, error) {
	var rows wire.ACSRows
	r := request{path: "/api/v1/reports/acs/rows", query: acsRowsQuery(p), does: "read the ACS report from", forbidden: dashboardForbidden}
	if err := c.getJSON(ctx, r, &rows); err != nil {
		return nil, err
	}
	return &rows, nil
}

// ExportACSRows writes the grouped participants as CSV, as the server
// writes them.
func (c *Client) ExportACSRows(ctx context.Context, p cqd.Params, w io.Writer) error {
	q := acsRowsQuery(p)
	q.Set("format", "csv")
	return c.download(ctx, request{path: "/api/v1/reports/acs/rows", query: q, does: "download the ACS report from", forbidden: dashboardForbidden}, w)
}

func acsRowsQuery(p cqd.Params) url.Values {
	q := dashboardQuery(p, false)
	if p.By != "" {
		q.Set("by", p.By)
	}
	return q
}
