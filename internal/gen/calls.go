package gen

import "time"

// The generator builds each call as a small tree of these types, then
// renders it as Graph JSON or ACS log records, then forgets it: one call
// in memory at a time.

type callKind uint8

const (
	kindPeer     callKind = iota // Teams 1:1 VoIP call
	kindMeeting                  // Teams meeting through the conference server
	kindPSTN                     // Calling Plan call out through the mediation server
	kindDirect                   // direct-routing call in through the organization's SBC
	kindACSPeer                  // Virtual Visits 1:1 call
	kindACSGroup                 // Virtual Visits group call
)

type partyKind uint8

const (
	member      partyKind = iota // a person of the organization
	roomDevice                   // a Teams Rooms resource account
	guest                        // an anonymous meeting guest (teamsvisitor)
	external                     // a federated user of another tenant
	phoneNumber                  // a PSTN party
	acsCustomer                  // a Virtual Visits customer (ACS identity)
)

// party is who takes part in a call.
type party struct {
	kind   partyKind
	user   *user  // members and rooms
	id     string // object id, teamsvisitor id, phone number or ACS id
	name   string // "" is sent as null (guests, other tenants, phones)
	upn    string
	tenant string
	phone  string // a member's direct number, shown on PSTN calls
}

func memberParty(u *user, tenant string) *party {
	k := member
	if u.room {
		k = roomDevice
	}
	return &party{kind: k, user: u, id: u.id, name: u.name, upn: u.upn, tenant: tenant, phone: u.phone}
}

// endpoint is one end of a session or segment: a client of a party, or a
// service (role set).
type endpoint struct {
	party   *party
	role    string // Graph serviceRole of a service endpoint
	header  string // a service's user-agent header
	addr    string // a service's media address
	build   build
	machine string
	cpu     *cpu
	net     *network
	dev     *deviceState
	// hidden: another tenant's endpoint, whose network and devices that
	// tenant keeps to itself.
	hidden   bool
	feedback *feedback

	// ACS
	endpointID      string
	sdk, os         string
	participantType string
	// web: the app in the browser (the Web SDK), the only client that
	// sends end-of-call surveys and media statistics. clientIDs are the
	// ids its client logs give: its participant id in a P2P call (a group
	// call's is its session's) and its CallClient instance id, drawn when
	// first needed.
	web       bool
	clientIDs *[2]string
}

func (e *endpoint) service() bool { return e.role != "" }

// deviceState is an audio device during one session.
type deviceState struct {
	d                                               audioDevice
	captureNF, renderNF, cpuLow, clipping, glitch   float64
	lowSpeech, lowSNR, renderMute, renderZeroVolume float64
	micGlitch, speakerGlitch, rms                   float64
	howling                                         int64
	recvNoise, recvSignal, sentNoise, sentSignal    int64
}

// feedback is the rating a user gave after a session.
type feedback struct {
	rating string
	tokens []string // the tokens set to true
	text   string
}

type failure struct {
	stage, reason string
}

// acsEnd is how a Virtual Visits participant's connection ended.
type acsEnd struct {
	code, sub, category string
}

type session struct {
	id             string
	caller, callee *endpoint
	start, end     time.Time
	failure        *failure
	segments       []*segment

	// ACS: how the caller's and (P2P) the callee's connection ended;
	// calleeAbsent when the callee never had an endpoint in the call
	// (480/10037), so that only the caller's summary is written.
	callerEnd, calleeEnd acsEnd
	calleeAbsent         bool
}

type segment struct {
	id             string
	caller, callee *endpoint
	start, end     time.Time
	failure        *failure
	media          []*media
}

type media struct {
	kind    mediaKind
	streams []*stream
}

// call is one call or meeting.
type call struct {
	id           string
	kind         callKind
	start, end   time.Time
	organizer    *party
	participants []*party
	sessions     []*session
	joinURL      string
	threadID     string // Teams meeting thread (ACS interop)
	// versions is how many versions of the record are published (Graph);
	// reversed writes the older after the newer, as a late re-delivery.
	versions int
	reversed bool
	// delay is how long after the call ended its telemetry was first
	// published.
	delay time.Duration
	// phone is set for PSTN and direct-routing calls: what their usage
	// rows say beyond the record.
	phone *phoneCall
	// ACS: mediaStats is set when the clients log media statistics
	// (CallClientMediaStatsTimeSeries).
	mediaStats bool
}

// counts returns the call's sessions and streams as ingest counts them.
func (c *call) counts() (sessions, streams int) {
	for _, s := range c.sessions {
		sessions++
		for _, g := range s.segments {
			for _, m := range g.media {
				streams += len(m.streams)
			}
		}
	}
	return sessions, streams
}

// modalities lists the call's or a session's modalities in Graph's order.
func modalities(ss ...*session) []string {
	var seen [3]bool
	for _, s := range ss {
		for _, g := range s.segments {
			for _, m := range g.media {
				if len(m.streams) > 0 {
					seen[m.kind] = true
				}
			}
		}
	}
	out := make([]string, 0, 3)
	for k, name := range []string{"audio", "video", "videoBasedScreenSharing"} {
		if seen[k] {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		out = append(out, "audio") // a failed setup still tried audio
	}
	return out
}
