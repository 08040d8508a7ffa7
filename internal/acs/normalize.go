package acs

import (
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// Endpoint types in the one spelling callscope keeps. The schema writes
// VOIP and BOT, the samples VoIP and Bot; the samples' spelling is used
// because the Log Analytics column description uses it too.
const (
	endpointServer    = "Server"
	endpointVoIP      = "VoIP"
	endpointPSTN      = model.ACSEndpointPSTN
	endpointBot       = model.ACSEndpointBot
	endpointVoicemail = model.ACSEndpointVoicemail
	endpointAnonymous = "Anonymous"
	endpointUnknown   = "Unknown"
)

var endpointSpellings = map[string]string{
	"server":    endpointServer,
	"voip":      endpointVoIP,
	"pstn":      endpointPSTN,
	"bot":       endpointBot,
	"voicemail": endpointVoicemail,
	"anonymous": endpointAnonymous,
	"unknown":   endpointUnknown,
}

// normEndpointType gives each documented endpoint type one spelling;
// undocumented values are kept as they arrived.
func normEndpointType(o model.Opt[string]) model.Opt[string] {
	v, ok := o.Get()
	if !ok {
		return o
	}
	if s, ok := endpointSpellings[strings.ToLower(v)]; ok {
		return model.Some(s)
	}
	return o
}

// isServer reports whether an endpoint type is the ACS media server.
func isServer(o model.Opt[string]) bool {
	return strings.EqualFold(o.Value(), endpointServer)
}

// mediaKind is an ACS mediaType mapped onto Graph: its media label, the
// modality it adds to the call, and its order among a session's media.
type mediaKind struct {
	label    string
	modality model.Modality
	order    int
}

// mediaKinds maps ACS media types. AppSharing is the data channel (schema:
// "AppSharing (data channel)"), so it becomes Graph's data modality with
// label main-data; VBSS is video-based screen sharing, which Graph labels
// applicationsharing-video.
var mediaKinds = map[string]mediaKind{
	"audio":      {"main-audio", model.ModalityAudio, 0},
	"video":      {"main-video", model.ModalityVideo, 1},
	"vbss":       {"applicationsharing-video", model.ModalityVideoBasedScreenSharing, 2},
	"appsharing": {"main-data", model.ModalityData, 3},
}

// kindOf maps a mediaType; an unknown type keeps its own text as label and
// adds no modality (it is not guessed).
func kindOf(mediaType string) mediaKind {
	t := strings.TrimSpace(mediaType)
	if k, ok := mediaKinds[strings.ToLower(t)]; ok {
		return k
	}
	return mediaKind{label: t, order: 4}
}

// transportOf maps transportType onto Graph's networkTransportProtocol.
// ACS's "Unrecognized" is Graph's "unknown"; other values are kept.
func transportOf(o model.Opt[string]) (model.TransportProtocol, bool) {
	v, ok := o.Get()
	if !ok || v == "" {
		return "", false
	}
	switch strings.ToLower(v) {
	case "udp":
		return model.TransportUDP, true
	case "tcp":
		return model.TransportTCP, true
	case "unrecognized", "unknown":
		return model.TransportUnknown, true
	}
	return model.TransportProtocol(v), true
}

// Graph's audioCodec and videoCodec members, so that an ACS codec name can
// be given Graph's spelling (OPUS → opus, H264S → h264s).
var (
	audioCodecs = []string{"unknown", "invalid", "cn", "pcma", "pcmu", "amrWide", "g722", "g7221", "g7221c", "g729",
		"multiChannelAudio", "muchv2", "opus", "satin", "satinFullband", "rtAudio8", "rtAudio16", "silk", "silkNarrow",
		"silkWide", "siren", "xmsRta"}
	videoCodecs = []string{"unknown", "invalid", "av1", "h263", "h264", "h264s", "h264uc", "h265", "rtvc1", "rtVideo",
		"xrtvc1"}
)

// graphCodec returns the Graph spelling of a codec name when one of the
// members matches without regard to case.
func graphCodec(name string, members []string) (string, bool) {
	for _, m := range members {
		if strings.EqualFold(name, m) {
			return m, true
		}
	}
	return "", false
}
