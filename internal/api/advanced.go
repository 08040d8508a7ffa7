package api

import "github.com/callscope/callscope/internal/model"

// advanced is Call Analytics' Advanced tab: what each side ran on and
// through — device and CPU, user agent, network (addresses, subnet,
// connection, Wi-Fi) and audio devices — per session, segment and media,
// of the page's sessions.
type advanced struct {
	Sessions []sessionAdvanced `json:"sessions"`
}

type sessionAdvanced struct {
	Index    int               `json:"index"`
	ID       model.Opt[string] `json:"id,omitzero"`
	Caller   *endpointAdvanced `json:"caller,omitempty"`
	Callee   *endpointAdvanced `json:"callee,omitempty"`
	Segments []segmentAdvanced `json:"segments"`
}

type endpointAdvanced struct {
	Kind model.EndpointKind `json:"kind"`
	// Name is the machine name.
	Name              model.Opt[string]  `json:"name,omitzero"`
	UserAgent         *userAgentAdvanced `json:"userAgent,omitempty"`
	CPUName           model.Opt[string]  `json:"cpuName,omitzero"`
	CPUCoresCount     model.Opt[int64]   `json:"cpuCoresCount,omitzero"`
	CPUProcessorSpeed model.Opt[int64]   `json:"cpuProcessorSpeedInMhz,omitzero"`
	OSVersion         model.Opt[string]  `json:"osVersion,omitzero"`
}

type userAgentAdvanced struct {
	HeaderValue        model.Opt[string]               `json:"headerValue,omitzero"`
	ApplicationVersion model.Opt[string]               `json:"applicationVersion,omitzero"`
	Platform           model.Opt[model.ClientPlatform] `json:"platform,omitzero"`
	ProductFamily      model.Opt[model.ProductFamily]  `json:"productFamily,omitzero"`
	Role               model.Opt[model.ServiceRole]    `json:"role,omitzero"`
}

type segmentAdvanced struct {
	Index  int               `json:"index"`
	ID     model.Opt[string] `json:"id,omitzero"`
	Caller *endpointAdvanced `json:"caller,omitempty"`
	Callee *endpointAdvanced `json:"callee,omitempty"`
	Media  []mediaAdvanced   `json:"media"`
}

type mediaAdvanced struct {
	Label         model.Opt[string] `json:"label,omitzero"`
	CallerNetwork *networkAdvanced  `json:"callerNetwork,omitempty"`
	CalleeNetwork *networkAdvanced  `json:"calleeNetwork,omitempty"`
	CallerDevice  *deviceAdvanced   `json:"callerDevice,omitempty"`
	CalleeDevice  *deviceAdvanced   `json:"calleeDevice,omitempty"`
}

// networkAdvanced is the network of one side; DNS suffix, BSSID, MAC,
// relay, Wi-Fi channel, drivers and trace routes are in the debug
// section.
type networkAdvanced struct {
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
}

// deviceAdvanced is the audio devices of one side and how they behaved;
// drivers and signal levels are in the debug section.
type deviceAdvanced struct {
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

func (seen *seenCall) advanced() *advanced {
	c := seen.call
	a := &advanced{Sessions: make([]sessionAdvanced, 0, len(c.Sessions))}
	for i, s := range c.Sessions {
		if s == nil {
			continue
		}
		sa := sessionAdvanced{Index: seen.sessions[i], ID: s.ID, Caller: endpointAdv(s.Caller, s.ACS), Callee: endpointAdv(s.Callee, s.CalleeACS),
			Segments: make([]segmentAdvanced, 0, len(s.Segments))}
		for j, g := range s.Segments {
			if g == nil {
				continue
			}
			ga := segmentAdvanced{Index: j, ID: g.ID, Caller: endpointAdv(g.Caller, nil), Callee: endpointAdv(g.Callee, nil),
				Media: make([]mediaAdvanced, 0, len(g.Media))}
			for _, m := range g.Media {
				if m == nil {
					continue
				}
				ga.Media = append(ga.Media, mediaAdvanced{Label: m.Label,
					CallerNetwork: networkAdv(m.CallerNetwork), CalleeNetwork: networkAdv(m.CalleeNetwork),
					CallerDevice: deviceAdv(m.CallerDevice), CalleeDevice: deviceAdv(m.CalleeDevice)})
			}
			sa.Segments = append(sa.Segments, ga)
		}
		a.Sessions = append(a.Sessions, sa)
	}
	return a
}

func endpointAdv(e *model.Endpoint, acs *model.ACSParticipant) *endpointAdvanced {
	if e == nil {
		return nil
	}
	ea := &endpointAdvanced{Kind: e.Kind(), Name: e.Name, CPUName: e.CPUName, CPUCoresCount: e.CPUCoresCount,
		CPUProcessorSpeed: e.CPUProcessorSpeed}
	if ua := e.UserAgent; ua != nil {
		ea.UserAgent = &userAgentAdvanced{HeaderValue: ua.HeaderValue, ApplicationVersion: ua.ApplicationVersion,
			Platform: ua.Platform, ProductFamily: ua.ProductFamily, Role: ua.Role}
	}
	if acs != nil {
		ea.OSVersion = acs.OSVersion
	}
	return ea
}

func networkAdv(n *model.NetworkInfo) *networkAdvanced {
	if n == nil {
		return nil
	}
	return &networkAdvanced{
		ConnectionType: n.ConnectionType, NetworkTransportProtocol: n.NetworkTransportProtocol,
		IPAddress: n.IPAddress, ReflexiveIPAddress: n.ReflexiveIPAddress, Subnet: n.Subnet, Port: n.Port,
		LinkSpeed: n.LinkSpeed, WifiBand: n.WifiBand, WifiRadioType: n.WifiRadioType,
		WifiSignalStrength: n.WifiSignalStrength, WifiBatteryCharge: n.WifiBatteryCharge,
		SentQualityEventRatio: n.SentQualityEventRatio, ReceivedQualityEventRatio: n.ReceivedQualityEventRatio,
		DelayEventRatio: n.DelayEventRatio, BandwidthLowEventRatio: n.BandwidthLowEventRatio,
	}
}

func deviceAdv(d *model.DeviceInfo) *deviceAdvanced {
	if d == nil {
		return nil
	}
	return &deviceAdvanced{
		CaptureDeviceName: d.CaptureDeviceName, RenderDeviceName: d.RenderDeviceName,
		CaptureNotFunctioningEventRatio: d.CaptureNotFunctioningEventRatio, RenderNotFunctioningEventRatio: d.RenderNotFunctioningEventRatio,
		CPUInsufficentEventRatio: d.CPUInsufficentEventRatio, DeviceClippingEventRatio: d.DeviceClippingEventRatio,
		DeviceGlitchEventRatio: d.DeviceGlitchEventRatio, HowlingEventCount: d.HowlingEventCount,
		LowSpeechLevelEventRatio: d.LowSpeechLevelEventRatio, LowSpeechToNoiseEventRatio: d.LowSpeechToNoiseEventRatio,
		MicGlitchRate: d.MicGlitchRate, SpeakerGlitchRate: d.SpeakerGlitchRate,
		RenderMuteEventRatio: d.RenderMuteEventRatio, RenderZeroVolumeEventRatio: d.RenderZeroVolumeEventRatio,
	}
}
