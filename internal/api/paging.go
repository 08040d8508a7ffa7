package api

import (
	"net/http"
	"net/url"
)

// A call's views page their long lists, as the user's call list does
// (limit, an opaque cursor, and a next link while more follow): a town
// hall has hundreds of sessions and participants, and a view of all of
// them would be megabytes built on every request.
const (
	// Sessions per page of GET /api/v1/calls/{id} and /verdicts.
	// A town hall's session holds about 20 KB of the debug section's
	// JSON: 20 sessions keep an engineer's page near 0.5 MB.
	sessionsDefaultLimit = 20
	sessionsMaxLimit     = 200
	// Participants per page of /participants and /timeline.
	participantsDefaultLimit = 100
	participantsMaxLimit     = 500
	// overviewParticipants is how many participants the overview lists,
	// the first of the participant list; the rest are on the
	// participants route's pages (participantsNext).
	overviewParticipants = 100
)

// window is one page of a list: where it starts and how long it may be.
type window struct{ offset, limit int }

// windowParam reads a page's ?limit= (def when absent, 1 to max) and
// ?cursor=.
func windowParam(q url.Values, def, max int) (window, error) {
	limit, err := intParam(q, "limit", def, 1, max)
	if err != nil {
		return window{}, err
	}
	offset, err := cursorParam(q)
	if err != nil {
		return window{}, err
	}
	return window{offset: offset, limit: limit}, nil
}

// bounds is the part [from, to) of a list of n that the page holds;
// from = to = n past the end.
func (w window) bounds(n int) (from, to int) {
	return min(w.offset, n), min(w.offset+w.limit, n)
}

// indexes lists the page's part of a list of n.
func (w window) indexes(n int) []int {
	from, to := w.bounds(n)
	out := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// next is the link to the page after this one of a list of n, "" when
// none follows: the request's own URL with the next cursor.
func (w window) next(r *http.Request, n int) string {
	if w.offset+w.limit >= n {
		return ""
	}
	return nextLink(r, encodeCursor(w.offset+w.limit))
}

// participantsLink is the participants route's page of call id that
// starts at offset, asked as the request r asked for the call: with its
// tenant and looked-up user, the client's own parameters, and nothing
// else.
func participantsLink(r *http.Request, id string, offset int) string {
	in := r.URL.Query()
	q := url.Values{}
	for _, k := range []string{"tenant", "user"} {
		if v, ok := in[k]; ok {
			q[k] = v
		}
	}
	q.Set("cursor", encodeCursor(offset))
	return "/api/v1/calls/" + url.PathEscape(id) + "/participants?" + q.Encode()
}
