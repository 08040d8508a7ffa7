package web

import (
	"strings"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// advancedSession is one session of the Advanced tab, laid out as Call
// Analytics does: Device, Network, Connectivity and System, each a table
// of rows with the caller's value beside the callee's, a value that a
// yellow or red issue points at marked with it.
type advancedSession struct {
	Index          int
	Title          string
	Rating         string
	Caller, Callee string
	Groups         []advancedTable
}

type advancedTable struct {
	Title string
	Rows  []advancedRow
}

type advancedRow struct {
	Label, Help string
	Cells       [2]metricCell
}

// sideData is what the advanced section says of one side of a session:
// its endpoint, and the network and devices of its first media that
// has them (audio first).
type sideData struct {
	E            *wire.EndpointAdvanced
	N            *wire.NetworkAdvanced
	D            *wire.DeviceAdvanced
	buildingFile bool
}

// advRow is one row of a group: the metric issues name it by (its JSON
// member), how it reads, and where its value is.
type advRow struct {
	metric, label, help string
	kind                metricKind
	get                 func(sideData) value
}

type advGroup struct {
	title string
	rows  []advRow
}

var absent = value{}

func ep(get func(*wire.EndpointAdvanced) value) func(sideData) value {
	return func(s sideData) value {
		if s.E == nil {
			return absent
		}
		return get(s.E)
	}
}

func ua(get func(*wire.UserAgentAdvanced) value) func(sideData) value {
	return ep(func(e *wire.EndpointAdvanced) value {
		if e.UserAgent == nil {
			return absent
		}
		return get(e.UserAgent)
	})
}

func nw(get func(*wire.NetworkAdvanced) value) func(sideData) value {
	return func(s sideData) value {
		if s.N == nil {
			return absent
		}
		return get(s.N)
	}
}

func dv(get func(*wire.DeviceAdvanced) value) func(sideData) value {
	return func(s sideData) value {
		if s.D == nil {
			return absent
		}
		return get(s.D)
	}
}

// bld reads a building file's fact of the side's subnet. A side whose
// subnet the file does not map says so once, in the building row; one
// without a subnet (a server, or withheld) says nothing.
func bld(first bool, get func(*wire.BuildingFacts) value) func(sideData) value {
	return func(s sideData) value {
		switch {
		case s.N == nil || !s.N.Subnet.Valid():
			return absent
		case s.N.Building != nil:
			return get(s.N.Building)
		case !first:
			return absent
		case !s.buildingFile:
			return value{state: model.Present, text: "No building file uploaded"}
		}
		return value{state: model.Present, text: "Not in the building file"}
	}
}

func text(s string) value {
	if strings.TrimSpace(s) == "" {
		return absent
	}
	return value{state: model.Present, text: s}
}

func yesNo(b bool) value {
	if b {
		return value{state: model.Present, text: "Yes"}
	}
	return value{state: model.Present, text: "No"}
}

// siteText is where a building is: "Seattle, WA, United States (North
// America)".
func siteText(b *wire.BuildingFacts) value {
	var parts []string
	for _, p := range []string{b.City, b.State, b.Country} {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, p)
		}
	}
	s := strings.Join(parts, ", ")
	if b.Region != "" {
		if s != "" {
			s += " (" + b.Region + ")"
		} else {
			s = b.Region
		}
	}
	return text(s)
}

var advancedGroups = []advGroup{
	{"Device", []advRow{
		{"name", "Computer name", "", kindText, ep(func(e *wire.EndpointAdvanced) value { return optPlain(e.Name) })},
		{"cpuName", "Processor", "", kindText, ep(func(e *wire.EndpointAdvanced) value { return optPlain(e.CPUName) })},
		{"cpuCoresCount", "Processor cores", "", kindCount, ep(func(e *wire.EndpointAdvanced) value { return optNum(e.CPUCoresCount) })},
		{"cpuProcessorSpeedInMhz", "Processor speed", "", kindMHz, ep(func(e *wire.EndpointAdvanced) value { return optNum(e.CPUProcessorSpeed) })},
		{"captureDeviceName", "Microphone", "", kindText, dv(func(d *wire.DeviceAdvanced) value { return optPlain(d.CaptureDeviceName) })},
		{"renderDeviceName", "Speaker", "", kindText, dv(func(d *wire.DeviceAdvanced) value { return optPlain(d.RenderDeviceName) })},
		{"captureNotFunctioningEventRatio", "Microphone not working", "Share of the call the microphone was not working.", kindRatio,
			dv(func(d *wire.DeviceAdvanced) value { return optNum(d.CaptureNotFunctioningEventRatio) })},
		{"renderNotFunctioningEventRatio", "Speaker not working", "Share of the call the speaker was not working.", kindRatio,
			dv(func(d *wire.DeviceAdvanced) value { return optNum(d.RenderNotFunctioningEventRatio) })},
		{"cpuInsufficentEventRatio", "Processor too busy", "Share of the call the processor could not keep up with the media.", kindRatio,
			dv(func(d *wire.DeviceAdvanced) value { return optNum(d.CPUInsufficentEventRatio) })},
		{"deviceClippingEventRatio", "Microphone clipping", "", kindRatio, dv(func(d *wire.DeviceAdvanced) value { return optNum(d.DeviceClippingEventRatio) })},
		{"deviceGlitchEventRatio", "Device glitches", "", kindRatio, dv(func(d *wire.DeviceAdvanced) value { return optNum(d.DeviceGlitchEventRatio) })},
		{"howlingEventCount", "Howling (feedback) events", "", kindCount, dv(func(d *wire.DeviceAdvanced) value { return optNum(d.HowlingEventCount) })},
		{"lowSpeechLevelEventRatio", "Speech too quiet", "", kindRatio, dv(func(d *wire.DeviceAdvanced) value { return optNum(d.LowSpeechLevelEventRatio) })},
		{"lowSpeechToNoiseEventRatio", "Speech drowned by noise", "", kindRatio, dv(func(d *wire.DeviceAdvanced) value { return optNum(d.LowSpeechToNoiseEventRatio) })},
		{"micGlitchRate", "Microphone glitches", "Glitches per five minutes.", kindNumber, dv(func(d *wire.DeviceAdvanced) value { return optNum(d.MicGlitchRate) })},
		{"speakerGlitchRate", "Speaker glitches", "Glitches per five minutes.", kindNumber, dv(func(d *wire.DeviceAdvanced) value { return optNum(d.SpeakerGlitchRate) })},
		{"renderMuteEventRatio", "Speaker muted", "", kindRatio, dv(func(d *wire.DeviceAdvanced) value { return optNum(d.RenderMuteEventRatio) })},
		{"renderZeroVolumeEventRatio", "Speaker at zero volume", "", kindRatio, dv(func(d *wire.DeviceAdvanced) value { return optNum(d.RenderZeroVolumeEventRatio) })},
	}},
	{"Network", []advRow{
		{"connectionType", "Connection", "", kindText, nw(func(n *wire.NetworkAdvanced) value { return optText(n.ConnectionType) })},
		{"building", "Building", "From the building file, by the subnet.", kindText, bld(true, func(b *wire.BuildingFacts) value {
			return text(b.BuildingName)
		})},
		{"site", "Site", "", kindText, bld(false, siteText)},
		{"networkName", "Network name", "", kindText, bld(false, func(b *wire.BuildingFacts) value { return text(b.NetworkName) })},
		{"insideCorp", "Inside corporate network", "", kindText, bld(false, func(b *wire.BuildingFacts) value { return yesNo(b.InsideCorp) })},
		{"vpn", "VPN", "", kindText, bld(false, func(b *wire.BuildingFacts) value { return yesNo(b.VPN) })},
		{"expressRoute", "ExpressRoute", "", kindText, bld(false, func(b *wire.BuildingFacts) value { return yesNo(b.ExpressRoute) })},
		{"basicServiceSetIdentifier", "Access point (BSSID)", "The Wi-Fi radio the device was connected to.", kindText,
			nw(func(n *wire.NetworkAdvanced) value { return optPlain(n.BSSID) })},
		{"wifiBand", "Wi-Fi band", "", kindText, nw(func(n *wire.NetworkAdvanced) value { return optText(n.WifiBand) })},
		{"wifiRadioType", "Wi-Fi standard", "", kindText, nw(func(n *wire.NetworkAdvanced) value { return optText(n.WifiRadioType) })},
		{"wifiSignalStrength", "Wi-Fi signal", "", kindPercent, nw(func(n *wire.NetworkAdvanced) value { return optNum(n.WifiSignalStrength) })},
		{"wifiBatteryCharge", "Battery", "", kindPercent, nw(func(n *wire.NetworkAdvanced) value { return optNum(n.WifiBatteryCharge) })},
		{"linkSpeed", "Link speed", "", kindBPS, nw(func(n *wire.NetworkAdvanced) value { return optNum(n.LinkSpeed) })},
		{"sentQualityEventRatio", "Poor sent audio (network)", "Share of the call the network spoiled the audio this side sent.", kindRatio,
			nw(func(n *wire.NetworkAdvanced) value { return optNum(n.SentQualityEventRatio) })},
		{"receivedQualityEventRatio", "Poor received audio (network)", "Share of the call the network spoiled the audio this side received.", kindRatio,
			nw(func(n *wire.NetworkAdvanced) value { return optNum(n.ReceivedQualityEventRatio) })},
		{"delayEventRatio", "Network delay", "", kindRatio, nw(func(n *wire.NetworkAdvanced) value { return optNum(n.DelayEventRatio) })},
		{"bandwidthLowEventRatio", "Low bandwidth", "", kindRatio, nw(func(n *wire.NetworkAdvanced) value { return optNum(n.BandwidthLowEventRatio) })},
	}},
	{"Connectivity", []advRow{
		{"networkTransportProtocol", "Transport", "UDP is preferred; TCP means a firewall blocked it.", kindText,
			nw(func(n *wire.NetworkAdvanced) value { return optText(n.NetworkTransportProtocol) })},
		{"ipAddress", "Local IP address", "", kindText, nw(func(n *wire.NetworkAdvanced) value { return optPlain(n.IPAddress) })},
		{"reflexiveIPAddress", "Public IP address", "The address the internet saw.", kindText, nw(func(n *wire.NetworkAdvanced) value { return optPlain(n.ReflexiveIPAddress) })},
		{"subnet", "Subnet", "", kindText, nw(func(n *wire.NetworkAdvanced) value { return optPlain(n.Subnet) })},
		{"port", "Port", "", kindText, nw(func(n *wire.NetworkAdvanced) value {
			v := optNum(n.Port)
			v.text, v.isNum = trimFloat(v.num, 0), false
			return v
		})},
	}},
	{"System", []advRow{
		{"platform", "Platform", "", kindText, ua(func(u *wire.UserAgentAdvanced) value { return optText(u.Platform) })},
		{"productFamily", "App", "", kindText, ua(func(u *wire.UserAgentAdvanced) value { return optText(u.ProductFamily) })},
		{"applicationVersion", "App version", "", kindText, ua(func(u *wire.UserAgentAdvanced) value { return optPlain(u.ApplicationVersion) })},
		{"osVersion", "Operating system", "", kindText, ep(func(e *wire.EndpointAdvanced) value { return optPlain(e.OSVersion) })},
		{"role", "Service", "", kindText, ua(func(u *wire.UserAgentAdvanced) value {
			v := optPlain(model.Opt[string]{})
			if r, ok := u.Role.Get(); ok {
				v = text(serviceName(r))
			}
			return v
		})},
		{"headerValue", "User agent", "", kindText, ua(func(u *wire.UserAgentAdvanced) value { return optPlain(u.HeaderValue) })},
	}},
}

// advancedPanels lays out the advanced section; o gives the sessions'
// names and issues.
func advancedPanels(a *wire.CallAdvanced, o *wire.CallOverview) []advancedSession {
	if a == nil {
		return nil
	}
	byIndex := map[int]wire.SessionOverview{}
	for _, s := range o.Sessions {
		byIndex[s.Index] = s
	}
	var out []advancedSession
	for _, s := range a.Sessions {
		sv := byIndex[s.Index]
		f := sessionFindings(sv)
		as := advancedSession{Index: s.Index, Rating: string(sv.Rating), Title: sessionTitle(sv),
			Caller: endpointName(sv.Caller), Callee: endpointName(sv.Callee)}
		sides := [2]sideData{{E: s.Caller, buildingFile: a.BuildingFile}, {E: s.Callee, buildingFile: a.BuildingFile}}
		marks := [2]map[string]*finding{{}, {}}
		for _, g := range s.Segments {
			for k, side := range []string{"caller", "callee"} {
				for m, fd := range f.side[sideKey(side, g.Index)] {
					if marks[k][m] == nil {
						marks[k][m] = fd
					}
				}
			}
			for _, m := range orderMedia(g.Media) {
				sides[0].N = cmpOr(sides[0].N, m.CallerNetwork)
				sides[1].N = cmpOr(sides[1].N, m.CalleeNetwork)
				sides[0].D = cmpOr(sides[0].D, m.CallerDevice)
				sides[1].D = cmpOr(sides[1].D, m.CalleeDevice)
			}
			sides[0].E, sides[1].E = cmpOr(sides[0].E, g.Caller), cmpOr(sides[1].E, g.Callee)
		}
		for _, grp := range advancedGroups {
			t := advancedTable{Title: grp.title}
			for _, r := range grp.rows {
				row := advancedRow{Label: r.label, Help: r.help}
				shown := false
				for k := range sides {
					v := r.get(sides[k])
					shown = shown || v.state != model.Absent
					fd := marks[k][r.metric]
					var against *float64
					if fd != nil {
						against = fd.threshold
					}
					row.Cells[k] = metricCell{Value: show(v, r.kind, against), Finding: fd}
				}
				if shown {
					t.Rows = append(t.Rows, row)
				}
			}
			if len(t.Rows) > 0 {
				as.Groups = append(as.Groups, t)
			}
		}
		out = append(out, as)
	}
	return out
}

// orderMedia puts the audio first: its network and devices are what
// Call Analytics shows for the session.
func orderMedia(ms []wire.MediaAdvanced) []wire.MediaAdvanced {
	out := make([]wire.MediaAdvanced, 0, len(ms))
	for _, m := range ms {
		if mediaLabel(m.Label.Value()) == "Audio" {
			out = append(out, m)
		}
	}
	for _, m := range ms {
		if mediaLabel(m.Label.Value()) != "Audio" {
			out = append(out, m)
		}
	}
	return out
}

// cmpOr is a unless it is nil, else b.
func cmpOr[T any](a, b *T) *T {
	if a != nil {
		return a
	}
	return b
}
