package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/ingest"
)

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

	var sum ingest.Summary
	err := c.getJSON(ctx, request{method: http.MethodPost, path: "/api/v1/ingest", body: pr, contentType: mw.FormDataContentType(),
		does: "send files to", forbidden: "uploads need an admin token", accept: []int{http.StatusUnprocessableEntity}}, &sum)
	var fe *fileError
	if errors.As(err, &fe) {
		return nil, fe
	}
	if err != nil {
		return nil, err
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
