package gen

import (
	"math"
	"strconv"
	"time"
)

// ACS diagnostic-settings categories the generator writes.
const (
	categorySummary     = "CallSummary"
	categoryDiagnostics = "CallDiagnostics"
)

// acsWriter renders a Virtual Visits call as ACS log records in the
// storage-export envelope (acs-logs §2.5): one CallSummary record per
// participant connection (per endpoint in P2P, plus now and then the
// media server's), one CallDiagnostics record per stream. Values are
// messy the way real exports are: numbers as strings or numbers, missing
// values as null or "null", VoIP/VOIP, a stray space before an id, small
// loss rates in scientific notation.
type acsWriter struct {
	r        *rng
	w        jsonw
	resource string
	emit     func(category string, t time.Time, line []byte) error
	at       time.Time // the time of the record being written
	spells   map[*stream]spell
}

func (a *acsWriter) call(c *call) error {
	at := c.end.Add(c.delay)
	group := c.kind == kindACSGroup
	if group && a.r.chance(0.5) {
		a.serverSummary(c, at)
		if err := a.emit(categorySummary, at, a.w.b); err != nil {
			return err
		}
	}
	for _, s := range c.sessions {
		a.summary(c, s, s.caller, s.callerEnd, s.start, at)
		if err := a.emit(categorySummary, at, a.w.b); err != nil {
			return err
		}
		if !group && !s.calleeAbsent {
			answered := s.start.Add(seconds(1 + a.r.between(1, 8)))
			if answered.After(s.end) {
				answered = s.end
			}
			a.summary(c, s, s.callee, s.calleeEnd, answered, at)
			if err := a.emit(categorySummary, at, a.w.b); err != nil {
				return err
			}
		}
	}
	for _, s := range c.sessions {
		for _, g := range s.segments {
			for _, m := range g.media {
				for _, st := range m.streams {
					a.diagnostics(c, s, m.kind, st, at)
					if err := a.emit(categoryDiagnostics, at, a.w.b); err != nil {
						return err
					}
				}
			}
		}
	}
	if err := a.surveys(c); err != nil {
		return err
	}
	if c.mediaStats {
		return a.timeSeries(c)
	}
	return nil
}

func (a *acsWriter) envelope(c *call, category string, at time.Time) {
	w := &a.w
	w.reset()
	w.beginObject()
	w.acsTime("time", at)
	w.str("resourceId", a.resource)
	w.str("correlationId", c.id)
	w.str("operationName", category)
	w.str("operationVersion", "1.0")
	w.str("category", category)
	w.object("properties")
}

func (a *acsWriter) summary(c *call, s *session, e *endpoint, end acsEnd, start, at time.Time) {
	w, r := &a.w, a.r
	group := c.kind == kindACSGroup
	a.envelope(c, categorySummary, at)
	w.str("identifier", e.party.id)
	w.acsTime("callStartTime", c.start)
	a.number("callDuration", math.Round(c.end.Sub(c.start).Seconds()), 0)
	if group {
		w.str("callType", "Group")
	} else {
		w.str("callType", "P2P")
	}
	if c.threadID != "" {
		w.str("teamsThreadId", c.threadID)
	} else {
		a.missing("teamsThreadId")
	}
	if group {
		id := s.id
		if r.chance(0.02) {
			id = " " + id // as in the published samples
		}
		w.str("participantId", id)
	} else {
		a.missing("participantId")
	}
	if e.party.tenant != "" {
		w.str("participantTenantId", e.party.tenant)
	}
	w.acsTime("participantStartTime", start)
	a.number("participantDuration", math.Max(0, math.Round(s.end.Sub(start).Seconds())), 0)
	w.str("participantEndReason", end.code)
	w.str("participantEndSubCode", end.sub)
	w.str("resultCategory", end.category)
	w.str("endpointId", e.endpointID)
	a.voip("endpointType")
	w.str("sdkVersion", e.sdk)
	if r.chance(0.03) {
		w.str("osVersion", "null")
	} else {
		w.str("osVersion", e.os)
	}
	w.str("participantType", e.participantType)
	if e.party.kind == member && r.chance(0.3) {
		w.str("diagnosticOptions", `{"appName":"VirtualVisits","appVersion":"3.4.1","tags":{"clinic":"`+e.party.user.site.code+`"}}`)
	}
	w.endObject()
	w.endObject()
}

// serverSummary is the media server's own summary row: call-level only.
func (a *acsWriter) serverSummary(c *call, at time.Time) {
	w := &a.w
	a.envelope(c, categorySummary, at)
	a.missing("identifier")
	w.acsTime("callStartTime", c.start)
	a.number("callDuration", math.Round(c.end.Sub(c.start).Seconds()), 0)
	w.str("callType", "Group")
	if c.threadID != "" {
		w.str("teamsThreadId", c.threadID)
	} else {
		a.missing("teamsThreadId")
	}
	a.missing("participantId")
	a.missing("endpointId")
	w.str("endpointType", "Server")
	w.str("sdkVersion", "null")
	w.str("osVersion", "null")
	w.endObject()
	w.endObject()
}

// diagnostics writes one stream. In group calls the participant's rows
// are its outbound streams and the server's rows (no endpoint, no
// identifier) its inbound ones; in P2P each row is the outbound stream of
// the endpoint that sent it.
func (a *acsWriter) diagnostics(c *call, s *session, kind mediaKind, st *stream, at time.Time) {
	w, r := &a.w, a.r
	group := c.kind == kindACSGroup
	a.envelope(c, categoryDiagnostics, at)
	sender := s.caller
	if !st.toCallee {
		sender = s.callee
	}
	server := sender.service()
	if server {
		a.missing("identifier")
	} else {
		w.str("identifier", sender.party.id)
	}
	if group {
		w.str("participantId", s.id)
	} else {
		a.missing("participantId")
	}
	if server {
		if r.chance(0.5) {
			w.null("endpointId")
		} else {
			w.str("endpointId", "null")
		}
		w.str("endpointType", "Server")
	} else {
		w.str("endpointId", sender.endpointID)
		a.voip("endpointType")
	}
	w.str("mediaType", []string{"Audio", "Video", "VBSS"}[kind])
	if r.chance(0.5) {
		w.str("streamId", st.id)
	} else {
		w.key("streamId") // a number, as in newer exports
		w.b = append(w.b, st.id...)
		w.more = true
	}
	if sender.net.transport == "tcp" {
		w.str("transportType", "TCP")
	} else {
		w.str("transportType", "UDP")
	}
	a.number("roundTripTimeAvg", math.Round(st.rtt), 0)
	a.number("roundTripTimeMax", math.Round(st.maxRTT), 0)
	a.number("jitterAvg", math.Round(st.jitter), 0)
	a.number("jitterMax", math.Round(st.maxJitter), 0)
	a.rate("packetLossRateAvg", st.loss)
	a.rate("packetLossRateMax", st.maxLoss)
	if kind == audio {
		a.number("JitterBufferSizeAvg", math.Round(st.jitterBuffer), 0)
		a.number("JitterBufferSizeMax", math.Round(st.jbMax), 0)
		a.rate("HealedDataRatioAvg", st.healed)
		a.rate("HealedDataRatioMax", st.healedMax)
	} else {
		a.number("VideoFrameRateAvg", st.fps, 2)
		if !st.toCallee || !group {
			a.number("RecvResolutionHeight", st.height, 0)
			a.number("RecvFreezeDurationPerMinuteInMs", st.freezePerMinute, 1)
		}
		a.number("VideoBitRateAvg", math.Round(st.bitrate), 0)
		a.number("VideoBitRateMax", math.Round(st.maxBitrate), 0)
	}
	a.number("PacketUtilization", float64(st.packets), 0)
	if !server && r.chance(0.6) {
		w.str("StreamDirection", "Outbound")
	}
	w.str("CodecName", st.codec)
	w.endObject()
	w.endObject()
}

// number writes v as a JSON number or, half the time, as a string.
func (a *acsWriter) number(k string, v float64, digits int) {
	w := &a.w
	if a.r.chance(0.5) {
		w.float(k, v, digits)
		return
	}
	w.key(k)
	w.b = append(w.b, '"')
	w.b = appendFloat(w.b, v, digits)
	w.b = append(w.b, '"')
	w.more = true
}

// rate writes a ratio; small ones as strings come in scientific notation
// ("3.146336E-05"), as the published samples show.
func (a *acsWriter) rate(k string, v float64) {
	w := &a.w
	if v > 0 && v < 0.001 && a.r.chance(0.5) {
		w.key(k)
		w.b = append(w.b, '"')
		w.b = strconv.AppendFloat(w.b, v, 'E', 6, 64)
		w.b = append(w.b, '"')
		w.more = true
		return
	}
	a.number(k, v, 6)
}

// missing writes a value the record does not have: null or "null".
func (a *acsWriter) missing(k string) {
	if a.r.chance(0.5) {
		a.w.null(k)
	} else {
		a.w.str(k, "null")
	}
}

// voip writes the client endpoint type in either of its spellings.
func (a *acsWriter) voip(k string) {
	if a.r.chance(0.7) {
		a.w.str(k, "VoIP")
	} else {
		a.w.str(k, "VOIP")
	}
}
