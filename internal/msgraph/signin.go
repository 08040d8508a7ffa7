package msgraph

import (
	"encoding/json"
	"errors"
	"net"
	"regexp"
	"strconv"
	"strings"
)

var aadstsRE = regexp.MustCompile(`AADSTS(\d+)`)

// aadstsCode finds the Entra error number of a token error: in the
// description's "AADSTS7000215: …" or else in the body's error_codes.
func aadstsCode(description string, body []byte) string {
	if m := aadstsRE.FindStringSubmatch(description); m != nil {
		return m[1]
	}
	var b struct {
		Codes []int64 `json:"error_codes"`
	}
	if json.Unmarshal(body, &b) == nil && len(b.Codes) > 0 {
		return strconv.FormatInt(b.Codes[0], 10)
	}
	if m := aadstsRE.FindSubmatch(body); m != nil {
		return string(m[1])
	}
	return ""
}

// isNetworkError tells a host that could not be reached (DNS, refused,
// reset, timeout, TLS) from an answer that came back.
func isNetworkError(err error) bool {
	var ne net.Error
	var oe *net.OpError
	var de *net.DNSError
	return errors.As(err, &ne) || errors.As(err, &oe) || errors.As(err, &de)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(s)
}
