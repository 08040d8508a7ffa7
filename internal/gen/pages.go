package gen

import (
	"encoding/base64"
	"strconv"
)

// participantsPageSize is how many participants_v2 Graph returns per
// page, inline in the record and on each further page
// (graph-callrecords §3).
const participantsPageSize = 130

// participantPages is how many participants_v2 pages follow the record
// of c on lines of their own: none when the first page holds everyone.
func participantPages(c *call, pageSize int) int {
	if pageSize <= 0 || len(c.participants) <= pageSize {
		return 0
	}
	return (len(c.participants) - 1) / pageSize
}

// graphParticipantPage renders page n (1 is the first after the record's
// inline one) of the call's participants_v2, as GET
// /communications/callRecords/{id}/participants_v2 returns it: the
// @odata.context naming the record, a nextLink unless it is the last,
// and the participants under "value".
func graphParticipantPage(w *jsonw, c *call, n, pageSize int) {
	from := n * pageSize
	to := min(from+pageSize, len(c.participants))
	w.reset()
	w.beginObject()
	w.str("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('"+c.id+"')/participants_v2")
	if to < len(c.participants) {
		w.str("@odata.nextLink", participantsLink(c, to))
	}
	w.array("value")
	for _, p := range c.participants[from:to] {
		w.beginObject()
		participantBody(w, c, p)
		w.endObject()
	}
	w.endArray()
	w.endObject()
}

// participantsLink is the nextLink to the participants from offset on.
// Real skip tokens are opaque; this one is derived from the call and the
// offset, not drawn, so that rendering a record never consumes the
// generator's randomness (GraphRecords renders fewer versions than
// Generate and must still make the same calls).
func participantsLink(c *call, offset int) string {
	token := base64.RawURLEncoding.EncodeToString([]byte("participants_v2:" + c.id + ":" + strconv.Itoa(offset)))
	return "https://graph.microsoft.com/v1.0/communications/callRecords/" + c.id + "/participants_v2?$skiptoken=" + token
}
