package model

// Graph enumerations arrive as member names. Values not listed here (newer
// members, unknownFutureValue) are kept verbatim: an unknown value is never a
// reason to reject a record. Known() tells listed members from the rest.

// CallType is Graph's callType.
type CallType string

const (
	CallTypeUnknown     CallType = "unknown"
	CallTypeGroupCall   CallType = "groupCall"
	CallTypePeerToPeer  CallType = "peerToPeer"
	CallTypeFutureValue CallType = "unknownFutureValue"
)

// Modality is Graph's modality.
type Modality string

const (
	ModalityAudio                   Modality = "audio"
	ModalityVideo                   Modality = "video"
	ModalityVideoBasedScreenSharing Modality = "videoBasedScreenSharing"
	ModalityData                    Modality = "data"
	ModalityScreenSharing           Modality = "screenSharing"
	ModalityUnknown                 Modality = "unknown"
	ModalityFutureValue             Modality = "unknownFutureValue"
)

// FailureStage is Graph's failureStage.
type FailureStage string

const (
	FailureStageUnknown   FailureStage = "unknown"
	FailureStageCallSetup FailureStage = "callSetup"
	FailureStageMidcall   FailureStage = "midcall"
)

// StreamDirection is relative to the segment's caller and callee.
type StreamDirection string

const (
	CallerToCallee StreamDirection = "callerToCallee"
	CalleeToCaller StreamDirection = "calleeToCaller"
)

// ConnectionType is Graph's networkConnectionType.
type ConnectionType string

const (
	ConnectionUnknown ConnectionType = "unknown"
	ConnectionWired   ConnectionType = "wired"
	ConnectionWifi    ConnectionType = "wifi"
	ConnectionMobile  ConnectionType = "mobile"
	ConnectionTunnel  ConnectionType = "tunnel"
)

// TransportProtocol is Graph's networkTransportProtocol.
type TransportProtocol string

const (
	TransportUnknown TransportProtocol = "unknown"
	TransportUDP     TransportProtocol = "udp"
	TransportTCP     TransportProtocol = "tcp"
)

// WifiBand is Graph's wifiBand.
type WifiBand string

const (
	WifiBandUnknown WifiBand = "unknown"
	WifiBand24GHz   WifiBand = "frequency24GHz"
	WifiBand50GHz   WifiBand = "frequency50GHz"
	WifiBand60GHz   WifiBand = "frequency60GHz"
)

// WifiRadioType is Graph's wifiRadioType.
type WifiRadioType string

// ClientPlatform is Graph's clientPlatform.
type ClientPlatform string

// ProductFamily is Graph's productFamily.
type ProductFamily string

// ServiceRole is Graph's serviceRole.
type ServiceRole string

// FeedbackRating is Graph's userFeedbackRating.
type FeedbackRating string

var knownEnums = map[string][]string{
	"CallType":          {"unknown", "groupCall", "peerToPeer", "unknownFutureValue"},
	"Modality":          {"audio", "video", "videoBasedScreenSharing", "data", "screenSharing", "unknown", "unknownFutureValue"},
	"FailureStage":      {"unknown", "callSetup", "midcall", "unknownFutureValue"},
	"StreamDirection":   {"callerToCallee", "calleeToCaller"},
	"ConnectionType":    {"unknown", "wired", "wifi", "mobile", "tunnel", "unknownFutureValue"},
	"TransportProtocol": {"unknown", "udp", "tcp", "unknownFutureValue"},
	"WifiBand":          {"unknown", "frequency24GHz", "frequency50GHz", "frequency60GHz", "unknownFutureValue"},
	"WifiRadioType":     {"unknown", "wifi80211a", "wifi80211b", "wifi80211g", "wifi80211n", "wifi80211ac", "wifi80211ax", "unknownFutureValue"},
	"ClientPlatform":    {"unknown", "windows", "macOS", "iOS", "android", "web", "ipPhone", "roomSystem", "surfaceHub", "holoLens", "unknownFutureValue"},
	"ProductFamily":     {"unknown", "teams", "skypeForBusiness", "lync", "unknownFutureValue", "azureCommunicationServices"},
	"ServiceRole": {"unknown", "customBot", "skypeForBusinessMicrosoftTeamsGateway", "skypeForBusinessAudioVideoMcu",
		"skypeForBusinessApplicationSharingMcu", "skypeForBusinessCallQueues", "skypeForBusinessAutoAttendant",
		"mediationServer", "mediationServerCloudConnectorEdition", "exchangeUnifiedMessagingService", "mediaController",
		"conferencingAnnouncementService", "conferencingAttendant", "audioTeleconferencerController",
		"skypeForBusinessUnifiedCommunicationApplicationPlatform", "responseGroupServiceAnnouncementService", "gateway",
		"skypeTranslator", "skypeForBusinessAttendant", "responseGroupService", "voicemail", "unknownFutureValue"},
	"FeedbackRating": {"notRated", "bad", "poor", "fair", "good", "excellent", "unknownFutureValue"},
}

func knownMember(enum, v string) bool {
	for _, m := range knownEnums[enum] {
		if m == v {
			return true
		}
	}
	return false
}

// Known reports whether the value is a documented member.
func (v CallType) Known() bool { return knownMember("CallType", string(v)) }

// Known reports whether the value is a documented member.
func (v Modality) Known() bool { return knownMember("Modality", string(v)) }

// Known reports whether the value is a documented member.
func (v FailureStage) Known() bool { return knownMember("FailureStage", string(v)) }

// Known reports whether the value is a documented member.
func (v StreamDirection) Known() bool { return knownMember("StreamDirection", string(v)) }

// Known reports whether the value is a documented member.
func (v ConnectionType) Known() bool { return knownMember("ConnectionType", string(v)) }

// Known reports whether the value is a documented member.
func (v TransportProtocol) Known() bool { return knownMember("TransportProtocol", string(v)) }

// Known reports whether the value is a documented member.
func (v WifiBand) Known() bool { return knownMember("WifiBand", string(v)) }

// Known reports whether the value is a documented member.
func (v WifiRadioType) Known() bool { return knownMember("WifiRadioType", string(v)) }

// Known reports whether the value is a documented member.
func (v ClientPlatform) Known() bool { return knownMember("ClientPlatform", string(v)) }

// Known reports whether the value is a documented member.
func (v ProductFamily) Known() bool { return knownMember("ProductFamily", string(v)) }

// Known reports whether the value is a documented member.
func (v ServiceRole) Known() bool { return knownMember("ServiceRole", string(v)) }

// Known reports whether the value is a documented member.
func (v FeedbackRating) Known() bool { return knownMember("FeedbackRating", string(v)) }
