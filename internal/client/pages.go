package client

import (
	"context"
	"fmt"
	"strconv"
)

// listPages reads the pages of a list route that answers {"calls": […],
// "next": "…"} with items of type T, up to limit items (0: all),
// following next, each page at most max (or the client's page size),
// and converts each item with conv.
func listPages[T, R any](ctx context.Context, c *Client, r request, max, limit int, conv func(T) R) ([]R, error) {
	var out []R
	for {
		size := c.page(max)
		if limit > 0 {
			size = min(size, limit-len(out))
		}
		r.query.Set("limit", strconv.Itoa(size))
		var page struct {
			Calls []T    `json:"calls"`
			Next  string `json:"next"`
		}
		if err := c.getJSON(ctx, r, &page); err != nil {
			return nil, err
		}
		for _, it := range page.Calls {
			out = append(out, conv(it))
		}
		if page.Next == "" || limit > 0 && len(out) >= limit {
			return out, nil
		}
		var err error
		if r, err = next(r, page.Next); err != nil {
			return nil, fmt.Errorf("%s %s: %w", r.does, c.base.Redacted(), err)
		}
	}
}
