package api

import (
	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// advanced is Call Analytics' Advanced tab (wire.CallAdvanced): what
// each side ran on and through, per session, segment and media, of the
// page's sessions.
type (
	advanced          = wire.CallAdvanced
	sessionAdvanced   = wire.SessionAdvanced
	endpointAdvanced  = wire.EndpointAdvanced
	userAgentAdvanced = wire.UserAgentAdvanced
	segmentAdvanced   = wire.SegmentAdvanced
	mediaAdvanced     = wire.MediaAdvanced
	networkAdvanced   = wire.NetworkAdvanced
	deviceAdvanced    = wire.DeviceAdvanced
)

// advanced is the advanced section of the page's sessions; each side's
// network carries what buildings (the tenant's building file, nil when
// it has none) say of its subnet, as the redacted call gives it: a
// subnet the role may not see finds no building.
func (seen *seenCall) advanced(buildings buildingRows) *advanced {
	c := seen.call
	a := &advanced{BuildingFile: len(buildings) > 0, Sessions: make([]sessionAdvanced, 0, len(c.Sessions))}
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
					CallerNetwork: networkAdv(m.CallerNetwork, buildings), CalleeNetwork: networkAdv(m.CalleeNetwork, buildings),
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

func networkAdv(n *model.NetworkInfo, buildings buildingRows) *networkAdvanced {
	if n == nil {
		return nil
	}
	return &networkAdvanced{
		BSSID: n.BSSID, Building: buildings.facts(n.Subnet),
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
