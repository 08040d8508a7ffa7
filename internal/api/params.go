package api

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// param returns the single value of a query parameter, "" when absent;
// a parameter given twice is an error rather than a guess.
func param(q url.Values, name string) (string, error) {
	vs := q[name]
	switch len(vs) {
	case 0:
		return "", nil
	case 1:
		return strings.TrimSpace(vs[0]), nil
	}
	return "", badParam(name, "given %d times; give it once", len(vs))
}

// intParam reads an integer parameter within [min, max], def when absent.
func intParam(q url.Values, name string, def, min, max int) (int, error) {
	v, err := param(q, name)
	if err != nil || v == "" {
		return def, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, badParam(name, "%q is not a whole number from %d to %d", v, min, max)
	}
	return n, nil
}

// boolParam reads true/false (or 1/0), false when absent.
func boolParam(q url.Values, name string) (bool, error) {
	v, err := param(q, name)
	if err != nil {
		return false, err
	}
	switch v {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	}
	return false, badParam(name, "want true or false")
}

// withoutParams is q less the parameters named.
func withoutParams(q url.Values, names ...string) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = v
	}
	for _, n := range names {
		delete(out, n)
	}
	return out
}

// timeParam reads an RFC 3339 time, zero when absent.
func timeParam(q url.Values, name string) (time.Time, error) {
	v, err := param(q, name)
	if err != nil || v == "" {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, badParam(name, "%q is not an RFC 3339 time such as 2025-03-14T09:00:00Z", v)
	}
	return t, nil
}

// A cursor is an opaque page position for clients; inside, it is the
// offset of the next page. maxOffset bounds how deep a list may be paged.
const maxOffset = 1_000_000

func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o" + strconv.Itoa(offset)))
}

func cursorParam(q url.Values) (int, error) {
	v, err := param(q, "cursor")
	if err != nil || v == "" {
		return 0, err
	}
	raw, err := base64.RawURLEncoding.DecodeString(v)
	if err == nil && len(raw) > 1 && raw[0] == 'o' {
		if n, err := strconv.Atoi(string(raw[1:])); err == nil && n >= 0 && n <= maxOffset {
			return n, nil
		}
	}
	return 0, badParam("cursor", "not a cursor this API gave out; use the next link of the previous page")
}

func itoa(n int) string { return strconv.Itoa(n) }
