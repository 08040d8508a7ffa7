package wire

import (
	"github.com/callscope/callscope/internal/model"
)

// CallAdvanced is Call Analytics' Advanced tab: what each side ran on and
// through — device and CPU, user agent, network (addresses, subnet,
// connection, Wi-Fi) and audio devices — per session, segment and media,
// of the page's sessions.
type CallAdvanced struct {
	// BuildingFile says whether the tenant has a building file: without
	// one no network has a building, and "not in the building file"
	// would mislead.
	BuildingFile bool              `json:"buildingFile"`
	Sessions     []SessionAdvanced `json:"sessions"`
}

// SessionAdvanced is one session's two ends and its segments.
type SessionAdvanced struct {
	Index    int               `json:"index"`
	ID       model.Opt[string] `json:"id,omitzero"`
	Caller   *EndpointAdvanced `json:"caller,omitempty"`
	Callee   *EndpointAdvanced `json:"callee,omitempty"`
	Segments []SegmentAdvanced `json:"segments"`
}

// EndpointAdvanced is what one end ran on.
type EndpointAdvanced struct {
	Kind model.EndpointKind `json:"kind"`
	// Name is the machine name.
	Name              model.Opt[string]  `json:"name,omitzero"`
	UserAgent         *UserAgentAdvanced `json:"userAgent,omitempty"`
	CPUName           model.Opt[string]  `json:"cpuName,omitzero"`
	CPUCoresCount     model.Opt[int64]   `json:"cpuCoresCount,omitzero"`
	CPUProcessorSpeed model.Opt[int64]   `json:"cpuProcessorSpeedInMhz,omitzero"`
	OSVersion         model.Opt[string]  `json:"osVersion,omitzero"`
}

// UserAgentAdvanced is the client software of one end.
type UserAgentAdvanced struct {
	HeaderValue        model.Opt[string]               `json:"headerValue,omitzero"`
	ApplicationVersion model.Opt[string]               `json:"applicationVersion,omitzero"`
	Platform           model.Opt[model.ClientPlatform] `json:"platform,omitzero"`
	ProductFamily      model.Opt[model.ProductFamily]  `json:"productFamily,omitzero"`
	Role               model.Opt[model.ServiceRole]    `json:"role,omitzero"`
}

// SegmentAdvanced is one leg of a session, its ends and media.
type SegmentAdvanced struct {
	Index  int               `json:"index"`
	ID     model.Opt[string] `json:"id,omitzero"`
	Caller *EndpointAdvanced `json:"caller,omitempty"`
	Callee *EndpointAdvanced `json:"callee,omitempty"`
	Media  []MediaAdvanced   `json:"media"`
}

// MediaAdvanced is the networks and devices of both sides of one media.
type MediaAdvanced struct {
	Label         model.Opt[string] `json:"label,omitzero"`
	CallerNetwork *NetworkAdvanced  `json:"callerNetwork,omitempty"`
	CalleeNetwork *NetworkAdvanced  `json:"calleeNetwork,omitempty"`
	CallerDevice  *DeviceAdvanced   `json:"callerDevice,omitempty"`
	CalleeDevice  *DeviceAdvanced   `json:"calleeDevice,omitempty"`
}

// NetworkAdvanced is the network of one side, with what the building
// file says of its subnet; DNS suffix, MAC, relay, Wi-Fi channel,
// drivers and trace routes are in the debug section. BSSID, personal
// data, comes only to roles that may see it (redaction clears it for
// the others, who get it as withheld).
type NetworkAdvanced struct {
	ConnectionType            model.Opt[model.ConnectionType]    `json:"connectionType,omitzero"`
	NetworkTransportProtocol  model.Opt[model.TransportProtocol] `json:"networkTransportProtocol,omitzero"`
	IPAddress                 model.Opt[string]                  `json:"ipAddress,omitzero"`
	ReflexiveIPAddress        model.Opt[string]                  `json:"reflexiveIPAddress,omitzero"`
	Subnet                    model.Opt[string]                  `json:"subnet,omitzero"`
	Port                      model.Opt[int64]                   `json:"port,omitzero"`
	LinkSpeed                 model.Opt[int64]                   `json:"linkSpeed,omitzero"`
	WifiBand                  model.Opt[model.WifiBand]          `json:"wifiBand,omitzero"`
	WifiRadioType             model.Opt[model.WifiRadioType]     `json:"wifiRadioType,omitzero"`
	WifiSignalStrength        model.Opt[int64]                   `json:"wifiSignalStrength,omitzero"`
	WifiBatteryCharge         model.Opt[int64]                   `json:"wifiBatteryCharge,omitzero"`
	SentQualityEventRatio     model.Opt[float64]                 `json:"sentQualityEventRatio,omitzero"`
	ReceivedQualityEventRatio model.Opt[float64]                 `json:"receivedQualityEventRatio,omitzero"`
	DelayEventRatio           model.Opt[float64]                 `json:"delayEventRatio,omitzero"`
	BandwidthLowEventRatio    model.Opt[float64]                 `json:"bandwidthLowEventRatio,omitzero"`
	BSSID                     model.Opt[string]                  `json:"basicServiceSetIdentifier,omitzero"`
	// Building is the building file's row for Subnet; nil when the
	// subnet is unknown or the file has no row for it.
	Building *BuildingFacts `json:"building,omitempty"`
}

// BuildingFacts is what the building file says of a subnet: where it
// is and what kind of network it is. Empty columns are left out.
type BuildingFacts struct {
	// Network is the file's range that holds the subnet ("10.1.0.0/16").
	Network            string `json:"network"`
	NetworkName        string `json:"networkName,omitempty"`
	BuildingName       string `json:"buildingName,omitempty"`
	OwnershipType      string `json:"ownershipType,omitempty"`
	BuildingType       string `json:"buildingType,omitempty"`
	BuildingOfficeType string `json:"buildingOfficeType,omitempty"`
	City               string `json:"city,omitempty"`
	ZipCode            string `json:"zipCode,omitempty"`
	Country            string `json:"country,omitempty"`
	State              string `json:"state,omitempty"`
	Region             string `json:"region,omitempty"`
	InsideCorp         bool   `json:"insideCorp"`
	ExpressRoute       bool   `json:"expressRoute"`
	VPN                bool   `json:"vpn"`
}

// DeviceAdvanced is the audio devices of one side and how they behaved;
// drivers and signal levels are in the debug section.
type DeviceAdvanced struct {
	CaptureDeviceName               model.Opt[string]  `json:"captureDeviceName,omitzero"`
	RenderDeviceName                model.Opt[string]  `json:"renderDeviceName,omitzero"`
	CaptureNotFunctioningEventRatio model.Opt[float64] `json:"captureNotFunctioningEventRatio,omitzero"`
	RenderNotFunctioningEventRatio  model.Opt[float64] `json:"renderNotFunctioningEventRatio,omitzero"`
	CPUInsufficentEventRatio        model.Opt[float64] `json:"cpuInsufficentEventRatio,omitzero"`
	DeviceClippingEventRatio        model.Opt[float64] `json:"deviceClippingEventRatio,omitzero"`
	DeviceGlitchEventRatio          model.Opt[float64] `json:"deviceGlitchEventRatio,omitzero"`
	HowlingEventCount               model.Opt[int64]   `json:"howlingEventCount,omitzero"`
	LowSpeechLevelEventRatio        model.Opt[float64] `json:"lowSpeechLevelEventRatio,omitzero"`
	LowSpeechToNoiseEventRatio      model.Opt[float64] `json:"lowSpeechToNoiseEventRatio,omitzero"`
	MicGlitchRate                   model.Opt[float64] `json:"micGlitchRate,omitzero"`
	SpeakerGlitchRate               model.Opt[float64] `json:"speakerGlitchRate,omitzero"`
	RenderMuteEventRatio            model.Opt[float64] `json:"renderMuteEventRatio,omitzero"`
	RenderZeroVolumeEventRatio      model.Opt[float64] `json:"renderZeroVolumeEventRatio,omitzero"`
}
