package msgraph

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// graphError reads Graph's error body, {"error":{"code","message"}}.
func graphError(body []byte) (code, message string) {
	var b struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &b) != nil {
		return "", ""
	}
	return b.Error.Code, firstLine(b.Error.Message)
}

// statusError turns an answer that is neither success nor retried into an
// *Error that says what to fix.
func (c *Client) statusError(resp *http.Response, body []byte, what string) error {
	code, msg := graphError(body)
	e := &Error{Status: resp.StatusCode, Code: code, RequestID: resp.Header.Get("request-id")}
	detail := ""
	if code != "" || msg != "" {
		detail = fmt.Sprintf(" (%s: %s)", code, msg)
	}
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		e.Kind = ErrUnauthorized
		e.Message = fmt.Sprintf("Graph at %s refused the access token for %s%s: the sign-in host %s and the Graph host must be of the same cloud, and the app must be registered in tenant %s",
			c.graph.Host, what, detail, c.login.Host, c.tenant)
	case http.StatusForbidden:
		e.Kind = ErrPermission
		e.Message = fmt.Sprintf("Graph refused %s%s: the app %s needs the Microsoft Graph application permission CallRecords.Read.All, with admin consent granted in tenant %s (API permissions → Add a permission → Microsoft Graph → Application permissions)",
			what, detail, c.clientID, c.tenant)
	case http.StatusNotFound:
		e.Kind = ErrNotFound
		e.Message = fmt.Sprintf("Graph has no %s%s: call records are kept 30 days, and a new one can take up to 150 minutes to appear", what, detail)
	case http.StatusBadRequest:
		e.Kind = ErrBadResponse
		e.Message = fmt.Sprintf("Graph refused the request for %s as malformed%s", what, detail)
	default:
		e.Kind = ErrBadResponse
		e.Message = fmt.Sprintf("Graph answered %d %s to the request for %s%s", resp.StatusCode, strings.ToLower(http.StatusText(resp.StatusCode)), what, detail)
	}
	return e
}
