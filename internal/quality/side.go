package quality

import (
	"strings"

	"github.com/callscope/callscope/internal/model"
)

const (
	sideCaller = "caller"
	sideCallee = "callee"
)

// ends returns a segment's endpoints, falling back to the session's where
// the segment omits them (Graph's own examples do).
func ends(s *model.Session, g *model.Segment) (caller, callee *model.Endpoint) {
	caller, callee = g.Caller, g.Callee
	if caller == nil {
		caller = s.Caller
	}
	if callee == nil {
		callee = s.Callee
	}
	return caller, callee
}

// blame names the side whose network a stream's problem concerns. When
// exactly one end is a service (conference server, gateway), the client's
// last mile is by far the likelier culprit, whichever way the stream
// flows; between two clients, or two services, it is the sender's: loss
// and jitter measured at the receiver are mostly made on the sender's
// uplink. Without a direction there is no sender, and no side.
func blame(caller, callee *model.Endpoint, dir model.Opt[model.StreamDirection]) string {
	cs, es := caller.Kind() == model.EndpointService, callee.Kind() == model.EndpointService
	switch {
	case es && !cs:
		return sideCaller
	case cs && !es:
		return sideCallee
	}
	switch dir.Value() {
	case model.CallerToCallee:
		return sideCaller
	case model.CalleeToCaller:
		return sideCallee
	}
	return ""
}

// inbound reports whether a stream is inbound for CQD's VBSS rule: whether
// a client receives it. A stream a client sends to a service is the
// client's outbound stream; between clients every stream is inbound to
// its receiver, which is the view CQD's inbound rule takes. Without a
// direction the receiver's view is taken too.
func inbound(caller, callee *model.Endpoint, dir model.Opt[model.StreamDirection]) bool {
	switch dir.Value() {
	case model.CallerToCallee:
		return callee.Kind() != model.EndpointService
	case model.CalleeToCaller:
		return caller.Kind() != model.EndpointService
	}
	return true
}

// inboundAlone is inbound for a stream seen without its segment: an ACS
// row that says Outbound is outbound, anything else is taken from the
// receiver's view.
func inboundAlone(s *model.Stream) bool {
	return s == nil || s.ACS == nil || !strings.EqualFold(strings.TrimSpace(s.ACS.Direction), "outbound")
}
