package gen

import (
	"time"
)

// Graph @odata.type values.
const (
	odataParticipantEndpoint = "#microsoft.graph.callRecords.participantEndpoint"
	odataServiceEndpoint     = "#microsoft.graph.callRecords.serviceEndpoint"
	odataClientUserAgent     = "#microsoft.graph.callRecords.clientUserAgent"
	odataServiceUserAgent    = "#microsoft.graph.callRecords.serviceUserAgent"
	odataUserIdentity        = "#microsoft.graph.callRecords.userIdentity"
	odataGuestIdentity       = "#microsoft.graph.communicationsGuestIdentity"
)

// graphRecord renders version v of a call as one Graph callRecord, as GET
// /communications/callRecords/{id}?$expand=sessions($expand=segments),participants_v2
// returns it. Versions before the last lack what arrives late: device
// reports, user feedback and the secondary stream metrics (peaks,
// concealment, degradation, video detail), but have every session and
// stream, so that only the content grows from version to version.
//
// When pageSize is above 0 and the call has more participants, only the
// first pageSize are inline, followed by participants_v2@odata.nextLink,
// as Graph pages them; graphParticipantPage renders the rest. Sessions
// are all inline, as a collector stores a record once it has followed
// sessions@odata.nextLink: a large meeting is one record of megabytes.
func graphRecord(w *jsonw, c *call, v, pageSize int) {
	final := v == c.versions
	w.reset()
	w.beginObject()
	w.str("id", c.id)
	w.int("version", int64(v))
	if c.kind == kindMeeting {
		w.str("type", "groupCall")
	} else {
		w.str("type", "peerToPeer")
	}
	w.array("modalities")
	for _, m := range modalities(c.sessions...) {
		w.elem(m)
	}
	w.endArray()
	published := c.end.Add(c.delay + time.Duration(v-1)*(2*time.Hour+c.delay))
	w.time("lastModifiedDateTime", published)
	w.time("startDateTime", c.start)
	w.time("endDateTime", c.end)
	if c.joinURL != "" {
		w.str("joinWebUrl", c.joinURL)
	} else {
		w.null("joinWebUrl")
	}
	w.object("organizer_v2")
	participantBody(w, c, c.organizer)
	w.endObject()
	w.array("participants_v2")
	first := c.participants
	if pageSize > 0 && len(first) > pageSize {
		first = first[:pageSize]
	}
	for _, p := range first {
		w.beginObject()
		participantBody(w, c, p)
		w.endObject()
	}
	w.endArray()
	if len(first) < len(c.participants) {
		w.str("participants_v2@odata.nextLink", participantsLink(c, len(first)))
	}
	w.array("sessions")
	for _, s := range c.sessions {
		graphSession(w, s, final)
	}
	w.endArray()
	w.endObject()
}

// participantBody writes a participant entity's id and identity set.
func participantBody(w *jsonw, c *call, p *party) {
	w.str("id", p.id)
	w.object("identity")
	switch p.kind {
	case phoneNumber:
		w.object("phone")
		w.str("id", p.id)
		w.null("displayName")
		w.endObject()
	case guest:
		w.object("guest")
		w.str("id", p.id)
		w.null("displayName")
		w.endObject()
	default:
		w.object("user")
		identityBody(w, p)
		w.endObject()
		// A Teams Phone user's number shows on the calls that reach the PSTN.
		if p.phone != "" && (c.kind == kindPSTN || c.kind == kindDirect) {
			w.object("phone")
			w.str("id", p.phone)
			w.null("displayName")
			w.endObject()
		}
	}
	w.endObject()
}

// identityBody writes an identity's properties: other tenants' users and
// guests come without a display name, as Graph delivers them.
func identityBody(w *jsonw, p *party) {
	w.str("id", p.id)
	if p.name != "" {
		w.str("displayName", p.name)
	} else {
		w.null("displayName")
	}
	if p.tenant != "" {
		w.str("tenantId", p.tenant)
	}
	if p.upn != "" {
		w.str("userPrincipalName", p.upn)
	}
}

func graphSession(w *jsonw, s *session, final bool) {
	w.beginObject()
	w.str("id", s.id)
	w.array("modalities")
	for _, m := range modalities(s) {
		w.elem(m)
	}
	w.endArray()
	w.time("startDateTime", s.start)
	w.time("endDateTime", s.end)
	w.boolean("isTest", false)
	w.object("caller")
	graphEndpoint(w, s.caller, final, true)
	w.endObject()
	w.object("callee")
	graphEndpoint(w, s.callee, final, true)
	w.endObject()
	if s.failure != nil {
		graphFailure(w, s.failure)
	}
	w.array("segments")
	for _, g := range s.segments {
		w.beginObject()
		w.str("id", g.id)
		w.time("startDateTime", g.start)
		w.time("endDateTime", g.end)
		w.object("caller")
		graphEndpoint(w, g.caller, final, false)
		w.endObject()
		w.object("callee")
		graphEndpoint(w, g.callee, final, false)
		w.endObject()
		if g.failure != nil {
			graphFailure(w, g.failure)
		}
		w.array("media")
		for i, m := range g.media {
			graphMedia(w, g, m, i, final)
		}
		w.endArray()
		w.endObject()
	}
	w.endArray()
	w.endObject()
}

func graphFailure(w *jsonw, f *failure) {
	w.object("failureInfo")
	w.str("stage", f.stage)
	w.str("reason", f.reason)
	w.endObject()
}

// graphEndpoint writes a participantEndpoint or serviceEndpoint. Feedback
// belongs to the session's endpoints, and arrives with the final version.
func graphEndpoint(w *jsonw, e *endpoint, final, withFeedback bool) {
	if e.service() {
		w.str("@odata.type", odataServiceEndpoint)
		w.object("userAgent")
		w.str("@odata.type", odataServiceUserAgent)
		w.str("headerValue", e.header)
		w.str("role", e.role)
		w.endObject()
		return
	}
	w.str("@odata.type", odataParticipantEndpoint)
	if e.machine != "" && !e.hidden {
		w.str("name", e.machine)
		if e.cpu != nil {
			w.str("cpuName", e.cpu.name)
			w.int("cpuCoresCount", e.cpu.cores)
			w.int("cpuProcessorSpeedInMhz", e.cpu.mhz)
		}
	}
	w.object("userAgent")
	w.str("@odata.type", odataClientUserAgent)
	w.str("applicationVersion", e.build.version)
	w.str("headerValue", e.build.header)
	w.str("platform", e.build.platform)
	w.str("productFamily", "teams")
	w.endObject()
	w.object("associatedIdentity")
	if e.party.kind == guest {
		w.str("@odata.type", odataGuestIdentity)
	} else {
		w.str("@odata.type", odataUserIdentity)
	}
	identityBody(w, e.party)
	w.endObject()
	if f := e.feedback; f != nil && final && withFeedback {
		w.object("feedback")
		w.str("rating", f.rating)
		if len(f.tokens) > 0 {
			w.object("tokens")
			for _, t := range f.tokens {
				w.boolean(t, true)
			}
			w.endObject()
		}
		if f.text != "" {
			w.str("text", f.text)
		}
		w.endObject()
	}
}

func graphMedia(w *jsonw, g *segment, m *media, index int, final bool) {
	w.beginObject()
	w.str("label", m.kind.label())
	if n := g.caller; !n.hidden {
		w.object("callerNetwork")
		graphNetwork(w, n, index)
		w.endObject()
	}
	if n := g.callee; !n.hidden {
		w.object("calleeNetwork")
		graphNetwork(w, n, index)
		w.endObject()
	}
	if m.kind == audio && final {
		for _, side := range []struct {
			key string
			e   *endpoint
		}{{"callerDevice", g.caller}, {"calleeDevice", g.callee}} {
			if side.e.dev != nil && !side.e.hidden && !side.e.service() {
				w.object(side.key)
				graphDevice(w, side.e.dev)
				w.endObject()
			}
		}
	}
	w.array("streams")
	for _, st := range m.streams {
		graphStream(w, m.kind, st, final)
	}
	w.endArray()
	w.endObject()
}

// graphNetwork writes networkInfo; each media of a segment uses its own
// local port.
func graphNetwork(w *jsonw, e *endpoint, index int) {
	n := e.net
	if e.service() {
		w.str("connectionType", "wired")
		w.str("networkTransportProtocol", "udp")
		w.str("ipAddress", e.addr)
		w.int("port", 3478+int64(index))
		w.array("traceRouteHops")
		w.endArray()
		return
	}
	w.str("connectionType", n.conn)
	w.str("networkTransportProtocol", n.transport)
	w.str("ipAddress", n.ip)
	w.str("subnet", n.subnet)
	w.str("reflexiveIPAddress", n.reflexive)
	w.str("relayIPAddress", n.relay)
	w.int("relayPort", n.relayPort)
	w.int("port", n.port+2*int64(index))
	w.str("macAddress", n.mac)
	if n.linkSpeed > 0 {
		w.int("linkSpeed", n.linkSpeed)
	}
	if n.dnsSuffix != "" {
		w.str("dnsSuffix", n.dnsSuffix)
	} else {
		w.null("dnsSuffix")
	}
	if wf := n.wifi; wf != nil {
		w.str("basicServiceSetIdentifier", wf.bssid)
		w.str("wifiBand", wf.band)
		w.str("wifiRadioType", wf.radio)
		w.int("wifiChannel", wf.channel)
		w.int("wifiSignalStrength", wf.signal)
		if wf.battery > 0 {
			w.int("wifiBatteryCharge", wf.battery)
		}
		if wf.vendor != "" {
			w.str("wifiMicrosoftDriver", "Microsoft")
			w.str("wifiMicrosoftDriverVersion", "10.0.22621.1")
			w.str("wifiVendorDriver", wf.vendor)
			w.str("wifiVendorDriverVersion", wf.vendorVersion)
		}
	}
	w.float("sentQualityEventRatio", n.events[0], 4)
	w.float("receivedQualityEventRatio", n.events[1], 4)
	w.float("delayEventRatio", n.events[2], 4)
	w.float("bandwidthLowEventRatio", n.events[3], 4)
	w.array("traceRouteHops")
	w.endArray()
}

func graphDevice(w *jsonw, d *deviceState) {
	w.str("captureDeviceName", d.d.capture)
	if d.d.driver != "" {
		w.str("captureDeviceDriver", d.d.driver)
	}
	w.str("renderDeviceName", d.d.render)
	if d.d.driver != "" {
		w.str("renderDeviceDriver", d.d.driver)
	}
	w.float("captureNotFunctioningEventRatio", d.captureNF, 4)
	w.float("renderNotFunctioningEventRatio", d.renderNF, 4)
	w.float("cpuInsufficentEventRatio", d.cpuLow, 4)
	w.float("deviceClippingEventRatio", d.clipping, 4)
	w.float("deviceGlitchEventRatio", d.glitch, 4)
	w.int("howlingEventCount", d.howling)
	w.float("initialSignalLevelRootMeanSquare", d.rms, 2)
	w.float("lowSpeechLevelEventRatio", d.lowSpeech, 4)
	w.float("lowSpeechToNoiseEventRatio", d.lowSNR, 4)
	w.float("micGlitchRate", d.micGlitch, 2)
	w.float("speakerGlitchRate", d.speakerGlitch, 2)
	w.int("receivedNoiseLevel", d.recvNoise)
	w.int("receivedSignalLevel", d.recvSignal)
	w.int("sentNoiseLevel", d.sentNoise)
	w.int("sentSignalLevel", d.sentSignal)
	w.float("renderMuteEventRatio", d.renderMute, 4)
	w.float("renderZeroVolumeEventRatio", d.renderZeroVolume, 4)
}

// graphStream writes a mediaStream. Streams of a muted sender carry too
// few packets for concealment and degradation, which Graph then reports
// as null.
func graphStream(w *jsonw, kind mediaKind, st *stream, final bool) {
	w.beginObject()
	w.str("streamId", st.id)
	if st.toCallee {
		w.str("streamDirection", "callerToCallee")
	} else {
		w.str("streamDirection", "calleeToCaller")
	}
	if kind == audio {
		w.str("audioCodec", st.codec)
	} else {
		w.str("videoCodec", st.codec)
	}
	w.duration("averageJitter", st.jitter)
	w.float("averagePacketLossRate", st.loss, 5)
	w.duration("averageRoundTripTime", st.rtt)
	w.int("packetUtilization", st.packets)
	w.int("averageBandwidthEstimate", st.bandwidth)
	w.boolean("wasMediaBypassed", st.bypassed)
	if final {
		w.duration("maxJitter", st.maxJitter)
		w.float("maxPacketLossRate", st.maxLoss, 5)
		w.duration("maxRoundTripTime", st.maxRTT)
	}
	switch kind {
	case audio:
		w.boolean("isAudioForwardErrorCorrectionUsed", st.fec)
		if !final {
			break
		}
		if st.packets < 500 {
			w.null("averageAudioDegradation")
			w.null("averageRatioOfConcealedSamples")
		} else {
			w.float("averageAudioDegradation", st.degradation, 3)
			w.float("averageRatioOfConcealedSamples", st.conceal, 4)
			w.float("maxRatioOfConcealedSamples", st.maxConceal, 4)
		}
		w.duration("averageAudioNetworkJitter", st.netJitter)
		w.duration("maxAudioNetworkJitter", st.maxNetJitter)
	default:
		w.float("averageVideoFrameRate", st.fps, 2)
		w.float("averageVideoFrameLossPercentage", st.frameLoss, 2)
		w.float("postForwardErrorCorrectionPacketLossRate", st.postFEC, 5)
		if !final {
			break
		}
		w.float("averageReceivedFrameRate", st.recvFPS, 2)
		w.float("averageVideoPacketLossRate", st.videoLoss, 5)
		w.float("lowFrameRateRatio", st.lowFPS, 4)
		w.float("lowVideoProcessingCapabilityRatio", st.lowProcessing, 4)
		w.duration("averageFreezeDuration", st.freeze)
		w.duration("rmsFreezeDuration", st.rmsFreeze)
	}
	w.endObject()
}
