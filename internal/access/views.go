package access

import (
	"reflect"

	"github.com/callscope/callscope/internal/model"
)

// views lists, by model type and JSON name, the fields that are not
// personal data but belong to Call Analytics' Advanced tab (what the call
// ran on and through: device, CPU and driver names, subnets, relay
// addresses, ports, user-agent headers) or its Debug tab (what is meant
// for Microsoft support: DNS suffix, Wi-Fi channel, trace routes, raw
// client metrics, SDK operation logs, debugging blobs). Personal fields
// are found through their pii tags instead; unknown properties (Extra)
// anywhere are debug. Every other field — metrics, ratios, counts,
// connection type, Wi-Fi band and signal, codecs, platform, versions,
// verdicts — is the overview every role sees. views_test.go checks that
// every field of these types is placed, so a field added to the model
// must be placed too.
//
// The model has no tag for this, unlike personal data: see doc.go.
var views = map[reflect.Type]map[string]Permission{
	reflect.TypeFor[model.NetworkInfo](): {
		"subnet":                     SeeAdvanced,
		"relayIPAddress":             SeeAdvanced,
		"relayPort":                  SeeAdvanced,
		"port":                       SeeAdvanced,
		"wifiMicrosoftDriver":        SeeAdvanced,
		"wifiMicrosoftDriverVersion": SeeAdvanced,
		"wifiVendorDriver":           SeeAdvanced,
		"wifiVendorDriverVersion":    SeeAdvanced,
		"dnsSuffix":                  SeeDebug,
		"wifiChannel":                SeeDebug,
		"traceRouteHops":             SeeDebug,
	},
	reflect.TypeFor[model.DeviceInfo](): {
		"captureDeviceName":   SeeAdvanced,
		"captureDeviceDriver": SeeAdvanced,
		"renderDeviceName":    SeeAdvanced,
		"renderDeviceDriver":  SeeAdvanced,
	},
	reflect.TypeFor[model.Endpoint](): {
		"cpuName":                SeeAdvanced,
		"cpuCoresCount":          SeeAdvanced,
		"cpuProcessorSpeedInMhz": SeeAdvanced,
	},
	reflect.TypeFor[model.UserAgent](): {
		// Header values name devices: "… (SM-G930U Android 8.0.0)".
		"headerValue": SeeAdvanced,
	},
	reflect.TypeFor[model.ACSParticipant](): {
		// ACS's osVersion is what the ACS mapping puts in headerValue.
		"osVersion":         SeeAdvanced,
		"diagnosticOptions": SeeDebug,
		"callDebuggingInfo": SeeDebug,
	},
	reflect.TypeFor[model.ACSCall](): {
		"resourceId":       SeeDebug,
		"clientOperations": SeeDebug,
		"mediaStats":       SeeDebug,
	},
	reflect.TypeFor[model.UsageRow](): {
		"trunkFullyQualifiedDomainName": SeeAdvanced,
		"mediaPathLocation":             SeeAdvanced,
		"signalingLocation":             SeeAdvanced,
	},
}

// hideViews removes from v (a pointer to a model value) the advanced and
// debug fields the role may not see. They are removed (absent), not set
// to null: they are not part of the role's view at all, whereas a
// personal field set to null tells the page to show it as withheld.
func hideViews(v reflect.Value, role Role) {
	if role.Can(SeeAdvanced) && role.Can(SeeDebug) {
		return
	}
	eachStruct(v, func(s reflect.Value) {
		t := s.Type()
		fi := infoOf(t)
		for name, perm := range views[t] {
			if i, ok := fi.byJSON[name]; ok && !role.Can(perm) {
				s.Field(i).SetZero()
			}
		}
		if !role.Can(SeeDebug) {
			for _, i := range planOf(t).extra {
				s.Field(i).SetZero()
			}
		}
	})
}
