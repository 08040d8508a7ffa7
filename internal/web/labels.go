package web

import (
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// Words for the values Graph names in camelCase, as a help-desk agent
// says them. A value not listed is humanized: a new one still reads.

// mediaLabel names a media by what it carried: "main-audio" is the call's
// audio, "applicationsharing-video" a shared screen.
func mediaLabel(label string) string {
	l := strings.ToLower(strings.TrimSpace(label))
	switch {
	case l == "":
		return "Media"
	case strings.HasPrefix(l, "applicationsharing") || strings.Contains(l, "screensharing") || strings.HasPrefix(l, "vbss"):
		return "Screen sharing"
	case strings.HasSuffix(l, "audio"):
		return "Audio"
	case strings.HasSuffix(l, "video"):
		if strings.HasPrefix(l, "main") {
			return "Video"
		}
		return "Video (" + strings.TrimSuffix(strings.TrimSuffix(l, "video"), "-") + ")"
	case strings.HasPrefix(l, "data"):
		return "Data"
	}
	return humanize(label)
}

// modalityLabel names a call's modality.
func modalityLabel(m model.Modality) string {
	switch m {
	case model.ModalityAudio:
		return "Audio"
	case model.ModalityVideo:
		return "Video"
	case model.ModalityVideoBasedScreenSharing, model.ModalityScreenSharing:
		return "Screen sharing"
	case model.ModalityData:
		return "Data"
	}
	return humanize(string(m))
}

// modalitiesText joins modalities, each named once.
func modalitiesText(ms []model.Modality) string {
	var out []string
	for _, m := range ms {
		l := modalityLabel(m)
		if !contains(out, l) {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return "none recorded"
	}
	return strings.Join(out, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// failureText says how a session failed: "Failed during call setup: …",
// "Dropped during the call: …". The reason is left without a head that
// repeats the first part ("Call dropped: …").
func failureText(stage model.FailureStage, reason string) string {
	head := "Failed"
	switch stage {
	case model.FailureStageCallSetup:
		head = "Failed during call setup"
	case model.FailureStageMidcall:
		head = "Dropped during the call"
	case "", model.FailureStageUnknown:
		head = "Failed (stage not reported)"
	default:
		head = "Failed at the " + strings.ToLower(humanize(string(stage))) + " stage"
	}
	reason = strings.TrimSpace(reason)
	for _, rep := range []string{"call dropped mid-call", "call dropped", "dropped", "call setup failed", "setup failed", "failed"} {
		if len(reason) < len(rep) || !strings.EqualFold(reason[:len(rep)], rep) {
			continue
		}
		// Only a head of its own ("Call dropped: …"), not the start of a
		// sentence ("failed to reach the relay").
		if rest := strings.TrimSpace(reason[len(rep):]); rest == "" || strings.HasPrefix(rest, ":") {
			reason = strings.TrimSpace(strings.TrimPrefix(rest, ":"))
			break
		}
	}
	if reason == "" {
		return head
	}
	return head + ": " + upperFirst(reason)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// serviceName names a Microsoft service end of a session.
func serviceName(role model.ServiceRole) string {
	switch role {
	case "skypeForBusinessAudioVideoMcu":
		return "Conference server"
	case "skypeForBusinessApplicationSharingMcu":
		return "Screen-sharing server"
	case "mediationServer", "mediationServerCloudConnectorEdition", "gateway", "skypeForBusinessMicrosoftTeamsGateway":
		return "Phone gateway"
	case "exchangeUnifiedMessagingService", "voicemail":
		return "Voicemail"
	case "skypeForBusinessCallQueues", "responseGroupService":
		return "Call queue"
	case "skypeForBusinessAutoAttendant", "skypeForBusinessAttendant":
		return "Auto attendant"
	case "conferencingAnnouncementService", "responseGroupServiceAnnouncementService":
		return "Announcement service"
	case "conferencingAttendant", "audioTeleconferencerController":
		return "Dial-in conferencing"
	case "customBot":
		return "Bot"
	case "skypeTranslator":
		return "Translator"
	}
	return "Microsoft service"
}

// serviceJoin is what a session with a meeting's server was for a
// participant; "" for a service that is no meeting's.
func serviceJoin(role model.ServiceRole) string {
	switch role {
	case "skypeForBusinessAudioVideoMcu":
		return "joined the meeting (conference server)"
	case "skypeForBusinessApplicationSharingMcu":
		return "shared or watched a screen (screen-sharing server)"
	case "conferencingAttendant", "audioTeleconferencerController":
		return "dialled in to the meeting"
	}
	return ""
}

// directionLabel says which way a stream went.
func directionLabel(d model.StreamDirection, meeting bool) string {
	switch {
	case d == model.CallerToCallee && meeting:
		return "Sent to the meeting"
	case d == model.CalleeToCaller && meeting:
		return "Received from the meeting"
	case d == model.CallerToCallee:
		return "Caller → callee"
	case d == model.CalleeToCaller:
		return "Callee → caller"
	}
	return "Stream"
}

// Words for the endpoints' and networks' enumerations.
var enumWords = map[string]string{
	// ClientPlatform
	"windows": "Windows", "macOS": "macOS", "iOS": "iOS", "android": "Android", "web": "Web browser",
	"ipPhone": "IP phone", "roomSystem": "Teams Rooms", "surfaceHub": "Surface Hub", "holoLens": "HoloLens",
	// ProductFamily
	"teams": "Teams", "skypeForBusiness": "Skype for Business", "lync": "Lync",
	"azureCommunicationServices": "Azure Communication Services",
	// ConnectionType
	"wired": "Wired", "wifi": "Wi-Fi", "mobile": "Mobile network", "tunnel": "Tunnel (VPN)",
	// TransportProtocol
	"udp": "UDP", "tcp": "TCP",
	// WifiBand
	"frequency24GHz": "2.4 GHz", "frequency50GHz": "5 GHz", "frequency60GHz": "6 GHz",
	// WifiRadioType
	"wifi80211a": "802.11a", "wifi80211b": "802.11b", "wifi80211g": "802.11g", "wifi80211n": "802.11n (Wi-Fi 4)",
	"wifi80211ac": "802.11ac (Wi-Fi 5)", "wifi80211ax": "802.11ax (Wi-Fi 6)",
	"unknown": "Unknown", "unknownFutureValue": "Unknown",
}

// enumWord names an enumeration's value.
func enumWord(v string) string {
	if w, ok := enumWords[v]; ok {
		return w
	}
	return humanize(v)
}
