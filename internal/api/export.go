package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/store"
)

// actionExportFacts is audited for every export of stream facts with
// personal data in them.
const actionExportFacts = "export-stream-facts"

// exportTimeout bounds an export, as uploadTimeout bounds an upload:
// exports of whole months take longer than the server's deadlines.
const exportTimeout = 30 * time.Minute

// exportFormat reads ?format=, "" when absent.
func exportFormat(r *http.Request) (store.ExportFormat, error) {
	v, err := param(r.URL.Query(), "format")
	if err != nil || v == "" || v == "json" {
		return "", err
	}
	f, err := store.ParseExportFormat(v)
	if err != nil {
		return "", badParam("format", "want json, csv or parquet")
	}
	return f, nil
}

// fileWriter sends its first bytes with the headers of a download, so
// that an export failing before it writes can still answer with a JSON
// error.
type fileWriter struct {
	w       http.ResponseWriter
	format  store.ExportFormat
	name    string
	started bool
}

func (f *fileWriter) Write(p []byte) (int, error) {
	if !f.started {
		f.started = true
		h := f.w.Header()
		h.Set("Content-Type", f.format.ContentType())
		h.Set("Content-Disposition", `attachment; filename="`+f.name+"."+string(f.format)+`"`)
		h.Set("Cache-Control", "no-store")
		f.w.WriteHeader(http.StatusOK)
	}
	return f.w.Write(p)
}

// sendExport runs export into a download named name.
func (s *Server) sendExport(w http.ResponseWriter, rc *reqCtx, format store.ExportFormat, name string, export func(*fileWriter) error) error {
	ctl := http.NewResponseController(w)
	if err := ctl.SetWriteDeadline(time.Now().Add(exportTimeout)); err != nil {
		s.log.Warn("export deadline not extended", "id", rc.id, "error", err)
	}
	fw := &fileWriter{w: w, format: format, name: name}
	err := export(fw)
	if err != nil && fw.started {
		// Headers are gone; the client sees a cut-off file.
		s.log.Error("export failed midway", "id", rc.id, "error", scrub(err.Error()))
		return nil
	}
	if errors.Is(err, store.ErrInvalid) {
		return &apiError{status: http.StatusBadRequest, code: codeBadRequest, message: strings.ReplaceAll(err.Error(), "\n", "; ")}
	}
	if err == nil && !fw.started {
		_, err = fw.Write(nil)
	}
	return err
}

// streamFacts is GET /api/v1/cqd/streams: every stream fact the
// dashboard filters select, as CSV or Parquet, with user ids and access
// points for the roles that may see them (audited).
func (s *Server) streamFacts(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	format, err := exportFormat(r)
	if err != nil {
		return err
	}
	if format == "" {
		return badParam("format", "stream facts come as csv or parquet")
	}
	q, err := s.filterQuery(r, rc, "filter, since, until, days and format")
	if err != nil {
		return err
	}
	personal := rc.principal.Role.Can(access.SeeAllNames) && rc.principal.Role.Can(access.SeeAdvanced)
	if q.Personal() && !personal {
		return forbidden("access points (bssid) are personal data this role may not see")
	}
	if personal {
		if err := s.recordAudit(r, rc, actionExportFacts, "", r.URL.RawQuery); err != nil {
			return err
		}
	}
	return s.sendExport(w, rc, format, "streams", func(fw *fileWriter) error {
		return s.cfg.Store.ExportFacts(r.Context(), q, format, personal, fw)
	})
}
