// Package quality is callscope's quality engine: it judges a model.Call
// in place, the way Microsoft's own tools would, and says why. Every
// stream gets a CQD classification (good, poor, unclassified) with its
// reasons; every session a Call Analytics rating (good, poor,
// unavailable) with yellow and red issues; the call the name of the rule
// set that judged it (Call.Rules). Call and participant ratings are the
// worst of their sessions: model.(*Call).CallRating and ParticipantRatings.
//
// The thresholds are copied from the published definitions in
// shared/reference (quality-definitions.md §1, §2, §4, §5; acs-logs.md §4,
// §5; graph-callrecords.md §2.7–§2.11, §10). Where the sources leave a
// choice open, the choice is written down below; every line that is
// callscope's own says so in the text of the issues it raises.
//
// # Rule sets
//
// Options.CQDRules picks CQD's stream classification: "2024" (the 10/2024
// text, the default) or "2021" (the older rule, also Lync 2013's
// ClassifiedPoorCall). Engine.Rules names everything that decides a
// verdict, e.g. "cqd-2024/ca-1/acs-1": the CQD version, the revision of
// the session rules (rating, yellow bands, drops, side attribution) and
// the revision of the ACS rules (stream thresholds, diagnostics lines,
// end-code tables). Any change in this package that can change a verdict
// must change that name (cqd-2024.2, ca-2, acs-2), so that stored calls
// judged by older rules can be found and judged again. Judge is
// idempotent: it clears every earlier verdict first.
//
// Each reason and issue names its rule and version: cqd-audio, cqd-video,
// cqd-vbss, cqd-appsharing, cqd ("2024"/"2021"); acs-stream,
// acs-diagnostics, acs-end-reason ("acs-2025"); ca-setup, ca-device
// ("ca-2024", Call Analytics as published); callscope-yellow and
// callscope-drop ("ca-1", callscope's own).
//
// # Streams
//
// The media kind comes from the media label (model.KindOfLabel). Metric
// values are held in the threshold's unit: durations in milliseconds,
// rates as fractions, frame loss in percent. Absent, null and non-finite
// values are "not reported", never zero. A good stream has no reasons; a
// poor one has one per threshold that decided it; an unclassified one has
// a single reason, without a metric, saying why.
//
// Audio, 2024: poor when packetUtilization > 500 and any of
// averageRoundTripTime > 500 ms, averagePacketLossRate > 0.1,
// averageJitter > 30 ms (CQD's "Jitter"); otherwise good. A stream of
// 500 packets or fewer is unclassified ("too few packets"): the reference
// does not say so, but it names low packet utilization as a reason for
// missing metrics, and that is the natural reading. A stream that reports
// metrics but no packet count cannot be shown to meet the precondition
// and is unclassified too; one that reports none of the three metrics is
// unclassified ("no metrics reported").
//
// Audio, 2021: poor when any of averageAudioDegradation > 1.0, RTT > 500
// ms, loss > 0.1, jitter > 30 ms, averageRatioOfConcealedSamples > 0.07;
// no packet condition. Degradation and concealment are ignored for SATIN
// (audioCodec satin or satinFullband, any case), as the 2021 text says.
//
// Video (main-video): under 2024 only streams of more than 500 packets,
// as for audio; then the first reported of averageVideoFrameLossPercentage
// (> 50 % poor), averageVideoFrameRate (< 7 fps poor),
// postForwardErrorCorrectionPacketLossRate (> 0.15 poor) decides: poor when
// it crosses its line, good when not; none reported is unclassified.
// averageReceivedFrameRate is not used: it covers all video streams of the
// session, not this stream.
//
// Frame loss is read as a percentage (0–100), as the property's name,
// CQD's "> 50 %" and the model's convention say. Graph does not document
// the scale. The only values on which a fraction reading would disagree
// are those in (0.5, 1]: as fractions they would be poor, as percentages
// good. Below 1 % frame loss is common on healthy streams, and reading
// them as 50–100 % would turn many good streams poor; so the percentage
// reading holds throughout, and if Graph ever proves to send fractions,
// only streams with more than half their frames lost would be missed.
//
// VBSS (applicationsharing-video), 2024: an inbound stream whose
// videoCodec is not H264S is judged on frame loss > 50 % alone; outbound
// streams and all H264S streams on frame rate < 1 fps alone; the metric
// missing is unclassified. 2021: the video chain with frame rate < 2 fps.
// "Inbound" means received by a client. From the segment's endpoints: a
// stream a client sends to a service endpoint (conference server,
// gateway) is that client's outbound stream; a stream received by a client
// is inbound, so between two clients every stream is inbound to its
// receiver, which is the view CQD's inbound rule takes; a stream without
// a direction is taken from the receiver's view too. ClassifyStream sees
// no segment: it takes the receiver's view unless an ACS row says
// Outbound.
//
// App sharing (RDP): CQD's rule (spoiled tiles > 36 %, RDP tile latency >
// 400 ms, relative one-way > 1.75 s) needs metrics that Graph does not
// report and the model does not hold, so these streams are unclassified
// with that reason; the rule is not implemented until the model has the
// metrics. Data and unknown media are unclassified. CQD's video-freeze
// classifier (a model score) and ICE failures are not in Graph either.
//
// ACS streams (Call.Source acs, Stream.ACS set) are judged by ACS's own
// published rule, the Insights dashboard's: poor when RTT > 500 ms,
// jitter > 30 ms or packet loss > 0.1; no packet precondition, but
// packetUtilization 0 is unclassified ("no media flowing"), since the
// schema warns that media may not have flowed and zeros would otherwise
// look perfect. The rule applies to every media type, as the dashboard
// counts streams of all of them.
//
// # Sessions
//
// A session is poor when it has a rating cause, the three of Call
// Analytics (quality-definitions §2.3): a call-setup failure
// (failureInfo.stage callSetup on the session or a segment, or an ACS end
// code that means setup failed); a poor audio stream; a capture or render
// device not functioning for at least 0.5 % of the call. Otherwise it is
// good when at least one audio stream was classified good or poor, and
// unavailable when none was: no QoE arrived, often a dropped call.
//
// Other red issues name the likely cause of a problem without changing
// the rating, so that callscope's poor rate stays Microsoft's: a mid-call
// failure is a red "reliability" issue, a drop, never a setup failure,
// and a session whose audio was measured good stays good; poor video and
// screen sharing are red in their area. A session with a drop and no
// audio measured is unavailable, as Call Analytics rates a dropped call
// without QoE, not good. A failure at any other stage (unknown, absent)
// is a yellow. A segment that repeats the session's failure adds nothing.
//
// Issues are red (the likely main cause) or yellow (outside the normal
// range, probably not the main cause). Areas: setup, reliability (red:
// drops; yellow: other ends), network, device, media. Each carries the
// metric (Graph property name; the ACS name for metrics Graph lacks),
// value and threshold in the threshold's unit, op, unit, reason text,
// side, segment index, stream id, rule and version. Red issues come
// first, then yellow, each in the order found: session, then segment,
// media, stream. A stream raises at most one issue per family of metrics
// (average and maximum jitter…), the strongest line first; a device or
// network fact repeated on every media of a segment is reported once.
//
// Side: a device or network issue concerns the side it was reported for
// (callerDevice → caller). A stream issue concerns the side whose network
// most likely made it: when exactly one end is a service, the client
// (the server's network is Microsoft's; the client's last mile is where
// quality is lost), whichever way the stream flows; between two clients
// (or two services) the sender, since loss and jitter measured at the
// receiver are mostly made on the sender's uplink; without a direction
// no side.
//
// # Yellow and red
//
// The sources publish only what is poor (red). Yellow lines are
// callscope's own: a published poor line crossed where it did not decide
// (on a stream CQD did not judge poor, or at a peak), a stricter
// published "good" line (Real-Time Analytics, RTA), the older Lync 2013
// video lines, or a share of the call. Event ratios are fractions of the
// call; "5 % of the call" (three minutes of an hour, the RTA loss line's
// size) is callscope's yellow line for all of them, none being published.
//
//	metric (Graph name)                       yellow                              red
//	---------------------------------------   ---------------------------------   ------------------------------------
//	audio streams (network; side as above)
//	averageJitter                             > 30 ms, stream not judged poor     > 30 ms, poor stream (CQD)
//	maxJitter                                 > 30 ms (CQD line at peak)          –
//	averagePacketLossRate                     ≥ 0.05 (RTA good < 5 %);            > 0.1, poor stream (CQD)
//	                                          > 0.1, stream not judged poor
//	maxPacketLossRate                         > 0.1 (at peak)                     –
//	averageRoundTripTime                      > 500 ms, stream not judged poor    > 500 ms, poor stream (CQD)
//	maxRoundTripTime                          > 500 ms (at peak)                  –
//	averageRatioOfConcealedSamples            ≥ 0.07 (RTA healed good < 0.07)     > 0.07, 2021 rule only
//	maxRatioOfConcealedSamples                > 0.07 (at peak)                    –
//	averageAudioDegradation                   > 1.0 under 2024 (2021 line)        > 1.0, 2021 rule only
//	                                          (SATIN: no concealment or degradation lines)
//	video streams (media; post-FEC, packet loss: network; processing: device)
//	averageVideoFrameLossPercentage           > 10 % (Lync); > 50 % not deciding  > 50 % deciding (CQD)
//	averageVideoFrameRate                     < 7 fps, not deciding               < 7 fps deciding (CQD)
//	postForwardErrorCorrectionPacketLossRate  > 0.1 (Lync); > 0.15 not deciding   > 0.15 deciding (CQD)
//	averageVideoPacketLossRate                > 0.1 (Lync)                        –
//	lowFrameRateRatio                         > 0.1 (Lync: > 10 % of the call)    –
//	lowVideoProcessingCapabilityRatio         > 0.1 (Lync: > 10 % of the call)    –
//	VBSS streams (media)
//	averageVideoFrameLossPercentage           > 50 %, not deciding                > 50 % deciding (CQD)
//	averageVideoFrameRate                     < 1 fps (2024) / < 2 (2021), n.d.   same, deciding (CQD)
//	postForwardErrorCorrectionPacketLossRate  > 0.15, not deciding (2021)         > 0.15 deciding (2021)
//	devices (device; side of the device)
//	capture/renderNotFunctioningEventRatio    > 0 (any time)                      ≥ 0.005 (Call Analytics), rates poor
//	cpuInsufficentEventRatio, deviceGlitch-,
//	deviceClipping-, lowSpeechLevel-,
//	lowSpeechToNoise-, renderMute-,
//	renderZeroVolumeEventRatio                ≥ 0.05 of the call                  –
//	howlingEventCount                         > 0                                 –
//	networks (network; side of the network)
//	sent/receivedQualityEventRatio,
//	delayEventRatio, bandwidthLowEventRatio   ≥ 0.05 of the call                  –
//	wifiSignalStrength (Wi-Fi only)           ≤ 70 % (RTA poor ≤ −65 dBm)         –
//	networkTransportProtocol                  tcp (RTA: UDP preferred)            –
//	ACS diagnostics (ACS streams)
//	healedDataRatioAvg (audio; network)       –                                   > 0.1
//	healedDataRatioMax (audio; network)       > 0.1                               –
//	jitterBufferSizeAvg / Max (network)       > 200 ms                            –
//	averageVideoFrameRate (media)             –                                   < 7 fps video, < 1 fps screen
//	recvResolutionHeight (media)              < 240 px video, < 768 px screen     –
//	recvFreezeDurationPerMinuteInMs (media)   –                                   > 6000 video, > 25000 screen
//	failures and ends
//	failureInfo.stage                         unknown/other stage                 callSetup (setup, rates poor);
//	                                                                              midcall (reliability: drop)
//	participantEndReason / SubCode            ExpectedError rows; unknown codes   setup rows (rates poor); drop rows;
//	                                          without a category                  unexpected SDK failures (their area)
//
// Why these lines. The red audio, video, VBSS and device lines are the
// published ones. Peaks (max*) over a poor line are yellow: the average
// was acceptable, so they are unlikely to be the main cause. The RTA
// "good" lines are stricter than CQD's poor ones for loss (5 % against
// 10 %) and healed/concealed ratio (0.07, a "not good" from 0.07 on), so
// they mark the band between; for jitter and RTT they equal CQD's, so no
// band is invented. Under 2024, degradation and concealment no longer
// make a stream poor but still describe what the listener heard: yellow.
// CQD's "OnePercent PacketLoss" (> 1 %) was considered and not used: it
// would flag ordinary streams (Graph's own example stream loses 1.4 % with
// jitter of 7 ms and RTT of 64 ms, good by the 2024 rule), and a warning
// that fires on ordinary calls warns of nothing. Any not-functioning device time is worth a look below the
// published 0.005. A Wi-Fi signal of 70 % is RTA's poor −65 dBm by
// Windows' linear mapping of signal quality (−100 dBm → 0 %, −50 dBm →
// 100 %, WLAN_ASSOCIATION_ATTRIBUTES.wlanSignalQuality). For ACS, a
// healed ratio above 0.1 is what the schema calls bad quality, the
// listener hearing reconstructed audio (the counterpart of 2021's
// concealed ratio): red; frame rates under the published lines and
// freezes of 10 % (video) or 42 % (screen) of every minute are what the
// viewer saw: red; a large jitter buffer is the client absorbing jitter
// (delay, not loss) and a low received resolution is often the layout
// (small tiles) or the sender's choice: yellow. None of these ACS lines
// changes the Insights stream verdict or the session rating.
//
// Not used, for want of a published scale: averageAudioNetworkJitter
// (computed over 20-second windows, typically far above averageJitter —
// 266 ms against 7 ms in Graph's own example — so CQD's 30 ms does not
// apply), mic and speaker glitch rates, signal and noise levels, user
// feedback.
//
// # ACS end codes
//
// Session.ACS (the caller) and CalleeACS (a P2P callee) are judged by
// participantEndReason (code), participantEndSubCode and ResultCategory,
// through the tables of acs-logs §5.1 (call end codes) and §5.2 (Calling
// SDK error codes), kept as data in codes.go, every row. A row is found by
// code and subcode, else by subcode alone (subcodes are unique), else by
// code alone. Success rows raise nothing. Setup failures (3100, 3111,
// 3112 although ExpectedError, 4502, 4506, 4507, 5828, 5829, 10009,
// 301004, CallAgent creation 40101–40216) are red setup issues that rate
// the session poor. Drops (3101, 301005, 496/7 although ExpectedError) are
// red reliability issues. Other UnexpectedClientError rows of §5.2 (mute,
// hold, video and device failures) did not keep the participant out of
// the call: red in their area (device, media), not a rating cause.
// ExpectedError rows are yellow with their meaning (10057, "callee failed
// to finalize setup", stays yellow: it is the remote side's). Codes
// without a subcode row take the record's ResultCategory (Success: none;
// ExpectedError: yellow; UnexpectedClientError or UnexpectedServerError:
// red setup, poor); without a category a code 0 or 2xx is a normal end and
// any other code a yellow with the row's meaning or the class's (1xx
// provisional, 3xx redirection, 4xx client, 5xx server, 6xx global
// error), since the code alone cannot tell a failure from an expected end
// (declined, busy, canceled). An end code that is not a number is a
// yellow "unrecognised end reason". No code is ever dropped.
package quality
