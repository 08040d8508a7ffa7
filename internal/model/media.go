package model

import "time"

// Media is one kind of media negotiated on a segment (label main-audio,
// main-video, applicationsharing-video…), with the network and device of
// each side and its streams.
type Media struct {
	Label         Opt[string]  `json:"label,omitzero"`
	CallerNetwork *NetworkInfo `json:"callerNetwork,omitempty"`
	CalleeNetwork *NetworkInfo `json:"calleeNetwork,omitempty"`
	CallerDevice  *DeviceInfo  `json:"callerDevice,omitempty"`
	CalleeDevice  *DeviceInfo  `json:"calleeDevice,omitempty"`
	Streams       []*Stream    `json:"streams,omitempty"`
	Extra         Extra        `json:"@unknown,omitempty"`
}

// Stream is one direction of one media: Graph's mediaStream with every
// metric. Rates are fractions (0.1 = 10 %) except where the name says
// percentage.
type Stream struct {
	StreamID        Opt[string]          `json:"streamId,omitzero"`
	StreamDirection Opt[StreamDirection] `json:"streamDirection,omitzero"`
	StartDateTime   Opt[time.Time]       `json:"startDateTime,omitzero"`
	EndDateTime     Opt[time.Time]       `json:"endDateTime,omitzero"`
	AudioCodec      Opt[string]          `json:"audioCodec,omitzero"`
	VideoCodec      Opt[string]          `json:"videoCodec,omitzero"`

	AverageAudioDegradation   Opt[float64]  `json:"averageAudioDegradation,omitzero"`
	AverageAudioNetworkJitter Opt[Duration] `json:"averageAudioNetworkJitter,omitzero"`
	MaxAudioNetworkJitter     Opt[Duration] `json:"maxAudioNetworkJitter,omitzero"`
	AverageJitter             Opt[Duration] `json:"averageJitter,omitzero"`
	MaxJitter                 Opt[Duration] `json:"maxJitter,omitzero"`
	AveragePacketLossRate     Opt[float64]  `json:"averagePacketLossRate,omitzero"`
	MaxPacketLossRate         Opt[float64]  `json:"maxPacketLossRate,omitzero"`
	AverageRatioOfConcealed   Opt[float64]  `json:"averageRatioOfConcealedSamples,omitzero"`
	MaxRatioOfConcealed       Opt[float64]  `json:"maxRatioOfConcealedSamples,omitzero"`
	AverageRoundTripTime      Opt[Duration] `json:"averageRoundTripTime,omitzero"`
	MaxRoundTripTime          Opt[Duration] `json:"maxRoundTripTime,omitzero"`
	AverageBandwidthEstimate  Opt[int64]    `json:"averageBandwidthEstimate,omitzero"`
	PacketUtilization         Opt[int64]    `json:"packetUtilization,omitzero"`
	WasMediaBypassed          Opt[bool]     `json:"wasMediaBypassed,omitzero"`
	IsAudioFECUsed            Opt[bool]     `json:"isAudioForwardErrorCorrectionUsed,omitzero"`
	PostFECPacketLossRate     Opt[float64]  `json:"postForwardErrorCorrectionPacketLossRate,omitzero"`
	AverageVideoFrameLossPct  Opt[float64]  `json:"averageVideoFrameLossPercentage,omitzero"`
	AverageVideoFrameRate     Opt[float64]  `json:"averageVideoFrameRate,omitzero"`
	AverageReceivedFrameRate  Opt[float64]  `json:"averageReceivedFrameRate,omitzero"`
	AverageVideoPacketLoss    Opt[float64]  `json:"averageVideoPacketLossRate,omitzero"`
	LowFrameRateRatio         Opt[float64]  `json:"lowFrameRateRatio,omitzero"`
	LowVideoProcessingRatio   Opt[float64]  `json:"lowVideoProcessingCapabilityRatio,omitzero"`
	AverageFreezeDuration     Opt[Duration] `json:"averageFreezeDuration,omitzero"`
	RMSFreezeDuration         Opt[Duration] `json:"rmsFreezeDuration,omitzero"`

	// ACS holds the stream metrics only ACS CallDiagnostics report.
	ACS *ACSStream `json:"acs,omitempty"`

	// Quality and Reasons are the stream's verdict (package quality).
	Quality StreamQuality `json:"quality,omitempty"`
	Reasons []Reason      `json:"reasons,omitempty"`

	Extra Extra `json:"@unknown,omitempty"`
}

// NetworkInfo is the network one endpoint used for one media.
type NetworkInfo struct {
	ConnectionType            Opt[ConnectionType]    `json:"connectionType,omitzero"`
	NetworkTransportProtocol  Opt[TransportProtocol] `json:"networkTransportProtocol,omitzero"`
	IPAddress                 Opt[string]            `json:"ipAddress,omitzero" pii:"ip"`
	Subnet                    Opt[string]            `json:"subnet,omitzero"`
	ReflexiveIPAddress        Opt[string]            `json:"reflexiveIPAddress,omitzero" pii:"ip"`
	RelayIPAddress            Opt[string]            `json:"relayIPAddress,omitzero"`
	RelayPort                 Opt[int64]             `json:"relayPort,omitzero"`
	Port                      Opt[int64]             `json:"port,omitzero"`
	MACAddress                Opt[string]            `json:"macAddress,omitzero" pii:"mac"`
	LinkSpeed                 Opt[int64]             `json:"linkSpeed,omitzero"`
	DNSSuffix                 Opt[string]            `json:"dnsSuffix,omitzero"`
	BSSID                     Opt[string]            `json:"basicServiceSetIdentifier,omitzero" pii:"bssid"`
	WifiBand                  Opt[WifiBand]          `json:"wifiBand,omitzero"`
	WifiRadioType             Opt[WifiRadioType]     `json:"wifiRadioType,omitzero"`
	WifiChannel               Opt[int64]             `json:"wifiChannel,omitzero"`
	WifiSignalStrength        Opt[int64]             `json:"wifiSignalStrength,omitzero"`
	WifiBatteryCharge         Opt[int64]             `json:"wifiBatteryCharge,omitzero"`
	WifiMicrosoftDriver       Opt[string]            `json:"wifiMicrosoftDriver,omitzero"`
	WifiMicrosoftDriverVer    Opt[string]            `json:"wifiMicrosoftDriverVersion,omitzero"`
	WifiVendorDriver          Opt[string]            `json:"wifiVendorDriver,omitzero"`
	WifiVendorDriverVersion   Opt[string]            `json:"wifiVendorDriverVersion,omitzero"`
	SentQualityEventRatio     Opt[float64]           `json:"sentQualityEventRatio,omitzero"`
	ReceivedQualityEventRatio Opt[float64]           `json:"receivedQualityEventRatio,omitzero"`
	DelayEventRatio           Opt[float64]           `json:"delayEventRatio,omitzero"`
	BandwidthLowEventRatio    Opt[float64]           `json:"bandwidthLowEventRatio,omitzero"`
	TraceRouteHops            []*TraceRouteHop       `json:"traceRouteHops,omitempty"`
	Extra                     Extra                  `json:"@unknown,omitempty"`
}

// TraceRouteHop is one hop of a trace route (reported only when Microsoft
// support enables it).
type TraceRouteHop struct {
	HopCount      Opt[int64]    `json:"hopCount,omitzero"`
	IPAddress     Opt[string]   `json:"ipAddress,omitzero" pii:"ip"`
	RoundTripTime Opt[Duration] `json:"roundTripTime,omitzero"`
	Extra         Extra         `json:"@unknown,omitempty"`
}

// DeviceInfo is the audio device state of one endpoint for one media.
// Event ratios are fractions of the call.
type DeviceInfo struct {
	CaptureDeviceName               Opt[string]  `json:"captureDeviceName,omitzero"`
	CaptureDeviceDriver             Opt[string]  `json:"captureDeviceDriver,omitzero"`
	RenderDeviceName                Opt[string]  `json:"renderDeviceName,omitzero"`
	RenderDeviceDriver              Opt[string]  `json:"renderDeviceDriver,omitzero"`
	CaptureNotFunctioningEventRatio Opt[float64] `json:"captureNotFunctioningEventRatio,omitzero"`
	RenderNotFunctioningEventRatio  Opt[float64] `json:"renderNotFunctioningEventRatio,omitzero"`
	CPUInsufficentEventRatio        Opt[float64] `json:"cpuInsufficentEventRatio,omitzero"`
	DeviceClippingEventRatio        Opt[float64] `json:"deviceClippingEventRatio,omitzero"`
	DeviceGlitchEventRatio          Opt[float64] `json:"deviceGlitchEventRatio,omitzero"`
	HowlingEventCount               Opt[int64]   `json:"howlingEventCount,omitzero"`
	InitialSignalLevelRMS           Opt[float64] `json:"initialSignalLevelRootMeanSquare,omitzero"`
	LowSpeechLevelEventRatio        Opt[float64] `json:"lowSpeechLevelEventRatio,omitzero"`
	LowSpeechToNoiseEventRatio      Opt[float64] `json:"lowSpeechToNoiseEventRatio,omitzero"`
	MicGlitchRate                   Opt[float64] `json:"micGlitchRate,omitzero"`
	SpeakerGlitchRate               Opt[float64] `json:"speakerGlitchRate,omitzero"`
	ReceivedNoiseLevel              Opt[int64]   `json:"receivedNoiseLevel,omitzero"`
	ReceivedSignalLevel             Opt[int64]   `json:"receivedSignalLevel,omitzero"`
	SentNoiseLevel                  Opt[int64]   `json:"sentNoiseLevel,omitzero"`
	SentSignalLevel                 Opt[int64]   `json:"sentSignalLevel,omitzero"`
	RenderMuteEventRatio            Opt[float64] `json:"renderMuteEventRatio,omitzero"`
	RenderZeroVolumeEventRatio      Opt[float64] `json:"renderZeroVolumeEventRatio,omitzero"`
	Extra                           Extra        `json:"@unknown,omitempty"`
}
