package graph_test

import (
	"testing"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

func usageOf(t *testing.T, kind model.UsageKind, file string) *model.UsageRow {
	t.Helper()
	r, err := graph.DecodeUsageRow(kind, element(t, file, 0))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return r
}

func TestPSTNCalls(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"pstn-calls.json", "pstn-calls-beta.json"} {
		r := usageOf(t, model.UsagePSTN, file)
		eq(t, "kind", r.Kind, model.UsagePSTN)
		eq(t, "id", r.ID, "9c4984c7-6c3c-427d-a30c-bd0b2eacee90")
		present(t, "callId", r.CallID, "1835317186_112562680@61.221.3.176")
		present(t, "duration", r.Duration, 219)
		present(t, "charge 0.00 is zero, not null", r.Charge, 0)
		present(t, "startDateTime", r.StartDateTime, ts(t, "2019-11-01T00:00:08.2589935Z"))
		presence(t, "destinationContext", r.DestinationCtx, model.Null)
		presence(t, "conferenceId", r.ConferenceID, model.Null)
		present(t, "callDurationSource", r.CallDurationSrc, "microsoft")
		eq(t, "extra", len(r.Extra), 0)
	}
	present(t, "beta otherPartyCountryCode", usageOf(t, model.UsagePSTN, "pstn-calls-beta.json").OtherPartyCountry, "US")
	presence(t, "v1.0 otherPartyCountryCode", usageOf(t, model.UsagePSTN, "pstn-calls.json").OtherPartyCountry, model.Absent)
}

func TestDirectRoutingCalls(t *testing.T) {
	t.Parallel()
	r := usageOf(t, model.UsageDirectRouting, "direct-routing-calls.json")
	eq(t, "kind", r.Kind, model.UsageDirectRouting)
	presence(t, "failureDateTime 0001-01-01 is null", r.FailureDateTime, model.Null)
	present(t, "inviteDateTime", r.InviteDateTime, ts(t, "2019-11-01T00:00:21.949Z"))
	present(t, "successfulCall", r.SuccessfulCall, true)
	present(t, "finalSipCode 0 is a value", r.FinalSIPCode, 0)
	present(t, "finalSipCodePhrase", r.FinalSIPCodePhrase, "BYE")
	present(t, "callEndSubReason", r.CallEndSubReason, 540000)
	present(t, "masked number kept", r.CallerNumber, "+12345678***")
	present(t, "trunk", r.TrunkFQDN, "tll-audiocodes01.adatum.biz")
	present(t, "mediaBypassEnabled", r.MediaBypassEnabled, false)

	beta := usageOf(t, model.UsageDirectRouting, "direct-routing-calls-beta.json")
	present(t, "beta userCountryCode", beta.UserCountryCode, "US")
}

func TestSMSLog(t *testing.T) {
	t.Parallel()
	r := usageOf(t, model.UsageSMS, "sms-log-beta.json")
	// The docs example has no id: the smsId stands in.
	eq(t, "id from smsId", r.ID, "ef36b3e8-9922-4763-90e2-f4345c04a5d6")
	present(t, "smsType", r.SMSType, "sms_in")
	present(t, "smsUnits", r.SMSUnits, 1)
	present(t, "sentDateTime", r.SentDateTime, ts(t, "2022-10-06T11:15:48.6113555Z"))
	present(t, "callCharge", r.CallCharge, 0)
	present(t, "destinationNumber", r.DestinationNumber, "+12673173004")
}

func TestLenientUsageRow(t *testing.T) {
	t.Parallel()
	r := usageOf(t, model.UsagePSTN, "pstn-lenient.json")
	eq(t, "id trimmed", r.ID, "9c4984c7-6c3c-427d-a30c-bd0b2eacee91")
	eq(t, "kind from the caller, not the input", r.Kind, model.UsagePSTN)
	eq(t, "input kind kept as unknown", string(r.Extra["kind"]), `"sms"`)
	eq(t, "unknown column kept", string(r.Extra["newColumn"]), "1")
	present(t, `duration "219"`, r.Duration, 219)
	present(t, `charge "0.05"`, r.Charge, 0.05)
	presence(t, "endDateTime 0001-01-01", r.EndDateTime, model.Null)
	presence(t, `destinationContext "null"`, r.DestinationCtx, model.Null)
	present(t, "Redacted kept", r.ClientPublicIPv4, "Redacted")
	present(t, "+00:00 offset", r.StartDateTime, ts(t, "2019-11-01T00:00:08.2589935Z"))
}
