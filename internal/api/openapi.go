package api

import (
	_ "embed"
	"net/http"
	"strconv"
)

// openAPIDoc is the API's OpenAPI 3 description, kept beside the code
// that serves it; a test holds the two to the same routes.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, _ *http.Request, _ *reqCtx) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(openAPIDoc)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(openAPIDoc)
	return nil
}
