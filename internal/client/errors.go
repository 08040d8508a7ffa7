package client

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Error is an answer of the server other than success, in the API's one
// error shape.
type Error struct {
	Status    int
	Code      string
	Message   string
	RequestID string
	// Hint says what to do about it, when a person can fix it.
	Hint string
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("server answered %d", e.Status)
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	if e.RequestID != "" {
		msg += " [request " + e.RequestID + "]"
	}
	return msg
}

// hints say what to do about the answers a person can fix, whatever
// was asked; a 403 depends on what was asked (request.forbidden).
var hints = map[int]string{
	http.StatusUnauthorized: "the token is wrong, revoked or from another server's store: check --token",
	http.StatusNotFound:     "check --server, and --tenant against the token's tenants",
}

// errorOf reads an error answer; one that is not in the API's shape
// (a proxy's page, say) still gives its status. forbidden is the hint
// for a 403.
func errorOf(resp *http.Response, forbidden string) error {
	e := &Error{Status: resp.StatusCode, Hint: hints[resp.StatusCode]}
	if resp.StatusCode == http.StatusForbidden {
		e.Hint = forbidden
	}
	var body struct {
		Error struct {
			Code      string `json:"code"`
			Message   string `json:"message"`
			RequestID string `json:"requestId"`
		} `json:"error"`
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(raw, &body) == nil {
		e.Code, e.Message, e.RequestID = body.Error.Code, body.Error.Message, body.Error.RequestID
	}
	return e
}
