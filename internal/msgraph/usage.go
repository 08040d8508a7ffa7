package msgraph

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"runtime"
	"sync"
	"time"
	"weak"

	"golang.org/x/time/rate"
)

// MaxUsageWindow is the longest window one request of getPstnCalls may
// cover (reference §3.1: "must not exceed 90 days"). getDirectRoutingCalls
// documents no limit, so it is given the same one rather than be refused
// one day by a limit nobody wrote down. Longer windows are split.
const MaxUsageWindow = 90 * 24 * time.Hour

// usageLimit keeps the listings of one usage log under Graph's published
// "per collection" limit for PSTN call records, 50 requests / 60 s, with
// the same 10 % margin as the other defaults (reference §7). The per
// tenant limit of that scope (200 / 60 s) cannot be reached by two logs
// at 45 each, so it needs no limiter of its own.
var usageLimit = Limit{Requests: 45, Per: time.Minute}

// usageLog is one of the call-records functions that return usage rows.
type usageLog struct {
	fn   string // the function's name in the request URL
	what string // how messages name its rows
	// toInclusive says toDateTime is inclusive: rows starting exactly at
	// it belong to the next window and are dropped here, so consecutive
	// windows neither miss nor repeat a row.
	toInclusive bool
}

var (
	pstnLog          = usageLog{fn: "getPstnCalls", what: "PSTN calls", toInclusive: true}
	directRoutingLog = usageLog{fn: "getDirectRoutingCalls", what: "direct-routing calls"}
)

// ListPstnCalls lists the PSTN call log (getPstnCalls) for the calls
// started in [from, to): one raw pstnCallLogRow at a time, for
// graph.DecodeUsageRow. See listUsage for paging, windows and errors.
func (c *Client) ListPstnCalls(ctx context.Context, from, to time.Time) iter.Seq2[json.RawMessage, error] {
	return c.listUsage(ctx, pstnLog, from, to)
}

// ListDirectRoutingCalls lists the direct-routing call log
// (getDirectRoutingCalls) for the calls started in [from, to): one raw
// directRoutingLogRow at a time. See listUsage.
func (c *Client) ListDirectRoutingCalls(ctx context.Context, from, to time.Time) iter.Seq2[json.RawMessage, error] {
	return c.listUsage(ctx, directRoutingLog, from, to)
}

// listUsage walks one usage log over [from, to).
//
// A window longer than MaxUsageWindow is asked for in consecutive chunks
// of at most that length, in order. Each chunk's pages are followed by
// @odata.nextLink exactly as Graph gives it (the docs' own example link
// spells its parameters differently from the request), with the same
// host check and loop detection as every other walk; @odata.count is the
// size of a page, not a total, and is not used. Requests pass the
// client's tenant limiter and a per-log limiter shared by every listing
// of this Client.
//
// Only one page is held at a time; stopping the loop stops the fetching.
// On failure the sequence yields one final (nil, err); the elements
// yielded before it are real rows and may be kept.
func (c *Client) listUsage(ctx context.Context, log usageLog, from, to time.Time) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		if !from.Before(to) {
			yield(nil, configError("the %s window %s – %s is empty: from must be before to", log.what, odataTime(from), odataTime(to)))
			return
		}
		what := fmt.Sprintf("the %s started %s – %s", log.what, odataTime(from), odataTime(to))
		w := newWalk(c.graph, what, c.cfg.MaxListPages)
		limiter := c.usageLimiter(log)
		for start := from; start.Before(to); {
			end := start.Add(MaxUsageWindow)
			if end.After(to) {
				end = to
			}
			if !c.walkUsageChunk(ctx, log, w, limiter, start, end, yield) {
				return
			}
			start = end
		}
	}
}

// walkUsageChunk walks the pages of one request window, at most
// MaxUsageWindow long. It returns false when the walk must end: the
// consumer stopped, or an error was yielded.
func (c *Client) walkUsageChunk(ctx context.Context, log usageLog, w *walk, limiter *rate.Limiter,
	from, to time.Time, yield func(json.RawMessage, error) bool) bool {
	link := fmt.Sprintf("%s/v1.0/communications/callRecords/%s(fromDateTime=%s,toDateTime=%s)",
		c.graph.String(), log.fn, odataTime(from), odataTime(to))
	what := fmt.Sprintf("the %s started %s – %s", log.what, odataTime(from), odataTime(to))
	for n := 1; link != ""; n++ {
		if n > 1 {
			if err := w.checkLink("@odata.nextLink", link); err != nil {
				yield(nil, err)
				return false
			}
		}
		if err := w.visit(link); err != nil {
			yield(nil, err)
			return false
		}
		pageWhat := fmt.Sprintf("page %d of %s", n, what)
		body, err := c.get(ctx, link, pageWhat, limiter)
		if err != nil {
			yield(nil, err)
			return false
		}
		c.stats.pages.Add(1)
		p, err := parsePage(body)
		if err != nil {
			yield(nil, &Error{Kind: ErrBadResponse, Err: err, Message: "Graph's answer for " + pageWhat + " cannot be read"})
			return false
		}
		c.log.Debug("graph usage page", "log", log.fn, "page", n, "rows", len(p.values), "more", p.next != "")
		for _, v := range p.values {
			if log.toInclusive && startsAtOrAfter(v, to) {
				continue
			}
			if !yield(v, nil) {
				return false
			}
		}
		link = p.next
	}
	return true
}

// startsAtOrAfter reports whether a row's startDateTime is at or after t.
// A row whose start cannot be read is kept: dropping it would lose it,
// keeping it at worst stores it twice, which the store makes harmless.
func startsAtOrAfter(raw json.RawMessage, t time.Time) bool {
	var r struct {
		StartDateTime string `json:"startDateTime"`
	}
	if json.Unmarshal(raw, &r) != nil {
		return false
	}
	start, err := time.Parse(time.RFC3339Nano, r.StartDateTime)
	return err == nil && !start.Before(t)
}

// usageLimiterKey names one usage log of one Client.
type usageLimiterKey struct {
	client weak.Pointer[Client]
	fn     string
}

// usageLimiters holds the per-log limiters of every Client. Graph counts
// the limit per collection across all of a tenant's requests, so every
// listing of one Client must share its limiter; the key holds the Client
// weakly and a cleanup removes the entry, so that a Client no longer used
// takes its limiters with it.
var usageLimiters sync.Map // usageLimiterKey → *rate.Limiter

func (c *Client) usageLimiter(log usageLog) *rate.Limiter {
	k := usageLimiterKey{client: weak.Make(c), fn: log.fn}
	if l, ok := usageLimiters.Load(k); ok {
		return l.(*rate.Limiter)
	}
	l, loaded := usageLimiters.LoadOrStore(k, newLimiter(usageLimit))
	if !loaded {
		runtime.AddCleanup(c, func(k usageLimiterKey) { usageLimiters.Delete(k) }, k)
	}
	return l.(*rate.Limiter)
}
