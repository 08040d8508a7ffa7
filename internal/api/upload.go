package api

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/callscope/callscope/internal/ingest"
)

// upload is POST /api/v1/ingest: one telemetry file as the body (any
// format `callscope ingest` reads, gzip included, whatever the
// Content-Type), or multipart/form-data with one or more files. The
// files are streamed into one ingest batch, so memory follows a record,
// not an upload, and the summary is the one `callscope ingest` gives for
// the same files. The answer is ingest's summary, with
// the uploaded file names: 200 when everything was read, 422 when some
// records were rejected (the rest is stored), 413 past MaxUploadBytes
// (what came before the limit is stored: ingesting is idempotent, so the
// file can simply be sent again whole).
func (s *Server) upload(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	// Uploads may take longer than the server's deadlines allow other
	// requests.
	ctl := http.NewResponseController(w)
	deadline := time.Now().Add(uploadTimeout)
	if err := errors.Join(ctl.SetReadDeadline(deadline), ctl.SetWriteDeadline(deadline)); err != nil {
		s.log.Warn("upload deadline not extended", "id", rc.id, "error", err)
	}
	batch, err := ingest.Start(r.Context(), s.cfg.Store, ingest.Options{
		Tenant: rc.tenant, Prepare: s.cfg.Judge, Now: s.cfg.Now, MaxRecordBytes: s.cfg.MaxRecordBytes,
		// Ingest's own log quotes rejected records, which may hold
		// names and numbers.
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return err
	}
	var names []string
	ingestOne := func(name string, body io.Reader) error {
		names = append(names, name)
		if err := batch.Add(name, body); err != nil {
			return fmt.Errorf("ingest upload %s: %w", name, err)
		}
		return nil
	}

	watch := &limitWatch{r: r.Body}
	r.Body = struct {
		io.Reader
		io.Closer
	}{watch, r.Body}
	err = s.readUpload(r, ingestOne)
	total, ferr := batch.Finish()
	if err == nil && ferr != nil {
		err = fmt.Errorf("ingest upload: %w", ferr)
	}
	s.metrics.ingested(total)
	if err == nil && watch.hit {
		err = tooLarge(s.cfg.MaxUploadBytes)
	}
	if aerr := s.recordAudit(r, rc, actionUpload, "", "files="+strings.Join(names, ",")); err == nil {
		err = aerr
	}
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(total.Rejected) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return writeJSON(w, status, total, plain)
}

// readUpload calls fn for every file of the request.
func (s *Server) readUpload(r *http.Request, fn func(name string, body io.Reader) error) error {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return fn(bodyName(r), r.Body)
	}
	if params["boundary"] == "" {
		return badParam("Content-Type", "multipart/form-data without a boundary")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return badParam("Content-Type", "not a multipart body: %v", err)
	}
	files := 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return tooLarge(mbe.Limit)
			}
			return badParam("body", "multipart body cannot be read: %v", err)
		}
		name := partFileName(part)
		if name == "" {
			// A form field, not a file.
			part.Close()
			continue
		}
		files++
		err = fn(cleanName(name, files), part)
		part.Close()
		if err != nil {
			return err
		}
	}
	if files == 0 {
		return badParam("file", "the multipart body holds no file")
	}
	return nil
}

// maxNameLen bounds an uploaded file's name: a storage export's path,
// with its resource id, takes about 300 characters.
const maxNameLen = 512

// partFileName is a multipart file's name with its folders, which
// Part.FileName drops: the category of an ACS storage export is in them.
func partFileName(part *multipart.Part) string {
	_, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
	if err != nil {
		return part.FileName()
	}
	return params["filename"]
}

// bodyName names a single-file upload: ?name=, else the Content-Disposition
// file name, else "upload".
func bodyName(r *http.Request) string {
	if n := r.URL.Query().Get("name"); n != "" {
		return cleanName(n, 1)
	}
	if _, params, err := mime.ParseMediaType(r.Header.Get("Content-Disposition")); err == nil && params["filename"] != "" {
		return cleanName(params["filename"], 1)
	}
	return "upload"
}

// cleanName keeps an uploaded file's name printable and short, since it
// goes into the summary and the audit log. Its folders are kept: the ACS
// log category of a storage export is read from its path
// (insights-logs-<category>/…/PT1H.json).
func cleanName(name string, n int) string {
	name = strings.TrimLeft(path.Clean("/"+strings.ReplaceAll(name, `\`, "/")), "/")
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == ',' {
			return '_'
		}
		return r
	}, name)
	if name == "" || name == "." || name == "/" {
		return fmt.Sprintf("upload-%d", n)
	}
	if len(name) > maxNameLen {
		// The end tells the file.
		cut := len(name) - maxNameLen
		for cut < len(name) && !utf8.RuneStart(name[cut]) {
			cut++
		}
		name = name[cut:]
	}
	return name
}

// limitWatch notes when the body hits its size limit: ingest reports a
// read error as a rejected file and goes on, so the upload must learn of
// it here to answer 413.
type limitWatch struct {
	r   io.Reader
	hit bool
}

func (l *limitWatch) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	var mbe *http.MaxBytesError
	if err != nil && errors.As(err, &mbe) {
		l.hit = true
	}
	return n, err
}
