package access

import (
	"reflect"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// overview lists the fields of the types in views that every role sees.
// With the pii tags and views it must place every field, so that a field
// added to the model is a decision, not an accident.
var overview = map[reflect.Type][]string{
	reflect.TypeFor[model.NetworkInfo](): {"connectionType", "networkTransportProtocol", "linkSpeed", "wifiBand", "wifiRadioType",
		"wifiSignalStrength", "wifiBatteryCharge", "sentQualityEventRatio", "receivedQualityEventRatio", "delayEventRatio", "bandwidthLowEventRatio"},
	reflect.TypeFor[model.DeviceInfo](): {"captureNotFunctioningEventRatio", "renderNotFunctioningEventRatio", "cpuInsufficentEventRatio",
		"deviceClippingEventRatio", "deviceGlitchEventRatio", "howlingEventCount", "initialSignalLevelRootMeanSquare", "lowSpeechLevelEventRatio",
		"lowSpeechToNoiseEventRatio", "micGlitchRate", "speakerGlitchRate", "receivedNoiseLevel", "receivedSignalLevel", "sentNoiseLevel",
		"sentSignalLevel", "renderMuteEventRatio", "renderZeroVolumeEventRatio"},
	reflect.TypeFor[model.Endpoint]():  {"@odata.type", "userAgent", "associatedIdentity", "identity", "feedback"},
	reflect.TypeFor[model.UserAgent](): {"@odata.type", "applicationVersion", "azureADAppId", "communicationServiceId", "platform", "productFamily", "role"},
	reflect.TypeFor[model.ACSParticipant](): {"participantId", "endpointType", "participantTenantId", "participantType", "pstnParticipantCallType",
		"sdkVersion", "participantEndReason", "participantEndSubCode", "resultCategory", "summaryMissing"},
	reflect.TypeFor[model.ACSCall](): {"correlationId", "callType", "teamsThreadId", "surveys", "servers", "records"},
	reflect.TypeFor[model.UsageRow](): {"kind", "id", "callId", "correlationId", "startDateTime", "endDateTime", "inviteDateTime",
		"failureDateTime", "duration", "charge", "connectionCharge", "currency", "callType", "usageCountryCode", "tenantCountryCode",
		"userCountryCode", "otherPartyCountryCode", "destinationContext", "destinationName", "conferenceId", "licenseCapability",
		"inventoryType", "operator", "callDurationSource", "successfulCall", "finalSipCode", "finalSipCodePhrase", "callEndSubReason",
		"mediaBypassEnabled", "transferorCorrelationId", "smsId", "smsType", "smsUnits", "sentDateTime", "callCharge", "administrativeUnitInfos"},
}

// TestViewsPlaceEveryField: each field of a type with advanced or debug
// fields is personal (pii tag), unknown properties, advanced or debug
// (views), or overview — exactly one of them.
func TestViewsPlaceEveryField(t *testing.T) {
	t.Parallel()
	for typ, fields := range views {
		placed := map[string]string{}
		place := func(name, as string) {
			if prev, ok := placed[name]; ok {
				t.Errorf("%s.%s is both %s and %s", typ.Name(), name, prev, as)
			}
			placed[name] = as
		}
		for name := range fields {
			if _, ok := infoOf(typ).byJSON[name]; !ok {
				t.Errorf("views names %s.%s, which does not exist", typ.Name(), name)
			}
			place(name, "advanced/debug")
		}
		for _, name := range overview[typ] {
			place(name, "overview")
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			name := jsonName(f)
			switch {
			case f.Tag.Get("pii") != "":
				place(name, "personal")
			case f.Type == extraType:
				place(name, "unknown properties")
			}
			if _, ok := placed[name]; !ok {
				t.Errorf("%s.%s (%s) is not placed: add it to views (advanced or debug) or to overview in views_test.go", typ.Name(), f.Name, name)
			}
		}
		for name := range placed {
			if _, ok := infoOf(typ).byJSON[name]; !ok {
				t.Errorf("overview names %s.%s, which does not exist", typ.Name(), name)
			}
		}
	}
}

// TestEveryNameJudged: in what Tier 1 gets, every field tagged as a name
// (found by model.WalkPII, not by the redactor's own walk) is withheld,
// a label, or the looked-up user's.
func TestEveryNameJudged(t *testing.T) {
	t.Parallel()
	calls := exampleCalls(t)
	calls = append(calls, exampleCall{"meeting-mixed", loadCall(t, "meeting-mixed")}, exampleCall{"acs-pstn", loadCall(t, "acs-pstn")})
	for _, ec := range calls {
		out := Policy{}.RedactCall(ec.call, Specialist, "")
		model.WalkPII(out, func(f model.PIIField) {
			if f.Kind != model.PIIName {
				return
			}
			v := stringOf(f.Value)
			if !WithheldText(v) && v != InternalUser && v != ExternalUser {
				t.Errorf("%s: %s is %q for Tier 1 looking up nobody", ec.name, f.Path, v)
			}
		})
	}
}

// TestViewOf: every kind of personal data the model names is placed, and
// a kind it adds later is hidden from Tier 1 but not from engineers.
func TestViewOf(t *testing.T) {
	t.Parallel()
	f := func(k model.PIIKind, tier1, tier2 bool) {
		t.Helper()
		if got := canAll(Specialist, viewOf(k)); got != tier1 {
			t.Errorf("Tier 1 sees %s: %v, want %v", k, got, tier1)
		}
		if got := canAll(Engineer, viewOf(k)); got != tier2 {
			t.Errorf("Tier 2 sees %s: %v, want %v", k, got, tier2)
		}
	}
	f(model.PIIName, true, true) // judged by renameOthers
	f(model.PIIPhone, true, true)
	for _, k := range []model.PIIKind{model.PIIID, model.PIIUPN, model.PIIIP, model.PIIMAC, model.PIIBSSID, model.PIIDevice, model.PIIText, model.PIIUnknown, "biometric"} {
		f(k, false, true)
	}
}
