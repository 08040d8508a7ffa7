package api

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/callscope/callscope/internal/building"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// Audit actions of building files.
const (
	actionReplaceBuildings = "replace-buildings"
	actionReadBuildings    = "read-buildings"
)

// buildingRow is one row of the building file as the API shows it.
type buildingRow struct {
	Line               int    `json:"line"`
	NetworkIP          string `json:"networkIP"`
	NetworkRange       int    `json:"networkRange"`
	NetworkName        string `json:"networkName"`
	BuildingName       string `json:"buildingName"`
	OwnershipType      string `json:"ownershipType"`
	BuildingType       string `json:"buildingType"`
	BuildingOfficeType string `json:"buildingOfficeType"`
	City               string `json:"city"`
	ZipCode            string `json:"zipCode"`
	Country            string `json:"country"`
	State              string `json:"state"`
	Region             string `json:"region"`
	InsideCorp         bool   `json:"insideCorp"`
	ExpressRoute       bool   `json:"expressRoute"`
	VPN                bool   `json:"vpn"`
}

func rowOf(b model.Building) buildingRow {
	return buildingRow{Line: b.Line, NetworkIP: b.NetworkIP.Addr().String(), NetworkRange: b.NetworkIP.Bits(),
		NetworkName: b.NetworkName, BuildingName: b.BuildingName, OwnershipType: b.OwnershipType,
		BuildingType: b.BuildingType, BuildingOfficeType: b.BuildingOfficeType, City: b.City, ZipCode: b.ZipCode,
		Country: b.Country, State: b.State, Region: b.Region,
		InsideCorp: b.InsideCorp, ExpressRoute: b.ExpressRoute, VPN: b.VPN}
}

type buildingsResponse struct {
	// UploadedAt is when the active file was uploaded; absent when there
	// is none.
	UploadedAt *time.Time    `json:"uploadedAt,omitempty"`
	Rows       int           `json:"rows"`
	Subnets    uint64        `json:"subnets"`
	Buildings  []buildingRow `json:"buildings,omitempty"`
}

// replaceBuildings is PUT /api/v1/buildings: the body is a CQD building
// file (CSV or TSV, no header, 15 columns) that becomes the tenant's
// active one, replacing the last whole, as in CQD. A file with problems
// is refused whole with every problem by line and field (422), and the
// active file stays.
func (s *Server) replaceBuildings(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	name := bodyName(r)
	m, err := building.Parse(r.Body, name)
	var bad *building.Error
	switch {
	case errors.As(err, &bad):
		ae := &apiError{status: http.StatusUnprocessableEntity, code: codeInvalidFile,
			message: fmt.Sprintf("building file %s refused: %d problems; the active file is unchanged", name, len(bad.Problems)+bad.More),
			more:    bad.More}
		for _, p := range bad.Problems {
			ae.problems = append(ae.problems, problemDetail{Line: p.Line, Field: p.Field, Message: p.Msg})
		}
		return ae
	case err != nil:
		return err
	}
	rows := m.All()
	now := s.cfg.Now()
	if err := s.cfg.Store.ReplaceBuildings(r.Context(), rc.tenant, rows, now); err != nil {
		if errors.Is(err, store.ErrInvalid) {
			return &apiError{status: http.StatusUnprocessableEntity, code: codeInvalidFile, message: err.Error(), cause: err}
		}
		return err
	}
	if err := s.recordAudit(r, rc, actionReplaceBuildings, "", fmt.Sprintf("file=%s; rows=%d", name, len(rows))); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, summarizeBuildings(rows, now, false), plain)
}

// buildings is GET /api/v1/buildings: the active building file, as rows
// (JSON) or, with ?format=csv, as the file itself to edit and upload
// again.
func (s *Server) buildings(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	format, err := param(r.URL.Query(), "format")
	if err != nil {
		return err
	}
	if format != "" && format != "json" && format != "csv" {
		return badParam("format", "want json or csv")
	}
	rows, at, err := s.cfg.Store.Buildings(r.Context(), rc.tenant)
	if err != nil {
		return err
	}
	if err := s.recordAudit(r, rc, actionReadBuildings, "", "format="+format); err != nil {
		return err
	}
	if format == "csv" {
		h := w.Header()
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="buildings.csv"`)
		w.WriteHeader(http.StatusOK)
		// Headers are sent: a failure now is the client gone away.
		_ = building.Write(w, rows)
		return nil
	}
	return writeJSON(w, http.StatusOK, summarizeBuildings(rows, at, true), plain)
}

func summarizeBuildings(rows []model.Building, at time.Time, withRows bool) buildingsResponse {
	resp := buildingsResponse{Rows: len(rows)}
	if !at.IsZero() {
		resp.UploadedAt = &at
	}
	for _, b := range rows {
		resp.Subnets += b.ExpandedRows()
		if withRows {
			resp.Buildings = append(resp.Buildings, rowOf(b))
		}
	}
	return resp
}

// missingSubnet is one row of the missing-subnet report.
type missingSubnet struct {
	Subnet    string    `json:"subnet"`
	Streams   int       `json:"audioStreams"`
	Poor      int       `json:"poorStreams"`
	FirstSeen time.Time `json:"firstSeen"`
	LastSeen  time.Time `json:"lastSeen"`
}

type missingSubnetsResponse struct {
	Days       int             `json:"days"`
	MinStreams int             `json:"minStreams"`
	Subnets    []missingSubnet `json:"subnets"`
}

// Limits of the missing-subnet report.
const (
	missingDefaultDays  = 30
	missingMaxDays      = 366
	missingDefaultLimit = 500
	missingMaxLimit     = 10_000
)

// missingSubnets is GET /api/v1/buildings/missing-subnets: CQD's report
// of the subnets clients used in audio streams of the last days that no
// row of the building file maps, most streams first.
func (s *Server) missingSubnets(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	q := r.URL.Query()
	days, err := intParam(q, "days", missingDefaultDays, 1, missingMaxDays)
	if err != nil {
		return err
	}
	minStreams, err := intParam(q, "minStreams", store.DefaultMissingSubnetStreams, 1, 1_000_000)
	if err != nil {
		return err
	}
	limit, err := intParam(q, "limit", missingDefaultLimit, 1, missingMaxLimit)
	if err != nil {
		return err
	}
	found, err := s.cfg.Store.MissingSubnets(r.Context(), store.MissingSubnetQuery{
		Tenant: rc.tenant, Since: s.cfg.Now().Add(-time.Duration(days) * 24 * time.Hour), MinStreams: minStreams, Limit: limit,
	})
	if err != nil {
		return err
	}
	resp := missingSubnetsResponse{Days: days, MinStreams: minStreams, Subnets: make([]missingSubnet, 0, len(found))}
	for _, c := range found {
		resp.Subnets = append(resp.Subnets, missingSubnet{Subnet: c.Subnet, Streams: c.Streams, Poor: c.Poor, FirstSeen: c.First, LastSeen: c.Last})
	}
	return writeJSON(w, http.StatusOK, resp, plain)
}
