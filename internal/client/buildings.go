package client

import (
	"context"
	"io"
	"net/url"
)

// ExportBuildings writes the tenant's active building file, in CQD's
// format (GET /api/v1/buildings?format=csv), into w as it arrives. It
// needs an admin's token, and is audited as a read of the file.
func (c *Client) ExportBuildings(ctx context.Context, w io.Writer) error {
	return c.download(ctx, request{path: "/api/v1/buildings", query: url.Values{"format": {"csv"}},
		does: "export the building file from", forbidden: "building files need an admin token"}, w)
}
