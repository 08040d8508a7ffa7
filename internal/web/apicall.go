package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// apiClient asks the API for a page's data inside the process, through
// the API's own handler: authentication, tenant, permissions, redaction,
// withheld marking and the audit log all happen there, exactly as for a
// client on the network.
type apiClient struct {
	h http.Handler
}

// apiError is a refusal or failure the API answered with; its message
// is fit for the user (the API's messages are), and status is what the
// page answers with.
type apiError struct {
	Status    int
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"requestId"`
	Problems  []struct {
		Line    int    `json:"line"`
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"problems"`
	More int `json:"more"`
}

func (e *apiError) Error() string {
	return fmt.Sprintf("api %d %s: %s", e.Status, e.Code, e.Message)
}

// apiRequest is one call of the API.
type apiRequest struct {
	method string
	// path is the API path, e.g. /api/v1/users; query its parameters.
	path  string
	query url.Values
	// token is the bearer token to ask with.
	token string
	body  io.Reader
	// header is added to the request (Content-Type of uploads).
	header http.Header
}

// recorder is the response writer the API writes to: the whole body in
// memory, since API answers a page needs are small (a call detail is
// tens of kilobytes; a large meeting's comes a page of sessions at a
// time).
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// do sends req and returns the raw answer; a status other than 2xx is an
// *apiError.
func (c apiClient) do(ctx context.Context, req apiRequest) (*recorder, error) {
	target := req.path
	if len(req.query) > 0 {
		target += "?" + req.query.Encode()
	}
	body := req.body
	if body == nil {
		body = http.NoBody
	}
	r, err := http.NewRequestWithContext(ctx, req.method, target, body)
	if err != nil {
		return nil, fmt.Errorf("api request %s %s: %w", req.method, req.path, err)
	}
	// The inner request is the server talking to itself.
	r.RemoteAddr = "127.0.0.1:0"
	r.Host = "callscope"
	for k, vs := range req.header {
		for _, v := range vs {
			r.Header.Add(k, v)
		}
	}
	if req.token != "" {
		r.Header.Set("Authorization", "Bearer "+req.token)
	}
	rec := &recorder{header: http.Header{}}
	c.h.ServeHTTP(rec, r)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	if rec.status < 200 || rec.status > 299 {
		e := &apiError{Status: rec.status}
		var eb struct {
			Error *apiError `json:"error"`
		}
		eb.Error = e
		if err := json.Unmarshal(rec.body.Bytes(), &eb); err != nil || e.Message == "" {
			e.Message = strings.TrimSpace(http.StatusText(rec.status))
		}
		e.Status = rec.status
		return nil, e
	}
	return rec, nil
}

// getJSON asks the API with GET and decodes its JSON answer into v.
func (c apiClient) getJSON(ctx context.Context, token, path string, query url.Values, v any) error {
	rec, err := c.do(ctx, apiRequest{method: http.MethodGet, path: path, query: query, token: token})
	if err != nil {
		return err
	}
	if err := json.Unmarshal(rec.body.Bytes(), v); err != nil {
		return fmt.Errorf("decode %s: %w", path, err)
	}
	return nil
}

// asAPIError reports the API's refusal behind err, if it is one.
func asAPIError(err error) (*apiError, bool) {
	var ae *apiError
	ok := errors.As(err, &ae)
	return ae, ok
}
