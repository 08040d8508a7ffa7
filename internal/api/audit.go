package api

import (
	"net/http"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// Audit actions the API writes.
const (
	actionSearchUsers   = "search-users"
	actionViewUserCalls = "view-user-calls"
	// actionViewTenantCalls: the list of everyone's calls, which names
	// no subject.
	actionViewTenantCalls = "view-tenant-calls"
	actionViewCall        = "view-call"
	actionUpload          = "upload"
	actionReadAudit       = "read-audit"
)

// recordAudit queues who did what to whose data for the audit log: a
// handler calls it after building its response and before sending it,
// and sends nothing if it fails. Phone numbers in subject and detail are
// masked as everywhere else: the log is read through the API too.
func (s *Server) recordAudit(r *http.Request, rc *reqCtx, action, subject, detail string) error {
	return s.audit.record(r.Context(), store.AuditEntry{
		Time:    s.cfg.Now(),
		Actor:   rc.principal.Name,
		TokenID: rc.principal.TokenID,
		Role:    string(rc.principal.Role),
		Tenant:  rc.tenant,
		Action:  action,
		Subject: s.cfg.Policy.MaskText(subject),
		Detail:  s.cfg.Policy.MaskText(detail),
	})
}

// auditEntry is one audit log entry as the API shows it.
type auditEntry struct {
	Time    time.Time `json:"time"`
	Actor   string    `json:"actor"`
	TokenID string    `json:"tokenId,omitempty"`
	Role    string    `json:"role"`
	Tenant  string    `json:"tenant"`
	Action  string    `json:"action"`
	Subject string    `json:"subject,omitempty"`
	Detail  string    `json:"detail,omitempty"`
}

type auditResponse struct {
	Entries []auditEntry `json:"entries"`
	Next    string       `json:"next,omitempty"`
}

// Limits of an audit log page.
const (
	auditDefaultLimit = 100
	auditMaxLimit     = 1000
)

// auditLog is GET /api/v1/audit: the tenant's audit entries, newest
// first. Reading the log is itself recorded.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	q := r.URL.Query()
	since, err := timeParam(q, "since")
	if err != nil {
		return err
	}
	until, err := timeParam(q, "until")
	if err != nil {
		return err
	}
	if !since.IsZero() && !until.IsZero() && !until.After(since) {
		return badParam("until", "must be after since")
	}
	actor, err := param(q, "actor")
	if err != nil {
		return err
	}
	limit, err := intParam(q, "limit", auditDefaultLimit, 1, auditMaxLimit)
	if err != nil {
		return err
	}
	offset, err := cursorParam(q)
	if err != nil {
		return err
	}
	// What is still queued belongs in the answer.
	if err := s.audit.flush(r.Context()); err != nil {
		return err
	}
	entries, err := s.cfg.Store.AuditLog(r.Context(), store.AuditFilter{
		Tenant: rc.tenant, Since: since, Until: until, Actor: actor, Limit: limit + 1, Offset: offset,
	})
	if err != nil {
		return err
	}
	resp := auditResponse{Entries: make([]auditEntry, 0, min(len(entries), limit))}
	for i, e := range entries {
		if i == limit {
			resp.Next = nextLink(r, encodeCursor(offset+limit))
			break
		}
		resp.Entries = append(resp.Entries, auditEntry(e))
	}
	if err := s.recordAudit(r, rc, actionReadAudit, actor, q.Encode()); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, resp, plain)
}

// nextLink is the request's own URL with the cursor of the next page.
func nextLink(r *http.Request, cursor string) string {
	q := r.URL.Query()
	q.Set("cursor", cursor)
	return r.URL.Path + "?" + q.Encode()
}
