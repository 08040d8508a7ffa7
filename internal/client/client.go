package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Client sends requests to one server with one API token. It is safe
// for concurrent use.
type Client struct {
	base   *url.URL
	token  string
	tenant string
	http   *http.Client
	// pageSize overrides the sessions and calls asked for a page, for
	// tests that page small lists; 0 asks for the server's largest.
	pageSize int
}

// requestTimeout bounds one request, body included: the longest are
// uploads and exports, which the server bounds the same way.
const requestTimeout = 30 * time.Minute

// New checks the server's address and the token. tenant, when not
// empty, is sent as ?tenant= (the token's default tenant otherwise).
func New(server, token, tenant string) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(server), "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("server %q: want an address such as http://127.0.0.1:8080", server)
	}
	if strings.TrimSpace(token) == "" {
		return nil, errors.New("no API token: give --token or set CALLSCOPE_TOKEN (callscope token create)")
	}
	return &Client{base: u, token: strings.TrimSpace(token), tenant: tenant,
		http: &http.Client{Timeout: requestTimeout}}, nil
}

// request is one request to the API.
type request struct {
	method string
	// path is the route's path, escaped ("/api/v1/calls/" +
	// url.PathEscape(id)); query its parameters, to which the tenant is
	// added.
	path  string
	query url.Values
	body  io.Reader
	// contentType is the body's.
	contentType string
	// does says what the request does, as errors begin: "read calls
	// from" the server.
	does string
	// forbidden says which token would do, for a 403.
	forbidden string
	// accept lists statuses besides 200 whose bodies are answers.
	accept []int
}

// send sends r with the token and returns the response of status 200 or
// one r accepts, whose body the caller closes. Any other status is an
// *Error read from the API's error shape; every error names what r does
// and the server, with any password in its address hidden.
func (c *Client) send(ctx context.Context, r request) (*http.Response, error) {
	u := c.base.JoinPath(r.path)
	q := url.Values{}
	for k, v := range r.query {
		q[k] = v
	}
	if c.tenant != "" {
		q.Set("tenant", c.tenant)
	}
	u.RawQuery = q.Encode()
	method := r.method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), r.body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", r.does, c.base.Redacted(), err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", r.does, c.base.Redacted(), err)
	}
	if resp.StatusCode != http.StatusOK && !slices.Contains(r.accept, resp.StatusCode) {
		defer resp.Body.Close()
		return nil, fmt.Errorf("%s %s: %w", r.does, c.base.Redacted(), errorOf(resp, r.forbidden))
	}
	return resp, nil
}

// maxAnswerBytes bounds what is read of a JSON answer: an ingest
// summary lists every rejected record and a call's record page can be
// megabytes, so answers can be long, but not without end.
const maxAnswerBytes = 256 << 20

// getJSON sends r and decodes its answer into v.
func (c *Client) getJSON(ctx context.Context, r request, v any) error {
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxAnswerBytes)).Decode(v); err != nil {
		return fmt.Errorf("%s %s: the answer is not what the API sends: %w", r.does, c.base.Redacted(), err)
	}
	return nil
}

// download sends r and copies its answer, a file, into w as it arrives,
// so that memory does not follow the file's size.
func (c *Client) download(ctx context.Context, r request, w io.Writer) error {
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("%s %s: %w", r.does, c.base.Redacted(), err)
	}
	return nil
}

// next turns a page's next link (the request's own path and query, with
// the next cursor) into the request for that page: what r does, sent to
// the link's path and parameters under the client's base address.
func next(r request, link string) (request, error) {
	u, err := url.Parse(link)
	if err != nil || u.IsAbs() || u.Host != "" {
		return r, fmt.Errorf("next link %q is not a path of this server", link)
	}
	r.path, r.query = u.EscapedPath(), u.Query()
	return r, nil
}
