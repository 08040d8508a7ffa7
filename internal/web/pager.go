package web

import (
	"net/url"
	"strings"
)

// The call page shows a large call a page at a time, as the API sends
// it: the Overview, Advanced and Debug tabs one page of sessions, the
// Participants and Timeline tabs one page of participants. These are
// the page sizes it asks the API for.
const (
	sessionsPerPage     = 50
	participantsPerPage = 100
)

// pager tells where a page of a list is, "Sessions 51–100 of 230", and
// links to the next page and back to the first. A list that fits one
// page has no pager.
type pager struct {
	// What names the list's entries: "Sessions", "Participants".
	What string
	// From and To are the page's first and last entries, counted from
	// one; To < From on a page past the end. Of is the list's length.
	From, To, Of int
	// Next and First are the links to the next page and to the first;
	// "" when there is none (the last page; the first page).
	Next, First string
}

// Noun is What in a sentence: "sessions".
func (p *pager) Noun() string { return strings.ToLower(p.What) }

// pagerOf places a page of n entries that starts at offset in a list of
// total. pageHref makes the link to a page from the API's cursor ("" for
// the first page); apiNext is the API's link to the next page, "" on the
// last. Nil when the list fits one page.
func pagerOf(what string, offset, n, total int, apiNext string, pageHref func(cursor string) string) *pager {
	p := &pager{What: what, From: offset + 1, To: offset + n, Of: total}
	if apiNext != "" {
		if u, err := url.Parse(apiNext); err == nil {
			if c := u.Query().Get("cursor"); c != "" {
				p.Next = pageHref(c)
			}
		}
	}
	if offset > 0 {
		p.First = pageHref("")
	}
	if p.Next == "" && p.First == "" {
		return nil
	}
	return p
}
