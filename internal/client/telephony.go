package client

import (
	"context"
	"net/url"
	"strconv"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/telephony"
)

// reportsForbidden is the hint for a 403 of the PSTN and Direct Routing
// reports.
const reportsForbidden = "the PSTN and Direct Routing reports need an engineer or admin token"

// PSTNReport returns the PSTN usage report of p, as GET
// /api/v1/reports/pstn computes it (the window ending at the server's
// now), every group unless p.Top cuts them.
func (c *Client) PSTNReport(ctx context.Context, p telephony.Params) (*wire.UsageReport, error) {
	q := usageQuery(p)
	set := func(name, v string) {
		if v != "" {
			q.Set(name, v)
		}
	}
	set("by", p.By)
	set("order", p.Order)
	if p.Ascending {
		q.Set("asc", "true")
	}
	top := p.Top
	if top == 0 {
		top = maxUsageGroups
	}
	q.Set("top", strconv.Itoa(top))
	var rep wire.UsageReport
	r := request{path: "/api/v1/reports/pstn", query: q, does: "read the PSTN report from", forbidden: reportsForbidden}
	if err := c.getJSON(ctx, r, &rep); err != nil {
		return nil, err
	}
	return &rep, nil
}

// maxUsageGroups is the most groups the API gives in one answer.
const maxUsageGroups = 100_000

// DirectRouting returns the Direct Routing health report of p's window
// and filters, as GET /api/v1/reports/direct-routing computes it.
func (c *Client) DirectRouting(ctx context.Context, p telephony.Params) (*wire.DirectRoutingHealth, error) {
	var h wire.DirectRoutingHealth
	r := request{path: "/api/v1/reports/direct-routing", query: usageQuery(p), does: "read the Direct Routing report from", forbidden: reportsForbidden}
	if err := c.getJSON(ctx, r, &h); err != nil {
		return nil, err
	}
	return &h, nil
}

// usageQuery is p's selection as the report routes read it; zero values
// are left out, for the server's defaults.
func usageQuery(p telephony.Params) url.Values {
	q := url.Values{}
	for _, f := range p.Filters {
		q.Add("filter", f)
	}
	if p.Since != "" {
		q.Set("since", p.Since)
	}
	if p.Until != "" {
		q.Set("until", p.Until)
	}
	if p.Days > 0 {
		q.Set("days", strconv.Itoa(p.Days))
	}
	return q
}
