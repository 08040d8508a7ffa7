package web

import (
	"net/http"
	"time"
)

// collectionStatus is GET /api/v1/collection's answer.
type collectionStatus struct {
	Jobs []struct {
		Name        string    `json:"name"`
		LastAttempt time.Time `json:"lastAttempt"`
		LastSuccess time.Time `json:"lastSuccess"`
		LastError   string    `json:"lastError"`
		Failures    int       `json:"failures"`
	} `json:"jobs"`
	Subscriptions []struct {
		ID      string    `json:"id"`
		Expires time.Time `json:"expires"`
		Renewed time.Time `json:"renewed"`
	} `json:"subscriptions"`
	Queue struct {
		Pending int `json:"pending"`
		Failing int `json:"failing"`
		Failed  []struct {
			Record     string    `json:"record"`
			Attempts   int       `json:"attempts"`
			LastError  string    `json:"lastError"`
			FirstNoted time.Time `json:"firstNoted"`
			Retry      time.Time `json:"retry"`
		} `json:"failed"`
	} `json:"queue"`
}

// collectionPage is GET /collection: what collection from Graph and ACS
// storage last did for the tenant, for an administrator who wants to
// know whether calls are still coming in, and if not, why.
func (s *Server) collectionPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	var st collectionStatus
	if err := s.api.getJSON(r.Context(), ss.token, "/api/v1/collection", nil, &st); err != nil {
		return err
	}
	return s.show(w, r, ss, "collection", "collection", "Collection", &st)
}
