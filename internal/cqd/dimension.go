package cqd

import (
	"fmt"
	"slices"
	"strings"
)

// Dimension is what streams are grouped and filtered by.
type Dimension string

// Dimensions of the stream.
const (
	Hour      Dimension = "hour"  // call start, truncated, UTC
	Day       Dimension = "day"   //
	Week      Dimension = "week"  // starting Monday
	Month     Dimension = "month" //
	MediaType Dimension = "mediaType"
	CallType  Dimension = "callType"
	// Source is graph or acs.
	Source Dimension = "source"
	// Quality is the stream's verdict: good, poor or unclassified (a
	// stream not judged yet counts as unclassified).
	Quality Dimension = "quality"
	// PSTN is "true" for streams of a leg that reaches the phone network
	// (Calling Plan or direct routing: a gateway, the mediation server in
	// front of one, or a participant known by a phone number), else
	// "false".
	PSTN Dimension = "pstn"
	// FailureStage is how the stream's leg failed, as Graph's failureInfo
	// says: callSetup or midcall; unknown for a leg that did not fail.
	// Reliability reads setup failures and drops by it.
	FailureStage Dimension = "failureStage"
	// FailureReason is why the stream's leg failed: Graph's failureInfo
	// reason, or an ACS participant's end code and subcode with their
	// meaning; unknown for a leg that did not fail.
	FailureReason Dimension = "failureReason"
)

// Dimensions of a client end of the stream (see the package doc).
const (
	Building       Dimension = "building"
	City           Dimension = "city"
	Country        Dimension = "country"
	Region         Dimension = "region"
	NetworkName    Dimension = "networkName"
	Subnet         Dimension = "subnet"
	Inside         Dimension = "inside" // "inside" or "outside" the corporate network
	ExpressRoute   Dimension = "expressRoute"
	VPN            Dimension = "vpn"
	ConnectionType Dimension = "connectionType" // wired, wifi, mobile…
	WifiBand       Dimension = "wifiBand"
	BSSID          Dimension = "bssid" // personal data (an access point locates a person)
	Transport      Dimension = "transport"
	Platform       Dimension = "platform"
	ProductFamily  Dimension = "productFamily"
	UserAgent      Dimension = "userAgent"     // the client's user-agent header: product and version
	ClientVersion  Dimension = "clientVersion" // the client application's version (an ACS SDK's)
	CaptureDevice  Dimension = "captureDevice"
	RenderDevice   Dimension = "renderDevice"
	// UserTenant is the Entra tenant the end's user belongs to: guests
	// and federated users show their own.
	UserTenant Dimension = "userTenant"
)

var dimensions = []Dimension{
	Hour, Day, Week, Month, MediaType, CallType, Source, Quality, PSTN, FailureStage, FailureReason,
	Building, City, Country, Region, NetworkName, Subnet, Inside, ExpressRoute, VPN,
	ConnectionType, WifiBand, BSSID, Transport, Platform, ProductFamily, ClientVersion, UserAgent,
	CaptureDevice, RenderDevice, UserTenant,
}

// Dimensions lists every dimension, stream dimensions first.
func Dimensions() []Dimension { return slices.Clone(dimensions) }

// Valid reports whether d is a dimension.
func (d Dimension) Valid() bool { return slices.Contains(dimensions, d) }

// OfEnd reports whether d describes an end of the stream rather than the
// stream itself.
func (d Dimension) OfEnd() bool {
	switch d {
	case Hour, Day, Week, Month, MediaType, CallType, Source, Quality, PSTN, FailureStage, FailureReason:
		return false
	}
	return d.Valid()
}

// Personal reports whether d's values are personal data, which only
// roles that may see them get (access.SeeAdvanced); they are cleared
// with the rest after the personal-data period.
func (d Dimension) Personal() bool { return d == BSSID }

// Time reports whether d is a time bucket.
func (d Dimension) Time() bool { return d == Hour || d == Day || d == Week || d == Month }

// FromBuildingFile reports whether d's values come from the building
// file.
func (d Dimension) FromBuildingFile() bool {
	switch d {
	case Building, City, Country, Region, NetworkName, Inside, ExpressRoute, VPN:
		return true
	}
	return false
}

// ParseDimensions reads a comma-separated list of dimension names, in
// any case ("building,Month"); each may be given once.
func ParseDimensions(s string) ([]Dimension, error) {
	var out []Dimension
	for _, name := range splitList(s) {
		d, err := ParseDimension(name)
		if err != nil {
			return nil, err
		}
		if slices.Contains(out, d) {
			return nil, fmt.Errorf("dimension %s given twice", d)
		}
		out = append(out, d)
	}
	return out, nil
}

// ParseDimension reads one dimension name in any case.
func ParseDimension(name string) (Dimension, error) {
	for _, d := range dimensions {
		if strings.EqualFold(string(d), strings.TrimSpace(name)) {
			return d, nil
		}
	}
	return "", fmt.Errorf("unknown dimension %q: want one of %s", name, joinNames(dimensions))
}

func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func joinNames[T ~string](names []T) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = string(n)
	}
	return strings.Join(parts, ", ")
}
