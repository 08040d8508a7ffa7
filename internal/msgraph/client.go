package msgraph

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/time/rate"
)

// Client reads call records from Microsoft Graph as one application of
// one tenant. It is safe for concurrent use; its rate limits are shared by
// every goroutine using it, so one Client per tenant is the intended use.
type Client struct {
	cfg      Config
	login    *url.URL
	graph    *url.URL
	tenant   string
	clientID string
	tokens   *tokens
	log      *slog.Logger

	tenantLimit *rate.Limiter
	listLimit   *rate.Limiter

	stats counters
}

// New validates cfg and returns a Client. It does not sign in: the first
// request does, so that a service can start while Entra is unreachable.
// Call CheckAccess to test a configuration at start.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	login, graph, _ := cfg.Cloud.validate()
	t, err := newTokens(cfg, login, graph)
	if err != nil {
		return nil, err
	}
	return &Client{
		cfg:         cfg,
		login:       login,
		graph:       graph,
		tenant:      cfg.TenantID,
		clientID:    cfg.ClientID,
		tokens:      t,
		log:         cfg.Logger.With("component", "msgraph", "tenant", cfg.TenantID),
		tenantLimit: newLimiter(cfg.Limits.Tenant),
		listLimit:   newLimiter(cfg.Limits.List),
	}, nil
}

// newLimiter makes a token bucket that allows at most about l.Requests in
// any window of l.Per: a tenth of them may come at once (the burst), the
// rest at an even pace.
func newLimiter(l Limit) *rate.Limiter {
	burst := max(1, l.Requests/10)
	refill := max(1, l.Requests-burst)
	return rate.NewLimiter(rate.Limit(float64(refill)/l.Per.Seconds()), burst)
}

// get fetches the absolute URL u and returns the body of its 200 answer.
// what names the object for messages. Each try first passes the client's
// tenant limiter and, if given, extra (the record's or the list's).
func (c *Client) get(ctx context.Context, u, what string, extra *rate.Limiter) ([]byte, error) {
	resp, body, err := c.do(ctx, request{method: http.MethodGet, url: u, what: what, extra: extra, repeatable: true})
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, c.statusError(resp, body, what)
	}
	return body, nil
}

// request is one Graph request for do.
type request struct {
	method string
	url    string
	body   []byte // JSON, sent with POST and PATCH
	what   string
	extra  *rate.Limiter
	// repeatable says the request may be sent again when its outcome is
	// unknown (a network failure, 503, 504): true for reads and for
	// writes that end in the same state however often they are applied
	// (a PATCH of the expiry, a DELETE). A create is not: it may have
	// been carried out. Every request is sent again after a 429 or a 401,
	// which Graph answers before doing anything.
	repeatable bool
}

// do sends r until Graph answers something other than a throttling or a
// refused token, within the retry policy, and returns that answer (its
// body read and closed) whatever its status; the caller judges it.
func (c *Client) do(ctx context.Context, r request) (*http.Response, []byte, error) {
	verb := "fetching"
	if r.method != http.MethodGet {
		verb = "sending the request for"
	}
	retried401 := false
	for attempt := 0; ; attempt++ {
		if err := c.waitLimits(ctx, c.tenantLimit, r.extra); err != nil {
			return nil, nil, fmt.Errorf("waiting before %s %s: %w", verb, r.what, err)
		}
		tok, err := c.tokens.token(ctx)
		if err != nil {
			return nil, nil, err
		}
		var reqBody io.Reader
		if r.body != nil {
			reqBody = bytes.NewReader(r.body)
		}
		req, err := http.NewRequestWithContext(ctx, r.method, r.url, reqBody)
		if err != nil {
			return nil, nil, fmt.Errorf("requesting %s: %w", r.what, err)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Accept", "application/json")
		if r.body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		// Members added to evolvable enums after unknownFutureValue
		// (productFamily azureCommunicationServices) arrive by name.
		req.Header.Set("Prefer", "include-unknown-enum-members")
		req.Header.Set("client-request-id", requestID())

		c.stats.requests.Add(1)
		resp, err := c.cfg.HTTPClient.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil, fmt.Errorf("%s %s: %w", verb, r.what, ctx.Err())
			}
			_, untrusted := certificateProblem(err)
			if attempt < c.cfg.Retry.MaxRetries && r.repeatable && !untrusted {
				d := backoff(attempt, c.cfg.Retry.BaseDelay, c.cfg.Retry.MaxDelay)
				c.log.Warn("graph request failed, retrying", "what", r.what, "attempt", attempt+1, "wait", d, "err", err)
				if err := c.pause(ctx, d); err != nil {
					return nil, nil, fmt.Errorf("%s %s: %w", verb, r.what, err)
				}
				continue
			}
			return nil, nil, unreachable("the Graph host "+c.graph.Host+" for "+r.what, c.cfg.Cloud, err)
		}
		body, err := c.readBody(resp, r.what)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case retryable(resp.StatusCode):
			c.stats.throttled.Add(1)
			d, given := parseRetryAfter(resp.Header.Get("Retry-After"), c.cfg.Now())
			if !given {
				d = backoff(attempt, c.cfg.Retry.BaseDelay, c.cfg.Retry.MaxDelay)
			}
			again := r.repeatable || resp.StatusCode == http.StatusTooManyRequests
			if given && d > c.cfg.Retry.MaxRetryAfter || attempt >= c.cfg.Retry.MaxRetries || !again {
				e := c.statusError(resp, body, r.what).(*Error)
				e.Kind, e.RetryAfter = ErrThrottled, d
				e.Message = fmt.Sprintf("Graph answered %d to the request for %s on try %d; try again in %v or later", resp.StatusCode, r.what, attempt+1, d)
				return nil, nil, e
			}
			c.log.Warn("graph throttled, retrying", "what", r.what, "status", resp.StatusCode, "attempt", attempt+1, "wait", d, "retryAfterGiven", given)
			if err := c.pause(ctx, d); err != nil {
				return nil, nil, fmt.Errorf("%s %s: %w", verb, r.what, err)
			}
		case resp.StatusCode == http.StatusUnauthorized && !retried401:
			// A token can be revoked or rotated before its expiry: fetch a
			// new one, once, before calling it a configuration error.
			retried401 = true
			c.tokens.invalidate()
			attempt--
		default:
			return resp, body, nil
		}
	}
}

// readBody reads and closes a response body, refusing one larger than
// MaxBodyBytes so that a broken answer cannot exhaust memory.
func (c *Client) readBody(resp *http.Response, what string) ([]byte, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxBodyBytes+1))
	if err != nil {
		return nil, &Error{Kind: ErrUnreachable, Err: err, Message: fmt.Sprintf("reading Graph's answer for %s", what)}
	}
	if int64(len(body)) > c.cfg.MaxBodyBytes {
		return nil, &Error{Kind: ErrBadResponse, Status: resp.StatusCode, Message: fmt.Sprintf(
			"Graph's answer for %s is larger than %d bytes", what, c.cfg.MaxBodyBytes)}
	}
	return body, nil
}

// waitLimits waits until every limiter given allows one more request.
// The limiters are read at Config.Now and waited on with Config.Sleep, so
// tests see the waits without waiting.
func (c *Client) waitLimits(ctx context.Context, limiters ...*rate.Limiter) error {
	for _, l := range limiters {
		if l == nil {
			continue
		}
		now := c.cfg.Now()
		r := l.ReserveN(now, 1)
		if !r.OK() {
			return fmt.Errorf("rate limiter refused a request")
		}
		if d := r.DelayFrom(now); d > 0 {
			c.stats.rateWaits.Add(1)
			if err := c.cfg.Sleep(ctx, d); err != nil {
				r.CancelAt(c.cfg.Now())
				return err
			}
		}
	}
	return nil
}

func (c *Client) pause(ctx context.Context, d time.Duration) error {
	c.stats.retries.Add(1)
	return c.cfg.Sleep(ctx, d)
}

// requestID is a client-request-id: Graph echoes it, and Microsoft
// support can find a request by it.
func requestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
