package msgraph

import (
	"crypto/sha256"
	"fmt"
	"net/url"
	"strings"
)

// walk guards one walk over pages: it checks every link before it is
// followed, remembers the links already fetched to catch loops, and
// counts pages against a bound. It keeps a 16-byte digest per page, not
// the link, so a long listing costs little memory.
type walk struct {
	graph *url.URL
	what  string
	max   int
	seen  map[[16]byte]struct{}
}

func newWalk(graph *url.URL, what string, maxPages int) *walk {
	return &walk{graph: graph, what: what, max: maxPages, seen: map[[16]byte]struct{}{}}
}

// visit records that link is about to be fetched. Links are compared
// exactly as given: Graph's links are opaque, and two spellings of the
// same page are not expected from it.
func (w *walk) visit(link string) error {
	sum := sha256.Sum256([]byte(link))
	var k [16]byte
	copy(k[:], sum[:])
	if _, dup := w.seen[k]; dup {
		return &Error{Kind: ErrPageLoop, Message: fmt.Sprintf(
			"Graph's paging of %s leads back to a page already fetched (%s); stopping instead of looping", w.what, link)}
	}
	if len(w.seen) >= w.max {
		return &Error{Kind: ErrTooManyPages, Message: fmt.Sprintf(
			"%s has more than %d pages; stopping (raise MaxPages if that is real)", w.what, w.max)}
	}
	w.seen[k] = struct{}{}
	return nil
}

// checkLink accepts a nextLink only if it is an absolute URL of the
// configured Graph host: the request carries the bearer token, which must
// never go to another host. The "$metadata#…" placeholders of the docs
// examples are not request URLs and are refused too.
func (w *walk) checkLink(name, link string) error {
	u, err := url.Parse(link)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return &Error{Kind: ErrBadResponse, Message: fmt.Sprintf("the %s of %s is not an absolute URL: %q", name, w.what, link)}
	}
	if !strings.EqualFold(u.Scheme, w.graph.Scheme) || !strings.EqualFold(u.Host, w.graph.Host) {
		return &Error{Kind: ErrBadResponse, Message: fmt.Sprintf(
			"the %s of %s points at %s, not at the Graph host %s; not following it", name, w.what, u.Host, w.graph.Host)}
	}
	if u.Fragment != "" || strings.Contains(u.Path, "/$metadata") {
		return &Error{Kind: ErrBadResponse, Message: fmt.Sprintf("the %s of %s is a metadata reference, not a page: %q", name, w.what, link)}
	}
	return nil
}

// odataQuery encodes OData query options the way Graph's docs write them:
// spaces as %20 (never "+", which OData may read literally), and $ ( ) =
// , ' : left as they are.
func odataQuery(pairs ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(pairs); i += 2 {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(odataEscape(pairs[i]))
		b.WriteByte('=')
		b.WriteString(odataEscape(pairs[i+1]))
	}
	return b.String()
}

var odataUnescape = strings.NewReplacer("+", "%20", "%24", "$", "%28", "(", "%29", ")", "%3D", "=", "%2C", ",", "%27", "'", "%3A", ":")

func odataEscape(s string) string {
	return odataUnescape.Replace(url.QueryEscape(s))
}
