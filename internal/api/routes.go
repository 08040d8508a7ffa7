package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/callscope/callscope/internal/access"
)

// route is one endpoint: its pattern, who may call it, and its handler.
// The table is the single list of what the API serves; the OpenAPI
// document is checked against it.
type route struct {
	method, path string
	// public routes need no token; all /api routes need one.
	public bool
	// perm, when set, is the permission the caller's role needs.
	perm access.Permission
	// upload routes take bodies up to MaxUploadBytes, others
	// MaxBodyBytes.
	upload bool
	h      handler
}

// handler serves one request of a route. Errors it returns are sent in
// the one error shape (asAPIError); it must not have written anything
// before returning one.
type handler func(w http.ResponseWriter, r *http.Request, rc *reqCtx) error

func (rt route) pattern() string { return rt.method + " " + rt.path }

// table lists the routes.
func (s *Server) table() []route {
	return []route{
		{method: http.MethodGet, path: "/healthz", public: true, h: s.healthz},
		{method: http.MethodGet, path: "/readyz", public: true, h: s.readyz},
		{method: http.MethodGet, path: "/metrics", public: true, h: s.serveMetrics},
		{method: http.MethodGet, path: "/api/v1/openapi.json", h: s.openAPI},
		{method: http.MethodGet, path: "/api/v1/me", h: s.me},
		{method: http.MethodGet, path: "/api/v1/users", h: s.searchUsers},
		{method: http.MethodGet, path: "/api/v1/users/{user}/calls", h: s.userCalls},
		{method: http.MethodGet, path: "/api/v1/calls", perm: access.SeeDashboard, h: s.tenantCalls},
		{method: http.MethodGet, path: "/api/v1/calls/{id}", h: s.callDetail},
		{method: http.MethodGet, path: "/api/v1/calls/{id}/record", h: s.callRecord},
		{method: http.MethodGet, path: "/api/v1/calls/{id}/timeline", h: s.callTimeline},
		{method: http.MethodGet, path: "/api/v1/calls/{id}/participants", h: s.callParticipants},
		{method: http.MethodGet, path: "/api/v1/calls/{id}/verdicts", h: s.callVerdicts},
		{method: http.MethodGet, path: "/api/v1/calls/{id}/series", h: s.callSeries},
		{method: http.MethodPost, path: "/api/v1/ingest", perm: access.Upload, upload: true, h: s.upload},
		{method: http.MethodGet, path: "/api/v1/audit", perm: access.ReadAudit, h: s.auditLog},
		{method: http.MethodGet, path: "/api/v1/collection", perm: access.ManageSettings, h: s.collectionStatus},
		{method: http.MethodGet, path: "/api/v1/cqd", perm: access.SeeDashboard, h: s.dashboard},
		{method: http.MethodGet, path: "/api/v1/cqd/streams", perm: access.SeeDashboard, h: s.streamFacts},
		{method: http.MethodGet, path: "/api/v1/poor-calls", perm: access.SeeDashboard, h: s.poorCalls},
		{method: http.MethodGet, path: "/api/v1/failed-calls", perm: access.SeeDashboard, h: s.failedCalls},
		{method: http.MethodGet, path: "/api/v1/reports/reliability", perm: access.SeeDashboard, h: s.reliabilityReport},
		{method: http.MethodGet, path: pathPSTNReport, perm: access.SeeDashboard, h: s.pstnReport},
		{method: http.MethodGet, path: pathDirectRouting, perm: access.SeeDashboard, h: s.directRoutingReport},
		{method: http.MethodGet, path: pathUsageRows, perm: access.SeeDashboard, h: s.usageRows},
		{method: http.MethodGet, path: "/api/v1/reports/acs", perm: access.SeeDashboard, h: s.acsReport},
		{method: http.MethodGet, path: "/api/v1/reports/acs/rows", perm: access.SeeDashboard, h: s.acsRows},
		{method: http.MethodGet, path: "/api/v1/reports/acs/calls", perm: access.SeeDashboard, h: s.acsCalls},
		{method: http.MethodGet, path: "/api/v1/buildings", perm: access.ManageSettings, h: s.buildings},
		{method: http.MethodPut, path: "/api/v1/buildings", perm: access.ManageSettings, upload: true, h: s.replaceBuildings},
		{method: http.MethodGet, path: "/api/v1/buildings/missing-subnets", perm: access.ManageSettings, h: s.missingSubnets},
	}
}

// pagesRoute labels the requests of the web pages in logs and metrics.
const pagesRoute = "pages"

// labelled serves h under the route label route, in logs and metrics.
func (s *Server) labelled(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stateOf(r.Context()).route = route
		h.ServeHTTP(w, r)
	})
}

// catchAll reports whether a mux pattern is one of those that catch what
// no route matched, which say nothing of the methods a path allows:
// routes' patterns name their method, the catch-alls ("/", "/api/",
// "/healthz" for its other methods…) do not.
func catchAll(pattern string) bool { return !strings.Contains(pattern, " ") }

// unmatchedRoute labels requests no route matched, in logs and metrics,
// so that probing random paths cannot grow the metrics without bound.
const unmatchedRoute = "unmatched"

// fallback answers what no route matched: 405 with Allow when the path
// exists for other methods, else 404, both in the one error shape
// (ServeMux's own answers are plain text).
func (s *Server) fallback(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r.Context())
	st.route = unmatchedRoute
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); !catchAll(pattern) {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		if slices.Contains(allow, http.MethodGet) {
			allow = append(allow, http.MethodHead)
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, &apiError{status: http.StatusMethodNotAllowed, code: codeMethodNotAllowed,
			message: "method " + r.Method + " not allowed here; allowed: " + strings.Join(allow, ", ")}, st.id)
		return
	}
	writeError(w, notFound("route"), st.id)
}
