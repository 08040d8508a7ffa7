package web

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

type buildingsSummary struct {
	UploadedAt *time.Time `json:"uploadedAt"`
	Rows       int        `json:"rows"`
	Subnets    uint64     `json:"subnets"`
	Buildings  []struct {
		Line         int    `json:"line"`
		NetworkIP    string `json:"networkIP"`
		NetworkRange int    `json:"networkRange"`
		NetworkName  string `json:"networkName"`
		BuildingName string `json:"buildingName"`
		City         string `json:"city"`
		Country      string `json:"country"`
		InsideCorp   bool   `json:"insideCorp"`
	} `json:"buildings"`
}

type buildingsPageData struct {
	File *buildingsSummary
	// Shown limits the rows listed.
	Shown int
	// Uploaded is the answer to an upload just made; Refused its
	// problems when the file was refused.
	Uploaded *buildingsSummary
	Refused  *apiError
}

// buildingRowsShown bounds the rows listed on the page; the file itself
// is for editing.
const buildingRowsShown = 200

// buildingsPage is GET /buildings: the active building file and the
// form to replace it.
func (s *Server) buildingsPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	return s.showBuildings(w, r, ss, http.StatusOK, buildingsPageData{})
}

func (s *Server) showBuildings(w http.ResponseWriter, r *http.Request, ss *session, status int, pd buildingsPageData) error {
	f, err := s.buildingFile(r.Context(), ss)
	if err != nil {
		return err
	}
	pd.File, pd.Shown = f, min(len(f.Buildings), buildingRowsShown)
	f.Buildings = f.Buildings[:pd.Shown]
	s.render(w, r, status, "buildings", s.dataFor(ss, "buildings", "Buildings", pd))
	return nil
}

func (s *Server) buildingFile(ctx context.Context, ss *session) (*buildingsSummary, error) {
	var f buildingsSummary
	if err := s.api.getJSON(ctx, ss.token, "/api/v1/buildings", nil, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// uploadBuildings is POST /buildings: the form's file goes to
// PUT /api/v1/buildings as it is; a refused file is shown with its
// problems by line and field, and the active file stays.
func (s *Server) uploadBuildings(w http.ResponseWriter, r *http.Request, ss *session) error {
	// The form was parsed by the CSRF check (formValue).
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return &pageError{http.StatusBadRequest, "Choose a building file to upload."}
	}
	defer file.Close()
	rec, err := s.api.do(r.Context(), apiRequest{method: http.MethodPut, path: "/api/v1/buildings", token: ss.token, body: file,
		header: http.Header{
			"Content-Type":        {"text/csv"},
			"Content-Disposition": {mime.FormatMediaType("attachment", map[string]string{"filename": hdr.Filename})},
		}})
	if ae, ok := asAPIError(err); ok && ae.Status == http.StatusUnprocessableEntity {
		return s.showBuildings(w, r, ss, http.StatusUnprocessableEntity, buildingsPageData{Refused: ae})
	}
	if err != nil {
		return err
	}
	var sum buildingsSummary
	if err := jsonBody(rec, &sum); err != nil {
		return err
	}
	s.log.Info("building file replaced", "actor", ss.me.Name, "rows", sum.Rows)
	return s.showBuildings(w, r, ss, http.StatusOK, buildingsPageData{Uploaded: &sum})
}

// buildingCSV is GET /buildings/file.csv: the active building file, to
// edit and upload again, as GET /api/v1/buildings?format=csv writes it.
func (s *Server) buildingCSV(w http.ResponseWriter, r *http.Request, ss *session) error {
	rec, err := s.api.do(r.Context(), apiRequest{method: http.MethodGet, path: "/api/v1/buildings",
		query: url.Values{"format": {"csv"}}, token: ss.token})
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="buildings.csv"`)
	h.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	_, _ = w.Write(rec.body.Bytes())
	return nil
}

type missingSubnet struct {
	Subnet    string    `json:"subnet"`
	Streams   int       `json:"audioStreams"`
	Poor      int       `json:"poorStreams"`
	FirstSeen time.Time `json:"firstSeen"`
	LastSeen  time.Time `json:"lastSeen"`
}

type missingPageData struct {
	Days, MinStreams int
	Subnets          []missingSubnet
	DayChoices       []int
}

// missingPage is GET /buildings/missing: the subnets clients used that
// the building file does not map, most audio streams first.
func (s *Server) missingPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	days := 30
	if n, err := strconv.Atoi(r.URL.Query().Get("days")); err == nil && n >= 1 && n <= 366 {
		days = n
	}
	var resp struct {
		Days       int             `json:"days"`
		MinStreams int             `json:"minStreams"`
		Subnets    []missingSubnet `json:"subnets"`
	}
	if err := s.api.getJSON(r.Context(), ss.token, "/api/v1/buildings/missing-subnets", url.Values{"days": {strconv.Itoa(days)}}, &resp); err != nil {
		return err
	}
	return s.show(w, r, ss, "missing", "buildings", "Missing subnets",
		missingPageData{Days: resp.Days, MinStreams: resp.MinStreams, Subnets: resp.Subnets, DayChoices: []int{7, 30, 90}})
}

// jsonBody decodes an API answer already received.
func jsonBody(rec *recorder, v any) error {
	if err := json.Unmarshal(rec.body.Bytes(), v); err != nil {
		return fmt.Errorf("decode api answer: %w", err)
	}
	return nil
}
