package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/ingest"
)

// Client sends requests to one server with one API token. It is safe
// for concurrent use.
type Client struct {
	base   *url.URL
	token  string
	tenant string
	http   *http.Client
}

// uploadTimeout bounds one upload, as the server does.
const uploadTimeout = 30 * time.Minute

// New checks the server's address and the token. tenant, when not
// empty, is sent as ?tenant= (the token's default tenant otherwise).
func New(server, token, tenant string) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(server), "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("server %q: want an address such as http://127.0.0.1:8080", server)
	}
	if strings.TrimSpace(token) == "" {
		return nil, errors.New("no API token: give --token or set CALLSCOPE_TOKEN (callscope token create --role admin)")
	}
	return &Client{base: u, token: strings.TrimSpace(token), tenant: tenant,
		http: &http.Client{Timeout: uploadTimeout}}, nil
}

// File is one telemetry file to send.
type File struct {
	// Name is the file's path as the user gave it; problems in the
	// summary are named by it.
	Name string
	// Open opens the file, when its turn comes, as it is on disk: the
	// server tells gzip by its first bytes.
	Open func() (io.ReadCloser, error)
}

// Ingest sends files to POST /api/v1/ingest as one multipart body,
// streamed, so that memory does not follow their size, and returns the
// server's summary: the one `callscope ingest` gives for the same files
// (a call spread over several files counted once). Files that the
// server read with some records rejected (422) are a summary too, not
// an error.
func (c *Client) Ingest(ctx context.Context, files []File) (*ingest.Summary, error) {
	u := c.base.JoinPath("/api/v1/ingest")
	if c.tenant != "" {
		u.RawQuery = url.Values{"tenant": {c.tenant}}.Encode()
	}
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	// The server names files by their paths, from which it also reads the
	// category of an ACS storage export; wire maps them back.
	wire := make(map[string]string, len(files))
	for _, f := range files {
		wire[wireName(f.Name)] = f.Name
	}
	go func() { pw.CloseWithError(writeFiles(mw, files)) }()
	defer pr.Close()

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), pr)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.http.Do(req)
	if err != nil {
		var fe *fileError
		if errors.As(err, &fe) {
			return nil, fe
		}
		return nil, fmt.Errorf("send files to %s: %w", c.base.Redacted(), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusUnprocessableEntity {
		return nil, fmt.Errorf("send files to %s: %w", c.base.Redacted(), errorOf(resp))
	}
	var sum ingest.Summary
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxSummaryBytes)).Decode(&sum); err != nil {
		return nil, fmt.Errorf("send files to %s: the answer is not an ingest summary: %w", c.base.Redacted(), err)
	}
	sum.Elapsed = time.Duration(sum.Seconds * float64(time.Second))
	for _, list := range [][]ingest.Problem{sum.Rejected, sum.Skipped, sum.Incomplete} {
		for i := range list {
			if local, ok := wire[list[i].File]; ok {
				list[i].File = local
			}
		}
	}
	return &sum, nil
}

// wireName is a file's path as sent: with forward slashes, without
// "..", ".", or a leading "/", which is how the server keeps it.
func wireName(name string) string {
	if name == "-" {
		return name
	}
	return strings.TrimLeft(path.Clean("/"+filepath.ToSlash(name)), "/")
}

// writeFiles writes each file as a part of the body, then its end.
func writeFiles(mw *multipart.Writer, files []File) error {
	for _, f := range files {
		w, err := mw.CreateFormFile("file", wireName(f.Name))
		if err != nil {
			return err
		}
		rc, err := f.Open()
		if err != nil {
			return &fileError{name: f.Name, err: err}
		}
		_, err = io.Copy(w, rc)
		rc.Close()
		if err != nil {
			return &fileError{name: f.Name, err: err}
		}
	}
	return mw.Close()
}

// fileError is a local file that could not be read while sending.
type fileError struct {
	name string
	err  error
}

func (e *fileError) Error() string { return fmt.Sprintf("input %s: %v", e.name, e.err) }
func (e *fileError) Unwrap() error { return e.err }

// maxSummaryBytes bounds what is read of an answer: a summary lists
// every rejected record, so it can be long, but not without end.
const maxSummaryBytes = 256 << 20
