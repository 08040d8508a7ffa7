package api

import (
	"net/http"

	"github.com/callscope/callscope/internal/access"
)

// healthz tells load balancers and supervisors the process serves.
func (s *Server) healthz(w http.ResponseWriter, _ *http.Request, _ *reqCtx) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"}, plain)
}

// meResponse tells a client what its token may do, so that a page can
// hide what the role cannot use rather than fail on it.
type meResponse struct {
	Name        string              `json:"name"`
	TokenID     string              `json:"tokenId,omitempty"`
	Role        access.Role         `json:"role"`
	Tenant      string              `json:"tenant"`
	Tenants     []string            `json:"tenants"`
	Permissions []access.Permission `json:"permissions"`
}

func (s *Server) me(w http.ResponseWriter, _ *http.Request, rc *reqCtx) error {
	p := rc.principal
	perms := []access.Permission{}
	for _, perm := range access.Permissions() {
		if p.Role.Can(perm) {
			perms = append(perms, perm)
		}
	}
	return writeJSON(w, http.StatusOK, meResponse{
		Name: p.Name, TokenID: p.TokenID, Role: p.Role, Tenant: rc.tenant, Tenants: p.Tenants, Permissions: perms,
	}, plain)
}
