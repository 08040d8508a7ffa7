package msgraph

import "sync/atomic"

// Stats counts what a Client did since it was made, for metrics and for
// tests. Every field only grows.
type Stats struct {
	// Requests is every HTTP request sent to Graph, retries included.
	Requests int64
	// Retries is every wait before a repeated request.
	Retries int64
	// Throttled is every 429, 503 or 504 answer.
	Throttled int64
	// RateWaits is every time the client-side limiter made a request wait.
	RateWaits int64
	// Pages is every page read, records and list pages alike.
	Pages int64
}

type counters struct {
	requests, retries, throttled, rateWaits, pages atomic.Int64
}

// Stats returns the counters now.
func (c *Client) Stats() Stats {
	return Stats{
		Requests:  c.stats.requests.Load(),
		Retries:   c.stats.retries.Load(),
		Throttled: c.stats.throttled.Load(),
		RateWaits: c.stats.rateWaits.Load(),
		Pages:     c.stats.pages.Load(),
	}
}
