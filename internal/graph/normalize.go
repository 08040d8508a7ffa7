package graph

import (
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// Normalize brings a Call built from Graph data into the form the rest of
// callscope relies on, whether DecodeCallRecord built it or the live
// collector assembled it from pages: Source is graph, the id is trimmed,
// and null elements of its lists are dropped.
//
// The nextLinks (sessions@odata.nextLink, participants_v2@odata.nextLink)
// are kept verbatim, even the "$metadata#…" placeholders of the docs
// examples: they say that the record is incomplete, and the collector,
// not the decoder, decides whether a link can be followed. Tenant is left
// alone: it belongs to whoever observed the call. Normalize is idempotent
// and does nothing to a nil Call.
func Normalize(c *model.Call) {
	if c == nil {
		return
	}
	c.Source = model.SourceGraph
	c.ID = strings.TrimSpace(c.ID)
	dropNils(c)
}
